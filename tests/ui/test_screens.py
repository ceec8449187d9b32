"""Every journey screen, rendered through the real QML offscreen, checked for
what a driver would notice: the journey's words on screen, nothing cut off or
outside the window, thumb-sized buttons, readable contrast, a QR code that
scans to the receipt URL, and the language switch."""
from __future__ import annotations

import threading

import pytest

pytest.importorskip("PySide6.QtQuick")

from PySide6.QtGui import QImage  # noqa: E402

from kiosk.journey import intents as it  # noqa: E402
from kiosk.journey.snapshot import Phase  # noqa: E402
from kiosk.ui import fixtures  # noqa: E402
from kiosk.ui.bridge import StationBridge, route  # noqa: E402
from kiosk.ui.harness import ancestors, scene_rect, wait  # noqa: E402

SIZES = [(800, 480), (1280, 800), (1080, 1920)]
TOUCH_MIN = 64
MIN_FONT_PX = 13


def _texts(h, object_name: str) -> list[str]:
    return [i.property("text") for i in h.items() if i.objectName() == object_name]


def _luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")[-6:]
    def ch(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b)


def contrast(fg: str, bg: str) -> float:
    a, b = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def decode_qr(image: QImage) -> list[str]:
    """zxing-cpp on a plain greyscale buffer (no numpy, no PIL)."""
    import zxingcpp
    g = image.convertToFormat(QImage.Format_Grayscale8)
    w, h, bpl = g.width(), g.height(), g.bytesPerLine()
    raw = bytes(g.constBits())[:bpl * h]
    rows = b"".join(raw[y * bpl:y * bpl + w] for y in range(h))
    return [b.text for b in zxingcpp.read_barcodes(memoryview(rows).cast("B", (h, w)))]


# ---------------------------------------------------------------- every screen

def assert_fits(harness, screen: str, size: tuple[int, int], modal: bool = False) -> None:
    """Nothing outside the window, no text wider or taller than its box, no tiny text."""
    w, h = size
    for item in harness.items():
        x, y, iw, ih = scene_rect(item)
        if iw <= 0 or ih <= 0 or item.objectName() in ("dimOverlay", "languagePicker"):
            continue
        what = f"{screen}: {item.metaObject().className()} '{item.objectName()}'" \
               f" {item.property('text') or ''!s:.40} at ({x:.0f},{y:.0f},{iw:.0f}x{ih:.0f})"
        assert x >= -1 and y >= -1 and x + iw <= w + 1 and y + ih <= h + 1, "outside the window: " + what
        if item.metaObject().className().startswith("QQuickText") and item.property("text"):
            # Text drawn wider or taller than its box is cut off or overlaps its neighbours.
            assert item.property("contentWidth") <= iw + 1, "text too wide: " + what
            assert item.property("contentHeight") <= ih + 1, "text too tall: " + what
            assert item.property("font").pixelSize() >= MIN_FONT_PX, "tiny text: " + what
            # Elided text hides what the driver needs ("up to 22 …" instead of 22 kW).
            assert not item.property("truncated"), "text elided: " + what
    # No button covers words it does not own (e.g. Done over the receipt's total).
    items = harness.items()
    top = harness.window.contentItem()
    texts = [i for i in items if i.metaObject().className().startswith("QQuickText")
             and i.property("text") and i.objectName() != "stationName"]
    for b in (i for i in items if i.objectName().startswith("button") and not modal):
        bx, by, bw, bh = scene_rect(b)
        for t in texts:
            if any(p == b or p.objectName() in ("dimOverlay", "languagePicker")
                   for p in ancestors(t, top)):
                continue
            tx, ty, tw, th = scene_rect(t)
            overlap_w = min(bx + bw, tx + tw) - max(bx, tx)
            overlap_h = min(by + bh, ty + th) - max(by, ty)
            assert overlap_w <= 1 or overlap_h <= 1, \
                f"{screen}: {b.objectName()} covers '{t.property('text')!s:.40}'"



@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", fixtures.SCREENS)
def test_screen_renders_cleanly(harness, screen, size):
    view = fixtures.build(screen)
    image = harness.render(view, size)
    assert not image.isNull() and (image.width(), image.height()) == size

    # The journey's own title is on screen (the overview shows a static label).
    expected = fixtures.expected_title(view) or "Choose a charge point"
    assert expected in _texts(harness, "promptTitle"), (screen, _texts(harness, "promptTitle"))

    assert_fits(harness, screen, size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["nl", "de", "fr"])
