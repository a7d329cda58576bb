"""Tweet text by Twitter's twitter-text rules: weighted length and entity extraction.

Two sources, both following twitter-text 3.x (https://github.com/twitter/twitter-text):

* **Weighted length and URLs** come from the maintained PyPI port ``twitter-text-parser``
  (module ``twitter_text``, MIT): ``parse_tweet`` with its v3 configuration (280 weighted
  characters, URLs weigh 23, emoji sequences 2, code points outside the light ranges 2) and
  ``extract_urls_with_indices``.
* **Hashtags, mentions and lists, cashtags and the reply screen name** are a port, in this module,
  of twitter-text's own regular expressions and extraction functions, because no maintained
  Python port extracts them (``twitter-text-parser`` has no such extractors; glyph's older
  ``twitter-text`` 3.0 package uses 2014-era expressions and cannot be installed beside it).
  The port translates the official JavaScript sources of twitter/twitter-text, paths
  ``js/src/regexp/*.js`` (the expressions) and ``js/src/extract*.js`` /
  ``js/src/removeOverlappingEntities.js`` (the logic), at commit
  30e2430d90cff3b46393ea54caf511441983c260 (2021-10-21). Each expression below names the
  file it comes from. twitter-text is Copyright 2018 Twitter, Inc., licensed under the
  Apache License, Version 2.0 (http://www.apache.org/licenses/LICENSE-2.0); this port keeps
  its expressions and character tables unchanged except for the translation notes given
  beside them.

Translation rules (JavaScript RegExp without the ``u`` flag, on UTF-16 code units, to the
third-party ``regex`` module on Python ``str``, i.e. on code points):

* Surrogate-pair alternations (``\\ud800[\\udc00-...]|...``) become ``\\U`` code-point ranges
  of the same set; the ``(?=nonBmpCodePairs)`` guards in front of them have nothing left to
  guard and are dropped; ``codePoint`` (one BMP unit or one surrogate pair) becomes "one
  non-surrogate code point".
* JavaScript ``$`` without the ``m`` flag is the end of input: ``\\Z`` (Python's ``$`` would
  also match before a final newline). JavaScript ``\\s`` is spelled out as ECMA-262's
  WhiteSpace and LineTerminator set (Python's ``\\s`` differs).
* ``^`` applied to a slice (``chunk.slice(offset)``, ``RegExp.rightContext``) becomes an
  anchored ``match`` at that position.

Indices: JavaScript reports UTF-16 offsets; this module works on Python strings and reports
code-point offsets, start inclusive and end exclusive, which is what Twitter's v1.1 entities
use (twitter-text's ``modifyIndicesFromUTF16ToUnicode``). The conformance cases with indices
(``conformance/extract.yml``) contain no astral characters, so both units agree on them.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import sys
import types
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex

__all__ = [
    "Cashtag",
    "Hashtag",
    "Length",
    "Mention",
    "Url",
    "extract_cashtags",
    "extract_entities",
    "extract_hashtags",
    "extract_mentions",
    "extract_mentions_or_lists",
    "extract_reply_screen_name",
    "extract_urls",
    "weighted_length",
]


# --- twitter-text-parser -------------------------------------------------------------------


def _import_twitter_text_parser() -> types.ModuleType:
    """Import ``twitter_text`` (twitter-text-parser 3.0.0).

    Its emoji table loader (``twitter_text/regexp/emoji.py``) calls
    ``pkg_resources.resource_string`` at import time. ``pkg_resources`` warns on import from
    setuptools 67.5 on and is gone from recent setuptools (and from Python 3.12+ virtual
    environments, which ship no setuptools). So the import runs with that one deprecation
    silenced and, where ``pkg_resources`` is missing, with a stand-in offering just
    ``resource_string``, removed from ``sys.modules`` again afterwards.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*pkg_resources")
        if importlib.util.find_spec("pkg_resources") is not None:
            return importlib.import_module("twitter_text")

        def resource_string(module_name: str, resource: str) -> bytes:
            # pkg_resources resolves ``resource`` beside the named (already importing) module.
            module_file = sys.modules[module_name].__file__
            if module_file is None:
                raise FileNotFoundError(resource)
            return Path(module_file).with_name(resource).read_bytes()

        stand_in = types.ModuleType("pkg_resources")
        stand_in.resource_string = resource_string  # type: ignore[attr-defined]
        sys.modules["pkg_resources"] = stand_in
        try:
            return importlib.import_module("twitter_text")
        finally:
            if sys.modules.get("pkg_resources") is stand_in:
                del sys.modules["pkg_resources"]


_twitter_text: Any = _import_twitter_text_parser()


# --- Character tables ----------------------------------------------------------------------

