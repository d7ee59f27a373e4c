# Two commands do all set-up: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NUMBA_CACHE_DIR ?= $(CURDIR)/.cache/numba

.PHONY: demo test lint bench fidelity clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/jost run examples/vegas-strip.json --rounds 20000000 --workers 2
	$(BIN)/jost report game -p rounds 2000000 --workers 2

test: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/engine.py

fidelity: $(VENV)/.installed
	$(BIN)/python benchmarks/fidelity.py

clean:
	rm -rf .cache build *.egg-info
	find . -name __pycache__ -not -path "./$(VENV)/*" -exec rm -rf {} +
