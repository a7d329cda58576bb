"""The stream bus: services publish committed changes, the process's stream hub hears them.

An interface with an in-process implementation; a Redis pub/sub one can replace ``LocalBus``
when streams are served by more than one process (the events are plain dataclasses of the
domain's objects, so they serialize). Subscribers are called on the publisher's thread and must
hand the event over quickly (the hub posts it to its event loop).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Protocol

from roost.stream.events import StreamEvent

log = logging.getLogger("roost.stream")

Subscriber = Callable[[StreamEvent], None]


class StreamBus(Protocol):
    """Publish/subscribe of stream events."""

    def publish(self, event: StreamEvent) -> None:
        """Deliver ``event`` to every subscriber (after the change committed)."""

    def subscribe(self, subscriber: Subscriber) -> Callable[[], None]:
        """Add a subscriber; returns the function that removes it."""


class LocalBus:
    """Every subscriber of this process, called in turn; a failing one never stops the others
    nor the publisher (the write it reports has committed already)."""

    def __init__(self) -> None:
        self._subscribers: list[Subscriber] = []
        self._lock = threading.Lock()

    def publish(self, event: StreamEvent) -> None:
        """Deliver ``event`` to every subscriber."""
        for subscriber in self._subscribers:  # a copy-on-write list: no lock to read
            try:
                subscriber(event)
            except Exception:  # noqa: BLE001 - the publisher's write has committed already
                log.exception("a stream subscriber failed on %s", type(event).__name__)

    def subscribe(self, subscriber: Subscriber) -> Callable[[], None]:
        """Add a subscriber; returns the function that removes it."""
        with self._lock:
            self._subscribers = [*self._subscribers, subscriber]

        def unsubscribe() -> None:
            with self._lock:
                self._subscribers = [s for s in self._subscribers if s is not subscriber]

        return unsubscribe
