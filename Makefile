# Praksisatlas — the one entry point. Every target creates .venv on first use and installs the
# pinned dependencies from requirements.txt, so a fresh clone needs only Python 3.11 and make
# (and Debian's chromium for the browser tests; .ci/run installs it).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PYTHONPATH := $(CURDIR)/scripts
export NO_MKDOCS_2_WARNING := 1
ADDR ?= 127.0.0.1:8000
# Node tools of the quality gates (axe-core, html-validate, Lighthouse), from package-lock.json.
NODE_STAMP := node_modules/.installed
# Reproducible builds: MkDocs dates the sitemap by SOURCE_DATE_EPOCH; use the last commit's time.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif
FILES ?=
ARGS ?=

.PHONY: help serve search-index build check test lint export clean fmt copycheck copycheck-fingerprint bench-search new list pre-commit bench bench-explorer bench-serve

help:
	@echo "make serve   - byg og vis sitet på http://$(ADDR) med live reload (kun det ændrede bygges om)"
	@echo "make search-index - byg søgeindekset i en kørende «make serve» ved næste genopbygning"
	@echo "make test    - kør hele testsuiten (lint, enheds-, bygge- og browsertests)"
	@echo "make check   - tjek alle cases (eller FILES=\"cases/a.md cases/b.md\") uden at bygge"
	@echo "make fmt     - skriv front matter i cases i standardformen (eller FILES=\"cases/a.md\")"
	@echo "make copycheck - find nærkopier af kilderapporterne (FILES=\"cases/a.md\" for én fil)"
	@echo "make build   - strict build til site/"
	@echo "make export  - skriv cases.json og cases.csv til export/ uden at bygge"
	@echo "make bench-search - mål søgningen (recall, payload, svartid) for hver søgemaskine"
	@echo "make new     - opret en ny case (spørger, eller ARGS='--titel ... --kommune ...')"
	@echo "make list    - vis cases som tabel (filtrér med ARGS='--tema sundhed --trin 1')"
	@echo "make pre-commit - installér git-hooken, der tjekker de cases, du committer"
	@echo "make bench   - målinger: byggetid, hukommelse og sidestørrelser ved 100-2.000 cases, Lighthouse"
	@echo "make bench-explorer - mål udforskeren ved 2.000 cases: klik til opdateret liste, sidevægt, byggetid"
	@echo "make bench-serve - mål tiden fra ændret case til opdateret side i make serve ved 2.000 cases"

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

# npm ci installs exactly the lock file; --ignore-scripts: no install step may download anything
# (the gates use Debian's /usr/bin/chromium, never a browser of their own).
$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $(NODE_STAMP)

# Served at the root of $(ADDR), not under the production path of site_url. Serve mode
# (PRAKSISATLAS_SERVE=1 with --dirty, DESIGN.md «Preview in seconds»): after an edit only changed
# cases are read and only changed pages written; a broken case is shown on its page and in the
# log; the search index is built at start and on `make search-index`. `make build` builds all.
serve: $(STAMP)
	PRAKSISATLAS_SITE_URL=http://$(ADDR)/ PRAKSISATLAS_SERVE=1 $(BIN)/mkdocs serve --strict --dirty --livereload --dev-addr $(ADDR)

# Asks a running `make serve` to build the search index again at its next rebuild (now).
search-index:
	@mkdir -p .serve && touch .serve/search-index
	@echo "Søgeindekset bygges i «make serve» nu (se dens log)."

build: $(STAMP)
	$(BIN)/mkdocs build --strict --clean --site-dir site

check: $(STAMP)
	$(BIN)/python -m praksisatlas check $(FILES)

# Canonical front matter (issue 18): key order from the schema, one YAML style; body untouched.
fmt: $(STAMP)
	$(BIN)/python -m praksisatlas fmt $(FILES)

export: $(STAMP)
	$(BIN)/python -m praksisatlas export --out export

lint: $(STAMP)
	$(BIN)/ruff check scripts tests
	$(BIN)/ruff format --check scripts tests

test: $(STAMP) $(NODE_STAMP) lint
	$(BIN)/python -m praksisatlas check
	$(BIN)/python -m praksisatlas copycheck
	$(BIN)/python -m pytest

clean:
	rm -rf site export .pytest_cache

# Search benchmark: builds the site per candidate engine in a temporary copy and runs the query
# set (tests/search/queries.yaml) through the real search box in Chromium. Prints a table.
bench-search: $(STAMP)
	$(BIN)/python scripts/bench/search_bench.py $(BENCH_ARGS)

# Near-copy check against the sources' fingerprints (data/copycheck/); prints the source sentence
# when ../shared/sources is there. `make copycheck FILES=cases/x.md` shows every finding in x.
copycheck: $(STAMP)
	$(BIN)/python -m praksisatlas copycheck $(FILES)

# Rewrite data/copycheck/fingerprints.json from ../shared/sources (after a source changes).
copycheck-fingerprint: $(STAMP)
	$(BIN)/python -m praksisatlas copycheck --fingerprint

new: $(STAMP)
	$(BIN)/python -m praksisatlas new $(ARGS)

list: $(STAMP)
	$(BIN)/python -m praksisatlas list $(ARGS)

pre-commit: $(STAMP)
	$(BIN)/pre-commit install

# Explorer benchmark (not part of `make test`): 2,000 cases in a temporary copy, a real build,
# then facet clicks timed in headless Chromium. Prints the figures. BENCH_ARGS="--clicks 300".
bench-explorer: $(STAMP)
	$(BIN)/python scripts/bench/explorer.py $(BENCH_ARGS)

# Editor's preview benchmark (not part of `make test`): 2,000 cases in a temporary copy under
# `mkdocs serve`, time from an edited case to its updated page; full rebuild vs serve mode.
# BENCH_ARGS="--modes incremental --edits 5".
bench-serve: $(STAMP)
	$(BIN)/python scripts/bench/serve.py $(BENCH_ARGS)

# Not part of `make test`: prints the table and writes it to .bench/results.md.
# BENCH_ARGS="--sizes 100,200 --no-lighthouse" for a quick run, "--repeat 2" against noise.
bench: $(STAMP) $(NODE_STAMP)
	$(BIN)/python scripts/bench/scale.py --out .bench/results.md $(BENCH_ARGS)