def test_screens_fit_in_every_language(harness, lang, size):
    """German and French words are longer: every screen still fits at every size."""
    try:
        for screen in fixtures.SCREENS:
            harness.render(fixtures.build(screen, lang), size)
            assert_fits(harness, f"{screen}/{lang}", size)
    finally:
        harness.render(fixtures.build("available", "en"), (800, 480))


@pytest.mark.parametrize("screen", fixtures.SCREENS)
def test_touch_targets_at_smallest_screen(harness, screen):
    harness.render(fixtures.build(screen), (800, 480))
    buttons = harness.named("button")
    for b in buttons:
        _, _, bw, bh = scene_rect(b)
        assert bw >= TOUCH_MIN and bh >= TOUCH_MIN, f"{screen}: {b.objectName()} is {bw:.0f}x{bh:.0f}"


def test_every_screen_has_a_way_forward_or_is_a_wait(harness):
    """Screens a driver can get stuck on offer a button; waits and the attract
    screens (card tap, plug in) don't need one."""
    waits = {"authorizing", "stopping", "blocking_fault",
             "charger_offline", "out_of_service", "idle_fee", "idle_fee_grace", "banner_waits"}
    for screen in fixtures.SCREENS:
        harness.render(fixtures.build(screen), (800, 480))
        names = [b.objectName() for b in harness.named("button") if b.objectName() != "buttonLanguage"]
        if screen not in waits:
            assert names, f"{screen} has no button"


# ---------------------------------------------------------------- specifics

@pytest.mark.parametrize("size", [(800, 480), (1280, 800), (1080, 1920)], ids=str)
def test_receipt_qr_decodes_to_the_receipt_url(harness, size):
    image = harness.render(fixtures.build("receipt"), size)
    assert decode_qr(image) == [fixtures.RECEIPT_URL]
    ref = " ".join(_texts(harness, "receiptRef"))
    assert fixtures.RECEIPT_REF in ref


@pytest.mark.parametrize("screen", ["present_card", "stopping", "authorizing"])
def test_the_gallery_is_reproducible(harness, screen):
    """Screens with a spinner or a nudging arrow come out the same every time
    (the harness renders with Style.motion off), so a gallery diff is a real change."""
    first = harness.render(fixtures.build(screen), (800, 480))
    harness.render(fixtures.build("available"), (800, 480))
    wait(200)                        # an animation would have moved on by now
    assert harness.render(fixtures.build(screen), (800, 480)) == first


def test_qr_image_is_crisp_with_quiet_zone():
    from kiosk.ui.qr import QUIET_ZONE, qr_image, qr_matrix
    m = qr_matrix(fixtures.RECEIPT_URL)
    n = len(m)
    assert not any(m[0]) and not any(row[0] for row in m)            # quiet zone
    assert all(not any(m[i]) for i in range(QUIET_ZONE))
    img = qr_image(fixtures.RECEIPT_URL, 300)
    assert img.width() % n == 0 and img.width() <= 300                # integer module size
    g = img.convertToFormat(QImage.Format_Grayscale8)
    values = {g.pixelColor(x, y).red() for x in range(0, g.width(), 3) for y in range(0, g.height(), 7)}
    assert values <= {0, 255}                                          # no smoothing


def test_no_banner_repeats_the_screen_below_it(harness):
    """Host offline: the declined screen says card payment is unavailable, so the
    banner that says the same is not shown on top of it."""
    harness.render(fixtures.build("declined_host_offline"), (800, 480))
    assert not harness.find("banner").property("visible")
    assert harness.visible_texts().count("Card payment unavailable") == 1
    harness.render(fixtures.build("banner"), (800, 480))       # a different screen: shown
    assert harness.find("banner").property("visible")


def test_price_table_before_commit(harness):
    harness.render(fixtures.build("available"), (800, 480))
    texts = " | ".join(harness.visible_texts())
    price = fixtures.price_view("en")
    for value in (price.energy_per_kwh, price.time_price, price.session_fee,
                  price.idle_fee, price.reservation):
        assert value in texts
    assert "VAT" in texts


