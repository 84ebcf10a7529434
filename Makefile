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
FILES ?=

.PHONY: help serve build check test lint export clean copycheck

help:
	@echo "make serve   - byg og vis sitet på http://$(ADDR) med live reload"
	@echo "make test    - kør hele testsuiten (lint, enheds-, bygge- og browsertests)"
	@echo "make check   - tjek alle cases (eller FILES=\"cases/a.md cases/b.md\") uden at bygge"
	@echo "make build   - strict build til site/"
	@echo "make export  - skriv cases.json og cases.csv til export/ uden at bygge"

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

serve: $(STAMP)
	$(BIN)/mkdocs serve --strict --livereload --dev-addr $(ADDR)

build: $(STAMP)
	$(BIN)/mkdocs build --strict --clean --site-dir site

check: $(STAMP)
	$(BIN)/python -m praksisatlas check $(FILES)

export: $(STAMP)
	$(BIN)/python -m praksisatlas export --out export

lint: $(STAMP)
	$(BIN)/ruff check scripts tests
	$(BIN)/ruff format --check scripts tests

test: $(STAMP) lint
	$(BIN)/python -m praksisatlas check
	$(BIN)/python -m pytest

clean:
	rm -rf site export .pytest_cache

copycheck: $(STAMP)
	$(BIN)/python -m praksisatlas copycheck $(FILES)
