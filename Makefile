# The only way in. Quickstart: `make book` then `make test`.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
AXE    := node_modules/axe-core/axe.min.js

.PHONY: book html pdf release tex browser notebooks registry test check-data benchmark clean

book: $(STAMP) tex        ## HTML and PDF, published into the versioned site _build/site/
	$(PY) scripts/build.py all

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $(STAMP)

html: $(STAMP)            ## validate data, run stale notebooks, build HTML
	$(PY) scripts/build.py html

pdf: $(STAMP) tex         ## build the PDF through LaTeX
	$(PY) scripts/build.py pdf

release: $(STAMP) tex     ## tag the current commit v$(VERSION) and publish it (make release VERSION=1.0.0)
	$(PY) scripts/release.py $(VERSION)

tex:                      ## install TeX Live from Debian if it is missing
	@bash scripts/ensure_system.sh tex

browser: $(AXE)           ## Chromium (Debian) and axe-core (npm) for the browser checks

$(AXE): package.json
	@bash scripts/ensure_system.sh browser
	npm install --no-audit --no-fund --silent
	touch $(AXE)

notebooks: $(STAMP)       ## re-run notebooks whose code, data or labels changed (FORCE=1: all)
	$(PY) -m rudibook.execute $(if $(FORCE),--force,)

registry: $(STAMP)        ## accept the current recomputations into data/published/registry.csv
	$(PY) -m rudibook.reconcile --update

check-data: $(STAMP)      ## validate every data file against data/datapackage.yaml
	$(PY) -m rudibook.datapackage

test: book browser        ## every test: unit tests, built-output and browser checks, nbval
	$(PY) -m pytest tests notebooks --nbval -q

benchmark: $(STAMP)       ## time clean build, no-change rebuild and nbval
	$(PY) scripts/benchmark.py

clean:
	rm -rf _build
