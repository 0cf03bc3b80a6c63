# The two commands in the README are the contract: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
# `make run` is a local demonstration: debug on, SQLite under var/ unless DATABASE_URL says otherwise,
# and the demo accounts may sign in without an authenticator app (they can still set one up).
# Links in e-mails (printed in the terminal) point at the address it serves: `make run PORT=8123`.
RUN_URL := http://$(HOST):$(PORT)
RUN_ENV := DJANGO_DEBUG=true TWO_FACTOR_REQUIRED=false SITE_URL=$(RUN_URL) DJANGO_LOG_FORMAT=text

.PHONY: install run test test-fast lint format bench screenshots report-pages requirements clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) is needed (see README: Set-up)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@# The pinned pip first (hash-checked, from requirements-dev.txt): the pip a new venv comes with
	@# (23.2) lets a dependency's extra (weasyprint's fonttools[woff]) escape its pin once a newer
	@# release exists, and then refuses the install.
	sed -n '/^pip==/,/^    #/p' requirements-dev.txt | grep -v '^    #' > $(VENV)/pip-pin.txt
	$(PIP) install --quiet --disable-pip-version-check --require-hashes --no-deps -r $(VENV)/pip-pin.txt
	$(PIP) install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/dist/application.css: node_modules/.installed static/src/application.scss static/src/application.mjs scripts/build-assets.mjs
	npm run --silent build

install: $(VENV)/.installed static/dist/application.css
	mkdir -p var

run: install
	$(RUN_ENV) $(PY) manage.py migrate --no-input
	$(RUN_ENV) $(PY) manage.py seed_demo
	@echo "Serving $(RUN_URL)/ (e-mails, with their links, are printed here; Ctrl-C stops)."
	@# The task worker runs beside the server, as in production: e-mails are sent by it.
	$(RUN_ENV) $(PY) manage.py db_worker --interval 1 --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(RUN_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

# The suite runs on every core (pytest-xdist, a database for each worker); TEST_WORKERS=0 runs
# it in one process, which a debugger wants.
TEST_WORKERS ?= auto
test: install
	$(PY) -m pytest -n $(TEST_WORKERS)

# Everything but the browser journeys: the edit-test loop.
test-fast: install
	$(PY) -m pytest -n $(TEST_WORKERS) --ignore=tests/browser

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/mypy

# Pins requirements*.txt, with hashes, from the short lists in requirements*.in.
PIP_COMPILE := $(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links
requirements: install
	$(PIP_COMPILE) -o requirements.txt requirements.in
	$(PIP_COMPILE) -o requirements-dev.txt requirements-dev.in

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install
	$(PY) -m benchmarks

# The README's pictures, taken by the browser journeys (with the mouse) into docs/screenshots/.
screenshots: install
	SAVE_SCREENSHOTS=1 $(PY) -m pytest tests/browser/test_journeys.py tests/browser/test_from_nothing.py -k "mouse or from_invitation" -p no:cacheprovider

# Pictures of every page of the Midlothian report (from ../shared/examples/) for the README.
report-pages: install
	scripts/report-pages.sh

clean:
	rm -rf $(VENV) node_modules static/dist var
