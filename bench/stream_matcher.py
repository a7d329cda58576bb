"""Benchmark statuses/filter's matcher alone: the index against the brute-force reference.

    python -m bench.stream_matcher [--subscriptions N] [--candidates N] [--warmup N]
        [--brute N] [--rounds R] [--seed S] [--no-write]

A synthetic world, built in memory and the same for a seed: 10,000 subscriptions, each tracking
10 phrases (7 in 10 of one word, the others of two) drawn Zipf-like (weights 1/(rank + 50))
from a vocabulary of a few thousand words in a shuffled order (what is tracked most is not
what is said most): the candidates' own words but the 100 commonest (no one tracks "the"),
their hashtags, mentions and domains (``example.com`` and ``example com``), and 3,000 words no
status says (brand names, typos); a third of them also follow 1-5 accounts (popular ones most),
a fifth watch 1-2 boxes (0.2-2 degrees around a city mostly, a tenth 10-30 degrees, 1% the
whole world). The candidates are statuses as statuses/update and retweets store them
(``roost.load``'s writer: six languages, emoji, hashtags, mentions, cashtags, t.co links),
some replies (half of them "manual", typed @name), 15% native retweets, a tenth geotagged and
4% with only a place.

Measured in the same run, in alternating rounds (the machine is shared and its speed drifts
by 2x within minutes: a slow spell hits both sides), three passes of ``Matcher.match``:

- **steady**, the figure the goal is judged on: a running server's. The caches (``track.py``'s
  token, URL and entity terms, the grid's remembered tiles and places) are emptied, filled again
  by matching ``--warmup`` earlier statuses (untimed), then a batch of ``--candidates``
  statuses never matched before is timed, a fresh batch each round. Their links, CJK
  sentences and rarer words are cache misses, as a live stream's are;
- **cold**: the caches emptied, then the first batch (a server's first seconds after start);
- **warm**: the first batch again at once (every token, URL and tile already seen: an upper
  bound, not a server's state).

Beside them, on the same steady batch, ``Floor``: the least any matcher must do (split, one
lookup, one union; see its docstring), and the brute force ``[k for k, f in subs if
matches(f, c)]`` over the round's share of ``--brute`` statuses (it is slow); the matcher and
the brute force must give the same keys for those statuses, or the run aborts. Reported: the
median statuses/s of each (wall clock, and this process's CPU time), the steady pass against
the floor and the brute force, per round and overall, matches per status. Goal (the issue):
the matcher over 50,000 tweets/s.
Written to bench/results/stream_matcher.json. The clock here drifts too much to compare two
runs of a few percent apart: bench/stream_matcher_instructions.py counts the same passes'
instructions instead (deterministic).
"""

from __future__ import annotations

import argparse
import gc
import itertools
import os
import platform
import random
import statistics
import sys
import time
import timeit
from collections import Counter
from typing import Any

from bench.harness import BenchError, load_average
from bench.report import conclude, heading
from roost.domain import text as status_text
from roost.domain.model import Tweet, User
from roost.domain.retweets import retweet_of
from roost.load.people import FOLK
from roost.load.prose import Writer
from roost.load.words import LANG_WEIGHTS, LANGS, SLUG_WORDS
from roost.stream import track
from roost.stream.filters import Box, Candidate, Filter
from roost.stream.matcher import Matcher, candidate_of, matches

NAME = "stream_matcher"
GOAL_TWEETS_S = 50_000.0
ACCOUNTS = 5_000
PHRASES_PER_SUB = 10
SKIPPED_COMMONEST = 100  # words too common for anyone to track ("the", "de", "a", "today")
UNSAID_WORDS = 3_000  # tracked words no status says
TRACK_RANK_OFFSET = 50  # phrase weights 1/(rank + 50): the top word is in ~5% of subscriptions
ACCOUNT_RANK_OFFSET = 20  # who posts, is mentioned and followed: 1/(rank + 20)
_SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _accounts(rng: random.Random) -> list[User]:
    names: set[str] = set()
    out: list[User] = []
    while len(out) < ACCOUNTS:
        name = f"{rng.choice(SLUG_WORDS)}{rng.choice(SLUG_WORDS)}{rng.randint(1, 999)}"[:15]
        if name.lower() not in names:
            names.add(name.lower())
            out.append(User(id=len(out) + 1, screen_name=name, name=name, created_at_ms=0))
    return out


def zipf_weights(n: int, offset: int) -> list[float]:
    """Cumulative weights 1/(rank + offset) of n ranks, for ``random.choices``: Zipf-like,
    with a head flattened by ``offset``."""
    return list(itertools.accumulate(1.0 / (r + 1 + offset) for r in range(n)))


