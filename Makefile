# Two commands for a fresh machine with only Python 3.11+: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# test processes: most tests wait on servers and child processes, so 4 suit even 2 cores
TEST_WORKERS ?= 4

.PHONY: demo test lint fmt golden clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	# the project's modules compiled once, as pip compiles an installed package's: a Python
	# told not to write bytecode (PYTHONDONTWRITEBYTECODE) would compile them in every process
	$(BIN)/python -m compileall -q base crawler db extract monitor
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/scs-monitor demo

test: $(STAMP)
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

fmt: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

golden: $(STAMP)
	$(BIN)/python -m pytest -q --update-golden

clean:
	rm -rf $(VENV) build *.egg-info
