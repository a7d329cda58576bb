"""A posted status's ``lang``, detected from what its author wrote, through tweepy on both stores."""

from __future__ import annotations

import pytest

from tests.support.cast import Cast


@pytest.mark.parametrize(
    ("status", "lang"),
    [
        ("Just finished my morning run, feeling great", "en"),
        ("朝のランニング終わった、気持ちいい", "ja"),
        ("Acabo de terminar de correr, me siento genial", "es"),
        ("Meu voo atrasou de novo, terceira vez este mês", "pt"),
        ("היום חם מאוד בתל אביב", "iw"),  # v1.1's legacy codes
        ("Selamat pagi semuanya, apa kabar hari ini", "in"),
        ("lol", "und"),
    ],
)
def test_update_detects_lang(cast: Cast, status: str, lang: str) -> None:
    tweet = cast.plain.api.update_status(status=status)
    assert tweet.lang == lang and tweet._json["lang"] == lang
    assert cast.plain.api.get_status(tweet.id).lang == lang
    assert cast.owner.api.get_status(tweet.id, tweet_mode="extended")._json["lang"] == lang


def test_entities_do_not_count(cast: Cast) -> None:
    owner = cast.owner.user.screen_name
    tweet = cast.plain.api.update_status(
        status=f"@{owner} #SomeEnglishHashtag https://example.com/the/english/words "
        "Il pleut tout le week-end donc je reste chez moi"
    )
    assert tweet.lang == "fr"
    only = cast.plain.api.update_status(status=f"@{owner} #tbt $TWTR https://example.com/x 🎉")
    assert only.lang == "und"


def test_reply_prefix_and_quote_link_do_not_count(cast: Cast) -> None:
    original = cast.owner.api.update_status(status="Ich kann das Spiel von gestern nicht glauben")
    reply = cast.plain.api.update_status(
        status="Het regent het hele weekend dus ik blijf thuis",
        in_reply_to_status_id=original.id,
        auto_populate_reply_metadata=True,
    )
    assert reply.text.startswith("@") and reply.lang == "nl"
    link = f"https://twitter.com/{cast.owner.user.screen_name}/status/{original.id}"
    quote = cast.plain.api.update_status(
        status="Ho appena finito di correre, mi sento benissimo", attachment_url=link
    )
    assert quote.is_quote_status and quote.lang == "it"


def test_retweet_keeps_its_originals_lang(cast: Cast) -> None:
    original = cast.owner.api.update_status(status="Сегодня в Москве очень жарко")
    assert original.lang == "ru"
    retweet = cast.plain.api.retweet(original.id)
    assert retweet.lang == "ru" and retweet.retweeted_status.lang == "ru"
    assert cast.plain.api.get_status(retweet.id).lang == "ru"
    timeline = cast.plain.api.user_timeline(user_id=cast.plain.id)
    assert [(t.id, t.lang) for t in timeline] == [(retweet.id, "ru")]
