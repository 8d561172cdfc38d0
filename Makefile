# Every target works from a fresh clone: the first one that needs the venv creates it.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
DOCS_STAMP := $(VENV)/.docs-installed
SPEC   := openapi.yaml
GEN_CONFIG := generator-config.yaml
GEN_PKG := generated/skytells_orchestrator_client
# The typed builders, generated from the catalogue (overlay/skytells_orchestrator/catalogue.json).
BLOCKS := overlay/skytells_orchestrator/blocks/_builders.py
REDOCLY_VERSION := 2.77.0
NPX_CACHE := .cache/npm

.PHONY: install generate check-generated lint check test test-all faults demo build publish bench bench-record clean docs docs-serve

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade 'pip>=25.1'
	$(PY) -m pip install --quiet -e '.[server,cli]' --group dev
	touch $(STAMP)

generate: $(STAMP)
	$(PY) scripts/generate.py --output $(GEN_PKG)
	$(PY) scripts/generate_blocks.py --output $(BLOCKS)

check-generated: $(STAMP)
	$(PY) scripts/generate.py --check $(GEN_PKG)
	$(PY) scripts/generate_blocks.py --check $(BLOCKS)

lint: $(STAMP)
	$(VENV)/bin/ruff check overlay tests scripts benchmarks examples noxfile.py
	$(VENV)/bin/ruff format --check overlay tests scripts benchmarks examples noxfile.py
	$(VENV)/bin/mypy
	$(PY) -m openapi_spec_validator $(SPEC)
	npx --yes --cache $(NPX_CACHE) @redocly/cli@$(REDOCLY_VERSION) lint --config redocly.yaml $(SPEC)

check: lint check-generated docs

# tests/site builds the documentation site, so the docs tools come first.
test: $(STAMP) $(DOCS_STAMP)
	$(PY) -m pytest --cov --cov-report=term --cov-fail-under=90

# Every supported Python (the classifiers) and the lowest allowed dependency versions, each
# from the built wheel: see noxfile.py. A missing interpreter fails the run.
test-all: $(STAMP)
	$(VENV)/bin/nox --error-on-missing-interpreters

# The fault matrix (every fault x call kind, sync and async, against the local server), then
# the table it proves; the README's "Reliability" section carries the same table.
faults: $(STAMP)
	$(PY) -m pytest tests/faults -q -p no:cacheprovider
	$(PY) scripts/fault_table.py

demo: $(STAMP)
	$(PY) examples/run_demo.py

# Builds into a scratch folder and moves it to dist/ only once `twine check` passed, so dist/
# never holds a half-built or unchecked release.
build: $(STAMP)
	rm -rf dist .cache/dist-build
	$(PY) -m build --outdir .cache/dist-build .
	$(VENV)/bin/twine check --strict .cache/dist-build/*
	mv .cache/dist-build dist

publish: $(STAMP)
	$(PY) scripts/publish.py dist

# Prints the table and exits 1 on a missed target; changes no file.
bench: $(STAMP)
	$(PY) benchmarks/run.py

# The same, and writes the table to benchmarks/RESULTS.md.
bench-record: $(STAMP)
	$(PY) benchmarks/run.py --write

# The documentation site: its tools are pinned in docs/requirements.txt, installed into the
# project's venv (not into the package's extras), and the site is built into site/.

$(DOCS_STAMP): $(STAMP) docs/requirements.txt
	$(PY) -m pip install --quiet -r docs/requirements.txt
	touch $(DOCS_STAMP)

docs: $(DOCS_STAMP)
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs build --strict --site-dir site

docs-serve: $(DOCS_STAMP)
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs serve

clean:
	rm -rf $(VENV) dist .cache .pytest_cache .mypy_cache .ruff_cache .coverage