# js/src/regexp/bmpLetterAndMarks.js ("Generated from unicode_regex/unicode_regex_groups.scala,
# same as objective c's \p{L}\p{M}"), verbatim.
_BMP_LETTER_AND_MARKS = (
    r"A-Za-z\xaa\xb5\xba\xc0-\xd6\xd8-\xf6\xf8-\u02c1\u02c6-\u02d1\u02e0-\u02e4\u02ec"
    r"\u02ee\u0300-\u0374\u0376\u0377\u037a-\u037d\u037f\u0386\u0388-\u038a\u038c"
    r"\u038e-\u03a1\u03a3-\u03f5\u03f7-\u0481\u0483-\u052f\u0531-\u0556\u0559\u0561-\u0587"
    r"\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7\u05d0-\u05ea\u05f0-\u05f2"
    r"\u0610-\u061a\u0620-\u065f\u066e-\u06d3\u06d5-\u06dc\u06df-\u06e8\u06ea-\u06ef"
    r"\u06fa-\u06fc\u06ff\u0710-\u074a\u074d-\u07b1\u07ca-\u07f5\u07fa\u0800-\u082d"
    r"\u0840-\u085b\u08a0-\u08b2\u08e4-\u0963\u0971-\u0983\u0985-\u098c\u098f\u0990"
    r"\u0993-\u09a8\u09aa-\u09b0\u09b2\u09b6-\u09b9\u09bc-\u09c4\u09c7\u09c8\u09cb-\u09ce"
    r"\u09d7\u09dc\u09dd\u09df-\u09e3\u09f0\u09f1\u0a01-\u0a03\u0a05-\u0a0a\u0a0f\u0a10"
    r"\u0a13-\u0a28\u0a2a-\u0a30\u0a32\u0a33\u0a35\u0a36\u0a38\u0a39\u0a3c\u0a3e-\u0a42"
    r"\u0a47\u0a48\u0a4b-\u0a4d\u0a51\u0a59-\u0a5c\u0a5e\u0a70-\u0a75\u0a81-\u0a83"
    r"\u0a85-\u0a8d\u0a8f-\u0a91\u0a93-\u0aa8\u0aaa-\u0ab0\u0ab2\u0ab3\u0ab5-\u0ab9"
    r"\u0abc-\u0ac5\u0ac7-\u0ac9\u0acb-\u0acd\u0ad0\u0ae0-\u0ae3\u0b01-\u0b03\u0b05-\u0b0c"
    r"\u0b0f\u0b10\u0b13-\u0b28\u0b2a-\u0b30\u0b32\u0b33\u0b35-\u0b39\u0b3c-\u0b44\u0b47"
    r"\u0b48\u0b4b-\u0b4d\u0b56\u0b57\u0b5c\u0b5d\u0b5f-\u0b63\u0b71\u0b82\u0b83"
    r"\u0b85-\u0b8a\u0b8e-\u0b90\u0b92-\u0b95\u0b99\u0b9a\u0b9c\u0b9e\u0b9f\u0ba3\u0ba4"
    r"\u0ba8-\u0baa\u0bae-\u0bb9\u0bbe-\u0bc2\u0bc6-\u0bc8\u0bca-\u0bcd\u0bd0\u0bd7"
    r"\u0c00-\u0c03\u0c05-\u0c0c\u0c0e-\u0c10\u0c12-\u0c28\u0c2a-\u0c39\u0c3d-\u0c44"
    r"\u0c46-\u0c48\u0c4a-\u0c4d\u0c55\u0c56\u0c58\u0c59\u0c60-\u0c63\u0c81-\u0c83"
    r"\u0c85-\u0c8c\u0c8e-\u0c90\u0c92-\u0ca8\u0caa-\u0cb3\u0cb5-\u0cb9\u0cbc-\u0cc4"
    r"\u0cc6-\u0cc8\u0cca-\u0ccd\u0cd5\u0cd6\u0cde\u0ce0-\u0ce3\u0cf1\u0cf2\u0d01-\u0d03"
    r"\u0d05-\u0d0c\u0d0e-\u0d10\u0d12-\u0d3a\u0d3d-\u0d44\u0d46-\u0d48\u0d4a-\u0d4e\u0d57"
    r"\u0d60-\u0d63\u0d7a-\u0d7f\u0d82\u0d83\u0d85-\u0d96\u0d9a-\u0db1\u0db3-\u0dbb\u0dbd"
    r"\u0dc0-\u0dc6\u0dca\u0dcf-\u0dd4\u0dd6\u0dd8-\u0ddf\u0df2\u0df3\u0e01-\u0e3a"
    r"\u0e40-\u0e4e\u0e81\u0e82\u0e84\u0e87\u0e88\u0e8a\u0e8d\u0e94-\u0e97\u0e99-\u0e9f"
    r"\u0ea1-\u0ea3\u0ea5\u0ea7\u0eaa\u0eab\u0ead-\u0eb9\u0ebb-\u0ebd\u0ec0-\u0ec4\u0ec6"
    r"\u0ec8-\u0ecd\u0edc-\u0edf\u0f00\u0f18\u0f19\u0f35\u0f37\u0f39\u0f3e-\u0f47"
    r"\u0f49-\u0f6c\u0f71-\u0f84\u0f86-\u0f97\u0f99-\u0fbc\u0fc6\u1000-\u103f\u1050-\u108f"
    r"\u109a-\u109d\u10a0-\u10c5\u10c7\u10cd\u10d0-\u10fa\u10fc-\u1248\u124a-\u124d"
    r"\u1250-\u1256\u1258\u125a-\u125d\u1260-\u1288\u128a-\u128d\u1290-\u12b0\u12b2-\u12b5"
    r"\u12b8-\u12be\u12c0\u12c2-\u12c5\u12c8-\u12d6\u12d8-\u1310\u1312-\u1315\u1318-\u135a"
    r"\u135d-\u135f\u1380-\u138f\u13a0-\u13f4\u1401-\u166c\u166f-\u167f\u1681-\u169a"
    r"\u16a0-\u16ea\u16f1-\u16f8\u1700-\u170c\u170e-\u1714\u1720-\u1734\u1740-\u1753"
    r"\u1760-\u176c\u176e-\u1770\u1772\u1773\u1780-\u17d3\u17d7\u17dc\u17dd\u180b-\u180d"
    r"\u1820-\u1877\u1880-\u18aa\u18b0-\u18f5\u1900-\u191e\u1920-\u192b\u1930-\u193b"
    r"\u1950-\u196d\u1970-\u1974\u1980-\u19ab\u19b0-\u19c9\u1a00-\u1a1b\u1a20-\u1a5e"
    r"\u1a60-\u1a7c\u1a7f\u1aa7\u1ab0-\u1abe\u1b00-\u1b4b\u1b6b-\u1b73\u1b80-\u1baf"
    r"\u1bba-\u1bf3\u1c00-\u1c37\u1c4d-\u1c4f\u1c5a-\u1c7d\u1cd0-\u1cd2\u1cd4-\u1cf6\u1cf8"
    r"\u1cf9\u1d00-\u1df5\u1dfc-\u1f15\u1f18-\u1f1d\u1f20-\u1f45\u1f48-\u1f4d\u1f50-\u1f57"
    r"\u1f59\u1f5b\u1f5d\u1f5f-\u1f7d\u1f80-\u1fb4\u1fb6-\u1fbc\u1fbe\u1fc2-\u1fc4"
    r"\u1fc6-\u1fcc\u1fd0-\u1fd3\u1fd6-\u1fdb\u1fe0-\u1fec\u1ff2-\u1ff4\u1ff6-\u1ffc\u2071"
    r"\u207f\u2090-\u209c\u20d0-\u20f0\u2102\u2107\u210a-\u2113\u2115\u2119-\u211d\u2124"
    r"\u2126\u2128\u212a-\u212d\u212f-\u2139\u213c-\u213f\u2145-\u2149\u214e\u2183\u2184"
    r"\u2c00-\u2c2e\u2c30-\u2c5e\u2c60-\u2ce4\u2ceb-\u2cf3\u2d00-\u2d25\u2d27\u2d2d"
    r"\u2d30-\u2d67\u2d6f\u2d7f-\u2d96\u2da0-\u2da6\u2da8-\u2dae\u2db0-\u2db6\u2db8-\u2dbe"
    r"\u2dc0-\u2dc6\u2dc8-\u2dce\u2dd0-\u2dd6\u2dd8-\u2dde\u2de0-\u2dff\u2e2f\u3005\u3006"
    r"\u302a-\u302f\u3031-\u3035\u303b\u303c\u3041-\u3096\u3099\u309a\u309d-\u309f"
    r"\u30a1-\u30fa\u30fc-\u30ff\u3105-\u312d\u3131-\u318e\u31a0-\u31ba\u31f0-\u31ff"
    r"\u3400-\u4db5\u4e00-\u9fcc\ua000-\ua48c\ua4d0-\ua4fd\ua500-\ua60c\ua610-\ua61f\ua62a"
    r"\ua62b\ua640-\ua672\ua674-\ua67d\ua67f-\ua69d\ua69f-\ua6e5\ua6f0\ua6f1\ua717-\ua71f"
    r"\ua722-\ua788\ua78b-\ua78e\ua790-\ua7ad\ua7b0\ua7b1\ua7f7-\ua827\ua840-\ua873"
    r"\ua880-\ua8c4\ua8e0-\ua8f7\ua8fb\ua90a-\ua92d\ua930-\ua953\ua960-\ua97c\ua980-\ua9c0"
    r"\ua9cf\ua9e0-\ua9ef\ua9fa-\ua9fe\uaa00-\uaa36\uaa40-\uaa4d\uaa60-\uaa76\uaa7a-\uaac2"
    r"\uaadb-\uaadd\uaae0-\uaaef\uaaf2-\uaaf6\uab01-\uab06\uab09-\uab0e\uab11-\uab16"
    r"\uab20-\uab26\uab28-\uab2e\uab30-\uab5a\uab5c-\uab5f\uab64\uab65\uabc0-\uabea\uabec"
    r"\uabed\uac00-\ud7a3\ud7b0-\ud7c6\ud7cb-\ud7fb\uf870-\uf87f\uf882\uf884-\uf89f\uf8b8"
    r"\uf8c1-\uf8d6\uf900-\ufa6d\ufa70-\ufad9\ufb00-\ufb06\ufb13-\ufb17\ufb1d-\ufb28"
    r"\ufb2a-\ufb36\ufb38-\ufb3c\ufb3e\ufb40\ufb41\ufb43\ufb44\ufb46-\ufbb1\ufbd3-\ufd3d"
    r"\ufd50-\ufd8f\ufd92-\ufdc7\ufdf0-\ufdfb\ufe00-\ufe0f\ufe20-\ufe2d\ufe70-\ufe74"
    r"\ufe76-\ufefc\uff21-\uff3a\uff41-\uff5a\uff66-\uffbe\uffc2-\uffc7\uffca-\uffcf"
    r"\uffd2-\uffd7\uffda-\uffdc"
)

