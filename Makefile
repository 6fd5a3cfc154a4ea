# The two commands a user needs: `make serve` and `make test`.
# Each sets up .venv with pinned dependencies the first time (and when the pins change).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
AXE    := node_modules/axe-core/axe.min.js
NPM    := $(shell command -v npm 2>/dev/null)
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve site check ingest test golden bench clean

$(VENV)/.python-ok:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "presskb needs Python 3.11 or newer; run: make PYTHON=python3.11 ...")'
	$(PYTHON) -m venv $(VENV)
	@touch $@

$(VENV)/.runtime: $(VENV)/.python-ok requirements.txt pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

serve: $(VENV)/.runtime  ## build the knowledge base from seeds/ and serve it on http://127.0.0.1:8000
	$(BIN)/presskb serve

site: $(VENV)/.runtime   ## build the site into site/
	$(BIN)/presskb build

check: site               ## build the site, then check every link, anchor and asset in it (offline)
	$(BIN)/presskb check

ingest: $(VENV)/.runtime ## write the generated pages into docs/ only
	$(BIN)/presskb ingest

# axe-core (pinned in package-lock.json) for the accessibility checks, where npm is available.
$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $@

test: $(VENV)/.dev $(if $(NPM),$(AXE))  ## run the whole test suite
	$(BIN)/python -m pytest

golden: $(VENV)/.dev     ## regenerate the golden files after an intended change of output
	$(BIN)/python -m pytest tests/test_golden.py --update-golden

bench: $(VENV)/.dev       ## benchmark against a bare MkDocs + Material site (1,000 and all releases)
	$(BIN)/python -m presskb.bench

clean: $(VENV)/.runtime  ## delete generated pages and site/ (seeds/ and hand-written docs/ stay)
	$(BIN)/presskb clean
