"""Benchmark POST /2/tweets through the whole stack, against a baseline.

    ROOST_RATE_LIMITS=off python -m bench.v2_tweets [--seconds N] [--connections C] [--rounds R]
        [--warmup W] [--quick] [--no-write] [--profile]

In one run, in alternating rounds: the bare Starlette ``{"ok":true}`` baseline (the one
verify_credentials measures against) and two subjects of ``POST /2/tweets`` as tweepy's
``Client.create_tweet`` sends it:

* ``oauth1``: OAuth 1.0a user context, no query, an ``application/json`` body ``{"text": ...}``
  outside the OAuth signature (attached after signing, as the curate subject of
  bench/collections.py does);
* ``oauth2``: ``Authorization: Bearer <user access token>`` (OAuth 2.0 Authorization Code with
  PKCE, scopes ``tweet.read tweet.write users.read``; ``Client(bearer_token=...)`` with
  ``user_auth=False``), the same body; the tokens are issued with Roost's own service
  (services/oauth2_flow.py) before the server starts, so nothing is signed per request and the
  token's lookup is the credential cache's.

Each request has a unique text (statuses/update's mix of a URL, a hashtag and a mention; Roost
refuses a duplicate with 403; the subjects' texts differ by tag), round robin over the 8 users of
the statuses benchmark's set-up (bench/statuses_setup.py), written with Roost's own services
before the server starts. Medians and ratios are printed with the goal (issue 10: >= 0.25 of the
baseline's throughput, for both subjects) and written to bench/results/v2_tweets.json.
``--quick`` is a smoke run (2 rounds of 2 s, nothing written); ``--profile`` instead runs one
round of each subject under cProfile and prints where the server's time went.

The endpoint answers 201 Created, which bench.loadgen counts as a success like any 2xx.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import secrets
import sys
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

import orjson

from bench.baseline import BASELINE_PATH
from bench.collections import with_json_body
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
from bench.profiling import Probe, breakdown, hotspots
from bench.report import format_subjects_summary, write_json
from bench.servers import HOST, AppSpec, Server
from bench.signing import (
    OAuthKeys,
    Planned,
    PlanSigner,
    raw_post,
    sign_planned,
    sign_range,
    signing_workers,
)
from bench.stack import fixture_runtime, main_in_tmp
from bench.statuses_profile import PROBES, REQUEST
from bench.statuses_requests import update_text
from bench.statuses_setup import StatusFixtures, create_fixtures

NAME = "v2_tweets"
CREATE_PATH = "/2/tweets"
ENDPOINTS = {
    "oauth1": f'POST {CREATE_PATH} (application/json {{"text"}}, OAuth 1.0a user context)',
    "oauth2": f'POST {CREATE_PATH} (application/json {{"text"}}, OAuth 2.0 user access token)',
}
GOALS = {"oauth1": 0.25, "oauth2": 0.25}  # whole-stack throughput / the baseline's (issue 10)
_TAG = "v2-"  # in every timed text: "bench update v2-<i> #roost https://example.com/v2-<i> @..."
_OAUTH2_TAG = "v2o2-"  # the OAuth 2.0 subject's texts (the same users post both subjects)


def say(message: str) -> None:
    """One progress line on stderr."""
    print(message, file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------- requests


@dataclass(frozen=True)
class CreatePlan:
    """Request i: ``POST /2/tweets`` by user i (round robin), with ``body(i)`` added after
    signing: a text never posted before, mentioning the next user."""

    url: str
    authors: tuple[OAuthKeys, ...]
    screen_names: tuple[str, ...]
    tag: str = _TAG  # distinguishes texts of a second plan on the same users

    def __call__(self, i: int) -> Planned:
        return Planned("POST", self.url, self.authors[i % len(self.authors)])

    def text(self, i: int) -> str:
        return update_text(i, self.screen_names[(i + 1) % len(self.authors)], self.tag)

    def body(self, i: int) -> bytes:
        """The JSON body of request i, as tweepy's ``Client.create_tweet(text=...)`` sends it."""
        return orjson.dumps({"text": self.text(i)})


