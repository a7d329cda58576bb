"""What synthetic statuses say: per-language vocabularies, sentence templates and hashtags.

Sentences are built from templates whose slots are filled from topic word lists (a verb and a
noun phrase of the same topic, so people eat food and watch films), each list sampled with
Zipf-like weights so some words are common and most are rare, as in real text. Nothing here
contains a ``.`` inside a word, an ``@``, a ``#`` or a ``$``: the only entities in a generated
text are the ones the generator puts there on purpose (see ``text.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

LANGS = ("en", "es", "fr", "de", "ja", "pt")
# Share of users whose first language each is (roughly Twitter's mix among these six).
LANG_WEIGHTS = (0.50, 0.15, 0.07, 0.06, 0.12, 0.10)
TOPICS = ("food", "media", "tech", "sport", "life")


def w(items: str) -> tuple[str, ...]:
    """A word list written as one ``|``-separated string."""
    return tuple(items.split("|"))


@dataclass(frozen=True)
class Language:
    """One language's material; ``templates`` use {V} {v} {n} {t} {p} {a} slots."""

    code: str
    spaced: bool  # words separated by spaces (False for Japanese)
    topics: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]  # topic -> (verbs, nouns)
    times: tuple[str, ...]
    places: tuple[str, ...]
    adjectives: tuple[str, ...]
    templates: tuple[str, ...]
    questions: tuple[str, ...]
    exclamations: tuple[str, ...]
    hashtags: tuple[str, ...]


EN = Language(
    code="en",
    spaced=True,
    topics={
        "food": (
            w("just had|finally tried|can't stop eating|made|ordered|shared"),
            w(
                "the best tacos|a huge bowl of ramen|homemade pizza|pancakes|a flat white|avocado toast|fresh sourdough|spicy noodles|a burrito|iced coffee|chocolate cake|green tea|a bagel|dumplings"
            ),
        ),
        "media": (
            w("just finished|can't stop listening to|started watching|rewatched|am reading|loved"),
            w(
                "the new album|that documentary|the season finale|a great podcast|this book about history|the trailer|an old playlist|the live stream|a classic movie|the soundtrack|the new series|that interview"
            ),
        ),
        "tech": (
            w(
                "just shipped|spent all day debugging|finally fixed|am learning|deployed|refactored|benchmarked"
            ),
            w(
                "the new release|a weird bug|my side project|the API|a tiny script|the database migration|the build pipeline|my laptop setup|the open source library|the test suite|a flaky test|the cache"
            ),
        ),
        "sport": (
            w("watched|cheered at|went to|played|missed|streamed"),
            w(
                "the match|the final|a pickup game|the derby|the marathon|the playoffs|the highlights|the penalty shootout|morning practice|the race|the season opener"
            ),
        ),
        "life": (
            w("finally cleaned|spent the weekend on|planned|enjoyed|survived|booked"),
            w(
                "the garden|a long walk|the commute|a rainy afternoon|the family dinner|a road trip|moving day|the new apartment|a quiet evening|the dog park|a birthday party|the farmers market"
            ),
        ),
    },
    times=w(
        "today|this morning|tonight|last night|this weekend|again|finally|yesterday|right now|all week"
    ),
    places=w(
        "at home|at the office|with friends|downtown|at the beach|on the train|at the airport|in the park"
    ),
    adjectives=w(
        "amazing|so good|incredible|a disaster|pretty fun|perfect|wild|underrated|exhausting|worth it"
    ),
    templates=w(
        "{V} {n} {t}|{V} {n} {p} and it was {a}|Honestly {n} is {a}|Can't believe I {v} {n} {t}|{T} I {v} {n} {p}|{N} {t}? {A}|So I {v} {n} {t}|{V} {n} and {n2}|Not gonna lie, {n} was {a}"
    ),
    questions=w(
        "What do you think?|Any recommendations?|Thoughts?|Who else?|Is it just me?|Should I do it again?"
    ),
    exclamations=w("Amazing!|So good!|Let's go!|Wow.|Best day ever!|Ugh."),
    hashtags=w(
        "NowPlaying|MondayMotivation|Python|OpenSource|WorldCup|coffee|tbt|photography|books|AI|travel|foodie|NBA|gamedev|100DaysOfCode|rainyday|weekend|music|news|ClimateAction|running|DevOps"
    ),
)

