"""The renderer choice in real X11 windows on Xvfb (an X server without a GPU,
like a GPU-less HMI board): `auto` draws with Qt Quick's software renderer and
never maps Mesa's llvmpipe (libLLVM); `opengl` does; and every screen looks the
same drawn either way. Each renderer needs a fresh process (Qt picks it once,
before the first window), so the kiosk and the gallery run in child processes.
Skips without Xvfb or Qt's xcb libraries."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_S = 60

KIOSK = r"""
import json, logging, sys
logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(name)s: %(message)s")
from kiosk import config
from kiosk.ui import renderer
from kiosk.ui.run import Kiosk
cfg = config.from_mapping({"display": {"renderer": sys.argv[2]}, "terminal": {"auto_tap_s": 0}})
kiosk = Kiosk(config.with_data_dir(cfg, sys.argv[1]), size=(800, 480))
with open("/proc/self/maps") as f:
    llvm = "libLLVM" in f.read()
out = {"choice": renderer.current().as_dict(), "llvm": llvm, "drew": "first_frame" in kiosk.timeline}
kiosk.close()
print("RESULT " + json.dumps(out), flush=True)
"""

# The screens with every kind of thing the QML draws: text and rounded
# rectangles, Shape icons, the spinner and countdown ring (Shape arcs), the QR
# code (an image provider), a two-column layout.
SCREENS = ("available", "choose_connector", "authorizing", "plug_in", "charging", "receipt",
           "blocking_fault", "declined", "declined_host_offline")

GALLERY = r"""
import json, sys
from kiosk.ui import fixtures, renderer
api, out = sys.argv[1], sys.argv[2]
renderer.apply(renderer.Choice(api, api, "test"))
from kiosk.ui.harness import Harness
with Harness() as h:
    for screen in sys.argv[3:]:
        h.render(fixtures.build(screen), (800, 480)).save(f"{out}/{screen}-{api}.png")
    print("RESULT " + json.dumps({"active": renderer.note_active(h.window)}), flush=True)
"""


@pytest.fixture(scope="module")
def xvfb():
    from tests.benchmarks.xvfb import Xvfb
    why = Xvfb.missing()
    if why:
        pytest.skip(why)
    with Xvfb((1280, 800)) as display:
        yield display


def _child(code: str, display: str, *args: str) -> tuple[dict, str]:
    env = {k: v for k, v in os.environ.items() if k not in (
        "QT_QUICK_BACKEND", "QSG_RHI_BACKEND", "LIBGL_ALWAYS_SOFTWARE", "GALLIUM_DRIVER", "WAYLAND_DISPLAY")}
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb",
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])))
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          timeout=TIMEOUT_S, env=env, cwd=ROOT)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    assert proc.returncode == 0 and lines, proc.stderr[-3000:]
    return json.loads(lines[-1][len("RESULT "):]), proc.stderr


def test_auto_on_an_x_server_without_a_gpu_draws_in_software_without_llvmpipe(xvfb, tmp_path):
    with ThreadPoolExecutor(2) as pool:
        auto = pool.submit(_child, KIOSK, xvfb, str(tmp_path / "auto"), "auto")
        gl = pool.submit(_child, KIOSK, xvfb, str(tmp_path / "gl"), "opengl")
        (auto, log), (gl, _) = auto.result(), gl.result()
    assert auto["drew"] and auto["choice"]["renderer"] == "software"
    assert auto["choice"]["active"] == "software"
    assert not auto["llvm"], "auto mapped libLLVM: Mesa's llvmpipe was loaded after all"
    assert f"kiosk.ui: ui: renderer software (auto: {auto['choice']['reason']})" in log
    if gl["choice"]["active"] != "opengl":
        pytest.skip("this X server gives no OpenGL at all (no Mesa?): nothing to compare with")
    assert gl["drew"] and gl["llvm"], "OpenGL on Xvfb is llvmpipe: libLLVM should be mapped"


def _blocks(path: Path, block: int = 16):
    """The image as grey means of block x block squares (Qt's smooth downscale
    averages the area), so anti-aliasing along an edge, which the two renderers
    do differently, is averaged out while a missing icon or word is not."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage
    image = QImage(str(path)).convertToFormat(QImage.Format_Grayscale8)
    small = image.scaled(image.width() // block, image.height() // block,
                         Qt.IgnoreAspectRatio, Qt.SmoothTransformation)
    bits, bpl = bytes(small.constBits()), small.bytesPerLine()
    return [[bits[y * bpl + x] for x in range(small.width())] for y in range(small.height())]


def _worst_block(a: Path, b: Path) -> int:
    return max(abs(p - q) for ra, rb in zip(_blocks(a), _blocks(b)) for p, q in zip(ra, rb))


# Measured when this test was written: the worst 16x16 block of any gallery
# screen differs by 13 grey levels between the renderers (glyph and edge
# anti-aliasing); the Declined and Host-offline screens, which differ in their
# texts only, by about 100.
SAME_BLOCK = 24


def test_screens_look_the_same_in_software_and_opengl(xvfb, tmp_path, qapp):
    with ThreadPoolExecutor(2) as pool:
        runs = [pool.submit(_child, GALLERY, xvfb, api, str(tmp_path), *SCREENS)
                for api in ("software", "opengl")]
        (soft, _), (gl, _) = (r.result() for r in runs)
    assert soft["active"] == "software"
    if gl["active"] != "opengl":
        pytest.skip("this X server gives no OpenGL at all (no Mesa?): nothing to compare with")
    worst = {s: _worst_block(tmp_path / f"{s}-software.png", tmp_path / f"{s}-opengl.png")
             for s in SCREENS}
    different = {s: w for s, w in worst.items() if w > SAME_BLOCK}
    assert not different, f"screens drawn differently by the two renderers (worst block, grey " \
                          f"levels, allowed {SAME_BLOCK}): {different}; see {tmp_path}"
    # The measure can tell screens apart: two that differ only in their words.
    assert _worst_block(tmp_path / "declined-software.png",
                        tmp_path / "declined_host_offline-software.png") > 2 * SAME_BLOCK
