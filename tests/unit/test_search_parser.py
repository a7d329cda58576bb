"""The standard search query parser (roost/search/parser.py).

The first tests follow the rows of Twitter's "Standard search operators" table; then the
choices the table leaves open, normalization, complexity, and properties over any text.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from roost.search.ast import (
    And,
    Attitude,
    Cashtag,
    Filter,
    From,
    Hashtag,
    Lang,
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
from roost.search.parser import FILTERS, MAX_DEPTH, TOO_COMPLEX, QueryError, parse, unparse


def T(text: str) -> Term:
    return Term(text)


def and_(*nodes: Node) -> And:
    return And(nodes)


def or_(*nodes: Node) -> Or:
    return Or(nodes)


def error(q: str) -> QueryError:
    with pytest.raises(QueryError) as exc:
        parse(q)
    return exc.value


# ---------------------------------------------------------------------- the table


@pytest.mark.parametrize(
    ("q", "tree"),
    [
        ("watching now", and_(T("watching"), T("now"))),
        ("“happy hour”", Phrase("happy hour")),
        ('"happy hour"', Phrase("happy hour")),
        ("love OR hate", or_(T("love"), T("hate"))),
        ("beer -root", and_(T("beer"), Not(T("root")))),
        ("#haiku", Hashtag("haiku")),
        ("from:interior", From("interior")),
        ("list:NASA/astronauts-in-space-now", ListOf("NASA", "astronauts-in-space-now")),
        ("to:NASA", To("NASA")),
        ("@NASA", Mention("NASA")),
        ("politics filter:safe", and_(T("politics"), Filter("safe"))),
        ("puppy filter:media", and_(T("puppy"), Filter("media"))),
        ("puppy -filter:retweets", and_(T("puppy"), Not(Filter("retweets")))),
        ("puppy filter:native_video", and_(T("puppy"), Filter("native_video"))),
        ("puppy filter:periscope", and_(T("puppy"), Filter("periscope"))),
        ("puppy filter:vine", and_(T("puppy"), Filter("vine"))),
        ("puppy filter:images", and_(T("puppy"), Filter("images"))),
        ("puppy filter:twimg", and_(T("puppy"), Filter("twimg"))),
        ("hilarious filter:links", and_(T("hilarious"), Filter("links"))),
        ("puppy url:amazon", and_(T("puppy"), Url("amazon"))),
        ("superhero since:2015-12-21", and_(T("superhero"), Since(date(2015, 12, 21)))),
        ("puppy until:2015-12-21", and_(T("puppy"), Until(date(2015, 12, 21)))),
        ("movie -scary :)", and_(T("movie"), Not(T("scary")), Attitude(True))),
        ("flight :(", and_(T("flight"), Attitude(False))),
        ("traffic ?", and_(T("traffic"), Question())),
        ("#haiku #poetry", and_(Hashtag("haiku"), Hashtag("poetry"))),
        ("“happy hour” :)", and_(Phrase("happy hour"), Attitude(True))),
        ("from:Cmdr_Hadfield #nasa", and_(From("Cmdr_Hadfield"), Hashtag("nasa"))),
    ],
)
def test_the_operators_table(q: str, tree: Node) -> None:
    assert parse(q) == tree


@pytest.mark.parametrize(
    ("q", "tree"),
    [
        ("$TWTR", Cashtag("TWTR")),
        ("$BRK.A", Cashtag("BRK.A")),
        ("lang:pt", Lang("pt")),
        ("lang:PT", Lang("pt")),
        ("min_retweets:5", MinCount("retweets", 5)),
        ("min_faves:10", MinCount("faves", 10)),
        ("min_replies:0", MinCount("replies", 0)),
        ("min_faves:007", MinCount("faves", 7)),
        (":-)", Attitude(True)),
        (":-(", Attitude(False)),
        ("?", Question()),
        ("filter:quote", Filter("quote")),
        ("filter:replies", Filter("replies")),
        ("filter:verified", Filter("verified")),
        ("＃haiku", Hashtag("haiku")),
        ("#東京", Hashtag("東京")),
        ("＠NASA", Mention("NASA")),
    ],
)
def test_more_operators(q: str, tree: Node) -> None:
    assert parse(q) == tree


def test_every_filter_parses() -> None:
    assert len(FILTERS) == 12
    for name in FILTERS:
        assert parse(f"filter:{name}") == Filter(name)
        assert parse(f"-filter:{name}") == Not(Filter(name))


def test_operator_names_are_case_insensitive() -> None:
    assert parse("FROM:x To:y LIST:a/b Filter:SAFE URL:Amazon SINCE:2015-12-21 Min_Faves:3") == (
        and_(
            From("x"),
            To("y"),
            ListOf("a", "b"),
            Filter("safe"),
            Url("Amazon"),
            Since(date(2015, 12, 21)),
            MinCount("faves", 3),
        )
    )


def test_at_signs_are_dropped_from_account_operators() -> None:
    assert parse("from:@nasa to:＠NASA list:@nasa/crew") == and_(
        From("nasa"), To("NASA"), ListOf("nasa", "crew")
    )
    assert parse("from:@@x") == From("x")


# ---------------------------------------------------------------------- words as typed


@pytest.mark.parametrize(
    "word",
    ["Watching", "東京", "😀", "don't", "U.S.", "café,", "$5", "#5", "#a#b", "@a/b", "@", "#",
     "foo:bar", "http://x.com/a?b=1", "from:", "FROM:", "url:", "from:@", 'don"t',
     "a-b", "\x00", "¿qué", ":-x", "$TOOLONGX"],
)  # fmt: skip
def test_terms_keep_the_word_as_typed(word: str) -> None:
    assert parse(word) == Term(word)


def test_a_trailing_question_mark_asks_a_question() -> None:
    assert parse("traffic?") == and_(T("traffic"), Question())
    assert parse("why??") == and_(T("why"), Question())
    assert parse("#tag?") == and_(Hashtag("tag"), Question())
    assert parse("??") == Question()
    assert parse(":)?") == and_(Attitude(True), Question())
    assert parse("-:(?") == Not(and_(Attitude(False), Question()))
    assert parse("a?b ¿qué?!") == and_(T("a?b"), T("¿qué?!"))
    # One item: negated or ORed as a whole.
    assert parse("-traffic?") == Not(and_(T("traffic"), Question()))
    assert parse("a OR b?") == or_(T("a"), and_(T("b"), Question()))


def test_phrases() -> None:
    assert parse('"  happy   hour "') == Phrase("happy   hour")
    assert parse('“happy hour"') == Phrase("happy hour")
    assert parse('"a (b) OR -c"') == Phrase("a (b) OR -c")
    assert parse('"happy hour') == Phrase("happy hour")  # left open: runs to the end
    assert parse('x "happy hour" y') == and_(T("x"), Phrase("happy hour"), T("y"))
    assert parse('"a"b') == and_(Phrase("a"), T("b"))
    assert parse('a"b c"') == and_(T('a"b'), T('c"'))  # a quote opens a phrase only first
    assert parse('x "" " "') == T("x")
    assert parse('-"" x') == T("x")  # an empty phrase is nothing, not even for "-"


# ---------------------------------------------------------------------- OR, AND, groups


@pytest.mark.parametrize(
    ("q", "tree"),
    [
        ("a b OR c", and_(T("a"), or_(T("b"), T("c")))),
        ("a OR b c", and_(or_(T("a"), T("b")), T("c"))),
        ("a OR b OR c", or_(T("a"), T("b"), T("c"))),
        ("a OR b c OR d", and_(or_(T("a"), T("b")), or_(T("c"), T("d")))),
        ("(a b) OR c", or_(and_(T("a"), T("b")), T("c"))),
        ("a (b OR c) d", and_(T("a"), or_(T("b"), T("c")), T("d"))),
        ("(a OR b) OR (c OR d)", or_(T("a"), T("b"), T("c"), T("d"))),
        ("a (b (c d))", and_(T("a"), T("b"), T("c"), T("d"))),
        ("((a))", T("a")),
        ("a or b", and_(T("a"), T("or"), T("b"))),  # only capitals
        ("(a OR b)c", and_(or_(T("a"), T("b")), T("c"))),
        ("#a OR @b OR from:c", or_(Hashtag("a"), Mention("b"), From("c"))),
        ('"a b" OR :(', or_(Phrase("a b"), Attitude(False))),
        ("(movie :))", and_(T("movie"), Attitude(True))),
        ("a OR(b c)", or_(T("a"), and_(T("b"), T("c")))),
        ("(a)OR(b)", or_(T("a"), T("b"))),
        ("Foo_(bar)", and_(T("Foo_"), T("bar"))),
        ("wiki/(a OR b", and_(T("wiki/"), or_(T("a"), T("b")))),
        ("sad:( today", and_(T("sad:"), T("today"))),
        ("a:)", T("a:")),
    ],
)
def test_precedence_and_grouping(q: str, tree: Node) -> None:
    assert parse(q) == tree


@pytest.mark.parametrize(
    ("q", "tree"),
    [
        ("OR", T("OR")),
        ("OR a", and_(T("OR"), T("a"))),
        ("a OR", and_(T("a"), T("OR"))),
        ("(a OR)", and_(T("a"), T("OR"))),
        ("a OR OR b", and_(or_(T("a"), T("OR")), T("b"))),
        ("OR OR OR", or_(T("OR"), T("OR"))),
        ("-OR", Not(T("OR"))),
        ("a OR -b", or_(T("a"), Not(T("b")))),
        ("a OR (b c)", or_(T("a"), and_(T("b"), T("c")))),
    ],
)
def test_or_is_the_operator_only_between_operands(q: str, tree: Node) -> None:
    assert parse(q) == tree


def test_unbalanced_parentheses_are_forgiven() -> None:
    assert parse("(a OR b") == or_(T("a"), T("b"))  # closes at the end
    assert parse("a) b") == and_(T("a"), T("b"))  # a ")" closing nothing is ignored
    assert parse(") ( a") == T("a")
    assert parse("a () b") == and_(T("a"), T("b"))


# ---------------------------------------------------------------------- negation


@pytest.mark.parametrize(
    ("q", "tree"),
    [
        ("-root", Not(T("root"))),
        ('-"happy hour"', Not(Phrase("happy hour"))),
        ("-#haiku", Not(Hashtag("haiku"))),
        ("-from:nasa", Not(From("nasa"))),
        ("-since:2015-12-21", Not(Since(date(2015, 12, 21)))),
        ("-:)", Not(Attitude(True))),
        ("-?", Not(Question())),
        ("-(a b)", Not(and_(T("a"), T("b")))),
        ("-(a OR b) c", and_(Not(or_(T("a"), T("b"))), T("c"))),
        ("-a OR b", or_(Not(T("a")), T("b"))),
        ("--a", T("a")),
        ("---a", Not(T("a"))),
        ("-(-a)", T("a")),
        ("-(-(a b))", and_(T("a"), T("b"))),
        ("a -", T("a")),  # a lone "-" is nothing
        ("a - b", and_(T("a"), T("b"))),
        ("(a -)", T("a")),
        ("a-b", T("a-b")),
    ],
)
def test_negation(q: str, tree: Node) -> None:
    assert parse(q) == tree


# ---------------------------------------------------------------------- errors


@pytest.mark.parametrize("q", ["", "   ", "\n\t", "-", "- -", "()", "(()) ()", '""', "“ ”", ")"])
def test_nothing_to_search_is_an_error(q: str) -> None:
    err = error(q)
    assert not err.too_complex
    assert err.message == "The query has nothing to search for."


@pytest.mark.parametrize(
    "q",
    ["filter:nope", "filter:NOPE", "since:2015-13-01", "since:2015-1-1", "until:20151221",
     "until:0000-01-01", "since:２０１５-12-21", "min_faves:lots", "min_faves:-1",
     "min_retweets:1234567890123456789", "list:nasa", "list:nasa/", "list:/crew"],
)  # fmt: skip
def test_malformed_operator_values_are_errors(q: str) -> None:
    err = error(q)
    assert not err.too_complex
    assert q in err.message


def test_query_error_is_a_value_error() -> None:
    assert issubclass(QueryError, ValueError)
    assert str(error("filter:nope")) == error("filter:nope").message


def test_messages_hold_no_lone_surrogates() -> None:
    error("filter:\udc80").message.encode("utf-8")


# ---------------------------------------------------------------------- complexity


def test_fifty_leaves_are_allowed_and_fifty_one_are_too_complex() -> None:
    assert parse(" ".join(["a"] * 50)) == And((T("a"),) * 50)
    err = error(" ".join(["a"] * 51))
    assert err.too_complex
    assert err.message == TOO_COMPLEX
    assert (
        TOO_COMPLEX == "Sorry, your query is too complex. Please reduce complexity and try again."
    )


def test_every_leaf_counts() -> None:
    assert error(" OR ".join(["a"] * 51)).too_complex
    assert error(" ".join(["a?"] * 26)).too_complex  # "a?" is two leaves
    assert error(" ".join(["a"] * 49) + " OR OR OR").too_complex  # and so does the word OR
    assert error(" ".join(["a"] * 10_000)).too_complex


def test_ten_nested_groups_are_allowed_and_eleven_are_too_complex() -> None:
    assert MAX_DEPTH == 10
    assert parse("(" * 10 + "a" + ")" * 10) == T("a")
    assert error("(" * 11 + "a" + ")" * 11).too_complex
    assert error("(" * 11).too_complex
    assert error("(" * 100_000).too_complex


def test_siblings_are_not_nesting() -> None:
    assert parse("(a) " * 50) == And((T("a"),) * 50)


@pytest.mark.parametrize(
    ("q", "tree"),
    [
        ("\x00", T("\x00")),
        ("a\x00b", T("a\x00b")),
        ("\udc80", T("\udc80")),
        ("#\ud800", T("#\ud800")),
        ("\u200b", T("\u200b")),  # not whitespace to str.isspace
        ("a\u3000b\xa0c", and_(T("a"), T("b"), T("c"))),  # whitespace
        ("!!! ... ,", and_(T("!!!"), T("..."), T(","))),
    ],
)
def test_odd_characters(q: str, tree: Node) -> None:
    assert parse(q) == tree


def test_huge_inputs() -> None:
    assert parse("-" * 100_001 + "a") == Not(T("a"))
    assert parse("a" * 1_000_000) == T("a" * 1_000_000)
    assert parse("()" * 100_000 + " a") == T("a")
    assert parse(" " * 1_000_000 + "a" + ")" * 100_000) == T("a")


# ---------------------------------------------------------------------- unparse


@pytest.mark.parametrize(
    ("tree", "text"),
    [
        (and_(T("a"), or_(T("b"), T("c"))), "a b OR c"),
        (or_(and_(T("a"), T("b")), T("c")), "(a b) OR c"),
        (Not(or_(T("a"), T("b"))), "-(a OR b)"),
        (and_(T("OR"), T("x")), "(OR) x"),
        (and_(Phrase("happy hour"), Attitude(True)), '"happy hour" :)'),
        (and_(Since(date(999, 1, 2)), MinCount("faves", 3)), "since:0999-01-02 min_faves:3"),
    ],
)
def test_unparse(tree: Node, text: str) -> None:
    assert unparse(tree) == text
    assert parse(text) == tree


# ---------------------------------------------------------------------- properties


def normalized(node: Node) -> bool:
    if isinstance(node, And | Or):
        return len(node.nodes) >= 2 and all(
            not isinstance(n, type(node)) and normalized(n) for n in node.nodes
        )
    if isinstance(node, Not):
        return not isinstance(node.node, Not) and normalized(node.node)
    return True


def leaves(node: Node) -> int:
    if isinstance(node, And | Or):
        return sum(leaves(n) for n in node.nodes)
    if isinstance(node, Not):
        return leaves(node.node)
    return 1


QUERY_CHARS = st.sampled_from(list(' ()-"“”:?#$@＠OR_/.abcfilter') + ["OR ", " OR ", ":)", ":("])
queries = st.one_of(
    st.text(),
    st.text(st.characters(exclude_categories=())),  # lone surrogates too
    st.lists(QUERY_CHARS).map("".join),
)


@settings(max_examples=1000)
@given(queries)
def test_any_text_parses_or_is_a_query_error(q: str) -> None:
    try:
        tree = parse(q)
    except QueryError as exc:
        assert exc.message
        return
    assert normalized(tree)
    assert leaves(tree) <= 50
    try:
        again = parse(unparse(tree))
    except QueryError as exc:  # only the word OR, written "(OR)", may add a level
        assert exc.too_complex and "(OR)" in unparse(tree)
        return
    assert again == tree


NAME = st.from_regex(r"[A-Za-z0-9_]{1,15}", fullmatch=True)
LETTERS = st.characters(categories=("L", "Nd", "So"), exclude_characters="#＃$@＠")
TERMS = st.one_of(
    st.text(LETTERS, min_size=1),
    st.sampled_from(
        ["OR", "or", "from:", "FROM:", "foo:bar", "http://x.com/a", "$5", "#5",
         'don"t', "U.S.", "東京", "😀", "a-b", ":-x", "café,", "a?b", "@a/b"]
    ),
)  # fmt: skip
PHRASES = st.lists(st.sampled_from([*"ab (-)#:?東\n", "OR"]), min_size=1).map("".join)

leaf_nodes = st.one_of(
    TERMS.map(Term),
    PHRASES.map(str.strip).filter(bool).map(Phrase),
    st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,10}", fullmatch=True).map(Hashtag),
    st.from_regex(r"[A-Za-z]{1,6}", fullmatch=True).map(Cashtag),
    NAME.map(Mention),
    NAME.map(From),
    NAME.map(To),
    st.builds(ListOf, NAME, st.from_regex(r"[a-z][a-z0-9-]{0,20}", fullmatch=True)),
    st.sampled_from(sorted(FILTERS)).map(Filter),
    st.from_regex(r"[a-z0-9./:_-]{1,20}", fullmatch=True).map(Url),
    st.dates().map(Since),
    st.dates().map(Until),
    st.from_regex(r"[a-z]{2,3}", fullmatch=True).map(Lang),
    st.builds(MinCount, st.sampled_from(["retweets", "faves", "replies"]), st.integers(0, 10**17)),
    st.booleans().map(Attitude),
    st.just(Question()),
)


def join(kind: type[And] | type[Or], nodes: list[Node]) -> Node:
    flat: list[Node] = []
    for node in nodes:
        flat.extend(node.nodes if isinstance(node, kind) else (node,))
    return kind(tuple(flat))


def negate(node: Node) -> Node:
    return node.node if isinstance(node, Not) else Not(node)


trees = st.recursive(
    leaf_nodes,
    lambda children: st.one_of(
        st.lists(children, min_size=2, max_size=4).map(lambda ns: join(And, ns)),
        st.lists(children, min_size=2, max_size=4).map(lambda ns: join(Or, ns)),
        children.map(negate),
    ),
    max_leaves=9,  # at most 9 groups deep, and one more for a "(OR)"
)


@settings(max_examples=300)
@given(trees)
def test_unparse_then_parse_gives_the_same_tree(tree: Node) -> None:
    assume(normalized(tree))
    assert parse(unparse(tree)) == tree
