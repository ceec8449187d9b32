"""Drive the whole kiosk (real QML offscreen, real backend thread, terminal and
charger simulators, real SQLite books) the way a driver and a car would.

The driver's side: clicks on the real QML buttons (found by objectName, clicked
at their centre in window coordinates). The car's and the card's side: the
simulators, always called on the backend thread's loop. Every wait is bounded
and waits on what the SCREEN shows (or on what the backend reported), never on
a sleep.
"""
from __future__ import annotations

import concurrent.futures
import copy
import gc
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest

from kiosk import config
from kiosk.psp.assumptions import UI_KEY_TEXT, UI_KEY_TITLE
from kiosk.ui.app_window import I18N_DIR
from kiosk.ui.harness import Harness, ensure_translations, scene_rect

# Prices that are easy to check by hand: 1.00 per kWh and nothing else.
FLAT_TARIFF = {"energy_per_kwh": 100, "time_per_minute": 0, "session_fee": 0,
               "idle_fee_per_minute": 0, "idle_grace_minutes": 0, "idle_fee_cap": 0}
WAIT_MS = 10_000


def merge(base: dict, over: dict) -> dict:
    out = copy.deepcopy(base)
    for k, v in over.items():
        out[k] = merge(out.get(k, {}), v) if isinstance(v, dict) else v
    return out


def flow_config(tmp_path: Path, overrides: dict | None = None) -> config.Config:
    data = merge({"station": {"data_dir": str(tmp_path), "name": "Flow test station"},
                  "terminal": {"url": "sim"},
                  "charger": {"connectors": 2, "time_scale": 120},
                  "tariff": FLAT_TARIFF,
                  "timeouts": {"receipt_s": 3, "declined_s": 2, "dim_after_s": 600}},
                 overrides or {})
    return config.from_mapping(data, "<test_flows>")


def qt_translation(source: str, lang: str) -> str:
    """The translation of a qsTr() source text in assets/i18n/kiosk_<lang>.ts."""
    tree = ET.parse(I18N_DIR / f"kiosk_{lang}.ts")
    for message in tree.iter("message"):
        if message.findtext("source") == source:
            text = message.findtext("translation") or ""
            if text:
                return text
    raise KeyError(f"no {lang} translation of {source!r}")


def decode_qr(image: QImage) -> list[str]:
    """zxing-cpp on a plain greyscale buffer (as tests/ui/test_screens.py does)."""
    import zxingcpp
    g = image.convertToFormat(QImage.Format_Grayscale8)
    w, h, bpl = g.width(), g.height(), g.bytesPerLine()
    raw = bytes(g.constBits())[:bpl * h]
    rows = b"".join(raw[y * bpl:y * bpl + w] for y in range(h))
    return [b.text for b in zxingcpp.read_barcodes(memoryview(rows).cast("B", (h, w)))]


def money(amount: int) -> str:
    """An amount as the English screen writes it, by hand (not pricing.format_money):
    1234 -> "€12.34". Amounts in these flows stay below €1,000 (no thousands mark)."""
    assert 0 <= amount < 100_000
    return f"€{amount // 100}.{amount % 100:02d}"


def energy_only(energy_wh: int) -> int:
    """FLAT_TARIFF by hand: 1.00/kWh is 0.1 cent per Wh, rounded half up once
    (1,234 Wh = 123.4 -> €1.23; 1,235 Wh = 123.5 -> €1.24); VAT included."""
    return (energy_wh * 100 + 500) // 1000


