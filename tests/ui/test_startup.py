"""Start-up: the backend starts beside the window (not after its first frame),
the first frame drawn is the attract screen, and what a driver at the attract screen
does not need is not loaded yet: no QtWidgets (qasync asks for it), no QtQuick
binding and its 9 MB QtOpenGL binding (the receipt's QR provider needs them),
no libLLVM (the software renderer where there is no GPU), no module's source
text (PySide's import hook read every module's source; kiosk/ui/pyside.py).

A fresh interpreter is needed to see what is loaded when, so the kiosk starts
in a child process (the real kiosk.cli -> kiosk.ui.run.Kiosk path, offscreen, on
the embedded simulators, then qasync's loop as run_window runs it) that reports
what it saw as one JSON line.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import json, sys, time
from kiosk import cli, config
from kiosk.ui.run import Kiosk
from kiosk.ui.bridge import StationBridge
from PySide6.QtCore import QCoreApplication, QEventLoop

attract = []             # when the bridge first showed the attract screen with the terminal ready
apply_now = StationBridge.apply_now
def stamped(self, view):
    apply_now(self, view)
    if not attract and self.screen == "home" and self.terminalState == "ready":
        attract.append(time.monotonic())
StationBridge.apply_now = stamped

cfg = config.with_data_dir(config.embedded_demo(), sys.argv[1])
kiosk = Kiosk(cfg, size=(800, 480))
window = kiosk.engine.rootObjects()[0]
deadline = time.monotonic() + 20
while window.property("route") != "home" and time.monotonic() < deadline:
    QCoreApplication.processEvents(QEventLoop.AllEvents, 50)
    time.sleep(0.005)
loaded = lambda: sorted(m for m in sys.modules if m.startswith("PySide6.Qt"))
with open("/proc/self/maps") as f:
    llvm = "libLLVM" in f.read()
import linecache
out = {"timeline": kiosk.timeline, "route": window.property("route"), "attract": attract,
       "sources_read": sorted(f for f in linecache.cache if "/kiosk/" in f or "/asyncio/" in f),
       "httpx": "httpx" in sys.modules,
       "ready": kiosk.bridge.property("ready"), "at_attract": loaded(), "llvm": llvm,
       "renderer": kiosk.renderer.as_dict()}

import asyncio
from kiosk.ui.eventloop import qasync
loop = qasync().QEventLoop(kiosk.app)
asyncio.set_event_loop(loop)
with loop:
    out["loop_ran"] = loop.run_until_complete(asyncio.sleep(0.05, result=True))
out["with_qasync"] = loaded()
kiosk.close()
print("RESULT " + json.dumps(out))
"""


def test_the_attract_screen_comes_without_what_it_does_not_need(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    proc = subprocess.run([sys.executable, "-c", CHILD, str(tmp_path)], capture_output=True,
                          text=True, timeout=60, env=env, cwd=ROOT)
    lines = [l for l in proc.stdout.splitlines() if l.startswith("RESULT ")]
    assert proc.returncode == 0 and lines, proc.stderr[-3000:]
    r = json.loads(lines[-1][len("RESULT "):])
    t = r["timeline"]
    assert "first_frame" in t, "the window never swapped a frame"
    assert t["start"] < t["window"] < t["first_frame"] and t["start"] < t["backend"]
    assert r["route"] == "home" and r["ready"] is True
    # The first frame drawn is already the attract screen with the terminal
    # waiting for a card: no "Starting…" first (the embedded simulators are quick).
    assert r["attract"] and r["attract"][0] < t["first_frame"]
    assert r["at_attract"] == ["PySide6.QtCore", "PySide6.QtGui", "PySide6.QtNetwork",
                               "PySide6.QtQml"]
    assert r["loop_ran"] is True and r["with_qasync"] == r["at_attract"]    # no QtWidgets
    assert r["renderer"]["active"] == "software" and not r["llvm"]
    # PySide's import hook no longer reads every module's source (kiosk/ui/pyside.py).
    assert r["sources_read"] == []
    # No receipt service configured (the embedded demo): no HTTP client, no TLS context.
    assert r["httpx"] is False


def _cc(tmp_path, name: str, source: str, *link: str) -> Path:
    import shutil
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        import pytest
        pytest.skip("no C compiler to build the stand-in plugins")
    src = tmp_path / f"{name}.c"
    src.write_text(source)
    out = tmp_path / f"lib{name}.so"
    subprocess.run([cc, "-shared", "-fPIC", "-o", str(out), str(src), *link], check=True,
                   capture_output=True, timeout=60)
    return out


def test_a_missing_x11_library_is_named_before_qt_aborts(tmp_path):
    """Qt aborts with "could not load the Qt platform plugin" when a system
    library of its xcb plugin is missing; the kiosk names the library instead.
    Stand-in plugins: one that loads, one linked to a library that is then removed."""
    from kiosk.ui.run import missing_xcb_library
    fine = _cc(tmp_path, "fineplugin", "int ok(void) { return 1; }\n")
    assert missing_xcb_library(fine) is None
    dep = _cc(tmp_path, "xcbgone", "int gone(void) { return 2; }\n")
    broken = _cc(tmp_path, "brokenplugin", "int gone(void);\nint f(void) { return gone(); }\n",
                 f"-L{tmp_path}", "-lxcbgone", "-Wl,--no-as-needed")
    dep.unlink()
    assert missing_xcb_library(broken) == "libxcbgone.so"
    assert missing_xcb_library(tmp_path / "absent.so") is None     # not a Linux wheel