def create_plan(port: int, fixtures: StatusFixtures, tag: str = _TAG) -> CreatePlan:
    """The plan against a Roost server on ``port``."""
    keys = tuple(u.keys for u in fixtures.users)
    names = tuple(u.screen_name for u in fixtures.users)
    return CreatePlan(f"http://{HOST}:{port}{CREATE_PATH}", keys, names, tag)


class CreateSupply:
    """The subject's requests: signed by the pool, then given their JSON body by number. The
    signer numbers requests on for its whole life, so no text (and no nonce) is sent twice,
    even of requests signed for one round and left unsent at its end."""

    def __init__(self, plan: CreatePlan, pool: Executor) -> None:
        self.plan = plan
        self.signer = PlanSigner(plan, pool, signing_workers())
        self.issued = 0  # the signer's count of requests, so request k's body is known

    def __call__(self, count: int) -> list[bytes]:
        signed = self.signer.sign(count)
        first, self.issued = self.issued, self.issued + count
        return [
            with_json_body(request, self.plan.body(first + k)) for k, request in enumerate(signed)
        ]


class BearerSupply:
    """The OAuth 2.0 subject's requests: user i's (round robin) access token as a bearer and
    the JSON body of request i. Nothing to sign; numbered on for the supply's whole life, so no
    text is sent twice."""

    def __init__(self, plan: CreatePlan, tokens: tuple[str, ...]) -> None:
        if len(tokens) != len(plan.authors):
            raise BenchError("one OAuth 2.0 token per user of the plan")
        self.plan = plan
        self.tokens = tokens
        self.issued = 0

    def request(self, i: int) -> bytes:
        """Request i: ``POST /2/tweets`` with user i's bearer token and body i."""
        token = self.tokens[i % len(self.tokens)]
        head = raw_post(self.plan.url, {"Authorization": f"Bearer {token}"})
        return with_json_body(head, self.plan.body(i))

    def __call__(self, count: int) -> list[bytes]:
        first, self.issued = self.issued, self.issued + count
        return [self.request(first + k) for k in range(count)]


def issue_oauth2_tokens(database_url: str, fixtures: StatusFixtures) -> tuple[str, ...]:
    """An OAuth 2.0 user access token of the bench App for each user, in the users' order, with
    the Manage Tweets scopes (as the consent page and the token endpoint would issue it)."""
    from roost.auth.scopes import MANAGE_TWEETS
    from roost.services import oauth2_flow

    scopes = tuple(sorted(MANAGE_TWEETS))
    with fixture_runtime(database_url) as rt:
        with rt.store.read() as tx:
            app = tx.app_by_consumer_key(fixtures.users[0].keys.consumer_key)
            people = [tx.user_by_screen_name(u.screen_name) for u in fixtures.users]
        if app is None or any(p is None for p in people):
            raise BenchError("the set-up's App or users are missing")
        return tuple(
            oauth2_flow.issue_token(rt, app.id, p.id, scopes).access_token
            for p in people
            if p is not None
        )


def _send(port: int, request: bytes, expected: int, what: str) -> bytes:
    status, body = send_once(HOST, port, request)
    if status != expected:
        text = body.decode("utf-8", "replace")[:600]
        raise BenchError(f"{what}: answered {status}, not {expected}:\n{text}")
    return body


def _same_text(sent: str, answered: str) -> bool:
    """The answered text is the one sent, its URL wrapped in a t.co link (as Twitter's is)."""
    pairs = list(zip(sent.split(), answered.split(), strict=False))
    return len(sent.split()) == len(answered.split()) and all(
        a == s or (s.startswith("https://") and a.startswith("https://t.co/")) for s, a in pairs
    )


def preflight(port: int, fixtures: StatusFixtures) -> dict[str, object]:
    """A post, its duplicate and a post with a tampered signature, untimed: the post is 201
    with the v2 answer (its id the only edit, its text what was sent with the URL as a t.co
    link), the same text by the same user again (freshly signed) is refused with 403, and a
    nonce changed after signing is refused with 401 (so Roost checked the signature the body
    is attached outside of). Sizes, for the record."""
    plan = create_plan(port, fixtures, tag="preflight-v2-")
    nonce = f"preflight-{secrets.token_hex(4)}-"
    body = plan.body(0)
    request = with_json_body(sign_planned(plan, nonce, 0, 1)[0], body)
    answer = _send(port, request, 201, "POST /2/tweets")
    data = orjson.loads(answer).get("data")
    if not isinstance(data, dict) or set(data) != {"edit_history_tweet_ids", "id", "text"}:
        raise BenchError(f"POST /2/tweets: unexpected answer {answer[:300]!r}")
    if data["edit_history_tweet_ids"] != [data["id"]] or not str(data["id"]).isdigit():
        raise BenchError(f"POST /2/tweets: ids {data['id']!r}, {data['edit_history_tweet_ids']!r}")
    if not _same_text(plan.text(0), data["text"]):
        raise BenchError(f"POST /2/tweets: text {data['text']!r}, not {plan.text(0)!r}")
    same_author = len(plan.authors)  # the request after a lap of the users: by user 0 again
    again = with_json_body(sign_planned(plan, nonce, same_author, 1)[0], body)
    _send(port, again, 403, "POST /2/tweets, the same text again")
    signed = sign_planned(plan, nonce, 2, 1)[0]
    tampered = signed.replace(f"{nonce}0000000002".encode(), f"{nonce}0000000003".encode(), 1)
    if tampered == signed:
        raise BenchError("the tamper check found no nonce to change in the Authorization header")
    _send(port, with_json_body(tampered, plan.body(2)), 401, "POST /2/tweets, nonce tampered")
    return {
        "create_bytes": len(answer),
        "request_bytes": len(request),
        "body_bytes": len(body),
        "duplicate": 403,
        "tampered": 401,
    }


def oauth2_preflight(
    port: int, fixtures: StatusFixtures, tokens: tuple[str, ...]
) -> dict[str, object]:
    """Untimed, with OAuth 2.0 bearer tokens: a post is 201 with the v2 answer, and an unknown
    token is refused with 401 (so the bearer really decided)."""
    supply = BearerSupply(create_plan(port, fixtures, tag="preflight-v2o2-"), tokens)
    answer = _send(port, supply.request(0), 201, "POST /2/tweets (OAuth 2.0)")
    data = orjson.loads(answer).get("data")
    if not isinstance(data, dict) or not _same_text(supply.plan.text(0), str(data.get("text"))):
        raise BenchError(f"POST /2/tweets (OAuth 2.0): unexpected answer {answer[:300]!r}")
    unknown = BearerSupply(supply.plan, ("not-a-token",) * len(tokens)).request(1)
    _send(port, unknown, 401, "POST /2/tweets, an unknown OAuth 2.0 token")
    return {"oauth2_create_bytes": len(answer), "oauth2_unknown_token": 401}


def subject_targets(
    fixtures: StatusFixtures, roost: Server, pool: Executor, tokens: tuple[str, ...]
) -> list[Target]:
    """The OAuth 1.0a subject (each request signed just before its round) and the OAuth 2.0
    subject (bearer tokens, nothing to sign) against ``roost``."""
    oauth2_plan = create_plan(roost.port, fixtures, tag=_OAUTH2_TAG)
    return [
        Target("oauth1", roost, CreateSupply(create_plan(roost.port, fixtures), pool)),
        Target("oauth2", roost, BearerSupply(oauth2_plan, tokens)),
    ]


def baseline_target(fixtures: StatusFixtures, baseline: Server) -> Target:
    """The baseline, sent a request of the same shape: a signed (ignored) Authorization header."""
    url = f"http://{HOST}:{baseline.port}{BASELINE_PATH}"
    request = sign_range(fixtures.users[0].keys, url, "b", 0, 1)
    return Target("baseline", baseline, lambda n: request, cycle=True)


# ----------------------------------------------------------------------------- the run

