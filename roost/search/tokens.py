"""Words as the search index holds them: one function for statuses and queries alike.

Both engines index exactly the tokens this module produces (SQLite FTS5 re-splits nothing but
what ``unicode61`` would, PostgreSQL takes them verbatim), so a query matches the same statuses on
either store. The rules, chosen to behave as twitter.com's search did:

- NFKC, then case folding, then accents dropped: ``Café`` matches ``cafe`` and ``CAFÉ``;
- a word is a run of letters, digits and combining marks; everything else separates words
  (``don't`` is the phrase ``don t``, which ``don't`` in a query also becomes);
- Chinese and Japanese characters, which are written without spaces, are one token each, so
  ``東京`` is the two-token phrase ``東 京`` and matches wherever those characters stand together;
- each emoji is a token of its own (``😀`` matches ``😀``), written ``_e`` + its code point in hex.

Tokens Roost adds for operators start with ``_`` (``_f_123`` for ``from:``): no word can,
since ``_`` separates words.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex

# Scripts written without spaces between words: each character is a token.
_UNSPACED = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}"
_EMOJI = r"\p{Extended_Pictographic}"
_TOKENS = regex.compile(
    rf"(?P<e>{_EMOJI})|[{_UNSPACED}]\p{{M}}*|(?:(?![{_UNSPACED}])[\p{{L}}\p{{N}}]\p{{M}}*)+"
)
_ACCENTS = regex.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff]")


def fold(text: str) -> str:
    """NFKC, case-folded, accents removed (the index's spelling of ``text``). Only the marks
    that are accents go (Latin, Greek, Cyrillic diacritics): the vowel signs of Indic scripts
    are letters' parts, and dropping them would change the word."""
    text = unicodedata.normalize("NFKC", text).casefold()
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", _ACCENTS.sub("", unicodedata.normalize("NFD", text)))


@lru_cache(maxsize=4096)
def words(text: str) -> tuple[str, ...]:
    """The index tokens of free text, in order."""
    out = []
    for match in _TOKENS.finditer(fold(text)):
        token = match.group()
        out.append(f"_e{ord(token):x}" if match.group("e") else token)
    return tuple(out)


def tag(kind: str, value: str | int) -> str:
    """An operator's token: ``tag("f", 123)`` is ``_f_123``; text values are folded and stripped
    of everything but letters and digits (``#Café_Olé`` → ``_h_cafeole``)."""
    if isinstance(value, int):
        return f"_{kind}_{value}"
    return f"_{kind}_{''.join(words(value)).replace('_', '')}"
