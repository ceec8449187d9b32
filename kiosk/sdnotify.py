"""systemd's notify protocol and a watchdog that vouches for two threads.

Written against the socket (one datagram per message to $NOTIFY_SOCKET, see
sd_notify(3)), so the kiosk needs no systemd library and every call is a no-op
when it is not run by systemd.

The watchdog pings systemd (WATCHDOG=1) only while every thread it watches
answers: each tick posts a probe onto each watched thread (the Qt UI thread,
the backend's asyncio loop) and pings only if all of the previous tick's probes
ran. A frozen backend behind a live screen, or a frozen screen over a live
backend, stops the pings and systemd restarts the kiosk (WatchdogSec=).
"""
from __future__ import annotations

import logging
import os
import socket
import threading
from typing import Callable

log = logging.getLogger("kiosk.sdnotify")


def notify(message: str, env: dict | None = None) -> bool:
    """Send one notification ("READY=1", "STATUS=...", "WATCHDOG=1", "STOPPING=1").
    False when not run under systemd (no NOTIFY_SOCKET) or the send failed."""
    path = (os.environ if env is None else env).get("NOTIFY_SOCKET", "")
    if not path:
        return False
    if path.startswith("@"):            # abstract namespace
        path = "\0" + path[1:]
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as s:
            s.connect(path)
            s.sendall(message.encode())
        return True
    except OSError as e:
        log.warning("sd_notify %r failed: %s", message.split("=")[0], e)
        return False


def watchdog_interval(env: dict | None = None) -> float | None:
    """How often to ping: half of WatchdogSec=, as sd_watchdog_enabled(3)
    advises. None when systemd expects no pings from this process."""
    env = os.environ if env is None else env
    try:
        usec = int(env.get("WATCHDOG_USEC", ""))
    except ValueError:
        return None
    pid = env.get("WATCHDOG_PID", "")
    if usec <= 0 or (pid and pid != str(os.getpid())):
        return None
    return usec / 2e6


# A probe poster runs a callable on the thread it watches, soon, from any thread:
# for asyncio loop.call_soon_threadsafe, for Qt a queued call (kiosk/ui/run.py).
Poster = Callable[[Callable[[], None]], None]


class Watchdog:
    """Pings systemd every `interval` seconds while every watched thread answers."""

    def __init__(self, interval: float, posters: dict[str, Poster],
                 send: Callable[[str], bool] = notify):
        self.interval = interval
        self.posters = dict(posters)
        self.send = send
        self._answered: dict[str, bool] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="watchdog", daemon=True)
        self.silent: tuple[str, ...] = ()     # who failed to answer at the last tick

    def start(self) -> "Watchdog":
        self._probe()
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(2 * self.interval + 1)

    def _answer(self, name: str) -> None:
        with self._lock:
            self._answered[name] = True

    def _probe(self) -> None:
        with self._lock:
            self._answered = {name: False for name in self.posters}
        for name, post in self.posters.items():
            try:
                post(lambda name=name: self._answer(name))
            except Exception as e:      # the loop is closed: it will never answer
                log.warning("watchdog: cannot reach the %s thread: %s", name, e)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            with self._lock:
                silent = tuple(n for n, ok in self._answered.items() if not ok)
            if silent != self.silent:
                if silent:
                    log.error("watchdog: the %s thread did not answer within %.1f s; "
                              "not pinging systemd", " and ".join(silent), self.interval)
                else:
                    log.warning("watchdog: every thread answers again")
                self.silent = silent
            if not silent:
                self.send("WATCHDOG=1")
            self._probe()


# ------------------------------------------------------------------ the journal

_PRIORITY = {logging.CRITICAL: 2, logging.ERROR: 3, logging.WARNING: 4, logging.INFO: 6,
             logging.DEBUG: 7}


class JournalFormatter(logging.Formatter):
    """"<3>kiosk.psp.client: ..." : journald reads the <N> prefix on a line of
    stderr as its priority (sd-daemon(3)), so `journalctl -p warning` works;
    the journal stamps the time itself."""

    def format(self, record: logging.LogRecord) -> str:
        priority = _PRIORITY.get(record.levelno, 6 if record.levelno < logging.WARNING else 3)
        return f"<{priority}>{record.name}: {super().format(record)}"


def stderr_is_journal(env: dict | None = None) -> bool:
    """True when systemd connected stderr to the journal ($JOURNAL_STREAM is
    its device:inode)."""
    stream = (os.environ if env is None else env).get("JOURNAL_STREAM", "")
    try:
        st = os.fstat(2)
    except OSError:
        return False
    return stream == f"{st.st_dev}:{st.st_ino}"


def status_line(view) -> str:
    """STATUS= text for `systemctl status`: the terminal link and the charger
    link, then each connector's phase (a StationView from the journey)."""
    from kiosk.journey.snapshot import Phase
    offline = [c.label for c in view.connectors if c.phase is Phase.CHARGER_OFFLINE]
    charger = f"offline ({', '.join(offline)})" if offline else "online"
    points = ", ".join(f"{c.label} {c.phase.value}" for c in view.connectors)
    return f"terminal {view.terminal.value}; charger {charger}; {points}"


class StatusReporter:
    """Sends STATUS= when the line changes (snapshots arrive several times a
    second while charging; the status line changes far less often)."""

    def __init__(self, send: Callable[[str], bool] = notify):
        self.send = send
        self.last = ""

    def __call__(self, view) -> None:
        line = status_line(view)
        if line != self.last:
            self.last = line
            self.send("STATUS=" + line)
