"""Run tweepy 4.13's ``Stream`` (the last tweepy with v1.1 streaming) against a live Roost.

Started by the tests in a subprocess whose ``PYTHONPATH`` puts tweepy 4.13 first (the test
environment's own tweepy is a newer one without ``Stream``). Prints one JSON line per event
tweepy reports: ``{"connect": true}``, ``{"status": {...}}`` (id, text, user id), ``{"limit": n}``,
``{"warning": {...}}``, ``{"disconnect": {...}}``, ``{"error": status}``; stops after ``--statuses``
statuses, a disconnect message or an HTTP error.

    python tweepy413_stream.py HOSTPORT CK CS TOKEN SECRET '{"track": [...], ...}' N
"""

from __future__ import annotations

import json
import sys

import requests
import tweepy


class ToRoost(requests.adapters.HTTPAdapter):
    """tweepy calls https://stream.twitter.com; send it, signed as it is, to the plain-http Roost."""

    def __init__(self, hostport: str) -> None:
        super().__init__()
        self.hostport = hostport

    def send(self, request: requests.PreparedRequest, **kwargs):  # type: ignore[no-untyped-def]
        request.url = request.url.replace("https://stream.twitter.com", f"http://{self.hostport}")
        return super().send(request, **kwargs)


def say(event: dict) -> None:
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


class Recorder(tweepy.Stream):
    def __init__(self, *args, wanted: int, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.wanted = wanted
        self.seen = 0

    def on_connect(self) -> None:
        say({"connect": True})

    def on_status(self, status) -> None:  # type: ignore[no-untyped-def]
        say(
            {
                "status": {
                    "id": status.id,
                    "text": status.text,
                    "user_id": status.user.id,
                    "retweeted": hasattr(status, "retweeted_status"),
                }
            }
        )
        self.seen += 1
        if self.seen >= self.wanted:
            self.disconnect()

    def on_limit(self, track) -> None:  # type: ignore[no-untyped-def]
        say({"limit": track})

    def on_warning(self, warning) -> None:  # type: ignore[no-untyped-def]
        say({"warning": warning})

    def on_disconnect_message(self, message) -> None:  # type: ignore[no-untyped-def]
        say({"disconnect": message})
        self.disconnect()

    def on_request_error(self, status_code) -> None:  # type: ignore[no-untyped-def]
        say({"error": status_code})
        self.disconnect()


def main() -> None:
    hostport, ck, cs, token, secret, predicates, wanted = sys.argv[1:8]
    assert tweepy.__version__ == "4.13.0", tweepy.__version__
    stream = Recorder(ck, cs, token, secret, wanted=int(wanted), max_retries=0)
    stream.session.mount("https://", ToRoost(hostport))
    stream.filter(**json.loads(predicates))
    say({"done": True})


if __name__ == "__main__":
    main()
