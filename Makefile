# phoihop: `make run` serves the app with demo data; `make test` runs the whole suite.
# Both set everything up first (Debian packages, virtual environment, migrations) and say so.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml .python-version | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# This machine's pip configuration names extra local indexes that may be absent: not our noise.
PIP_NOISE := ^WARNING: Location .* is ignored

.PHONY: help setup system venv run test coverage lint format bench worker beat loadtest messages check clean

help:
	@echo "make run    set up, migrate, load demo data and serve on http://$(HOST):$(PORT)"
	@echo "make test   set up and run the whole test suite (browser tests when Chromium is there)"
	@echo "make lint   ruff and Django's checks;  make bench  the benchmarks"
	@echo "make coverage  the test suite with branch coverage, HTML report in var/coverage/"

system:
	@scripts/system-packages $(if $(filter test,$(MAKECMDGOALS)),--browser,)

$(PY):
	@python=$$(scripts/find-python) && echo "==> creating $(VENV) with $$python" && "$$python" -m venv $(VENV)

$(STAMP): pyproject.toml .python-version | $(PY)
	@echo "==> installing Python packages into $(VENV)"
	@$(PY) -m pip install --quiet --upgrade pip 2>&1 | { grep -v "$(PIP_NOISE)" || true; }
	@set -o pipefail; $(PY) -m pip install --quiet '.[dev]' 2>&1 | { grep -v "$(PIP_NOISE)" || true; }
	@rm -rf build phoihop.egg-info
	@rm -f $(VENV)/.installed-* && touch $@

venv: $(STAMP)

setup: system venv .env messages
	@mkdir -p var

.env:
	@echo "==> creating .env from .env.example (development settings: DEBUG on)"
	@cp .env.example .env

messages: venv
	@echo "==> compiling translations"
	@if ls locale/*/LC_MESSAGES/*.po >/dev/null 2>&1; then \
	  $(PY) manage.py compilemessages --ignore=.venv -v 0; \
	else echo "    (no catalogues yet)"; fi

run: export DEBUG ?= true
run: setup
	@mkdir -p var
	@echo "==> database: $${DATABASE_URL:-SQLite at var/db.sqlite3}"
	@$(PY) manage.py ensure_database
	@$(PY) manage.py migrate --noinput -v 0
	@echo "==> loading demo data"
	@$(PY) manage.py load_demo
	@$(PY) manage.py create_demo_accounts
	@if [ -n "$${REDIS_URL:-}" ]; then \
	  echo "==> starting a Celery worker and Celery beat (report-job sweep, daily digests) on $$REDIS_URL"; \
	  $(VENV)/bin/celery -A config worker --loglevel=INFO --concurrency=2 & worker=$$!; \
	  $(VENV)/bin/celery -A config beat --loglevel=INFO & beat=$$!; \
	  trap "kill $$worker $$beat 2>/dev/null" EXIT INT TERM; \
	else echo "==> no REDIS_URL: report jobs run in-process"; fi; \
	echo "==> serving on http://$(HOST):$(PORT)/  (sign in as admin, manager, staff or viewer; password: demo)"; \
	$(PY) manage.py runserver $(HOST):$(PORT)

test: setup
	@echo "==> tests on $${DATABASE_URL:-SQLite}, broker $${REDIS_URL:-none (in-process tasks)}"
	@$(PY) manage.py ensure_database >/dev/null
	@$(PY) manage.py makemigrations --check --dry-run -v 1 >/dev/null || \
	  (echo "A model change has no migration: run manage.py makemigrations"; exit 1)
	@$(PY) -m pytest $(PYTEST_ARGS)

# The whole suite (or PYTEST_ARGS) with branch coverage ([tool.coverage] in pyproject.toml):
# the summary in the terminal, the annotated source in var/coverage/index.html.
coverage: setup
	@$(PY) manage.py ensure_database >/dev/null
	@$(PY) -m pytest --cov --cov-report=term:skip-covered --cov-report=html $(PYTEST_ARGS)
	@echo "==> coverage report: var/coverage/index.html"

lint: venv
	@echo "==> ruff"
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check .
	@echo "==> manage.py check"
	@$(PY) manage.py check --fail-level WARNING
	@echo "==> migrations match the models"
	@$(PY) manage.py makemigrations --check --dry-run -v 0
	@echo "==> Vietnamese catalogue complete"
	@PY=$(PY) scripts/check-translations

format: venv
	@$(VENV)/bin/ruff check --fix .
	@$(VENV)/bin/ruff format .

# Every page at two scales (generated PostgreSQL databases, kept between runs), a locust load
# on gunicorn, the report renderer; knobs in tests/bench/test_scale_bench.py; docs/benchmarks.md.
bench: setup
	@$(PY) -m pytest -m bench tests/bench -p no:randomly -s $(PYTEST_ARGS)

# 50 signed-in users for 60 s on gunicorn + a PostgreSQL of the test's own (127.0.0.1 only).
loadtest: setup
	@PHOIHOP_FAULTS=1 $(PY) -m pytest -m load tests/faults/test_load.py -p no:randomly -s $(PYTEST_ARGS)

worker: venv
	@$(VENV)/bin/celery -A config worker --loglevel=INFO

beat: venv
	@$(VENV)/bin/celery -A config beat --loglevel=INFO

clean:
	rm -rf $(VENV) var .pytest_cache
