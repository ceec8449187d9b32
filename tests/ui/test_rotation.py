"""[display] rotation: a panel mounted turned shows the screen turned with it,
laid out for the panel as the driver sees it, and a touch lands on what is drawn
under the finger. Real QML offscreen."""
from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtQuick")

from PySide6.QtCore import QPoint, Qt  # noqa: E402
from PySide6.QtGui import QImage, QTransform  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from kiosk import config  # noqa: E402
from kiosk.ui import fixtures  # noqa: E402
from kiosk.ui.harness import scene_rect, wait  # noqa: E402

PANEL = (1280, 800)          # what the display reports: landscape


def _render(harness, rotation: int, size=PANEL) -> QImage:
    harness.window.setProperty("displayRotation", rotation)
    try:
        return harness.render(fixtures.build("available"), size).convertToFormat(QImage.Format_RGB32)
    finally:
        harness.window.setProperty("displayRotation", 0)


def _difference(a: QImage, b: QImage) -> float:
    """Share of pixels that differ by more than a little (antialiased edges)."""
    assert (a.width(), a.height()) == (b.width(), b.height())
    differ = 0
    for y in range(0, a.height(), 8):
        for x in range(0, a.width(), 8):
            pa, pb = a.pixel(x, y), b.pixel(x, y)
            if max(abs(((pa >> s) & 255) - ((pb >> s) & 255)) for s in (0, 8, 16)) > 40:
                differ += 1
    return differ / (len(range(0, a.width(), 8)) * len(range(0, a.height(), 8)))


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_the_screen_is_the_upright_layout_turned(harness, rotation):
    turned = _render(harness, rotation)
    upright_size = PANEL[::-1] if rotation % 180 else PANEL
    upright = _render(harness, 0, upright_size)
    expected = upright.transformed(QTransform().rotate(rotation))
    assert (turned.width(), turned.height()) == PANEL
    # Text is rasterised upright and then turned, so glyph edges differ a little
    # (1.5 % of sampled pixels at 90 and 270); a wrong turn or layout differs by ~20 %.
    assert _difference(turned, expected) < 0.04
    assert _difference(turned, _render(harness, 0)) > 0.1


@pytest.mark.parametrize("rotation", [0, 90, 270])
def test_a_touch_lands_on_the_button_drawn_under_it(harness, rotation):
    harness.window.setProperty("displayRotation", rotation)
    try:
        harness.render(fixtures.build("available"), PANEL)
        (button,) = harness.named("buttonStart")
        x, y, w, h = scene_rect(button)       # where it is drawn, in window pixels
        assert 0 <= x and x + w <= PANEL[0] and 0 <= y and y + h <= PANEL[1]
        if rotation % 180:
            assert h > w, "a full-width button of the portrait layout stands upright"
        harness.intents.clear()
        QTest.mouseClick(harness.window, Qt.LeftButton, Qt.NoModifier, QPoint(int(x + w / 2), int(y + h / 2)))
        wait(50)
        assert harness.intents, f"the touch at the drawn button did nothing at {rotation}°"
    finally:
        harness.window.setProperty("displayRotation", 0)
        harness.render(fixtures.build("available"), (800, 480))


def test_rotation_is_validated():
    assert config.from_mapping({"display": {"rotation": 270}}).display.rotation == 270
    with pytest.raises(config.ConfigError, match=r"^display.rotation: must be 0, 90, 180 or 270 \(got 45\)"):
        config.from_mapping({"display": {"rotation": 45}})


def test_a_window_started_turned_is_laid_out_for_the_turned_panel(harness):
    """As on a charger: the window opens at the panel's size with the rotation
    already set, and is never resized after (the path of --fullscreen)."""
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtGui import QGuiApplication

    from kiosk.ui.app_window import create_ui, kiosk_window
    from kiosk.ui.bridge import StationBridge
    bridge = StationBridge()
    engine = create_ui(QGuiApplication.instance(), bridge, fullscreen=False, size=PANEL,
                       dim_after_s=0, motion=False, rotation=90)
    try:
        window = kiosk_window(engine)
        bridge.apply_now(fixtures.build("available"))
        wait(400)
        window.grabWindow()
        wait(30)
        turned = window.grabWindow().convertToFormat(QImage.Format_RGB32)
    finally:
        window.close()
        engine.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
        QCoreApplication.processEvents()
    expected = _render(harness, 0, PANEL[::-1]).transformed(QTransform().rotate(90))
    assert _difference(turned, expected) < 0.04
