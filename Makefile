# sitrep's one task runner. CI runs `make install` then `make test` (see .ci/run and README.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# The shared gold data (treebanks, NER, PLOVER records); gold-gate tests skip without it, except in CI.
SITREP_DATA ?= ../shared/data
export SITREP_DATA
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: install system test lint typecheck pytest model corpus bench clean

install: system ## venv + sitrep (with its shipped model) + dev tools + pyspark (the spark extra)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,spark]"
	$(BIN)/sitrep --version

# Debian packages the tests drive for real: PostgreSQL's server programs (the test session starts one with
# initdb + pg_ctl in a temporary folder) and Chromium (the web UI's browser tests drive /usr/bin/chromium through
# Playwright's executable_path; no browser is ever downloaded by a test tool). Installed from Debian when missing
# and apt-get can run; elsewhere those tests skip (CI fails them instead). Java (17 or newer) runs the Spark
# tests (`sitrep spark`, tests/scale/).
system: ## Debian's postgresql (server programs), chromium and a Java 17 runtime when missing
	@missing=""; \
	ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing="$$missing postgresql"; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v java >/dev/null 2>&1 || [ -x "$$JAVA_HOME/bin/java" ] || missing="$$missing openjdk-17-jre-headless"; \
	if [ -z "$$missing" ]; then \
		echo "system: postgresql, chromium and java present"; \
	elif command -v apt-get >/dev/null 2>&1 && { [ "$$(id -u)" = 0 ] || command -v sudo >/dev/null 2>&1; }; then \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	else \
		echo "system:$$missing not installed and apt-get unavailable; the tests that need them will skip"; \
	fi

test: lint typecheck pytest ## every gate: ruff, ruff format, mypy, pytest (gold gates run when $(SITREP_DATA) exists)

lint:
	$(BIN)/ruff check src tests training benchmarks
	$(BIN)/ruff format --check src tests training benchmarks

typecheck:
	$(BIN)/mypy

pytest:
	$(BIN)/python -m pytest

corpus: ## convert ../shared/data into training/corpus/*.spacy
	$(BIN)/python training/convert.py --data $(SITREP_DATA) --out training/corpus

model: corpus ## retrain the shipped pipeline from $(SITREP_DATA) and install it into src/sitrep/models/
	$(BIN)/python -m spacy train training/config.cfg --output training/runs/model
	$(BIN)/python training/package.py training/runs/model/model-best

bench: ## accuracy and speed figures for training/README.md
	$(BIN)/python benchmarks/accuracy.py
	$(BIN)/python benchmarks/speed.py

clean:
	rm -rf training/corpus training/runs .mypy_cache .ruff_cache .pytest_cache
