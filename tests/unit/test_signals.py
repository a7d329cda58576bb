"""domain/signals.py: a status text's language, attitude and whether it asks a question."""

from __future__ import annotations

import threading

import pytest

from roost.domain import signals
from roost.domain.signals import Signals, asks_question, attitude_of, language_of, signals_of

# Short tweet-like sentences, two per language; codes as the v1.1 lang field gave them.
SENTENCES = {
    "en": [
        "Just finished my morning run, feeling great",
        "Anyone else stuck in traffic on the bridge right now?",
    ],
    "es": [
        "Acabo de terminar de correr, me siento genial",
        "Llueve todo el fin de semana, me quedo en casa",
    ],
    "pt": [
        "Não acredito no jogo de ontem, que final",
        "Meu voo atrasou de novo, terceira vez este mês",
    ],
    "fr": [
        "Le nouveau café du centre-ville est vraiment bon",
        "Il pleut tout le week-end donc je reste chez moi",
    ],
    "de": [
        "Ich kann das Spiel von gestern Abend nicht glauben",
        "Es regnet das ganze Wochenende, ich bleibe zu Hause",
    ],
    "it": [
        "Ho appena finito di correre, mi sento benissimo",
        "Piove tutto il fine settimana, resto a casa",
    ],
    "nl": [
        "Ik kan de wedstrijd van gisteravond niet geloven",
        "Het regent het hele weekend dus ik blijf thuis",
    ],
    "tr": [
        "Sabah koşumu yeni bitirdim, harika hissediyorum",
        "Şehir merkezindeki yeni kafe gerçekten çok iyi",
    ],
    "ru": ["Только что закончил утреннюю пробежку", "Все выходные дождь, остаюсь дома"],
    "ar": ["لا أصدق مباراة الليلة الماضية", "الجو حار جدا اليوم في الرياض"],
    "hi": ["कल रात के मैच पर यकीन नहीं हो रहा", "आज दिल्ली में बहुत गर्मी है"],
    "ja": ["朝のランニング終わった、気持ちいい", "週末はずっと雨だから家にいる"],
    "zh": ["市中心新开的咖啡店真的很好喝", "我的航班又延误了"],
    "ko": ["방금 아침 달리기 끝났어, 기분 최고", "주말 내내 비가 와서 집에 있을 거야"],
    "in": ["Kafe baru di pusat kota enak banget", "Hari ini Jakarta panas sekali"],
    "iw": ["בית הקפה החדש במרכז העיר ממש טוב", "היום חם מאוד בתל אביב"],
}
CASES = [(lang, text) for lang, texts in SENTENCES.items() for text in texts]


@pytest.mark.parametrize(("lang", "text"), CASES)
def test_language_of_short_sentences(lang: str, text: str) -> None:
    assert language_of(text) == lang


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("bonjour tout le monde", "fr"),
        ("muchas gracias!!", "es"),
        ("vielen Dank!!", "de"),
        ("おはようございます", "ja"),
        ("你好", "zh"),  # two ideographs are enough
        ("정말 고마워!!", "ko"),
        ("спасибо большое!!", "ru"),
    ],
)
def test_language_of_greetings(text: str, lang: str) -> None:
    assert language_of(text) == lang


def test_legacy_codes_for_indonesian_and_hebrew() -> None:
    assert signals.TWITTER_CODES == {"id": "in", "he": "iw"}
    assert language_of("Selamat pagi semuanya, apa kabar hari ini") == "in"
    assert language_of("בוקר טוב לכולם, מה שלומכם") == "iw"
    detected = {signals.TWITTER_CODES.get(c, c) for c in signals.DETECTED_LANGUAGES}
    assert "id" not in detected and "he" not in detected
    assert {"en", "es", "pt", "fr", "de", "ja", "ar", "ru", "ko", "zh", "hi", "it", "tr", "nl"} < (
        detected
    )


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "lol",
        "ok ok",
        "hahaha",
        "kkkkk",
        "ㅋㅋㅋ",
        "草",
        "xD",
        ":)",
        "!!!",
        "???",
        "12345 678",
        "😂😂😂",
        "👍🔥",
        "Paris",
        "omg",
        "https://example.com/some/long/english/path",
        "@someone @another_one",
        "#MondayMotivation #GoodVibesOnly",
        "$TWTR $AAPL",
        "@someone #tbt https://t.co/abcdefghij 🎉 2024",
    ],
)
def test_und_when_there_is_nothing_to_tell(text: str) -> None:
    assert language_of(text) == "und"


