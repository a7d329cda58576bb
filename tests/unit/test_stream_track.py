"""The seeds' ``track`` rules: their whole table of examples, then the edges they leave open.

Every example is checked twice: as plain text (a ``Candidate`` without entities) and as Roost
posts it (twitter-text's URLs wrapped in t.co links, hashtags, mentions and cashtags as
entities), since the seeds' examples are what a user typed and the matcher sees the stored form.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from roost.domain import text as status_text
from roost.domain.model import Tweet
from roost.stream import track as track_module
from roost.stream.filters import Candidate, Filter
from roost.stream.matcher import candidate_of, matches
from roost.stream.track import (
    candidate_terms,
    link_terms,
    phrase_terms,
    token_terms,
    url_terms,
)


@dataclass(frozen=True)
class _Account:
    id: int
    screen_name: str
    name: str


def _everyone(names: list[str]) -> dict[str, Any]:
    """A mention resolver for which every screen name is an account."""
    return {n: _Account(1000 + i, n, n.title()) for i, n in enumerate(names)}


def posted(typed: str, user_id: int = 1) -> Candidate:
    """The candidate of ``typed`` as statuses/update stores it."""
    composed = status_text.compose(typed)
    entities = status_text.entities(composed, _everyone)
    tweet = Tweet(
        id=1,
        user_id=user_id,
        text=composed.text,
        display_start=composed.display_start,
        display_end=composed.display_end,
        entities=entities,
        source_name="web",
        source_url="https://roost.test",
    )
    return candidate_of(tweet)


def plain(typed: str) -> Candidate:
    """``typed`` as a status without any entity."""
    return Candidate(status_id=1, user_id=1, text=typed)


def tracks(track: str, c: Candidate) -> bool:
    """Whether a ``track`` parameter value (commas: OR) matches the status."""
    return matches(Filter(track=tuple(p.strip() for p in track.split(","))), c)


# The seeds' table, row by row: parameter value, "Will match...", "Will not match...".
SEEDS_TABLE = [
    (
        "Twitter",
        [
            "TWITTER",
            "twitter",
            "“Twitter”",
            "twitter.",
            "#twitter",
            "@twitter",
            "http://twitter.com",
        ],
        ["TwitterTracker", "#newtwitter"],
    ),
    ("Twitter’s", ["I like Twitter’s new design"], ["Someday I’d like to visit @Twitter’s office"]),
    (
        "twitter api,twitter streaming",
        [
            "The Twitter API is awesome",
            "The twitter streaming service is fast",
            "Twitter has a streaming API",
        ],
        ["I’m new to Twitter"],
    ),
    ("example.com", ["Someday I will visit example.com"], ["There is no example.com/foobarbaz"]),
    (
        "example.com/foobarbaz",
        ["example.com/foobarbaz", "www.example.com/foobarbaz"],
        ["example.com"],
    ),
    ("www.example.com/foobarbaz", [], ["www.example.com/foobarbaz"]),
    (
        "example com",
        [
            "example.com",
            "www.example.com",
            "foo.example.com",
            "foo.example.com/bar",
            "I hope my startup isn’t merely another example of a dot com boom!",
        ],
        [],
    ),
]
_MATCH = [(t, text) for t, yes, _ in SEEDS_TABLE for text in yes]
_NO_MATCH = [(t, text) for t, _, no in SEEDS_TABLE for text in no]


@pytest.mark.parametrize("build", [plain, posted], ids=["plain", "posted"])
@pytest.mark.parametrize(("track", "typed"), _MATCH)
def test_seeds_will_match(track: str, typed: str, build: Any) -> None:
    assert tracks(track, build(typed))


@pytest.mark.parametrize("build", [plain, posted], ids=["plain", "posted"])
@pytest.mark.parametrize(("track", "typed"), _NO_MATCH)
def test_seeds_will_not_match(track: str, typed: str, build: Any) -> None:
    assert not tracks(track, build(typed))


def test_posted_examples_hold_the_entities_they_are_about() -> None:
    """The posted half of the table really goes through entities, not plain words."""
    assert posted("example.com").spans[0][0] == "url"
    assert posted("@twitter").spans[0][0] == "mention"
    assert posted("#twitter").spans[0][0] == "hashtag"
    assert posted("Someday I’d like to visit @Twitter’s office").mentions == ("twitter",)


# ---------------------------------------------------------------- phrases


def test_phrase_terms_split_at_spaces_lower_case_no_duplicates() -> None:
    assert phrase_terms("Twitter  API") == ("twitter", "api")
    assert phrase_terms(" the the THE ") == ("the",)
    assert phrase_terms("Twitter’s") == ("twitter’s",)
    assert phrase_terms("") == ()


def test_phrase_terms_lower_not_casefold() -> None:
    assert phrase_terms("STRASSE") == ("strasse",)
    assert phrase_terms("Straße") == ("straße",)
    assert not tracks("STRASSE", plain("die Straße"))
    assert tracks("STRASSE", plain("die strasse"))


def test_terms_are_order_free_and_all_needed() -> None:
    assert tracks("api twitter", plain("Twitter has an API"))
    assert not tracks("twitter api", plain("Twitter has a streaming service"))
    assert tracks("twitter twitter", plain("twitter"))


def test_an_empty_phrase_matches_nothing() -> None:
    assert not matches(Filter(track=("",)), plain("anything"))
    assert not matches(Filter(track=("   ",)), plain("anything"))


# ---------------------------------------------------------------- punctuation


def test_punctuation_in_the_tweet_is_ignored() -> None:
    for typed in (
        "hello",
        "hello.",
        "(hello)",
        "hello!!!",
        "“hello”",
        "¡hello!",
        "hello…",
        "hello:",
    ):
        assert tracks("hello", plain(f"my brother says {typed}")), typed


def test_a_punctuated_term_is_that_token_only() -> None:
    assert tracks("hello.", plain("my brother says hello."))
    assert tracks("hello.", plain("he said (hello.)"))
    assert tracks("hello.", plain("he said “hello.”"))
    assert not tracks("hello.", plain("hello world"))
    assert not tracks("hello.", plain("hello, world"))
    assert not tracks("hello.", plain("hello.world"))


def test_trimmed_forms_keep_up_to_three_or_all_of_a_run() -> None:
    terms = token_terms("(hello!!!!!)")
    for form in ("hello", "hello!", "hello!!!", "(hello!!!!!)", "hello!!!!!)", "(hello"):
        assert form in terms
    assert "hello!!!!" not in terms  # 4 of 6: only 0-3 or all are kept


def test_curly_and_straight_apostrophes_are_different_characters() -> None:
    assert not tracks("Twitter's", plain("I like Twitter’s new design"))
    assert tracks("Twitter's", plain("I like Twitter's new design"))
    assert tracks("Twitter", plain("I like Twitter’s new design"))
    assert tracks("“Twitter”", plain("so “Twitter” it is"))


def test_inner_punctuation_makes_words_and_one_token() -> None:
    c = plain("state-of-the-art AT&T at 3.14 o'clock")
    for term in ("state", "art", "state-of-the-art", "at&t", "3.14", "14", "o'clock", "clock"):
        assert tracks(term, c), term
    assert not tracks("state-of", c)


def test_underscore_and_digits_are_word_characters() -> None:
    assert not tracks("twitter", plain("new_twitter"))
    assert tracks("new_twitter", plain("#new_twitter"))
    assert not tracks("twitter", posted("thanks @twitter_api"))
    assert tracks("twitter_api", posted("thanks @twitter_api"))
    assert tracks("2024", plain("see you in 2024!"))
    assert tracks("c3po", plain("C3PO says hi"))
    assert not tracks("c3", plain("C3PO says hi"))


# ---------------------------------------------------------------- hashtags, mentions, cashtags


@pytest.mark.parametrize("build", [plain, posted], ids=["plain", "posted"])
def test_signs_match_their_own_kind(build: Any) -> None:
    assert tracks("#twitter", build("love #Twitter"))
    assert tracks("@twitter", build("thanks @Twitter"))
    assert tracks("$tsla", build("buying $TSLA today"))
    assert tracks("tsla", build("buying $TSLA today"))
    assert not tracks("#twitter", build("thanks @twitter"))
    assert not tracks("@twitter", build("love #twitter"))
    assert not tracks("#twitter", build("love twitter"))


def test_punctuation_is_not_part_of_a_hashtag_or_mention() -> None:
    assert not tracks("#twitter’s", posted("#twitter’s birthday"))
    assert tracks("#twitter", posted("#twitter’s birthday"))
    assert not tracks("@twitter:", posted("@twitter: hi"))
    assert not tracks("twitter:", posted("@twitter: hi"))
    assert tracks("@twitter", posted("(@twitter) hi"))


def test_full_width_signs() -> None:
    c = posted("ｈｉ ＃twitter")
    assert c.hashtags == ("twitter",)
    assert tracks("#twitter", c)
    assert tracks("＃twitter", c)
    assert tracks("twitter", c)


def test_entities_at_the_start_and_at_the_end() -> None:
    c = posted("#Twitter rocks @jack")
    assert c.spans[0][1] == 0 and c.spans[-1][2] == len(c.text)
    for term in ("twitter", "#twitter", "rocks", "jack", "@jack"):
        assert tracks(term, c), term
    assert not tracks("#twitter rocks!", c)


def test_entity_fields_count_without_spans() -> None:
    c = Candidate(status_id=1, user_id=1, text="", hashtags=("Twitter",), mentions=("jack",))
    assert tracks("#twitter", c) and tracks("jack", c) and tracks("@jack", c)


# ---------------------------------------------------------------- URLs


def test_the_tco_link_itself_is_not_matched() -> None:
    c = posted("look https://example.com/page")
    link = c.text.split()[-1]
    assert link.startswith("https://t.co/")
    for term in ("t.co", "co", "https", "http", link, link.rsplit("/", 1)[1]):
        assert not tracks(term, c), term
    assert tracks("example.com/page", c)
    assert tracks("https://example.com/page", c)


def test_url_query_strings_and_fragments() -> None:
    c = posted("read https://www.example.com/page?utm_source=twitter#top")
    for term in (
        "example.com/page",
        "example.com/page?utm_source=twitter",
        "example.com/page?utm_source=twitter#top",
        "example com page",
    ):
        assert tracks(term, c), term
    assert not tracks("twitter", c)  # a query is not about its words
    assert not tracks("utm_source", c)
    assert not tracks("www.example.com/page", c)


def test_a_trailing_slash_is_no_path() -> None:
    assert tracks("example.com", posted("go to https://example.com/"))
    assert tracks("example.com/a", posted("go to https://example.com/a/"))
    assert tracks("example.com/a/", posted("go to https://example.com/a/"))
    assert not tracks("example.com/a/", posted("go to https://example.com/a"))


def test_scheme_and_case() -> None:
    c = posted("see HTTP://Example.COM/Foo")
    assert tracks("example.com/foo", c)
    assert tracks("http://example.com/foo", c)
    assert not tracks("https://example.com/foo", c)


def test_a_cut_display_url_offers_only_whole_words() -> None:
    assert url_terms("example.com/averyveryveryl…") == ("example", "com")
    assert url_terms("example.com/page?utm_sourc…") == ("example", "com", "page")
    assert url_terms("example.com/a/b/…") == ("example", "com", "a", "b")


def test_links_written_out_without_entities() -> None:
    c = plain("see (http://www.example.com/foo).")
    assert tracks("example.com/foo", c)
    assert tracks("http://example.com/foo", c)
    assert not tracks("www.example.com/foo", c)
    assert not tracks("http://www.example.com/foo", c)
    assert not tracks("www", c) and not tracks("http", c)
    assert tracks("http://example.com/foo", plain("see http://example.com/foo"))


def test_media_links_offer_their_expanded_and_display_urls() -> None:
    c = Candidate(
        status_id=1,
        user_id=1,
        text="my cat https://t.co/abcdefghij",
        spans=(("media", 7, 30),),
        urls=(("https://twitter.com/jack/status/1/photo/1", "pic.twitter.com/abcdefghij"),),
    )
    assert tracks("pic.twitter.com/abcdefghij", c)
    assert tracks("twitter.com/jack/status/1/photo/1", c)
    assert tracks("cat photo", c)
    assert not tracks("abcdefghij jack", plain("my cat https://t.co/abcdefghij"))


# ---------------------------------------------------------------- Unicode


def test_accents_match_exactly() -> None:
    assert not tracks("touché", plain("touche"))
    assert not tracks("touche", plain("touché"))
    assert tracks("TOUCHÉ", plain("touché!"))
    nfd = unicodedata.normalize("NFD", "touché")
    assert tracks("touché", plain(nfd)) and tracks(nfd, plain("touché"))


def test_emoji_are_terms_of_their_own() -> None:
    assert tracks("😀", plain("great😀"))
    assert tracks("😀", plain("so 😀 today"))
    assert tracks("great", plain("great😀"))
    assert tracks("👍🏽", plain("ok👍🏽!"))
    assert not tracks("👍", plain("ok👍🏽"))
    assert tracks("🇫🇷", plain("allez 🇫🇷🇫🇷"))
    assert tracks("great😀", plain("great😀"))
    assert "great😀👍" not in token_terms("great😀👍🏽")  # never half a grapheme


def test_cjk_runs_are_single_words() -> None:
    assert not tracks("東京", plain("東京に行きたい"))
    assert tracks("東京に行きたい", plain("東京に行きたい"))
    assert tracks("東京", plain("東京 is big"))


def test_format_characters() -> None:
    assert tracks("hello", plain("hello\u200bworld"))  # a zero-width space separates
    assert tracks("hello", plain("\u200fhello\u200f"))  # bidi marks do not stick to words
    persian = "می\u200cخواهم"  # the zero-width non-joiner is spelling
    assert tracks(persian, plain(f"{persian} بروم"))
    assert not tracks("می", plain(persian))


def test_candidate_terms_is_a_frozenset_of_lower_case_terms() -> None:
    terms = candidate_terms(posted("Hello #World @Jack https://Example.com"))
    assert isinstance(terms, frozenset)
    assert {"hello", "world", "#world", "jack", "@jack", "example.com"} <= terms
    assert all(t == t.lower() for t in terms)


# -- the shortcuts agree with the long way ----------------------------------------------------

# Characters of every kind the grapheme rules treat apart: Latin with and without combining
# marks, (c) and (R) (pictographs), emoji with skin tones and joiners, flags, Hangul jamo and
# syllables, Devanagari with a virama and a spacing mark, Arabic with a prepended number sign,
# Thai's SARA AM (a spacing letter), CJK, the zero-width joiners, punctuation of many scripts.
_GRAPHEME_KINDS = (
    "aZé_9"
    "\u0301\u0308"  # combining acute, diaeresis
    "\u00a9\u00ae"  # (c) (R)
    "😀👍\U0001f3fd\u2764\ufe0f\U0001f1eb\U0001f1f7"  # emoji, a skin tone, VS16, a flag's halves
    "\u1100\u1161\u11a8\uac00"  # jamo L, V, T and a syllable
    "\u0915\u094d\u0937\u093f"  # Devanagari ka, virama, ssa, vowel sign i
    "\u0600\u0661"  # Arabic number sign (Prepend), digit one
    "\u0e01\u0e33"  # Thai ko kai, sara am
    "東京。、「」ひらカナｶﾅ！？＃＠〰〽゙ﾞ"
    "\u200c\u200d"
    ".,!?:;'’“”()¡¿«»…—-/#@$"
)
_odd_token = st.text(alphabet=_GRAPHEME_KINDS, min_size=1, max_size=12).map(track_module.clean)


@settings(max_examples=1500, deadline=None)
@given(_odd_token)
def test_token_terms_shortcuts_agree_with_the_grapheme_walk(token: str) -> None:
    """A token of plain characters skips the emoji search and the grapheme walk, and any
    token skips the walk where no joining character touches a place a form starts or ends:
    the terms are the same as with the walk everywhere."""
    assert set(track_module._token_terms(token)) == set(track_module._token_terms(token, walk=True))


def test_simple_tokens_are_of_characters_that_never_join_and_whose_words_re_finds() -> None:
    """Every character ``_SIMPLE`` lets through: no mark, joiner, pictograph, flag half or
    joining kind (the trimmed forms skip the grapheme walk), and ``re``'s \\w says it is a
    word character exactly when ``_WORD``'s class does (its words are found with ``re``)."""
    unsafe = regex.compile(r"[\p{M}\p{Extended_Pictographic}\p{Regional_Indicator}\u200c\u200d\s]")
    word = regex.compile(r"[\p{L}\p{N}_]")
    simple = [chr(cp) for cp in range(0x110000) if track_module._SIMPLE.fullmatch(chr(cp))]
    assert len(simple) > 29_000  # Latin, Greek, Cyrillic, kana, CJK ideographs, punctuation
    for char in simple:
        assert not unsafe.match(char) and not track_module._JOINING.match(char), hex(ord(char))
        assert bool(track_module._SIMPLE_WORD.fullmatch(char)) == bool(word.match(char)), char


