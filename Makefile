# qinshang — build, run and test.
#
#   make demo           install, load the demo data, serve on http://127.0.0.1:8000
#   make test           ruff + pytest on SQLite (and again on PostgreSQL when CI=true)
#   make test-postgres  pytest on a throwaway PostgreSQL server
#   make lint           ruff check + ruff format --check (format is informational)
#   make clean          remove .venv, node_modules, vendor files and the data dir
#
# Stamp files keep repeated runs quick: the venv is reinstalled only when pyproject.toml
# changes, the front-end libraries only when package.json / package-lock.json change.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
RUFF := $(VENV)/bin/ruff
PYTEST := $(VENV)/bin/pytest
QINSHANG := $(VENV)/bin/qinshang

VENV_STAMP := $(VENV)/.installed
VENDOR_DIR := qinshang/static/vendor
VENDOR_STAMP := $(VENDOR_DIR)/.stamp

DEMO_ADDR ?= 127.0.0.1:8000
PYTEST_ARGS ?=
# Tests run with DEBUG off and a throwaway data dir; DATABASE_URL is dropped for the SQLite run.
TEST_ENV := QINSHANG_SECRET_KEY=test-secret

.PHONY: help install catalogues system-packages demo test test-sqlite test-postgres \
	pytest-sqlite pytest-postgres lint clean

help:
	@sed -n '3,7p' Makefile | sed 's/^# *//'

# --- install ----------------------------------------------------------------------------------

install: $(VENV_STAMP) $(VENDOR_STAMP) catalogues

$(VENV_STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) \
		|| { echo "Could not create $(VENV) with $(PYTHON) (Debian: apt-get install python3-venv)" >&2; exit 1; }
	$(PIP) install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $@

$(VENDOR_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed to install the front-end libraries (Debian: apt-get install npm)" >&2; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf $(VENDOR_DIR)
	mkdir -p $(VENDOR_DIR)
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR_DIR)/htmx.min.js
	cp node_modules/echarts/dist/echarts.min.js $(VENDOR_DIR)/echarts.min.js
	@touch $@

catalogues: $(VENV_STAMP)
	@$(PY) scripts/compile_catalogues.py

system-packages:
	scripts/system-packages.sh

# --- run --------------------------------------------------------------------------------------

demo: install
	QINSHANG_DEBUG=true $(QINSHANG) migrate --noinput
	QINSHANG_DEBUG=true $(QINSHANG) demo
	@echo "Serving on http://$(DEMO_ADDR)/ (Ctrl-C to stop)"
	QINSHANG_DEBUG=true $(QINSHANG) runserver $(DEMO_ADDR)

# --- test -------------------------------------------------------------------------------------

# In CI the SQLite and PostgreSQL runs go side by side (each prints when it ends): one after the
# other they took most of CI's 40 minutes.
test: install system-packages
	$(RUFF) check .
ifeq ($(CI),true)
	$(MAKE) -j2 --output-sync=target pytest-sqlite pytest-postgres
else
	$(MAKE) pytest-sqlite
endif

test-sqlite: install system-packages
	$(MAKE) pytest-sqlite

test-postgres: install
	scripts/system-packages.sh --postgres
	$(MAKE) pytest-postgres

pytest-sqlite:
	@echo "== pytest on SQLite =="
	tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	env -u DATABASE_URL $(TEST_ENV) QINSHANG_DATA_DIR="$$tmp" $(PYTEST) -q $(PYTEST_ARGS)

pytest-postgres:
	@echo "== pytest on PostgreSQL =="
	tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	scripts/with-postgres.sh env $(TEST_ENV) QINSHANG_DATA_DIR="$$tmp" $(PYTEST) -q $(PYTEST_ARGS)

lint: $(VENV_STAMP)
	$(RUFF) check .
	$(RUFF) format --check . || echo "(ruff format differences are informational only)"

# --- clean ------------------------------------------------------------------------------------

clean:
	rm -rf $(VENV) node_modules $(VENDOR_DIR) data .pytest_cache .ruff_cache *.egg-info
