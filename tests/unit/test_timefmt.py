"""Twitter's created_at format (roost/render/timefmt.py), as tweepy parses it."""

from __future__ import annotations

import email.utils
import locale
import shutil
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roost.render.timefmt import created_at

ENGLISH_DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
ENGLISH_MONTHS = [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
]
FORMAT = "%a %b %d %H:%M:%S +0000 %Y"  # Twitter's, in the C locale


def test_known_values() -> None:
    assert created_at(1544479423000) == "Mon Dec 10 22:03:43 +0000 2018"
    assert created_at(1544479423999) == "Mon Dec 10 22:03:43 +0000 2018"  # ms are dropped
    assert created_at(1562984874222) == "Sat Jul 13 02:27:54 +0000 2019"
    assert created_at(1539202764000) == "Wed Oct 10 20:19:24 +0000 2018"
    assert created_at(0) == "Thu Jan 01 00:00:00 +0000 1970"


def test_day_hour_minute_second_are_zero_padded() -> None:
    assert created_at(1543802645000) == "Mon Dec 03 02:04:05 +0000 2018"


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_and_weekday_is_in_english(month: int) -> None:
    for day in range(1, 8):
        dt = datetime(2021, month, day, 12, 0, 0, tzinfo=UTC)
        words = created_at(int(dt.timestamp() * 1000)).split()
        assert words[0] == ENGLISH_DAYS[dt.weekday()]
        assert words[1] == ENGLISH_MONTHS[month - 1]
        assert words[2] == f"{day:02d}"


# Up to 9999-12-31, the last year the four-digit format can hold.
MS = st.integers(min_value=0, max_value=253402300799999)


@given(MS)
def test_round_trips_through_tweepys_parser(unix_ms: int) -> None:
    text = created_at(unix_ms)
    parsed = email.utils.parsedate_to_datetime(text)  # what tweepy's models call
    assert parsed == datetime.fromtimestamp(unix_ms // 1000, UTC)
    assert parsed.utcoffset() is not None and parsed.utcoffset().total_seconds() == 0


@given(MS)
def test_matches_strftime_in_the_c_locale(unix_ms: int) -> None:
    expected = datetime.fromtimestamp(unix_ms // 1000, UTC).strftime(FORMAT)
    assert created_at(unix_ms) == expected


_FOREIGN = ("de_DE.UTF-8", "fr_FR.UTF-8", "es_ES.UTF-8", "de_DE.ISO-8859-1", "de_DE")


def _try_locales() -> str | None:
    for name in _FOREIGN:
        try:
            return locale.setlocale(locale.LC_TIME, name)
        except locale.Error:
            continue
    return None


@pytest.fixture
def foreign_time_locale(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """LC_TIME in German: an installed locale, or one compiled with localedef for the test."""
    saved = locale.setlocale(locale.LC_TIME)
    name = _try_locales()
    if name is None and shutil.which("localedef"):
        compiled = tmp_path_factory.mktemp("locales")
        subprocess.run(
            ["localedef", "-i", "de_DE", "-f", "ISO-8859-1", str(compiled / "de_DE.ISO-8859-1")],
            capture_output=True,
            timeout=60,
        )
        monkeypatch.setenv("LOCPATH", str(compiled))  # glibc reads it at each setlocale()
        name = _try_locales()
    if name is None:
        pytest.skip("no non-English locale available and none could be compiled")
    try:
        yield name
    finally:
        locale.setlocale(locale.LC_TIME, saved)


def test_independent_of_the_process_locale(foreign_time_locale: str) -> None:
    localized = time.strftime("%a %b", time.gmtime(1544479423))
    assert localized != "Mon Dec", f"{foreign_time_locale} did not localize strftime"
    assert created_at(1544479423000) == "Mon Dec 10 22:03:43 +0000 2018"
    for month in range(1, 13):
        ms = int(datetime(2020, month, 15, tzinfo=UTC).timestamp() * 1000)
        assert created_at(ms).split()[1] == ENGLISH_MONTHS[month - 1]


def test_independent_of_the_process_time_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset is POSIX only")
    try:
        for tz in ("Asia/Tokyo", "America/Los_Angeles", "UTC"):
            monkeypatch.setenv("TZ", tz)
            time.tzset()
            assert created_at(1544479423000) == "Mon Dec 10 22:03:43 +0000 2018"
    finally:
        monkeypatch.undo()
        time.tzset()
