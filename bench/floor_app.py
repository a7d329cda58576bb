"""The floor app: bare Starlette endpoints doing only the work Roost's measured endpoints cannot
skip, so bench/floor.py can say how close to each goal *any* server in this stack could come.

Every endpoint checks the request's OAuth 1.0a signature (with Roost's own verifier, the fastest
one Roost has: bench/verify_credentials) and answers what the real endpoint answers, a Tweet
Roost rendered before the run, serialised by orjson. What each adds to that, and nothing else:

* ``/floor/show``: nothing (statuses/show with every lookup and the rendering skipped);
* ``/floor/home`` and ``/floor/entries``: 20 (home_timeline's default page) and 200
  (collections/entries at count=200) Tweets, their ids read from SQLite by one indexed query;
* ``/floor/update`` (the status in the query, as tweepy sends statuses/update) and
  ``/floor/v2`` (``{"text": ...}`` as tweepy's Client.create_tweet sends POST /2/tweets): the
  text's twitter-text weighted length and entities, its language and sentiment (issue 7:
  detected when the Tweet is written; ``signals_of`` is Roost's, batched py3langid and VADER),
  and one durable SQLite write of the row (``BEGIN IMMEDIATE``, ``INSERT``, ``COMMIT`` in WAL
  mode with synchronous=NORMAL, Roost's settings): no search index, no counts, no t.co table.

No store abstraction, no rate-limit counting, no parameter validation, no rendering: whatever
Roost does beyond this is where its own cost lies; whatever this cannot reach, Roost cannot.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from roost.auth import oauth1
from roost.domain import signals, text

PATHS = {
    "show": "/floor/show",
    "home": "/floor/home",
    "entries": "/floor/entries",
    "update": "/floor/update",
    "v2": "/floor/v2",
}
HOME_PAGE = 20
ENTRIES_PAGE = 200
_JSON = "application/json; charset=utf-8"
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS statuses (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL,"
    " text TEXT NOT NULL, lang TEXT NOT NULL, attitude INTEGER NOT NULL)",
    "CREATE INDEX IF NOT EXISTS statuses_user ON statuses (user_id, id)",
)


def _open(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "busy_timeout=10000"):
        conn.execute(f"PRAGMA {pragma}")
    for statement in _SCHEMA:
        conn.execute(statement)
    return conn


def create_floor_app(
    database_path: str, secrets: dict[str, list[str]], tweet: dict[str, Any]
) -> Starlette:
    """The floor endpoints. ``secrets``: access token -> [consumer secret, token secret];
    ``tweet``: a v1.1 Tweet as Roost rendered it (statuses/show of a Tweet with entities)."""
    signals.preload()
    conn = _open(database_path)
    if conn.execute("SELECT count(*) FROM statuses").fetchone()[0] < ENTRIES_PAGE:
        conn.executemany(
            "INSERT INTO statuses (id, user_id, text, lang, attitude) VALUES (?, 1, ?, 'en', 0)",
            [(k, tweet["text"]) for k in range(1, ENTRIES_PAGE + 1)],
        )
    next_id = iter(range(10**9, 2 * 10**9)).__next__
    trimmed = {**tweet, "user": {"id": tweet["user"]["id"], "id_str": tweet["user"]["id_str"]}}

    def verified(request: Request, form: bytes | None = None) -> bool:
        params = oauth1.parse_authorization_header(request.headers.get("authorization", ""))
        if not params or params.get("oauth_token") not in secrets:
            return False
        consumer_secret, token_secret = secrets[params["oauth_token"]]
        signed = oauth1.collect_params(request.scope.get("query_string", b""), params, form)
        base = f"http://{request.headers['host']}{request.url.path}"
        signature = params.get("oauth_signature", "")
        return oauth1.verify_hmac_sha1(
            request.method, [base], signed, signature, consumer_secret, token_secret
        )

    def page(count: int) -> list[int]:
        rows = conn.execute(
            "SELECT id FROM statuses WHERE user_id = 1 ORDER BY id DESC LIMIT ?", (count,)
        ).fetchall()
        return [row[0] for row in rows]

    def write(status: str) -> dict[str, Any]:
        """What statuses/update cannot skip: twitter-text, the signals, one durable row."""
        length = text.weighted_length(status)
        if not length.valid:
            raise ValueError("invalid status")
        said = signals.signals_of(status)
        status_id = next_id()  # handlers run on the one event loop: no lock needed
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT INTO statuses (id, user_id, text, lang, attitude) VALUES (?, 2, ?, ?, ?)",
            (status_id, status, said.lang, said.attitude),
        )
        conn.execute("COMMIT")
        return {
            **tweet,
            "id": status_id,
            "id_str": str(status_id),
            "text": status,
            "lang": said.lang,
        }

    def unauthorized() -> Response:
        body = b'{"errors":[{"code":32,"message":"Could not authenticate you."}]}'
        return Response(body, 401, media_type=_JSON)

    async def show(request: Request) -> Response:
        if not verified(request):
            return unauthorized()
        return Response(orjson.dumps(tweet), media_type=_JSON)

    async def home(request: Request) -> Response:
        if not verified(request):
            return unauthorized()
        tweets = [{**tweet, "id": k, "id_str": str(k)} for k in page(HOME_PAGE)]
        return Response(orjson.dumps(tweets), media_type=_JSON)

    async def entries(request: Request) -> Response:
        if not verified(request):
            return unauthorized()
        ids = page(ENTRIES_PAGE)
        body = {
            "objects": {
                "tweets": {str(k): {**trimmed, "id": k, "id_str": str(k)} for k in ids},
                "users": {tweet["user"]["id_str"]: tweet["user"]},
            },
            "response": {
                "timeline": [{"tweet": {"id": str(k), "sort_index": str(k)}} for k in ids],
                "position": {"max_position": str(ids[0]), "min_position": str(ids[-1])},
            },
        }
        return Response(orjson.dumps(body), media_type=_JSON)

    async def update(request: Request) -> Response:
        if not verified(request):
            return unauthorized()
        return Response(orjson.dumps(write(request.query_params["status"])), media_type=_JSON)

    async def v2(request: Request) -> Response:
        if not verified(request):  # a JSON body is not part of the signature
            return unauthorized()
        made = write(orjson.loads(await request.body())["text"])
        return Response(
            orjson.dumps({"data": {"id": made["id_str"], "text": made["text"]}}),
            201,
            media_type=_JSON,
        )

    handlers = {"show": show, "home": home, "entries": entries, "update": update, "v2": v2}
    methods = {"update": ["POST"], "v2": ["POST"]}
    return Starlette(
        routes=[
            Route(path, handlers[name], methods=methods.get(name, ["GET"]))
            for name, path in PATHS.items()
        ]
    )
