# Chorus: `make demo` and `make test` do all set-up on a fresh machine.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
export OMP_NUM_THREADS ?= 1
export HF_HUB_OFFLINE := 1
export PYTHONHASHSEED := 0

.PHONY: demo test test-all lint bench clean install lock

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	rm -rf out/demo
	$(BIN)/chorus run examples/seeds --db out/demo/chorus.db --out out/demo
	@echo "Report: $(CURDIR)/out/demo/report.json  (open $(CURDIR)/out/demo/index.html in a browser)"

test: $(STAMP)
	$(BIN)/python -m pytest -q

test-all: $(STAMP)
	$(BIN)/python -m pytest -q -m "slow or not slow"

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/mypy

bench: $(STAMP)
	for b in bench/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache

lock:
	$(BIN)/pip freeze --all --exclude-editable | grep -vE "^(chorus|pip==)" | sed '1i # Pinned, tested set of dependencies (pip freeze of a working .venv). Regenerate with: make lock' > requirements.lock
