# ar-assistant: every target uses the project virtualenv in .venv, created on demand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
MODEL_STAMP := intents/model/.built-stamp
PYTEST_ARGS ?=

.PHONY: install model system-deps test demo bench lint clean

install: $(STAMP) $(MODEL_STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The intent model is built from data/intents/ with a fixed seed, never downloaded.
model: $(MODEL_STAMP)

$(MODEL_STAMP): $(STAMP) $(wildcard data/intents/*.jsonl) $(wildcard intents/*.py)
	@if [ -f intents/training.py ]; then $(BIN)/python -m intents.training && touch $(MODEL_STAMP); \
	else echo "intents/training.py not present yet: no model to build"; fi

# Debian packages the real-server tests need (Dovecot, Chromium); installed when missing and root.
system-deps:
	bash tests/system_deps.sh

# pytest exits 5 when it collects nothing; that is a failure of the suite, not a pass.
test: install system-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

demo: install
	$(BIN)/ar-assistant demo

bench: install system-deps
	$(BIN)/python -m bench

lint: $(STAMP)
	$(BIN)/ruff check assistant intents tests bench
	$(BIN)/mypy

clean:
	rm -rf $(VENV) intents/model var .pytest_cache .mypy_cache .ruff_cache
