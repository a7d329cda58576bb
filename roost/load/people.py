"""Who the synthetic accounts are: names per language, profile texts, home cities.

Given names and family names come as ``display=ascii`` pairs: the display form goes into the
account's name, the ASCII form into its screen name (Twitter's screen names are ASCII letters,
digits and underscores). Home cities carry the coordinates geotagged statuses are placed around
(offline reverse geocoding then names the place, as statuses/update does).
"""

from __future__ import annotations

from dataclasses import dataclass

from roost.load.words import w


def _pairs(items: str) -> tuple[tuple[str, str], ...]:
    """``display=ascii`` pairs; a name without ``=`` is its own ASCII form."""
    out = []
    for item in w(items):
        display, _, ascii_form = item.partition("=")
        out.append((display, ascii_form or display.lower()))
    return tuple(out)


@dataclass(frozen=True)
class City:
    """A home city: the profile's location text and a point near its centre."""

    label: str  # at most 30 characters (users.location)
    lat: float
    long: float


@dataclass(frozen=True)
class Folk:
    """One language's names, profile phrases and cities."""

    given: tuple[tuple[str, str], ...]
    family: tuple[tuple[str, str], ...]
    family_first: bool  # "Tanaka Yuki" order in the display name
    roles: tuple[str, ...]
    interests: tuple[str, ...]
    extras: tuple[str, ...]
    connector: str  # "and" between two interests
    cities: tuple[City, ...]


def _cities(*rows: tuple[str, float, float]) -> tuple[City, ...]:
    return tuple(City(label, lat, long) for label, lat, long in rows)


