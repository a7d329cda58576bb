"""Search tokens, documents and plans: what the index holds and what each operator asks of it."""

from __future__ import annotations

import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st

from roost.domain.model import Tweet
from roost.search import ast
from roost.search.document import EVERY, document
from roost.search.parser import QueryError, parse
from roost.search.plan import EVERYTHING, NOTHING, AllOf, AnyOf, PlanError, Tokens, plan
from roost.search.tokens import tag, words
from roost.store.search import SQLITE_CREATE, fts5_query, tsquery, tsvector

USERS = {"nasa": 11, "bob": 12}
LISTS = {("nasa", "crew"): [12, 13]}


def _plan(q: str):  # noqa: ANN202
    return plan(
        parse(q), lambda n: USERS.get(n.lower()), lambda o, s: LISTS.get((o.lower(), s.lower()))
    )


def _tweet(text: str, **kw: object) -> Tweet:
    defaults: dict[str, object] = {
        "id": 1,
        "user_id": 7,
        "text": text,
        "display_start": 0,
        "display_end": len(text),
        "entities": {"hashtags": [], "symbols": [], "user_mentions": [], "urls": []},
        "source_name": "t",
        "source_url": "https://t.example",
    }
    defaults.update(kw)
    return Tweet(**defaults)  # type: ignore[arg-type]


def test_words_fold_case_and_accents_and_split_unspaced_scripts() -> None:
    assert words("Café OLÉ don't") == ("cafe", "ole", "don", "t")
    assert words("東京タワー") == ("東", "京", "タ", "ワ", "ー")
    assert words("हिंदी भाषा") == ("हिंदी", "भाषा")  # vowel signs are not accents
    assert words("I ❤️ 😀") == ("i", "_e2764", "_e1f600")
    assert words("snake_case") == ("snake", "case")
    assert tag("h", "Café_Olé") == "_h_cafeole" and tag("f", 5) == "_f_5"


def test_documents_hold_words_urls_and_operator_tokens() -> None:
    tweet = _tweet(
        "Look #Cats $AAPL @bob https://t.co/abcdefghij",
        user_id=7,
        in_reply_to_user_id=12,
        lang="en",
        possibly_sensitive=True,
        entities={
            "hashtags": [{"text": "Cats", "indices": [5, 10]}],
            "symbols": [{"text": "AAPL", "indices": [11, 16]}],
            "user_mentions": [{"id": 12, "screen_name": "bob", "indices": [17, 21]}],
            "urls": [
                {
                    "url": "https://t.co/abcdefghij",
                    "expanded_url": "https://www.vine.co/v/Abc",
                    "indices": [22, 45],
                }
            ],
        },
    )
    doc = document(tweet, media_kinds=["photo"], attitude=1, question=True)
    assert doc[:5] == ["look", "cats", "aapl", "bob", "_sep"]
    assert "abcdefghij" not in doc and "t" not in doc  # the t.co link is not text
    for token in (
        "vine", "_u_vine", "_u_co", "_u_abc", EVERY, "_f_7", "_t_12", "_m_12", "_h_cats",
        "_c_aapl", "_l_en", "_x_replies", "_x_links", "_x_media", "_x_twimg", "_x_images",
        "_x_vine", "_x_nativevideo", "_x_sensitive", "_a_pos", "_q_yes",
    ):  # fmt: skip
        assert token in doc, token
    assert "www" not in doc and "https" not in doc


def test_operators_map_to_index_tokens() -> None:
    assert _plan("watching now").match == AllOf((Tokens(("watching",)), Tokens(("now",))))
    assert _plan('"happy hour"').match == Tokens(("happy", "hour"))
    assert _plan("love OR hate").match == AnyOf((Tokens(("love",)), Tokens(("hate",))))
    assert _plan("beer -root").match == AllOf((Tokens(("beer",)),), (Tokens(("root",)),))
    assert _plan("-root").match == AllOf((EVERYTHING,), (Tokens(("root",)),))
    assert _plan("#Haiku").match == Tokens(("_h_haiku",))
    assert _plan("from:NASA").match == Tokens(("_f_11",))
    assert _plan("to:bob").match == Tokens(("_t_12",))
    assert _plan("@nasa").match == Tokens(("_m_11",))
    assert _plan("from:nobody").match == NOTHING
    assert _plan("list:NASA/crew").match == AnyOf((Tokens(("_f_12",)), Tokens(("_f_13",))))
    assert _plan("list:nasa/none").match == NOTHING
    assert _plan("url:amazon").match == Tokens(("_u_amazon",), prefix=True)
    assert _plan("filter:safe").match == AllOf((EVERYTHING,), (Tokens(("_x_sensitive",)),))
    assert _plan("puppy -filter:retweets").match == AllOf(
        (Tokens(("puppy",)),), (Tokens(("_x_retweets",)),)
    )
    assert _plan(":)").match == Tokens(("_a_pos",)) and _plan(":(").match == Tokens(("_a_neg",))
    assert _plan("traffic ?").match == AllOf((Tokens(("traffic",)), Tokens(("_q_yes",))))
    assert _plan("東京").match == Tokens(("東", "京"))