# js/src/regexp/astralLetterAndMarks.js, same provenance; its UTF-16 surrogate-pair
# alternation converted mechanically to the code-point ranges it denotes (same set).
_ASTRAL_LETTER_AND_MARKS = (
    r"\U00010000-\U0001000b\U0001000d-\U00010026\U00010028-\U0001003a\U0001003c\U0001003d"
    r"\U0001003f-\U0001004d\U00010050-\U0001005d\U00010080-\U000100fa\U000101fd"
    r"\U00010280-\U0001029c\U000102a0-\U000102d0\U000102e0\U00010300-\U0001031f"
    r"\U00010330-\U00010340\U00010342-\U00010349\U00010350-\U0001037a\U00010380-\U0001039d"
    r"\U000103a0-\U000103c3\U000103c8-\U000103cf\U00010400-\U0001049d\U00010500-\U00010527"
    r"\U00010530-\U00010563\U00010600-\U00010736\U00010740-\U00010755\U00010760-\U00010767"
    r"\U00010800-\U00010805\U00010808\U0001080a-\U00010835\U00010837\U00010838\U0001083c"
    r"\U0001083f-\U00010855\U00010860-\U00010876\U00010880-\U0001089e\U00010900-\U00010915"
    r"\U00010920-\U00010939\U00010980-\U000109b7\U000109be\U000109bf\U00010a00-\U00010a03"
    r"\U00010a05\U00010a06\U00010a0c-\U00010a13\U00010a15-\U00010a17\U00010a19-\U00010a33"
    r"\U00010a38-\U00010a3a\U00010a3f\U00010a60-\U00010a7c\U00010a80-\U00010a9c"
    r"\U00010ac0-\U00010ac7\U00010ac9-\U00010ae6\U00010b00-\U00010b35\U00010b40-\U00010b55"
    r"\U00010b60-\U00010b72\U00010b80-\U00010b91\U00010c00-\U00010c48\U00011000-\U00011046"
    r"\U0001107f-\U000110ba\U000110d0-\U000110e8\U00011100-\U00011134\U00011150-\U00011173"
    r"\U00011176\U00011180-\U000111c4\U000111da\U00011200-\U00011211\U00011213-\U00011237"
    r"\U000112b0-\U000112ea\U00011301-\U00011303\U00011305-\U0001130c\U0001130f\U00011310"
    r"\U00011313-\U00011328\U0001132a-\U00011330\U00011332\U00011333\U00011335-\U00011339"
    r"\U0001133c-\U00011344\U00011347\U00011348\U0001134b-\U0001134d\U00011357"
    r"\U0001135d-\U00011363\U00011366-\U0001136c\U00011370-\U00011374\U00011480-\U000114c5"
    r"\U000114c7\U00011580-\U000115b5\U000115b8-\U000115c0\U00011600-\U00011640\U00011644"
    r"\U00011680-\U000116b7\U000118a0-\U000118df\U000118ff\U00011ac0-\U00011af8"
    r"\U00012000-\U00012398\U00013000-\U0001342e\U00016800-\U00016a38\U00016a40-\U00016a5e"
    r"\U00016ad0-\U00016aed\U00016af0-\U00016af4\U00016b00-\U00016b36\U00016b40-\U00016b43"
    r"\U00016b63-\U00016b77\U00016b7d-\U00016b8f\U00016f00-\U00016f44\U00016f50-\U00016f7e"
    r"\U00016f8f-\U00016f9f\U0001b000\U0001b001\U0001bc00-\U0001bc6a\U0001bc70-\U0001bc7c"
    r"\U0001bc80-\U0001bc88\U0001bc90-\U0001bc99\U0001bc9d\U0001bc9e\U0001d165-\U0001d169"
    r"\U0001d16d-\U0001d172\U0001d17b-\U0001d182\U0001d185-\U0001d18b\U0001d1aa-\U0001d1ad"
    r"\U0001d242-\U0001d244\U0001d400-\U0001d454\U0001d456-\U0001d49c\U0001d49e\U0001d49f"
    r"\U0001d4a2\U0001d4a5\U0001d4a6\U0001d4a9-\U0001d4ac\U0001d4ae-\U0001d4b9\U0001d4bb"
    r"\U0001d4bd-\U0001d4c3\U0001d4c5-\U0001d505\U0001d507-\U0001d50a\U0001d50d-\U0001d514"
    r"\U0001d516-\U0001d51c\U0001d51e-\U0001d539\U0001d53b-\U0001d53e\U0001d540-\U0001d544"
    r"\U0001d546\U0001d54a-\U0001d550\U0001d552-\U0001d6a5\U0001d6a8-\U0001d6c0"
    r"\U0001d6c2-\U0001d6da\U0001d6dc-\U0001d6fa\U0001d6fc-\U0001d714\U0001d716-\U0001d734"
    r"\U0001d736-\U0001d74e\U0001d750-\U0001d76e\U0001d770-\U0001d788\U0001d78a-\U0001d7a8"
    r"\U0001d7aa-\U0001d7c2\U0001d7c4-\U0001d7cb\U0001e800-\U0001e8c4\U0001e8d0-\U0001e8d6"
    r"\U0001ee00-\U0001ee03\U0001ee05-\U0001ee1f\U0001ee21\U0001ee22\U0001ee24\U0001ee27"
    r"\U0001ee29-\U0001ee32\U0001ee34-\U0001ee37\U0001ee39\U0001ee3b\U0001ee42\U0001ee47"
    r"\U0001ee49\U0001ee4b\U0001ee4d-\U0001ee4f\U0001ee51\U0001ee52\U0001ee54\U0001ee57"
    r"\U0001ee59\U0001ee5b\U0001ee5d\U0001ee5f\U0001ee61\U0001ee62\U0001ee64"
    r"\U0001ee67-\U0001ee6a\U0001ee6c-\U0001ee72\U0001ee74-\U0001ee77\U0001ee79-\U0001ee7c"
    r"\U0001ee7e\U0001ee80-\U0001ee89\U0001ee8b-\U0001ee9b\U0001eea1-\U0001eea3"
    r"\U0001eea5-\U0001eea9\U0001eeab-\U0001eebb\U00020000-\U0002a6d6\U0002a700-\U0002b734"
    r"\U0002b740-\U0002b81d\U0002f800-\U0002fa1d\U000e0100-\U000e01ef"
)

