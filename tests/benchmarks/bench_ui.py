"""The touchscreen UI (issue #4, item 7): start-up, card-read-to-screen latency,
idle CPU and resident memory, each against a reference measured in the same run
(machines are shared and noisy, so absolute figures alone say little).

1. Start-up: from process start (the parent's clock just before it spawns the
   process; CLOCK_MONOTONIC is system-wide, so the child's timestamps compare)
   to the window's first QQuickWindow.frameSwapped. The kiosk (kiosk.ui.run.Kiosk
   on the embedded demo: backend thread with the terminal and charger
   simulators, then the QML engine, run under qasync as run_window does)
   against a bare `Window { Rectangle {} }` loaded by a QQmlApplicationEngine,
   each in a fresh interpreter, alternating bare/kiosk/UI-only, median of REPS.
   The backend start is inside the kiosk's span (it is part of the product's
   start-up); the UI-only figure (kiosk.ui.harness.Harness: the same QML, no
   backend, showing the two-connector attract screen) is printed beside it, and
   the figure from before `import PySide6` too. Goal: kiosk/bare <= 1.5.
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
4. Resident memory (VmRSS) after start-up and after the taps; the bare window's
   as reference. Goal: <= 200 MB.

    QT_QPA_PLATFORM=offscreen python -m tests.benchmarks ui      (make bench runs all)
    BENCH_UI_IDLE_S=5 BENCH_UI_TAPS=20 BENCH_UI_REPS=3 ...   a quick run (defaults 30 s, 100, 5)
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

GOAL_STARTUP_RATIO = 1.5
GOAL_LATENCY_P99_MS = 17.0
GOAL_IDLE_CPU = 0.01
GOAL_RSS_MB = 200.0

IDLE_S = float(os.environ.get("BENCH_UI_IDLE_S", "30"))
TAPS = int(os.environ.get("BENCH_UI_TAPS", "100"))
REPS = int(os.environ.get("BENCH_UI_REPS", "5"))
SIZE = (1280, 800)
DECLINED_S = 0.2          # the declined screen's timeout in the taps loop (config default 8 s)
SETTLE_S = 2.0            # after start-up, before idle and RSS figures
MARK = "BENCH_UI_JSON "
CLOCK = time.monotonic    # the PSP client's default clock: every timestamp here uses it

BARE_QML = b"""import QtQuick
Window {
    visible: true
    width: %d
    height: %d
    Rectangle { anchors.fill: parent; color: "steelblue" }
}
""" % SIZE


# ============================================================ child side helpers

def _rss_kb() -> dict:
    out = {}
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(("VmRSS:", "VmHWM:")):
                out[line.split(":")[0]] = int(line.split()[1])
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

def child_bare(t0: float, idle_s: float) -> dict:
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
    result = {"t0": t0, "first_frame": frames.swaps[0], "platform": app.platformName()}
    if idle_s > 0:
        _qt_wait(SETTLE_S)
        result["rss_kb"] = _rss_kb()
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


def child_kiosk(t0: float, idle_s: float, taps: int, connectors: int = 0) -> dict:
    """Start the kiosk as the console script does (kiosk.cli, then Kiosk, then
    qasync: run_window); first frame; then, when asked, idle CPU, RSS, frame
    interval and the taps loop."""
    import random
    import shutil
    import tempfile

    import kiosk.cli  # noqa: F401  (the console script's first import)
    from kiosk.ui.run import Kiosk

    tmp = tempfile.mkdtemp(prefix="bench-ui-")
    measure = idle_s > 0 or taps > 0
    wire: list[tuple[float, str, str]] = []
    events: list[tuple[float, dict]] = []
    publishes: list[tuple[float, object]] = []
    applies: list[tuple[float, float, str]] = []     # (entry, exit, screen) of apply_now
    if measure:
        from kiosk.ui import bridge as bridge_module
        # Stamp every snapshot the backend publishes (the backend thread's side of the hop).
        original_publish = bridge_module.StationBridge.publish

        def publish(self, view):
            publishes.append((CLOCK(), view))
            original_publish(self, view)
        bridge_module.StationBridge.publish = publish
        # ... and the UI thread's side: entry, and exit once QML has reacted to `changed`.
        original_apply = bridge_module.StationBridge.apply_now

        def apply_now(self, view):
            t_in = CLOCK()
            original_apply(self, view)
            applies.append((t_in, CLOCK(), self._screen))
        bridge_module.StationBridge.apply_now = apply_now

    hooked: list[Frames] = []
    hook_engine(lambda w: hooked.append(Frames(w)))
    cfg = _kiosk_config(tmp, DECLINED_S if measure else None, connectors)
    imported = CLOCK()
    ui = Kiosk(cfg, size=SIZE,
               wire_log=(lambda r: wire.append((r.time, r.direction, r.name))) if measure else None,
               emit=(lambda e: events.append((CLOCK(), e))) if measure else None)
    stamps = {"imported": imported, **ui.timeline}

    import asyncio     # run_window's imports, after Kiosk as there

    import qasync

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
    result: dict = {"t0": t0, "stamps": stamps}

    async def wait_for(pred, timeout: float, step: float = 0.005) -> bool:
        end = CLOCK() + timeout
        while not pred():
            if CLOCK() > end:
                return False
            await asyncio.sleep(step)
        return True

    def first_home_frame() -> float | None:
        ready = next((t for t, s in changes if s == "home"), None)
        return None if ready is None else frames.swap_after_sync_after(ready)

    async def main() -> None:
        if not await wait_for(lambda: frames.swaps and first_home_frame(), 20):
            raise RuntimeError(f"no frame of the attract screen within 20 s "
                               f"(frames {len(frames.swaps)}, screens {changes[-3:]})")
        result["first_frame"] = frames.swaps[0]
        result["first_home_frame"] = first_home_frame()
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

    try:
        with loop:
            loop.run_until_complete(main())
    finally:
        ui.close()
        shutil.rmtree(tmp, ignore_errors=True)
    return result


# ============================================================ parent side

_PYCACHE: str | None = None


def _child_env() -> dict:
    """The children's environment. Start-up is measured with the modules' bytecode
    cached, as on an installed station: when this environment forbids writing
    bytecode (PYTHONDONTWRITEBYTECODE, which would make every kiosk module compile
    from source at every start), the children get a cache directory of their own."""
    global _PYCACHE
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    if sys.dont_write_bytecode or env.get("PYTHONDONTWRITEBYTECODE"):
        if _PYCACHE is None:
            import tempfile
            _PYCACHE = tempfile.mkdtemp(prefix="bench-ui-pycache-")
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = _PYCACHE
    return env


def _spawn(mode: str, idle_s: float = 0.0, taps: int = 0,
           connectors: int = 0) -> tuple[float, subprocess.Popen]:
    env = _child_env()
    cmd = [sys.executable, os.path.abspath(__file__), "--child", mode,
           "--idle", str(idle_s), "--taps", str(taps), "--connectors", str(connectors)]
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
    for line in out.splitlines():
        if line.startswith(MARK):
            return json.loads(line[len(MARK):])
    raise RuntimeError(f"bench_ui child {mode!r} exited {proc.returncode} without a result\n"
                       f"{out[-2000:]}\n{err[-3000:]}")


def _run_child(mode: str, idle_s: float = 0.0, taps: int = 0, timeout: float = 60) -> dict:
    t_spawn, proc = _spawn(mode, idle_s, taps)
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


def bench_startup(reps: int = REPS) -> dict:
    spans: dict[str, dict[str, list[float]]] = {
        m: {"spawn": [], "import": []} for m in ("bare", "kiosk", "kiosk_home", "harness")}
    phases: dict[str, list[float]] = {k: [] for k in (
        "interpreter", "imports", "window", "first_frame", "backend", "attract")}
    for mode in ("bare", "kiosk", "harness"):   # warm the file and bytecode caches, unmeasured
        _run_child(mode)
    for _ in range(reps):
        for mode in ("bare", "kiosk", "harness"):
            r = _run_child(mode)
            spans[mode]["spawn"].append(r["first_frame"] - r["t_spawn"])
            spans[mode]["import"].append(r["first_frame"] - r["t0"])
            if mode == "kiosk":
                spans["kiosk_home"]["spawn"].append(r["first_home_frame"] - r["t_spawn"])
                spans["kiosk_home"]["import"].append(r["first_home_frame"] - r["t0"])
                st = r["stamps"]
                for k, a, b in (("interpreter", r["t_spawn"], r["t0"]),
                                ("imports", r["t0"], st["imported"]),
                                ("window", st["imported"], st["window"]),
                                ("first_frame", st["window"], r["first_frame"]),
                                ("backend", r["first_frame"], st["backend"]),
                                ("attract", st["backend"], r["first_home_frame"])):
                    phases[k].append(b - a)
    med = {m: {k: statistics.median(v) for k, v in d.items()} for m, d in spans.items()}
    ratio = med["kiosk"]["spawn"] / med["bare"]["spawn"]
    return {"median_s": med, "samples_s": spans, "ratio": ratio,
            "ratio_home": med["kiosk_home"]["spawn"] / med["bare"]["spawn"],
            "ratio_ui_only": med["harness"]["spawn"] / med["bare"]["spawn"],
            "ratio_from_import": med["kiosk"]["import"] / med["bare"]["import"],
            "pass": ratio <= GOAL_STARTUP_RATIO,
            "kiosk_phases_ms": {k: 1000 * statistics.median(v) for k, v in phases.items()}}


def run(idle_s: float = IDLE_S, taps: int = TAPS, reps: int = REPS) -> dict:
    t_start = CLOCK()
    start = bench_startup(reps)

    # Idle, RSS and taps: the kiosk (the embedded demo: two connectors), a
    # one-connector kiosk (its attract screen differs) and the bare window side by
    # side, idling over the same wall-clock span; then the taps, on the first.
    _, bare_proc = _spawn("bare", idle_s, 0)
    _, kiosk_proc = _spawn("kiosk", idle_s, taps)
    _, one_proc = _spawn("kiosk", idle_s, 0, connectors=1)
    limit = 60 + idle_s + 2 * taps
    bare = _collect(bare_proc, "bare", limit)
    one = _collect(one_proc, "kiosk (one connector)", limit)
    kiosk = _collect(kiosk_proc, "kiosk", limit)
    if _PYCACHE:
        import shutil
        shutil.rmtree(_PYCACHE, ignore_errors=True)

    # ---- figures
    samples = kiosk["taps"]["samples"]
    lat = [1000 * s["read_to_swap"] for s in samples]
    interval = kiosk.get("frame_interval_ms")
    interval_src = "median frameSwapped interval of the dim overlay's fade (offscreen: no vsync)"
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
    rss = {"kiosk_start_mb": kiosk["rss_after_start_kb"]["VmRSS"] / 1024,
           "kiosk_taps_mb": kiosk["rss_after_taps_kb"]["VmRSS"] / 1024,
           "kiosk_peak_mb": kiosk["rss_after_taps_kb"]["VmHWM"] / 1024,
           "bare_mb": bare["rss_kb"]["VmRSS"] / 1024}
    rss["ratio"] = max(rss["kiosk_start_mb"], rss["kiosk_taps_mb"]) / rss["bare_mb"]
    rss["pass"] = max(rss["kiosk_start_mb"], rss["kiosk_taps_mb"], rss["kiosk_peak_mb"]) <= GOAL_RSS_MB

    # ---- report
    m = start["median_s"]
    print(f"UI benchmark at {SIZE[0]}x{SIZE[1]}, QT_QPA_PLATFORM={os.environ.get('QT_QPA_PLATFORM', '')}, "
          f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    print(f"1. start-up to first frameSwapped, median of {reps} fresh processes each "
          f"(bare/kiosk/UI-only alternating); from process spawn [from before `import PySide6`]:")
    print(f"     bare Window{{Rectangle{{}}}}       {1000 * m['bare']['spawn']:7.0f} ms "
          f"[{1000 * m['bare']['import']:5.0f} ms]")
    print(f"     kiosk, first frame (Starting…) {1000 * m['kiosk']['spawn']:6.0f} ms "
          f"[{1000 * m['kiosk']['import']:5.0f} ms]  ratio {start['ratio']:.2f} "
          f"[{start['ratio_from_import']:.2f}]")
    print(f"     kiosk, first attract frame    {1000 * m['kiosk_home']['spawn']:7.0f} ms "
          f"          ratio {start['ratio_home']:.2f}")
    print(f"     UI only (Harness, no backend) {1000 * m['harness']['spawn']:7.0f} ms "
          f"[{1000 * m['harness']['import']:5.0f} ms]  ratio {start['ratio_ui_only']:.2f}")
    ph = start["kiosk_phases_ms"]
    print(f"     kiosk's span, medians: interpreter {ph['interpreter']:.0f} ms, imports (kiosk.cli, "
          f"config, UI modules, PySide6) {ph['imports']:.0f}, QGuiApplication + QML load "
          f"{ph['window']:.0f}, event loop to the first frame (\"Starting…\") "
          f"{ph['first_frame']:.0f}; then backend imports + thread start {ph['backend']:.0f}, "
          f"first snapshot to the attract screen's frame {ph['attract']:.0f}")
    print(f"2. Card Read decoded -> frameSwapped of the new screen ({', '.join(lat_fig.get('screens', []))}),"
          f" {lat_fig['n']} taps ({lat_fig['missed']} missed, {lat_fig['refused']} refused):")
    if lat:
        print(f"     p50 {lat_fig['p50']:.1f} ms, p99 {lat_fig['p99']:.1f} ms, max {lat_fig['max']:.1f} ms; "
              f"frame interval {interval:.1f} ms ({interval_src}): p99 = "
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
        print(f"     clocks: wire log {kiosk['clocks']['wire_log']}, frames {kiosk['clocks']['frames']} "
              f"({kiosk['clocks']['monotonic']}; perf_counter is {kiosk['clocks']['perf_counter']})")
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
        busy = ", ".join(f"{r['thread']} {r['cpu_pct']:.2f} % / {r['wakeups_per_s']:.1f} wakeups/s"
                         for r in k_idle["threads"][:5])
        print(f"     kiosk threads: {busy}")
        a = k_idle["activity"]
        print(f"     while idle: {a['snapshots_published']} snapshots published, "
              f"{a['bridge_changes']} bridge changes, {a['wire_frames']} PSP frames "
              f"({', '.join(f'{n} x{c}' for n, c in sorted(k_idle['wire'].items()))})")
    print(f"4. resident memory (VmRSS): kiosk {rss['kiosk_start_mb']:.0f} MB after start-up, "
          f"{rss['kiosk_taps_mb']:.0f} MB after the taps (peak {rss['kiosk_peak_mb']:.0f} MB); "
          f"bare window {rss['bare_mb']:.0f} MB; ratio {rss['ratio']:.2f}")
    if _PYCACHE:
        print("   (PYTHONDONTWRITEBYTECODE is set here: the children used a bytecode cache of "
              "their own, warmed before the figures, so modules load as on an installed station)")
    print()
    rows = [
        ("start-up kiosk/bare", f"{start['ratio']:.2f}", f"<= {GOAL_STARTUP_RATIO}", start["pass"]),
        ("card read -> frame p99", f"{lat_fig.get('p99', float('nan')):.1f} ms "
         f"({lat_fig.get('p99_frames', float('nan')):.2f} fr)", f"<= {GOAL_LATENCY_P99_MS:.0f} ms",
         lat_fig["pass"]),
        ("idle CPU kiosk", f"{100 * (idle_fig['kiosk'] or 0):.2f} %"
         + (f" ({idle_fig['ratio']:.1f}x bare)" if idle_fig["ratio"] else ""),
         f"<= {100 * GOAL_IDLE_CPU:.0f} %", idle_fig["pass"]),
        ("idle CPU 1-connector", f"{100 * (idle_fig['one_connector'] or 0):.2f} %",
         f"<= {100 * GOAL_IDLE_CPU:.0f} %", idle_fig["one_connector_pass"]),
        ("RSS kiosk (max)", f"{max(rss['kiosk_start_mb'], rss['kiosk_taps_mb']):.0f} MB "
         f"({rss['ratio']:.2f}x bare)", f"<= {GOAL_RSS_MB:.0f} MB", rss["pass"]),
    ]
    print(f"  {'figure':<24} {'measured':<24} {'goal':<10} verdict")
    for name, value, goal, ok in rows:
        print(f"  {name:<24} {value:<24} {goal:<10} {_verdict(ok)}")
    verdict = all(r[3] for r in rows)
    print(f"ui overall: {_verdict(verdict)} ({CLOCK() - t_start:.0f} s)")
    knobs = " ".join(f"{k}={v:g}" for k, v, d in (("BENCH_UI_IDLE_S", idle_s, 30),
                                                  ("BENCH_UI_TAPS", taps, 100),
                                                  ("BENCH_UI_REPS", reps, 5)) if v != d)
    print(f"reproduce: {knobs + ' ' if knobs else ''}QT_QPA_PLATFORM=offscreen {sys.executable} "
          f"-m tests.benchmarks ui   (or: make bench)")
    return {"startup": start, "latency_ms": lat_fig, "frame_interval_ms": interval,
            "idle": idle_fig, "rss": rss, "pass": verdict}


def _child_main(argv: list[str]) -> int:
    t0 = CLOCK()      # before PySide6 is imported
    import argparse
    p = argparse.ArgumentParser()
    p.add_argument("--child", choices=("bare", "kiosk", "harness"))
    p.add_argument("--idle", type=float, default=IDLE_S)
    p.add_argument("--taps", type=int, default=TAPS)
    p.add_argument("--reps", type=int, default=REPS)
    p.add_argument("--connectors", type=int, default=0)
    a = p.parse_args(argv)
    if a.child is None:
        run(a.idle, a.taps, a.reps)
        return 0
    if a.child == "bare":
        result = child_bare(t0, a.idle)
    elif a.child == "harness":
        result = child_harness(t0)
    else:
        result = child_kiosk(t0, a.idle, a.taps, a.connectors)
    _emit_result(result)
    sys.stderr.flush()
    os._exit(0)     # skip interpreter teardown (PySide at exit): the result is out


if __name__ == "__main__":
    sys.exit(_child_main(sys.argv[1:]))
