"""The search index: one document of tokens per status (search/document.py), kept in the same
unit of work as the status, and asked with a plan's match (search/plan.py).

SQLite holds it in an FTS5 table whose rowid is the status id; PostgreSQL in a table with a
``tsvector`` column and a GIN index. Both index exactly the tokens Roost made (FTS5's
``unicode61`` with ``_`` as a token character re-splits nothing; PostgreSQL's vector is written
out lexeme by lexeme), so the same query finds the same statuses on either store.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from roost.search.plan import AnyOf, Match, Tokens
from roost.store.base import IN_CHUNK, iter_chunks
from roost.store.mixin import TxQueries

SQLITE_TABLE = "status_search"
# FTS5's own tokenizer, told that "_" belongs to words so Roost's operator tokens stay whole.
SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE status_search USING fts5("
    "doc, tokenize = \"unicode61 remove_diacritics 0 tokenchars '_'\", columnsize = 0)"
)


def fts5_query(match: Match) -> str:
    """The FTS5 MATCH text of a match (every token quoted: operator tokens hold ``_``)."""
    if isinstance(match, Tokens):
        phrase = '"' + " ".join(match.tokens) + '"'
        return phrase + " *" if match.prefix else phrase
    if isinstance(match, AnyOf):
        return "(" + " OR ".join(fts5_query(p) for p in match.parts) + ")"
    text = "(" + " AND ".join(fts5_query(p) for p in match.parts) + ")"
    for w in match.without:
        text = f"({text} NOT {fts5_query(w)})"
    return text


def tsquery(match: Match) -> str:
    """The PostgreSQL tsquery text of a match (lexemes quoted, phrases with ``<->``)."""
    if isinstance(match, Tokens):
        lexemes = [f"'{t}'" for t in match.tokens]
        if match.prefix:
            lexemes[-1] += ":*"
        return lexemes[0] if len(lexemes) == 1 else "(" + " <-> ".join(lexemes) + ")"
    if isinstance(match, AnyOf):
        return "(" + " | ".join(tsquery(p) for p in match.parts) + ")"
    parts = [tsquery(p) for p in match.parts] + [f"!{tsquery(w)}" for w in match.without]
    return "(" + " & ".join(parts) + ")"


def tsvector(tokens: Sequence[str]) -> str:
    """A tsvector literal with each token's positions (1-based; phrases need them)."""
    positions: dict[str, list[str]] = {}
    for i, token in enumerate(tokens[:16383], 1):
        positions.setdefault(token, []).append(str(i))
    return " ".join(f"'{t}':{','.join(p)}" for t, p in positions.items())


def insert_documents(
    conn: Connection, dialect: str, docs: Iterable[tuple[int, Sequence[str]]]
) -> None:
    """Add documents (status id, tokens) on any connection (the migration and the loader's
    bulk build use this too)."""
    if dialect == "sqlite":
        rows = [{"sid": sid, "doc": " ".join(tokens)} for sid, tokens in docs]
        sql = "INSERT INTO status_search (rowid, doc) VALUES (:sid, :doc)"
    else:
        rows = [{"sid": sid, "doc": tsvector(tokens)} for sid, tokens in docs]
        sql = "INSERT INTO status_search (status_id, doc) VALUES (:sid, CAST(:doc AS tsvector))"
    if rows:
        conn.execute(sa.text(sql), rows)


class SearchQueries(TxQueries):
    """The index's writes and reads, a mixin of SqlTx."""

    def index_status(self, status_id: int, tokens: Sequence[str]) -> None:
        """Add one status's document (in the unit of work that writes the status)."""
        self.index_statuses([(status_id, tokens)])

    def index_statuses(self, docs: Iterable[tuple[int, Sequence[str]]]) -> None:
        """Add many documents."""
        insert_documents(self.conn, self.dialect.name, docs)

    def unindex_statuses(self, status_ids: Sequence[int]) -> None:
        """Remove documents (the statuses were deleted)."""
        column = "rowid" if self.dialect.name == "sqlite" else "status_id"
        for chunk in iter_chunks(list(status_ids), IN_CHUNK):
            self.conn.execute(
                sa.text(f"DELETE FROM status_search WHERE {column} IN :ids").bindparams(
                    sa.bindparam("ids", expanding=True)
                ),
                {"ids": chunk},
            )

    def search_ids(
        self, match: Match, *, min_id: int | None, max_id: int | None, limit: int
    ) -> list[int]:
        """Ids of the statuses whose documents match, newest first, within the id range."""
        lo, hi = min_id or 0, max_id or (1 << 63) - 1
        # On the driver directly: the statement is fixed text, and SQLAlchemy's per-call
        # compilation of a text() cost more than FTS5's answer.
        if self.dialect.name == "sqlite":
            sql = (
                "SELECT rowid FROM status_search WHERE status_search MATCH ?"
                " AND rowid >= ? AND rowid <= ? ORDER BY rowid DESC LIMIT ?"
            )
            params: tuple[Any, ...] = (fts5_query(match), lo, hi, limit)
        else:
            sql = (
                "SELECT status_id FROM status_search WHERE doc @@ CAST(%s AS tsquery)"
                " AND status_id >= %s AND status_id <= %s ORDER BY status_id DESC LIMIT %s"
            )
            params = (tsquery(match), lo, hi, limit)
        return [row[0] for row in self.conn.exec_driver_sql(sql, params)]
