"""UI tests render the real QML offscreen; one Qt application per test run."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def harness():
    from kiosk.ui.harness import Harness
    h = Harness(theme="dark")
    yield h
    h.close()


@pytest.fixture(scope="session")
def light_harness(harness):
    from kiosk.ui.harness import Harness
    h = Harness(theme="light")
    yield h
    h.close()