_url_part = st.text(alphabet="abcXYZ09-_./?#=&%~é\u200d…", max_size=14)
_url = st.tuples(
    st.sampled_from(["http://", "https://", "HTTP://www.", "https://www.", "", "ftp://"]),
    st.sampled_from(["example.com", "www.example.com", "twitter.com", "ex.co.uk", "xn--bcher"]),
    st.sampled_from(["", "/"]),
    _url_part,
).map("".join)


@settings(max_examples=600, deadline=None)
@given(_url, st.one_of(_url, _url_part))
def test_link_terms_are_both_urls_terms(expanded: str, display: str) -> None:
    """Whatever the display URL, a link offers the terms of both URLs."""
    assert set(link_terms(expanded, display)) == set(url_terms(expanded)) | set(url_terms(display))


@settings(max_examples=600, deadline=None)
@given(_url)
def test_a_display_url_made_from_the_link_adds_no_term(expanded: str) -> None:
    """The display URL statuses/update makes (scheme and www. dropped, the path cut at 15
    characters with an ellipsis) is found in the expanded one without parsing it."""
    if "://" not in expanded:
        expanded = "http://" + expanded
    display = status_text.display_url(expanded)
    assert set(url_terms(display)) <= set(url_terms(expanded)) or not track_module._cut_from(
        track_module.clean(display), track_module.clean(expanded)
    )
    assert set(link_terms(expanded, display)) == set(url_terms(expanded)) | set(url_terms(display))