@pytest.mark.parametrize("lang,time_price,idle_fee,max_price", [
    # 200 minor units per hour, stated per hour: "€2.00/h", not 200/60 = 3.33 -> "€0.03/min"
    ("en", "€2.00/h", "€2.00/h after 30 min, max €10.00", "at most €30.00 per session"),
    ("de", "2,00\u00a0€/Std.", "2,00\u00a0€/Std. nach 30 Min., max. 10,00\u00a0€",
     "höchstens 30,00\u00a0€ pro Ladevorgang"),
])
def test_price_table_shows_per_hour_prices_and_the_maximum(harness, lang, time_price, idle_fee,
                                                           max_price):
    """Issue 17: a per-hour tariff keeps its unit on screen, and its maximum price shows."""
    try:
        harness.render(fixtures.build("available_per_hour", lang), (800, 480))
        texts = harness.visible_texts()
        assert {time_price, idle_fee, max_price} <= set(texts), texts
        assert _texts(harness, "priceMax") == [max_price]
        assert not any("/min" in t or "/Min." in t for t in texts), texts
    finally:
        harness.render(fixtures.build("available", "en"), (800, 480))


def test_prices_the_tariff_does_not_charge_are_left_out(harness):
    from dataclasses import replace
    view = fixtures.build("available")
    harness.render(replace(view, price=replace(view.price, time_price="", session_fee="")),
                   (800, 480))
    texts = harness.visible_texts()
    assert "Charging time" not in texts and "Session fee" not in texts
    assert view.price.energy_per_kwh in texts and "Reserved on your card" in texts
    harness.render(view, (800, 480))
    assert {"Charging time", "Session fee"} <= set(harness.visible_texts())


def test_charging_figures(harness):
    view = fixtures.build("charging")
    harness.render(view, (800, 480))
    texts = harness.visible_texts()
    c = view.connectors[0]
    for want in ("12.4", "21.8", "34:12", c.cost_text, "Stop charging"):
        assert any(want in t for t in texts), want


def test_language_switch_retranslates(harness):
    try:
        harness.render(fixtures.build("charging", "nl"), (800, 480))
        texts = harness.visible_texts()
        assert "Bezig met laden" in texts            # the journey's prompt, already Dutch
        assert "Energie" in texts and "Stop laden" in texts   # static labels via qsTr
        harness.render(fixtures.build("available", "de"), (800, 480))
        texts = harness.visible_texts()
        assert "Laden starten" in texts and "Preise".upper() in [t.upper() for t in texts]
        harness.render(fixtures.build("available", "fr"), (800, 480))
        assert "Démarrer la charge" in harness.visible_texts()
    finally:
        harness.render(fixtures.build("available", "en"), (800, 480))
    assert "Start charging" in harness.visible_texts()


@pytest.mark.parametrize("theme", ["dark", "light"])
def test_style_contrast(harness, theme):
    style = harness.engine.singletonInstance("Kiosk", "Style")
    pairs = style.property("allContrastPairs")
    pairs = (pairs.toVariant() if hasattr(pairs, "toVariant") else pairs)[theme]
    assert len(pairs) >= 10
    for name, fg, bg in pairs:
        fg_hex = fg if isinstance(fg, str) else fg.name()
        bg_hex = bg if isinstance(bg, str) else bg.name()
        assert contrast(fg_hex, bg_hex) >= 4.5, f"{theme} {name}: {contrast(fg_hex, bg_hex):.2f}"


def test_light_theme_renders(light_harness):
    image = light_harness.render(fixtures.build("charging"), (800, 480))
    assert QImage.Format_Invalid != image.format()
    assert image.pixelColor(5, 200).lightness() > 200       # a light background


# ---------------------------------------------------------------- the bridge

def test_routes():
    assert route(fixtures.build("available"))[0] == "home"
    assert route(fixtures.build("choose_connector"))[0] == "home"
    assert route(fixtures.build("two_connectors"))[0] == "home"
    assert route(fixtures.build("blocking_fault"))[0] == "blocking"
    # Payment may be unavailable: the idle screen with the notice, the driver may still try.
    assert route(fixtures.build("payment_may_be_unavailable"))[0] == "home"
    assert route(fixtures.build("cancelled"))[0] == "message"
    assert route(fixtures.build("no_card"))[0] == "message"
    assert route(fixtures.build("ended_fault"))[0] == "receipt"
    assert route(fixtures.build("ended_fault_nothing_charged"))[0] == "unavailable"
    assert route(fixtures.build("charger_offline"))[0] == "unavailable"
    assert route(fixtures.build("voided"))[0] == "message"
    for screen in ("amount", "present_card", "authorizing", "declined", "plug_in", "charging",
                   "stop_confirm", "stopping", "idle_fee", "receipt"):
        assert route(fixtures.build(screen))[0] == screen


def test_model_updates_rows_in_place(harness):
    bridge = StationBridge()
    model = bridge.property("connectors")
    resets, inserted, changed = [], [], []
    model.modelReset.connect(lambda: resets.append(1))
    model.rowsInserted.connect(lambda *a: inserted.append(a))
    model.dataChanged.connect(lambda *a: changed.append(a))
    bridge.apply_now(fixtures.build("two_connectors"))
    assert model.rowCount() == 2 and len(inserted) == 1
    view = fixtures.build("two_connectors")
    c1 = view.connectors[0]
    from dataclasses import replace
    bridge.apply_now(replace(view, connectors=(replace(c1, energy_wh=13000), view.connectors[1]),
                             seq=2))
    assert not resets and len(inserted) == 1 and len(changed) == 1
    assert changed[0][0].row() == 0
    assert model.data(model.index(0, 0), model.roleNames().__iter__().__next__()) is not None


def test_publish_from_another_thread_lands_on_ui_thread(harness):
    bridge = StationBridge()
    seen = []
    bridge.changed.connect(lambda: seen.append(threading.current_thread() is threading.main_thread()))
    views = [fixtures.build("available"), fixtures.build("charging")]
    t = threading.Thread(target=lambda: [bridge.publish(v) for v in views])
    t.start()
    t.join()
    wait(50)
    assert seen and all(seen)
    assert bridge.property("screen") == "charging"      # only the newest snapshot counts


def test_slots_send_intents():
    sent = []
    bridge = StationBridge(sent.append)
    bridge.apply_now(fixtures.build("amount"))
    bridge.selectConnector(2)
    bridge.chooseAmount(4000)
    bridge.back()
    bridge.requestStop(1)
    bridge.cancelStop()
    bridge.dismissReceipt()
    bridge.setLanguage("de")
    bridge.touch()
    assert sent == [it.SelectConnector(2), it.ChooseAmount(1, 4000), it.Back(), it.RequestStop(1),
                    it.CancelStop(1), it.DismissReceipt(1), it.SetLanguage("de"), it.Touch()]


def test_a_failing_send_never_escapes_into_qml():
    def boom(intent):
        raise RuntimeError("backend gone")
    bridge = StationBridge(boom)
    bridge.touch()          # logged, not raised


def test_tapping_a_button_sends_its_intent_and_a_touch(harness):
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtTest import QTest
    harness.intents.clear()
    harness.render(fixtures.build("charging"), (800, 480))
    stop = harness.find("buttonStop")
    x, y, w, h = scene_rect(stop)
    QTest.mouseClick(harness.window, Qt.LeftButton, Qt.NoModifier,
                     QPointF(x + w / 2, y + h / 2).toPoint())
    wait(20)
    assert it.Touch() in harness.intents
    assert it.RequestStop(1) in harness.intents


@pytest.mark.parametrize("screen", ["idle_fee", "plug_in"])
def test_a_second_driver_is_not_kept_from_the_overview(harness, screen):
    """Two charge points: the screens that can last minutes (a parked car's idle
    fee, the wait for the plug) have Back to the overview; one charge point: none."""
    from dataclasses import replace

    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtTest import QTest
    one = fixtures.build(screen)
    harness.render(one, (800, 480))
    assert not harness.find("buttonBack").property("visible")
    two = replace(one, connectors=one.connectors + (fixtures.connector(2, Phase.AVAILABLE, "en"),))
    harness.intents.clear()
    harness.render(two, (800, 480))
    assert_fits(harness, screen, (800, 480))
    x, y, w, h = scene_rect(harness.find("buttonBack"))
    QTest.mouseClick(harness.window, Qt.LeftButton, Qt.NoModifier,
                     QPointF(x + w / 2, y + h / 2).toPoint())
    wait(20)
    assert it.Back() in harness.intents


