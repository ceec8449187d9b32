"""systemd's notify protocol, spoken to a NOTIFY_SOCKET this test owns.

The kiosk runs in a child process (the real Kiosk and serve() of kiosk/ui/run.py,
offscreen, on the embedded simulators) with WATCHDOG_USEC set as systemd would
(WatchdogSec=0.4 -> a ping every 0.2 s). A script thread in the child freezes
the backend's asyncio loop, later the Qt UI thread, each for 1.5 s with a real
blocking call, drops the terminal link, and finally sends the process SIGTERM.
Both processes stamp with the system-wide monotonic clock, so the datagrams
received here are set against what the child did, and when."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtQuick")

ROOT = Path(__file__).resolve().parents[2]
INTERVAL = 0.2          # half of WatchdogSec=0.4
FREEZE_S = 1.5

CHILD = r"""
import json, os, signal, sys, threading, time
from PySide6.QtCore import QObject, Signal, Slot
from kiosk import config, sdnotify
from kiosk.ui.run import Kiosk, serve

FREEZE_S = float(sys.argv[2])
cfg = config.with_data_dir(config.embedded_demo(), sys.argv[1])
kiosk = Kiosk(cfg, size=(800, 480), observe=sdnotify.StatusReporter())
marks = {"first_frame": kiosk.timeline.get("first_frame")}


class Freezer(QObject):          # lives on the UI thread: freeze() from another thread queues hold()
    freeze = Signal(float)

    @Slot(float)
    def hold(self, seconds):
        time.sleep(seconds)


freezer = Freezer()
freezer.freeze.connect(freezer.hold)


def script():
    time.sleep(1.5)
    marks["backend_frozen"] = time.monotonic()
    kiosk.backend.loop.call_soon_threadsafe(time.sleep, FREEZE_S)
    time.sleep(FREEZE_S + 1.0)
    marks["ui_frozen"] = time.monotonic()
    freezer.freeze.emit(FREEZE_S)
    time.sleep(FREEZE_S + 1.0)
    marks["terminal_dropped"] = time.monotonic()
    kiosk.backend.loop.call_soon_threadsafe(kiosk.backend.controls.apply, "terminal_drop")
    time.sleep(2.5)
    marks["sigterm"] = time.monotonic()
    os.kill(os.getpid(), signal.SIGTERM)


threading.Thread(target=script, daemon=True).start()
code = serve(kiosk)
marks["exited"] = time.monotonic()
print("MARKS " + json.dumps(marks))
sys.exit(code)
"""


def test_watchdog_pings_only_while_ui_and_backend_answer(tmp_path):
    sock_path = tmp_path / "notify.sock"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(sock_path))
    sock.settimeout(0.2)
    got: list[tuple[float, str]] = []
    done = threading.Event()

    def receive():
        while not done.is_set():
            try:
                data = sock.recv(4096)
            except socket.timeout:
                continue
            got.append((time.monotonic(), data.decode()))

    receiver = threading.Thread(target=receive, daemon=True)
    receiver.start()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NOTIFY_SOCKET=str(sock_path),
               WATCHDOG_USEC=str(int(2 * INTERVAL * 1e6)))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    try:
        proc = subprocess.run([sys.executable, "-c", CHILD, str(tmp_path / "data"), str(FREEZE_S)],
                              capture_output=True, text=True, timeout=60, env=env, cwd=ROOT)
    finally:
        time.sleep(0.1)
        done.set()
        receiver.join(2)
        sock.close()
    lines = [line for line in proc.stdout.splitlines() if line.startswith("MARKS ")]
    assert proc.returncode == 0 and lines, proc.stderr[-3000:]
    m = json.loads(lines[-1][len("MARKS "):])

    def pings(start: float, end: float) -> list[float]:
        return [t for t, msg in got if msg == "WATCHDOG=1" and start <= t <= end]

    ready = [t for t, msg in got if msg == "READY=1"]
    assert len(ready) == 1 and m["first_frame"] is not None and ready[0] > m["first_frame"]

    healthy = pings(ready[0], m["backend_frozen"])
    assert len(healthy) >= 3, got          # 1.5 s at one ping per 0.2 s: ~7 on an idle machine
    gaps = [b - a for a, b in zip(healthy, healthy[1:])]
    assert min(gaps) > 0.5 * INTERVAL, gaps     # paced by the interval, not a burst
    assert 0.8 * INTERVAL < sorted(gaps)[len(gaps) // 2] < 1.5 * INTERVAL, gaps

    # A probe posted just before the freeze may still have been answered: allow
    # two intervals, then nothing until the frozen thread runs again.
    for frozen in ("backend_frozen", "ui_frozen"):
        start = m[frozen]
        assert pings(start + 2 * INTERVAL, start + FREEZE_S) == [], f"pinged while {frozen}"
        assert pings(start + FREEZE_S, start + FREEZE_S + 1.0), f"no ping after {frozen} ended"

    statuses = [(t, msg[len("STATUS="):]) for t, msg in got if msg.startswith("STATUS=")]
    assert statuses and statuses[-1][1].startswith("terminal ready; charger online; 1 available"), statuses
    after_drop = [s for t, s in statuses if t > m["terminal_dropped"]]
    assert after_drop and after_drop[0].startswith("terminal connecting"), statuses
    assert after_drop[-1].startswith("terminal ready"), statuses

    assert [msg for t, msg in got if t > m["sigterm"]][-1:] == ["STOPPING=1"]
    assert m["exited"] - m["sigterm"] < 2.0
