# Two commands do all the set-up (Python 3.11): `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= data/otmodel.duckdb
PORT ?= 8501

.PHONY: run test lint bench demo clean

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
	@echo "otmodel : http://localhost:$(PORT)"
	OTMODEL_DB=$(DB) $(BIN)/python -m streamlit run app.py --server.port $(PORT) --server.headless true \
		--browser.gatherUsageStats false

test: $(VENV)/.dev
	@sh tests/ensure_chromium.sh
	$(BIN)/python -m ruff check .
	$(BIN)/python -m pytest

bench: $(VENV)/.runtime
	$(BIN)/python -m otmodel bench

demo: $(VENV)/.runtime
	$(BIN)/python -m otmodel init --db $(DB) --demo destination --force

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
