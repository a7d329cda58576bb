"""The text a synthetic user types: sentences, emoji, mentions, hashtags, cashtags and URLs.

``Writer.body`` returns what would be sent as ``status`` to statuses/update (before Roost wraps
URLs and prepends reply mentions); the caller knows exactly which mentions and how many URLs it
holds, which the row builder checks against twitter-text's extraction. Every text stays within
Twitter's 280 weighted characters by construction: each piece is costed with an upper bound of
its weight (``weight_bound``), so the expensive library count is never needed.
"""

from __future__ import annotations

import bisect
import itertools
import random
import re
import string
from collections.abc import Sequence

from roost.domain.text import MAX_WEIGHTED_LENGTH, TRANSFORMED_URL_LENGTH
from roost.load.words import CASHTAGS, EMOJI, LANGUAGES, SLUG_WORDS, TOPICS, WIKI_TITLES

# twitter-text v3: code points in 0-4351, 8192-8205, 8208-8223 and 8242-8247 weigh 1, all others
# 2 (an emoji sequence weighs 2 in all, so 2 per code point is an upper bound for it too).
_HEAVY = re.compile(r"[^\u0000-\u10ff\u2000-\u200d\u2010-\u201f\u2032-\u2037]")
_SENTENCES = (1, 1, 1, 1, 1, 2, 2, 2, 3, 4)
_HASHTAG_COUNTS = (0,) * 13 + (1,) * 5 + (2, 3)
_ALNUM = string.ascii_letters + string.digits
_ID_CHARS = _ALNUM + "-_"
VIRAL_URLS = 300  # a pool of links many statuses share (same t.co code, one tco_links row)


def weight_bound(text: str) -> int:
    """An upper bound of twitter-text's weighted length of ``text`` (no URLs in it)."""
    if text.isascii():
        return len(text)
    return len(text) + len(_HEAVY.findall(text))


class Zipf:
    """Picks items of a list with weights 1/rank (the first item is the most common)."""

    _cum: dict[int, list[float]] = {}

    @classmethod
    def pick(cls, rng: random.Random, items: Sequence[str]) -> str:
        """One item, by rank weight."""
        n = len(items)
        cum = cls._cum.get(n)
        if cum is None:
            cum = cls._cum[n] = list(itertools.accumulate(1.0 / (i + 1) for i in range(n)))
        return items[bisect.bisect(cum, rng.random() * cum[-1], 0, n - 1)]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


