"""Benchmarks: each measures one Roost endpoint against a bare-framework baseline run beside it.

Shared pieces for every benchmark: ``servers`` (uvicorn in a child process, its CPU time),
``loadgen`` (a cheap closed-loop HTTP/1.1 keep-alive load generator), ``signing`` (OAuth 1.0a
requests pre-signed with oauthlib), ``harness`` (alternating rounds, medians, ratios), ``report``
(the printed summary and its JSON under bench/results/), ``profiling`` (cProfile hotspots) and
``baseline`` (the bare Starlette endpoint).
"""
