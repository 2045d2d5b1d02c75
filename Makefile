# Two commands for a newcomer: `make run` (demonstration) and `make test` (everything CI runs).
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Django 6 needs Python 3.12+: python3.13, python3.12, then pyenv's copies (pyenv shims of an
# inactive version exist but fail, hence the --version probe).
PYTHON_SYSTEME := $(shell for p in python3.13 python3.12 \
	$$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.13.*/bin/python3.13 2>/dev/null | sort -V | tail -1) \
	$$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.12.*/bin/python3.12 2>/dev/null | sort -V | tail -1) \
	python3; do \
	  command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; break; }; \
	done)
# Python compiles each module it imports once and keeps the bytecode beside it, unless this variable
# says not to, as it does on some build machines: then every process (each test worker, gunicorn,
# each command a test starts) compiles Django and the application again, over a second each time.
unexport PYTHONDONTWRITEBYTECODE
VENV := .venv
UV_VERSION := 0.13.10
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
RUN_ENV := DEBUG=$${DEBUG:-True}
# Tests run like production (DEBUG off) with a throwaway key, and with the demonstration tools,
# which they exercise.
TEST_ENV := SECRET_KEY=$${SECRET_KEY:-tests-$$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')} DEMONSTRATION=True
# pytest-xdist workers for `make test`: one per core (measured on 2 cores: 2 workers beat 1 and 3;
# a third one only adds a test database and a browser to share the same cores). A bare `pytest`
# stays serial, which is quicker for a single test; TEST_WORKERS=0 makes `make test` serial too.
TEST_WORKERS ?= auto

.PHONY: help install run test lint migrations-check format bench backup restore demo

help:
	@echo "make run    installe, migre, charge le plan et les comptes de démonstration, sert sur http://127.0.0.1:8000"
	@echo "make test   lint, contrôle des migrations et suite de tests complète (navigateur compris)"
	@echo "make lint | make bench | make backup | make restore FICHIER=..."

$(VENV)/.installe: requirements.txt requirements-dev.txt
	@if [ -z "$(PYTHON_SYSTEME)" ]; then \
	  echo "ERREUR : Python 3.12 ou plus récent est introuvable (python3.13, python3.12, pyenv)." >&2; \
	  echo "Installez-le (par exemple « pyenv install 3.13 ») puis relancez make." >&2; exit 1; fi
	@# uv installs the pinned wheels in parallel and from its cache: 4 s where pip took 19 (each fresh
	@# clone, CI included). The interpreter's own pip puts uv in the environment, which needs no pip of
	@# its own; like pip with --no-compile, uv leaves byte-compiling to Python's first import.
	@test -x $(PY) || $(PYTHON_SYSTEME) -m venv --without-pip $(VENV)
	@test -x $(VENV)/bin/uv || $(PYTHON_SYSTEME) -m pip --python $(PY) install --quiet \
	  --disable-pip-version-check uv==$(UV_VERSION)
	$(VENV)/bin/uv pip install --quiet --python $(PY) -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installe

run: install
	$(RUN_ENV) $(MANAGE) migrate --noinput
	$(RUN_ENV) $(MANAGE) charger_plan
	$(RUN_ENV) $(MANAGE) creer_comptes_demo
	$(RUN_ENV) $(MANAGE) charger_demo
	$(RUN_ENV) $(MANAGE) charger_demo_instances
	$(RUN_ENV) $(MANAGE) charger_demo_partenaires
	$(RUN_ENV) $(MANAGE) charger_demo_territoire
	$(RUN_ENV) $(MANAGE) charger_demo_ethique
	$(RUN_ENV) $(MANAGE) charger_demo_ambassadeurs
	$(RUN_ENV) $(MANAGE) runserver 127.0.0.1:8000

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

migrations-check: install
	$(RUN_ENV) $(MANAGE) makemigrations --check --dry-run

# The migrations' agreement with the models is checked inside the suite (tests/test_migrations.py).
test: install lint
	@navigateur="$${CHROMIUM_PATH:-$$(for chemin in /usr/bin/chromium-headless-shell /usr/bin/chromium; do \
	  [ -x $$chemin ] && { echo $$chemin; break; }; done)}"; \
	if [ ! -x "$$navigateur" ]; then \
	  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!" >&2; \
	  echo "!! Chromium est absent ($${CHROMIUM_PATH:-/usr/bin/chromium-headless-shell ou /usr/bin/chromium}) :" >&2; \
	  echo "!! les tests navigateur et accessibilité seront IGNORÉS." >&2; \
	  echo "!! Installez-le : apt-get install chromium-headless-shell" >&2; \
	  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!" >&2; fi
	$(TEST_ENV) DJANGO_ALLOW_ASYNC_UNSAFE=true $(VENV)/bin/pytest -n $(TEST_WORKERS)

bench: install
	DEMONSTRATION=True $(RUN_ENV) $(MANAGE) bench

backup: install
	$(MANAGE) sauvegarder

restore: install
	@test -n "$(FICHIER)" || { echo "Usage : make restore FICHIER=backups/xxx" >&2; exit 1; }
	$(MANAGE) restaurer "$(FICHIER)"
