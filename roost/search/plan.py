"""From a query's syntax tree to a plan: one match expression over index tokens, plus the few
conditions the index cannot hold (dates, engagement counts), checked on the statuses.

This is the one place that says what each operator means; handlers and stores know nothing of
operators. Each store compiles ``Match`` to its own engine (store/search.py): FTS5 MATCH text on
SQLite, a tsquery on PostgreSQL.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from roost.domain import ids
from roost.search import ast
from roost.search.document import EVERY, GEO_LEVELS, MAX_CELLS, geo_cell
from roost.search.tokens import tag, words


@dataclass(frozen=True)
class Tokens:
    """A token, or several in a row (a phrase); ``prefix``: the last token may continue."""

    tokens: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class AllOf:
    """Every part matches; ``without``: and none of these does."""

    parts: tuple[Match, ...]
    without: tuple[Match, ...] = ()


@dataclass(frozen=True)
class AnyOf:
    """At least one part matches."""

    parts: tuple[Match, ...]


Match = Tokens | AllOf | AnyOf

NOTHING = Tokens(("_none",))  # a token no document holds: an unknown account, an empty list
EVERYTHING = Tokens((EVERY,))


@dataclass(frozen=True)
class Counts:
    """min_retweets:/min_faves:/min_replies: (twitter.com's operators)."""

    retweets: int = 0
    faves: int = 0
    replies: int = 0


@dataclass(frozen=True)
class Plan:
    """What to ask the index, and the id range and counts the statuses must also meet."""

    match: Match
    min_id: int | None = None  # since: (inclusive)
    max_id: int | None = None  # until: (inclusive)
    counts: Counts = field(default_factory=Counts)


class PlanError(ValueError):
    """The query uses an operator where it cannot be answered (a 4xx, never a 500)."""


# Resolves a screen name to an account id, and owner/slug to a list's member ids.
UserIds = Callable[[str], int | None]
ListMembers = Callable[[str, str], list[int] | None]


def _text(text: str, prefix: bool = False) -> Match | None:
    found = words(text)
    return Tokens(found, prefix) if found else None


def _leaf(node: ast.Node, user_id: UserIds, members: ListMembers) -> Match | None:
    """The match of one operator (None: the leaf constrains nothing, like a lone comma)."""
    if isinstance(node, ast.Term):
        return _text(node.text)
    if isinstance(node, ast.Phrase):
        return _text(node.text)
    if isinstance(node, ast.Hashtag):
        return Tokens((tag("h", node.tag),))
    if isinstance(node, ast.Cashtag):
        return Tokens((tag("c", node.symbol),))
    if isinstance(node, ast.Mention | ast.From | ast.To):
        uid = user_id(node.screen_name)
        if uid is None:
            return NOTHING
        kind = {ast.Mention: "m", ast.From: "f", ast.To: "t"}[type(node)]
        return Tokens((tag(kind, uid),))
    if isinstance(node, ast.ListOf):
        member_ids = sorted(members(node.owner, node.slug) or ())
        if not member_ids:
            return NOTHING
        options = tuple(Tokens((tag("f", m),)) for m in member_ids)
        return options[0] if len(options) == 1 else AnyOf(options)
    if isinstance(node, ast.Filter):
        return _filter(node.name)
    if isinstance(node, ast.Url):
        url_words = words(node.text)
        if not url_words:
            return None
        return Tokens(tuple(tag("u", w) for w in url_words), prefix=True)
    if isinstance(node, ast.Lang):
        return Tokens((tag("l", node.code),))
    if isinstance(node, ast.Attitude):
        return Tokens((tag("a", "pos" if node.positive else "neg"),))
    if isinstance(node, ast.Question):
        return Tokens((tag("q", "yes"),))
    raise PlanError(f"{type(node).__name__} cannot be combined that way")


def _filter(name: str) -> Match:
    if name == "safe":  # "Tweets marked as potentially sensitive removed"
        return AllOf((EVERYTHING,), (Tokens((tag("x", "sensitive"),)),))
    if name == "verified":  # Roost has no verified accounts
        return NOTHING
    return Tokens((tag("x", name),))


def _build(node: ast.Node, user_id: UserIds, members: ListMembers) -> Match | None:
    if isinstance(node, ast.Not):
        inner = _build(node.node, user_id, members)
        return None if inner is None else AllOf((EVERYTHING,), (inner,))
    if isinstance(node, ast.And):
        parts: list[Match] = []
        without: list[Match] = []
        for child in node.nodes:
            if isinstance(child, ast.Not):
                built = _build(child.node, user_id, members)
                if built is not None:
                    without.append(built)
                continue
            built = _build(child, user_id, members)
            if built is not None:
                parts.append(built)
        if not parts and not without:
            return None
        if not without and len(parts) == 1:
            return parts[0]
        return AllOf(tuple(parts) or (EVERYTHING,), tuple(without))
    if isinstance(node, ast.Or):
        options = [_build(child, user_id, members) for child in node.nodes]
        if any(o is None for o in options):  # "x OR ," : the comma matches everything
            return None
        kept = [o for o in options if o is not None]
        return kept[0] if len(kept) == 1 else AnyOf(tuple(kept))
    return _leaf(node, user_id, members)


def _day_start_id(day: ast.Since | ast.Until) -> int:
    moment = datetime(day.day.year, day.day.month, day.day.day, tzinfo=UTC)
    return ids.lowest_id_at(int(moment.timestamp() * 1000))


def plan(tree: ast.Node, user_id: UserIds, members: ListMembers) -> Plan:
    """The plan of a parsed query. ``since:``, ``until:`` and ``min_*:`` bound the whole result,
    so they are taken from the top level (a query's AND); inside OR or under ``-`` they cannot
    be answered and are a PlanError."""
    top = list(tree.nodes) if isinstance(tree, ast.And) else [tree]
    rest: list[ast.Node] = []
    min_id = max_id = None
    counts = Counts()
    for node in top:
        if isinstance(node, ast.Since):
            start = _day_start_id(node)
            min_id = start if min_id is None else max(min_id, start)
        elif isinstance(node, ast.Until):
            end = _day_start_id(node) - 1
            max_id = end if max_id is None else min(max_id, end)
        elif isinstance(node, ast.MinCount):
            counts = Counts(
                **{**counts.__dict__, node.what: max(getattr(counts, node.what), node.at_least)}
            )
        else:
            _refuse_nested(node)
            rest.append(node)
    if not rest:
        match: Match | None = EVERYTHING
    else:
        match = _build(rest[0] if len(rest) == 1 else ast.And(tuple(rest)), user_id, members)
    return Plan(match or EVERYTHING, min_id, max_id, counts)


def _refuse_nested(node: ast.Node) -> None:
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, ast.Since | ast.Until | ast.MinCount):
            raise PlanError("since:, until: and min_ operators apply to the whole query")
        if isinstance(current, ast.Not):
            stack.append(current.node)
        elif isinstance(current, ast.And | ast.Or):
            stack.extend(current.nodes)


