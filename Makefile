# Two commands for a newcomer:  make run  and  make test.
# Everything else here is what those two need.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test install messages translations browser clean

run: install messages  ## Create the environment, migrate, seed the demo and serve on :8000
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install messages browser  ## Run the whole test suite
	$(BIN)/pytest $(PYTEST_ARGS)

$(STAMP): pyproject.toml constraints.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

messages: install  ## Compile the translations (the build does it; .mo files are not committed)
	@command -v msgfmt >/dev/null || { \
	  echo "Installing gettext to compile the translations"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext; }
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v0

translations: install  ## Extract new strings into locale/fr/LC_MESSAGES/django.po, to translate
	$(PY) manage.py makemessages -l fr --no-obsolete --ignore=.venv --ignore=node_modules \
	  --ignore=tests/* --ignore=bench/* --ignore=staticfiles/*

# The browser tests drive Debian's Chromium (never a browser Playwright would
# download) and inject axe-core from npm, served from node_modules.
browser: node_modules/.installed
	@test -x /usr/bin/chromium || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core; }

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

clean:
	rm -rf $(VENV) node_modules db.sqlite3 var staticfiles
