"""Twitter's timestamp format: ``Wed Oct 10 20:19:24 +0000 2018``, always UTC, never localized."""

from __future__ import annotations

import time

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def created_at(unix_ms: int) -> str:
    """``created_at`` of a Tweet or User (English names whatever the process locale is)."""
    t = time.gmtime(unix_ms // 1000)
    return (
        f"{_DAYS[t.tm_wday]} {_MONTHS[t.tm_mon - 1]} {t.tm_mday:02d} "
        f"{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d} +0000 {t.tm_year}"
    )
