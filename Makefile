# Accord: `make run` to try it, `make test` to test it.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
UV := $(PYTHON) -m uv
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/accord
HOST ?= 127.0.0.1
PORT ?= 8000
# Where people reach this Accord: links in e-mails and on the signing certificate start with it.
# Given, or made from HOST and PORT (`make run PORT=8101`; a server listening on every address is
# reached at 127.0.0.1).
ACCORD_BASE_URL ?= http://$(if $(filter 0.0.0.0 ::,$(HOST)),127.0.0.1,$(HOST)):$(PORT)
# pytest-xdist: one worker per core. Work stealing starts each worker on its own half of the
# suite, so class and module fixtures (the access matrix's cast, the fuzz test's demo data) are
# built about once per worker. `make test XDIST=` runs the tests in one process.
XDIST ?= -n auto --dist worksteal

.PHONY: help uv install run serve test test-sqlite test-postgres lint format check test-deps bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

# Debian's own python3 refuses a system-wide pip install (PEP 668); then install for the user.
uv: ## Install uv if it is missing
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv \
	  || $(PYTHON) -m pip install --quiet --user --break-system-packages uv

install: uv ## Create .venv with every dependency from uv.lock
	@$(UV) sync --frozen --quiet

# The local demo writes the e-mails it sends under var/mail/ rather than into the terminal.
run: export ACCORD_EMAIL ?= file
run: export ACCORD_BASE_URL := $(ACCORD_BASE_URL)
run: install ## Install, migrate, load the demo data and serve Accord at http://127.0.0.1:8000
	@$(BIN)/accord migrate --no-input -v0
	@$(BIN)/accord seed --demo
	@ACCORD_BASE_URL=$(ACCORD_BASE_URL) bash scripts/serve.sh $(HOST) $(PORT)

test: install test-deps ## Run every test on SQLite, then on PostgreSQL
	@$(MAKE) --no-print-directory test-sqlite
	@$(MAKE) --no-print-directory test-postgres

test-sqlite: ## Run the tests on SQLite
	@echo "== tests on SQLite =="
	env -u DATABASE_URL $(BIN)/pytest $(XDIST) $(PYTEST_ARGS)

test-postgres: ## Run the tests on PostgreSQL (PG_URL, default $(PG_URL))
	@echo "== tests on PostgreSQL =="
	DATABASE_URL=$(PG_URL) $(BIN)/pytest $(XDIST) $(PYTEST_ARGS)

test-deps: ## Make sure Chromium and poppler-utils are there (installed with apt-get in CI)
	@bash scripts/test-deps.sh

lint: install ## ruff check, ruff format --check, Django's checks and missing migrations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

format: install ## Format the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install ## Run the benchmarks and write docs/performance.md
	$(BIN)/python bench/run.py $(if $(PARTS),--parts $(PARTS)) $(BENCH_ARGS)

clean: ## Remove the virtualenv, the local database and caches
	rm -rf $(VENV) var .pytest_cache .ruff_cache staticfiles