def manual_reply(entities: dict[str, list[dict[str, Any]]]) -> int | None:
    """The account a status that starts with its mention replies to (``post``'s rule)."""
    lead = status_text.leading_mention(entities)
    return lead[0] if lead is not None else None


def candidates(n: int, seed: int, accounts: list[User]) -> list[Candidate]:
    """``n`` statuses as statuses/update and retweet store them, as the matcher sees them."""
    rng = random.Random(f"{seed}/candidates")
    writer = Writer(seed)
    by_name = {u.screen_name.lower(): u for u in accounts}
    cum = zipf_weights(len(accounts), ACCOUNT_RANK_OFFSET)

    def someone() -> User:  # popular accounts post more, and are mentioned more
        return rng.choices(accounts, cum_weights=cum)[0]

    cities = [c for folk in FOLK.values() for c in folk.cities]
    out: list[Candidate] = []
    for number in range(n):
        writer.reseed(number)
        lang = rng.choices(LANGS, weights=LANG_WEIGHTS)[0]
        author = someone()
        mentions = [someone().screen_name for _ in range(rng.choice((0, 0, 0, 1, 1, 2)))]
        reply_to = someone() if rng.random() < 0.15 else None
        lead = [reply_to.screen_name] if reply_to is not None and rng.random() < 0.5 else []
        body, _ = writer.body(lang, lead, mentions)
        composed = status_text.compose(body)
        entities = status_text.entities(
            composed, lambda names: {x: by_name[x] for x in names if x in by_name}
        )
        lat = long = None
        place: Box | None = None
        geo = rng.random()
        if geo < 0.10:
            city = rng.choice(cities)
            lat = f"{city.lat + rng.uniform(-0.05, 0.05):.6f}"
            long = f"{city.long + rng.uniform(-0.05, 0.05):.6f}"
        elif geo < 0.14:
            city = rng.choice(cities)
            place = Box(city.long - 0.2, city.lat - 0.15, city.long + 0.2, city.lat + 0.15)
        status = Tweet(
            id=number + 1,
            user_id=author.id,
            text=composed.text,
            display_start=composed.display_start,
            display_end=composed.display_end,
            entities=entities,
            source_name="web",
            source_url="https://roost.test",
            in_reply_to_status_id=1 if reply_to is not None and not lead else None,
            # a typed "@name ..." is a manual reply, as statuses/update stores it
            in_reply_to_user_id=(
                reply_to.id if reply_to is not None and not lead else manual_reply(entities)
            ),
            lat=lat,
            long=long,
        )
        retweeted: int | None = None
        if rng.random() < 0.15:  # a native retweet of it by someone else
            retweeter = someone()
            status = retweet_of(status, author, retweeter.id, number + 1, "web", "https://r.test")
            retweeted = author.id
        out.append(candidate_of(status, retweeted_user_id=retweeted, place_box=place))
    return out


def vocabulary(cs: list[Candidate], seed: int) -> list[str]:
    """What people track, most tracked first: the candidates' words (the commonest left out),
    hashtags, mentions and domains (as ``example.com`` and as ``example com``), and words no
    status says, in a shuffled order: what is tracked most is not what is said most."""
    rng = random.Random(f"{seed}/vocabulary")
    counts: Counter[str] = Counter()
    specials: set[str] = set()
    for c in cs:
        counts.update(w for w in track.clean(c.text).split() if w.isalpha())
        specials.update("#" + h.lower() for h in c.hashtags)
        specials.update("@" + m.lower() for m in c.mentions[:1])
        for expanded, _ in c.urls:
            host = expanded.split("://", 1)[-1].split("/", 1)[0].removeprefix("www.")
            specials.update((host, host.replace(".", " ")))
    said = [w for w, _ in counts.most_common()][SKIPPED_COMMONEST:]
    unsaid = ["".join(rng.choices(_SYLLABLES, k=rng.randint(2, 4))) for _ in range(UNSAID_WORDS)]
    words = list(dict.fromkeys([*said, *sorted(specials), *unsaid]))
    rng.shuffle(words)
    return words