def near(lat: float, long: float, radius_km: float) -> Match:
    """The cells of the finest grid covering a circle's bounding box in at most MAX_CELLS (the
    coarsest grid when none does): the candidates of ``geocode``, checked exactly after."""
    dlat = radius_km / 111.195
    dlong = dlat / max(math.cos(math.radians(lat)), 0.01)
    south, north = max(-90.0, lat - dlat), min(90.0, lat + dlat)
    west, east = max(-180.0, long - dlong), min(180.0, long + dlong)
    chosen = 0
    for level in range(len(GEO_LEVELS) - 1, -1, -1):
        size = GEO_LEVELS[level]
        count = (int((north + 90) / size) - int((south + 90) / size) + 1) * (
            int((east + 180) / size) - int((west + 180) / size) + 1
        )
        if count <= MAX_CELLS:
            chosen = level
            break
    size = GEO_LEVELS[chosen]
    cells = []
    row = south
    while True:
        col = west
        while True:
            cells.append(geo_cell(chosen, row, col))
            if col >= east:
                break
            col = min(east, col + size)
        if row >= north:
            break
        row = min(north, row + size)
    unique = tuple(dict.fromkeys(cells))
    options = tuple(Tokens((c,)) for c in unique)
    return options[0] if len(options) == 1 else AnyOf(options)
