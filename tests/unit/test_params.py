"""Twitter's parameter rules (roost/api/params.py), as clients actually send parameters."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roost.api.params import Params
from roost.domain.errors import ParameterInvalid, ParameterMissing, TwitterError
from roost.domain.ids import MAX_ID


def p(**values: str) -> Params:
    return Params(values.items())


def assert_invalid(exc: pytest.ExceptionInfo[TwitterError], name: str) -> None:
    err = exc.value
    assert isinstance(err, ParameterInvalid)
    assert (err.code, err.status, err.message) == (44, 400, f"{name} parameter is invalid.")
    assert err.body() == {"errors": [{"code": 44, "message": f"{name} parameter is invalid."}]}


# ---------------------------------------------------------------------- raw values


def test_first_value_of_a_repeated_name_wins() -> None:
    params = Params([("count", "5"), ("trim_user", "1"), ("count", "50"), ("trim_user", "0")])
    assert params.get("count") == "5"
    assert params.integer("count") == 5
    assert params.flag("trim_user") is True
    assert params.names() == {"count", "trim_user"}


def test_query_string_then_form_body_first_wins_even_if_empty() -> None:
    params = Params([("status", ""), ("status", "from the body")])
    assert params.get("status") == ""
    with pytest.raises(ParameterMissing):
        params.required("status")


def test_get_contains_and_names() -> None:
    params = p(a="1", empty="")
    assert "a" in params and "empty" in params and "b" not in params
    assert params.get("b") is None
    assert params.get("b", "dflt") == "dflt"
    assert params.get("empty", "dflt") == ""
    assert params.names() == {"a", "empty"}


# ---------------------------------------------------------------------- booleans


@pytest.mark.parametrize("raw", ["true", "True", "TRUE", "tRuE", "t", "T", "1", " true ", "true\n"])
def test_true_spellings(raw: str) -> None:
    assert p(x=raw).flag("x") is True
    assert p(x=raw).flag("x", default=False) is True
    assert p(x=raw).optional_flag("x") is True


@pytest.mark.parametrize(
    "raw", ["false", "False", "FALSE", "f", "0", "no", "yes", "on", "2", "-1", "truex", "tr"]
)
def test_anything_else_is_false(raw: str) -> None:
    """tweepy sends ``False``; Twitter read only true/t/1 as true (``yes`` and ``on`` too)."""
    assert p(x=raw).flag("x", default=True) is False
    assert p(x=raw).optional_flag("x") is False


def test_absent_or_empty_boolean_takes_the_default() -> None:
    assert p().flag("x") is False
    assert p().flag("x", default=True) is True
    assert p(x="").flag("x", default=True) is True
    assert p(x="").flag("x") is False
    assert p().optional_flag("x") is None
    assert p(x="").optional_flag("x") is None


# ---------------------------------------------------------------------- required


@pytest.mark.parametrize("params", [p(), p(status=""), p(other="x")])
def test_required_missing_is_403_38(params: Params) -> None:
    with pytest.raises(ParameterMissing) as exc:
        params.required("status")
    err = exc.value
    assert (err.code, err.status, err.message) == (38, 403, "status parameter is missing.")
    assert err.body() == {"errors": [{"code": 38, "message": "status parameter is missing."}]}


def test_required_present_is_returned_verbatim() -> None:
    assert p(status="  hello  ").required("status") == "  hello  "
    assert p(status="0").required("status") == "0"


# ---------------------------------------------------------------------- integers


def test_integer_parses_and_defaults() -> None:
    assert p(count="20").integer("count") == 20
    assert p(count=" 7 ").integer("count") == 7
    assert p(count="-3").integer("count") == -3
    assert p().integer("count") is None
    assert p().integer("count", 15) == 15
    assert p(count="").integer("count", 15) == 15


@pytest.mark.parametrize(
    ("raw", "expected"), [("0", 1), ("-5", 1), ("1", 1), ("200", 200), ("201", 200), ("9999", 200)]
)
def test_integer_clamps_into_range_by_default(raw: str, expected: int) -> None:
    assert p(count=raw).integer("count", 20, minimum=1, maximum=200) == expected


@pytest.mark.parametrize("raw", ["0", "-5", "201", "99999999999999999999"])
def test_integer_out_of_range_without_clamp_is_invalid(raw: str) -> None:
    with pytest.raises(ParameterInvalid) as exc:
        p(count=raw).integer("count", 20, minimum=1, maximum=200, clamp=False)
    assert_invalid(exc, "count")


def test_integer_at_the_bounds_without_clamp_is_fine() -> None:
    assert p(n="1").integer("n", minimum=1, maximum=200, clamp=False) == 1
    assert p(n="200").integer("n", minimum=1, maximum=200, clamp=False) == 200


@pytest.mark.parametrize("raw", ["abc", "1.5", "10x", "0x10", "1e3", "--1"])
def test_integer_that_is_not_a_number_is_invalid(raw: str) -> None:
    with pytest.raises(ParameterInvalid) as exc:
        p(count=raw).integer("count", 20, minimum=1, maximum=200)
    assert_invalid(exc, "count")


@given(st.integers(-(10**6), 10**6))
def test_clamped_integer_always_lands_in_range(n: int) -> None:
    got = p(count=str(n)).integer("count", minimum=1, maximum=200)
    assert got == min(max(n, 1), 200)


# ---------------------------------------------------------------------- ids


def test_snowflake() -> None:
    assert p(id="1149868020346556416").snowflake("id") == 1149868020346556416
    assert p(id=" 20 ").snowflake("id") == 20
    assert p(id="0").snowflake("id") == 0
    assert p(id=str(MAX_ID)).snowflake("id") == MAX_ID
    assert p().snowflake("id") is None
    assert p(id="").snowflake("id") is None


@pytest.mark.parametrize("raw", ["-1", "abc", "1.0", str(MAX_ID + 1), "12 34", "+5"])
def test_bad_snowflake_is_invalid(raw: str) -> None:
    with pytest.raises(ParameterInvalid) as exc:
        p(max_id=raw).snowflake("max_id")
    assert_invalid(exc, "max_id")


@pytest.mark.parametrize("raw", ["²", "1²", "①"])
def test_unicode_digit_symbols_are_invalid_not_a_crash(raw: str) -> None:
    with pytest.raises(ParameterInvalid):
        p(id=raw).snowflake("id")


def test_unicode_digit_symbols_in_an_id_list_are_invalid_not_a_crash() -> None:
    with pytest.raises(ParameterInvalid):
        p(id="1,³").id_list("id")


def test_id_list() -> None:
    assert p(id="1,2,3").id_list("id") == [1, 2, 3]
    assert p(id=" 1 , 2 ,, 3, ").id_list("id") == [1, 2, 3]  # empty items are skipped
    assert p(id="5,5").id_list("id") == [5, 5]
    assert p(id="").id_list("id") == []
    assert p(id=",").id_list("id") == []
    assert p().id_list("id") == []
    assert p(id=str(MAX_ID)).id_list("id") == [MAX_ID]


def test_id_list_limit() -> None:
    hundred = ",".join(str(i) for i in range(1, 101))
    assert p(id=hundred).id_list("id") == list(range(1, 101))
    with pytest.raises(ParameterInvalid) as exc:
        p(id=hundred + ",101").id_list("id")
    assert_invalid(exc, "id")
    assert p(id="1,2,,,").id_list("id", maximum=2) == [1, 2]  # empties do not count
    with pytest.raises(ParameterInvalid):
        p(id="1,2,3").id_list("id", maximum=2)


@pytest.mark.parametrize("raw", ["1,x", "1,-2", "a", "1;2", "1,2.5", f"1,{MAX_ID + 1}"])
def test_id_list_with_a_bad_item_is_invalid(raw: str) -> None:
    with pytest.raises(ParameterInvalid) as exc:
        p(user_id=raw).id_list("user_id")
    assert_invalid(exc, "user_id")


# ---------------------------------------------------------------------- screen names


def test_name_list_strips_at_signs_and_spaces() -> None:
    assert p(screen_name="@twitter, TwitterDev ,,@jack").name_list("screen_name") == [
        "twitter",
        "TwitterDev",
        "jack",
    ]
    assert p(screen_name="").name_list("screen_name") == []
    assert p().name_list("screen_name") == []
    assert p(screen_name="a@b").name_list("screen_name") == ["a@b"]  # only a leading @


def test_name_list_limit() -> None:
    names = ",".join(f"n{i}" for i in range(100))
    assert len(p(screen_name=names).name_list("screen_name")) == 100
    with pytest.raises(ParameterInvalid) as exc:
        p(screen_name=names + ",extra").name_list("screen_name")
    assert_invalid(exc, "screen_name")
    with pytest.raises(ParameterInvalid):
        p(screen_name="a,b,c").name_list("screen_name", maximum=2)


# ---------------------------------------------------------------------- cursors


def test_cursor() -> None:
    assert p().cursor() == -1
    assert p(cursor="").cursor() == -1
    assert p(cursor="-1").cursor() == -1
    assert p(cursor="0").cursor() == 0
    assert p(cursor="1374004777531007833").cursor() == 1374004777531007833
    assert p(cursor="-1374004777531007833").cursor() == -1374004777531007833
    assert p(cursor=" 42 ").cursor() == 42
    assert p(next="7").cursor("next") == 7


@pytest.mark.parametrize("raw", ["abc", "1.5", "-", "1,2"])
def test_bad_cursor_is_invalid(raw: str) -> None:
    with pytest.raises(ParameterInvalid) as exc:
        p(cursor=raw).cursor()
    assert_invalid(exc, "cursor")
