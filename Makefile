# The two README commands: `make run` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint setup bench screenshots translations clean

# Interface catalogues: the .ts sources are committed, the .qm are built from them.
TS := $(wildcard app/ui/translations/*.ts)
QM := $(TS:.ts=.qm)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

app/ui/translations/%.qm: app/ui/translations/%.ts $(STAMP)
	$(BIN)/pyside6-lrelease -silent $< -qm $@

# Refresh the .ts sources from the code (then translate in pyside6-linguist).
translations: $(STAMP)
	$(BIN)/pyside6-lupdate -no-obsolete -locations none app/ui/*.py -ts $(TS)

setup: $(STAMP) $(QM)

# make run: the demo database; make run DB=default: your own (omm.db in the data folder);
# make run DB=PATH: that database file.
DB ?=
run: $(STAMP) $(QM)
	$(if $(DB),$(if $(filter default,$(DB)),$(BIN)/omm,$(BIN)/omm --db "$(DB)"),$(BIN)/omm --demo)

lint: $(STAMP)
	$(BIN)/ruff check app tests bench
	$(BIN)/lint-imports

test: lint $(QM)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

bench: $(STAMP) $(QM)
	for f in bench/bench_*.py; do QT_QPA_PLATFORM=offscreen $(BIN)/python $$f || exit 1; done

screenshots: $(STAMP) $(QM)
	QT_QPA_PLATFORM=offscreen $(BIN)/omm screenshots --out docs/screenshots --demo

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build *.egg-info
