"""The touchscreen UI (issues #4 and #15): start-up to the attract screen,
card-read-to-screen latency, idle CPU and distinct memory, each against a
reference measured in the same run (machines are shared and noisy, so absolute
figures alone say little); offscreen, and in a real X11 window on a private Xvfb
when Xvfb is installed (CI has it), with the renderer the kiosk chose; then the
same attract screen as a static page in `chromium --kiosk`, when installed.

1. Start-up: from process start (the parent's clock just before it spawns the
   process; CLOCK_MONOTONIC is system-wide, so the child's timestamps compare)
   to the window's first QQuickWindow.frameSwapped, and to the first frame of
   the attract screen (prices, connectors, the terminal waiting for a card).
   The kiosk (kiosk.ui.run.Kiosk on the embedded demo: backend thread with the
   terminal and charger simulators beside the QML engine, then qasync as
   run_window does) against a bare `Window { Rectangle {} }` loaded by a
   QQmlApplicationEngine on the same renderer, each in a fresh interpreter,
   alternating bare/kiosk/UI-only, median of REPS. Goal: attract/bare <= 1.5.
   Phases: the UI thread's imports, QML load and first frame; the backend
   thread's imports and bring-up (side by side with the UI thread's).
2. Card read -> screen: from the PSP client's decode of the Card Read frame (its
   wire_log record, stamped with the client's clock, time.monotonic; the frame
   stamps use the same clock) to the frameSwapped of the first frame
   synchronised after the bridge switched away from the attract screen (to
   "authorizing"). Taps are simulator taps with a declining card (the shortest
   honest loop: tap -> authorizing -> declined -> back to the attract screen
   after timeouts.declined_s, here DECLINED_S), each at a quiet attract screen.
   Goal: p99 <= 17 ms (one frame at 60 Hz); also as a ratio to the frame
   interval measured in this run (median frameSwapped interval while the dim
   overlay fades: offscreen has no vsync, the interval is Qt's animation timer).
3. Idle CPU on the attract screen (process CPU time of all threads / wall time),
   the kiosk against the bare window idling over the same wall-clock span (they
   run at once), and a one-connector kiosk beside them (its attract screen is
   a different layout). Goal: <= 1 % of one core.
4. Distinct memory (USS: the process's private pages, /proc/PID/smaps_rollup
   Private_Clean + Private_Dirty; shared libraries' clean pages are not the
   kiosk's cost) after start-up and after the taps, against the bare window's
   on the same (software) renderer. Goal: <= 1.3x. RSS and PSS are printed too.
5. Chromium kiosk (X11 only): bare window, kiosk and `chromium --kiosk` on
   tests/benchmarks/attract.html, each started fresh on one Xvfb and timed the
   same way, from spawn to the first screen capture (xwd of the root window)
   that shows the settled screen; then the kiosk and Chromium side by side, each
   on its own Xvfb: distinct memory of each process tree (USS summed, PSS
   summed) and idle CPU over IDLE_S.

    QT_QPA_PLATFORM=offscreen python -m tests.benchmarks ui      (make bench runs all)
    BENCH_UI_IDLE_S=5 BENCH_UI_TAPS=20 BENCH_UI_REPS=3 ...   a quick run (defaults 30 s, 100, 5)
    BENCH_UI_X11=0 / BENCH_UI_CHROMIUM=0                     skip the X11 window / Chromium
    python tests/benchmarks/bench_ui.py --idle 5 --taps 20 --reps 3   the same, standalone

Only the standard library is imported at module level: a child process is this
file run as a script (--child ...), and its clock starts before PySide6 is imported.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time

GOAL_STARTUP_RATIO = 1.5        # attract screen / bare window
GOAL_LATENCY_P99_MS = 17.0
GOAL_IDLE_CPU = 0.01
GOAL_USS_RATIO = 1.3            # kiosk / bare window, distinct memory, software renderer

IDLE_S = float(os.environ.get("BENCH_UI_IDLE_S", "30"))
TAPS = int(os.environ.get("BENCH_UI_TAPS", "100"))
REPS = int(os.environ.get("BENCH_UI_REPS", "5"))
WITH_X11 = os.environ.get("BENCH_UI_X11", "1") != "0"
WITH_CHROMIUM = os.environ.get("BENCH_UI_CHROMIUM", "1") != "0"
ATTRACT_HTML = os.path.join(os.path.dirname(os.path.abspath(__file__)), "attract.html")
SIZE = (1280, 800)
DECLINED_S = 0.2          # the declined screen's timeout in the taps loop (config default 8 s)
SETTLE_S = 2.0            # after start-up, before idle and RSS figures
MARK = "BENCH_UI_JSON "
CLOCK = time.monotonic    # the PSP client's default clock: every timestamp here uses it
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
if ROOT not in sys.path:      # run as a script: the repository's tests.benchmarks package
    sys.path.insert(0, ROOT)

BARE_QML = b"""import QtQuick
Window {
    visible: true
    width: %d
    height: %d
    readonly property int graphicsApi: GraphicsInfo.api
    Rectangle { anchors.fill: parent; color: "steelblue" }
}
""" % SIZE
APIS = {1: "software", 3: "opengl"}     # GraphicsInfo.api


# ============================================================ child side helpers

def _rss_kb() -> dict:
    out = {}
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(("VmRSS:", "VmHWM:")):
                out[line.split(":")[0]] = int(line.split()[1])
    return out


def _mem_kb(pid: int | str = "self") -> dict:
    """uss (Private_Clean + Private_Dirty), pss and rss of one process, in kB."""
    out = {"uss": 0, "pss": 0, "rss": 0}
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                key, _, rest = line.partition(":")
                if key in ("Private_Clean", "Private_Dirty"):
                    out["uss"] += int(rest.split()[0])
                elif key == "Pss":
                    out["pss"] = int(rest.split()[0])
                elif key == "Rss":
                    out["rss"] = int(rest.split()[0])
    except OSError:
        pass
    return out


def _threads() -> dict:
    """tid -> (name, cpu seconds, voluntary + involuntary context switches)."""
    import threading
    tick = os.sysconf("SC_CLK_TCK")
    py_names = {t.native_id: t.name for t in threading.enumerate()}
    py_names[os.getpid()] = "main (UI)"
    out = {}
    for tid in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{tid}/stat") as f:
                stat = f.read()
            with open(f"/proc/self/task/{tid}/status") as f:
                status = f.read()
        except OSError:
            continue
        name = py_names.get(int(tid)) or stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        cpu = (int(fields[11]) + int(fields[12])) / tick      # utime + stime
        switches = sum(int(line.split()[1]) for line in status.splitlines()
                       if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")))
        out[tid] = (name, cpu, switches)
    return out


def _thread_delta(before: dict, after: dict, seconds: float) -> list:
    rows = []
    for tid, (name, cpu, sw) in after.items():
        name0, cpu0, sw0 = before.get(tid, (name, 0.0, 0))
        rows.append({"thread": name, "cpu_pct": 100 * (cpu - cpu0) / seconds,
                     "wakeups_per_s": (sw - sw0) / seconds})
    return sorted(rows, key=lambda r: -r["cpu_pct"])


class Frames:
    """Timestamps of a QQuickWindow's frames: sync start and swap. Hooked up as
    the engine creates the window, before it can render anything."""

    def __init__(self, window):
        self.window = window
        self.syncs: list[float] = []
        self.swaps: list[float] = []
        self.probe = None             # called after each swap is stamped, when set
        self.probed: list[tuple[float, object]] = []
        # Plain connections: offscreen, the software scene graph renders on the
        # main thread, so they run at the sync and the swap themselves. (Asking
        # for Qt.DirectConnection would build PySide6's whole `Qt` namespace,
        # ~25 ms, inside both children's measured start-up.)
        window.beforeSynchronizing.connect(lambda: self.syncs.append(CLOCK()))
        window.frameSwapped.connect(self._swapped)

    def _swapped(self) -> None:
        t = CLOCK()
        self.swaps.append(t)
        if self.probe is not None:
            self.probed.append((t, self.probe()))

    def swap_after_sync_after(self, t: float) -> float | None:
        """The swap of the first frame whose synchronisation began after t."""
        sync = next((s for s in self.syncs if s > t), None)
        if sync is None:
            return None
        return next((w for w in self.swaps if w >= sync), None)

    def count_between(self, a: float, b: float) -> int:
        return sum(1 for w in self.swaps if a <= w < b)


def hook_engine(on_window) -> None:
    """Make create_ui's QQmlApplicationEngine call on_window(window) for its first
    root object the moment it is created (the first frame needs the event loop,
    which has not run yet then)."""
    from PySide6.QtQml import QQmlApplicationEngine

    from kiosk.ui import app_window

    class HookedEngine(QQmlApplicationEngine):
        def __init__(self, *args):
            super().__init__(*args)
            self._hooked = False
            self.objectCreated.connect(self._created)

        def _created(self, obj, url) -> None:
            if obj is not None and not self._hooked:
                self._hooked = True
                on_window(obj)
    app_window.QQmlApplicationEngine = HookedEngine


def _emit_result(result: dict) -> None:
    sys.stdout.write(MARK + json.dumps(result) + "\n")
    sys.stdout.flush()


def _qt_wait(seconds: float) -> None:
    from PySide6.QtCore import QEventLoop, QTimer
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def _qt_wait_for(pred, timeout: float, step: float = 0.002) -> bool:
    """Run the Qt event loop until pred() (checked every `step` s) or the timeout."""
    from PySide6.QtCore import QEventLoop, QTimer
    if pred():
        return True
    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(max(1, int(step * 1000)))
    poll.timeout.connect(lambda: pred() and loop.quit())
    QTimer.singleShot(int(timeout * 1000), loop.quit)
    poll.start()
    loop.exec()
    poll.stop()
    return bool(pred())


# ------------------------------------------------------------ bare window

def child_bare(t0: float, idle_s: float, hold_s: float = 0.0, mem: bool = False) -> dict:
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtQml import QQmlApplicationEngine

    app = QGuiApplication(sys.argv[:1])
    engine = QQmlApplicationEngine()
    hooked: list[Frames] = []
    engine.objectCreated.connect(lambda obj, url: hooked.append(Frames(obj)) if obj else None)
    engine.loadData(BARE_QML)
    frames = hooked[0]
    if not _qt_wait_for(lambda: frames.swaps, 20):
        raise RuntimeError("the bare window rendered no frame within 20 s")
    result = {"t0": t0, "first_frame": frames.swaps[0], "platform": app.platformName(),
              "renderer": APIS.get(frames.window.property("graphicsApi"), "other")}
    if hold_s > 0:          # on screen for the parent's screen captures
        _emit_result(result)
        _qt_wait(hold_s)
    if mem:                 # settled, alone (the parent runs nothing of ours beside it)
        _qt_wait(SETTLE_S)
        result["mem_kb"] = _mem_kb()
    if idle_s > 0:
        _qt_wait(SETTLE_S)
        th0, cpu0, wall0 = _threads(), time.process_time(), CLOCK()
        _qt_wait(idle_s)
        th1, cpu1, wall1 = _threads(), time.process_time(), CLOCK()
        result["idle"] = _idle_figures(th0, cpu0, wall0, th1, cpu1, wall1, frames)
    return result


def _idle_figures(th0, cpu0, wall0, th1, cpu1, wall1, frames: Frames) -> dict:
    """CPU time of the whole process (time.process_time: every thread) over the
    wall time, with each thread's share and wake-ups (context switches) per second."""
    wall = wall1 - wall0
    return {"wall_s": wall, "cpu_s": cpu1 - cpu0, "cpu_fraction": (cpu1 - cpu0) / wall,
            "frames": frames.count_between(wall0, wall1),
            "threads": [r for r in _thread_delta(th0, th1, wall)
                        if r["cpu_pct"] > 0 or r["wakeups_per_s"] > 0.05]}


