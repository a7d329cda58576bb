"""Benchmarks: each measures Roost endpoints against a bare-framework baseline run beside them.

``verify_credentials`` (GET account/verify_credentials) and ``statuses`` (GET statuses/show and
POST statuses/update; set-up data in ``statuses_setup``, requests and pre-run checks in
``statuses_requests``, its profile breakdown in ``statuses_profile``).

Shared pieces for every benchmark: ``servers`` (uvicorn in a child process, its CPU time),
``loadgen`` (a cheap closed-loop HTTP/1.1 keep-alive load generator), ``signing`` (OAuth 1.0a
requests pre-signed with oauthlib, GET and query-string POST), ``harness`` (alternating rounds,
medians, ratios), ``report`` (the printed summary and its JSON under bench/results/),
``profiling`` (cProfile hotspots and per-request breakdowns), ``baseline`` (the bare Starlette
endpoint) and ``stack`` (the Roost app factory and a Runtime for writing fixtures).
"""
