# SPRO portal — the README's commands. `make run` serves, `make test` tests; both set everything up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py
# Local commands run in development mode unless told otherwise (production: see README, Deployment).
export DJANGO_DEBUG ?= 1

.PHONY: run test install db lint

## Create .venv and install the project with its development tools (again when pyproject.toml changes).
$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet ".[dev]"
	touch $@

install: $(VENV)/.installed

## Start the database (embedded PostgreSQL unless DATABASE_URL is set), migrate, load reference and demo data.
db: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_reference_data
	$(MANAGE) load_demo

## Serve the portal on http://127.0.0.1:$(PORT) (development mode unless DJANGO_DEBUG=0).
run: db
	$(MANAGE) runserver 127.0.0.1:$(PORT)

## The whole test suite, on PostgreSQL.
test: db
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