def subscriptions(n: int, seed: int, vocab: list[str], accounts: list[User]) -> list[Filter]:
    """``n`` filters: 10 phrases each (one word mostly, some two), some follows, some boxes."""
    rng = random.Random(f"{seed}/subscriptions")
    by_rank = zipf_weights(len(accounts), ACCOUNT_RANK_OFFSET)
    cities = [c for folk in FOLK.values() for c in folk.cities]
    out = []
    # a pure 1/rank would have most subscriptions track the top word (10 picks each)
    cum = zipf_weights(len(vocab), TRACK_RANK_OFFSET)
    for _ in range(n):
        phrases = []
        for _ in range(PHRASES_PER_SUB):
            words = rng.choices(vocab, cum_weights=cum, k=1 if rng.random() < 0.7 else 2)
            phrases.append(" ".join(words))
        follow: tuple[int, ...] = ()
        if rng.random() < 0.33:
            k = rng.randint(1, 5)
            follow = tuple({u.id for u in rng.choices(accounts, cum_weights=by_rank, k=k)})
        boxes: list[Box] = []
        if rng.random() < 0.2:
            for _ in range(rng.randint(1, 2)):
                kind = rng.random()
                if kind < 0.01:
                    boxes.append(Box(-180.0, -90.0, 180.0, 90.0))
                    continue
                city = rng.choice(cities)
                half = rng.uniform(5.0, 15.0) if kind < 0.1 else rng.uniform(0.1, 1.0)
                boxes.append(
                    Box(
                        max(-180.0, round(city.long - half, 2)),
                        max(-90.0, round(city.lat - half, 2)),
                        min(180.0, round(city.long + half, 2)),
                        min(90.0, round(city.lat + half, 2)),
                    )
                )
        out.append(Filter(tuple(phrases), follow, tuple(boxes)))
    return out


def calibration_us() -> float:
    """How fast this machine runs Python right now: the best of 5 runs of ``sum(range(1000))``
    in microseconds (shared machines vary by 2x from one minute to the next; figures from two
    runs compare only beside this)."""
    return round(min(timeit.repeat("sum(range(1000))", number=2000, repeat=5)) / 2000 * 1e6, 2)


def clear_caches(m: Matcher) -> None:
    """Empty ``track.py``'s caches of terms and what the index remembered of its lookups: the
    next pass starts cold."""
    m.forget()
    track.clear_caches()


def time_matcher(m: Matcher, cs: list[Candidate], cold: bool) -> tuple[float, float, list[int]]:
    """(tweets/s by the wall clock, by this process's CPU time, how many keys each candidate
    matched) of one pass of ``Matcher.match``; the CPU figure leaves out the time the other
    processes of a shared machine took the core. Results are dropped at once, as the hub
    drops them."""
    if cold:
        clear_caches(m)
    match = m.match
    began, cpu = time.perf_counter(), time.process_time()
    sizes = [len(match(c)) for c in cs]
    wall, cpu = time.perf_counter() - began, time.process_time() - cpu
    return len(cs) / wall, len(cs) / max(cpu, 1e-9), sizes


class Floor:
    """What any matcher of these subscriptions must at least do for a status, and nothing
    more: lower-case and split its text, look its words up among the phrases' first terms
    once, and gather the keys found there and under its author and the users it replies to or
    retweets into one set. None of the seeds' rules (NFC, entities, punctuation, URL forms, the
    second term of a phrase, boxes): a reference for how far the matcher's own work is from
    the least a Python matcher costs, not a matcher (it finds too much and too little)."""

    def __init__(self, subs: list[tuple[int, Filter]]) -> None:
        self.firsts: dict[str, set[int]] = {}
        self.users: dict[int, set[int]] = {}
        for key, f in subs:
            for phrase in f.track:
                terms = sorted(track.phrase_terms(phrase), key=lambda t: (-len(t.encode()), t))
                if terms:
                    self.firsts.setdefault(terms[0], set()).add(key)
            for user in f.follow:
                self.users.setdefault(user, set()).add(key)

    def match(self, c: Candidate) -> set[int]:
        out: set[int] = set()
        users = self.users
        for user in (c.user_id, c.in_reply_to_user_id, c.retweeted_user_id):
            if user is not None and (keys := users.get(user)) is not None:
                out |= keys
        firsts = self.firsts
        for term in firsts.keys() & set(c.text.lower().split()):
            out |= firsts[term]
        return out


def time_floor(floor: Floor, cs: list[Candidate]) -> float:
    """Statuses/s of one pass of the floor."""
    match = floor.match
    began = time.perf_counter()
    for c in cs:
        match(c)
    return len(cs) / (time.perf_counter() - began)


def time_brute(subs: list[tuple[int, Filter]], cs: list[Candidate]) -> tuple[float, list[Any]]:
    """(seconds, sorted keys of each candidate) of the brute force over every subscription."""
    began = time.perf_counter()
    found = [[k for k, f in subs if matches(f, c)] for c in cs]
    return time.perf_counter() - began, found


