# ar-assistant: every target uses the project virtualenv in .venv, created on demand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
MODEL_STAMP := intents/model/.built-stamp
PYTEST_ARGS ?=

.PHONY: install model system-deps test test-later-clock demo bench lint clean

install: $(STAMP) $(MODEL_STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The intent model is built from data/intents/ with a fixed seed, never downloaded.
model: $(MODEL_STAMP)

$(MODEL_STAMP): $(STAMP) $(wildcard data/intents/*.jsonl) $(shell find intents -name '*.py')
	$(BIN)/python -m intents.classify.training && touch $(MODEL_STAMP)

# Debian packages the real-server tests need (Dovecot, Chromium); installed when missing and root.
system-deps:
	bash tests/system_deps.sh

# pytest exits 5 when it collects nothing; that is a failure of the suite, not a pass.
# Then the business-logic tests again with the machine's clock years ahead: a test that
# mixes the wall clock with fixed dates fails there before the calendar makes it fail here.
test: install system-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)
	$(MAKE) --no-print-directory test-later-clock

# Real-server timing tests (listener, operations, demo) wait on real threads and servers.
LATER_CLOCK ?= @2031-03-01 12:00:00
test-later-clock: install system-deps
	@if ! command -v faketime >/dev/null; then \
		if [ -n "$$CI" ]; then echo "faketime is missing (Debian package faketime)" >&2; exit 1; fi; \
		echo "faketime not installed: the later-clock run is skipped (CI runs it)"; exit 0; fi; \
	faketime -f '$(LATER_CLOCK)' $(BIN)/python -m pytest $(PYTEST_ARGS) tests \
		--ignore=tests/mail --ignore=tests/operations --ignore=tests/demo

demo: install
	$(BIN)/ar-assistant demo

bench: install system-deps
	$(BIN)/python -m bench

lint: $(STAMP)
	$(BIN)/ruff check assistant intents tests bench
	$(BIN)/mypy

clean:
	rm -rf $(VENV) intents/model var .pytest_cache .mypy_cache .ruff_cache
