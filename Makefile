# Throughcare: `make run` to try it, `make test` to check it. Both set everything up first.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP_PY := $(VENV)/.installed
STAMP_JS := frontend/node_modules/.installed
ASSETS := static/dist/throughcare.css
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup run test test-postgres lint typecheck lock bench bench-http bench-national clean

setup: $(STAMP_PY) $(ASSETS)
	@$(PY) manage.py migrate --no-input -v 0
	@$(PY) manage.py import_geography --quiet
	@$(PY) manage.py seed_demo --quiet
	@$(PY) manage.py audit_seal --quiet
	@$(PY) manage.py audit_verify --quiet

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip

# Exactly the locked versions, checked by hash; then Throughcare itself, whose dependencies those are.
$(STAMP_PY): pyproject.toml requirements.lock | $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet --require-hashes -r requirements.lock
	$(VENV)/bin/pip install --quiet --no-deps -e .
	@touch $@

# Re-resolve requirements.lock after changing pyproject.toml's dependencies (keeps every other pin);
# `make lock ARGS=--upgrade` moves everything to the newest versions the ranges allow.
lock: | $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet 'pip-tools>=7.4,<8'
	CUSTOM_COMPILE_COMMAND="make lock" $(VENV)/bin/pip-compile --quiet --extra dev --generate-hashes \
		--allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links \
		--output-file requirements.lock $(ARGS) pyproject.toml

$(STAMP_JS): frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(ASSETS): $(STAMP_JS) frontend/build.mjs $(wildcard frontend/src/*.scss)
	cd frontend && npm run --silent build

run: setup
	@echo "Throughcare is running on http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	$(PY) manage.py runserver $(HOST):$(PORT)

test: setup
	$(PY) -m pytest

# The same suite against PostgreSQL: DATABASE_URL=postgres://user@host:5432/name make test-postgres
test-postgres: $(STAMP_PY) $(ASSETS)
	@test -n "$$DATABASE_URL" || { echo "Set DATABASE_URL to a PostgreSQL database."; exit 2; }
	$(PY) -m pytest --create-db

lint: $(STAMP_PY)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# mypy over services, selectors and core/ (pyproject.toml [tool.mypy]; ADR 26).
typecheck: $(STAMP_PY)
	$(PY) -m mypy

bench: $(STAMP_PY) $(ASSETS)
	$(PY) -m bench $(ARGS)

# gunicorn as deployed, under 1, 4 and 16 concurrent users (bench/http_load.py): figures, never a
# failed build. `make bench-http ARGS="--seconds 20 matches"` narrows it.
bench-http: $(STAMP_PY) $(ASSETS)
	-$(PY) -m bench.http_load $(ARGS)

clean:
	rm -rf $(VENV) frontend/node_modules static/dist var .pytest_cache .ruff_cache .mypy_cache
