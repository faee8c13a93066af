# Kansli — the two commands of the README, and a few for developers.
#   make run    create .venv if missing, install, start the program
#   make test   ruff, mypy and the test suite, offscreen (without the long fault loops of make faults)
#   make bench  the benchmarks (tests/bench), which print their figures
#   make faults the long fault-injection loops (random kill moments, damage on every page)
#   make fuzz   the importer and the sync package reader fuzzed: hypothesis, then atheris for FUZZ_SECONDS each

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed

.PHONY: run test lint typecheck pytest bench faults fuzz catalogs clean

$(INSTALLED): pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[test]'
	@touch $(INSTALLED)

run: $(INSTALLED)
	$(VENV)/bin/kansli

test: lint typecheck pytest

lint: $(INSTALLED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(INSTALLED)
	$(VENV)/bin/mypy

pytest: $(INSTALLED)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -n 2 -q -m "not slow"

bench: $(INSTALLED)
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.bench

faults: $(INSTALLED)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -n 2 -q -m slow tests/faults

FUZZ_SECONDS ?= 300
fuzz: $(INSTALLED)
	$(PY) -m pip install --quiet -c constraints.txt atheris
	KANSLI_FUZZ_EXAMPLES=2000 QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:xdist \
		tests/faults/test_fuzz_import.py tests/faults/test_fuzz_package.py
	mkdir -p fuzz-corpus fuzz-corpus-sync && cp -n tests/fuzz/seeds/* fuzz-corpus/
	$(PY) -m tests.fuzz.fuzz_import -max_total_time=$(FUZZ_SECONDS) fuzz-corpus
	$(PY) -m tests.fuzz.fuzz_package -max_total_time=$(FUZZ_SECONDS) fuzz-corpus-sync

# Refresh the message catalogs from the source (then translate the new entries in resources/locale/*/kansli.po).
catalogs: $(INSTALLED)
	$(VENV)/bin/pybabel extract -F babel.cfg -k N_ -k ngettext:1,2 -k pgettext:1c,2 -k plural_label:1,2 --no-location --sort-output -w 120 \
		-o resources/locale/kansli.pot .
	$(VENV)/bin/pybabel update -i resources/locale/kansli.pot -d resources/locale -D kansli --no-fuzzy-matching \
		--ignore-obsolete -w 120

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build dist *.egg-info

# The installer (installer/README.md): a PyInstaller one-folder bundle in dist/kansli and, on Linux, a .tar.gz with
# the desktop entry, AppStream metadata, MIME type and icons. installer-test runs the built bundle (not the source).
.PHONY: installer installer-test

installer: $(INSTALLED)
	$(PY) -m pip install --quiet -c constraints.txt -e '.[installer]'
	$(PY) installer/render_icons.py build/icons
	$(PY) -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
		installer/kansli.spec
	installer/linux/make_tarball.sh

installer-test: installer
	installer/test_bundle.sh dist/kansli
