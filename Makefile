# Two commands do all set-up: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NUMBA_CACHE_DIR ?= $(CURDIR)/.cache/numba

CHROMIUM ?= /usr/bin/chromium
HOST := 127.0.0.1

.PHONY: docs demo test test-quick lint bench fidelity workbench workbench-copy app system-deps clean wheel-smoke warm

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# The baccarat plug-in package (plugins/jost-baccarat) is installed after the main package:
# its entry points make "simulation_type": "baccarat" and `jost report baccarat` available.
PLUGINS := plugins/jost-baccarat

$(VENV)/.installed: pyproject.toml $(PLUGINS)/pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	$(BIN)/pip install --quiet -e $(PLUGINS) --no-deps
	touch $@

$(VENV)/.installed-lab: pyproject.toml $(PLUGINS)/pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[lab]"
	$(BIN)/pip install --quiet -e $(PLUGINS) --no-deps
	touch $@ $(VENV)/.installed

$(VENV)/.installed-dev: pyproject.toml $(PLUGINS)/pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	$(BIN)/pip install --quiet -e $(PLUGINS) --no-deps
	touch $@ $(VENV)/.installed $(VENV)/.installed-lab

# Debian's Chromium for the browser test and PDF reports (a browser cannot be downloaded by
# Playwright here); poppler-utils (pdftotext, pdfinfo, pdfimages, pdftoppm) to read PDFs back.
system-deps:
	@test -x $(CHROMIUM) || { \
	  echo "installing Debian's chromium for the browser test and PDF reports"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium; }
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  echo "installing Debian's postgresql for the ledger tests (a server started per test session)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq postgresql; }
	@command -v pdftotext >/dev/null || { \
	  echo "installing Debian's poppler-utils for the PDF report tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq poppler-utils; }

# Part of installing for the demo: the kernel compiled into numba's cache (about 25 s, once)
# and the demo game's basic chart cached in the workspace, so the demo's first job starts at
# once. The workers of its LocalCluster inherit NUMBA_CACHE_DIR and load the kernel from there.
WARM_STAMP := $(NUMBA_CACHE_DIR)/.warm
$(WARM_STAMP): $(VENV)/.installed $(wildcard jost_engine/kernel/*.py)
	$(BIN)/jost warm examples/vegas-strip.json
	touch $@

warm: $(WARM_STAMP)

demo: $(VENV)/.installed $(WARM_STAMP)
	$(BIN)/jost run examples/vegas-strip.json --rounds 20000000 --workers 2
	$(BIN)/jost report game -p rounds 2000000 --workers 2

# The whole suite, two test files at a time (pytest-xdist, one process a core; a file's
# tests share one process and its fixtures), the 15 slowest tests listed at the end.
test: $(VENV)/.installed-dev system-deps
	$(BIN)/ruff check .
	JOST_CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest -n 2 --dist loadfile --durations=40

# The fast tests only, for every edit: none that needs a Dask cluster, a browser or an SSH
# server, none marked slow (markers in pyproject.toml, CONTRIBUTING.md). Under 2 minutes on
# 2 cores; `make test` runs these and all the others.
QUICK := not (cluster or browser or ssh or slow)
test-quick: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n 2 --dist loadfile -m "$(QUICK)" --durations=10

$(VENV)/.installed-docs: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[docs]"
	touch $@ $(VENV)/.installed

# The documentation site in docs/_build/html (docs/site.md), warnings as errors. Every gallery
# notebook (notebooks/gallery/) runs first at GALLERY_SIZE (each notebook's `size` parameter:
# `ci` is small and fast, `full` gives the figures meant for reading), with its jobs' ledger
# and charts in a git-ignored workspace under docs/_build, so the build changes no tracked file.
GALLERY_SIZE ?= ci
docs: $(VENV)/.installed-docs
	JOST_GALLERY_SIZE=$(GALLERY_SIZE) JOST_WORKSPACE=$(CURDIR)/docs/_build/workspace \
	  $(BIN)/sphinx-build -W --keep-going -b html docs docs/_build/html

# The wheel built, installed in a fresh venv outside the checkout and run from there
# (jost run, jost report game, jost exact), and the baccarat plug-in's wheel beside it (a study
# of 6 against 8 decks and its report): what a user of the packages gets. CI runs it too.
wheel-smoke:
	PYTHON=$(PYTHON) .ci/wheel-smoke

# The workbench notebook in JupyterLab, served on 127.0.0.1 (jobs: $$JOST_SCHEDULER or a
# LocalCluster started by the notebook). JupyterLab opens a copy in the git-ignored
# workspace/, made when the shipped notebook is newer, so autosave never touches the tracked
# notebooks/workbench.ipynb.
NOTEBOOK_COPY_DIR ?= workspace/notebooks
WORKBENCH_COPY := $(NOTEBOOK_COPY_DIR)/workbench.ipynb

$(WORKBENCH_COPY): notebooks/workbench.ipynb
	mkdir -p $(@D)
	cp $< $@

workbench-copy: $(WORKBENCH_COPY)

workbench: $(VENV)/.installed-lab $(WORKBENCH_COPY)
	$(BIN)/jupyter lab $(abspath $(WORKBENCH_COPY)) --ServerApp.ip=$(HOST) \
	  --ServerApp.root_dir=$(abspath $(NOTEBOOK_COPY_DIR)) \
	  $(if $(filter 0,$(shell id -u)),--allow-root)

# The same notebook as an app (outputs only) under Voila, on 127.0.0.1; Voila never saves it.
app: $(VENV)/.installed-lab
	$(BIN)/voila notebooks/workbench.ipynb --Voila.ip=$(HOST)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/engine.py

fidelity: $(VENV)/.installed
	$(BIN)/python benchmarks/fidelity.py

clean:
	rm -rf .cache build *.egg-info
	find . -name __pycache__ -not -path "./$(VENV)/*" -exec rm -rf {} +
