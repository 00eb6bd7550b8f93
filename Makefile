# The two commands of the README: `make run` and `make test`. Everything else supports them.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# services/alerts/testkit (imi-alerts-testkit, test-only) is nested, so not matched by the wildcard
PACKAGES := shared testkit $(wildcard services/*) services/alerts/testkit
STAMP := $(VENV)/.installed

.PHONY: install run lint test chaos bench clean contracts

$(STAMP): requirements-dev.txt $(addsuffix /pyproject.toml,$(PACKAGES))
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements-dev.txt $(addprefix -e ,$(PACKAGES))
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/python deploy/local/stack.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy shared/src/imi_shared

test: lint
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

# Regenerate services/<svc>/contract/ (AsyncAPI 3.0 + JSON Schemas) of every service with a
# contract module (imi_<svc>/contract.py).
contracts: install
	$(BIN)/python -m imi_shared.contracts $(foreach f,$(wildcard services/*/src/imi_*/contract.py),$(word 2,$(subst /, ,$(f))))

# Issue 10's chaos run: 1,000 alerts, a fan-out worker and the central alerts process SIGKILLed
# mid-storm (central restarted); make test runs the same test with 20.
chaos: install
	IMI_TEST_ALERTS_STORM=1000 $(BIN)/python -m pytest -q tests/alerts/test_alr_fanout_storm.py

bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .run
