"""Benchmark collections/entries, collections/entries/curate and statuses/oembed, against a baseline.

    ROOST_RATE_LIMITS=off python -m bench.collections [--entries N] [--seconds N]
        [--connections C] [--rounds R] [--warmup W] [--quick] [--no-write]

Set-up data is written with Roost's own services before the server starts: an App, 4 users
with access tokens, 3,200 statuses of theirs (the statuses benchmark's mix of URLs, hashtags
and mentions), a collection holding the first ``--entries`` (1,000) of them and a second, empty
one to curate. Measured in alternating rounds against the bare Starlette ``{"ok":true}``
baseline: ``GET /1.1/collections/entries.json?id=custom-<id>&count=200`` of the full collection,
signed by each user in turn; ``POST /1.1/collections/entries/curate.json`` by its owner with an
``application/json`` body of 100 changes (outside the OAuth signature), 32 batches of 100
statuses added one request each, then removed one request each, and so on (the collection is
emptied, untimed, before every round, so each round starts with the adds); and
``GET /1.1/statuses/oembed.json?id=<id>`` over all 3,200 statuses, unauthenticated. Goals
(issue 9): entries >= 0.3 and oembed >= 0.5 of the baseline's throughput; curate has none (its
ratio is reported). ``--quick`` is a smoke run (2 rounds of 2 s, nothing written).
Written to bench/results/collections.json.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import secrets
import sys
import time
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

import orjson

from bench.baseline import BASELINE_PATH
from bench.harness import (
    BenchConfig,
    BenchError,
    RoundResult,
    Target,
    add_round_options,
    bench_record,
    load_average,
    run_rounds,
)
from bench.loadgen import send_once
from bench.report import format_subjects_summary, write_json
from bench.servers import HOST, AppSpec, Server
from bench.signing import (
    OAuthKeys,
    Planned,
    PlanSigner,
    raw_get,
    sign_planned,
    sign_range,
    signing_workers,
)
from bench.stack import fixture_runtime, main_in_tmp
from bench.statuses_setup import BenchUser, status_text

NAME = "collections"
ENTRIES_PATH = "/1.1/collections/entries.json"
CURATE_PATH = "/1.1/collections/entries/curate.json"
OEMBED_PATH = "/1.1/statuses/oembed.json"
ENDPOINTS = {
    "entries": f"GET {ENTRIES_PATH}?id=custom-<id>&count=200",
    "curate": f"POST {CURATE_PATH} (application/json, 100 changes)",
    "oembed": f"GET {OEMBED_PATH}?id=<id>",
}
SUBJECTS = tuple(ENDPOINTS)
GOALS = {"entries": 0.3, "oembed": 0.5}  # whole-stack throughput / the baseline's; curate: none
USERS = 4
PAGE = 200  # entries' count, Twitter's maximum
CHANGES = 100  # changes per curate request, Twitter's maximum
# Batches the curate requests go round: more than the connections, so the remove of a batch is
# sent only after its add has been answered, whatever order the in-flight requests finish in.
BATCHES = 32
STATUSES = BATCHES * CHANGES  # 3,200: the curate batches and the oEmbed set
_PROGRESS_EVERY = 500  # statuses


def say(message: str) -> None:
    """One progress line on stderr."""
    print(message, file=sys.stderr, flush=True)


@dataclass(frozen=True)
class CollectionFixtures:
    """What the set-up wrote: the users (the first owns both collections), the status ids, the
    full collection's and the curated one's ``custom-<id>``, and how many entries the first holds."""

    users: tuple[BenchUser, ...]
    status_ids: tuple[int, ...]
    full_id: str
    curated_id: str
    entries: int


def create_fixtures(database_url: str, entries: int) -> CollectionFixtures:
    """An App "Bench", USERS users with access tokens, max(STATUSES, entries) statuses by them
    (round robin), a collection of the first ``entries`` of them and an empty one."""
    from roost.domain.collections import Change
    from roost.services import apps, tweets
    from roost.services import collections as svc
    from roost.services import users as accounts

    total = max(STATUSES, entries)
    began = time.monotonic()
    with fixture_runtime(database_url) as rt:
        app, _bearer = apps.create_app(rt, "Bench", website="https://bench.example")
        people = [
            accounts.create_user(rt, f"bench_user{k}", name=f"Bench User {k}") for k in range(USERS)
        ]
        tokens = [apps.create_access_token(rt, app, person.id) for person in people]
        names = [person.screen_name for person in people]
        ids: list[int] = []
        for k in range(total):
            request = tweets.PostRequest(status=status_text(k, names))
            ids.append(tweets.post(rt, people[k % USERS], app, request).id)
            if (k + 1) % _PROGRESS_EVERY == 0 or k + 1 == total:
                say(f"fixtures: {k + 1}/{total} statuses ({time.monotonic() - began:.1f} s)")
        owner = people[0]
        full = svc.create(rt, owner, "Bench collection")
        for first in range(0, entries, CHANGES):
            adds = [Change("add", sid) for sid in ids[first : min(first + CHANGES, entries)]]
            if refused := svc.entries_curate(rt, owner, full.id, adds):
                raise BenchError(f"set-up: {len(refused)} adds refused, the first {refused[0]}")
        curated = svc.create(rt, owner, "Bench curation")
    say(f"fixtures: {full.timeline_id} holds {entries} statuses, {curated.timeline_id} none")
    bench_users = tuple(
        BenchUser(name, OAuthKeys(app.consumer_key, app.consumer_secret, t.token, t.secret))
        for name, t in zip(names, tokens, strict=True)
    )
    return CollectionFixtures(
        bench_users, tuple(ids), full.timeline_id, curated.timeline_id, entries
    )


# ----------------------------------------------------------------------------- requests


@dataclass(frozen=True)
class EntriesPlan:
    """Request i: ``GET entries.json?id=…&count=200`` of the full collection, by user i."""

    url: str
    viewers: tuple[OAuthKeys, ...]

    def __call__(self, i: int) -> Planned:
        return Planned("GET", self.url, self.viewers[i % len(self.viewers)])


@dataclass(frozen=True)
class CuratePlan:
    """Request i: ``POST curate.json`` by the owner; the body is added after signing."""

    url: str
    keys: OAuthKeys

    def __call__(self, i: int) -> Planned:
        return Planned("POST", self.url, self.keys)


def curate_bodies(fixtures: CollectionFixtures) -> list[bytes]:
    """The 2 * BATCHES bodies request i goes round: batch i % BATCHES, added on the first lap
    of the batches, removed on the second."""
    ids = fixtures.status_ids
    bodies = []
    for op in ("add", "remove"):
        for b in range(BATCHES):
            batch = ids[b * CHANGES : (b + 1) * CHANGES]
            changes = [{"op": op, "tweet_id": str(sid)} for sid in batch]
            bodies.append(orjson.dumps({"id": fixtures.curated_id, "changes": changes}))
    return bodies


_EMPTY_BODY = b"Content-Length: 0\r\n\r\n"


def with_json_body(request: bytes, body: bytes) -> bytes:
    """A signed empty-bodied POST (bench.signing) carrying ``body`` as ``application/json``
    instead: such a body is not part of the OAuth signature, so the signature still holds."""
    if not request.endswith(_EMPTY_BODY):
        raise BenchError("a signed POST without the expected empty body")
    head = request[: -len(_EMPTY_BODY)]
    extra = f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    return head + extra.encode("latin-1") + body


class CurateSupply:
    """The curate target's requests: signed by the pool, given their JSON body by number.

    Before each batch the curated collection is emptied (BATCHES untimed removes: the harness
    asks for requests before it starts the clock and the server's CPU count), and batches are
    whole laps of the 2 * BATCHES bodies, so each round starts with the adds on an empty
    collection: requests signed but left unsent at a round's end cannot leave it out of step.
    """

    def __init__(self, fixtures: CollectionFixtures, port: int, pool: Executor) -> None:
        self.port = port
        self.plan = CuratePlan(f"http://{HOST}:{port}{CURATE_PATH}", fixtures.users[0].keys)
        self.signer = PlanSigner(self.plan, pool, signing_workers())
        self.bodies = curate_bodies(fixtures)
        self.issued = 0  # the signer's count of requests, so request k's body is known
        self.resets = 0

    def empty_collection(self) -> None:
        """Remove every batch (refused changes of statuses not in it are fine)."""
        self.resets += 1
        nonce = f"reset-{secrets.token_hex(4)}-{self.resets}-"
        signed = sign_planned(self.plan, nonce, 0, BATCHES)
        for k, request in enumerate(signed):
            body = self.bodies[BATCHES + k]
            status, answer = send_once(HOST, self.port, with_json_body(request, body))
            if status != 200:
                raise BenchError(f"curate (emptying the collection): {status}: {answer[:300]!r}")

    def __call__(self, count: int) -> list[bytes]:
        lap = len(self.bodies)
        count = math.ceil(count / lap) * lap
        self.empty_collection()
        signed = self.signer.sign(count)
        first, self.issued = self.issued, self.issued + count
        return [
            with_json_body(request, self.bodies[(first + k) % lap])
            for k, request in enumerate(signed)
        ]


def entries_url(port: int, fixtures: CollectionFixtures) -> str:
    return f"http://{HOST}:{port}{ENTRIES_PATH}?id={fixtures.full_id}&count={PAGE}"


def oembed_requests(port: int, fixtures: CollectionFixtures) -> list[bytes]:
    """One unauthenticated oEmbed GET per status (they carry no nonce: sent round and round)."""
    return [
        raw_get(f"http://{HOST}:{port}{OEMBED_PATH}?id={sid}", {}) for sid in fixtures.status_ids
    ]


def _ok(port: int, request: bytes, what: str) -> tuple[Any, int]:
    status, body = send_once(HOST, port, request)
    if status != 200:
        raise BenchError(f"{what}: answered {status}:\n{body.decode('utf-8', 'replace')[:600]}")
    return orjson.loads(body), len(body)


def preflight(port: int, fixtures: CollectionFixtures, pool: Executor) -> dict[str, object]:
    """Each endpoint once, untimed: a full page of entries with more beyond it, a batch of
    100 added and removed without a refused change, an oEmbed with its blockquote. The
    answers' sizes, for the record."""
    viewers = tuple(u.keys for u in fixtures.users)
    nonce = f"preflight-{secrets.token_hex(4)}-"
    entries = sign_planned(EntriesPlan(entries_url(port, fixtures), viewers), nonce, 0, 1)[0]
    page, entries_bytes = _ok(port, entries, "collections/entries")
    timeline = page["response"]["timeline"]
    expected = min(PAGE, fixtures.entries)
    if len(timeline) != expected or len(page["objects"]["tweets"]) != expected:
        raise BenchError(f"collections/entries: {len(timeline)} entries, not {expected}")
    if page["response"]["position"]["was_truncated"] != (fixtures.entries > PAGE):
        raise BenchError(f"collections/entries: position {page['response']['position']}")
    supply = CurateSupply(fixtures, port, pool)
    plan = supply.plan
    curate_bytes = 0
    for k, body in enumerate((supply.bodies[0], supply.bodies[BATCHES])):
        request = with_json_body(sign_planned(plan, nonce, 1 + k, 1)[0], body)
        answer, curate_bytes = _ok(port, request, "collections/entries/curate")
        if answer["response"]["errors"]:
            refused = answer["response"]["errors"]
            raise BenchError(f"curate: {len(refused)} changes refused, the first {refused[0]}")
    embed, oembed_bytes = _ok(port, oembed_requests(port, fixtures)[0], "statuses/oembed")
    if "<blockquote" not in embed.get("html", ""):
        raise BenchError(f"statuses/oembed: no blockquote in {embed!r:.300}")
    return {
        "entries_bytes": entries_bytes,
        "entries_page": len(timeline),
        "curate_bytes": curate_bytes,
        "curate_request_bytes": len(supply.bodies[0]),
        "oembed_bytes": oembed_bytes,
    }


def targets(fixtures: CollectionFixtures, roost: Server, pool: Executor) -> list[Target]:
    """entries (signed just before each round), curate and oembed against ``roost``."""
    viewers = tuple(u.keys for u in fixtures.users)
    plan = EntriesPlan(entries_url(roost.port, fixtures), viewers)
    entries = PlanSigner(plan, pool, signing_workers())
    embeds = oembed_requests(roost.port, fixtures)
    return [
        Target("entries", roost, entries.sign),
        Target("curate", roost, CurateSupply(fixtures, roost.port, pool)),
        Target("oembed", roost, lambda n: embeds, cycle=True),
    ]


def baseline_target(fixtures: CollectionFixtures, baseline: Server) -> Target:
    """The baseline, sent a request of the same shape: a signed (ignored) Authorization header."""
    url = f"http://{HOST}:{baseline.port}{BASELINE_PATH}"
    request = sign_range(fixtures.users[0].keys, url, "b", 0, 1)
    return Target("baseline", baseline, lambda n: request, cycle=True)


# ----------------------------------------------------------------------------- the run


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    p = argparse.ArgumentParser(prog="python -m bench.collections", description=__doc__)
    p.add_argument("--entries", type=int, default=1000, help="statuses in the collection (1000)")
    add_round_options(p)
    p.add_argument("--quick", action="store_true", help="smoke run: 2 rounds of 2 s, not written")
    p.add_argument("--no-write", action="store_true", help="do not write bench/results/")
    args = p.parse_args(argv)
    if args.quick:
        args.seconds, args.rounds, args.warmup = 2.0, 2, 0.5
    if args.rounds < 2:
        p.error("--rounds must be at least 2: the medians need rounds to cancel noise")
    if args.entries < PAGE:
        p.error(f"--entries must be at least {PAGE}: a full page of entries")
    if args.connections >= BATCHES:
        p.error(f"--connections must stay below {BATCHES} (the curate batches)")
    return args


def summarize(
    config: BenchConfig,
    results: dict[str, list[RoundResult]],
    load: list[float],
    fixtures: CollectionFixtures,
    checks: dict[str, object],
) -> dict[str, Any]:
    """The record printed and written: medians, ratios, goals and the per-round figures."""
    return bench_record(
        NAME,
        ENDPOINTS,
        config,
        load,
        results,
        list(SUBJECTS),
        GOALS,
        {
            "users": len(fixtures.users),
            "statuses": len(fixtures.status_ids),
            "collection_entries": fixtures.entries,
            "entries_count": PAGE,
            "curate_changes": CHANGES,
            "curate_batches": BATCHES,
            "oembed_statuses": len(fixtures.status_ids),
            "preflight": checks,
        },
    )


def run(args: argparse.Namespace, tmp: str) -> int:
    """Fixtures, servers, a preflight, alternating rounds, summary."""
    database_url = f"sqlite:///{tmp}/bench.sqlite3"
    fixtures = create_fixtures(database_url, args.entries)
    config = BenchConfig(args.seconds, args.connections, args.rounds, args.warmup)
    roost = Server("roost", AppSpec("bench.stack:roost_app", {"database_url": database_url}))
    baseline = Server("baseline", AppSpec("bench.baseline:create_baseline_app"))
    load = load_average()
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(signing_workers(), mp_context=ctx) as pool, roost, baseline:
        checks = preflight(roost.port, fixtures, pool)
        say(f"preflight: {checks}")
        subjects = targets(fixtures, roost, pool)
        results = run_rounds([baseline_target(fixtures, baseline), *subjects], config)
    summary = summarize(config, results, load, fixtures, checks)
    print(format_subjects_summary(summary))
    print(f"curate: no goal (measured {summary['ratio']['curate']['throughput']:.2f})")
    if args.quick or args.no_write:
        say("not written (--quick or --no-write)")
    else:
        say(f"written to {write_json(summary, NAME)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m bench.collections``."""
    return main_in_tmp(NAME, run, parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