# ------------------------------------------------------------ UI only (no backend)

def child_harness(t0: float) -> dict:
    from kiosk.ui import fixtures
    from kiosk.ui.harness import Harness

    hooked: list[Frames] = []
    hook_engine(lambda w: hooked.append(Frames(w)))
    h = Harness(size=SIZE)
    h.bridge.apply_now(fixtures.build("choose_connector"))   # the two-connector attract screen
    frames = hooked[0]
    if not _qt_wait_for(lambda: frames.swaps, 20):
        raise RuntimeError("the harness rendered no frame within 20 s")
    result = {"t0": t0, "first_frame": frames.swaps[0], "screen": h.bridge.screen}
    h.close()
    return result


# ------------------------------------------------------------ the kiosk

def _kiosk_config(tmp: str, declined_s: float | None = None, connectors: int = 0):
    """The embedded demo (two connectors, both simulators); for the taps a short
    declined screen; `connectors` to try another station."""
    from dataclasses import replace

    from kiosk import config
    cfg = config.with_data_dir(config.embedded_demo(), tmp)
    if declined_s is not None:
        cfg = replace(cfg, timeouts=config.Section({**cfg.timeouts.values,
                                                    "declined_s": declined_s}))
    if connectors:
        cfg = replace(cfg, charger=config.Section({**cfg.charger.values,
                                                   "connectors": connectors}))
    return cfg


def child_kiosk(t0: float, idle_s: float, taps: int, connectors: int = 0,
                hold_s: float = 0.0) -> dict:
    """Start the kiosk as the console script does (kiosk.cli, then Kiosk, then
    qasync: run_window); first frame; then, when asked, idle CPU, RSS, frame
    interval and the taps loop."""
    import kiosk.cli  # noqa: F401  (the console script's first import)
    from kiosk.ui.run import Kiosk

    # A station starts on the books it already has: the start-up runs share one
    # data directory (BENCH_UI_DATA_DIR), made by the first, unmeasured run, so
    # they do not time creating a database. Not tempfile: it imports random, shutil, bz2...
    shared = os.environ.get("BENCH_UI_DATA_DIR")
    tmp = shared or f"/tmp/bench-ui-{os.getpid()}-{time.time_ns()}"
    os.makedirs(tmp, exist_ok=True)
    measure = idle_s > 0 or taps > 0
    wire: list[tuple[float, str, str]] = []
    events: list[tuple[float, dict]] = []
    publishes: list[tuple[float, object]] = []
    applies: list[tuple[float, float, str]] = []     # (entry, exit, screen) of apply_now
    from kiosk.ui import bridge as bridge_module
    if measure:
        # Stamp every snapshot the backend publishes (the backend thread's side of the hop).
        original_publish = bridge_module.StationBridge.publish

        def publish(self, view):
            publishes.append((CLOCK(), view))
            original_publish(self, view)
        bridge_module.StationBridge.publish = publish
    # ... and the UI thread's side: entry, and exit once QML has reacted to
    # `changed`; from the first snapshot on (Kiosk applies it before it returns).
    original_apply = bridge_module.StationBridge.apply_now
    attract: list[float] = []      # when the attract screen first had the terminal waiting

    def apply_now(self, view):
        t_in = CLOCK()
        original_apply(self, view)
        applies.append((t_in, CLOCK(), self._screen))
        if not attract and self._screen == "home" and self.terminalState == "ready":
            attract.append(CLOCK())
    bridge_module.StationBridge.apply_now = apply_now

    hooked: list[Frames] = []
    hook_engine(lambda w: hooked.append(Frames(w)))
    cfg = _kiosk_config(tmp, DECLINED_S if measure else None, connectors)
    imported = CLOCK()
    ui = Kiosk(cfg, size=SIZE,
               wire_log=(lambda r: wire.append((r.time, r.direction, r.name))) if measure else None,
               emit=(lambda e: events.append((CLOCK(), e))) if measure else None)
    stamps = {"imported": imported, **ui.timeline}

    import asyncio     # serve()'s imports, after Kiosk as there

    from kiosk.ui.eventloop import qasync as qasync_module
    qasync = qasync_module()

    from kiosk.ui import bridge as bridge_module
    from kiosk.ui.app_window import kiosk_window
    bridge = ui.bridge
    window = kiosk_window(ui.engine)
    frames = hooked[0]
    assert frames.window == window
    changes: list[tuple[float, str]] = []
    bridge.changed.connect(lambda: changes.append((CLOCK(), bridge.screen)))

    loop = qasync.QEventLoop(ui.app)
    asyncio.set_event_loop(loop)
    result: dict = {"t0": t0, "stamps": stamps, "renderer": ui.renderer.as_dict()}

    async def wait_for(pred, timeout: float, step: float = 0.005) -> bool:
        end = CLOCK() + timeout
        while not pred():
            if CLOCK() > end:
                return False
            await asyncio.sleep(step)
        return True

    def first_home_frame() -> float | None:
        """The first frame of the attract screen with the terminal waiting for a card."""
        return frames.swap_after_sync_after(attract[0]) if attract else None

    async def main() -> None:
        if not await wait_for(lambda: frames.swaps and first_home_frame(), 20):
            raise RuntimeError(f"no frame of the attract screen within 20 s "
                               f"(frames {len(frames.swaps)}, screens {changes[-3:]})")
        result["first_frame"] = frames.swaps[0]
        result["first_home_frame"] = first_home_frame()
        result["renderer"] = ui.renderer.as_dict()
        if hold_s > 0:          # on screen for the parent's screen captures
            _emit_result(result)
            await asyncio.sleep(hold_s)
        if not measure:
            return
        from kiosk.app import ThreadSafeControls
        from kiosk.psp.messages import TerminalState
        backend = ui.backend
        sim = backend.sim
        result["clocks"] = {
            "wire_log": getattr(backend.client._clock, "__name__", repr(backend.client._clock)),
            "frames": CLOCK.__name__,
            "monotonic": time.get_clock_info("monotonic").implementation,
            "perf_counter": time.get_clock_info("perf_counter").implementation}

        def terminal_waits() -> bool:
            return sim.state == TerminalState.WAIT_CARD and sim.pending is not None

        if not await wait_for(lambda: bridge.screen == "home" and terminal_waits(), 20):
            raise RuntimeError("the terminal never waited for a card at the attract screen")
        await asyncio.sleep(SETTLE_S)
        result["rss_after_start_kb"] = _rss_kb()
        result["mem_after_start_kb"] = _mem_kb()

        # ---- idle on the attract screen
        def activity() -> dict:
            return {"frames": len(frames.swaps), "snapshots_published": len(publishes),
                    "bridge_changes": len(changes), "wire_frames": len(wire)}
        w0 = len(wire)
        if idle_s > 0:
            a0 = activity()
            th0, cpu0, wall0 = _threads(), time.process_time(), CLOCK()
            await asyncio.sleep(idle_s)
            th1, cpu1, wall1 = _threads(), time.process_time(), CLOCK()
            a1 = activity()
            names: dict[str, int] = {}
            for _, d, n in wire[w0:]:
                names[f"{d} {n}"] = names.get(f"{d} {n}", 0) + 1
            result["idle"] = {**_idle_figures(th0, cpu0, wall0, th1, cpu1, wall1, frames),
                              "activity": {k: a1[k] - a0[k] for k in a1}, "wire": names}

        # ---- the frame interval while something animates (the dim overlay's 600 ms fade)
        n0 = len(frames.swaps)
        window.setProperty("dimmed", True)
        await asyncio.sleep(0.8)
        window.setProperty("dimmed", False)
        await asyncio.sleep(0.8)
        fade = frames.swaps[n0:]
        gaps = [b - a for a, b in zip(fade, fade[1:]) if b - a < 0.1]
        result["frame_interval_ms"] = 1000 * statistics.median(gaps) if gaps else None
        result["fade_frames"] = len(fade)

        # ---- taps: declining card at a quiet attract screen, back by timeouts.declined_s
        controls = ThreadSafeControls(backend)
        from PySide6.QtCore import QObject
        loader = window.findChild(QObject, "screenLoader")

        def screen_opacity() -> float:     # Main.qml eases each new screen in
            item = loader.property("item")
            return item.opacity() if item is not None else 0.0
        frames.probe = screen_opacity
        import random
        rng = random.Random(7)
        samples, missed = [], 0
        t_loop = CLOCK()
        for _ in range(taps):
            if not await wait_for(lambda: bridge.screen == "home" and terminal_waits(), 10):
                missed += 1
                continue
            await asyncio.sleep(0.3 + rng.random() * 0.017)    # the fade-in is over: a quiet screen
            t_tap = CLOCK()
            controls.present_card("visa", "decline")
            ok = await wait_for(lambda: any(t > t_tap and s == "declined" for t, s in changes[-4:]), 5)
            if not ok:
                missed += 1
                continue
            t_read = next((t for t, d, n in reversed(wire) if d == "T>H" and n == "Card Read"
                           and t > t_tap), None)
            t_pub = next((t for t, v in publishes if t_read is not None and t > t_read
                          and bridge_module.route(v)[0] != "home"), None)
            t_in, t_out, screen = next(((a, b, s) for a, b, s in applies if t_read is not None
                                        and a > t_read and s != "home"), (None, None, None))
            if t_out is not None:
                await wait_for(lambda: frames.swap_after_sync_after(t_out) is not None, 2)
            t_swap = frames.swap_after_sync_after(t_out) if t_out else None
            if None in (t_read, t_pub, t_in, t_swap):
                missed += 1
                continue
            between = [f"{d} {n}" for t, d, n in wire if t_read < t < t_pub]
            first_opacity = next((v for t, v in frames.probed if t >= t_swap), None)
            samples.append({"read_to_swap": t_swap - t_read, "read_to_publish": t_pub - t_read,
                            "wire_before_publish": between,
                            "publish_to_apply": t_in - t_pub, "apply": t_out - t_in,
                            "apply_to_swap": t_swap - t_out,
                            "first_opacity": first_opacity,
                            "tap_to_read": t_read - t_tap, "screen": screen})
        frames.probe = None
        result["taps"] = {"samples": samples, "missed": missed, "seconds": CLOCK() - t_loop,
                          "refused": sum(1 for _, e in events
                                         if e.get("event") == "control_refused")}
        await asyncio.sleep(0.5)
        result["rss_after_taps_kb"] = _rss_kb()
        result["mem_after_taps_kb"] = _mem_kb()

    try:
        with loop:
            loop.run_until_complete(main())
    finally:
        ui.close()
        if not shared:
            import shutil
            shutil.rmtree(tmp, ignore_errors=True)
    return result