# js/src/regexp/bmpNumerals.js, verbatim.
_BMP_NUMERALS = (
    r"0-9\u0660-\u0669\u06f0-\u06f9\u07c0-\u07c9\u0966-\u096f\u09e6-\u09ef\u0a66-\u0a6f"
    r"\u0ae6-\u0aef\u0b66-\u0b6f\u0be6-\u0bef\u0c66-\u0c6f\u0ce6-\u0cef\u0d66-\u0d6f"
    r"\u0de6-\u0def\u0e50-\u0e59\u0ed0-\u0ed9\u0f20-\u0f29\u1040-\u1049\u1090-\u1099"
    r"\u17e0-\u17e9\u1810-\u1819\u1946-\u194f\u19d0-\u19d9\u1a80-\u1a89\u1a90-\u1a99"
    r"\u1b50-\u1b59\u1bb0-\u1bb9\u1c40-\u1c49\u1c50-\u1c59\ua620-\ua629\ua8d0-\ua8d9"
    r"\ua900-\ua909\ua9d0-\ua9d9\ua9f0-\ua9f9\uaa50-\uaa59\uabf0-\uabf9\uff10-\uff19"
)

# js/src/regexp/astralNumerals.js; surrogate pairs converted to code-point ranges (same set).
_ASTRAL_NUMERALS = (
    r"\U000104a0-\U000104a9\U00011066-\U0001106f\U000110f0-\U000110f9\U00011136-\U0001113f"
    r"\U000111d0-\U000111d9\U000112f0-\U000112f9\U000114d0-\U000114d9\U00011650-\U00011659"
    r"\U000116c0-\U000116c9\U000118e0-\U000118e9\U00016a60-\U00016a69\U00016b50-\U00016b59"
    r"\U0001d7ce-\U0001d7ff"
)

