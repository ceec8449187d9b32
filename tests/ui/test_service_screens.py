"""The service pages rendered offscreen (real QML, kiosk/ui/service_fixtures.py):
every page fits at 800x480 and 1080x1920 in every language, touch targets are
finger-sized, the PIN is drawn as dots only, and the gallery is reproducible."""
from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtQuick")

from PySide6.QtCore import QPoint, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from kiosk.ui import fixtures, service_fixtures  # noqa: E402
from kiosk.ui.harness import ancestors, scene_rect, wait  # noqa: E402

SIZES = ((800, 480), (1080, 1920))
MIN_FONT_PX = 12
TOUCH_MIN = 60
LOGS = ("wireLog", "probeLines")        # log views: long lines are cut on purpose


@pytest.fixture(autouse=True)
def fresh_service_bridge(harness):
    """The harness is shared by the UI tests: give its ServiceBridge back as it came
    (no desk, so no PIN configured, locked out of nothing)."""
    yield
    harness.service.show_fixture({"pinConfigured": False, "unlocked": False, "pinWrong": False,
                                  "lockedFor": 0, "triesLeft": 5, "message": ""})


def show(harness, state: str, lang: str = "en", size=(800, 480)):
    view = fixtures.build("charging", lang)
    harness.show(view, size, settle_ms=0, serviceMode=True)   # opening resets the pad and page
    page = service_fixtures.apply(harness.service, state)
    harness.find("serviceOverlay").setProperty("page", page)
    return harness.render(view, size, serviceMode=True)


def visible_rect(item, top):
    """The item's rectangle in the window, cut to every clipping ancestor (a scrolled
    page shows only what is inside its viewport); None when nothing of it shows."""
    x, y, w, h = scene_rect(item)
    x2, y2 = x + w, y + h
    for a in ancestors(item, top)[1:]:
        if a.property("clip"):
            ax, ay, aw, ah = scene_rect(a)
            x, y, x2, y2 = max(x, ax), max(y, ay), min(x2, ax + aw), min(y2, ay + ah)
    return None if x2 - x <= 0 or y2 - y <= 0 else (x, y, x2 - x, y2 - y)


def assert_page_fits(harness, what: str, size) -> None:
    w, h = size
    top = harness.window.contentItem()
    for item in harness.items():
        chain = ancestors(item, top)
        if any(a.objectName() in LOGS for a in chain):
            continue
        shown = visible_rect(item, top)
        if shown is None:
            continue
        x, y, iw, ih = shown
        name = f"{what}: '{item.objectName()}' {item.property('text') or ''!s:.40}"
        assert x >= -1 and y >= -1 and x + iw <= w + 1 and y + ih <= h + 1, "outside: " + name
        if item.property("lineCount") is not None and item.property("text"):
            _, _, tw, th = scene_rect(item)
            assert item.property("contentWidth") <= tw + 1, "text too wide: " + name
            assert item.property("font").pixelSize() >= MIN_FONT_PX, "tiny text: " + name
            assert not item.property("truncated"), "text elided: " + name


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["en", "nl", "de", "fr"])
def test_every_service_page_fits_in_every_language(harness, lang, size):
    try:
        for state in service_fixtures.STATES:
            image = show(harness, state, lang, size)
            assert (image.width(), image.height()) == size
            assert_page_fits(harness, f"{state}/{lang}", size)
    finally:
        harness.render(fixtures.build("available"), (800, 480))


@pytest.mark.parametrize("state", service_fixtures.STATES)
def test_service_touch_targets_at_smallest_screen(harness, state):
    try:
        show(harness, state)
        top = harness.window.contentItem()
        for b in harness.named("button"):
            if visible_rect(b, top) is None:
                continue
            _, _, bw, bh = scene_rect(b)
            assert bw >= TOUCH_MIN and bh >= TOUCH_MIN, f"{state}: {b.objectName()} {bw}x{bh}"
    finally:
        harness.render(fixtures.build("available"), (800, 480))


def test_the_pin_is_drawn_as_dots_only(harness):
    try:
        show(harness, "pin")
        for digit in "2468":
            b = harness.named(f"buttonPin_{digit}")[0]
            x, y, w, h = scene_rect(b)
            QTest.mouseClick(harness.window, Qt.LeftButton, Qt.NoModifier,
                             QPoint(int(x + w / 2), int(y + h / 2)))
            wait(20)
        pad = harness.named("servicePinPad")[0]
        assert pad.property("digits") == "2468"          # typed...
        assert not any("2468" in t or t in "2468" for t in harness.visible_texts()
                       if t.isdigit() and len(t) > 1)     # ...but never shown
        dots = harness.named("pinDots")[0]
        circles = [d for d in dots.childItems() if d.property("color") is not None]
        assert len(circles) == 4 and all(d.property("color").alpha() > 0 for d in circles)
    finally:
        harness.render(fixtures.build("available"), (800, 480))


def test_no_pin_set_shows_how_to_set_one_and_no_keys(harness):
    try:
        show(harness, "pin_unset")
        assert "No service PIN is set" in harness.visible_texts()
        assert any("ev-kiosk set-pin --config FILE" in t for t in harness.visible_texts())
        assert not harness.named("buttonPin_")
    finally:
        harness.render(fixtures.build("available"), (800, 480))


def test_service_gallery_is_reproducible(harness):
    try:
        a = show(harness, "payments")
        b = show(harness, "payments")
        assert a == b
    finally:
        harness.render(fixtures.build("available"), (800, 480))