def test_the_plug_in_ring_is_full_at_the_configured_wait(harness):
    """A station with a 2-minute plug-in wait: 1:00 left is half the ring, and the
    words state the rule (within 2:00) rather than a countdown that goes stale."""
    from dataclasses import replace
    view = fixtures.build("plug_in")
    c = replace(view.connectors[0], seconds_left=60, seconds_total=120,
                prompt=fixtures.prompt(fixtures.PromptId.PLUG_IN, "en", connector=1, seconds=120))
    harness.render(replace(view, connectors=(c,)), (800, 480))
    ring = harness.find("plugInRing")
    assert ring.property("total") == 120
    assert 58 <= ring.property("remaining") <= 60      # its own 1 s timer may have ticked
    assert any("within 2:00" in t for t in harness.visible_texts())


@pytest.mark.parametrize("screen,button", [("charging", "buttonStop"),
                                           ("plug_in", "buttonCancelSession")])
def test_no_stop_button_where_the_station_does_not_stop_from_the_screen(harness, screen, button):
    """modes.ui_stop = false: the journey ignores RequestStop, so no button offers it."""
    from dataclasses import replace
    view = fixtures.build(screen)
    harness.render(view, (800, 480))
    assert harness.find(button).property("visible")
    harness.render(replace(view, ui_stop=False), (800, 480))
    assert not harness.find(button).property("visible")
    assert_fits(harness, screen, (800, 480))


def test_a_new_screen_closes_the_language_picker(harness):
    harness.render(fixtures.build("available"), (800, 480), languageOpen=True)
    assert harness.window.property("languageOpen")
    harness.bridge.apply_now(fixtures.build("present_card"))   # a card was tapped meanwhile
    wait(50)
    assert not harness.window.property("languageOpen")


def test_service_mode_ends_when_nobody_touches_it(harness):
    from PySide6.QtCore import QObject
    timer = harness.window.findChild(QObject, "serviceTimeout")
    timer.setProperty("interval", 1500)
    try:
        harness.render(fixtures.build("available"), (800, 480), serviceMode=True)
        assert harness.window.property("serviceMode")
        wait(2500)
        assert not harness.window.property("serviceMode")
    finally:
        timer.setProperty("interval", 120000)


def test_dim_overlay_swallows_the_waking_touch(harness):
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest
    harness.render(fixtures.build("charging"), (800, 480))
    win = harness.window
    win.setProperty("dimAfterMs", 1000)
    try:
        wait(1300)
        overlay = harness.window.findChild(type(win.contentItem()), "dimOverlay")
        assert win.property("dimmed") is True
        harness.intents.clear()
        stop = harness.find("buttonStop")
        x, y, w, h = scene_rect(stop)
        QTest.mouseClick(win, Qt.LeftButton, Qt.NoModifier, QPoint(int(x + w / 2), int(y + h / 2)))
        wait(50)
        assert win.property("dimmed") is False
        assert harness.intents == [it.Touch()]       # woke up, did not press Stop
        assert overlay is not None
    finally:
        win.setProperty("dimAfterMs", 0)


def test_fixture_phases_cover_every_screen():
    phases = {c.phase for s in fixtures.SCREENS for c in fixtures.build(s).connectors}
    assert {Phase.AVAILABLE, Phase.CHOOSING, Phase.PRESENT_CARD, Phase.AUTHORIZING, Phase.DECLINED,
            Phase.PLUG_IN, Phase.CHARGING, Phase.STOP_CONFIRM, Phase.STOPPING, Phase.IDLE_FEE,
            Phase.RECEIPT, Phase.CHARGER_OFFLINE, Phase.OUT_OF_SERVICE} <= phases