def run(args: argparse.Namespace) -> dict[str, Any]:
    load_before = load_average()
    speed_before = calibration_us()
    began = time.perf_counter()
    rng = random.Random(f"{args.seed}/accounts")
    accounts = _accounts(rng)
    total = args.candidates * (args.rounds + 1) + args.warmup
    log(f"world: writing {total:,} statuses ...")
    stream = candidates(total, args.seed, accounts)
    cs, warmup = stream[: args.candidates], stream[args.candidates : args.candidates + args.warmup]
    fresh = stream[args.candidates + args.warmup :]
    batches = [fresh[r * args.candidates : (r + 1) * args.candidates] for r in range(args.rounds)]
    vocab = vocabulary(cs, args.seed)
    subs = list(enumerate(subscriptions(args.subscriptions, args.seed, vocab, accounts)))
    log(
        f"world: batches of {len(cs)} statuses, {len(warmup)} to warm up with,"
        f" {len(subs)} subscriptions over {len(vocab)} words ({time.perf_counter() - began:.1f} s)"
    )

    t0 = time.perf_counter()
    m = Matcher()
    for key, f in subs:
        m.add(key, f)
    build_s = time.perf_counter() - t0
    log(f"index: {m.stats()} built in {build_s:.2f} s")
    floor = Floor(subs)
    # A running server's index is old: its objects sit in the collector's oldest generation,
    # which a full collection (rare once the server has settled) walks. Freezing them keeps
    # such a walk, some tens of milliseconds, out of these short timed passes.
    gc.collect()
    gc.freeze()

    rounds: list[dict[str, float]] = []
    sizes: list[int] = []
    steady_sizes: list[int] = []
    per_round = max(1, args.brute // args.rounds)
    brute_s, brute_n = 0.0, 0
    for r in range(args.rounds):
        cold, cold_cpu, sizes = time_matcher(m, cs, cold=True)
        warm, warm_cpu, _ = time_matcher(m, cs, cold=False)
        clear_caches(m)
        for c in warmup:  # what the server matched before: the caches as a running one has them
            m.match(c)
        if r % 2:  # who goes second finds the batch's text warmer in the CPU's caches
            floor_rate = time_floor(floor, batches[r])
        steady, steady_cpu, batch_sizes = time_matcher(m, batches[r], cold=False)
        if not r % 2:
            floor_rate = time_floor(floor, batches[r])
        steady_sizes += batch_sizes
        few = batches[r][:per_round]
        seconds, expected = time_brute(subs, few)
        for c, keys in zip(few, expected, strict=True):
            mine = m.match(c)
            if sorted(mine) != keys:
                raise BenchError(
                    f"status {c.status_id}: the matcher found {len(mine)} subscriptions, the"
                    f" brute force {len(keys)}: {sorted(set(keys) ^ mine)[:10]}"
                )
        brute_s, brute_n = brute_s + seconds, brute_n + len(few)
        brute = len(few) / seconds
        rounds.append(
            {
                "steady_tweets_s": round(steady),
                "steady_cpu_tweets_s": round(steady_cpu),
                "cold_tweets_s": round(cold),
                "cold_cpu_tweets_s": round(cold_cpu),
                "warm_tweets_s": round(warm),
                "warm_cpu_tweets_s": round(warm_cpu),
                "floor_tweets_s": round(floor_rate),
                "brute_force_tweets_s": round(brute, 2),
                "ratio": round(steady / brute, 1),
            }
        )
        log(
            f"  round {r + 1}/{args.rounds}: matcher {steady:,.0f} tweets/s steady"
            f" ({steady_cpu:,.0f} by CPU time), {cold:,.0f} cold, {warm:,.0f} warm;"
            f" floor {floor_rate:,.0f};"
            f" brute force {brute:.1f} tweets/s over {len(few)}, the same matches"
        )

    def median(name: str) -> float:
        return float(statistics.median(r[name] for r in rounds))

    matcher_rate = median("steady_tweets_s")
    brute_rate = brute_n / brute_s
    record = {
        **heading(NAME, "roost.stream.matcher.Matcher.match"),
        "config": {
            "seed": args.seed,
            "subscriptions": len(subs),
            "phrases_per_subscription": PHRASES_PER_SUB,
            "vocabulary": len(vocab),
            "candidates": len(cs),
            "warmup": len(warmup),
            "brute_force_candidates": brute_n,
            "rounds": args.rounds,
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_before": load_before,
            "load_average_after": load_average(),
            "calibration_us_before": speed_before,
            "calibration_us_after": calibration_us(),
        },
        "index": {**m.stats(), "build_s": round(build_s, 3)},
        "candidates": {
            "geotagged": sum(c.coordinates is not None for c in cs),
            "place_only": sum(c.coordinates is None and c.place_box is not None for c in cs),
            "retweets": sum(c.is_retweet for c in cs),
            "with_links": sum(bool(c.urls) for c in cs),
        },
        "matches_per_tweet": {
            "mean": round(statistics.mean(steady_sizes), 1),
            "median": statistics.median(steady_sizes),
            "max": max(steady_sizes),
            "none": sum(not s for s in steady_sizes),
            "first_batch_mean": round(statistics.mean(sizes), 1),
        },
        "matcher": {
            "tweets_s": round(matcher_rate),
            "us_per_tweet": round(1e6 / matcher_rate, 2),
            "cpu_tweets_s": round(median("steady_cpu_tweets_s")),
            "cold_tweets_s": round(median("cold_tweets_s")),
            "cold_cpu_tweets_s": round(median("cold_cpu_tweets_s")),
            "warm_tweets_s": round(median("warm_tweets_s")),
            "warm_cpu_tweets_s": round(median("warm_cpu_tweets_s")),
        },
        "floor": {
            "tweets_s": round(median("floor_tweets_s")),
            "matcher_share": round(matcher_rate / median("floor_tweets_s"), 3),
        },
        "brute_force": {
            "tweets_s": round(brute_rate, 2),
            "us_per_tweet": round(1e6 / brute_rate),
        },
        "ratio": round(matcher_rate / brute_rate, 1),
        "ratio_per_round": [r["ratio"] for r in rounds],
        "goal": {"tweets_s_min": GOAL_TWEETS_S, "met": matcher_rate >= GOAL_TWEETS_S},
        "rounds": rounds,
    }
    return record


def summary(r: dict[str, Any]) -> str:
    cfg, mt, bf = r["config"], r["matcher"], r["brute_force"]
    verdict = "met" if r["goal"]["met"] else "NOT met"
    return "\n".join(
        [
            f"== {r['benchmark']}: {r['subject']}",
            f"   {cfg['subscriptions']} subscriptions x {cfg['phrases_per_subscription']} phrases"
            f" over {cfg['vocabulary']} words, {cfg['candidates']} candidates,"
            f" {cfg['cpus']} CPUs, load average before {cfg['load_average_before']}",
            f"   machine speed: sum(range(1000)) in {cfg['calibration_us_before']} us before,"
            f" {cfg['calibration_us_after']} us after",
            f"matches per tweet: mean {r['matches_per_tweet']['mean']},"
            f" median {r['matches_per_tweet']['median']}, max {r['matches_per_tweet']['max']}",
            f"{'':24}{'tweets/s':>12}{'us/tweet':>12}{'by CPU time':>14}",
            f"{'matcher (steady)':<24}{mt['tweets_s']:>12,}{mt['us_per_tweet']:>12.2f}"
            f"{mt['cpu_tweets_s']:>14,}",
            f"{'matcher (cold caches)':<24}{mt['cold_tweets_s']:>12,}"
            f"{1e6 / mt['cold_tweets_s']:>12.2f}{mt['cold_cpu_tweets_s']:>14,}",
            f"{'matcher (warm caches)':<24}{mt['warm_tweets_s']:>12,}"
            f"{1e6 / mt['warm_tweets_s']:>12.2f}{mt['warm_cpu_tweets_s']:>14,}",
            f"{'floor (see Floor)':<24}{r['floor']['tweets_s']:>12,}"
            f"{1e6 / r['floor']['tweets_s']:>12.2f}",
            f"{'brute force':<24}{bf['tweets_s']:>12,.1f}{bf['us_per_tweet']:>12,}",
            f"matcher (steady) / floor: {r['floor']['matcher_share']}",
            f"matcher (steady) / brute force: {r['ratio']:,}x (per round: "
            + ", ".join(f"{x:,}" for x in r["ratio_per_round"])
            + ")",
            f"goal: matcher >= {r['goal']['tweets_s_min']:,.0f} tweets/s -- {verdict}",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscriptions", type=int, default=10_000)
    parser.add_argument("--candidates", type=int, default=3_000, help="statuses a batch")
    parser.add_argument(
        "--warmup", type=int, default=10_000, help="statuses matched before each steady batch"
    )
    parser.add_argument("--brute", type=int, default=30, help="candidates for the brute force")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    return conclude(lambda: run(args), summary, NAME, not args.no_write, BenchError)


if __name__ == "__main__":
    sys.exit(main())
