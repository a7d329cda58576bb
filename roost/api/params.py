"""Twitter's parameter rules, once: query string and form body alike, booleans, counts, id lists.

tweepy sends every parameter in the query string (POST too) and booleans as ``True``/``False``;
twarc sends form bodies. Twitter read both, took the first of a repeated name, and ignored
names it did not know.
"""

from __future__ import annotations

from collections.abc import Iterable

from roost.domain.errors import ParameterInvalid, ParameterMissing
from roost.domain.ids import parse_id

_TRUE = frozenset({"true", "t", "1"})


class Params:
    """The parameters of one request."""

    __slots__ = ("_values",)

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        values: dict[str, str] = {}
        for key, value in pairs:
            if "\x00" in value:  # no text column (PostgreSQL's least of all) holds a NUL
                value = value.replace("\x00", "")
            values.setdefault(key, value)
        self._values = values

    def __contains__(self, name: str) -> bool:
        return name in self._values

    def get(self, name: str, default: str | None = None) -> str | None:
        """The raw value, or ``default``."""
        return self._values.get(name, default)

    def names(self) -> set[str]:
        """Every parameter name sent."""
        return set(self._values)

    def required(self, name: str) -> str:
        """A value that must be there and not empty (403/38 otherwise)."""
        value = self._values.get(name)
        if value is None or value == "":
            raise ParameterMissing(name)
        return value

    def flag(self, name: str, default: bool = False) -> bool:
        """A boolean: ``true``, ``t`` and ``1`` (any case) are true, anything else false."""
        value = self._values.get(name)
        if value is None or value == "":
            return default
        return value.strip().lower() in _TRUE

    def optional_flag(self, name: str) -> bool | None:
        """A boolean, or None when the parameter was not sent."""
        if self._values.get(name) in (None, ""):
            return None
        return self.flag(name)

    def integer(
        self,
        name: str,
        default: int | None = None,
        *,
        minimum: int | None = None,
        maximum: int | None = None,
        clamp: bool = True,
    ) -> int | None:
        """An integer; out-of-range values are clamped (Twitter's ``count``) or rejected."""
        value = self._values.get(name)
        if value is None or value == "":
            return default
        try:
            number = int(value.strip())
        except ValueError:
            raise ParameterInvalid(name) from None
        if minimum is not None and number < minimum:
            if not clamp:
                raise ParameterInvalid(name)
            number = minimum
        if maximum is not None and number > maximum:
            if not clamp:
                raise ParameterInvalid(name)
            number = maximum
        return number

    def snowflake(self, name: str) -> int | None:
        """A 64-bit id (``since_id``, ``user_id``, ...), or None when not sent."""
        value = self._values.get(name)
        if value is None or value == "":
            return None
        number = parse_id(value.strip())
        if number is None:
            raise ParameterInvalid(name)
        return number

    def id_list(self, name: str, *, maximum: int = 100) -> list[int]:
        """A comma-separated list of ids (at most ``maximum``; empty items are skipped)."""
        value = self._values.get(name)
        if not value:
            return []
        ids: list[int] = []
        for item in value.split(","):
            item = item.strip()
            if not item:
                continue
            number = parse_id(item)
            if number is None:
                raise ParameterInvalid(name)
            ids.append(number)
        if len(ids) > maximum:
            raise ParameterInvalid(name)
        return ids

    def name_list(self, name: str, *, maximum: int = 100) -> list[str]:
        """A comma-separated list of screen names (a leading @ is allowed)."""
        value = self._values.get(name)
        if not value:
            return []
        names = [n for n in (item.strip().lstrip("@") for item in value.split(",")) if n]
        if len(names) > maximum:
            raise ParameterInvalid(name)
        return names

    def cursor(self, name: str = "cursor") -> int:
        """A cursor of Twitter's cursored collections: -1 (or nothing) is the first page; a
        cursor is a signed 64-bit number, anything else 400/44."""
        value = self._values.get(name)
        if value is None or value == "":
            return -1
        raw = value.strip()
        number = parse_id(raw[1:] if raw.startswith("-") else raw)
        if number is None:
            raise ParameterInvalid(name)
        return -number if raw.startswith("-") else number
