# Petrograd 1917: `make play` to play, `make test` to run every test, `make bench` to measure.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# The tests' own cache, data and config folders: `make test` never writes into the player's.
TEST_HOME := $(CURDIR)/build/test-home
CHROMIUM  := /usr/bin/chromium

.PHONY: play plain serve test lint bench bench-peers bench-serve check clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || { echo "make: creating $(VENV), a private Python for the game..."; $(PYTHON) -m venv $(VENV); }
	@echo "make: installing the game and its test tools into $(VENV) with pip (a minute or so the first time)..."
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@echo "make: installed."
	@touch $(STAMP)

play: $(STAMP)
	$(BIN)/petrograd1917

plain: $(STAMP)
	$(BIN)/petrograd1917 play --plain

serve: $(STAMP)
	$(BIN)/petrograd1917 serve

check: $(STAMP)
	$(BIN)/petrograd1917 check

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/mypy
	$(BIN)/lint-imports --no-logo
	$(BIN)/python scripts/function_lengths.py src

test: $(STAMP)
	@test -x $(CHROMIUM) || echo "make: the browser test will be skipped: no $(CHROMIUM) (Debian: apt-get install -y chromium)"
	@mkdir -p $(TEST_HOME)
	XDG_CACHE_HOME=$(TEST_HOME)/cache XDG_DATA_HOME=$(TEST_HOME)/data XDG_CONFIG_HOME=$(TEST_HOME)/config \
		$(BIN)/python -m pytest $(PYTEST_JOBS)

# Every core (pytest-xdist); the serve tests share one server, so they stay together (xdist_group).
# `make test PYTEST_JOBS=` runs the suite in one process.
PYTEST_JOBS ?= -n auto --dist loadgroup

bench: $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/saves.py
	$(BIN)/python bench/authoring.py
	$(BIN)/python bench/tui.py
	$(BIN)/python bench/text.py

# Our engine beside ink's (inkjs, from ../shared/peers/ink; needs node and npm): ratios ours/ink.
bench-peers: $(STAMP)
	$(BIN)/python bench/peers.py

bench-serve: $(STAMP)
	$(BIN)/python bench/serve.py

clean:
	rm -rf $(VENV) build dist .pytest_cache