# js/src/regexp/hashtagSpecialChars.js, verbatim.
_HASHTAG_SPECIAL_CHARS = r"_\u200c\u200d\ua67e\u05be\u05f3\u05f4\uff5e\u301c\u309b\u309c\u30a0\u30fb\u3003\u0f0b\u0f0c\xb7"

# js/src/regexp/latinAccentChars.js, verbatim.
_LATIN_ACCENT_CHARS = (
    r"\xC0-\xD6\xD8-\xF6\xF8-\xFF\u0100-\u024F\u0253\u0254\u0256\u0257\u0259\u025B\u0263\u0268"
    r"\u026F\u0272\u0289\u028B\u02BB\u0300-\u036F\u1E00-\u1EFF"
)

# js/src/regexp/spacesGroup.js, verbatim.
_SPACES_GROUP = r"\x09-\x0D\x20\x85\xA0\u1680\u180E\u2000-\u200A\u2028\u2029\u202F\u205F\u3000"

# js/src/regexp/spaces.js: /[#{spacesGroup}]/
_SPACES = rf"[{_SPACES_GROUP}]"

# js/src/regexp/punct.js, verbatim (a character-class body).
_PUNCT = r"\!'#%&'\(\)*\+,\\\-\.\/:;<=>\?@\[\]\^_{|}~\$"