# ============================================================ parent side

_PYCACHE: str | None = None


def _child_env(extra: dict | None = None) -> dict:
    """The children's environment. Start-up is measured with the modules' bytecode
    cached, as on an installed station: when this environment forbids writing
    bytecode (PYTHONDONTWRITEBYTECODE, which would make every kiosk module compile
    from source at every start), the children get a cache directory of their own."""
    global _PYCACHE
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    for key, value in (extra or {}).items():
        if value:
            env[key] = value
        else:                       # "": not set at all
            env.pop(key, None)
    if sys.dont_write_bytecode or env.get("PYTHONDONTWRITEBYTECODE"):
        if _PYCACHE is None:
            import tempfile
            _PYCACHE = tempfile.mkdtemp(prefix="bench-ui-pycache-")
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = _PYCACHE
    return env


class Platform:
    """Where the children draw: offscreen, or a real X11 window on a private Xvfb.
    `bare_env` puts the bare window on the renderer the kiosk picks (auto), so
    the ratios compare like with like; `gl_env` is Qt's default OpenGL (X11)."""

    def __init__(self, name: str, display: str = ""):
        self.name, self.display = name, display
        self.env = {"QT_QPA_PLATFORM": name}
        if display:
            self.env["DISPLAY"] = display
        for var in ("QT_QUICK_BACKEND", "QSG_RHI_BACKEND"):
            self.env[var] = ""          # the kiosk decides (auto); empty = unset for Qt
        from kiosk.ui.renderer import detect
        self.choice = detect("auto", {**os.environ, **self.env})
        self.bare_env = dict(self.env)
        if self.choice.renderer == "software":
            self.bare_env["QT_QUICK_BACKEND"] = "software"
        self.gl_env = {**self.env, "QSG_RHI_BACKEND": "opengl"} if name == "xcb" else None

    @property
    def label(self) -> str:
        return f"X11 window on Xvfb {self.display}" if self.name == "xcb" else self.name


def _spawn(mode: str, idle_s: float = 0.0, taps: int = 0, connectors: int = 0,
           env: dict | None = None, hold_s: float = 0.0,
           mem: bool = False) -> tuple[float, subprocess.Popen]:
    cmd = [sys.executable, os.path.abspath(__file__), "--child", mode,
           "--idle", str(idle_s), "--taps", str(taps), "--connectors", str(connectors),
           "--hold", str(hold_s)] + (["--mem"] if mem else [])
    env = _child_env(env)
    t_spawn = CLOCK()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    return t_spawn, proc


def _collect(proc: subprocess.Popen, mode: str, timeout: float) -> dict:
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        raise RuntimeError(f"bench_ui child {mode!r} timed out after {timeout:.0f} s\n{err[-3000:]}")
    for line in reversed(out.splitlines()):
        if line.startswith(MARK):
            return json.loads(line[len(MARK):])
    raise RuntimeError(f"bench_ui child {mode!r} exited {proc.returncode} without a result\n"
                       f"{out[-2000:]}\n{err[-3000:]}")


def _run_child(mode: str, env: dict, timeout: float = 60) -> dict:
    t_spawn, proc = _spawn(mode, env=env)
    r = _collect(proc, mode, timeout)
    r["t_spawn"] = t_spawn
    return r


PARTS = ("read_to_publish", "publish_to_apply", "apply", "apply_to_swap")


