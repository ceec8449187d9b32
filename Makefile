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

.PHONY: demo test bench translations ts-update screenshots clean lock mutate deb

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

# The Debian package (packaging/debian/): build/deb/ev-kiosk_VERSION_ARCH.deb,
# from the wheels of requirements/runtime.lock (downloaded once into build/wheels).
deb: translations
	packaging/build-deb.sh

screenshots: translations
	QT_QPA_PLATFORM=offscreen $(PY) tools/screenshots.py
	$(PY) tools/receipt_page_screenshots.py

clean:
	rm -rf $(VENV) .venv-lock .pytest_cache .hypothesis assets/i18n/*.qm

# Mutation testing of the money code (issue 17; not part of make test, CPU heavy:
# about 1,800 mutants, roughly an hour on 2 shared cores). mutmut 3 in its own venv
# from requirements/mutate.lock; [tool.mutmut] in pyproject.toml says which tests run.
# Mutated: the money functions of pricing.py (not formatting or the price display),
# finaliser.py, the money functions of books.py (payments, sessions, the outbox; not
# receipts, journal reads, stats, migrations) and the money paths of station.py.
# `make mutate MUTANTS='kiosk.journey.pricing*'` runs a part; the report
# (tools/mutation_report.py) is docs/mutation-report.md.
MUTATE_VENV := .venv-mutate
MONEY_PRICING := x_round_half_up x__vat_on_net x__largest_net_within x_quote \
	x_energy_for_amount xǁCostBreakdownǁamount_of xǁTariffǁ__post_init__
MONEY_BOOKS := _finish_command queue_finalisation queue_update set_payment_authorized \
	create_payment _set_payment_state mark_sent mark_retry mark_done mark_refused \
	due_commands open_payments open_sessions create_session update_session_meter end_session
MONEY_STATION := _reconcile _resume _on_approved _on_charging_started _on_meter _check_limit \
	_on_money_outcome _charging_ended _idle_seconds _quote _finish
MUTANTS ?= $(foreach f,$(MONEY_PRICING),kiosk.journey.pricing.$(f)__mutmut_*) \
	kiosk.journey.finaliser* \
	$(foreach f,$(MONEY_BOOKS),kiosk.store.books.xǁBooksǁ$(f)__mutmut_*) \
	$(foreach f,$(MONEY_STATION),kiosk.journey.station.xǁStationǁ$(f)__mutmut_*) \
	kiosk.journey.station.x__breakdown_json__mutmut_*

$(MUTATE_VENV)/.installed-stamp: requirements/mutate.lock
	$(PYTHON) -m venv $(MUTATE_VENV)
	$(MUTATE_VENV)/bin/pip install --quiet --require-hashes -r requirements/mutate.lock
	$(MUTATE_VENV)/bin/pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

mutate: $(MUTATE_VENV)/.installed-stamp
	QT_QPA_PLATFORM=offscreen nice -n 19 $(MUTATE_VENV)/bin/mutmut run --max-children 2 \
	  $(foreach m,$(MUTANTS),'$(m)') > mutants-run.log 2>&1 || { tail -40 mutants-run.log; exit 1; }
	$(MUTATE_VENV)/bin/python tools/mutation_report.py $(foreach m,$(MUTANTS),'$(m)')