# JavaScript's \s (ECMA-262 WhiteSpace: TAB VT FF SP NBSP ZWNBSP and the Zs category; plus
# LineTerminator: LF CR LS PS), used by js/src/regexp/validCashtag.js. Not Python's \s.
_JS_WHITESPACE = r"\t\n\x0b\x0c\r \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"

# js/src/regexp/codePoint.js: /(?:[^\uD800-\uDFFF]|[\uD800-\uDBFF][\uDC00-\uDFFF])/, i.e. one
# whole code point; on Python strings a surrogate pair already is one (astral) code point.
_CODE_POINT = r"[^\ud800-\udfff]"

# js/src/regexp/hashSigns.js
_HASH_SIGNS = r"[#＃]"

# js/src/regexp/atSigns.js
_AT_SIGNS = r"[@＠]"

# --- Hashtags ------------------------------------------------------------------------------

# js/src/regexp/hashtagAlpha.js:
# /(?:[#{bmpLetterAndMarks}]|(?=#{nonBmpCodePairs})(?:#{astralLetterAndMarks}))/
_HASHTAG_ALPHA = rf"[{_BMP_LETTER_AND_MARKS}{_ASTRAL_LETTER_AND_MARKS}]"

# js/src/regexp/hashtagAlphaNumeric.js:
# /(?:[#{bmpLetterAndMarks}#{bmpNumerals}#{hashtagSpecialChars}]|
#     (?=#{nonBmpCodePairs})(?:#{astralLetterAndMarks}|#{astralNumerals}))/
_HASHTAG_ALPHA_NUMERIC = (
    rf"[{_BMP_LETTER_AND_MARKS}{_BMP_NUMERALS}{_HASHTAG_SPECIAL_CHARS}"
    rf"{_ASTRAL_LETTER_AND_MARKS}{_ASTRAL_NUMERALS}]"
)

# js/src/regexp/hashtagBoundary.js:
# /(?:^|\uFE0E|\uFE0F|$|(?!#{hashtagAlphaNumeric}|&)#{codePoint})/
_HASHTAG_BOUNDARY = rf"(?:^|\uFE0E|\uFE0F|\Z|(?!{_HASHTAG_ALPHA_NUMERIC}|&){_CODE_POINT})"

# js/src/regexp/validHashtag.js, flags gi:
# /(#{hashtagBoundary})(#{hashSigns})(?!\uFE0F|\u20E3)
#  (#{hashtagAlphaNumeric}*#{hashtagAlpha}#{hashtagAlphaNumeric}*)/gi
# The i flag is kept: over these letter tables, JavaScript's case-insensitive matching adds
# the case partners of letters newer than the tables (Cherokee small letters, Georgian
# Mtavruli, ...), and so does regex.IGNORECASE (one exception: the astral letter U+1DF95,
# which JavaScript without the u flag cannot fold, as it folds no surrogate pair).
# Only addition: a leading lookahead for the hash sign, which every match has at offset 0 or 1
# (the boundary is empty or one code point). It changes no match; it spares the engine the
# boundary's large case-insensitive classes at each position of the text (7x faster).
_VALID_HASHTAG = regex.compile(
    rf"(?=(?s:.)?{_HASH_SIGNS})"
    rf"({_HASHTAG_BOUNDARY})({_HASH_SIGNS})(?!\uFE0F|\u20E3)"
    rf"({_HASHTAG_ALPHA_NUMERIC}*{_HASHTAG_ALPHA}{_HASHTAG_ALPHA_NUMERIC}*)",
    regex.IGNORECASE | regex.VERSION0,
)

