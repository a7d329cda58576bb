"""domain/text.py: the ASCII fast path of weighted_length equals twitter-text's, and compose()."""

from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from roost.domain import text, twitter_text

_ASCII = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=127), max_size=400)
_PIECES = st.lists(
    st.one_of(
        _ASCII,
        st.sampled_from(
            [
                "https://example.com/a/b?c=d",
                "example.org",
                "http://t.co/abcdefghij",
                "www.twitter.com/x",
                " ",
                "#tag",
                "@user",
                "$CASH",
                "\n",
                "\r\n",
                "x.y.z",
            ]
        ),
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(_PIECES)
def test_ascii_fast_path_equals_the_library(pieces: list[str]) -> None:
    status = "".join(pieces)
    assert status.isascii()
    ours = text.weighted_length(status)
    library = twitter_text.weighted_length(status)
    assert (ours.weighted_length, ours.valid, ours.permillage) == (
        library.weighted_length,
        library.valid,
        library.permillage,
    )


@settings(max_examples=300, deadline=None)
@given(_PIECES, st.booleans())
def test_hashtags_of_composed_text_equal_a_fresh_extraction(
    pieces: list[str], attach: bool
) -> None:
    """entities() reuses compose()'s links for the hashtag/URL overlap rule instead of extracting
    the stored text again: the hashtags must be the ones a fresh extraction finds."""
    composed = text.compose(
        "".join(pieces),
        attachment_url="https://twitter.com/a/status/1" if attach else None,
        media_url="https://twitter.com/a/status/2/photo/1" if not attach else None,
    )
    found = text.entities(composed, lambda names: {})
    fresh = twitter_text.extract_hashtags(composed.text)
    assert found["hashtags"] == [{"text": h.text, "indices": [h.start, h.end]} for h in fresh]


def test_non_ascii_goes_to_the_library() -> None:
    assert text.weighted_length("\u3042" * 140).weighted_length == 280
    assert text.weighted_length("\U0001f600").weighted_length == 2
    assert text.weighted_length("caf\u00e9").weighted_length == 4


def test_compose_wraps_urls_and_keeps_indices() -> None:
    composed = text.compose(
        "see example.com/x and https://example.org", ["alice"], "https://twitter.com/bob/status/1"
    )
    assert composed.text.startswith("@alice see https://t.co/")
    assert composed.display_start == len("@alice ")
    for url in composed.urls:
        start, end = url["indices"]
        assert composed.text[start:end] == url["url"] and len(url["url"]) == 23
    assert composed.urls[-1]["expanded_url"] == "https://twitter.com/bob/status/1"
    assert composed.text[composed.display_end :] == " " + composed.urls[-1]["url"]


def test_tco_codes_are_stable_and_alphanumeric() -> None:
    code = text.tco_code("https://example.com")
    assert code == text.tco_code("https://example.com") != text.tco_code("https://example.org")
    assert len(code) == 10 and set(code) <= set(string.ascii_letters + string.digits)


def test_display_url() -> None:
    assert text.display_url("https://www.example.com/") == "example.com"
    assert (
        text.display_url("http://example.com/a/very/long/path?q=1")
        == "example.com/a/very/long/pa\u2026"
    )
    assert text.display_url("example.com") == "example.com"