def _pct(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    s = sorted(values)
    k = max(0, min(len(s) - 1, -(-len(s) * q // 100) - 1))
    return s[int(k)]


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


PHASES = ("interpreter", "imports", "window", "first_frame", "backend_imports", "backend_up",
          "attract")


def bench_startup(platform: Platform, reps: int = REPS) -> dict:
    import shutil
    import tempfile
    data = tempfile.mkdtemp(prefix="bench-ui-books-")
    try:
        return _bench_startup(platform, reps, {**platform.env, "BENCH_UI_DATA_DIR": data})
    finally:
        shutil.rmtree(data, ignore_errors=True)


def _bench_startup(platform: Platform, reps: int, kiosk_env: dict) -> dict:
    modes = [("bare", platform.bare_env), ("kiosk", kiosk_env), ("harness", platform.env)]
    if platform.gl_env:
        modes.append(("bare_gl", platform.gl_env))
    spans: dict[str, dict[str, list[float]]] = {
        m: {"spawn": [], "import": []} for m in [m for m, _ in modes] + ["kiosk_home"]}
    phases: dict[str, list[float]] = {k: [] for k in PHASES}
    renderers = {}
    for mode, env in modes:   # warm the file and bytecode caches, unmeasured
        _run_child(mode.removesuffix("_gl"), env)
    for _ in range(reps):
        for mode, env in modes:
            r = _run_child(mode.removesuffix("_gl"), env)
            spans[mode]["spawn"].append(r["first_frame"] - r["t_spawn"])
            spans[mode]["import"].append(r["first_frame"] - r["t0"])
            if "renderer" in r:
                renderers[mode] = r["renderer"]
            if mode == "kiosk":
                spans["kiosk_home"]["spawn"].append(r["first_home_frame"] - r["t_spawn"])
                spans["kiosk_home"]["import"].append(r["first_home_frame"] - r["t0"])
                st = r["stamps"]
                ui_ready = max(r["first_frame"], st["backend_started"])
                for k, a, b in (("interpreter", r["t_spawn"], r["t0"]),
                                ("imports", r["t0"], st["imported"]),
                                ("window", st["imported"], st["window"]),
                                ("first_frame", st["window"], r["first_frame"]),
                                ("backend_imports", st["imported"], st["backend_imported"]),
                                ("backend_up", st["backend_imported"], st["backend_started"]),
                                ("attract", ui_ready, r["first_home_frame"])):
                    phases[k].append(b - a)
    med = {m: {k: statistics.median(v) for k, v in d.items()} for m, d in spans.items()}
    bare = med["bare"]["spawn"]
    ratio_home = med["kiosk_home"]["spawn"] / bare
    return {"median_s": med, "samples_s": spans, "renderers": renderers,
            "ratio": med["kiosk"]["spawn"] / bare, "ratio_home": ratio_home,
            "ratio_home_range": (min(spans["kiosk_home"]["spawn"]) / bare,
                                 max(spans["kiosk_home"]["spawn"]) / bare),
            "ratio_ui_only": med["harness"]["spawn"] / bare,
            "ratio_from_import": med["kiosk"]["import"] / med["bare"]["import"],
            "pass": ratio_home <= GOAL_STARTUP_RATIO,
            "kiosk_phases_ms": {k: 1000 * statistics.median(v) for k, v in phases.items()}}


def bench_platform(platform: Platform, idle_s: float, taps: int, reps: int) -> dict:
    """Start-up, then idle, memory and taps: the kiosk (the embedded demo: two
    connectors), a one-connector kiosk (its attract screen differs) and the bare
    window side by side, idling over the same wall-clock span; then the taps."""
    start = bench_startup(platform, reps)
    limit = 60 + idle_s + 2 * taps
    # Idle: side by side over the same wall-clock span.
    _, bare_proc = _spawn("bare", idle_s, 0, env=platform.bare_env)
    _, two_proc = _spawn("kiosk", idle_s, 0, env=platform.env)
    _, one_proc = _spawn("kiosk", idle_s, 0, connectors=1, env=platform.env)
    bare = _collect(bare_proc, "bare", limit)
    one = _collect(one_proc, "kiosk (one connector)", limit)
    two = _collect(two_proc, "kiosk", limit)
    # Memory and taps: one process at a time. Distinct pages depend on who else
    # maps the same files: beside another kiosk or the bare window, the Qt
    # libraries' pages would count as shared and flatter both.
    bare["mem_kb"] = _collect(_spawn("bare", env=platform.bare_env, mem=True)[1], "bare", 60)["mem_kb"]
    kiosk = _collect(_spawn("kiosk", 0, taps, env=platform.env)[1], "kiosk (taps)", limit)
    kiosk["idle"] = two.get("idle")
    bare_gl = _collect(_spawn("bare", env=platform.gl_env, mem=True)[1], "bare (OpenGL)", 60) \
        if platform.gl_env else None

    samples = kiosk["taps"]["samples"]
    lat = [1000 * s["read_to_swap"] for s in samples]
    interval = kiosk.get("frame_interval_ms")
    interval_src = "median frameSwapped interval of the dim overlay's fade" + \
        (" (offscreen: no vsync)" if platform.name == "offscreen" else "")
    if not interval:
        interval, interval_src = 1000 / 60, "nominal 60 Hz (no animation frames seen)"
    lat_fig = {"n": len(lat), "missed": kiosk["taps"]["missed"], "refused": kiosk["taps"]["refused"]}
    if lat:
        lat_fig.update(p50=_pct(lat, 50), p99=_pct(lat, 99), max=max(lat),
                       p99_frames=_pct(lat, 99) / interval,
                       parts_p50={k: 1000 * statistics.median(s[k] for s in samples)
                                  for k in PARTS + ("tap_to_read",)},
                       parts_p99={k: 1000 * _pct([s[k] for s in samples], 99) for k in PARTS},
                       screens=sorted({s["screen"] for s in samples}),
                       first_opacity=[s["first_opacity"] for s in samples
                                      if s["first_opacity"] is not None],
                       wire_before_publish=samples[0]["wire_before_publish"])
    lat_fig["pass"] = bool(lat) and lat_fig["p99"] <= GOAL_LATENCY_P99_MS \
        and len(lat) >= min(50, taps)
    k_idle, b_idle = kiosk.get("idle") or {}, bare.get("idle") or {}
    idle_fig = {"kiosk": k_idle.get("cpu_fraction"), "bare": b_idle.get("cpu_fraction")}
    idle_fig["ratio"] = (idle_fig["kiosk"] / idle_fig["bare"]) if idle_fig["bare"] else None
    idle_fig["pass"] = idle_fig["kiosk"] is not None and idle_fig["kiosk"] <= GOAL_IDLE_CPU
    o_idle = one.get("idle") or {}
    idle_fig["one_connector"] = o_idle.get("cpu_fraction")
    idle_fig["one_connector_fps"] = o_idle["frames"] / o_idle["wall_s"] if o_idle else None
    idle_fig["one_connector_pass"] = idle_fig["one_connector"] is not None \
        and idle_fig["one_connector"] <= GOAL_IDLE_CPU
    ks, kt, bm = kiosk["mem_after_start_kb"], kiosk["mem_after_taps_kb"], bare["mem_kb"]
    mem = {"kiosk_start": ks, "kiosk_taps": kt, "bare": bm,
           "bare_gl": bare_gl["mem_kb"] if bare_gl else None,
           "kiosk_peak_rss_mb": kiosk["rss_after_taps_kb"]["VmHWM"] / 1024,
           "bare_renderer": bare.get("renderer"), "kiosk_renderer": kiosk["renderer"]}
    mem["ratio"] = max(ks["uss"], kt["uss"]) / bm["uss"]
    mem["pass"] = mem["ratio"] <= GOAL_USS_RATIO
    return {"platform": platform.name, "label": platform.label, "startup": start,
            "latency_ms": lat_fig, "frame_interval_ms": interval, "interval_src": interval_src,
            "idle": idle_fig, "idle_raw": {"kiosk": k_idle, "bare": b_idle, "one": o_idle},
            "mem": mem, "clocks": kiosk.get("clocks", {})}


def _mb(kb: float) -> str:
    return f"{kb / 1024:.0f} MB"


def report_platform(r: dict, reps: int) -> None:
    start, lat_fig, idle_fig, mem = r["startup"], r["latency_ms"], r["idle"], r["mem"]
    m = start["median_s"]
    rend = mem["kiosk_renderer"]
    print(f"-- {r['label']}: kiosk renderer {rend.get('active') or rend['renderer']} "
          f"({rend['setting']}: {rend['reason']}); bare window on {mem['bare_renderer']}")
    print(f"1. start-up, median of {reps} fresh processes each (alternating); from process spawn "
          f"[from before `import PySide6`]:")
    print(f"     bare Window{{Rectangle{{}}}}          {1000 * m['bare']['spawn']:6.0f} ms "
          f"[{1000 * m['bare']['import']:5.0f} ms]")
    if "bare_gl" in m:
        print(f"     bare window on Qt's default OpenGL {1000 * m['bare_gl']['spawn']:5.0f} ms "
              f"(llvmpipe here; not the reference)")
    print(f"     kiosk, first frame                {1000 * m['kiosk']['spawn']:6.0f} ms "
          f"[{1000 * m['kiosk']['import']:5.0f} ms]  ratio {start['ratio']:.2f}")
    lo, hi = start["ratio_home_range"]
    print(f"     kiosk, first attract-screen frame {1000 * m['kiosk_home']['spawn']:6.0f} ms "
          f"          ratio {start['ratio_home']:.2f} (runs {lo:.2f}-{hi:.2f})")
    print(f"     UI only (Harness, no backend)     {1000 * m['harness']['spawn']:6.0f} ms "
          f"[{1000 * m['harness']['import']:5.0f} ms]  ratio {start['ratio_ui_only']:.2f}")
    ph = start["kiosk_phases_ms"]
    print(f"     kiosk phases, medians: interpreter {ph['interpreter']:.0f} ms; UI thread: imports "
          f"(kiosk.cli, config, UI modules, PySide6) {ph['imports']:.0f}, QGuiApplication + QML "
          f"load {ph['window']:.0f}, to the first frame {ph['first_frame']:.0f}; backend thread "
          f"beside it: imports {ph['backend_imports']:.0f}, simulators + terminal bring-up "
          f"{ph['backend_up']:.0f}; then the attract screen's frame {ph['attract']:.0f}")
    print(f"2. Card Read decoded -> frameSwapped of the new screen "
          f"({', '.join(lat_fig.get('screens', []))}), {lat_fig['n']} taps "
          f"({lat_fig['missed']} missed, {lat_fig['refused']} refused):")
    if lat_fig["n"]:
        print(f"     p50 {lat_fig['p50']:.1f} ms, p99 {lat_fig['p99']:.1f} ms, max {lat_fig['max']:.1f} ms;"
              f" frame interval {r['frame_interval_ms']:.1f} ms ({r['interval_src']}): p99 = "
              f"{lat_fig['p99_frames']:.2f} frames")
        pp, px = lat_fig["parts_p50"], lat_fig["parts_p99"]
        print(f"     where it goes, p50 [p99] ms: backend, Card Read -> snapshot published "
              f"{pp['read_to_publish']:.1f} [{px['read_to_publish']:.1f}] (frames on the wire "
              f"meanwhile: {', '.join(lat_fig['wire_before_publish']) or 'none'})")
        print(f"       queued hop to the UI thread {pp['publish_to_apply']:.1f} "
              f"[{px['publish_to_apply']:.1f}]; bridge.apply_now incl. QML reacting to `changed` "
              f"(Loader builds the new screen) {pp['apply']:.1f} [{px['apply']:.1f}]; "
              f"-> next frame synced and swapped {pp['apply_to_swap']:.1f} [{px['apply_to_swap']:.1f}]")
        op = lat_fig["first_opacity"]
        if op:
            print(f"     that frame shows the new screen at opacity {min(op):.2f}-{max(op):.2f} "
                  f"(Main.qml eases each screen in from 0.4 over Style.animFast)")
    k_idle, b_idle, o_idle = r["idle_raw"]["kiosk"], r["idle_raw"]["bare"], r["idle_raw"]["one"]
    print(f"3. idle CPU on the attract screen over {k_idle.get('wall_s', 0):.0f} s "
          f"(process CPU time, all threads / wall time), side by side:")
    print(f"     kiosk {100 * idle_fig['kiosk']:.2f} % of a core ({k_idle.get('frames')} frames), "
          f"bare window {100 * idle_fig['bare']:.2f} % ({b_idle.get('frames')} frames)"
          + (f", ratio {idle_fig['ratio']:.1f}" if idle_fig["ratio"] else ""))
    if o_idle:
        print(f"     one-connector kiosk {100 * idle_fig['one_connector']:.2f} % "
              f"({idle_fig['one_connector_fps']:.1f} frames/s: "
              + ("something animates on its attract screen)" if idle_fig["one_connector_fps"] > 0.2
                 else "nothing animates)"))
    if k_idle:
        busy = ", ".join(f"{t['thread']} {t['cpu_pct']:.2f} % / {t['wakeups_per_s']:.1f} wakeups/s"
                         for t in k_idle["threads"][:5])
        print(f"     kiosk threads: {busy}")
        a = k_idle["activity"]
        print(f"     while idle: {a['snapshots_published']} snapshots published, "
              f"{a['bridge_changes']} bridge changes, {a['wire_frames']} PSP frames "
              f"({', '.join(f'{n} x{c}' for n, c in sorted(k_idle['wire'].items()))})")
    ks, kt, bm = mem["kiosk_start"], mem["kiosk_taps"], mem["bare"]
    print(f"4. distinct memory (USS, private pages) [PSS / RSS]: kiosk {_mb(ks['uss'])} after "
          f"start-up [{_mb(ks['pss'])} / {_mb(ks['rss'])}], {_mb(kt['uss'])} after the taps; "
          f"bare window {_mb(bm['uss'])} [{_mb(bm['pss'])} / {_mb(bm['rss'])}]; "
          f"ratio {mem['ratio']:.2f}")
    if mem["bare_gl"]:
        g = mem["bare_gl"]
        print(f"     (the bare window on Qt's default OpenGL, llvmpipe here: {_mb(g['uss'])} USS "
              f"[{_mb(g['pss'])} / {_mb(g['rss'])}])")


def verdict_rows(r: dict) -> list[tuple[str, str, str, bool]]:
    start, lat_fig, idle_fig, mem = r["startup"], r["latency_ms"], r["idle"], r["mem"]
    tag = "X11" if r["platform"] == "xcb" else r["platform"]
    return [
        (f"{tag}: attract/bare", f"{start['ratio_home']:.2f}", f"<= {GOAL_STARTUP_RATIO}",
         start["pass"]),
        (f"{tag}: card read p99", f"{lat_fig.get('p99', float('nan')):.1f} ms "
         f"({lat_fig.get('p99_frames', float('nan')):.2f} fr)", f"<= {GOAL_LATENCY_P99_MS:.0f} ms",
         lat_fig["pass"]),
        (f"{tag}: idle CPU", f"{100 * (idle_fig['kiosk'] or 0):.2f} %"
         + (f" ({idle_fig['ratio']:.1f}x bare)" if idle_fig["ratio"] else ""),
         f"<= {100 * GOAL_IDLE_CPU:.0f} %", idle_fig["pass"]),
        (f"{tag}: idle CPU 1-conn.", f"{100 * (idle_fig['one_connector'] or 0):.2f} %",
         f"<= {100 * GOAL_IDLE_CPU:.0f} %", idle_fig["one_connector_pass"]),
        (f"{tag}: USS kiosk/bare", f"{mem['ratio']:.2f} ({_mb(max(mem['kiosk_start']['uss'], mem['kiosk_taps']['uss']))})",
         f"<= {GOAL_USS_RATIO}", mem["pass"]),
    ]


# ------------------------------------------------------------ screen captures, process trees

def _capture(display: str, step: int = 20) -> list[int]:
    """The root window of `display` (xwd), as grey levels sampled every `step` px."""
    import struct
    for _ in range(5):          # xwd fails now and then on a busy server: take another
        data = subprocess.run(["xwd", "-root", "-silent", "-display", display],
                              capture_output=True, timeout=10).stdout
        if len(data) >= 100:
            break
    else:
        raise RuntimeError(f"xwd gave no image of {display} five times")
    h = struct.unpack(">25I", data[:100])
    header_size, width, height, bpp, bpl, ncolors = h[0], h[4], h[5], h[11], h[12], h[19]
    if bpp != 32:
        raise RuntimeError(f"xwd gave {bpp} bits per pixel; expected a 24-bit Xvfb screen")
    base = header_size + 12 * ncolors
    out = []
    for y in range(step // 2, height, step):
        row = base + y * bpl
        for x in range(step // 2, width, step):
            i = row + 4 * x
            out.append((data[i] + data[i + 1] + data[i + 2]) // 3)
    return out


def _diff(a: list[int], b: list[int]) -> float:
    return sum(abs(p - q) for p, q in zip(a, b)) / len(a)


SAME_SCREEN = 1.0       # mean grey-level difference of the samples: the same screen
SETTLED_S = 1.5         # unchanged this long: the screen has settled


def time_to_content(start, display: str, timeout: float = 30.0) -> tuple[float, float]:
    """Start a process (start() -> (t_spawn, Popen)), capture the screen until it
    has settled, stop the process; returns (seconds from spawn to the first
    capture that already shows the settled screen, median capture interval)."""
    blank = _capture(display)
    t_spawn, proc = start()
    shots: list[tuple[float, list[int]]] = []
    try:
        while True:
            if CLOCK() - t_spawn > timeout:
                raise RuntimeError(f"the screen did not settle within {timeout:.0f} s")
            t_a = CLOCK()
            shot = _capture(display)
            t = (t_a + CLOCK()) / 2           # the screen was read during the capture
            shots.append((t, shot))
            if _diff(shot, blank) <= SAME_SCREEN:
                continue
            changed = [ts for ts, sh in shots if _diff(sh, shot) > SAME_SCREEN]
            settled_from = next(ts for ts, sh in shots if not changed or ts > changed[-1])
            if t - settled_from >= SETTLED_S:
                break
    finally:
        _stop(proc)
    final = shots[-1][1]
    first = next(ts for ts, sh in shots if _diff(sh, final) <= SAME_SCREEN)
    gaps = [b[0] - a[0] for a, b in zip(shots, shots[1:])]
    return first - t_spawn, statistics.median(gaps) if gaps else 0.0


def _tree(pid: int) -> list[int]:
    """pid and every descendant (from /proc/*/stat parent ids)."""
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as f:
                    stat = f.read()
            except OSError:
                continue
            ppid = int(stat[stat.rindex(")") + 2:].split()[1])
            children.setdefault(ppid, []).append(int(name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def _tree_cpu(pid: int) -> dict[int, float]:
    tick = os.sysconf("SC_CLK_TCK")
    out = {}
    for p in _tree(pid):
        try:
            with open(f"/proc/{p}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        out[p] = (int(fields[11]) + int(fields[12])) / tick
    return out


def _tree_mem(pid: int) -> dict:
    pids = _tree(pid)
    total = {"uss": 0, "pss": 0, "rss": 0, "processes": len(pids)}
    for p in pids:
        for k, v in _mem_kb(p).items():
            total[k] += v
    return total


def _chromium() -> str | None:
    import shutil
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _chromium_start(display: str, profile: str):
    def start():
        cmd = [_chromium(), "--kiosk", "--no-first-run", "--no-default-browser-check",
               "--noerrdialogs", "--disable-translate", "--password-store=basic",
               f"--user-data-dir={profile}", "--window-position=0,0",
               f"--window-size={SIZE[0]},{SIZE[1]}", "file://" + ATTRACT_HTML]
        if os.geteuid() == 0:
            cmd.insert(1, "--no-sandbox")      # Chromium refuses to run as root otherwise
        env = {**os.environ, "DISPLAY": display}
        t = CLOCK()
        return t, subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return start


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def bench_chromium(idle_s: float, reps: int) -> dict:
    """Bare window, kiosk and Chromium kiosk, each on its own Xvfb, timed and
    measured the same way from outside (screen captures, /proc)."""
    import shutil
    import tempfile

    from tests.benchmarks.xvfb import Xvfb
    who = ("bare", "kiosk", "chromium")
    times: dict[str, list[float]] = {w: [] for w in who}
    intervals: list[float] = []
    hold = 2 * SETTLED_S + 20

    data = tempfile.mkdtemp(prefix="bench-ui-books-")      # the kiosk's books, as at start-up

    def kiosk_env(display: str, name: str) -> dict:
        platform = Platform("xcb", display)
        return platform.bare_env if name == "bare" else {**platform.env, "BENCH_UI_DATA_DIR": data}

    def starter(name: str, display: str, profile: str):
        if name == "chromium":
            return _chromium_start(display, profile)
        env = kiosk_env(display, name)
        return lambda: _spawn(name, env=env, hold_s=hold)

    with Xvfb(SIZE) as display:
        for rep in range(reps + 1):              # the first round warms the caches, unmeasured
            for name in who:
                profile = tempfile.mkdtemp(prefix="bench-ui-chromium-")
                try:
                    t, interval = time_to_content(starter(name, display, profile), display)
                finally:
                    shutil.rmtree(profile, ignore_errors=True)
                if rep:
                    times[name].append(t)
                    intervals.append(interval)
    # Kiosk and Chromium side by side, each on its own screen: memory after
    # settling, then idle CPU. (Not the bare window too: it maps the same Qt
    # libraries as the kiosk, whose pages would then count as shared; the bare
    # window's own figures are items 3 and 4 above.)
    mem, cpu, procs, servers, profiles = {}, {}, {}, [], []
    try:
        for name in ("kiosk", "chromium"):
            server = Xvfb(SIZE)
            servers.append(server)
            display = server.__enter__()
            profile = tempfile.mkdtemp(prefix="bench-ui-chromium-")
            profiles.append(profile)
            if name == "chromium":
                procs[name] = starter(name, display, profile)()[1]
            else:
                procs[name] = _spawn(name, env=kiosk_env(display, name), hold_s=hold + idle_s)[1]
        time.sleep(SETTLE_S + 3)
        for name, proc in procs.items():
            mem[name] = _tree_mem(proc.pid)
        before = {name: _tree_cpu(p.pid) for name, p in procs.items()}
        t0 = CLOCK()
        time.sleep(idle_s)
        wall = CLOCK() - t0
        for name, proc in procs.items():
            after = _tree_cpu(proc.pid)
            cpu[name] = sum(v - before[name].get(p, 0.0) for p, v in after.items()) / wall
    finally:
        for proc in procs.values():
            _stop(proc)
        for server in servers:
            server.__exit__()
        for profile in profiles:
            shutil.rmtree(profile, ignore_errors=True)
        shutil.rmtree(data, ignore_errors=True)
    med = {w: statistics.median(v) for w, v in times.items()}
    return {"startup_s": med, "samples_s": times, "capture_interval_s": statistics.median(intervals),
            "mem_kb": mem, "idle_cpu": cpu, "idle_s": idle_s, "reps": reps}


def report_chromium(c: dict) -> None:
    st, mem, cpu = c["startup_s"], c["mem_kb"], c["idle_cpu"]
    b, k, ch = st["bare"], st["kiosk"], st["chromium"]
    print(f"5. Chromium kiosk vs this kiosk, X11 on Xvfb, the same attract screen "
          f"(tests/benchmarks/attract.html), {c['reps']} fresh starts each, spawn -> first screen "
          f"capture showing the settled screen (a capture every {1000 * c['capture_interval_s']:.0f} ms):")
    print(f"     bare window {1000 * b:.0f} ms, kiosk {1000 * k:.0f} ms ({k / b:.2f}x bare), "
          f"chromium {1000 * ch:.0f} ms ({ch / b:.2f}x bare, {ch / k:.2f}x the kiosk)")
    print(f"     distinct memory of the process tree, USS summed [PSS summed], the two side by side: "
          f"kiosk {_mb(mem['kiosk']['uss'])} "
          f"[{_mb(mem['kiosk']['pss'])}], chromium {_mb(mem['chromium']['uss'])} "
          f"[{_mb(mem['chromium']['pss'])}] in {mem['chromium']['processes']} processes: "
          f"{mem['chromium']['uss'] / mem['kiosk']['uss']:.1f}x the kiosk "
          f"[{mem['chromium']['pss'] / mem['kiosk']['pss']:.1f}x]")
    ratio = f"{cpu['chromium'] / cpu['kiosk']:.1f}x the kiosk" if cpu["kiosk"] > 0 else "(kiosk 0)"
    print(f"     idle CPU over {c['idle_s']:.0f} s, all processes of each tree: "
          f"kiosk {100 * cpu['kiosk']:.2f} %, chromium "
          f"{100 * cpu['chromium']:.2f} % of a core: {ratio}")


def _load() -> str:
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "?"


def run(idle_s: float = IDLE_S, taps: int = TAPS, reps: int = REPS) -> dict:
    import shutil

    from tests.benchmarks.xvfb import Xvfb
    t_start = CLOCK()
    print(f"UI benchmark at {SIZE[0]}x{SIZE[1]}, Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} CPUs, load average {_load()} at the start", flush=True)
    results = [bench_platform(Platform("offscreen"), idle_s, taps, reps)]
    report_platform(results[0], reps)
    x11_why = Xvfb.missing() if WITH_X11 else "BENCH_UI_X11=0"
    chromium = None
    if x11_why is None:
        with Xvfb(SIZE) as display:
            results.append(bench_platform(Platform("xcb", display), idle_s, taps, reps))
        report_platform(results[-1], reps)
        chromium_why = None if WITH_CHROMIUM else "BENCH_UI_CHROMIUM=0"
        if chromium_why is None and _chromium() is None:
            chromium_why = "chromium is not installed"
        if chromium_why is None and shutil.which("xwd") is None:
            chromium_why = "xwd (x11-apps) is not installed"
        if chromium_why is None:
            chromium = bench_chromium(idle_s, max(1, min(reps, 3)))
            report_chromium(chromium)
        else:
            print(f"5. Chromium kiosk comparison skipped: {chromium_why}")
    else:
        print(f"-- no X11 window: {x11_why}; 5. Chromium comparison skipped with it")
    if _PYCACHE:
        shutil.rmtree(_PYCACHE, ignore_errors=True)
        print("   (PYTHONDONTWRITEBYTECODE is set here: the children used a bytecode cache of "
              "their own, warmed before the figures, so modules load as on an installed station)")
    print()
    rows = [row for r in results for row in verdict_rows(r)]
    print(f"  {'figure':<28} {'measured':<22} {'goal':<10} verdict")
    for name, value, goal, ok in rows:
        print(f"  {name:<28} {value:<22} {goal:<10} {_verdict(ok)}")
    if chromium:
        st, mem, cpu = chromium["startup_s"], chromium["mem_kb"], chromium["idle_cpu"]
        print(f"  {'chromium/kiosk: start':<28} {st['chromium'] / st['kiosk']:.2f}x")
        print(f"  {'chromium/kiosk: USS tree':<28} {mem['chromium']['uss'] / mem['kiosk']['uss']:.2f}x")
        if cpu["kiosk"] > 0:
            print(f"  {'chromium/kiosk: idle CPU':<28} {cpu['chromium'] / cpu['kiosk']:.1f}x")
    verdict = all(r[3] for r in rows)
    print(f"ui overall: {_verdict(verdict)} ({CLOCK() - t_start:.0f} s; load average {_load()} "
          f"at the end)")
    knobs = " ".join(f"{k}={v:g}" for k, v, d in (("BENCH_UI_IDLE_S", idle_s, 30),
                                                  ("BENCH_UI_TAPS", taps, 100),
                                                  ("BENCH_UI_REPS", reps, 5)) if v != d)
    print(f"reproduce: {knobs + ' ' if knobs else ''}{sys.executable} -m tests.benchmarks ui"
          f"   (or: make bench)")
    return {"platforms": results, "chromium": chromium, "pass": verdict}


def _child_main(argv: list[str]) -> int:
    t0 = CLOCK()      # before PySide6 is imported
    import argparse
    p = argparse.ArgumentParser()
    p.add_argument("--child", choices=("bare", "kiosk", "harness"))
    p.add_argument("--idle", type=float, default=IDLE_S)
    p.add_argument("--taps", type=int, default=TAPS)
    p.add_argument("--reps", type=int, default=REPS)
    p.add_argument("--connectors", type=int, default=0)
    p.add_argument("--hold", type=float, default=0.0)
    p.add_argument("--mem", action="store_true")
    a = p.parse_args(argv)
    if a.child is None:
        run(a.idle, a.taps, a.reps)
        return 0
    if a.child == "bare":
        result = child_bare(t0, a.idle, a.hold, a.mem)
    elif a.child == "harness":
        result = child_harness(t0)
    else:
        result = child_kiosk(t0, a.idle, a.taps, a.connectors, a.hold)
    _emit_result(result)
    sys.stderr.flush()
    os._exit(0)     # skip interpreter teardown (PySide at exit): the result is out


if __name__ == "__main__":
    sys.exit(_child_main(sys.argv[1:]))
