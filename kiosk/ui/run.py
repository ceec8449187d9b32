"""The kiosk in a window: Qt on this (UI) thread under qasync, the backend on a
thread of its own with its own asyncio loop.

Snapshots cross to the UI through StationBridge.publish (a queued signal);
intents cross back through Backend.post (call_soon_threadsafe). Nothing else is
shared, so a busy UI thread never delays the terminal's keep-alive or a tap.
"""
from __future__ import annotations

import asyncio
import logging
import signal
import sys

from PySide6.QtGui import QGuiApplication

log = logging.getLogger("kiosk.ui")


def parse_size(text: str) -> tuple[int, int]:
    """'800x480' -> (800, 480); a clear error otherwise."""
    try:
        w, h = (int(x) for x in text.lower().split("x"))
        if w < 320 or h < 240:
            raise ValueError
        return w, h
    except ValueError:
        raise SystemExit(f"ev-kiosk: --size must look like 800x480 (at least 320x240), not {text!r}")


class Kiosk:
    """The backend thread, the bridge and the QML engine, started together."""

    def __init__(self, cfg, *, fullscreen: bool = False, size: tuple[int, int] = (1280, 800),
                 control_panel: bool = False, app: QGuiApplication | None = None,
                 emit=None, wire_log=None):
        from kiosk.app import BackendThread, ThreadSafeControls
        from kiosk.ui.app_window import create_ui
        from kiosk.ui.bridge import StationBridge
        from kiosk.ui.controls import SimControls

        self.app = app or QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
        self.app.setApplicationName("ev-kiosk")
        self.bridge = StationBridge()
        self.backend_thread = BackendThread(cfg, publish=self.bridge.publish, emit=emit,
                                            wire_log=wire_log)
        self.backend = self.backend_thread.start()
        self.bridge.set_send_intent(self.backend.post)
        self.controls = SimControls(ThreadSafeControls(self.backend)) if control_panel else None
        self.engine = create_ui(self.app, self.bridge, fullscreen=fullscreen, size=size,
                                controls=self.controls, theme=cfg.station.theme,
                                dim_after_s=int(cfg.timeouts.dim_after_s))

    def close(self) -> None:
        from PySide6.QtCore import QCoreApplication, QEvent
        self.backend_thread.stop()
        engine, self.engine = self.engine, None
        if engine is not None:
            # The engine and its bindings go before the bridge they read.
            for window in engine.rootObjects():
                window.close()
            engine.deleteLater()
            QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
            QCoreApplication.processEvents()


def run_window(cfg, *, fullscreen: bool, size: str = "1280x800", control_panel: bool = False) -> int:
    import qasync

    kiosk = Kiosk(cfg, fullscreen=fullscreen, size=parse_size(size), control_panel=control_panel)
    loop = qasync.QEventLoop(kiosk.app)
    asyncio.set_event_loop(loop)
    quit_requested = asyncio.Event()
    kiosk.app.aboutToQuit.connect(quit_requested.set)
    for sig in (signal.SIGINT, signal.SIGTERM):   # Ctrl+C in the demo's shell ends it
        try:
            loop.add_signal_handler(sig, kiosk.app.quit)
        except (NotImplementedError, RuntimeError):
            signal.signal(sig, lambda *_: kiosk.app.quit())
    try:
        with loop:
            loop.run_until_complete(quit_requested.wait())
    finally:
        kiosk.close()
    return 0
