# Two commands set everything up on a fresh machine:
#   make run    create the virtualenv, install, migrate, import content/, serve on 127.0.0.1:$(PORT)
#   make test   install what the tests need (Chromium included) and run every test
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
CHROMIUM := /usr/bin/chromium

.PHONY: run test install install-test browser migrate import lock clean

run: install migrate import
	@echo ""
	@echo "  Site:  http://127.0.0.1:$(PORT)/"
	@echo "  Admin: http://127.0.0.1:$(PORT)/admin/  (create a login with: $(PY) manage.py createsuperuser)"
	@echo ""
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install-test browser
	$(PY) -m pytest

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

# Browser tests drive Debian's Chromium (Playwright cannot download its own browser here).
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

migrate: install
	$(PY) manage.py migrate --noinput

import: install
	$(PY) manage.py import_content

# Regenerate the lock files from pyproject.toml's ranges in a clean virtualenv.
lock: | $(PY)
	rm -rf .lockvenv && $(PY) -m venv .lockvenv
	.lockvenv/bin/pip install --quiet -e . && .lockvenv/bin/pip freeze --exclude-editable > requirements.lock
	.lockvenv/bin/pip install --quiet -e '.[test]' && .lockvenv/bin/pip freeze --exclude-editable > requirements-test.lock
	rm -rf .lockvenv

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
