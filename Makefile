# Wijknet: the whole set-up on a fresh machine is `make demo` and `make test`.
# Only python3 and make are needed; everything else lands in .venv.

VENV     := .venv
BIN      := $(VENV)/bin
UV       := $(BIN)/uv
UV_VERSION := 0.13.8
STAMP    := $(VENV)/.synced
# The PostgreSQL pass runs when DATABASE_URL or WIJKNET_TEST_POSTGRES names one.
TEST_POSTGRES ?= $(or $(WIJKNET_TEST_POSTGRES),$(filter postgres%,$(DATABASE_URL)))
PYTEST_ARGS ?=

.PHONY: deps demo test test-sqlite test-postgres bench lint format clean

deps: $(STAMP)

$(STAMP): pyproject.toml uv.lock
	test -x $(BIN)/python || python3 -m venv $(VENV)
	test -x $(UV) || $(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	UV_PROJECT_ENVIRONMENT=$(VENV) $(UV) sync --locked --quiet
	touch $(STAMP)

demo: deps
	$(BIN)/wijknet demo

test: deps test-sqlite test-postgres

test-sqlite: deps
	env -u DATABASE_URL -u REPORTING_DATABASE_URL $(BIN)/pytest $(PYTEST_ARGS)

test-postgres: deps
ifneq ($(strip $(TEST_POSTGRES)),)
	DATABASE_URL=$(TEST_POSTGRES) WIJKNET_REQUIRE_POSTGRES=1 $(BIN)/pytest --create-db $(PYTEST_ARGS)
else
	@echo "PostgreSQL pass skipped: set DATABASE_URL or WIJKNET_TEST_POSTGRES to run it."
endif

bench: deps
	$(BIN)/wijknet bench

lint: deps
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/lint-imports
	env -u DATABASE_URL $(BIN)/wijknet makemigrations --check --dry-run

format: deps
	$(BIN)/ruff check --fix src tests
	$(BIN)/ruff format src tests

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles
