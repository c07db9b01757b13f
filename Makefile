# Medborgarlöften portal. Quick start: `make run`, then `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test install install-test setup lint format check messages clean screenshots

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(STAMP): $(PY) pyproject.toml requirements.lock
	$(PIP) install --quiet -c requirements.lock -e .
	touch $@

$(TEST_STAMP): $(STAMP)
	$(PIP) install --quiet -c requirements.lock -e '.[test]'
	touch $@

install: $(STAMP)

install-test: $(TEST_STAMP)

## Set up the database with reference and demo data (safe to run again).
setup: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_reference_data
	$(PY) manage.py load_demo_data

## Everything from a fresh clone: install, migrate, load data, serve on http://127.0.0.1:8000
run: setup
	$(PY) manage.py runserver 127.0.0.1:8000

## The whole test suite; DATABASE_URL picks the database, REQUIRE_BROWSER=1 makes Chromium required.
test: install-test
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-test
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## Project checks that CI runs besides the tests.
check: install-test
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py checkmessages

## Update the Swedish message catalog after changing strings, then compile it.
messages: install
	$(PY) manage.py makemessages -l sv --no-obsolete --add-location file
	$(PY) manage.py compilemessages -l sv --ignore .venv

## Screenshots of the main public pages at 390 and 1280 px into docs/screenshots (throwaway database).
screenshots: install-test
	$(PY) tools/screenshots.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
