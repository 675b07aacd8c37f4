# Two commands for a newcomer:  make run  and  make test.
# Everything else here is what those two need.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test install messages translations browser clean mutation mutation-report prod-local nginx screens lighthouse

# What the dev server is reached at: the links of its e-mails (docs/email.md).
SITE_URL ?= http://$(subst 0.0.0.0,127.0.0.1,$(HOST)):$(PORT)
LOG      := var/log

# Quiet: one line per step, the details in var/log/, shown when a step fails.
run: install messages  ## Create the environment, migrate, seed the demo and serve on :8000
	@echo "→ Database: applying migrations"
	@SITE_URL=$(SITE_URL) $(PY) manage.py migrate --noinput -v0
	@echo "→ Demo: seeding the demo region (first time: a minute or two; $(LOG)/seed_demo.log)"
	@SITE_URL=$(SITE_URL) $(PY) manage.py seed_demo > $(LOG)/seed_demo.log \
	  || { tail -n 30 $(LOG)/seed_demo.log; exit 1; }
	@$(PY) manage.py demo_second_factor > $(LOG)/demo_second_factor.log  # the README's second factor
	@echo "→ Server: starting on $(SITE_URL)/"
	@SITE_URL=$(SITE_URL) $(PY) manage.py demo_runserver $(HOST):$(PORT)

# Two workers (pytest-xdist), each with its own test database; `--dist load`
# hands tests out in pytest-django's order, so a worker runs the tests that
# flush the database after all the others (docs/testing.md). TEST_WORKERS=0: one process.
TEST_WORKERS ?= 2
test: install messages browser nginx  ## Run the whole test suite
	$(BIN)/pytest $(if $(filter 0,$(TEST_WORKERS)),,-n $(TEST_WORKERS) --dist load) $(PYTEST_ARGS)

PIP := $(PY) -m pip --quiet --disable-pip-version-check

$(STAMP): pyproject.toml constraints.txt
	@echo "→ Python packages: installing into $(VENV)/ (first time: a few minutes; $(LOG)/install.log)"
	@mkdir -p $(LOG)
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	@{ $(PIP) install --upgrade pip && $(PIP) install -c constraints.txt -e ".[dev]"; } \
	  > $(LOG)/install.log 2>&1 || { tail -n 40 $(LOG)/install.log; exit 1; }
	@touch $(STAMP)

install: $(STAMP)
	@mkdir -p $(LOG)
	@echo "→ Python packages: ready in $(VENV)/"

messages: install  ## Compile the translations (the build does it; .mo files are not committed)
	@command -v msgfmt >/dev/null || { \
	  echo "→ Translations: installing gettext (apt, $(LOG)/apt.log)"; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext; } \
	    > $(LOG)/apt.log 2>&1 || { tail -n 20 $(LOG)/apt.log; exit 1; }; }
	@echo "→ Translations: compiling"
	@$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v0

translations: install  ## Extract new strings into locale/fr/LC_MESSAGES/django.po, to translate
	$(PY) manage.py makemessages -l fr --no-obsolete --ignore=.venv --ignore=node_modules \
	  --ignore=tests/* --ignore=bench/* --ignore=staticfiles/* --ignore=mutants/*

# The browser tests drive Debian's Chromium (never a browser Playwright would
# download) and inject axe-core from npm, served from node_modules.
browser: node_modules/.installed
	@test -x /usr/bin/chromium || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core; }

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

# Mutation testing of the services that must never be wrong (docs/testing.md).
# Slow: run it when one of those modules or its tests change, not in every CI run.
#   make mutation                                      # every module in [tool.mutmut]
#   make mutation MUTATE=events.services.registrations # one module, its app's tests
#   make mutation MUTATE=communities.services MUTATION_TESTS="tests/communities tests/workgroups"
# Tests run on PostgreSQL, in databases of their own: test_<name>_mut<n>.
# Each module starts with fresh stats (which test reaches which function):
# the tests in scope differ per module, and new tests must count.
MUTATE         ?=
MUTATION_TESTS ?=
MUTATION_JOBS  ?= 2
mutation: export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/terreau_mutation
mutation: install
	@case "$$DATABASE_URL" in postgres*) ;; *) echo "make mutation needs a PostgreSQL DATABASE_URL"; exit 2;; esac
	@for module in $(or $(MUTATE),$$($(PY) scripts/mutation_report.py --modules)); do \
	  tests="$(MUTATION_TESTS)"; [ -n "$$tests" ] || tests="$$($(PY) scripts/mutation_report.py --tests-for $$module)"; \
	  echo "== mutating $$module, against $$tests"; \
	  rm -f mutants/mutmut-stats.json; \
	  MUTATION_TESTS="$$tests" MUTATION_JOBS=$(MUTATION_JOBS) $(BIN)/mutmut run --max-children $(MUTATION_JOBS) "$$module.*" || exit 1; \
	done
	$(PY) scripts/mutation_report.py $(MUTATE)

mutation-report:  ## Score per module and survivors of the last `make mutation`
	$(PY) scripts/mutation_report.py $(MUTATE)

# The production topology as processes, no containers (deploy/local.py):
# nginx with TLS in front of 2 uvicorn processes, a Celery worker and beat,
# on the production settings, against the local PostgreSQL and Redis.
prod-local: export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/terreau_prod
prod-local: export REDIS_URL ?= redis://127.0.0.1:6379/3
prod-local: install messages nginx  ## Production settings and topology on https://localhost:8443
	$(PY) -m deploy.local

nginx:  ## The reverse proxy of `make prod-local` and its test (Debian's package)
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || { \
	  echo "Installing nginx"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light openssl; }

# Every page type as every demo role at 360x740 and 1280x800, from a seeded
# demo of its own (var/screens/), into docs/screens/ with an index.html.
screens: install messages browser  ## Screenshots of every page for every demo role (docs/screens/)
	$(PY) scripts/screens.py

# Lighthouse (npm, pinned in bench/lighthouse/) on Debian's Chromium, against
# the production topology: home, a community, an event, a channel (docs/performance.md).
lighthouse: export LIGHTHOUSE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/terreau_lighthouse
lighthouse: install messages browser nginx  ## Lighthouse scores on the production topology
	cd bench/lighthouse && npm ci --no-audit --no-fund --silent
	$(PY) bench/lighthouse.py

clean:
	rm -rf $(VENV) node_modules bench/lighthouse/node_modules db.sqlite3 var staticfiles mutants