def test_entities_are_ignored() -> None:
    french = "Il pleut tout le week-end donc je reste chez moi"
    english_entities = (
        "@the_english_speaker #ThisIsAnEnglishHashtag $MSFT "
        "https://example.com/what/a/wonderful/english/path?with=words "
    )
    assert language_of(english_entities + french) == "fr"
    assert language_of(french + " " + english_entities.strip()) == "fr"
    assert language_of("www.the-lovely-english-weather.co.uk " + french) == "fr"
    # a list reference is left out like a mention
    assert language_of("@someone/the-best-english-list " + french) == "fr"
    # and what stays is still read: the hashtag words alone are not
    assert language_of("#EsGibtKeinDeutsch #NurHashtags") == "und"


def test_language_is_deterministic() -> None:
    text = "Qualcun altro bloccato nel traffico adesso?"
    assert {language_of(text) for _ in range(5)} == {"it"}
    assert language_of(text) == signals_of(text).lang


def test_language_of_is_safe_to_call_from_threads() -> None:
    found: list[str] = []
    threads = [
        threading.Thread(target=lambda t=text: found.append(language_of(t)))
        for _, text in CASES[:8]
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(found) == sorted(lang for lang, _ in CASES[:8])


@pytest.mark.parametrize(
    ("text", "attitude"),
    [
        ("I love this :)", 1),
        ("flight delayed again :(", -1),
        ("best day ever 😍", 1),
        ("worst service ever 😡", -1),
        ("Thank you so much, this is wonderful", 1),
        ("This is terrible and I hate it", -1),
        ("The meeting is at 3pm in room 4", 0),
        ("not bad at all", 1),
        ("this is not good", -1),
        ("Me encanta :)", 1),  # other languages: their emoticons count
        ("je déteste les lundis :(", -1),
        ("", 0),
        ("https://example.com", 0),
    ],
)
def test_attitude_of(text: str, attitude: int) -> None:
    assert attitude_of(text) == attitude


def test_attitude_ignores_urls_mentions_and_cashtags() -> None:
    assert attitude_of("@happy_dev the build is at https://example.com/great/love") == 0
    assert attitude_of("$GOOD $LOVE") == 0
    assert attitude_of("@sad_person I love this :)") == 1
    assert attitude_of("so #happy today") == 1  # a hashtag's word speaks


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("Anyone else stuck in traffic?", True),
        ("Is it at example.com?", True),  # the ? ends the sentence, not the URL
        ("¿Alguien más atrapado en el tráfico", True),
        ("¿Qué hora es?", True),
        ("今、橋の上で渋滞にはまってる人いる？", True),
        ("هل هناك أحد عالق في الزحمة الآن؟", True),
        ("what‽", True),
        ("really ❓", True),
        ("see https://example.com/search?q=roost", False),
        ("example.com/?a=1&b=2 is the page", False),
        ("No questions here.", False),
        ("", False),
    ],
)
def test_asks_question(text: str, question: bool) -> None:
    assert asks_question(text) is question


def test_signals_of_gives_all_three() -> None:
    assert signals_of("Why is my flight delayed again? :( https://example.com/?q=1") == Signals(
        lang="en", attitude=-1, question=True
    )
    assert signals_of("¿Vienes a la fiesta esta noche? Me encanta :)") == Signals(
        lang="es", attitude=1, question=True
    )
    assert signals_of("") == Signals(lang="und", attitude=0, question=False)
    text = "朝のランニング終わった、気持ちいい"
    assert signals_of(text) == Signals(language_of(text), attitude_of(text), asks_question(text))


def test_text_is_read_in_nfc() -> None:
    decomposed = "Nao acredito no jogo de ontem, que final".replace("Nao", "Na\u0303o")
    assert language_of(decomposed) == language_of(decomposed.replace("a\u0303", "\u00e3"))


def test_preload_loads_both_models() -> None:
    signals.preload()
    assert signals._identifier is not None and signals._analyzer is not None


@pytest.mark.parametrize(
    "text",
    [
        "I love this :)",
        "flight delayed again :(",
        "is it raining? https://x.co/?a=1",
        "@happy_dev ok",
    ],
)
def test_attitude_and_question_agree_with_signals_of(text: str) -> None:
    said = signals.signals_of(text)
    assert signals.attitude_and_question(text) == (said.attitude, said.question)
