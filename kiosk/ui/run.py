"""The kiosk in a window: Qt on this (UI) thread under qasync, the backend on a
thread of its own with its own asyncio loop.

Snapshots cross to the UI through StationBridge.publish (a queued signal);
intents cross back through Backend.post (call_soon_threadsafe). Nothing else is
shared, so a busy UI thread never delays the terminal's keep-alive or a tap.

Start order: the backend starts on its own thread at once (its imports are
most of the start-up) while this thread loads the QML and draws the first
frame, which is the attract screen when the backend is quick, "Starting…" while
it is not; then the demo's control panel, then qasync's loop.
"""
from __future__ import annotations

import logging
import os
import signal
import sys
import time
from pathlib import Path

from kiosk.ui import pyside  # noqa: F401,I001  (first: PySide6 without its per-import source scan)
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


OUT_OF_SERVICE_SHOWN_S = 5.0   # the out-of-service screen, before the process exits
FIRST_FRAME_WAIT_S = 2.0   # a window that never renders (hidden, no screen) must not hold the backend back
STARTING_AFTER_S = 1.0     # the terminal not up yet (a slow link): show the screen as it is meanwhile
# While the backend thread imports and starts, every QML binding that reads the
# bridge waits for the GIL; at Python's default 5 ms switch interval that
# tripled the QML load (35 -> ~110 ms). 0.5 ms hands it over sooner; it stays
# low so a tap's snapshot reaches the screen just as quickly when both are busy.
GIL_SWITCH_S = 0.0005


class Kiosk:
    """The backend thread and the QML window side by side, then the control panel.

    The backend's imports (asyncio, the PSP client, the journey, the books) and
    bring-up take about as long as loading the QML; one after the other they
    doubled the wait for the attract screen, side by side on two cores (the
    QML engine and the renderer release the GIL) they overlap.
    `timeline` keeps when each step ended (time.monotonic), logged once.
    """

    def __init__(self, cfg, *, fullscreen: bool = False, size: tuple[int, int] = (1280, 800),
                 control_panel: bool = False, app: QGuiApplication | None = None,
                 emit=None, wire_log=None, observe=None):
        t0 = time.monotonic()
        from kiosk.ui.app_window import add_control_panel, create_ui, kiosk_window
        from kiosk.ui.bridge import StationBridge
        from kiosk.ui.service_bridge import ServiceBridge
        from kiosk.ui.renderer import choose, note_active

        self.renderer = choose(cfg.display.renderer)     # before the first window exists
        sys.setswitchinterval(min(sys.getswitchinterval(), GIL_SWITCH_S))
        self.app = app or QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
        self.app.setApplicationName("ev-kiosk")
        self.bridge = StationBridge()
        self.service = ServiceBridge()
        publish = self.bridge.publish
        if observe is not None:          # also sees every snapshot, on the backend thread
            def publish(view, show=self.bridge.publish):
                show(view)
                observe(view)
        starter = _BackendStarter(cfg, publish=publish, emit=emit, wire_log=wire_log)
        self.engine = create_ui(self.app, self.bridge, fullscreen=fullscreen, size=size,
                                theme=cfg.station.theme,
                                dim_after_s=int(cfg.timeouts.dim_after_s),
                                rotation=cfg.display.rotation, shown=False,
                                service=self.service, service_idle_s=cfg.service.idle_s)
        if fullscreen:       # a touch panel: no pointer drawn over the screen
            from PySide6.QtCore import Qt
            from PySide6.QtGui import QCursor
            self.app.setOverrideCursor(QCursor(Qt.BlankCursor))
        self.timeline = {"start": t0, "window": time.monotonic()}
        # The first frame shows the attract screen with the terminal waiting for
        # a card, not a "Starting…" drawn only to be replaced a moment later
        # (unless the terminal takes longer than STARTING_AFTER_S to come up).
        wait_until(lambda: starter.failed() or (
            self.bridge.ready and self.bridge.terminalState == "ready"), STARTING_AFTER_S,
            wake=self.bridge.changed)
        kiosk_window(self.engine).setProperty("shown", True)
        if wait_first_frame(kiosk_window(self.engine), FIRST_FRAME_WAIT_S):
            self.timeline["first_frame"] = time.monotonic()
        note_active(kiosk_window(self.engine))

        self.backend_thread, self.backend = starter.result()
        self.timeline.update(starter.timeline)
        self.bridge.set_send_intent(self.backend.post)
        self.backend.service.renderer = str(self.renderer)
        self.service.set_desk(self.backend.service, self.backend.loop, cfg.tariff.currency,
                              cfg.tariff.minor_units)
        self.timeline["backend"] = time.monotonic()
        self.controls = None
        if control_panel:
            from kiosk.app import ThreadSafeControls
            from kiosk.ui.controls import SimControls
            self.controls = SimControls(ThreadSafeControls(self.backend))
            add_control_panel(self.engine, self.controls, cfg.station.theme)
        ms = {k: round(1000 * (t - t0)) for k, t in self.timeline.items() if k != "start"}
        log.info("ui: window loaded at %s ms, first frame at %s ms, backend running at %s ms; "
                 "renderer %s", ms["window"], ms.get("first_frame", "(none yet)"), ms["backend"],
                 self.renderer)

    def close(self) -> None:
        from PySide6.QtCore import QCoreApplication, QEvent
        self.service.detach()                 # before the backend loop stops and closes
        self.backend_thread.stop()
        self.bridge.set_language_hook(None)   # a last queued snapshot must not reach a gone engine
        engine, self.engine = self.engine, None
        if engine is not None:
            # The engine and its bindings go before the bridge they read.
            for window in engine.rootObjects():
                window.close()
            engine.deleteLater()
            QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
            QCoreApplication.processEvents()