ES = Language(
    code="es",
    spaced=True,
    topics={
        "food": (
            w("acabo de probar|preparé|pedí|no paro de comer|desayuné|compartí"),
            w(
                "una paella|churros con chocolate|tortilla de patatas|un café con leche|empanadas|arepas|un helado|pan casero|sushi|unos tacos"
            ),
        ),
        "media": (
            w("terminé|empecé a ver|estoy escuchando|volví a ver|estoy leyendo"),
            w(
                "el nuevo disco|la serie|ese documental|el último capítulo|un podcast buenísimo|la película|el libro|la banda sonora"
            ),
        ),
        "tech": (
            w("lancé|arreglé|estoy aprendiendo|desplegué|pasé el día depurando"),
            w(
                "mi proyecto|un bug rarísimo|la nueva versión|la API|el servidor|un script|la base de datos|las pruebas"
            ),
        ),
        "sport": (
            w("vi|fui a|jugué|me perdí|disfruté"),
            w(
                "el partido|la final|el clásico|la carrera|los penaltis|el entrenamiento|el maratón|el derbi"
            ),
        ),
        "life": (
            w("limpié|disfruté|organicé|planeé|reservé"),
            w(
                "la casa|un paseo largo|el viaje|la cena familiar|la mudanza|una tarde de lluvia|el fin de semana|la fiesta"
            ),
        ),
    },
    times=w("hoy|esta mañana|anoche|esta tarde|el fin de semana|por fin|otra vez|ayer"),
    places=w("en casa|en la oficina|con amigos|en el centro|en la playa|en el tren"),
    adjectives=w("increíble|genial|espectacular|lo mejor|un desastre|muy divertido|brutal"),
    templates=w(
        "{V} {n} {t}|{T} {v} {n} {p} y fue {a}|¡Qué día! {V} {n}|{V} {n} {p}, {a}|Sinceramente {n} fue {a}|No me lo creo: {v} {n} {t}|{V} {n} y {n2}"
    ),
    questions=w("¿Qué opinan?|¿Recomendaciones?|¿Alguien más?|¿Ustedes qué harían?"),
    exclamations=w("¡Increíble!|¡Qué bueno!|¡Vamos!|¡No puedo más!"),
    hashtags=w(
        "LaLiga|FelizLunes|música|viernes|fútbol|cine|libros|viajes|comida|tecnología|Madrid|BuenosAires|verano|AI"
    ),
)

FR = Language(
    code="fr",
    spaced=True,
    topics={
        "food": (
            w("je viens de goûter|j'ai préparé|j'ai commandé|on a mangé"),
            w(
                "une galette|des croissants|une raclette|un bon café|une tarte aux pommes|des crêpes|un plat de pâtes|du pain frais"
            ),
        ),
        "media": (
            w("je viens de finir|j'ai commencé|j'écoute en boucle|j'ai revu|je lis"),
            w(
                "le nouvel album|la série|ce documentaire|le dernier épisode|un super podcast|le film|ce roman|la bande originale"
            ),
        ),
        "tech": (
            w("j'ai déployé|j'ai corrigé|j'apprends|j'ai passé la journée sur"),
            w(
                "mon projet perso|un bug bizarre|la nouvelle version|l'API|le serveur|un petit script|la base de données"
            ),
        ),
        "sport": (
            w("j'ai regardé|on est allés voir|j'ai joué|j'ai raté"),
            w("le match|la finale|le derby|la course|les tirs au but|l'entraînement|le marathon"),
        ),
        "life": (
            w("j'ai rangé|j'ai profité de|j'ai organisé|j'ai réservé"),
            w(
                "l'appartement|une longue balade|le voyage|le repas de famille|le déménagement|un après-midi pluvieux|le week-end"
            ),
        ),
    },
    times=w("aujourd'hui|ce matin|hier soir|cet après-midi|ce week-end|enfin|encore une fois"),
    places=w("à la maison|au bureau|avec des amis|en ville|à la plage|dans le train"),
    adjectives=w("génial|incroyable|top|magnifique|une catastrophe|trop drôle|parfait"),
    templates=w(
        "{V} {n} {t}|{T}, {v} {n} {p} et c'était {a}|Franchement, {n} c'était {a}|{V} {n} {p}|Bon, {v} {n} {t}|{V} {n} et {n2}"
    ),
    questions=w("Vous en pensez quoi ?|Des recommandations ?|Qui d'autre ?"),
    exclamations=w("Génial !|Trop bien !|Allez !|Incroyable !"),
    hashtags=w("Ligue1|lundi|musique|cinéma|lecture|voyage|cuisine|Paris|tech|météo|vacances"),
)

