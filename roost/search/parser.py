"""The query of GET search/tweets, parsed into the tree of ``roost.search.ast``.

The syntax is Twitter's "Standard search operators" table: items separated by whitespace are
ANDed; ``"exact phrase"`` (or ``“…”``); ``a OR b`` (``OR`` in capitals binds tighter than the
implicit AND: ``a b OR c`` is ``a AND (b OR c)``); ``-x`` excludes any item, phrase, operator or
group; ``( … )`` groups; ``#hashtag``, ``$cashtag``, ``@mention``; the operators ``from:``,
``to:``, ``list:owner/slug``, ``filter:NAME`` (``FILTERS``), ``url:``, ``since:YYYY-MM-DD``,
``until:YYYY-MM-DD``, ``lang:``, ``min_retweets:N``, ``min_faves:N``, ``min_replies:N`` (names in
any case); ``:)``/``:-)``, ``:(``/``:-(``; and a lone ``?``.

Where the table says nothing, the parser is lenient, as twitter.com was; only a query with
nothing to search, an operator whose value cannot mean anything (``filter:nope``,
``since:2015-13-01``, ``min_faves:lots``, ``list:nasa``) and a too complex query are errors:

* A word runs up to whitespace (``str.isspace``) or a parenthesis: parentheses group wherever
  they are (``a OR(b c)``; ``Foo_(bar)`` is ``Foo_ (bar)``), so no word holds one. A Term keeps
  the word exactly as typed, punctuation included (``don't``, ``U.S.``, ``café,``): the planner
  tokenizes Terms. Operator values are kept as typed too (``from:nasa,`` is the name "nasa,").
* ``#``, ``$`` and ``@`` words are entities only if the whole word is one by twitter-text's rules
  (``#5``, ``$5``, ``#a#b`` and ``@a/b`` are Terms). ``NAME:`` words whose NAME is no operator,
  and operators with an empty value (``from:``, ``from:@``), are Terms (``http://x.com``).
* ``from:``/``to:``/``list:`` drop leading ``@`` signs; ``filter:`` and ``lang:`` values are
  lower-cased.
* Trailing ``?`` signs on a word (or a smiley) ask a question: ``traffic?`` is ``traffic ?``
  (one item, so ``-traffic?`` excludes both together).
* ``OR`` is the operator only between two operands; where an operand is expected (first, after
  ``(``, ``-`` or another ``OR``) or before ``)`` or the end it is the word "OR" (a Term).
* ``-`` negates the item right after it (``--x`` is ``x``); ``-`` before whitespace, ``)`` or the
  end is nothing.
* A quote opens a phrase only where an item starts, and any of ``" “ ”`` closes it; a phrase
  left open runs to the end of the query. A phrase's text is stripped of surrounding
  whitespace; an empty phrase is nothing. A group left open closes at the end of the query; a
  ``)`` that closes no group is ignored.
* The query must have something to search (``-``, ``()``, ``""`` have not).

Complexity: more than ``MAX_LEAVES`` leaves or groups nested deeper than ``MAX_DEPTH`` raise
``QueryError(TOO_COMPLEX, too_complex=True)``. The 500-character limit is the handler's.

Trees are normalized: And/Or have at least two children and no child of their own kind, and no
Not is directly inside a Not. ``parse`` raises nothing but ``QueryError`` and its recursion is
bounded by ``MAX_DEPTH``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Final, NamedTuple

from roost.domain import twitter_text as tt
from roost.domain.twitter_text import extract_cashtags, extract_hashtags, extract_mentions
from roost.search.ast import (
    And,
    Attitude,
    Cashtag,
    Filter,
    From,
    Hashtag,
    Lang,
    Leaf,
    ListOf,
    Mention,
    MinCount,
    Node,
    Not,
    Or,
    Phrase,
    Question,
    Since,
    Term,
    To,
    Until,
    Url,
)

__all__ = ["FILTERS", "MAX_DEPTH", "MAX_LEAVES", "TOO_COMPLEX", "QueryError", "parse", "unparse"]

FILTERS: Final = frozenset(
    {
        "safe",
        "media",
        "retweets",
        "native_video",
        "periscope",
        "vine",
        "images",
        "twimg",
        "links",
        "replies",
        "quote",
        "verified",
    }
)
MAX_LEAVES: Final = 50
MAX_DEPTH: Final = 10
TOO_COMPLEX: Final = "Sorry, your query is too complex. Please reduce complexity and try again."

_MIN_COUNTS: Final = {"min_retweets": "retweets", "min_faves": "faves", "min_replies": "replies"}
_OPERATORS: Final = frozenset(
    {"from", "to", "list", "filter", "url", "since", "until", "lang", *_MIN_COUNTS}
)
_AT_SIGNS: Final = "@＠"
_QUOTES: Final = '"“”'

_NON_SPACE = re.compile(r"\S")
_WORD_END = re.compile(r"[\s()]")
_QUOTE = re.compile(f"[{_QUOTES}]")
_SMILEY = re.compile(r":-?([()])(\?*)(?=\s|\)|\Z)")
_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_COUNT = re.compile(r"[0-9]{1,18}")  # fits a signed 64-bit column


class QueryError(ValueError):
    """A query that cannot be searched; ``message`` is for people.

    ``too_complex`` marks Twitter's complexity error, whose message is ``TOO_COMPLEX``.
    """

    def __init__(self, message: str, *, too_complex: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.too_complex = too_complex


def parse(q: str) -> Node:
    """The tree of the query ``q``; ``QueryError`` if it cannot be searched."""
    parser = _Parser(q)
    node = parser.sequence()
    if node is None:
        raise QueryError("The query has nothing to search for.")
    return node


def unparse(node: Node) -> str:
    """Query text that ``parse`` reads back as ``node``, for any tree ``parse`` returns.

    (The word "OR" is written ``(OR)``, which is one group deeper than the query it came from.)
    """
    if isinstance(node, And):
        return " ".join(_group(n) if isinstance(n, And) else unparse(n) for n in node.nodes)
    if isinstance(node, Or):
        return " OR ".join(_group(n) if isinstance(n, And | Or) else unparse(n) for n in node.nodes)
    if isinstance(node, Not):
        return "-" + (_group(node.node) if isinstance(node.node, And | Or) else unparse(node.node))
    match node:
        case Term(text="OR"):
            return "(OR)"
        case Term(text=text):
            return text
        case Phrase(text=text):
            return f'"{text}"'
        case Hashtag(tag=tag):
            return f"#{tag}"
        case Cashtag(symbol=symbol):
            return f"${symbol}"
        case Mention(screen_name=name):
            return f"@{name}"
        case From(screen_name=name):
            return f"from:{name}"
        case To(screen_name=name):
            return f"to:{name}"
        case ListOf(owner=owner, slug=slug):
            return f"list:{owner}/{slug}"
        case Filter(name=name):
            return f"filter:{name}"
        case Url(text=text):
            return f"url:{text}"
        case Since(day=day):
            return f"since:{day.isoformat()}"
        case Until(day=day):
            return f"until:{day.isoformat()}"
        case Lang(code=code):
            return f"lang:{code}"
        case MinCount(what=what, at_least=at_least):
            return f"min_{what}:{at_least}"
        case Attitude(positive=positive):
            return ":)" if positive else ":("
        case Question():
            return "?"
    raise TypeError(f"not a search node: {node!r}")


def _group(node: Node) -> str:
    inner = unparse(node)
    # a group ending in the word ":" or ":-" gets a space before ")": "(a :)" reads as ":)"
    return f"({inner} )" if inner.endswith((":", ":-")) else f"({inner})"


class _Token(NamedTuple):
    kind: str  # "leaf", "(", ")", "-" or "OR"
    node: Node | None = None  # a leaf's node (None for an empty phrase)


class _Parser:
    """Lexes the whole query up front, then descends it.

    Grammar (``OR`` binds tighter than the implicit AND)::

        sequence    := disjunction*                      (implicit AND, up to ")" or the end)
        disjunction := unary ("OR" unary)*
        unary       := "-"* primary
        primary     := "(" sequence [")"] | leaf | "OR"   (the word)

    A primary may be nothing (an empty phrase or group, a dangling "-"): ``None``, which the
    sequence and disjunction drop.
    """

    def __init__(self, q: str) -> None:
        self.tokens: list[_Token] = []
        self.pos = 0
        self.leaves = 0
        self._lex(q)

    # --- lexing ------------------------------------------------------------------------------

    def _lex(self, q: str) -> None:
        depth = 0
        i = 0
        while (space_end := _NON_SPACE.search(q, i)) is not None:
            i = space_end.start()
            char = q[i]
            if char == "(":
                depth += 1
                if depth > MAX_DEPTH:
                    raise QueryError(TOO_COMPLEX, too_complex=True)
                self.tokens.append(_Token("("))
                i += 1
            elif char == ")":
                if depth:  # else a ")" that closes no group: ignored
                    depth -= 1
                    self.tokens.append(_Token(")"))
                i += 1
            elif char == "-":
                if i + 1 < len(q) and not q[i + 1].isspace():
                    self.tokens.append(_Token("-"))
                i += 1
            elif char in _QUOTES:
                close = _QUOTE.search(q, i + 1)
                end = close.start() if close else len(q)
                text = q[i + 1 : end].strip()
                self._emit_leaf(Phrase(text) if text else None)
                i = end + 1
            elif smiley := _SMILEY.match(q, i):
                attitude = Attitude(smiley.group(1) == ")")
                self._emit_leaf(And((attitude, Question())) if smiley.group(2) else attitude)
                i = smiley.end()
            else:
                word_end = _WORD_END.search(q, i)
                end = word_end.start() if word_end else len(q)
                word = q[i:end]
                if word == "OR":
                    self.tokens.append(_Token("OR"))
                else:
                    self._emit_leaf(_word(word))
                i = end

    def _emit_leaf(self, node: Node | None) -> None:
        if node is not None:
            self._count(len(node.nodes) if isinstance(node, And) else 1)
        self.tokens.append(_Token("leaf", node))

    def _count(self, leaves: int) -> None:
        self.leaves += leaves
        if self.leaves > MAX_LEAVES:
            raise QueryError(TOO_COMPLEX, too_complex=True)

    # --- parsing -----------------------------------------------------------------------------

    def _kind(self, offset: int = 0) -> str | None:
        pos = self.pos + offset
        return self.tokens[pos].kind if pos < len(self.tokens) else None

    def sequence(self) -> Node | None:
        items: list[Node | None] = []
        while self._kind() not in (None, ")"):
            items.append(self._disjunction())
        return _join(And, items)

    def _disjunction(self) -> Node | None:
        alternatives = [self._unary()]
        # After an operand, "OR" is the operator if an operand follows (anything but ")"/end).
        while self._kind() == "OR" and self._kind(1) not in (None, ")"):
            self.pos += 1
            alternatives.append(self._unary())
        return _join(Or, alternatives)

    def _unary(self) -> Node | None:
        negated = False
        while self._kind() == "-":
            negated = not negated
            self.pos += 1
        node = self._primary()
        if node is None or not negated:
            return node
        return node.node if isinstance(node, Not) else Not(node)

    def _primary(self) -> Node | None:
        kind = self._kind()
        if kind in (None, ")"):  # after a dangling "-"
            return None
        token = self.tokens[self.pos]
        self.pos += 1
        if kind == "(":
            node = self.sequence()
            if self._kind() == ")":  # else the group is left open: it closes at the end
                self.pos += 1
            return node
        if kind == "OR":  # where an operand is expected, "OR" is a word
            self._count(1)
            return Term("OR")
        return token.node


def _join(kind: type[And] | type[Or], items: list[Node | None]) -> Node | None:
    """``kind`` of the items, normalized: nothing dropped, same-kind children flattened."""
    nodes: list[Node] = []
    for item in items:
        if isinstance(item, kind):
            nodes.extend(item.nodes)
        elif item is not None:
            nodes.append(item)
    if len(nodes) <= 1:
        return nodes[0] if nodes else None
    return kind(tuple(nodes))


def _word(word: str) -> Node:
    """The node of a word (no whitespace, not "OR"): a leaf, or ``And(leaf, Question())``."""
    stem = word.rstrip("?")
    if stem == word:
        return _word_leaf(word)
    return And((_word_leaf(stem), Question())) if stem else Question()


def _word_leaf(word: str) -> Leaf:
    name, colon, value = word.partition(":")
    if colon and value and name.lower() in _OPERATORS:
        return _operator(name.lower(), value, word)
    if word[0] in "#＃":
        tags = extract_hashtags(word, urls=[])  # a word holds no URL before its "#"
        if _whole(tags, word):
            return Hashtag(tags[0].text)
    elif word[0] == "$":
        symbols = extract_cashtags(word)
        if _whole(symbols, word):
            return Cashtag(symbols[0].text)
    elif word[0] in _AT_SIGNS:
        mentions = extract_mentions(word)  # not lists: "@NASA/astronauts" is a Term
        if _whole(mentions, word):
            return Mention(mentions[0].screen_name)
    return Term(word)


def _whole(entities: Sequence[tt.Hashtag | tt.Cashtag | tt.Mention], word: str) -> bool:
    """Whether twitter-text found one entity, and it is the whole word."""
    return len(entities) == 1 and (entities[0].start, entities[0].end) == (0, len(word))


def _operator(name: str, value: str, word: str) -> Leaf:
    """The leaf of operator ``name`` (lower-cased) with a non-empty ``value``."""
    if name in ("from", "to"):
        screen_name = value.lstrip(_AT_SIGNS)
        if not screen_name:
            return Term(word)
        return From(screen_name) if name == "from" else To(screen_name)
    if name == "list":
        owner, _, slug = value.partition("/")
        owner = owner.lstrip(_AT_SIGNS)
        if not (owner and slug):
            raise QueryError(f"{_show(word)}: a list is owner/slug, as in list:NASA/astronauts.")
        return ListOf(owner, slug)
    if name == "filter":
        if value.lower() not in FILTERS:
            raise QueryError(
                f"{_show(word)}: no such filter (there are {', '.join(sorted(FILTERS))})."
            )
        return Filter(value.lower())
    if name == "url":
        return Url(value)
    if name == "lang":
        return Lang(value.lower())
    if name in ("since", "until"):
        day = _day(value)
        if day is None:
            raise QueryError(f"{_show(word)}: not a date (dates are YYYY-MM-DD).")
        return Since(day) if name == "since" else Until(day)
    if not _COUNT.fullmatch(value):
        raise QueryError(f"{_show(word)}: not a count (a whole number).")
    return MinCount(_MIN_COUNTS[name], int(value))


def _day(value: str) -> date | None:
    match = _DAY.fullmatch(value)
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:  # 2015-13-01, 0000-01-01
        return None


def _show(text: str) -> str:
    """``text`` for a message: short, and encodable (a lone surrogate cannot go into JSON)."""
    short = text if len(text) <= 40 else text[:39] + "…"
    return short.encode("utf-8", "backslashreplace").decode("utf-8")