class Flow:
    """One running kiosk (kiosk.ui.run.Kiosk) and the hands to drive it."""

    # Harness.find and .named only use `self.window` and `self.items`.
    find = Harness.find
    named = Harness.named

    def __init__(self, qtbot, cfg: config.Config, *, wire_log: Callable | None = None,
                 control_panel: bool = False):
        from kiosk.app import ThreadSafeControls
        from kiosk.ui.run import Kiosk
        ensure_translations()
        self.qtbot = qtbot
        self.cfg = cfg
        self.events: list[dict] = []          # the journey's events, from the backend thread
        self._events_lock = threading.Lock()
        self.kiosk = Kiosk(cfg, size=(800, 480), control_panel=control_panel, emit=self._on_event,
                           wire_log=wire_log)
        self.bridge = self.kiosk.bridge
        self.backend = self.kiosk.backend
        self.sim = self.backend.sim
        self.window = self.kiosk.engine.rootObjects()[0]
        self.controls = ThreadSafeControls(self.backend)
        self.frames = 0                       # frames the window has swapped (see click())
        self.window.frameSwapped.connect(self._count_frame)

    def _count_frame(self) -> None:
        self.frames += 1

    def close(self) -> None:
        self.kiosk.close()
        # Free every wrapper of the gone engine's items now (see items()).
        gc.collect()

    # ------------------------------------------------------------ the scene

    def items(self) -> list:
        """Every visible item of the kiosk window (as Harness.items).

        Unlike Harness.visible_texts this never calls item.metaObject(). With a
        QML engine per test, about one run of this file in eight then failed:
        childItems() handed back a QMetaObject wrapper for a live item
        ("'QMetaObject' object has no attribute 'isVisible'"). The wrapper, from
        an earlier metaObject() call, was kept alive by the wrapper of an item
        QML had since deleted, and PySide6 6.12 matched it by address to a new
        item allocated where the freed meta-object had been. Without
        metaObject() calls (and with gc.collect() when a kiosk closes) over 30
        runs in a row passed, some of them on a loaded machine."""
        out: list = []

        def walk(item) -> None:
            for child in item.childItems():
                if child.isVisible() and child.opacity() > 0:
                    out.append(child)
                    walk(child)
        walk(self.window.contentItem())
        return out

    def visible_texts(self) -> list[str]:
        """The text of every visible Text item (only Text items have lineCount)."""
        return [text for i in self.items()
                if i.property("lineCount") is not None and (text := i.property("text"))]

    # ------------------------------------------------------------ backend side

    def _on_event(self, event: dict) -> None:
        event = {**event, "mono": time.monotonic()}
        with self._events_lock:
            self.events.append(event)

    def find_events(self, name: str, **match: Any) -> list[dict]:
        with self._events_lock:
            events = list(self.events)
        return [e for e in events if e.get("event") == name
                and all(e.get(k) == v for k, v in match.items())]

    def wait_event(self, name: str, timeout: int = WAIT_MS, **match: Any) -> dict:
        self.until(lambda: self.find_events(name, **match), f"event {name} {match}", timeout)
        return self.find_events(name, **match)[0]

    def on_backend(self, fn: Callable[[], Any], timeout: float = 5.0) -> Any:
        """Run fn on the backend loop (where the simulators live); its result."""
        done: concurrent.futures.Future = concurrent.futures.Future()

        def run():
            try:
                done.set_result(fn())
            except BaseException as e:      # handed to the test thread
                done.set_exception(e)
        self.backend.loop.call_soon_threadsafe(run)
        return done.result(timeout)

    def tap(self, card: str = "visa", outcome: str | None = None,
            when: Callable[[], bool] | None = None, timeout: int = WAIT_MS) -> None:
        """Present a card at the terminal as soon as it waits for one (and `when`,
        checked on the backend loop, holds)."""
        from kiosk.sim.terminal import CARDS, Outcome
        chosen = Outcome.parse(outcome) if outcome else None

        def attempt() -> bool:
            if when is not None and not when():
                return False
            return self.sim.present_card(CARDS[card], chosen)
        self.until(lambda: self.on_backend(attempt), f"the terminal taking a {card} tap", timeout)

    def sessions(self) -> list:
        """The terminal simulator's books: every session it authorized."""
        return self.on_backend(lambda: [copy.copy(s) for s in self.sim.sessions.values()])

    def terminal_display(self) -> dict[str, str]:
        """What the Apollo display shows (the last UI Request's key/values)."""
        return self.on_backend(lambda: dict(self.sim.display))

    def terminal_title(self) -> str:
        return self.terminal_display().get(UI_KEY_TITLE, "")

    def terminal_text(self) -> str:
        return self.terminal_display().get(UI_KEY_TEXT, "")

    # ------------------------------------------------------------ screen side

    def until(self, predicate: Callable[[], Any], what: str, timeout: int = WAIT_MS) -> None:
        try:
            self.qtbot.waitUntil(lambda: bool(predicate()), timeout=timeout)
        except Exception as e:                      # pytestqt TimeoutError
            raise AssertionError(f"{what}: not within {timeout} ms\n{self.trace()}") from e

    def trace(self) -> str:
        with self._events_lock:
            events = "\n".join(str({k: v for k, v in e.items() if k != "mono"})
                               for e in self.events[-12:])
        return (f"screen={self.screen!r} title={self.titles()!r}\n"
                f"texts={self.visible_texts()[:25]!r}\nlast events:\n{events}")

    @property
    def screen(self) -> str:
        return self.bridge.property("screen")

    @property
    def current(self) -> dict:
        return self.bridge.property("current") or {}

    def titles(self) -> list[str]:
        return [i.property("text") for i in self.items() if i.objectName() == "promptTitle"]

    def texts_of(self, object_name: str) -> list[str]:
        return [i.property("text") for i in self.items() if i.objectName() == object_name]

    def shows(self, text: str) -> bool:
        return any(text in t for t in self.visible_texts())

    def wait_screen(self, screen: str, title: str | None = None, timeout: int = WAIT_MS) -> None:
        """Until the bridge routes to `screen` and its title (if given) is on screen."""
        self.until(lambda: self.screen == screen and (title is None or title in self.titles()),
                   f"screen {screen!r} with title {title!r}", timeout)

    def wait_text(self, text: str, timeout: int = WAIT_MS) -> None:
        self.until(lambda: self.shows(text), f"{text!r} on screen", timeout)

    def wait_ready(self) -> None:
        """The kiosk is up: the terminal is ready and the idle screen is drawn."""
        self.until(lambda: self.bridge.property("terminalState") == "ready"
                   and self.screen == "home" and self.button("priceEnergy") is not None,
                   "terminal ready, idle screen with prices")

    def button(self, object_name: str):
        """A visible item by objectName (visible: drawn, not faded out)."""
        found = [i for i in self.items() if i.objectName() == object_name]
        return found[0] if found else None

    def click(self, object_name: str, timeout: int = WAIT_MS) -> None:
        """Tap a button like a driver: at its centre, once it is on screen, enabled
        and drawn where it stays. A screen's items exist before its layout has
        placed them (that happens just before the next frame): a click at the
        rect read in between landed elsewhere (a flake under load). So the rect
        must be the same before and after a frame the window has swapped."""
        seen: dict[str, Any] = {}

        def settled() -> bool:
            b = self.button(object_name)
            if b is None or not b.property("enabled"):
                seen.clear()
                return False
            rect = scene_rect(b)
            if rect[2] <= 0 or rect[3] <= 0 or seen.get("rect") != rect:
                seen.update(rect=rect, frame=self.frames)
                self.window.update()          # a still scene draws no frame by itself
                return False
            return self.frames > seen["frame"]
        self.until(settled, f"button {object_name} on screen, enabled and laid out", timeout)
        x, y, w, h = scene_rect(self.button(object_name))
        QTest.mouseClick(self.window, Qt.LeftButton, Qt.NoModifier,
                         QPoint(int(x + w / 2), int(y + h / 2)))

    def stat(self, tile: str) -> str:
        """The value text of a StatTile (statEnergy, statCost, ...)."""
        from PySide6.QtCore import QObject
        item = self.button(tile)
        if item is None:
            return ""
        value = item.findChild(QObject, "statValue")
        return value.property("text") if value is not None else ""

    def grab(self) -> QImage:
        return self.window.grabWindow()
