"""Render the real kiosk QML offscreen, for screenshots and UI tests.

    with Harness() as h:
        image = h.render(fixtures.build("charging"), (800, 480))
        h.find("promptTitle").property("text")

Set QT_QPA_PLATFORM=offscreen before Qt starts (tools/screenshots.py and
tests/ui/conftest.py do).
"""
from __future__ import annotations

from pathlib import Path

from kiosk.ui import pyside  # noqa: F401,I001  (first: PySide6 without its per-import source scan)
from PySide6.QtCore import (QCoreApplication, QElapsedTimer, QEvent, QEventLoop, QObject, QRectF,
                            QSize, QTimer)
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtQuick import QQuickItem

from kiosk.journey.snapshot import StationView
from kiosk.ui.app_window import I18N_DIR, create_ui, kiosk_window
from kiosk.ui.bridge import StationBridge


def wait(ms: int) -> None:
    """Run the event loop for `ms` milliseconds."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def ensure_translations(i18n_dir: Path = I18N_DIR) -> None:
    """Build missing .qm files from the .ts sources (what `make translations`
    does), so screenshots and tests work from a clean checkout."""
    import shutil
    import subprocess
    import sys
    tool = shutil.which("pyside6-lrelease") or str(Path(sys.executable).with_name("pyside6-lrelease"))
    for ts in sorted(i18n_dir.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        if not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime:
            subprocess.run([tool, "-silent", str(ts), "-qm", str(qm)], check=False)


class Harness:
    def __init__(self, theme: str = "dark", size: tuple[int, int] = (800, 480)):
        self.app = QGuiApplication.instance() or QGuiApplication([])
        ensure_translations()
        self.intents: list = []
        self.bridge = StationBridge(self.intents.append)
        from kiosk.ui.service_bridge import ServiceBridge
        self.service = ServiceBridge()
        self.engine = create_ui(self.app, self.bridge, fullscreen=False, size=size,
                                theme=theme, dim_after_s=0, motion=False, service=self.service)
        self.window = kiosk_window(self.engine)

    def __enter__(self) -> "Harness":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        # The engine (and its bindings) must go before the bridge they read.
        self.window.close()
        self.engine.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
        QCoreApplication.processEvents()

    def show(self, view: StationView, size: tuple[int, int] | None = None,
             settle_ms: int = 350, **window_props) -> None:
        """window_props: Main.qml state to set, e.g. languageOpen=True, serviceMode=True
        (always reset to False for the next render unless given)."""
        if size is not None and (self.window.width(), self.window.height()) != size:
            self.window.resize(QSize(*size))
            wait(50)
        self.bridge.apply_now(view)
        for name in ("languageOpen", "serviceMode"):
            self.window.setProperty(name, bool(window_props.get(name, False)))
        self.settle(settle_ms)

    def settle(self, within_ms: int = 350) -> None:
        """Let the new screen settle: loaded, faded in, no image still loading. Waits on
        that (bounded by within_ms) rather than a fixed time: with motion off the fade
        takes no time, and a fixed 350 ms was most of every render of the UI tests."""
        timer = QElapsedTimer()
        timer.start()
        wait(min(within_ms, 20))   # the queued bindings, the Loader and the first polish
        while timer.elapsed() < within_ms and not self._settled():
            wait(10)

    def _settled(self) -> bool:
        loader = self.find("screenLoader")
        screen = loader.property("item") if loader is not None else None
        if screen is None or loader.property("progress") < 1.0 or screen.opacity() < 1.0:
            return False
        return not any(i.metaObject().className().startswith("QQuickImage")
                       and i.property("progress") < 1.0 and i.property("source").toString()
                       for i in self.items())

    def grab(self) -> QImage:
        return self.window.grabWindow()

    def render(self, view: StationView, size: tuple[int, int] | None = None,
               **window_props) -> QImage:
        self.show(view, size, **window_props)
        # Nested layouts can need a second polish pass (a Layout sizes a Column,
        # which then lays out its Flow): let a frame go by before the real grab.
        self.grab()
        wait(30)
        return self.grab()

    # ------------------------------------------------------------ inspection

    def find(self, object_name: str) -> QObject | None:
        return self.window.findChild(QObject, object_name)

    def items(self) -> list[QQuickItem]:
        """Every visible item of the kiosk window's scene."""
        out: list[QQuickItem] = []

        def walk(item: QQuickItem) -> None:
            for child in item.childItems():
                if child.isVisible() and child.opacity() > 0:
                    out.append(child)
                    walk(child)
        walk(self.window.contentItem())
        return out

    def visible_texts(self) -> list[str]:
        return [i.property("text") for i in self.items()
                if i.metaObject().className().startswith("QQuickText")
                and i.property("text")]

    def named(self, prefix: str) -> list[QQuickItem]:
        return [i for i in self.items() if i.objectName().startswith(prefix)]


def scene_rect(item: QQuickItem) -> tuple[float, float, float, float]:
    """(x, y, w, h) of an item in window coordinates (scales included)."""
    r = item.mapRectToScene(QRectF(0, 0, item.width(), item.height()))
    return r.x(), r.y(), r.width(), r.height()


def ancestors(item: QQuickItem, top: QQuickItem) -> list[QQuickItem]:
    """The item and its parents up to (not including) `top` (the window's
    content item). Never calls parentItem() on the top item, nor item.window():
    in PySide 6.12 the first returns a None it does not own (the interpreter
    crashes at exit) and the second can delete the window with its wrapper."""
    out: list[QQuickItem] = []
    while item is not None and item != top:
        out.append(item)
        item = item.parentItem()
    return out
