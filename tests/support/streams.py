"""Reading a live statuses/filter stream over real HTTP, for the streaming tests.

``RawStream`` opens the connection with a signed requests session and collects the body's bytes
on a background thread exactly as they arrive (chunked encoding undone by urllib3, nothing
else), so tests can check the framing byte for byte and wait for messages with a timeout.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import orjson
import requests

URL_PATH = "/1.1/statuses/filter.json"


class RawStream:
    """One connection; ``data`` is every byte received so far."""

    def __init__(
        self, session: requests.Session, base_url: str, params: dict[str, str], method: str = "POST"
    ) -> None:
        url = base_url + URL_PATH
        if method == "POST":
            self.response = session.post(url, data=params, stream=True, timeout=(5, 60))
        else:
            self.response = session.get(url, params=params, stream=True, timeout=(5, 60))
        self.status = self.response.status_code
        self._data = bytearray()
        self._cond = threading.Condition()
        self.closed = False
        self.error: BaseException | None = None
        if self.status == 200:
            self._thread = threading.Thread(target=self._read, daemon=True)
            self._thread.start()
        else:
            self._data.extend(self.response.content)
            self.closed = True

    def _read(self) -> None:
        try:
            for chunk in self.response.raw.read_chunked(decode_content=False):
                with self._cond:
                    self._data.extend(chunk)
                    self._cond.notify_all()
        except BaseException as exc:  # noqa: BLE001 - the test decides whether it matters
            self.error = exc
        finally:
            with self._cond:
                self.closed = True
                self._cond.notify_all()

    @property
    def data(self) -> bytes:
        """Everything received so far."""
        with self._cond:
            return bytes(self._data)

    def wait(self, ready: Callable[[bytes], bool], timeout: float = 10.0) -> bytes:
        """Wait until ``ready(data)`` (or the stream closes); the data; AssertionError on timeout."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not ready(bytes(self._data)):
                left = deadline - time.monotonic()
                if left <= 0 or self.closed:
                    if ready(bytes(self._data)):
                        break
                    raise AssertionError(
                        f"stream: condition not met (closed={self.closed}); got {bytes(self._data)!r}"
                    )
                self._cond.wait(left)
            return bytes(self._data)

    def wait_closed(self, timeout: float = 10.0) -> bytes:
        """Wait until the server ends the response; everything received."""
        return self.wait(lambda _: self.closed, timeout)

    def messages(self) -> list[dict[str, Any]]:
        """The JSON messages received (undelimited framing), keep-alives left out."""
        return [orjson.loads(line) for line in self.data.split(b"\r\n") if line.strip()]

    def wait_messages(
        self, ready: Callable[[list[dict[str, Any]]], bool], timeout: float = 10.0
    ) -> list[dict[str, Any]]:
        """Wait until ``ready(messages)``; the messages."""

        def parsed(data: bytes) -> bool:
            complete = data[: data.rfind(b"\r\n") + 2] if b"\r\n" in data else b""
            lines = [orjson.loads(x) for x in complete.split(b"\r\n") if x.strip()]
            return ready(lines)

        self.wait(parsed, timeout)
        return self.messages()

    def close(self) -> None:
        """Drop the connection (the client going away)."""
        self.response.close()


def statuses(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The Tweets among the messages (tweepy's test: an ``in_reply_to_status_id`` key)."""
    return [m for m in messages if "in_reply_to_status_id" in m]
