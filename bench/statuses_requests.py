"""The statuses benchmark's requests: what show and update request ``i`` is, and the checks made
once before the timed rounds (a realistic answer, signed query parameters)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from urllib.parse import urlencode

import orjson

from bench.harness import BenchError
from bench.loadgen import send_once
from bench.servers import HOST
from bench.signing import OAuthKeys, Planned, sign_planned
from bench.statuses_setup import StatusFixtures

SHOW_PATH = "/1.1/statuses/show.json"
UPDATE_PATH = "/1.1/statuses/update.json"


@dataclass(frozen=True)
class ShowPlan:
    """Request i: ``GET show.json?id=`` of set-up status i (round robin), signed by user i."""

    url: str
    status_ids: tuple[int, ...]
    viewers: tuple[OAuthKeys, ...]

    def __call__(self, i: int) -> Planned:
        status_id = self.status_ids[i % len(self.status_ids)]
        return Planned("GET", f"{self.url}?id={status_id}", self.viewers[i % len(self.viewers)])


def update_text(i: int, mention: str, tag: str = "") -> str:
    """Status text of update request ``i``: unique (Roost refuses duplicates with 403/187)."""
    return f"bench update {tag}{i} #roost https://example.com/{tag}{i} @{mention}"


@dataclass(frozen=True)
class UpdatePlan:
    """Request i: ``POST update.json?status=<unique text>`` as tweepy sends it, by user i (round
    robin), mentioning the next user."""

    url: str
    authors: tuple[OAuthKeys, ...]
    screen_names: tuple[str, ...]
    tag: str = ""  # distinguishes texts of a second plan on the same users

    def __call__(self, i: int) -> Planned:
        n = len(self.authors)
        text = update_text(i, self.screen_names[(i + 1) % n], self.tag)
        return Planned("POST", f"{self.url}?{urlencode({'status': text})}", self.authors[i % n])


def plans(port: int, fixtures: StatusFixtures, tag: str = "") -> tuple[ShowPlan, UpdatePlan]:
    """The show and update plans against a Roost server on ``port``."""
    keys = tuple(u.keys for u in fixtures.users)
    names = tuple(u.screen_name for u in fixtures.users)
    base = f"http://{HOST}:{port}"
    show = ShowPlan(base + SHOW_PATH, fixtures.status_ids, keys)
    return show, UpdatePlan(base + UPDATE_PATH, keys, names, tag)


def _ok(port: int, request: bytes, what: str) -> dict[str, object]:
    status, body = send_once(HOST, port, request)
    if status != 200:
        raise BenchError(f"{what}: answered {status}:\n{body.decode('utf-8', 'replace')}")
    answer: dict[str, object] = orjson.loads(body)
    answer["_bytes"] = len(body)
    return answer


def _entity_counts(tweet: dict[str, object]) -> dict[str, int]:
    entities = tweet.get("entities")
    assert isinstance(entities, dict)
    return {kind: len(entities.get(kind, [])) for kind in ("urls", "hashtags", "user_mentions")}


def preflight(port: int, fixtures: StatusFixtures) -> dict[str, object]:
    """One show, one update and one tampered update, untimed: a show renders its entities, an
    update is accepted, and a query changed after signing is refused (so oauthlib signed the
    query parameters and Roost checked them). The answers' sizes, for the record."""
    show, update = plans(port, fixtures, tag="preflight-")
    nonce = f"preflight-{secrets.token_hex(4)}-"
    showcase = ShowPlan(show.url, (fixtures.showcase_id,), show.viewers)
    shown = _ok(port, sign_planned(showcase, nonce, 0, 1)[0], "statuses/show")
    counts = _entity_counts(shown)
    if not all(counts.values()):
        raise BenchError(f"statuses/show: expected a URL, a hashtag and mentions, got {counts}")
    posted = _ok(port, sign_planned(update, nonce, 1, 1)[0], "statuses/update")
    if not all(_entity_counts(posted).values()):
        raise BenchError(f"statuses/update: entities missing in {posted.get('entities')}")
    signed = sign_planned(update, nonce, 2, 1)[0]
    tampered = signed.replace(b"preflight-2+", b"preflight-3+", 1)
    if tampered == signed:
        raise BenchError("the tamper check found no status text to change in the request line")
    status, body = send_once(HOST, port, tampered)
    if status != 401:
        raise BenchError(f"a query changed after signing got {status}, not 401:\n{body!r}")
    return {"show_bytes": shown["_bytes"], "update_bytes": posted["_bytes"], "tampered": status}
