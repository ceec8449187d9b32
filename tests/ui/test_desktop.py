"""`make demo` on a desktop, for real.

The kiosk runs as its own process (the console script's path, the embedded
demo) in real X11 windows on Xvfb through Qt's xcb plugin, and a whole session
is walked by clicking its simulator control panel with xdotool: tap a card,
plug in, charge, tap the same card to stop, unplug, receipt. The receipt QR is
read back from a screenshot of the X window (xwd) and compared with the books;
then SIGTERM closes the kiosk cleanly.

Where the panel's buttons are is not hard-coded: the same ControlPanel.qml is
rendered offscreen here at the real window's size and the buttons found by
objectName. Skips when Xvfb, xdotool, xwd or xwdtopnm is missing, or Qt's xcb
plugin cannot load (.ci/run installs what it needs).
"""
from __future__ import annotations

import os
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ("Xvfb", "xdotool", "xwd", "xwdtopnm")
STEP_S = 10            # the longest any single step may take


def _require_desktop() -> None:
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        pytest.skip(f"no {', '.join(missing)} here (Debian: xvfb xdotool x11-apps netpbm)")
    from kiosk.ui.run import missing_xcb_library
    lib = missing_xcb_library()
    if lib:
        pytest.skip(f"Qt's xcb plugin cannot load: {lib} is missing")


@pytest.fixture
def display():
    _require_desktop()
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1920x1200x24",
                             "-nolisten", "tcp"], pass_fds=(write_fd,),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    os.close(write_fd)
    try:
        ready, _, _ = select.select([read_fd], [], [], STEP_S)
        number = os.read(read_fd, 32).decode().strip() if ready else ""
        if not number:
            pytest.fail(f"Xvfb gave no display within {STEP_S} s: {xvfb.stderr.read1(2000)!r}"
                        if xvfb.poll() is not None else f"Xvfb gave no display within {STEP_S} s")
        yield f":{number}"
    finally:
        os.close(read_fd)
        xvfb.terminate()
        try:
            xvfb.wait(STEP_S)
        except subprocess.TimeoutExpired:
            xvfb.kill()


class Desktop:
    def __init__(self, display: str):
        self.env = {k: v for k, v in os.environ.items()
                    if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
        self.env["DISPLAY"] = display

    def xdo(self, *args: str) -> str:
        return subprocess.run(["xdotool", *args], env=self.env, capture_output=True, text=True,
                              timeout=STEP_S).stdout

    def window(self, name: str) -> str:
        """The id of the visible window titled exactly `name` (waits for it)."""
        end = time.monotonic() + 3 * STEP_S
        while time.monotonic() < end:
            ids = self.xdo("search", "--onlyvisible", "--name", f"^{name}$").split()
            if ids:
                return ids[0]
            time.sleep(0.2)
        raise AssertionError(f"no window {name!r} appeared")

    def geometry(self, win: str) -> dict[str, int]:
        out = self.xdo("getwindowgeometry", "--shell", win)
        return {k: int(v) for k, v in (line.split("=") for line in out.split()) if k != "SCREEN"}

    def click(self, win: str, point: tuple[float, float]) -> None:
        g = self.geometry(win)
        self.xdo("mousemove", "--sync", str(int(g["X"] + point[0])), str(int(g["Y"] + point[1])),
                 "click", "1")

    def screenshot(self, win: str):
        from PySide6.QtGui import QImage
        xwd = subprocess.run(["xwd", "-id", win, "-silent"], env=self.env, capture_output=True,
                             timeout=STEP_S, check=True).stdout
        ppm = subprocess.run(["xwdtopnm"], input=xwd, capture_output=True, timeout=STEP_S,
                             check=True).stdout
        image = QImage.fromData(ppm, "PPM")
        assert not image.isNull(), "the X window's screenshot did not decode"
        return image


def panel_buttons(size: tuple[int, int]) -> dict[str, tuple[float, float]]:
    """Centre of each named panel button, from ControlPanel.qml rendered here
    (offscreen) at the real panel's size."""
    from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSize
    from PySide6.QtGui import QGuiApplication

    from kiosk.ui.app_window import add_control_panel, create_ui
    from kiosk.ui.bridge import StationBridge
    from kiosk.ui.controls import SimControls
    from kiosk.ui.harness import scene_rect, wait

    class Idle:                      # the panel only asks for the connectors here
        def connector_ids(self):
            return [1, 2]

    bridge = StationBridge()
    controls = SimControls(Idle())
    engine = create_ui(QGuiApplication.instance(), bridge, fullscreen=False, size=(800, 480),
                       dim_after_s=0)
    try:
        add_control_panel(engine, controls)
        panel = engine.rootObjects()[1]
        panel.resize(QSize(*size))
        wait(100)
        out = {}
        for name in ("panelTap", "panelPlug", "panelUnplug"):
            x, y, w, h = scene_rect(panel.findChild(QObject, name))
            out[name] = (x + w / 2, y + h / 2)
        return out
    finally:
        # The engine and its bindings go before the bridge and controls they read.
        for w in engine.rootObjects():
            w.close()
        engine.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
        QCoreApplication.processEvents()


def poll(db: Path, sql: str, timeout: float = STEP_S):
    """The first row of `sql` on the kiosk's books once there is one (read only)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if db.exists():
            try:
                with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as con:
                    row = con.execute(sql).fetchone()
                if row is not None:
                    return row
            except sqlite3.OperationalError:       # not created yet
                pass
        time.sleep(0.1)
    return None


def test_a_whole_session_in_real_x11_windows(display, tmp_path, qapp):
    from kiosk import config
    from kiosk.receipts.model import receipt_url
    from tests.ui.flow_helpers import decode_qr

    desk = Desktop(display)
    log = (tmp_path / "kiosk.log").open("w")
    kiosk = subprocess.Popen([sys.executable, "-m", "kiosk.cli", "--data-dir", str(tmp_path),
                              "--size", "1280x800"], cwd=ROOT, env=desk.env,
                             stdout=log, stderr=subprocess.STDOUT)
    db = tmp_path / "books.sqlite3"
    try:
        panel = desk.window("Simulator controls")
        station = desk.window(config.embedded_demo().station.name)
        g = desk.geometry(panel)
        buttons = panel_buttons((g["WIDTH"], g["HEIGHT"]))

        # A card on the terminal (again if the terminal was still coming up).
        payment = None
        for _ in range(3):
            desk.click(panel, buttons["panelTap"])
            payment = poll(db, "SELECT id FROM payments WHERE state = 'authorized'", 5)
            if payment:
                break
        assert payment, "no payment was authorized after tapping the card"
        desk.click(panel, buttons["panelPlug"])
        assert poll(db, "SELECT id FROM sessions WHERE energy_wh > 0"), "charging never started"
        desk.click(panel, buttons["panelTap"])                # the same card stops it
        # Stopped: the bay is still occupied ("idle", the idle fee's time) until unplugged.
        assert poll(db, "SELECT id FROM sessions WHERE state IN ('idle', 'ended')"), \
            "the session never stopped"
        desk.click(panel, buttons["panelUnplug"])
        final = poll(db, "SELECT final_amount FROM payments WHERE state = 'committed'")
        assert final and final[0] > 0, "the payment was never committed"
        token, total = poll(db, "SELECT token, json_extract(data_json, '$.breakdown.total') "
                                "FROM receipts")
        assert total == final[0]

        url = receipt_url(config.embedded_demo().station.receipt_base_url, token)
        seen: list[str] = []
        end = time.monotonic() + STEP_S
        while time.monotonic() < end and url not in seen:
            seen = decode_qr(desk.screenshot(station))
            time.sleep(0.3)
        assert seen == [url]

        kiosk.send_signal(signal.SIGTERM)
        assert kiosk.wait(STEP_S) == 0
    finally:
        if kiosk.poll() is None:
            kiosk.kill()
            kiosk.wait(STEP_S)
        log.close()
    output = (tmp_path / "kiosk.log").read_text()
    assert ".qml:" not in output and "Traceback" not in output, output[-3000:]