FOLK = {
    "en": Folk(
        given=_pairs(
            "James|Mary|John|Patricia|Robert|Jennifer|Michael|Linda|David|Emily|Chris|Sarah|"
            "Daniel|Jessica|Matthew|Ashley|Andrew|Olivia|Josh|Emma|Ryan|Hannah|Kevin|Megan|"
            "Tyler|Chloe|Brandon|Grace|Nathan|Zoe|Sam|Lily|Alex|Ava|Jordan|Mia|Ethan|Amelia"
        ),
        family=_pairs(
            "Smith|Johnson|Williams|Brown|Jones|Miller|Davis|Wilson|Anderson|Taylor|Thomas|"
            "Moore|Martin|Jackson|Thompson|White|Harris|Clark|Lewis|Walker|Hall|Young|King|"
            "Wright|Scott|Green|Baker|Adams|Nelson|Hill|Campbell|Mitchell|Carter|Turner|Parker"
        ),
        family_first=False,
        roles=w(
            "Software engineer|Coffee addict|Dog person|Teacher|Photographer|Runner|Designer|"
            "Student|Writer|Product manager|Musician|Nurse|Data scientist|Gamer|Chef|Journalist"
        ),
        interests=w(
            "music|books|football|travel|open source|cooking|film|hiking|jazz|science|"
            "cycling|baseball|politics|podcasts|gardening|climbing"
        ),
        extras=w("Opinions are my own|he/him|she/her|they/them|Views my own|Always learning"),
        connector="and",
        cities=_cities(
            ("New York, NY", 40.7128, -74.0060),
            ("Los Angeles, CA", 34.0522, -118.2437),
            ("Chicago, IL", 41.8781, -87.6298),
            ("San Francisco, CA", 37.7749, -122.4194),
            ("Seattle, WA", 47.6062, -122.3321),
            ("Austin, TX", 30.2672, -97.7431),
            ("Boston, MA", 42.3601, -71.0589),
            ("London, England", 51.5074, -0.1278),
            ("Manchester, England", 53.4808, -2.2426),
            ("Toronto, Ontario", 43.6532, -79.3832),
            ("Sydney, Australia", -33.8688, 151.2093),
            ("Dublin, Ireland", 53.3498, -6.2603),
        ),
    ),
    "es": Folk(
        given=_pairs(
            "María=maria|José=jose|Lucía=lucia|Carlos|Sofía=sofia|Javier|Valentina|Diego|"
            "Camila|Alejandro|Martina|Pablo|Paula|Miguel|Daniela|Andrés=andres|Isabela|"
            "Sergio|Elena|Mateo|Carmen|Hugo|Laura|Álvaro=alvaro"
        ),
        family=_pairs(
            "García=garcia|Rodríguez=rodriguez|Martínez=martinez|López=lopez|Sánchez=sanchez|"
            "Pérez=perez|Gómez=gomez|Fernández=fernandez|Díaz=diaz|Torres|Ramírez=ramirez|"
            "Flores|Romero|Vargas|Castro|Ortiz|Morales|Herrera|Navarro|Ruiz"
        ),
        family_first=False,
        roles=w(
            "Ingeniera de software|Periodista|Profesor|Fotógrafa|Estudiante|Diseñador|"
            "Médica|Programador|Escritora|Músico|Cocinero|Abogada"
        ),
        interests=w(
            "la música|los libros|el fútbol|los viajes|el cine|la cocina|la tecnología|"
            "el café|la montaña|la fotografía"
        ),
        extras=w("Opiniones propias|Siempre aprendiendo|Del Atleti|Culé|Hincha de Boca"),
        connector="y",
        cities=_cities(
            ("Madrid, España", 40.4168, -3.7038),
            ("Barcelona, España", 41.3874, 2.1686),
            ("Ciudad de México", 19.4326, -99.1332),
            ("Buenos Aires, Argentina", -34.6037, -58.3816),
            ("Bogotá, Colombia", 4.7110, -74.0721),
            ("Lima, Perú", -12.0464, -77.0428),
            ("Santiago, Chile", -33.4489, -70.6693),
            ("Sevilla, España", 37.3891, -5.9845),
        ),
    ),
    "fr": Folk(
        given=_pairs(
            "Camille|Louis|Léa=lea|Hugo|Chloé=chloe|Lucas|Manon|Gabriel|Inès=ines|Jules|"
            "Sarah|Arthur|Juliette|Théo=theo|Zoé=zoe|Nathan|Clara|Maxime|Émilie=emilie|Antoine"
        ),
        family=_pairs(
            "Martin|Bernard|Dubois|Thomas|Robert|Richard|Petit|Durand|Leroy|Moreau|Simon|"
            "Laurent|Lefèvre=lefevre|Michel|Garcia|David|Bertrand|Roux|Fournier|Girard"
        ),
        family_first=False,
        roles=w(
            "Développeuse|Journaliste|Prof|Photographe|Étudiant|Graphiste|Médecin|"
            "Ingénieur|Autrice|Musicien|Cuisinier|Libraire"
        ),
        interests=w(
            "la musique|les livres|le foot|les voyages|le cinéma|la cuisine|le vélo|"
            "la photo|le jazz|la BD"
        ),
        extras=w("Avis perso|Toujours curieux|Fan de l'OL|Parisienne|Rennais"),
        connector="et",
        cities=_cities(
            ("Paris, France", 48.8566, 2.3522),
            ("Lyon, France", 45.7640, 4.8357),
            ("Marseille, France", 43.2965, 5.3698),
            ("Montréal, Québec", 45.5019, -73.5674),
            ("Bruxelles, Belgique", 50.8503, 4.3517),
            ("Toulouse, France", 43.6047, 1.4442),
            ("Genève, Suisse", 46.2044, 6.1432),
        ),
    ),
    "de": Folk(
        given=_pairs(
            "Lukas|Anna|Leon|Lena|Paul|Marie|Jonas|Lea|Felix|Sophie|Maximilian|Laura|Tim|"
            "Hannah|Jan|Julia|Niklas|Lisa|Moritz|Katharina|Jürgen=juergen|Jörg=joerg"
        ),
        family=_pairs(
            "Müller=mueller|Schmidt|Schneider|Fischer|Weber|Meyer|Wagner|Becker|Schulz|"
            "Hoffmann|Koch|Richter|Klein|Wolf|Schröder=schroeder|Neumann|Schwarz|Braun|"
            "Zimmermann|Krüger=krueger"
        ),
        family_first=False,
        roles=w(
            "Softwareentwicklerin|Journalist|Lehrerin|Fotograf|Student|Designerin|Ärztin|"
            "Ingenieur|Autorin|Musiker|Koch|Bibliothekarin"
        ),
        interests=w("Musik|Bücher|Fußball|Reisen|Kino|Kochen|Radfahren|Fotografie|Wandern|Technik"),
        extras=w("Meinung ist meine eigene|Immer neugierig|Wahlberliner|Kaffeetrinker"),
        connector="und",
        cities=_cities(
            ("Berlin, Deutschland", 52.5200, 13.4050),
            ("München, Deutschland", 48.1351, 11.5820),
            ("Hamburg, Deutschland", 53.5511, 9.9937),
            ("Köln, Deutschland", 50.9375, 6.9603),
            ("Wien, Österreich", 48.2082, 16.3738),
            ("Zürich, Schweiz", 47.3769, 8.5417),
            ("Frankfurt am Main", 50.1109, 8.6821),
        ),
    ),
    "ja": Folk(
        given=_pairs(
            "翔太=shota|陽菜=hina|蓮=ren|結衣=yui|大翔=hiroto|さくら=sakura|悠真=yuma|美咲=misaki|"
            "健太=kenta|愛=ai|拓海=takumi|葵=aoi|直樹=naoki|花=hana|亮=ryo|由紀=yuki"
        ),
        family=_pairs(
            "佐藤=sato|鈴木=suzuki|高橋=takahashi|田中=tanaka|伊藤=ito|渡辺=watanabe|"
            "山本=yamamoto|中村=nakamura|小林=kobayashi|加藤=kato|吉田=yoshida|山田=yamada|"
            "松本=matsumoto|井上=inoue|木村=kimura|林=hayashi"
        ),
        family_first=True,
        roles=w(
            "エンジニア|会社員|学生|デザイナー|写真家|看護師|教師|ライター|イラストレーター|料理人"
        ),
        interests=w("音楽|読書|サッカー|旅行|映画|料理|カメラ|アニメ|ゲーム|猫"),
        extras=w("無言フォロー失礼します|よろしくお願いします|個人の見解です|日常垢"),
        connector="と",
        cities=_cities(
            ("東京都", 35.6762, 139.6503),
            ("大阪市", 34.6937, 135.5023),
            ("京都市", 35.0116, 135.7681),
            ("横浜市", 35.4437, 139.6380),
            ("札幌市", 43.0618, 141.3545),
            ("福岡市", 33.5904, 130.4017),
            ("名古屋市", 35.1815, 136.9066),
        ),
    ),
    "pt": Folk(
        given=_pairs(
            "Ana|João=joao|Beatriz|Pedro|Mariana|Lucas|Júlia=julia|Gabriel|Larissa|Rafael|"
            "Fernanda|Thiago|Camila|Bruno|Letícia=leticia|Gustavo|Inês=ines|Tiago|Rita|Diogo"
        ),
        family=_pairs(
            "Silva|Santos|Oliveira|Souza|Pereira|Costa|Rodrigues|Almeida|Nascimento|Lima|"
            "Araújo=araujo|Ferreira|Carvalho|Gomes|Martins|Rocha|Ribeiro|Alves|Monteiro|Sousa"
        ),
        family_first=False,
        roles=w(
            "Desenvolvedora|Jornalista|Professor|Fotógrafa|Estudante|Designer|Médica|"
            "Engenheiro|Escritora|Músico|Cozinheiro|Advogada"
        ),
        interests=w(
            "música|livros|futebol|viagens|cinema|culinária|tecnologia|café|praia|fotografia"
        ),
        extras=w("Opiniões próprias|Sempre aprendendo|Flamenguista|Corinthiana|Tripeiro"),
        connector="e",
        cities=_cities(
            ("São Paulo, Brasil", -23.5505, -46.6333),
            ("Rio de Janeiro, Brasil", -22.9068, -43.1729),
            ("Lisboa, Portugal", 38.7223, -9.1393),
            ("Porto, Portugal", 41.1579, -8.6291),
            ("Belo Horizonte, MG", -19.9167, -43.9345),
            ("Brasília, DF", -15.7939, -47.8828),
            ("Curitiba, PR", -25.4284, -49.2733),
        ),
    ),
}

# Words that end a screen name ("ana_dev", "TheRealSam"): ASCII, short.
HANDLE_WORDS = w("dev|writes|codes|art|music|photo|fan|tv|news|daily|real|io|hq|xyz|jr|online")
# Screen names the generator never hands out: ``roost serve`` creates @demo on first start.
RESERVED = frozenset({"demo", "roost", "admin", "twitter", "support"})
