# `make` installs what is missing, builds Lectern in release and renders every notebook into output/.
# `make test` installs what is missing and runs the whole test suite.

SWIFT ?= swift
OUTPUT ?= output
# Extra options for `lectern build`; CI passes --strict (a failed claim or a formula that does not
# typeset fails the build).
BUILD_FLAGS ?=
# Each handout is dated by its notebook (its `date:`, else the last commit of its file), so a
# rebuild gives the same bytes; set SOURCE_DATE_EPOCH to date them all alike.

# Where `make docs` writes the API reference (a DocC archive, built offline from the doc comments).
API_DOCS ?= .build/api-docs
DOCS_PORT ?= 8000

.PHONY: all deps build notebooks test docs docs-serve clean

all: notebooks

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build -c release --product lectern

notebooks: build
	$(SWIFT) run -c release --skip-build lectern build --output $(OUTPUT) $(BUILD_FLAGS)

# Tests run in parallel; OpenBLAS threads on top of them only spin against each other (2x slower here).
test: deps
	OPENBLAS_NUM_THREADS=1 $(SWIFT) test

# The API reference of what a notebook uses: cells, models and every `fit` parameter, tensors, figures.
docs: deps
	scripts/build-api-docs.sh $(API_DOCS)

# DocC's pages load their content with JavaScript, which browsers refuse from file://: serve them locally.
docs-serve: docs
	@echo "API reference at http://localhost:$(DOCS_PORT)/documentation/ (Ctrl-C stops)"
	cd $(API_DOCS)/Lectern.doccarchive && python3 -m http.server $(DOCS_PORT) --bind 127.0.0.1

clean:
	rm -rf .build .lectern-cache
	find $(OUTPUT) -mindepth 1 ! -name README.md -delete
