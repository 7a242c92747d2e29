# Everything runs from a local virtual environment that the first target creates.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: example test test-thorough test-oldest lint typecheck docs unit bench bench-startup fuzz clean

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

## test-thorough: the tests with five times the property-test examples (CI nightly, releases)
test-thorough: $(STAMP)
	HYPOTHESIS_PROFILE=thorough $(BIN)/python -m pytest -q -n auto

## test-oldest: the tests on the oldest Python (3.9) and the oldest botocore/boto3 we support
# pyenv's shim answers only for the selected version, so look for the interpreter itself.
# The versions: .ci/oldest_requirements.py (aiobotocore is left out, see there).
OLDEST ?= $(firstword $(wildcard $(shell pyenv root 2>/dev/null)/versions/3.9*/bin/python3.9) python3.9)
test-oldest:
	@if $(OLDEST) -c "import sys; assert sys.version_info[:2] == (3, 9)" 2>/dev/null; then \
		$(OLDEST) -m venv .venv-oldest && \
		.venv-oldest/bin/python -m pip install --quiet --upgrade pip && \
		.venv-oldest/bin/python -m pip install --quiet -e . && \
		.venv-oldest/bin/python .ci/oldest_requirements.py > .venv-oldest/requirements.txt && \
		.venv-oldest/bin/python -m pip install --quiet -r .venv-oldest/requirements.txt && \
		.venv-oldest/bin/python -c "import botocore, boto3, sys; print('oldest run: Python', sys.version.split()[0], 'botocore', botocore.__version__, 'boto3', boto3.__version__)" && \
		.venv-oldest/bin/python -m pytest -q -n auto -p no:cacheprovider; \
	else echo "$(OLDEST) is not installed here: skipping the Python 3.9 run"; fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

docs: $(STAMP)
	$(BIN)/mkdocs build --strict --quiet --site-dir $(VENV)/site

# In parallel, one worker per core: the property tests dominate and spread well.
unit: $(STAMP)
	$(BIN)/python -m pytest -q -n auto

## fuzz: a long model-driven fuzz run (FUZZ_CALLS calls from FUZZ_SEED) and its outcome table
FUZZ_SEED ?= 0
FUZZ_CALLS ?= 200000
fuzz: $(STAMP)
	FUZZ_SEED=$(FUZZ_SEED) FUZZ_CALLS=$(FUZZ_CALLS) $(BIN)/python tests/fuzzing.py

## bench: print the benchmark tables (numbers, not pass/fail)
bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

## bench-startup: what the installed plugin costs a pytest run, and its first fixture use
bench-startup: $(STAMP)
	$(BIN)/python benchmarks/startup.py

clean:
	rm -rf $(VENV) .venv-oldest .pytest_cache .mypy_cache .ruff_cache .hypothesis site
