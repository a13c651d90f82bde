# The two commands of the README: `make run` and `make test`.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test install install-test system-deps letters ui-messages bench lint clean

run: install letters
	$(BIN)/translate-letter serve --host $(HOST) --port $(PORT)

test: install-test
	$(BIN)/python -m pytest

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

install: $(BIN)/python system-deps
	$(BIN)/python -m pip install -q -e .

# The browser tests also inject axe-core (the accessibility rules), pinned in
# package-lock.json, into the pages they check.
install-test: $(BIN)/python system-deps
	$(BIN)/python -m pip install -q -e '.[test]'
	npm ci --no-audit --no-fund --loglevel=error

# Debian packages: Chromium for the browser tests (and npm, which installs axe-core), Noto fonts that shape Persian and
# Arabic, poppler-utils (pdftotext, pdffonts), GNU gettext (msgfmt), WeasyPrint's Pango,
# OpenSSH's ssh-keygen (signed releases) and faketime (builds under another clock).
system-deps:
	@sh scripts/system-deps.sh

letters: install
	$(BIN)/translate-letter compile
	$(BIN)/translate-letter build -f all --include drafts --min-complete 0
	@echo "letters written under dist/<lang>/ (drafts included and marked)"

# The review app's own interface: extract its strings (Python, templates, scripts, the
# reading room's words, the errors a page shows) into the template and merge it into the fa, fr and ar catalogs with the project's own update.
UI_CATALOGS := src/translate_letter/web/translations
ui-messages: install
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -c TRANSLATORS: --project translate-letter \
		--copyright-holder translate-letter -o $(UI_CATALOGS)/messages.pot src/translate_letter
	$(BIN)/translate-letter --locales-dir $(UI_CATALOGS) update

bench: install
	$(BIN)/python -m pip install -q -e '.[bench]'
	for script in bench/*.py; do $(BIN)/python $$script || exit 1; done

lint:
	$(BIN)/python -m pip install -q ruff
	$(BIN)/ruff check src tests bench

clean:
	rm -rf dist .pytest_cache
