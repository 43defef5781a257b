# Ravabet: `make run` serves the demo, `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
UV_VERSION := 0.13.8
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lint typecheck messages clean

$(VENV)/.installed: pyproject.toml uv.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(VENV)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	@UV_PROJECT_ENVIRONMENT=$(VENV) $(UV) sync --quiet --locked --inexact
	@touch $@

node_modules/.installed: package.json package-lock.json
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(VENV)/.installed node_modules/.installed

run: export RAVABET_DEBUG = 1
# Links in emails point where this server answers (PORT=8101 make run included).
run: export RAVABET_SITE_URL ?= http://$(HOST):$(PORT)
run: install
	@$(PY) manage.py migrate --noinput -v0
	@$(PY) manage.py createcachetable
	@$(PY) manage.py load_demo
	@echo
	@echo "Ravabet is at http://$(HOST):$(PORT)/  (the admin is at /admin/, log in as admin)"
	@echo "Press Ctrl-C to stop the web server and the task worker."
	@trap 'kill $$worker $$ticker 2>/dev/null; wait $$worker $$ticker 2>/dev/null' EXIT; \
	  $(PY) manage.py $(if $(filter rq,$(RAVABET_TASKS)),rqworker default --with-scheduler,db_worker) & worker=$$!; \
	  $(PY) manage.py tick --every 300 >/dev/null & ticker=$$!; \
	  $(PY) manage.py runserver $(HOST):$(PORT)

# The suite runs on SQLite unless DATABASE_URL points elsewhere (CI runs it on both), in
# TEST_PROCESSES processes (pytest-xdist; one per core, at most 4; TEST_PROCESSES=0 runs it in
# this process, e.g. for a debugger). PYTEST_ARGS adds pytest's own arguments.
TEST_PROCESSES ?= $(shell $(PYTHON) -c 'import os; print(min(len(os.sched_getaffinity(0)), 4))')
test: export RAVABET_SECRET_KEY ?= test-only-secret-key-not-for-production
test: export RAVABET_HTTPS = 0
test: export RAVABET_ALLOWED_HOSTS ?= localhost,127.0.0.1
test: export RAVABET_SITE_URL ?= http://testserver
test: install
	@$(PY) -m pytest -n $(TEST_PROCESSES) $(PYTEST_ARGS)

lint: install
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check .

typecheck: export RAVABET_DEBUG = 1
typecheck: install
	@$(VENV)/bin/mypy ravabet bench

# One catalog for the whole project, locale/fa: every app, template and helper writes its
# strings there, so a new app needs nothing here and one English string has one Persian
# translation (Django merges all catalogs into one at run time anyway).
messages: export RAVABET_DEBUG = 1
messages: install
	@$(PY) manage.py makemessages -l fa --no-obsolete --ignore=node_modules --ignore=.venv \
	  --ignore=bench
	@$(PY) manage.py compilemessages -l fa --ignore=node_modules --ignore=.venv

clean:
	rm -rf $(VENV) node_modules staticfiles
