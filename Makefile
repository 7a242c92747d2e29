# Everything runs from a local virtual environment that the first target creates.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: example test test-oldest lint typecheck docs unit bench fuzz clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## example: run the example app's test suite (the plugin doing its main job)
example: $(STAMP)
	$(BIN)/python -m pytest examples -p no:cacheprovider -q

## test: the full suite: lint, strict typing, the docs build, the tests and the example
test: lint typecheck docs unit example

## test-oldest: the tests on the oldest supported Python (3.9), where one is installed
# pyenv's shim answers only for the selected version, so look for the interpreter itself.
OLDEST ?= $(firstword $(wildcard $(shell pyenv root 2>/dev/null)/versions/3.9*/bin/python3.9) python3.9)
test-oldest:
	@if $(OLDEST) -c "import sys; assert sys.version_info[:2] == (3, 9)" 2>/dev/null; then \
		$(OLDEST) -m venv .venv-oldest && \
		.venv-oldest/bin/python -m pip install --quiet --upgrade pip && \
		.venv-oldest/bin/python -m pip install --quiet -e '.[test]' && \
		.venv-oldest/bin/python -m pytest -q -n 2 -p no:cacheprovider; \
	else echo "$(OLDEST) is not installed here: skipping the Python 3.9 run"; fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

docs: $(STAMP)
	$(BIN)/mkdocs build --strict --quiet --site-dir $(VENV)/site

unit: $(STAMP)
	$(BIN)/python -m pytest -q

## fuzz: a long model-driven fuzz run (FUZZ_CALLS calls from FUZZ_SEED) and its outcome table
FUZZ_SEED ?= 0
FUZZ_CALLS ?= 200000
fuzz: $(STAMP)
	FUZZ_SEED=$(FUZZ_SEED) FUZZ_CALLS=$(FUZZ_CALLS) $(BIN)/python tests/fuzzing.py

## bench: print the benchmark tables (numbers, not pass/fail)
bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf $(VENV) .venv-oldest .pytest_cache .mypy_cache .ruff_cache .hypothesis site