# js/src/regexp/endHashtagMatch.js: /^(?:#{hashSigns}|:\/\/)/ (anchored match on what follows)
_END_HASHTAG_MATCH = regex.compile(rf"(?:{_HASH_SIGNS}|://)")

_HASH_SIGNS_RE = regex.compile(_HASH_SIGNS)

# --- Mentions and lists --------------------------------------------------------------------

# js/src/regexp/validMentionPrecedingChars.js, verbatim.
_VALID_MENTION_PRECEDING_CHARS = (
    r"(?:^|[^a-zA-Z0-9_!#$%&*@＠]|(?:^|[^a-zA-Z0-9_+~.-])(?:rt|RT|rT|Rt):?)"
)

# js/src/regexp/validMentionOrList.js, flags g:
# '(#{validMentionPrecedingChars})' + '(#{atSigns})' + '([a-zA-Z0-9_]{1,20})' +
# '(/[a-zA-Z][a-zA-Z0-9_-]{0,24})?'
_VALID_MENTION_OR_LIST = regex.compile(
    rf"({_VALID_MENTION_PRECEDING_CHARS})({_AT_SIGNS})([a-zA-Z0-9_]{{1,20}})"
    r"(/[a-zA-Z][a-zA-Z0-9_-]{0,24})?",
    regex.VERSION0,
)

# js/src/regexp/endMentionMatch.js: /^(?:#{atSigns}|[#{latinAccentChars}]|:\/\/)/
_END_MENTION_MATCH = regex.compile(rf"(?:{_AT_SIGNS}|[{_LATIN_ACCENT_CHARS}]|://)")

_AT_SIGNS_RE = regex.compile(_AT_SIGNS)

# js/src/regexp/validReply.js: /^(?:#{spaces})*#{atSigns}([a-zA-Z0-9_]{1,20})/
_VALID_REPLY = regex.compile(rf"^(?:{_SPACES})*{_AT_SIGNS}([a-zA-Z0-9_]{{1,20}})")

# --- Cashtags ------------------------------------------------------------------------------

# js/src/regexp/cashtag.js: /[a-z]{1,6}(?:[._][a-z]{1,2})?/i. Without the u flag, JavaScript's
# case-insensitive [a-z] is exactly [A-Za-z] (a non-ASCII character never folds to ASCII),
# whereas regex.IGNORECASE would also admit U+212A KELVIN SIGN and U+017F LONG S; hence the
# explicit class and no flag.
_CASHTAG = r"[a-zA-Z]{1,6}(?:[._][a-zA-Z]{1,2})?"

# js/src/regexp/validCashtag.js, flags gi:
# '(^|#{spaces})(\\$)(#{cashtag})(?=$|\\s|[#{punct}])'
_VALID_CASHTAG = regex.compile(
    rf"(^|{_SPACES})(\$)({_CASHTAG})(?=\Z|[{_JS_WHITESPACE}]|[{_PUNCT}])",
    regex.VERSION0,
)


