# SPRO portal — the README's commands. `make run` serves, `make test` tests; both set everything up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py
# Local commands run in development mode unless told otherwise (production: see README, Deployment).
export DJANGO_DEBUG ?= 1

VNU_JAR := var/vnu/node_modules/vnu-jar/build/dist/vnu.jar
CHROMIUM := /usr/bin/chromium

.PHONY: run serve test install db lint browser-tools bench resilience

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

## Serve in production (README, Deployment): gunicorn on $(SERVE_HOST):$(PORT) behind the reverse proxy,
## after collectstatic and migrations. Needs DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL…
## WORKERS overrides the count of gunicorn workers (default 2 × cores + 1).
SERVE_HOST ?= 127.0.0.1
serve: export DJANGO_DEBUG := 0
serve: install
	@test -n "$$DJANGO_SECRET_KEY" || { echo "DJANGO_SECRET_KEY manque : au moins 32 caractères aléatoires (README, Deployment)." >&2; exit 1; }
	$(MANAGE) check --deploy
	$(MANAGE) collectstatic --noinput --verbosity=0
	$(MANAGE) migrate --noinput
	$(BIN)/gunicorn spro_portal.wsgi:application --bind=$(SERVE_HOST):$(PORT) \
		--workers=$${WORKERS:-$$((2 * $$(nproc) + 1))} --access-logfile=- --error-logfile=-

## The whole test suite, on PostgreSQL: the main suite, then the browser gates (tests/e2e).
test: db browser-tools
	$(BIN)/pytest
	$(BIN)/pytest -m e2e

## What the browser tests need: Debian's chromium and Java (system packages), the Nu Html Checker (npm).
browser-tools: $(VNU_JAR)
	@test -x $(CHROMIUM) || { echo "Chromium manque : sudo apt-get install chromium (voir le README)." >&2; exit 1; }
	@command -v java >/dev/null || { echo "Java manque : sudo apt-get install default-jre-headless." >&2; exit 1; }

$(VNU_JAR):
	@command -v npm >/dev/null || { echo "npm manque : sudo apt-get install npm." >&2; exit 1; }
	mkdir -p var/vnu
	npm install --prefix var/vnu --no-save --no-audit --no-fund --silent vnu-jar@26

lint: install
	$(BIN)/ruff check .

## Load benchmark (README, "Performance at national scale"): gunicorn + wrk on synthetic data of sizes S and L,
## measured side by side; writes bench/results.json.
## QUICK=1: size S only, a few seconds a page (CI). WORKERS, DURATION, WARMUP (seconds a page) override the defaults.
BENCH_ARGS = $(if $(filter-out 0,$(QUICK)),--quick) $(if $(WORKERS),--workers=$(WORKERS)) \
	$(if $(DURATION),--duration=$(DURATION)) $(if $(WARMUP),--warmup=$(WARMUP))

bench: install
	$(BIN)/python -m bench.run $(BENCH_ARGS)

## Scale-out and faults (README, "Scale-out and faults"): two gunicorn instances sharing one PostgreSQL server
## (its own, in var/resilience/) and Redis (REDIS_URL, else its own redis-server); a shared session, edits
## seen at once through the other instance, and a PostgreSQL restart under 30 s of load. Prints a report.
resilience: install
	$(BIN)/python -m bench.resilience
