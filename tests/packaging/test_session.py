"""The kiosk session without a desktop draws its first frame.

cage (the Wayland kiosk compositor of ev-kiosk.service) on wlroots' headless
backend, screenshot with grim; where cage cannot run here (wlroots 0.15's
headless backend still wants a DRM render node, which a container has not),
that test skips saying so. Qt's eglfs platform runs on a virtual framebuffer
(its eglfs_x11 integration inside Xvfb) at rotation 0 and 90: systemd's READY=1
arrives on a socket this test owns once the first frame is drawn, and the
screenshot shows the screen's layout turned by [display] rotation.
The PNGs are written to the test's tmp_path for a person to look at."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.benchmarks.xvfb import Xvfb

ROOT = Path(__file__).resolve().parents[2]
STEP_S = 20


def station(tmp_path: Path, rotation: int) -> Path:
    cfg = tmp_path / f"station-{rotation}.toml"
    cfg.write_text(f'[station]\ndata_dir = "{tmp_path / "data"}"\nname = "Parking De Kade"\n'
                   f'[display]\nrotation = {rotation}\n')
    return cfg


def wait_for(sock: socket.socket, seen: list[bytes], proc: subprocess.Popen, log: Path,
             prefix: bytes) -> None:
    """Until a notification starting with `prefix` has arrived (now or before:
    the terminal may be up before the first frame is)."""
    end = time.monotonic() + STEP_S
    while not any(m.startswith(prefix) for m in seen) and time.monotonic() < end:
        try:
            seen.append(sock.recv(4096))
        except socket.timeout:
            if proc.poll() is not None:
                break
    if not any(m.startswith(prefix) for m in seen):
        raise AssertionError(f"no {prefix!r} within {STEP_S} s (got {seen}):\n{log.read_text()[-3000:]}")


def long_lines(image) -> tuple[list[int], list[int]]:
    """Rows and columns that are one straight line of a single colour other than
    the background, across at least 95 % of the screen (the header's rule)."""
    w, h = image.width(), image.height()
    background = image.pixel(2, h // 2)

    def straight(pixels: list[int]) -> bool:
        first = pixels[len(pixels) // 2]
        return first != background and sum(p == first for p in pixels) >= 0.95 * len(pixels)

    rows = [y for y in range(h) if straight([image.pixel(x, y) for x in range(0, w, 4)])]
    cols = [x for x in range(w) if straight([image.pixel(x, y) for y in range(0, h, 4)])]
    return rows, cols


@pytest.mark.parametrize("rotation", [0, 90])
def test_eglfs_draws_the_first_frame_turned_by_the_rotation(tmp_path, rotation, qapp):
    why = Xvfb.missing() or (None if shutil.which("xwd") and shutil.which("xwdtopnm")
                             else "no xwd/xwdtopnm here (Debian: x11-apps netpbm)")
    if why:
        pytest.skip(why)
    from PySide6.QtGui import QImage
    sock_path = tmp_path / "notify.sock"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(sock_path))
    sock.settimeout(0.5)
    log = tmp_path / f"kiosk-{rotation}.log"
    with Xvfb((1280, 800)) as display, log.open("w") as out:
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "eglfs",
               "QT_QPA_EGLFS_INTEGRATION": "eglfs_x11", "NOTIFY_SOCKET": str(sock_path)}
        proc = subprocess.Popen([sys.executable, "-m", "kiosk.cli", "--fullscreen", "--config",
                                 str(station(tmp_path, rotation))], cwd=ROOT, env=env,
                                stdout=out, stderr=subprocess.STDOUT)
        try:
            seen: list[bytes] = []
            wait_for(sock, seen, proc, log, b"READY=1")           # the first frame is drawn
            # The attract screen once the terminal is up (no "reconnecting" banner).
            wait_for(sock, seen, proc, log, b"STATUS=terminal ready")
            time.sleep(1.0)
            xwd = subprocess.run(["xwd", "-root", "-silent"], env=env, capture_output=True,
                                 timeout=STEP_S, check=True).stdout
            ppm = subprocess.run(["xwdtopnm"], input=xwd, capture_output=True, timeout=STEP_S,
                                 check=True).stdout
        finally:
            proc.terminate()
            code = proc.wait(STEP_S)
            sock.close()
    assert code == 0, log.read_text()[-3000:]
    image = QImage.fromData(ppm, "PPM")
    assert (image.width(), image.height()) == (1280, 800)
    image.save(str(tmp_path / f"eglfs-rotation-{rotation}.png"))
    rows, cols = long_lines(image)
    if rotation == 0:      # the header's rule runs across the top of a landscape screen
        assert rows and max(rows) < 0.2 * 800 and not cols, (rows, cols)
    else:                  # turned a quarter clockwise: the header stands at the right edge
        assert cols and min(cols) > 0.8 * 1280 and not rows, (rows, cols)


def test_cage_on_a_headless_wayland_backend_draws_the_first_frame(tmp_path):
    for tool in ("cage", "grim", "Xwayland"):
        if shutil.which(tool) is None:
            pytest.skip(f"no {tool} here (Debian: cage grim xwayland)")
    user = []
    if os.geteuid() == 0:                      # cage refuses to run as root
        if shutil.which("runuser") is None:
            pytest.skip("cage refuses root, and there is no runuser to drop it")
        user = ["runuser", "-u", "nobody", "--"]
        os.chmod(tmp_path, 0o777)
    runtime = tmp_path / "xdg"
    runtime.mkdir(mode=0o700)
    if user:
        shutil.chown(runtime, "nobody")
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime), "WLR_BACKENDS": "headless",
           "WLR_RENDERER": "pixman", "WLR_LIBINPUT_NO_DEVICES": "1", "QT_QPA_PLATFORM": "wayland",
           "HOME": str(tmp_path)}
    env.pop("DISPLAY", None)
    log = tmp_path / "cage.log"
    with log.open("w") as out:
        cage = subprocess.Popen([*user, "env", *[f"{k}={v}" for k, v in env.items()], "cage", "-d", "--",
                                 sys.executable, "-m", "kiosk.cli", "--fullscreen", "--config",
                                 str(station(tmp_path, 0))], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        try:
            shot = runtime / "shot.png"
            end = time.monotonic() + STEP_S
            while time.monotonic() < end and cage.poll() is None and not shot.exists():
                time.sleep(1.0)
                subprocess.run([*user, "env", f"XDG_RUNTIME_DIR={runtime}", "WAYLAND_DISPLAY=wayland-0",
                                "grim", str(shot)], capture_output=True, timeout=STEP_S)
        finally:
            if cage.poll() is None:
                cage.terminate()
                cage.wait(STEP_S)
    text = log.read_text()
    if "drmGetDevices2 failed" in text or "failed to create display" in text:
        pytest.skip("cage cannot start here: wlroots' headless backend wants a DRM render node "
                    f"(/dev/dri), which this machine has not ({text.strip().splitlines()[-1][:120]})")
    assert shot.exists(), text[-3000:]
    from PySide6.QtGui import QImage
    image = QImage(str(shot))
    assert image.width() > 0 and long_lines(image)[0], "the kiosk's screen is not in cage's output"