DE = Language(
    code="de",
    spaced=True,
    topics={
        "food": (
            w("Ich esse gerade|Ich liebe|Heute gibt es|Ich koche"),
            w(
                "eine Brezel|Käsespätzle|einen Döner|Kaffee und Kuchen|eine Currywurst|frisches Brot|Apfelstrudel"
            ),
        ),
        "media": (
            w("Ich höre gerade|Ich schaue|Ich lese|Ich feiere"),
            w(
                "das neue Album|die Serie|diese Doku|das Staffelfinale|einen tollen Podcast|den Film|den Roman|den Soundtrack"
            ),
        ),
        "tech": (
            w("Ich debugge gerade|Ich lerne|Ich repariere|Ich deploye"),
            w(
                "mein Projekt|einen seltsamen Bug|die neue Version|die API|den Server|ein kleines Skript|die Datenbank"
            ),
        ),
        "sport": (
            w("Ich schaue|Wir spielen|Ich verpasse|Ich feiere"),
            w(
                "das Spiel|das Finale|das Derby|das Rennen|das Elfmeterschießen|das Training|den Marathon"
            ),
        ),
        "life": (
            w("Ich putze|Ich genieße|Ich plane|Ich buche"),
            w(
                "die Wohnung|einen langen Spaziergang|die Reise|das Familienessen|den Umzug|einen verregneten Nachmittag|das Wochenende"
            ),
        ),
    },
    times=w("heute|heute Morgen|gestern Abend|am Wochenende|endlich|schon wieder"),
    places=w("zu Hause|im Büro|mit Freunden|in der Stadt|am See|im Zug"),
    adjectives=w("großartig|unglaublich|super|wunderschön|eine Katastrophe|total lustig|perfekt"),
    templates=w(
        "{v} {n} {t}|{v} {n} {p}. Das war {a}|{v} {n}. Einfach {a}|{v} {n} und {n2}|{T}: {v} {n}"
    ),
    questions=w("Was meint ihr?|Habt ihr Tipps?|Wer noch?"),
    exclamations=w("Großartig!|Wahnsinn!|Los geht's!|Endlich!"),
    hashtags=w(
        "Bundesliga|Montag|Musik|Kino|Bücher|Reisen|Kaffee|Berlin|Technik|Wochenende|Fußball"
    ),
)

JA = Language(
    code="ja",
    spaced=False,
    topics={
        "food": (
            w("を食べた|を作った|を注文した|が美味しかった"),
            w("ラーメン|お寿司|カレー|たこ焼き|抹茶ラテ|おにぎり|天ぷら|焼き鳥|パンケーキ"),
        ),
        "media": (
            w("を見た|を聴いている|を読み終わった|にハマっている"),
            w(
                "新しいアルバム|アニメの最終回|ドキュメンタリー|ポッドキャスト|映画|小説|ドラマ|ライブ配信"
            ),
        ),
        "tech": (
            w("をリリースした|を直した|を勉強中|をデプロイした"),
            w("新しいバージョン|謎のバグ|個人開発のアプリ|API|サーバー|スクリプト|データベース"),
        ),
        "sport": (
            w("を観た|に行った|で盛り上がった"),
            w("試合|決勝戦|マラソン|日本代表の試合|練習|ハイライト"),
        ),
        "life": (
            w("を掃除した|を楽しんだ|を計画中"),
            w("部屋|散歩|旅行|家族との夕食|引っ越し|雨の午後|週末"),
        ),
    },
    times=w("今日は|今朝|昨日の夜|週末に|やっと|また"),
    places=w("家で|会社で|友達と|駅前で|海で|電車で"),
    adjectives=w("最高|すごい|楽しかった|やばい|完璧|感動した"),
    templates=w("{t}{p}{n}{v}。|{n}{v}。{a}！|{t}{n}{v}。|{p}{n}{v}。{a}。|{n}と{n2}{v}。"),
    questions=w("みんなはどう思う？|おすすめある？|誰か一緒に行かない？"),
    exclamations=w("最高！|嬉しい！|ありがとう！|疲れた…"),
    hashtags=w("拡散希望|今日のご飯|アニメ|東京|音楽|写真|プログラミング|週末|猫|ラーメン"),
)

