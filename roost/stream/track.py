"""statuses/filter's ``track``: the terms a phrase asks for and the terms a status offers.

A phrase matches when every one of its terms is among the status's terms, so the whole of the
seeds' rules lives in two functions: ``phrase_terms`` (what a phrase asks for) and
``candidate_terms`` (what a status offers). The matcher only ever compares the two as sets.

Both sides are spelled the same way first: NFC (canonically equal strings are the same
characters; this is not folding, "touché" still never matches "touche"), then ``str.lower``
(never ``casefold``: the seeds say "UTF-8 characters will match exactly", so ``ß`` stays ``ß``).

A status offers, from its text split at whitespace into tokens:

- every **word** of a token: a run of letters, digits, combining marks and ``_`` (so
  ``new_twitter`` and ``twitter_api`` are single words, like the hashtags and screen names they
  usually are; digits are letters' equals: ``2024`` and ``c3po`` are words; the zero-width
  joiners are kept inside a word, where Persian and Indic spelling needs them). Everything
  else (punctuation P*, symbols S*, which include emoji, format characters such as the
  zero-width space or bidi marks, controls) separates words: that is how
  "matches will ignore punctuation present in the Tweet" ("hello" matches "hello." and
  “Twitter”, but never ``TwitterTracker``);
- the token itself and its **trimmed forms**, the token with some of its leading and trailing
  punctuation cut away (keeping 0-3 characters or all of each run, never cutting a grapheme
  cluster in two), so a term written with punctuation matches that exact punctuated token
  ("Twitter’s" matches "(Twitter’s)" and "Twitter’s," but not "Twitter's" with a straight
  apostrophe, nor "Twitters"; "hello." matches "hello." but not "hello"). A form never starts
  right after a ``#``, ``@`` or ``$``: "punctuation is not considered to be part of a #hashtag
  or @mention", so "twitter’s" cannot match "@twitter’s";
- each emoji (an extended grapheme cluster that starts with a pictograph or a flag) as a term
  of its own, so "😀" matches "great😀"; skin tones and sequences are part of the cluster
  (characters match exactly: "👍" does not match "👍🏽").

Entities: the t.co links (``url``, ``media`` spans) are not words of the text; their
``expanded_url`` and ``display_url`` are (``url_terms``). Hashtag, mention and cashtag spans are
cut out of the text before it is split, so the punctuation around them is a token of its own
("@Twitter’s" is the mention ``@Twitter`` and the token ``’s``); each offers its name without
the sign (``twitter``: "Twitter" matches #twitter and @twitter) and with it (``#twitter``,
``@twitter``, ``$tsla``: a careful user's "#twitter" matches the hashtag, "@twitter" the
mention, "$TSLA" the cashtag, and plain text that spells them; "#twitter" never matches a
mention or a bare word). The spans are the source; a candidate's ``hashtags`` and ``mentions``
fields count only when it has no span of their kind.

URLs are words (``url_terms``): lower-cased, the scheme dropped and ``www.`` dropped ("Twitter
currently canonicalizes the domain www.example.com to example.com", so a term starting with
``www.`` never matches), one term for the whole URL as it is, without its fragment, and without
its query; each also without a trailing ``/`` and also with its scheme (``http://twitter.com``
matches through ``expanded_url``). Its words are the host's and the path's (``example com``
matches ``foo.example.com/bar``), never the query's or fragment's (``?utm_source=twitter`` is
not about Twitter). A ``display_url`` cut with ``…`` offers only its complete words. The same
rules apply to a token of the text that starts with a scheme or ``www.`` (a status built
without entities): no token with ``www.`` in it is a term as written.

Scripts written without spaces (CJK) are "currently unsupported" (the seeds): a run of them is
one word, as Twitter's own matcher saw it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import filterfalse

import regex

from roost.stream.filters import Candidate

__all__ = [
    "candidate_terms",
    "clear_caches",
    "entity_terms",
    "link_terms",
    "phrase_terms",
    "term_set",
    "token_terms",
    "url_terms",
]

_WORD = regex.compile(r"[\p{L}\p{N}_][\p{L}\p{M}\p{N}_]*(?:[\u200c\u200d][\p{L}\p{M}\p{N}_]+)*")
_EMOJI = regex.compile(r"(?=[\p{Extended_Pictographic}\p{Regional_Indicator}])\X")
_GRAPHEME = regex.compile(r"\X")
_ASCII_WORD = re.compile(r"[A-Za-z0-9_]+")  # _WORD where there are only ASCII characters
# Tokens of these characters only (Latin, Greek and Cyrillic letters without combining marks,
# kana, CJK ideographs, full- and half-width forms, most punctuation) hold no emoji and a
# grapheme boundary between every two characters: no Extend, SpacingMark, Prepend, ZWJ,
# Control, Hangul jamo or syllable, or pictograph (not (c), (R) or the wavy dash, which are
# pictographs) among them. Most tokens of Latin-script languages and of Chinese and Japanese
# are of them, and their trimmed forms need no grapheme walk; their words are runs of ``re``'s
# \w, which is _WORD's class there (no marks, no joiners), at a third of the cost of ``regex``
# (tests/unit/test_stream_track.py checks both, character by character and token by token).
_SIMPLE = re.compile(
    "[\x21-\x7e\xa1-\xa8\xaa-\xac\xaf-\u02ff\u0370-\u0482\u048a-\u052f"
    "\u2010-\u2027\u2030-\u203b\u203d-\u2048\u204a-\u205e"
    "\u3001-\u3029\u3031-\u303c\u303e\u303f\u3041-\u3096\u309b-\u30ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uff01-\uff9d]+"
)
_SIMPLE_WORD = re.compile(r"\w+")  # _WORD in a _SIMPLE token
# The characters a grapheme cluster may join to a neighbour (UAX #29's GB6-GB9c and GB11-GB13:
# Hangul jamo and syllables, Extend, ZWJ, SpacingMark, Prepend, regional indicators): between
# two characters of no such kind there is always a boundary (GB999).
_JOINING = regex.compile(
    r"[\p{Grapheme_Cluster_Break=Extend}\p{Grapheme_Cluster_Break=ZWJ}"
    r"\p{Grapheme_Cluster_Break=SpacingMark}\p{Grapheme_Cluster_Break=Prepend}"
    r"\p{Grapheme_Cluster_Break=Regional_Indicator}\p{Grapheme_Cluster_Break=L}"
    r"\p{Grapheme_Cluster_Break=V}\p{Grapheme_Cluster_Break=T}\p{Grapheme_Cluster_Break=LV}"
    r"\p{Grapheme_Cluster_Break=LVT}]"
)
_URLISH = re.compile(r"[a-z][a-z0-9+.-]*://|www\.")
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*://")
SIGILS = frozenset("#@$\uff03\uff20")  # hashtag, mention, cashtag signs, and full-width ones
_CANONICAL_SIGIL = {"\uff03": "#", "\uff20": "@"}
_KEPT = (0, 1, 2, 3)  # trimmed forms keep this much of a punctuation run, or all of it
_ENTITY_KINDS = frozenset({"hashtag", "mention", "symbol"})
_LINK_KINDS = frozenset({"url", "media"})
_CUT_KINDS = _ENTITY_KINDS | _LINK_KINDS


def clear_caches() -> None:
    """Empty every cache of terms (the benchmark's cold start)."""
    for cached in (
        token_terms,
        url_terms,
        link_terms,
        entity_terms,
        _hashtag_terms,
        _mention_terms,
    ):
        cached.cache_clear()


def clean(text: str) -> str:
    """``text`` spelled as matching compares it: NFC, lower case."""
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFC", text).lower()


def phrase_terms(phrase: str) -> tuple[str, ...]:
    """A track phrase's terms: split at spaces, each lower-cased, duplicates dropped (AND,
    in any order)."""
    return tuple(dict.fromkeys(clean(phrase).split()))


def _kept(run: int) -> tuple[int, ...]:
    """How many characters of a punctuation run of this length a trimmed form keeps."""
    return tuple(k for k in _KEPT if k < run) + (run,)


def _words(text: str) -> list[str]:
    """The words of ``text`` (runs of letters, digits, marks and ``_``)."""
    if text.isascii():
        # most names (of hashtags, mentions) are one word: no call of re
        return [text] if text.isalnum() else _ASCII_WORD.findall(text)
    return _WORD.findall(text)


def _scheme(url: str) -> str:
    """The scheme of a ``clean`` URL with its ``://`` ("" when it has none): what ``_SCHEME``
    matches at its start, the common cases without a call of ``re`` (which costs as much as
    the rest of a link's parse)."""
    if url.startswith("https://"):
        return "https://"
    if url.startswith("http://"):
        return "http://"
    if "://" not in url:
        return ""
    scheme = _SCHEME.match(url)
    return scheme.group() if scheme else ""


@lru_cache(maxsize=8192)
def url_terms(url: str) -> tuple[str, ...]:
    """The terms a URL offers: its canonical forms (see the module) and the words of its host
    and path."""
    url = clean(url)
    truncated = url.endswith("\u2026")  # a display_url cut at 15 characters of path
    if truncated:
        url = url[:-1]
    prefix = _scheme(url)
    rest = url[len(prefix) :]
    if rest.startswith("www."):
        rest = rest[4:]
    no_fragment = rest.split("#", 1)[0] if "#" in rest else rest
    path = no_fragment.split("?", 1)[0] if "?" in no_fragment else no_fragment
    words = _words(path)
    if truncated:
        if path == rest and words and path.endswith(words[-1]):
            words.pop()  # the ellipsis may have cut the path's last word short
        return tuple(dict.fromkeys(words))
    forms = {rest, rest.rstrip("/")}
    if path is not rest:  # few links carry a query or a fragment
        forms.update([no_fragment, no_fragment.rstrip("/"), path, path.rstrip("/")])
    forms.discard("")
    if prefix:
        forms.update([prefix + form for form in forms])
    return tuple(dict.fromkeys([*words, *forms]))


@lru_cache(maxsize=8192)
def link_terms(expanded_url: str, display_url: str) -> tuple[str, ...]:
    """The terms of a link entity: its expanded URL's and its display URL's. A display URL cut
    from the expanded one (as Twitter and Roost make them: no scheme, no ``www.``, the path cut
    with an ellipsis) offers nothing more, so it costs no second parse: its forms are the
    expanded URL's without the scheme, its words whole words of it."""
    terms = url_terms(expanded_url)
    if _plainly_cut(display_url, expanded_url) or _cut_from(
        clean(display_url), clean(expanded_url)
    ):
        return terms
    return tuple(dict.fromkeys((*terms, *url_terms(display_url))))


def _plainly_cut(display: str, expanded: str) -> bool:
    """``_cut_from`` in the common case, on the URLs as written: an ASCII http(s) link and a
    display URL that is the rest of it, or a start of the rest and an ellipsis. True only
    where ``_cut_from`` of the two ``clean`` is (a property test checks): lower-casing both
    keeps a raw match a match, and ASCII has no joiner and is its own NFC. (``clean`` and
    ``_cut_from`` cost ~15k instructions a link: most statuses' links are new ones.)"""
    if expanded.startswith("https://"):
        rest = expanded[8:]
    elif expanded.startswith("http://"):
        rest = expanded[7:]
    else:
        return False
    if rest.startswith("www."):
        rest = rest[4:]
    head = display[:-1] if display.endswith("\u2026") else None
    shown = display if head is None else head
    if (
        not expanded.isascii()
        or not shown.isascii()
        or "://" in shown
        or shown[:4].lower() == "www."
    ):
        return False
    if head is not None:
        return rest.startswith(head)
    return display == rest or display == rest.rstrip("/")


def _cut_from(display: str, expanded: str) -> bool:
    """Whether every term ``url_terms`` finds in ``display`` it finds in ``expanded`` (both
    ``clean``): ``display`` is the expanded URL without scheme and ``www.`` (and perhaps its
    final ``/``), or a start of it ending in an ellipsis (whose last, perhaps cut, word
    ``url_terms`` drops). A joiner could end a cut word early, so those are parsed anyway."""
    if (
        display.startswith("www.")
        or _scheme(display)
        or not display.isascii()
        and ("\u200c" in display or "\u200d" in display)
        or expanded.endswith("\u2026")  # url_terms reads that as cut: words only
    ):
        return False
    rest = expanded[len(_scheme(expanded)) :]
    if rest.startswith("www."):
        rest = rest[4:]
    if display.endswith("\u2026"):
        return rest.startswith(display[:-1])
    return display == rest or display == rest.rstrip("/")


@lru_cache(maxsize=65536)
def token_terms(token: str) -> tuple[str, ...]:
    """The terms one whitespace-free token of the text offers (``token`` already ``clean``):
    its words, itself and its trimmed forms, its emoji. Cached: tokens repeat across statuses
    as words do (Zipf), and statuses are matched as they are posted."""
    return _token_terms(token)


def _token_terms(token: str, walk: bool = False) -> tuple[str, ...]:
    """``token_terms``; ``walk``: find every grapheme boundary even where no rule needs the
    walk (the reference the shortcuts are tested against)."""
    ascii_ = token.isascii()
    simple = not walk and (ascii_ or _SIMPLE.fullmatch(token) is not None)
    words = _ASCII_WORD if ascii_ else _SIMPLE_WORD if simple else _WORD
    spans = [m.span() for m in words.finditer(token)]
    out: dict[str, None] = {}
    if not simple:
        out.update(dict.fromkeys(_EMOJI.findall(token)))
    if not spans:  # all punctuation: only the token itself (":)", "...", "😀")
        out[token] = None
        return tuple(out)
    first, last = spans[0][0], spans[-1][1]
    leads, keeps = _kept(first), _kept(len(token) - last)
    # where a form may start or end: between graphemes (None: anywhere)
    cuts = (
        None
        if simple
        else _cuts(token, [first - n for n in leads], [last + n for n in keeps], walk)
    )
    if ("://" in token or "www." in token) and _URLISH.match(token, first):  # a link: URL rules
        if "www." not in token:
            out[token] = None  # the token as written is a term whenever it keeps no www.
        for keep in keeps:
            if cuts is None or last + keep in cuts:
                out.update(dict.fromkeys(url_terms(token[first : last + keep])))
        return tuple(out)
    out.update(dict.fromkeys(token[a:b] for a, b in spans))
    for lead in leads:
        start = first - lead
        if start and token[start - 1] in SIGILS or cuts is not None and start not in cuts:
            continue  # a hashtag's or mention's body is not a punctuated token
        for keep in keeps:
            if cuts is None or last + keep in cuts:
                out[token[start : last + keep]] = None
    return tuple(out)


_JOINS: dict[str, bool] = {}  # character -> whether it is of ``_JOINING``'s kinds


def _joins(char: str) -> bool:
    """Whether a grapheme cluster may join ``char`` to a neighbour (remembered per character:
    a call of the ``regex`` module costs some microseconds, a dictionary lookup a tenth)."""
    joins = _JOINS.get(char)
    if joins is None:
        if len(_JOINS) >= 65536:
            _JOINS.clear()
        joins = _JOINS[char] = _JOINING.match(char) is not None
    return joins


def _cuts(token: str, starts: list[int], ends: list[int], walk: bool) -> set[int] | None:
    """The grapheme boundaries of ``token``, or None when every position a form may start or
    end at is one: a boundary lies between two characters unless one of them is of the kinds
    that join (``_JOINING``), so the grapheme walk, the slow part, is needed only when one of
    them is next to such a position."""
    if not walk:
        n = len(token)
        if not any(
            0 < p < n and (_joins(token[p - 1]) or _joins(token[p])) for p in (*starts, *ends)
        ):
            return None
    return {0} | {m.end() for m in _GRAPHEME.finditer(token)}


@lru_cache(maxsize=8192)
def entity_terms(span: str) -> tuple[str, ...]:
    """The terms of a hashtag, mention or cashtag as written (``#Twitter``): its name, its name
    with the sign (full-width signs also as ASCII ones), the name's words."""
    span = clean(span)
    if not span or span[0] not in SIGILS:
        return token_terms(span) if span and not span.isspace() else ()
    sign, name = span[0], span[1:]
    if not name:
        return (span,)
    out = dict.fromkeys((name, _CANONICAL_SIGIL.get(sign, sign) + name, span))
    out.update(dict.fromkeys(_words(name)))
    return tuple(out)


def candidate_terms(c: Candidate) -> frozenset[str]:
    """Every term a status offers to ``track``: the text's words and punctuated tokens, its
    hashtags', mentions' and cashtags' names, its links' expanded and display URLs."""
    return frozenset(term_set(c))


@lru_cache(maxsize=8192)
def _hashtag_terms(name: str) -> tuple[str, ...]:
    return entity_terms("#" + name)


@lru_cache(maxsize=8192)
def _mention_terms(name: str) -> tuple[str, ...]:
    return entity_terms("@" + name)


def term_set(c: Candidate) -> set[str]:
    """``candidate_terms`` as a new mutable set, for the matcher: ``s & anchored`` iterates
    the smaller side without hashing again only when ``s`` is exactly a ``set``. (On the hot
    path: one pass over the tokens, the rest in C through the caches.)"""
    text = c.text
    terms: set[str] = set()
    kinds: set[str] = set()
    if c.spans:
        text = _without_entities(c, terms, kinds)
    body = clean(text)
    tokens = body.split()
    terms.update(tokens)  # each token is a term of its own (none of plain words is more) ...
    if "www." in body:  # ... but a link's www. goes (token_terms puts back what stays)
        terms.difference_update([t for t in tokens if "www." in t])
    # the tokens of more than letters and digits, each through its cache, all in C
    terms.update(*map(token_terms, filterfalse(str.isalnum, tokens)))
    if c.hashtags and "hashtag" not in kinds:
        for name in c.hashtags:
            terms.update(_hashtag_terms(name))
    if c.mentions and "mention" not in kinds:
        for name in c.mentions:
            terms.update(_mention_terms(name))
    for expanded_url, display_url in c.urls:
        terms.update(link_terms(expanded_url, display_url))
    return terms


def _without_entities(c: Candidate, terms: set[str], kinds: set[str]) -> str:
    """The text with its entities cut out (each a separate token, so the punctuation next to
    one is a token of its own); their terms go in ``terms`` and their kinds in ``kinds``."""
    text = c.text
    parts: list[str] = []
    done = 0
    for kind, start, end in c.spans:  # in text order (``Candidate``)
        if start < done or kind not in _CUT_KINDS:
            continue  # overlapping spans (never produced) or unknown kinds stay text
        parts.append(text[done:start])
        if kind in _ENTITY_KINDS:
            terms.update(entity_terms(text[start:end]))
            kinds.add(kind)
        done = end
    parts.append(text[done:])
    return " ".join(parts)
