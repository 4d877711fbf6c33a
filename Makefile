# Two commands on a fresh machine:
#   make demo   - set up .venv and run relparty over the bundled corpus (facts in out/facts.jsonl, scored)
#   make test   - set up .venv and run the tests (installs Debian's chromium for the browser test
#                 when it is missing and this is root with apt-get; otherwise that test is skipped, saying why)
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
SEED ?= ../shared/corpus/notes

.PHONY: setup demo develop test lint bench clean browser

$(BIN)/relparty: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[test,frames,dask]"
	touch $(BIN)/relparty

setup: $(BIN)/relparty

demo: setup
	mkdir -p out
	@echo "develop (corpus/notes):"
	$(BIN)/relparty extract corpus/notes -o out/facts.jsonl
	@$(BIN)/python -m relparty.scoring corpus/notes out/facts.jsonl
	@echo "test (corpus/test, held out):"
	@$(BIN)/relparty extract corpus/test -o out/test-facts.jsonl
	@$(BIN)/python -m relparty.scoring corpus/test out/test-facts.jsonl
	@if [ -d $(SEED) ]; then \
	  echo "seed ($(SEED)):"; \
	  $(BIN)/relparty extract $(SEED) -o out/seed-facts.jsonl; \
	  $(BIN)/python -m relparty.scoring $(SEED) out/seed-facts.jsonl; \
	else echo "seed: $(SEED) is absent, not scored"; fi

# rule work: develop and seed scores only (the held-out corpus/test score must not steer a rule)
develop: setup
	mkdir -p out
	@echo "develop (corpus/notes):"
	$(BIN)/relparty extract corpus/notes -o out/facts.jsonl
	@$(BIN)/python -m relparty.scoring corpus/notes out/facts.jsonl
	@if [ -d $(SEED) ]; then \
	  echo "seed ($(SEED)):"; \
	  $(BIN)/relparty extract $(SEED) -o out/seed-facts.jsonl; \
	  $(BIN)/python -m relparty.scoring $(SEED) out/seed-facts.jsonl; \
	else echo "seed: $(SEED) is absent, not scored"; fi

# headless Chromium for tests/test_review_browser.py: Debian's package, or RELPARTY_CHROMIUM=/path/to/chrome
browser:
	@if [ -n "$$RELPARTY_CHROMIUM" ] || command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
	    || command -v google-chrome >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "make: installing Debian's chromium for the browser test"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	    || echo "make: chromium could not be installed: the browser test will be skipped"; \
	else \
	  echo "make: no chromium: the browser test will be skipped (sudo apt-get install chromium, or RELPARTY_CHROMIUM=/path/to/chrome)"; \
	fi

test: setup browser
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check .

bench: setup
	$(BIN)/python bench/throughput.py

clean:
	rm -rf $(VENV) out
