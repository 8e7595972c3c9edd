# Petrograd 1917: `make play` to play, `make test` to run every test, `make bench` to measure.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: play plain test bench bench-peers check clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

play: $(STAMP)
	$(BIN)/petrograd1917

plain: $(STAMP)
	$(BIN)/petrograd1917 play --plain

check: $(STAMP)
	$(BIN)/petrograd1917 check

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/saves.py
	$(BIN)/python bench/authoring.py
	$(BIN)/python bench/tui.py

# Our engine beside ink's (inkjs, from ../shared/peers/ink; needs node and npm): ratios ours/ink.
bench-peers: $(STAMP)
	$(BIN)/python bench/peers.py

clean:
	rm -rf $(VENV) build dist .pytest_cache
