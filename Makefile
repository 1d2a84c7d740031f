# Two commands set everything up on a fresh machine:
#   make run    create the virtualenv, install, migrate, import content/, serve on 127.0.0.1:$(PORT)
#   make test   install what the tests need (Chromium's headless shell included) and run every test
#   make lint   ruff check and ruff format --check (run by CI before the tests)
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
CHROMIUM := /usr/bin/chromium-headless-shell

.PHONY: run test test-db lint lock-check install install-test browser test-tools migrate import lock clean prod proxy collectstatic bench faults

run: install migrate import
	@echo ""
	@echo "  Site:  http://127.0.0.1:$(PORT)/"
	@echo "  Admin: http://127.0.0.1:$(PORT)/admin/  (create a login with: $(PY) manage.py createsuperuser)"
	@echo ""
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# One pytest worker per core, at most four (pytest-xdist): each has its own test database, live
# server and Chromium. Measured on this 2-core machine: see the README's "Tests" section.
TEST_WORKERS ?= auto
test: install-test browser test-tools proxy
	$(PY) -m pytest -n $(TEST_WORKERS) --maxprocesses 4

# What depends on the database (models, queries, migrations, triggers, concurrency, import and
# export, views: the tests marked `database`, see tests/conftest.py): .ci/run runs it again on
# PostgreSQL. Tests that never reach a database, and the browser, axe and Nu checks (they read
# pages, which the first pass has checked), would only do the same work twice.
DB_TESTS = database and not browser and not validator
test-db: install-test proxy
	$(PY) -m pytest -n $(TEST_WORKERS) --maxprocesses 4 -m "$(DB_TESTS)"

# Lint and format check with the rules in pyproject.toml ([tool.ruff]); `ruff format` fixes layout.
# Both always run, so one pass reports everything; the target fails if either found something.
lint: install-test
	@status=0; \
	$(VENV)/bin/ruff check . || status=1; \
	$(VENV)/bin/ruff format --check . || status=1; \
	exit $$status

# Find a Python >= 3.12 by itself: python3.13, python3.12, then pyenv's installs, then python3.
$(PY):
	@py=""; \
	for c in python3.13 python3.12 $$HOME/.pyenv/versions/3.13*/bin/python3 $$HOME/.pyenv/versions/3.12*/bin/python3 python3; do \
	  if [ -x "$$c" ] || command -v "$$c" >/dev/null 2>&1; then \
	    if "$$c" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then py="$$c"; break; fi; \
	  fi; \
	done; \
	if [ -z "$$py" ]; then \
	  echo "error: this project needs Python 3.12 or newer (3.13 preferred) and none was found." >&2; \
	  echo "       Install python3.13 (or pyenv install 3.13) and run make again." >&2; \
	  exit 1; \
	fi; \
	echo "Creating $(VENV) with $$py ($$("$$py" --version))"; \
	"$$py" -m venv $(VENV)

# Stamps make re-runs fast: pip only runs again when a lock file changes.
$(VENV)/.installed: requirements.lock | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@touch $@

$(VENV)/.installed-test: requirements-test.lock | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.lock
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Browser tests drive Debian's Chromium headless shell (Playwright cannot download its own browser
# here): Chromium's engine without the desktop browser, half the CPU (tests/browser/conftest.py).
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
	  echo "Installing Debian's chromium-headless-shell for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium-headless-shell >/dev/null; \
	fi

# axe-core and the W3C Nu HTML checker (vnu-jar) from npm, for the accessibility and validity tests.
# --ignore-scripts: vnu-jar's install script would try to download a Java; we use Debian's instead.
test-tools: node_modules/.installed
	@if ! command -v java >/dev/null 2>&1; then \
	  echo "Installing Debian's default-jre-headless for the HTML validity test"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq default-jre-headless >/dev/null; \
	fi

node_modules/.installed: package.json package-lock.json
	@if ! command -v npm >/dev/null 2>&1; then \
	  echo "Installing Debian's nodejs and npm for the test tools"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nodejs npm >/dev/null; \
	fi
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

# What ships, locally: DEBUG off, production settings, the production server, the same database.
# Plain HTTP on 127.0.0.1, so only the HTTPS redirect is off (DJANGO_SECURE_SSL_REDIRECT=0). The
# secret key is made once into .secret_key (ignored by git) unless DJANGO_SECRET_KEY is given, so a
# restart logs nobody out. SERVER=gunicorn runs the runner-up (installed by `make install-test`);
# GRANIAN_* / GUNICORN_CMD_ARGS variables tune either; ACCESS_LOG=1 logs every request.
SERVER ?= granian
WEB_WORKERS ?= 2
# Python threads per worker: 4 measured best here (bench/README.md); granian's default (dozens)
# makes them queue for the GIL.
WEB_THREADS ?= 4
# App servers behind nginx (each with WEB_WORKERS processes), as several machines would run them.
WEB_SERVERS ?= 1
PROD_ENV = DJANGO_ENV=production DJANGO_DEBUG=0 DJANGO_SECURE_SSL_REDIRECT=0 IGF_TASKS=database \
	IGF_SITE_ORIGIN="$${IGF_SITE_ORIGIN:-http://127.0.0.1:$(PORT)}" \
	DJANGO_ALLOWED_HOSTS="$${DJANGO_ALLOWED_HOSTS:-localhost,127.0.0.1}" \
	DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat .secret_key)}"

