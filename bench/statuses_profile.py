"""What ``python -m bench.statuses --profile show|update`` prints: a per-request breakdown over
the functions each endpoint runs through, then the cProfile hotspots."""

from __future__ import annotations

from bench.profiling import Probe, breakdown, hotspots

REQUEST = Probe("whole request (MethodTable.respond)", "roost/api/endpoint.py", "respond")
_AUTH = Probe("  OAuth 1.0a: authenticate", "roost/app.py", "authenticate")
_RENDER = Probe("  render: context queries + tweet_v1", "roost/api/v1/statuses.py", "render")
_CONTEXT = [
    Probe("    load_tweet_context", "roost/render/tweets.py", "load_tweet_context"),
    Probe("      users_by_ids", "roost/store/sql.py", "users_by_ids"),
    Probe(
        "      load_viewer (following/requested_among)", "roost/render/context.py", "load_viewer"
    ),
    Probe("      retweets_by_among", "roost/store/statuses.py", "retweets_by_among"),
    Probe("      favorited_among", "roost/store/statuses.py", "favorited_among"),
    Probe("    tweet_v1", "roost/render/tweets.py", "tweet_v1"),
]
_STORE = [
    Probe(
        "SQLAlchemy: statement coercion (coercions.expect)", "sqlalchemy/sql/coercions.py", "expect"
    ),
    Probe(
        "SQLAlchemy: execute (cache key, compile, run)",
        "sqlalchemy/engine/base.py",
        "_execute_clauseelement",
    ),
    Probe(
        "  sqlite3: Cursor.execute (SQLite itself)",
        "~",
        "method 'execute' of 'sqlite3.Cursor'",
    ),
    Probe("orjson.dumps", "~", "orjson.dumps"),
]
PROBES = {
    "show": [
        _AUTH,
        Probe("  services.tweets.show (status_by_id)", "roost/services/tweets.py", "show"),
        _RENDER,
        *_CONTEXT,
        *_STORE,
    ],
    "update": [
        _AUTH,
        Probe("  services.tweets.post", "roost/services/tweets.py", "post"),
        Probe("    text.compose", "roost/domain/text.py", "compose"),
        Probe(
            "    text.entities (parse, users_by_screen_names)", "roost/domain/text.py", "entities"
        ),
        Probe("    recent_texts (duplicate rule)", "roost/store/statuses.py", "recent_texts"),
        Probe("    insert_status", "roost/store/statuses.py", "insert_status"),
        Probe("    insert_mentions", "roost/store/statuses.py", "insert_mentions"),
        Probe("    insert_tco", "roost/store/statuses.py", "insert_tco"),
        Probe("    adjust_user_counts", "roost/store/sql.py", "adjust_user_counts"),
        Probe(
            "    store.write: connect, BEGIN IMMEDIATE, COMMIT (2 resumes)",
            "roost/store/sql.py",
            "write",
        ),
        Probe(
            "      sqlite3: Connection.commit",
            "~",
            "method 'commit' of 'sqlite3.Connection'",
        ),
        _RENDER,
        *_CONTEXT,
        *_STORE,
    ],
}


def profile_report(path: str, endpoint: str) -> str:
    """The breakdown for ``endpoint`` ("show" or "update"), then the hotspots."""
    handler = Probe(endpoint, "roost/api/v1/statuses.py", endpoint)
    return breakdown(path, handler, REQUEST, PROBES[endpoint]) + "\n\n" + hotspots(path)
