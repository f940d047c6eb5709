# Tandem: `make run` serves the demo site, `make test` runs the whole test suite.
# Both install what they need into .venv first and skip what is already done.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# make run's second origin: a pretend company page that embeds the feedback widget.
DEMO_HOST_PORT ?= 8001
HOST ?= 127.0.0.1
CHROMIUM ?= /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test lint format check install install-dev lock chromium nginx wrk clean bench bench-search bench-digest

# Links in emails and "did this solve it?" point where the site is served, unless
# BASE_URL says otherwise.
BASE_URL ?= http://$(HOST):$(PORT)
run: install
	@$(BIN)/python manage.py migrate --no-input -v 0
	@$(BIN)/python manage.py seed_demo
	@echo ""
	@echo "Tandem is running at $(BASE_URL)/  (admin: $(BASE_URL)/admin/)"
	@echo "The feedback widget inside a pretend company app: http://127.0.0.1:$(DEMO_HOST_PORT)/"
	@echo "Stop it with Ctrl+C."
	@BASE_URL=$(BASE_URL) $(BIN)/python manage.py widget_demo_host --port $(DEMO_HOST_PORT) & \
		trap 'kill $$! 2>/dev/null' EXIT INT TERM; \
		BASE_URL=$(BASE_URL) $(BIN)/python manage.py runserver $(HOST):$(PORT)

# The suite runs on every core (pytest-xdist). PYTEST_ARGS narrows it, e.g. .ci/run's
# PYTEST_ARGS='-m "not e2e and not scale"' for its SQLite pass.
PYTEST_ARGS ?=
test: install-dev chromium nginx
	@$(BIN)/pytest -n auto $(PYTEST_ARGS)

# Style, the architecture's import rules ([tool.importlinter] in pyproject.toml) and
# the types of services, tasks and API modules ([tool.mypy]).
lint: install-dev
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .
	@$(BIN)/lint-imports --no-cache
	@$(BIN)/mypy

format: install-dev
	@$(BIN)/ruff format .
	@$(BIN)/ruff check --fix .

check: install
	@$(BIN)/python manage.py check
	@$(BIN)/python manage.py makemigrations --check --dry-run

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

$(VENV)/bin/python:
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
		echo "python3 -m venv failed; installing Debian's python3-venv"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); }
	@$(BIN)/python -m pip install -q --upgrade pip

# Exactly the versions in requirements/*.lock, each checked against its hash; the
# ranges they were chosen from are in pyproject.toml (`make lock` chooses again).
$(VENV)/.installed: requirements/base.lock $(VENV)/bin/python
	@echo "Installing Tandem's dependencies into $(VENV) (requirements/base.lock) ..."
	@$(BIN)/pip install -q --require-hashes --no-deps -r requirements/base.lock
	@touch $@

$(VENV)/.installed-dev: requirements/dev.lock $(VENV)/.installed
	@echo "Installing the test tools into $(VENV) (requirements/dev.lock) ..."
	@$(BIN)/pip install -q --require-hashes --no-deps -r requirements/dev.lock
	@touch $@

# To take the newest versions pyproject.toml allows: `make lock`, then `make test`, and
# commit both lock files. After changing one range, `make lock UPGRADE=` keeps every
# other pin where it is.
UPGRADE ?= --upgrade
UV_COMPILE = $(VENV)/bin/uv pip compile pyproject.toml --generate-hashes --universal --python-version 3.11 --no-header -q
lock: $(VENV)/bin/python
	@$(BIN)/pip install -q uv
	@$(UV_COMPILE) $(UPGRADE) -o requirements/base.lock
	@$(UV_COMPILE) $(UPGRADE) --extra dev -o requirements/dev.lock
	@echo "requirements/base.lock and requirements/dev.lock are up to date; run make test, then commit them."

# The browser tests drive Debian's Chromium; they never download a browser.
chromium:
	@[ -x "$(CHROMIUM)" ] || { \
		echo "Installing Debian's chromium for the browser tests ..."; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

# Tandem under load at 1 000 and at 100 000 ideas (1 000 000 votes), signed out and
# signed in, each figure a share of a bare Django view in the same run, each target
# marked met or not: gunicorn with the production settings, wrk, PostgreSQL and Redis
# (it says so when one is missing). The first run fills two databases (about 10
# minutes); the table goes to bench/results/. BENCH_ARGS="--small --duration 3" checks
# the harness quickly.
bench: install wrk
	@$(BIN)/python bench/run.py $(BENCH_ARGS)

# The proxy and production tests put Debian's nginx in front of gunicorn.
nginx:
	@command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { \
		echo "Installing Debian's nginx for the proxy tests ..."; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nginx >/dev/null; }

wrk:
	@command -v wrk >/dev/null || { \
		echo "Installing Debian's wrk for make bench ..."; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq wrk >/dev/null; }

# Search latency (p50, p95) on the configured DATABASE_URL; seed it first, e.g.
# DATABASE_URL=... .venv/bin/python manage.py seed_demo --members 20000 --ideas 100000 --votes 1000000
bench-search: install
	@$(BIN)/python bench/search_latency.py

# One weekly digest round over 100 000 generated members (created and removed by it).
bench-digest: install
	@$(BIN)/python bench/digest_round.py

clean:
	rm -rf $(VENV) var *.egg-info
