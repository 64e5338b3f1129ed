# The two commands the README gives: `make demo` and `make test`.
# Each builds .venv from nothing (python3 -m venv) and installs what it needs.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test lint types unit bench clean

$(STAMP): pyproject.toml constraints.txt
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(PY) -m vnfin.demo

lint: $(STAMP)
	$(PY) -m ruff check vnfin tests bench
	$(PY) -m ruff format --check vnfin tests bench

types: $(STAMP)
	$(PY) -m mypy

unit: $(STAMP)
	$(PY) -m pytest

test: lint types unit

bench: $(STAMP)
	$(PY) bench/bench_history.py
	$(PY) bench/bench_sandbox.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