# statuses/update's probes, without the v1.1 rendering (a v2 create renders no Tweet)
_V1_RENDER = {"render", "load_tweet_context", "users_by_ids", "load_viewer", "tweet_v1"}
_V1_RENDER |= {"retweets_by_among", "favorited_among"}
_PROBES = [
    Probe("  v2 body: content type, JSON, schema keys", "roost/api/v2/tweets.py", "_body"),
    Probe("  v2 body as a PostRequest", "roost/api/v2/tweets.py", "post_request"),
    *(p for p in PROBES["update"] if p.function not in _V1_RENDER),
]


def profile_report(path: str) -> str:
    """The per-request breakdown of the create handler, then the hotspots."""
    handler = Probe("create", "roost/api/v2/tweets.py", "create")
    return breakdown(path, handler, REQUEST, _PROBES) + "\n\n" + hotspots(path)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    p = argparse.ArgumentParser(prog="python -m bench.v2_tweets", description=__doc__)
    add_round_options(p)
    p.add_argument("--quick", action="store_true", help="smoke run: 2 rounds of 2 s, not written")
    p.add_argument("--profile", action="store_true", help="one cProfile'd round of the endpoint")
    p.add_argument("--no-write", action="store_true", help="do not write bench/results/")
    args = p.parse_args(argv)
    if args.quick:
        args.seconds, args.rounds, args.warmup = 2.0, 2, 0.5
    if args.rounds < 2 and not args.profile:
        p.error("--rounds must be at least 2: the medians need rounds to cancel noise")
    return args


def summarize(
    config: BenchConfig,
    results: dict[str, list[RoundResult]],
    load: list[float],
    fixtures: StatusFixtures,
    checks: dict[str, object],
) -> dict[str, Any]:
    """The record printed and written: medians, ratios, goals and the per-round figures."""
    return bench_record(
        NAME,
        ENDPOINTS,
        config,
        load,
        results,
        list(GOALS),
        GOALS,
        {
            "users": len(fixtures.users),
            "statuses": len(fixtures.status_ids),
            "success_status": 201,
            "preflight": checks,
        },
    )


def run(args: argparse.Namespace, tmp: str) -> int:
    """Fixtures, servers, a preflight, rounds (or one profiled round), summary."""
    database_url = f"sqlite:///{tmp}/bench.sqlite3"
    say("fixtures: an App, 8 users with access tokens, 50 statuses ...")
    fixtures = create_fixtures(database_url)
    say("fixtures: an OAuth 2.0 user access token for each user ...")
    tokens = issue_oauth2_tokens(database_url, fixtures)
    config = BenchConfig(args.seconds, args.connections, args.rounds, args.warmup)
    profile_path = os.path.join(tmp, "roost.prof") if args.profile else None
    spec = AppSpec("bench.stack:roost_app", {"database_url": database_url})
    roost = Server("roost", spec, profile_path)
    baseline = Server("baseline", AppSpec("bench.baseline:create_baseline_app"))
    load = load_average()
    ctx = multiprocessing.get_context("spawn")
    say("servers: starting Roost and the signing pool ...")
    with ProcessPoolExecutor(signing_workers(), mp_context=ctx) as pool, roost:
        checks = preflight(roost.port, fixtures)
        checks.update(oauth2_preflight(roost.port, fixtures, tokens))
        say(f"preflight: {checks}")
        targets = subject_targets(fixtures, roost, pool, tokens)
        if args.profile:
            run_rounds(targets, BenchConfig(args.seconds, args.connections, 1, args.warmup))
        else:
            with baseline:
                results = run_rounds([baseline_target(fixtures, baseline), *targets], config)
    if profile_path:
        say("(figures above are under cProfile: only the proportions below mean anything)")
        print(profile_report(profile_path))
        return 0
    summary = summarize(config, results, load, fixtures, checks)
    print(format_subjects_summary(summary))
    if args.quick or args.no_write:
        say("not written (--quick or --no-write)")
    else:
        say(f"written to {write_json(summary, NAME)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m bench.v2_tweets``."""
    return main_in_tmp(NAME, run, parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
