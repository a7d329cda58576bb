"""The messages of a stream, as Twitter framed them: one JSON object per line, ``\\r\\n`` after
each; blank lines as keep-alives; with ``delimited=length`` each message preceded by its length
in bytes (counting its ``\\r\\n``) on a line of its own.

Shapes are the seeds' "Streaming message types"; ``timestamp_ms`` (a string of epoch
milliseconds) is added where Twitter's streams carried it on ``limit`` and ``delete`` notices.
"""

from __future__ import annotations

from typing import Any

import orjson

KEEP_ALIVE = b"\r\n"

# The seeds' disconnect codes, with the reason Roost sends.
SHUTDOWN = 1
DUPLICATE_STREAM = 2
STALL = 4
NORMAL = 5
TOKEN_REVOKED = 6  # in Twitter's full list of codes, not the seeds' table ("additional codes")
ADMIN_LOGOUT = 7
MAX_MESSAGE_LIMIT = 9
STREAM_EXCEPTION = 10
SHED_LOAD = 12
REASONS = {
    SHUTDOWN: "Shutdown",
    DUPLICATE_STREAM: "Duplicate stream",
    STALL: "Stall",
    NORMAL: "Normal",
    TOKEN_REVOKED: "Token revoked",
    ADMIN_LOGOUT: "Admin logout",
    MAX_MESSAGE_LIMIT: "Max message limit",
    STREAM_EXCEPTION: "Stream exception",
    SHED_LOAD: "Shed load",
}

FALLING_BEHIND = (
    "Your connection is falling behind and messages are being queued for delivery to you. "
    "Your queue is now over {percent}% full. You will be disconnected when the queue is full."
)


def frame(body: bytes, delimited: bool) -> bytes:
    """One message on the wire."""
    line = body + b"\r\n"
    if delimited:
        return str(len(line)).encode() + b"\r\n" + line
    return line


def encode(message: dict[str, Any]) -> bytes:
    """A message's JSON."""
    return orjson.dumps(message)


def delete(status_id: int, user_id: int, now_ms: int) -> dict[str, Any]:
    """``delete``: the status is gone; clients must forget it."""
    return {
        "delete": {
            "status": {
                "id": status_id,
                "id_str": str(status_id),
                "user_id": user_id,
                "user_id_str": str(user_id),
            },
            "timestamp_ms": str(now_ms),
        }
    }


def scrub_geo(user_id: int, up_to_status_id: int) -> dict[str, Any]:
    """``scrub_geo``: strip the location of the user's statuses up to that id."""
    return {
        "scrub_geo": {
            "user_id": user_id,
            "user_id_str": str(user_id),
            "up_to_status_id": up_to_status_id,
            "up_to_status_id_str": str(up_to_status_id),
        }
    }


def limit(undelivered: int, now_ms: int) -> dict[str, Any]:
    """``limit``: how many matching statuses were not delivered since the connection opened."""
    return {"limit": {"track": undelivered, "timestamp_ms": str(now_ms)}}


def warning(percent_full: int) -> dict[str, Any]:
    """``warning`` FALLING_BEHIND (sent only with ``stall_warnings``)."""
    return {
        "warning": {
            "code": "FALLING_BEHIND",
            "message": FALLING_BEHIND.format(percent=percent_full),
            "percent_full": percent_full,
        }
    }


def disconnect(code: int, stream_name: str) -> dict[str, Any]:
    """``disconnect`` with one of the seeds' codes."""
    return {"disconnect": {"code": code, "stream_name": stream_name, "reason": REASONS[code]}}


def status_withheld(status_id: int, user_id: int, countries: tuple[str, ...]) -> dict[str, Any]:
    """``status_withheld``."""
    return {
        "status_withheld": {
            "id": status_id,
            "user_id": user_id,
            "withheld_in_countries": list(countries),
        }
    }


def user_withheld(user_id: int, countries: tuple[str, ...]) -> dict[str, Any]:
    """``user_withheld``."""
    return {"user_withheld": {"id": user_id, "withheld_in_countries": list(countries)}}


def user_update(created_at: str, user: dict[str, Any]) -> dict[str, Any]:
    """``user_update``: source and target are the same, updated, user."""
    return {"created_at": created_at, "source": user, "target": user, "event": "user_update"}