_display = st.one_of(
    _url_part,
    st.tuples(_url, st.integers(0, 40), st.booleans()).map(
        lambda t: t[0].split("://", 1)[-1][: t[1]] + ("\u2026" if t[2] else "")
    ),
)


@settings(max_examples=1000, deadline=None)
@given(_url, _display, st.booleans())
def test_the_plain_cut_check_never_says_more_than_the_full_one(
    expanded: str, display: str, made: bool
) -> None:
    """``_plainly_cut`` (on the URLs as written) is True only where ``_cut_from`` of both
    ``clean`` is, whatever the case, ``www.``, scheme or ellipsis."""
    if made:  # the display URL statuses/update makes, half the time
        display = status_text.display_url(expanded if "://" in expanded else "http://" + expanded)
    if track_module._plainly_cut(display, expanded):
        assert track_module._cut_from(track_module.clean(display), track_module.clean(expanded))
        assert set(url_terms(display)) <= set(url_terms(expanded))


def test_the_plain_cut_check_takes_the_common_links() -> None:
    for expanded in (
        "https://medium.com/release826/future-data-big-9c4d8ac2ff72",
        "http://www.example.com/tips",
        "https://example.com/",
    ):
        assert track_module._plainly_cut(status_text.display_url(expanded), expanded)
    assert not track_module._plainly_cut("WWW.example.com/a", "https://WWW.example.com/a")