.secret_key: | $(PY)
	@umask 077 && $(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@
	@echo "Made .secret_key (kept for the next start; ignored by git)"

# nginx (Debian's) in front, with the shared page cache and compression; PROXY=none for the app
# server alone (deploy/prod.sh).
PROXY ?= nginx

# The release step once (migrate, import, collectstatic, queue the renders), then the app servers,
# the worker and nginx (deploy/prod.sh).
prod: install proxy .secret_key
	@export $(PROD_ENV) PORT=$(PORT) SERVER=$(SERVER) WEB_WORKERS=$(WEB_WORKERS) WEB_THREADS=$(WEB_THREADS) \
	  WEB_SERVERS=$(WEB_SERVERS) PROXY=$(PROXY) PY=$(PY); \
	$(PY) manage.py release && exec sh deploy/prod.sh

# The caching proxy `make prod` runs in front of the app: Debian's nginx, with brotli if available.
proxy:
	@if [ "$(PROXY)" = nginx ] && ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then \
	  echo "Installing Debian's nginx (and its brotli modules) for make prod"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nginx-light >/dev/null; \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libnginx-mod-http-brotli-filter \
	    libnginx-mod-http-brotli-static >/dev/null 2>&1 || echo "(no brotli modules: gzip only)"; \
	fi

collectstatic: install .secret_key
	@export $(PROD_ENV); $(PY) manage.py collectstatic --noinput

# Measure what ships against a bare Django view and nginx (bench/README.md). Loopback only.
bench: install-test
	@if ! command -v wrk >/dev/null 2>&1 || [ ! -x /usr/sbin/nginx ]; then \
	  echo "Installing Debian's wrk and nginx-light for the benchmark"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk nginx-light >/dev/null; \
	fi
	$(PY) bench/bench_server.py --server both

# An editor's save, rendered in the request (before) and queued for the worker (after), on SQLite
# and the PostgreSQL of DATABASE_URL if set; then the edit-to-reader delay through nginx.
.PHONY: bench-save
bench-save: install-test proxy
	$(PY) bench/bench_editor_save.py --delay

# Content ×10: queries per page constant, render time at most linear in page size (bench/README.md).
.PHONY: bench-growth
bench-growth: install-test
	$(PY) bench/bench_growth.py

# Faults the production server must survive: a killed worker, a 10 s PostgreSQL outage (bench/README.md).
faults: install-test
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  echo "Installing Debian's postgresql for the fault run"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql >/dev/null; \
	fi
	$(PY) bench/fault_prod.py

migrate: install
	$(PY) manage.py migrate --noinput

# A restart never loses editors' work: if the admin holds edits that content/ does not, the import
# is skipped with a warning naming them (keep them with `manage.py export_content`).
import: install
	$(PY) manage.py import_content --skip-if-admin-edits

# Compile the lock files from pyproject.toml's ranges with pip-tools, in a clean virtualenv: every
# package pinned, with its hashes (pip then checks them on every install).
LOCK = .lockvenv/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-header \
	--no-emit-index-url --no-emit-find-links \
	--resolver=backtracking pyproject.toml
lock: | $(PY)
	rm -rf .lockvenv && $(PY) -m venv .lockvenv
	.lockvenv/bin/pip install --quiet --disable-pip-version-check "pip-tools>=7.4"
	$(LOCK) -o requirements.lock
	$(LOCK) --extra test -o requirements-test.lock
	rm -rf .lockvenv

# The locks are whole: installed with no resolving (--no-deps) into a clean virtualenv, nothing is
# missing (`pip check`). .ci/run runs it; a lock that misses a package fails here.
lock-check: | $(PY)
	rm -rf .lockcheck && $(PY) -m venv .lockcheck
	@for lock in requirements.lock requirements-test.lock; do \
	  .lockcheck/bin/pip install --quiet --disable-pip-version-check --no-deps -r $$lock && \
	  .lockcheck/bin/pip check || { echo "lock-check: $$lock is incomplete"; rm -rf .lockcheck; exit 1; }; \
	done
	rm -rf .lockcheck

clean:
	rm -rf $(VENV) staticfiles .pytest_cache node_modules
