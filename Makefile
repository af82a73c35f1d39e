# Two commands do all the set-up (Python 3.11): `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= data/otmodel.duckdb
PORT ?= 8501
# 127.0.0.1: this machine only. HOST=0.0.0.0 opens to the local network: the other devices only vote.
HOST ?= 127.0.0.1

.PHONY: run test lint bench demo docs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime $@

$(DB): | $(VENV)/.runtime
	$(BIN)/python -m otmodel init --db $(DB) --demo destination

run: $(VENV)/.runtime $(DB)
	$(BIN)/python -m otmodel serve --db $(DB) --port $(PORT) --host $(HOST)

test: $(VENV)/.dev
	@sh tests/ensure_chromium.sh
	$(BIN)/python -m ruff check .
	$(BIN)/python -m pytest

bench: $(VENV)/.runtime
	$(BIN)/python -m otmodel bench

# The demo territory, and beside it the demo network of offices (synthetic values) that the Réseau page opens.
demo: $(VENV)/.runtime
	$(BIN)/python -m otmodel init --db $(DB) --demo destination --force
	$(BIN)/python -m otmodel reseau demo --dir $(dir $(DB))reseau

# docs/cli.md is written from the commands' --help (tests/unit/test_docs.py fails when it is stale).
docs: $(VENV)/.runtime
	$(BIN)/python -m tests.cli_reference

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