def test_dates_and_counts_bound_the_whole_query() -> None:
    made = _plan("superhero since:2015-12-21 until:2015-12-22 min_faves:10")
    assert made.match == Tokens(("superhero",))
    assert made.min_id is not None and made.max_id is not None and made.min_id < made.max_id
    assert made.counts.faves == 10
    for nested in ("a OR since:2015-12-21", "-until:2015-12-21", "(a min_faves:3) OR b"):
        try:
            _plan(nested)
        except PlanError:
            continue
        raise AssertionError(nested)


def test_compiled_queries_on_a_real_fts5_table() -> None:
    db = sqlite3.connect(":memory:")
    db.execute(SQLITE_CREATE)
    docs = {
        1: ["happy", "hour", "_all", "_f_11"],
        2: ["hour", "of", "happy", "_all", "_f_12", "_x_sensitive"],
        3: ["root", "beer", "_all", "_u_amazonsmile"],
    }
    for rowid, tokens in docs.items():
        db.execute(
            "INSERT INTO status_search (rowid, doc) VALUES (?, ?)", (rowid, " ".join(tokens))
        )

    def run(q: str) -> list[int]:
        sql = "SELECT rowid FROM status_search WHERE status_search MATCH ? ORDER BY rowid DESC"
        return [r[0] for r in db.execute(sql, (fts5_query(_plan(q).match),))]

    assert run("happy hour") == [2, 1]
    assert run('"happy hour"') == [1]
    assert run("-happy") == [3]
    assert run("filter:safe") == [3, 1]
    assert run("url:amazon") == [3]
    assert run("from:nasa OR beer") == [3, 1]
    assert run("from:nobody") == []


def test_tsquery_and_tsvector_text() -> None:
    assert tsquery(_plan('"happy hour" -root').match) == "(('happy' <-> 'hour') & !'root')"
    assert tsquery(_plan("url:amaz").match) == "'_u_amaz':*"
    assert tsvector(["a", "b", "a"]) == "'a':1,3 'b':2"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_any_query_parses_and_plans_or_fails_cleanly(q: str) -> None:
    try:
        tree = parse(q)
    except QueryError:
        return
    assert isinstance(tree, ast.Node.__args__)  # type: ignore[attr-defined]
    try:
        made = _plan(q)
    except PlanError:
        return
    fts5_query(made.match)
    tsquery(made.match)


@settings(max_examples=400, deadline=None)
@given(
    st.floats(-85, 85),
    st.floats(-179.9, 179.9),
    st.floats(0.05, 3000),
    st.floats(0, 1),
    st.floats(0, 360),
)
def test_geocode_cells_cover_every_point_inside_the_circle(
    lat: float, long: float, radius_km: float, fraction: float, bearing: float
) -> None:
    """Whatever the circle, a point inside it has one of its cells among the query's."""
    import math

    from roost.search.document import geo_tokens
    from roost.search.plan import near

    d = radius_km * fraction * 0.999 / 6371.0088
    b = math.radians(bearing)
    p1, l1 = math.radians(lat), math.radians(long)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(
        math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2)
    )
    point = (math.degrees(p2), (math.degrees(l2) + 540) % 360 - 180)
    match = near(lat, long, radius_km)
    cells = {t.tokens[0] for t in (match.parts if isinstance(match, AnyOf) else (match,))}
    if abs(point[1] - long) > 180 - 1e-9 or max(abs(lat), abs(point[0])) > 84:
        return  # circles across the antimeridian or the poles are clamped, not wrapped
    assert cells & set(geo_tokens(point)), (point, sorted(cells)[:5])