class _BackendStarter:
    """Imports and starts the backend (kiosk.app.BackendThread) on a thread of
    its own, so the UI thread can load the QML meanwhile; result() waits."""

    def __init__(self, cfg, **kwargs):
        import threading
        self._cfg, self._kwargs = cfg, kwargs
        self._out: tuple | None = None
        self._error: BaseException | None = None
        self.timeline: dict[str, float] = {}     # backend_imported, backend_started
        self._thread = threading.Thread(target=self._run, name="backend-start", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            from kiosk.app import BackendThread
            self.timeline["backend_imported"] = time.monotonic()
            backend_thread = BackendThread(self._cfg, **self._kwargs)
            self._out = (backend_thread, backend_thread.start())
            self.timeline["backend_started"] = time.monotonic()
        except BaseException as e:      # raised again on the UI thread by result()
            self._error = e

    def failed(self) -> bool:
        return self._error is not None

    def result(self, timeout_s: float = 20.0):
        """(BackendThread, Backend) once the backend runs; its start error if it failed."""
        self._thread.join(timeout_s)
        if self._error is not None:
            raise self._error
        if self._out is None:
            raise RuntimeError(f"the backend did not start within {timeout_s:.0f} s")
        return self._out


def wait_until(predicate, timeout_s: float, wake=None, step_ms: int = 50) -> bool:
    """Run the Qt event loop until predicate() is true or for at most timeout_s;
    returns predicate(). It is checked whenever `wake` (a signal) fires, and
    every step_ms: polling faster would take the GIL from the backend thread
    hundreds of times a second while it starts."""
    from PySide6.QtCore import QEventLoop, QTimer
    if predicate():
        return True
    loop = QEventLoop()

    def check() -> None:
        if predicate():
            loop.quit()
    poll = QTimer(interval=step_ms)
    poll.timeout.connect(check)
    deadline = QTimer(singleShot=True, interval=int(timeout_s * 1000))
    deadline.timeout.connect(loop.quit)
    if wake is not None:
        wake.connect(check)
    poll.start()
    deadline.start()
    loop.exec()
    poll.stop()
    deadline.stop()
    if wake is not None:
        wake.disconnect(check)
    return bool(predicate())


def wait_first_frame(window, timeout_s: float) -> bool:
    """Run the Qt event loop until `window` has swapped its first frame (True),
    or for at most timeout_s (False)."""
    from PySide6.QtCore import QEventLoop, QTimer
    loop = QEventLoop()
    timer = QTimer(singleShot=True, interval=int(timeout_s * 1000))
    timer.timeout.connect(loop.quit)
    # From the render thread this connection is queued onto this one.
    window.frameSwapped.connect(loop.quit)
    timer.start()
    loop.exec()
    window.frameSwapped.disconnect(loop.quit)
    return timer.isActive()     # still running: the frame, not the timeout, ended the wait


XCB_PACKAGES = ("libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 "
                "libxcb-shape0 libxcb-randr0 libxcb-xkb1 libxkbcommon-x11-0")


def xcb_plugin() -> Path:
    import PySide6
    return Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"


def missing_xcb_library(plugin: Path | None = None) -> str | None:
    """Why Qt's X11 platform plugin cannot load (a system library it needs is
    missing), or None. Qt itself would abort with "could not load the Qt
    platform plugin" and no name; loading the plugin here names the library."""
    import ctypes
    plugin = plugin or xcb_plugin()
    if not plugin.exists():
        return None             # not a Linux wheel: nothing to check
    try:
        ctypes.CDLL(str(plugin))
    except OSError as e:
        return str(e).split(":")[0].strip() if "cannot open shared object" in str(e) else str(e)
    return None


def _uses_xcb() -> bool:
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform.startswith("xcb")
    return sys.platform.startswith("linux") and bool(os.environ.get("DISPLAY")) \
        and not os.environ.get("WAYLAND_DISPLAY")


def run_window(cfg, *, fullscreen: bool, size: str = "1280x800", control_panel: bool = False,
               scenario=None) -> int:
    if _uses_xcb():
        missing = missing_xcb_library()
        if missing:
            print(f"ev-kiosk: cannot open a window on this X display: Qt's xcb plugin needs "
                  f"{missing}, which is not installed.\n  Debian/Ubuntu: sudo apt install "
                  f"{XCB_PACKAGES}\n  (or unset DISPLAY: `make demo` then runs headless)",
                  file=sys.stderr)
            return 3
    from kiosk import sdnotify
    kiosk = Kiosk(cfg, fullscreen=fullscreen, size=parse_size(size), control_panel=control_panel,
                  observe=sdnotify.StatusReporter())
    if scenario is not None:          # a bench scenario played on the screen (trade shows, tests)
        import asyncio

        from kiosk.scenario import play
        asyncio.run_coroutine_threadsafe(
            play(scenario, kiosk.backend.controls, lambda ev: log.info("scenario: %s", ev)),
            kiosk.backend.loop)
    return serve(kiosk)


def serve(kiosk: Kiosk) -> int:
    """Run the kiosk until SIGTERM, SIGINT or the last window closes; then stop
    the backend (books closed) and return 0. Under systemd: READY=1 once the
    first frame is drawn and the backend runs, then the two-thread watchdog."""
    import asyncio

    from kiosk import sdnotify
    from kiosk.ui.eventloop import qasync
    loop = qasync().QEventLoop(kiosk.app)
    asyncio.set_event_loop(loop)
    quit_requested = asyncio.Event()
    kiosk.app.aboutToQuit.connect(quit_requested.set)
    kiosk.service.quitRequested.connect(quit_requested.set)    # service mode's System page
    # SIGTERM (systemctl stop) and SIGINT (Ctrl+C) go straight to the shutdown
    # below: app.quit() would first ask each window to close, and the station
    # window refuses, so Qt would cancel the quit.
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, quit_requested.set)
    watchdog = None

    def ready() -> None:
        nonlocal watchdog
        sdnotify.notify("READY=1")
        interval = sdnotify.watchdog_interval()
        if interval:
            watchdog = sdnotify.Watchdog(interval, {
                "UI": loop.call_soon_threadsafe,            # runs on the Qt thread
                "backend": kiosk.backend.loop.call_soon_threadsafe}).start()

    if "first_frame" in kiosk.timeline:
        ready()
    else:                # the screen took longer than FIRST_FRAME_WAIT_S: ready at its first frame
        from kiosk.ui.app_window import kiosk_window
        window = kiosk_window(kiosk.engine)

        def first_frame():
            window.frameSwapped.disconnect(first_frame)
            kiosk.timeline["first_frame"] = time.monotonic()
            ready()
        window.frameSwapped.connect(first_frame)
    failed = []

    def out_of_service() -> None:   # a backend task could not be restarted (supervisor.py)
        failed.append(True)
        loop.call_later(OUT_OF_SERVICE_SHOWN_S, quit_requested.set)

    kiosk.backend_thread.on_failed = lambda: loop.call_soon_threadsafe(out_of_service)
    if kiosk.backend.failed.is_set():   # failed before it could be told
        loop.call_soon(out_of_service)
    try:
        with loop:
            loop.run_until_complete(quit_requested.wait())
    finally:
        sdnotify.notify("STOPPING=1")
        if watchdog:
            watchdog.stop()
        kiosk.close()
        asyncio.set_event_loop(None)
    if failed:
        from kiosk.supervisor import EXIT_FAILED
        return EXIT_FAILED    # systemd starts the kiosk afresh; it reconciles on the books
    return 0
