# Roost: `make run` serves the API on the embedded SQLite store; `make test` runs every test,
# on SQLite and on a throwaway PostgreSQL cluster it starts itself.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test test-sqlite test-pg lint bench clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@# tweepy 4.13, the last with v1.1 streaming (tweepy.Stream), beside the newer one: the
	@# stream tests run it in a subprocess with this directory first on PYTHONPATH
	$(PY) -m pip install --quiet --no-deps --upgrade --target $(VENV)/clients/tweepy413 tweepy==4.13.0
	@rm -f $(VENV)/.installed-*; touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/roost serve $(ARGS)

test: $(STAMP)
	ROOST_REQUIRE_POSTGRES=1 scripts/need-node scripts/need-browser scripts/with-postgres $(PY) -m pytest $(PYTEST_ARGS)

test-sqlite: $(STAMP)
	$(PY) -m pytest -k "not postgres" $(PYTEST_ARGS)

test-pg: $(STAMP)
	ROOST_REQUIRE_POSTGRES=1 scripts/with-postgres $(PY) -m pytest -k postgres $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff format --check roost tests bench
	$(VENV)/bin/ruff check roost tests bench
	$(VENV)/bin/mypy roost

bench: $(STAMP)
	ROOST_RATE_LIMITS=off $(PY) -m bench.verify_credentials $(BENCH_ARGS)
	ROOST_RATE_LIMITS=off $(PY) -m bench.statuses $(BENCH_ARGS)
	ROOST_RATE_LIMITS=off $(PY) -m bench.timelines $(BENCH_ARGS)
	ROOST_RATE_LIMITS=off $(PY) -m bench.search $(BENCH_ARGS)
	ROOST_RATE_LIMITS=off $(PY) -m bench.collections $(BENCH_ARGS)
	ROOST_RATE_LIMITS=off $(PY) -m bench.v2_tweets $(BENCH_ARGS)
	ROOST_RATE_LIMITS=off $(PY) -m bench.floor $(BENCH_ARGS)
	$(PY) -m bench.stream_matcher $(BENCH_ARGS)
	ROOST_RATE_LIMITS=off $(PY) -m bench.streaming $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