class Writer:
    """Generates bodies; deterministic given the seed and each status's own number."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.rng = random.Random()
        pool = random.Random(f"roost-load/{seed}/viral-urls")
        self.viral = [self._fresh_url(pool, "en") for _ in range(VIRAL_URLS)]

    def reseed(self, number: int) -> random.Random:
        """The generator of status ``number``'s content (the same in every process)."""
        self.rng.seed(self.seed * 0x9E3779B1 + number)
        return self.rng

    # ------------------------------------------------------------------ pieces
    def sentence(self, lang_code: str, topic: str) -> str:
        """One sentence of the language about the topic."""
        rng = self.rng
        lang = LANGUAGES[lang_code]
        verbs, nouns = lang.topics[topic]
        n = Zipf.pick(rng, nouns)
        n2 = Zipf.pick(rng, nouns)
        if n2 == n:
            n2 = nouns[(nouns.index(n) + 1) % len(nouns)]
        values = {
            "v": Zipf.pick(rng, verbs),
            "n": n,
            "n2": n2,
            "t": Zipf.pick(rng, lang.times),
            "p": Zipf.pick(rng, lang.places),
            "a": Zipf.pick(rng, lang.adjectives),
        }
        for key in ("v", "n", "t", "a"):
            values[key.upper()] = _capital(values[key])
        text = rng.choice(lang.templates).format(**values)
        if lang.spaced:
            text = _capital(text)
            if text[-1] not in ".!?…":
                text += "."
        return text

    def _fresh_url(self, rng: random.Random, lang: str) -> str:
        def slug(lo: int = 2, hi: int = 5) -> str:
            return "-".join(rng.choice(SLUG_WORDS) for _ in range(rng.randint(lo, hi)))

        def chars(n: int, alphabet: str = _ID_CHARS) -> str:
            return "".join(rng.choice(alphabet) for _ in range(n))

        handle = rng.choice(SLUG_WORDS) + str(rng.randint(1, 999))
        kind = rng.randrange(10)
        if kind == 0:
            return f"https://github.com/{handle}/{slug(1, 2)}"
        if kind == 1:
            return f"https://www.youtube.com/watch?v={chars(11)}"
        if kind == 2:
            return f"https://{lang}.wikipedia.org/wiki/{rng.choice(WIKI_TITLES)}"
        if kind == 3:
            return f"https://medium.com/{handle}/{slug()}-{chars(12, '0123456789abcdef')}"
        if kind == 4:
            return f"https://news.example.com/{rng.randint(2019, 2025)}/{rng.randint(1, 12):02d}/{slug()}"
        if kind == 5:
            return f"https://blog.example.org/posts/{slug()}"
        if kind == 6:
            return f"example.com/{slug(1, 3)}"  # typed without a scheme: expanded as http://
        if kind == 7:
            return f"http://www.example.net/{slug(1, 3)}.html"
        if kind == 8:
            return f"https://open.spotify.com/track/{chars(22, _ALNUM)}"
        return f"https://www.instagram.com/p/{chars(11)}/"

    def url(self, lang: str) -> str:
        """A link: a quarter of them from the shared pool of popular ones."""
        rng = self.rng
        if rng.random() < 0.25:
            return self.viral[bisect.bisect(_VIRAL_CUM, rng.random() * _VIRAL_CUM[-1])]
        return self._fresh_url(rng, lang)

    # ------------------------------------------------------------------ a whole body
    def body(self, lang_code: str, lead: Sequence[str], mentions: Sequence[str]) -> tuple[str, int]:
        """(status text, number of URLs in it). ``lead`` are screen names typed first (an
        explicit reply's ``@author``), ``mentions`` the others, in this order in the text."""
        rng = self.rng
        lang = LANGUAGES[lang_code]
        sep = " " if lang.spaced else ""
        topic = TOPICS[rng.randrange(len(TOPICS))]
        head = [f"@{name}" for name in lead]
        tail: list[str] = []
        inline = [f"@{name}" for name in mentions]
        if inline and rng.random() < 0.5:
            head.extend(inline)
            inline = []
        urls = 0
        if rng.random() < (0.35 if topic in ("tech", "media") else 0.15):
            tail.append(self.url(lang_code))
            urls = 1
        if lang_code == "en" and topic == "tech" and rng.random() < 0.15:
            tail.insert(0, f"${rng.choice(CASHTAGS)}")
        tags = _HASHTAG_COUNTS[rng.randrange(len(_HASHTAG_COUNTS))]
        if tags:
            chosen = dict.fromkeys(Zipf.pick(rng, lang.hashtags) for _ in range(tags))
            tail.extend(f"#{tag}" for tag in chosen)
        # At most 4 mentions, one URL, a cashtag and 3 hashtags leave room for the longest
        # sentence of every language, so the first sentence always fits.
        budget = MAX_WEIGHTED_LENGTH
        for piece in head + tail + inline:
            budget -= (TRANSFORMED_URL_LENGTH if "/" in piece else weight_bound(piece)) + 1
        sentences: list[str] = []
        for _ in range(_SENTENCES[rng.randrange(len(_SENTENCES))]):
            s = self.sentence(lang_code, topic)
            if rng.random() < 0.2:
                s += sep + rng.choice(EMOJI)
            cost = weight_bound(s) + len(sep)
            if cost > budget and sentences:
                break
            sentences.append(s)
            budget -= cost
        if rng.random() < 0.12:
            extra = rng.choice(lang.questions if rng.random() < 0.5 else lang.exclamations)
            if weight_bound(extra) + len(sep) <= budget:
                sentences.append(extra)
                budget -= weight_bound(extra) + len(sep)
        if budget < 0:
            raise AssertionError(f"generated text over {MAX_WEIGHTED_LENGTH} characters")
        text = sep.join(sentences)
        if inline:
            text = f"{text} {' '.join(inline)}"
        if head:
            text = f"{' '.join(head)} {text}"
        if tail:
            text = f"{text} {' '.join(tail)}"
        return text, urls


_VIRAL_CUM = list(itertools.accumulate(1.0 / (i + 1) for i in range(VIRAL_URLS)))
