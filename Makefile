# The way in: `make book`, then `make test`. Every target calls the project's one
# command, `reprobook` (src/reprobook/cli.py); `make help` lists them.
VENV      := .venv
PY        := $(VENV)/bin/python
RB        := $(VENV)/bin/reprobook
INSTALLED := $(VENV)/.installed
AXE       := node_modules/axe-core/axe.min.js
# Passed to the recipe through the environment, never pasted into the shell line.
export RELEASE_VERSION := $(VERSION)
export PREVIEW_EDITION := $(EDITION)
export DEPLOY_REMOTE := $(or $(REMOTE),origin)
export DEPLOY_BASE_URL := $(BASE_URL)

.DEFAULT_GOAL := help
.PHONY: help book html pdf preview release deploy tex browser notebooks registry check-data test test-fast benchmark lock clean

help:                     ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:[^#]*## /\t/' | expand -t 20

book: $(INSTALLED) tex    ## validate, run stale notebooks, build HTML and PDF, publish into _build/site
	$(RB) build all

html: $(INSTALLED)        ## the HTML alone, into _build/html
	$(RB) build html

pdf: $(INSTALLED) tex     ## the PDF alone, into _build/pdf
	$(RB) build pdf

preview: $(INSTALLED)     ## serve the book at http://127.0.0.1:8000/, rebuilt on every edit (EDITION=en: the English one)
	$(RB) preview $(if $(EDITION),--lang "$$PREVIEW_EDITION",)

release: $(INSTALLED) tex browser  ## test and publish the current commit as release VERSION (make release VERSION=1.0.0)
	$(RB) release "$$RELEASE_VERSION"

deploy: $(INSTALLED)      ## push _build/site onto the gh-pages branch of REMOTE (a git URL or path; default origin; BASE_URL=…)
	$(RB) deploy --remote "$$DEPLOY_REMOTE" $(if $(BASE_URL),--base-url "$$DEPLOY_BASE_URL",)

tex: $(INSTALLED)         ## install TeX Live from Debian if it is missing
	$(RB) system tex

browser: $(AXE)           ## Chromium (Debian) and axe-core (npm) for the browser checks

$(AXE): package.json $(INSTALLED)
	$(RB) system browser

notebooks: $(INSTALLED)   ## run the notebooks whose recorded inputs changed (FORCE=1: all)
	$(RB) notebooks $(if $(FORCE),--force,)

registry: $(INSTALLED)    ## accept the current recomputations into data/printed/registry.csv
	$(RB) registry

check-data: $(INSTALLED)  ## validate every data file against data/datapackage.yaml
	$(RB) check-data

test: book browser        ## every test: unit, built book and PDF, browser, nbval, lint
	$(RB) test

test-fast: $(INSTALLED)   ## the unit tests alone, in seconds, for an edit loop
	$(RB) test --fast

benchmark: $(INSTALLED) tex browser  ## time builds, checks and the preview against a plain Jupyter Book build
	$(PY) scripts/benchmark.py

lock: $(INSTALLED)        ## resolve requirements.lock anew (newest allowed versions), reinstall it, run every test
	$(RB) lock --upgrade
	$(MAKE) test

clean: $(INSTALLED)       ## remove build work; the published site _build/site is kept
	$(RB) clean

# Exactly the lock: uv (pinned with its hashes in bootstrap.lock) makes the environment
# equal to requirements.lock, hashes checked, then adds the engine and this edition as
# editable installs (their dependencies are all in the lock). Compiled to bytecode once
# here: uv does not by default, and where PYTHONDONTWRITEBYTECODE is set (as on our
# machines) every process would compile what it imports anew, seconds each time. A
# change to this recipe (this Makefile) installs the environment again.
$(INSTALLED): requirements.lock bootstrap.lock pyproject.toml engine/pyproject.toml Makefile
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r bootstrap.lock
	$(VENV)/bin/uv pip sync --quiet --python $(PY) --require-hashes --compile-bytecode requirements.lock
	$(VENV)/bin/uv pip install --quiet --python $(PY) --no-deps --no-build-isolation -e engine -e .
	touch $(INSTALLED)
