# Two commands on a fresh machine: `make demo` and `make test`. Both set up the
# virtual environment first (only when pyproject.toml changed).
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
LOCK   := requirements/test.lock
UV     := uv==0.13.9
TS     := $(wildcard assets/i18n/*.ts)
QM     := $(TS:.ts=.qm)

.PHONY: demo test bench translations ts-update screenshots clean lock

# The versions that were tested, with their hashes (requirements/*.lock, made by
# `make lock`); ev-kiosk itself is installed editable on top, without fetching.
$(STAMP): pyproject.toml $(LOCK)
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "ev-kiosk needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	$(PY) tools/check_lock.py
	@touch $@

# Refresh the locks after changing a dependency in pyproject.toml. uv (not
# pip-tools): one --universal lock holds the hashes for amd64 and arm64 boards
# and every marker, in well under a second; pip alone installs from it.
lock:
	@test -x .venv-lock/bin/uv || { $(PYTHON) -m venv .venv-lock && .venv-lock/bin/pip install --quiet '$(UV)'; }
	.venv-lock/bin/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes \
	  pyproject.toml -o requirements/runtime.lock
	.venv-lock/bin/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes \
	  pyproject.toml requirements/build.in --all-extras -o requirements/test.lock

assets/i18n/%.qm: assets/i18n/%.ts $(STAMP)
	$(VENV)/bin/pyside6-lrelease -silent $< -qm $@

translations: $(STAMP) $(QM)

# After adding or changing a qsTr text: refresh the .ts sources, then translate
# what lupdate marks unfinished (tests/ui/test_translations.py names it).
ts-update: $(STAMP)
	$(VENV)/bin/pyside6-lupdate $(sort $(wildcard qml/*.qml qml/*/*.qml)) -ts $(TS) -no-obsolete

# The kiosk on its embedded simulators: a window with the simulator control
# panel when there is a display, the headless demo scenario when there is none.
# DEMO_ARGS="--config examples/everest.toml": the same through an MQTT broker on EVerest's API.
demo: translations
	$(VENV)/bin/ev-kiosk demo $(DEMO_ARGS)

test: translations
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

bench: translations
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.benchmarks

screenshots: translations
	QT_QPA_PLATFORM=offscreen $(PY) tools/screenshots.py
	$(PY) tools/receipt_page_screenshots.py

clean:
	rm -rf $(VENV) .venv-lock .pytest_cache .hypothesis assets/i18n/*.qm
