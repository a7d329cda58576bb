"""The syntax tree of a standard search query (what ``parser.parse`` returns).

Leaves keep what the user wrote (case included); the planner (plan.py) decides how each leaf
matches. ``And``/``Or`` always hold at least two children; ``Not`` wraps exactly one node.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Term:
    """A bare word as written: ``watching``, ``東京``, ``don't``, ``😀``, ``U.S.``."""

    text: str


@dataclass(frozen=True)
class Phrase:
    """``"happy hour"``: the words in this order, as written between the quotes."""

    text: str


@dataclass(frozen=True)
class Hashtag:
    """``#haiku``: the hashtag entity (without the ``#``)."""

    tag: str


@dataclass(frozen=True)
class Cashtag:
    """``$TWTR``: the symbol entity (without the ``$``)."""

    symbol: str


@dataclass(frozen=True)
class Mention:
    """``@NASA``: mentions the account (without the ``@``)."""

    screen_name: str


@dataclass(frozen=True)
class From:
    """``from:interior``: sent by the account."""

    screen_name: str


@dataclass(frozen=True)
class To:
    """``to:NASA``: a reply to the account."""

    screen_name: str


@dataclass(frozen=True)
class ListOf:
    """``list:NASA/astronauts-in-space-now``: sent by a member of the owner's list."""

    owner: str
    slug: str


@dataclass(frozen=True)
class Filter:
    """``filter:NAME``; NAME is lower-cased and one of ``parser.FILTERS``."""

    name: str


@dataclass(frozen=True)
class Url:
    """``url:amazon``: a link whose expanded URL contains the text."""

    text: str


@dataclass(frozen=True)
class Since:
    """``since:2015-12-21``: sent on or after that day (UTC)."""

    day: date


@dataclass(frozen=True)
class Until:
    """``until:2015-12-21``: sent before that day (UTC)."""

    day: date


@dataclass(frozen=True)
class Lang:
    """``lang:pt``: the status's detected language (lower-cased)."""

    code: str


@dataclass(frozen=True)
class MinCount:
    """``min_retweets:N``, ``min_faves:N``, ``min_replies:N`` (twitter.com's operators)."""

    what: str  # "retweets" | "faves" | "replies"
    at_least: int


@dataclass(frozen=True)
class Attitude:
    """``:)`` (positive) or ``:(`` (negative)."""

    positive: bool


@dataclass(frozen=True)
class Question:
    """``?``: the status asks a question."""


@dataclass(frozen=True)
class Not:
    """``-x``: excludes what ``node`` matches."""

    node: Node


@dataclass(frozen=True)
class And:
    """Implicit AND of two or more nodes."""

    nodes: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    """``a OR b [OR c …]``."""

    nodes: tuple[Node, ...]


Leaf = (
    Term
    | Phrase
    | Hashtag
    | Cashtag
    | Mention
    | From
    | To
    | ListOf
    | Filter
    | Url
    | Since
    | Until
    | Lang
    | MinCount
    | Attitude
    | Question
)
Node = Leaf | Not | And | Or