def test_control_panel_calls_the_controller(harness):
    from PySide6.QtCore import QObject
    from PySide6.QtGui import QGuiApplication
    from kiosk.ui.app_window import add_control_panel, create_ui
    from kiosk.ui.controls import SimControls

    class Controller:
        def __init__(self):
            self.calls = []

        def connector_ids(self):
            return [1, 2]

        def __getattr__(self, name):
            if name.startswith("_"):
                raise AttributeError(name)
            return lambda *args: self.calls.append((name, *args))

    ctl = Controller()
    controls = SimControls(ctl)
    bridge = StationBridge()
    engine = create_ui(QGuiApplication.instance(), bridge, fullscreen=False,
                       size=(800, 480), dim_after_s=0)
    try:
        add_control_panel(engine, controls)
        assert len(engine.rootObjects()) == 2
        panel = engine.rootObjects()[1]
        panel.findChild(QObject, "panelTap").clicked.emit()
        controls.plug(2)
        controls.setPowerKw(1, 7.5)
        controls.raiseFault(1, True)
        controls.clearFault(1)
        controls.setTerminalOnline(False)
        controls.dropTerminalLink()
        controls.dropChargerLink()
        controls.restoreChargerLink()
        controls.unplug(2)
        assert ctl.calls == [("present_card", "visa", "auto"), ("plug", 2), ("set_power_kw", 1, 7.5),
                             ("raise_fault", 1, True), ("clear_fault", 1),
                             ("set_terminal_online", False), ("drop_terminal_link",),
                             ("drop_charger_link",), ("restore_charger_link",), ("unplug", 2)]
    finally:
        for w in engine.rootObjects():
            w.close()
        engine.deleteLater()


def test_station_mode_has_no_way_out_from_the_screen(harness):
    """Fullscreen, frameless, and neither Escape nor a close request (Alt+F4, a
    window manager's close) ends it; systemd's SIGTERM does (tests/ui/test_desktop.py)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QWindow
    from PySide6.QtTest import QTest

    from kiosk.ui.app_window import create_ui, kiosk_window
    engine = create_ui(QGuiApplication.instance(), StationBridge(), fullscreen=True,
                       size=(800, 480), dim_after_s=0)
    w = kiosk_window(engine)
    try:
        wait(50)
        assert w.visibility() == QWindow.FullScreen
        assert w.flags() & Qt.FramelessWindowHint
        QTest.keyClick(w, Qt.Key_Escape)
        QTest.keyClick(w, Qt.Key_F4, Qt.AltModifier)
        assert w.close() is False and w.isVisible()
    finally:
        w.setProperty("fullscreenMode", False)
        w.close()
        engine.deleteLater()


def test_a_failing_controller_call_shows_in_the_panel():
    from kiosk.ui.controls import SimControls

    class Broken:
        def connector_ids(self):
            return [1]

        def plug(self, cid):
            raise RuntimeError("charger simulator stopped")

    controls = SimControls(Broken())
    controls.plug(1)
    assert "charger simulator stopped" in controls.property("status")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_language_picker_lists_native_names_and_sends_the_choice(harness, size):
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest
    harness.render(fixtures.build("available"), size, languageOpen=True)
    names = [b.objectName() for b in harness.named("buttonLang_")]
    assert names == ["buttonLang_en", "buttonLang_nl", "buttonLang_de", "buttonLang_fr"]
    texts = harness.visible_texts()
    for native in ("English", "Nederlands", "Deutsch", "Français"):
        assert native in texts
    assert_fits(harness, "language_picker", size, modal=True)   # covers the screen on purpose
    harness.intents.clear()
    x, y, w, h = scene_rect(harness.named("buttonLang_de")[0])
    QTest.mouseClick(harness.window, Qt.LeftButton, Qt.NoModifier, QPoint(int(x + w / 2), int(y + h / 2)))
    wait(50)
    assert it.SetLanguage("de") in harness.intents
    assert harness.window.property("languageOpen") is False


def test_service_corner_needs_a_long_press(harness):
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest
    harness.render(fixtures.build("available"), (800, 480))
    QTest.mouseClick(harness.window, Qt.LeftButton, Qt.NoModifier, QPoint(10, 10))
    wait(50)
    assert harness.window.property("serviceMode") is False     # a tap is not enough
    harness.render(fixtures.build("available"), (800, 480), serviceMode=True)
    # No desk behind this harness, so no PIN is configured: the pad says how to set one.
    assert "No service PIN is set" in _texts(harness, "pinTitle")
    harness.render(fixtures.build("available"), (800, 480))