# --- Entities ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hashtag:
    """A hashtag: ``text`` without the hash sign; ``[start, end)`` covers the sign too."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Cashtag:
    """A cashtag: ``text`` without the ``$``; ``[start, end)`` covers the ``$`` too."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    """A mention ``@screen_name``, or a list ``@screen_name/slug``.

    ``start`` is the index of the at sign; ``end`` is past the screen name, or past the slug
    for a list. ``list_slug`` is ``""`` for a plain mention, else the slug *with* its leading
    slash (``"/list-name"``), as twitter-text reports it.
    """

    screen_name: str
    start: int
    end: int
    list_slug: str = ""


@dataclass(frozen=True)
class Url:
    """A URL as written in the text (with or without protocol); ``[start, end)``."""

    url: str
    start: int
    end: int


Entity = Url | Hashtag | Mention | Cashtag


def _remove_overlapping_entities(entities: list[Entity]) -> list[Entity]:
    """Port of js/src/removeOverlappingEntities.js.

    Sorts by start index (stably, as ``Array.prototype.sort`` is) and drops every entity that
    begins before the previous kept one ends.
    """
    kept: list[Entity] = []
    for entity in sorted(entities, key=lambda e: e.start):
        if kept and kept[-1].end > entity.start:
            continue
        kept.append(entity)
    return kept


def _hashtags(text: str) -> list[Hashtag]:
    """Port of js/src/extractHashtagsWithIndices.js before its URL-overlap check."""
    if not text or not _HASH_SIGNS_RE.search(text):
        return []
    tags: list[Hashtag] = []
    for match in _VALID_HASHTAG.finditer(text):
        if _END_HASHTAG_MATCH.match(text, match.end()):
            continue
        tags.append(Hashtag(match.group(3), match.start(2), match.end(3)))
    return tags


def extract_hashtags(text: str, urls: Sequence[Url] | None = None) -> list[Hashtag]:
    """Hashtags in ``text``, leaving out any that overlap a URL.

    Port of js/src/extractHashtagsWithIndices.js with its default ``checkUrlOverlap: true``.
    ``urls`` are the URLs of ``text`` when the caller already knows them (they are extracted
    otherwise).
    """
    tags = _hashtags(text)
    if not tags:
        return tags
    if urls is None:
        urls = extract_urls(text)
    if not urls:
        return tags
    merged: list[Entity] = [*tags, *urls]
    return [e for e in _remove_overlapping_entities(merged) if isinstance(e, Hashtag)]


def extract_cashtags(text: str) -> list[Cashtag]:
    """Cashtags (``$TWTR``) in ``text``. Port of js/src/extractCashtagsWithIndices.js."""
    if not text or "$" not in text:
        return []
    return [
        Cashtag(match.group(3), match.start(2), match.end(3))
        for match in _VALID_CASHTAG.finditer(text)
    ]


def extract_mentions_or_lists(text: str) -> list[Mention]:
    """Mentions and list references in ``text``.

    Port of js/src/extractMentionsOrListsWithIndices.js.
    """
    if not text or not _AT_SIGNS_RE.search(text):
        return []
    found: list[Mention] = []
    for match in _VALID_MENTION_OR_LIST.finditer(text):
        if _END_MENTION_MATCH.match(text, match.end()):
            continue
        slug = match.group(4) or ""
        end = match.end(4) if slug else match.end(3)
        found.append(Mention(match.group(3), match.start(2), end, slug))
    return found


def extract_mentions(text: str) -> list[Mention]:
    """Mentions of users in ``text``, list references left out.

    Port of js/src/extractMentionsWithIndices.js.
    """
    return [m for m in extract_mentions_or_lists(text) if m.list_slug == ""]


def extract_reply_screen_name(text: str) -> str | None:
    """The screen name ``text`` replies to (an ``@name`` first, after spaces only), or None.

    Port of js/src/extractReplies.js.
    """
    if not text:
        return None
    match = _VALID_REPLY.match(text)
    if match is None or _END_MENTION_MATCH.match(text, match.end()):
        return None
    return str(match.group(1))


def extract_urls(text: str) -> list[Url]:
    """URLs in ``text``, with or without protocol, by twitter-text-parser.

    ``twitter_text.extract_urls_with_indices`` (a port of js/src/extractUrlsWithIndices.js)
    runs on the Python string, so its indices are already code points, end exclusive.
    """
    if not text:
        return []
    return list(_urls(text))


@functools.lru_cache(maxsize=256)
def _urls(text: str) -> tuple[Url, ...]:
    # Remembered: posting a status counts its length and then composes it, both from the URLs
    # of the same text, and the library's extraction is the costliest step of either.
    return tuple(
        Url(found["url"], found["indices"][0], found["indices"][1])
        for found in _twitter_text.extract_urls_with_indices(text)
    )


def extract_entities(
    text: str,
) -> tuple[list[Url], list[Hashtag], list[Mention], list[Cashtag]]:
    """URLs, hashtags, mentions or lists, and cashtags of ``text``, none overlapping another.

    Port of js/src/extractEntitiesWithIndices.js: all four kinds are extracted (mentions
    *with* list references, hashtags without their own URL check), concatenated in that
    order, and overlaps removed, the entity that starts first winning. Each list comes back
    in text order.
    """
    entities: list[Entity] = [
        *extract_urls(text),
        *extract_mentions_or_lists(text),
        *_hashtags(text),
        *extract_cashtags(text),
    ]
    urls: list[Url] = []
    hashtags: list[Hashtag] = []
    mentions: list[Mention] = []
    cashtags: list[Cashtag] = []
    for entity in _remove_overlapping_entities(entities):
        if isinstance(entity, Url):
            urls.append(entity)
        elif isinstance(entity, Hashtag):
            hashtags.append(entity)
        elif isinstance(entity, Mention):
            mentions.append(entity)
        else:
            cashtags.append(entity)
    return urls, hashtags, mentions, cashtags


# --- Weighted length -----------------------------------------------------------------------


@dataclass(frozen=True)
class Length:
    """The weighted length of a Tweet text (twitter-text ``parseTweet``, v3 configuration).

    ``valid`` is true when ``0 < weighted_length <= 280`` and the text holds no invalid
    character (U+FFFE, U+FEFF, U+FFFF); ``permillage`` is ``weighted_length / 280`` in
    thousandths, rounded down.
    """

    weighted_length: int
    valid: bool
    permillage: int


def weighted_length(text: str) -> Length:
    """Count ``text`` as Twitter does, with ``twitter_text.parse_tweet`` (v3 configuration)."""
    parsed = _twitter_text.parse_tweet(text)
    return Length(
        weighted_length=parsed.weightedLength, valid=parsed.valid, permillage=parsed.permillage
    )
