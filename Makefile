# Two commands for a fresh Debian/Ubuntu machine with Python 3.11+:
#   make run   — set everything up and run the portal at http://127.0.0.1:8000 (SQLite, demo data)
#   make test  — set everything up and run the whole test suite
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1:8000
# The suite runs on every core (pytest-xdist), each worker taking whole modules and classes so a demo loaded
# for a class is loaded once: TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= auto
PARALLEL = $(if $(filter 0,$(TEST_WORKERS)),,-n $(TEST_WORKERS) --dist loadscope)

.PHONY: run test test-suite test-fast checks test-e2e test-tools setup venv lint clean bench prod-local faults mail-flood security-check cluster cluster-stop cluster-status cluster-faults

$(PY):
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Cần Python 3.11 trở lên"'
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  echo "python3-venv is missing; installing it (Debian/Ubuntu)"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq python3-venv; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq python3-venv; fi; \
	  rm -rf $(VENV); $(PYTHON) -m venv $(VENV); }

$(VENV)/.installed: requirements.txt | $(PY)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

venv: $(VENV)/.installed

setup: venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py compilemessages --ignore=.venv >/dev/null 2>&1 || true
	$(PY) manage.py load_demo

run: setup
	$(PY) manage.py runserver $(HOST)

# Chromium (Debian's) and axe-core (npm) for the browser tests in tests/e2e.
test-tools:
	@bash scripts/ensure-test-tools.sh

# Everything: Django's checks, no missing migration, ruff and bandit, then the whole suite (browser tests
# included). pytest's own exit status fails the target, "no tests collected" (5) included.
test: checks test-suite

checks: venv
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/ruff check --quiet .
	$(BANDIT)

# The whole suite and nothing else: CI's second run, on PostgreSQL (the checks and lint above do not
# depend on the database, so they run once).
test-suite: venv test-tools
	$(PY) -m pytest $(PARALLEL)

# The tests without a browser (no Chromium needed): the quick run while working.
test-fast: venv
	$(PY) -m pytest $(PARALLEL) -m "not e2e"

# Only the real-browser journeys (screenshots land in test-artifacts/screenshots/).
test-e2e: venv test-tools
	$(PY) -m pytest -m e2e

# The production stack on loopback (gunicorn + Debian's nginx, PostgreSQL, Redis): http://127.0.0.1:8080
prod-local: venv
	bash scripts/prod-local.sh start

# Fill PostgreSQL with national-scale data and measure the production stack (see docs/benchmarks.md).
bench: venv
	$(PY) bench/run.py

# Restart PostgreSQL, stop Redis, kill gunicorn workers under load on loopback (var/fault-results.md).
faults: venv
	$(PY) bench/faults.py

# Past one machine, on this one (docs/cluster.md): a load balancer, two application nodes, two database
# nodes (Patroni, etcd x3, HAProxy, PgBouncer, Redis) as network namespaces. As root; installs what it needs.
cluster: venv
	$(PY) scripts/cluster.py start

cluster-stop:
	$(PYTHON) scripts/cluster.py stop

cluster-status:
	$(PYTHON) scripts/cluster.py status

# The drills on the cluster under load (var/cluster-results.md): a node killed, a rolling deploy, the primary
# cut off and back, the replica lost, replication lag. Builds the cluster first and removes it after.
cluster-faults: venv
	$(PY) bench/cluster_faults.py

# 240 comments from one client address on the production stack: what they make the portal email (var/mail-flood.md).
mail-flood: venv
	$(PY) bench/mail_flood.py

# Every security check with a summary in var/security-check.md (FAULTS=1 adds the fault injection).
security-check: venv
	$(PY) scripts/security_check.py

# Static analysis: ruff, and bandit failing on any medium or high finding (each exception is a
# `# nosec` with its reason in the code).
BANDIT = $(VENV)/bin/bandit -q -r core agencies accounts campaigns cchc_portal discussion reports portal ops bench scripts -x "*/migrations/*" -ll

lint: venv
	$(VENV)/bin/ruff check .
	$(BANDIT)

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles .pytest_cache node_modules test-artifacts
