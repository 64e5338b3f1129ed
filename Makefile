# The two commands the README gives: `make demo` and `make test`.
# Each builds .venv from nothing (python3 -m venv) and installs what it needs.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test lint types unit bench screenshots clean

$(STAMP): pyproject.toml constraints.txt
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

# The main job: every notebook against the sandbox, into build/*.html and build/index.html.
demo: $(STAMP)
	$(PY) -m vnfin.demo

lint: $(STAMP)
	$(PY) -m ruff check vnfin tests bench docs
	$(PY) -m ruff format --check vnfin tests bench docs

types: $(STAMP)
	$(PY) -m mypy

unit: $(STAMP)
	$(PY) -m pytest

test: lint types unit

# The browser test (tests/widgets/test_browser.py) drives Debian's Chromium. Install it when
# it is missing and apt-get can (as root); when that fails, go on: that test skips and says so.
APT_INSTALL := DEBIAN_FRONTEND=noninteractive apt-get install -y -qq
.PHONY: chromium
chromium:
	@test -x /usr/bin/chromium || [ "$$(id -u)" != 0 ] || ! command -v apt-get >/dev/null || \
	  $(APT_INSTALL) chromium || { apt-get update -qq && $(APT_INSTALL) chromium; } || true
	@test -x /usr/bin/chromium || echo "chromium could not be installed: the browser test will skip"

unit: chromium

# Every benchmark runs, so all the ratios print in one run; the target fails if any missed.
BENCHES := history sandbox account ssi store
bench: $(STAMP)
	@status=0; for name in $(BENCHES); do \
	  echo "== bench/bench_$$name.py"; $(PY) bench/bench_$$name.py || status=1; \
	done; exit $$status

# The README's pictures, from real output: the browser test's order form and a sandbox chart.
screenshots: $(STAMP) chromium
	$(PY) -m pytest -q -m browser tests/widgets/test_browser.py
	$(PY) docs/screenshots.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build