PT = Language(
    code="pt",
    spaced=True,
    topics={
        "food": (
            w("acabei de provar|fiz|pedi|não paro de comer"),
            w(
                "um pão de queijo|uma feijoada|açaí|um pastel de nata|brigadeiros|um café|coxinhas|uma pizza caseira"
            ),
        ),
        "media": (
            w("terminei|comecei a ver|estou ouvindo|revi|estou lendo"),
            w(
                "o novo álbum|a série|esse documentário|o último episódio|um podcast ótimo|o filme|o livro|a trilha sonora"
            ),
        ),
        "tech": (
            w("lancei|consertei|estou aprendendo|passei o dia depurando"),
            w(
                "meu projeto|um bug estranho|a nova versão|a API|o servidor|um script|o banco de dados"
            ),
        ),
        "sport": (
            w("assisti|fui ver|joguei|perdi"),
            w("o jogo|a final|o clássico|a corrida|os pênaltis|o treino"),
        ),
        "life": (
            w("arrumei|aproveitei|organizei|reservei"),
            w(
                "a casa|uma caminhada longa|a viagem|o almoço de família|a mudança|uma tarde chuvosa|o fim de semana"
            ),
        ),
    },
    times=w("hoje|hoje de manhã|ontem à noite|hoje à tarde|no fim de semana|finalmente|de novo"),
    places=w("em casa|no escritório|com os amigos|no centro|na praia|no metrô"),
    adjectives=w("incrível|demais|sensacional|o melhor|um desastre|muito divertido|perfeito"),
    templates=w(
        "{V} {n} {t}|{T} {v} {n} {p} e foi {a}|Sinceramente {n} foi {a}|{V} {n} {p}|Gente, {v} {n} {t}|{V} {n} e {n2}"
    ),
    questions=w("O que vocês acham?|Alguma dica?|Quem mais?"),
    exclamations=w("Incrível!|Que demais!|Bora!|Finalmente!"),
    hashtags=w(
        "Brasileirão|segunda|música|futebol|cinema|livros|viagem|comida|SãoPaulo|tecnologia|Lisboa"
    ),
)

LANGUAGES = {lang.code: lang for lang in (EN, ES, FR, DE, JA, PT)}

# Shared by every language (each weighs 2 in twitter-text's count, whatever its code points).
EMOJI = w("😂|❤️|🔥|👍|🎉|😍|🙏|✨|😭|💯|🚀|☕|🌞|⚽|📚|🎶|😅|🤔|👀|🙌|🐶|🍕|🌧️|👏🏽")
CASHTAGS = w("AAPL|TSLA|NVDA|MSFT|BTC|ETH|SPY|AMZN")
# URL material: ASCII only, no parentheses, so twitter-text finds exactly the URL put there.
SLUG_WORDS = w(
    "how|why|the|best|new|guide|to|review|first|look|inside|city|budget|data|open|source|music|season|recipe|travel|history|future|small|big|week|notes|release|interview|photos|map|report|science|coffee|football|design|python|tips|story"
)
WIKI_TITLES = w(
    "Snowflake_ID|Espresso|Marathon|Tokyo|Eurovision_Song_Contest|SQLite|PostgreSQL|Football|Ramen|Jazz|Lisbon|Berlin|Bossa_nova|Croissant|Paella|Haiku|Volcano|Octopus|Sourdough|Tour_de_France"
)
