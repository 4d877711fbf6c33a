# Two commands on a fresh machine:
#   make demo   - set up .venv and run relparty over the bundled corpus (facts in out/facts.jsonl, scored)
#   make test   - set up .venv and run the tests
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup demo test lint bench clean

$(BIN)/relparty: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[test]"
	touch $(BIN)/relparty

setup: $(BIN)/relparty

demo: setup
	mkdir -p out
	$(BIN)/relparty extract corpus/notes -o out/facts.jsonl
	$(BIN)/python -m relparty.scoring corpus/notes out/facts.jsonl

test: setup
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check .

bench: setup
	$(BIN)/python bench/throughput.py

clean:
	rm -rf $(VENV) out
