"""The kiosk and the terminal simulator as real processes, for fault tests and the
fault benchmark: the simulator keeps its own books (a JSON file) so that what the
terminal committed can be read after the kiosk was killed, and every wait is
bounded."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

PY = sys.executable
ENV = {**os.environ, "PYTHONUNBUFFERED": "1"}


class Terminal:
    """`ev-kiosk sim-terminal` on a free TCP port, auto-tapping a card."""

    def __init__(self, tmp_path: Path, *, auto_tap: float = 0.3, finalise_delay: float = 0.0):
        self.books_path = tmp_path / "terminal-books.json"
        self.proc = subprocess.Popen(
            [PY, "-m", "kiosk.cli", "sim-terminal", "--port", "0", "--auto-tap", str(auto_tap),
             "--auth-delay", "0.05", "--books", str(self.books_path),
             "--finalise-delay", str(finalise_delay)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
        line = self.proc.stdout.readline()
        if "tcp://" not in line:
            self.proc.kill()
            raise AssertionError("the terminal simulator did not start: " + line
                                 + self.proc.stderr.read())
        self.url = line.strip().split()[-1]

    def books(self) -> dict:
        return json.loads(self.books_path.read_text())

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(2)   # SIGINT: it writes its books and exits
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


def write_config(path: Path, data_dir: Path, url: str, extra: str = "") -> Path:
    path.write_text(f"""
[station]
data_dir = "{data_dir}"
[terminal]
url = "{url}"
[charger]
time_scale = 120
[modes]
tap_to_start = false
tap_to_stop = false
[tariff]
energy_per_kwh = 100
session_fee = 0
idle_fee_per_minute = 0
{extra}
""")
    return path


def write_scenario(path: Path, steps: list[tuple[float, str, dict]]) -> Path:
    out = []
    for at, do, args in steps:
        out.append(f"[[step]]\nat = {at}\ndo = \"{do}\"")
        out += [f"{k} = {json.dumps(v)}" for k, v in args.items()]
    path.write_text("\n".join(out) + "\n")
    return path


class KioskProcess:
    """`ev-kiosk --headless`: its JSON lines are read on a thread into `events`."""

    @staticmethod
    def command(cfg: Path, scenario: Path | None = None, *extra: str) -> list[str]:
        args = [PY, "-m", "kiosk.cli", "--headless", "--config", str(cfg), *extra]
        if scenario is not None:
            args += ["--scenario", str(scenario)]
        return args

    def __init__(self, cfg: Path, scenario: Path | None = None, *extra: str):
        args = self.command(cfg, scenario, *extra)
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, env=ENV)
        self.events: list[dict] = []
        self.lines: list[str] = []
        self._cond = threading.Condition()
        self._stderr: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=lambda: self._stderr.extend(self.proc.stderr), daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            with self._cond:
                self.lines.append(line)
                try:
                    self.events.append(json.loads(line))
                except ValueError:
                    pass
                self._cond.notify_all()
        with self._cond:
            self._cond.notify_all()

    def find(self, name: str, **match) -> list[dict]:
        with self._cond:
            return [e for e in self.events if e.get("event") == name
                    and all(e.get(k) == v for k, v in match.items())]

    def wait_event(self, name: str, timeout: float = 15.0, **match) -> dict:
        end = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [e for e in self.events if e.get("event") == name
                         and all(e.get(k) == v for k, v in match.items())]
                if found:
                    return found[0]
                left = end - time.monotonic()
                if left <= 0 or (self.proc.poll() is not None and not found):
                    raise AssertionError(f"no {name} {match} within {timeout} s; last events: "
                                         f"{self.events[-8:]}\nstderr: {self.stderr[-1500:]}")
                self._cond.wait(min(left, 0.2))

    def wait(self, timeout: float = 30.0) -> int:
        rc = self.proc.wait(timeout)
        time.sleep(0.05)    # let the reader threads take the last lines
        return rc

    @property
    def stderr(self) -> str:
        return "".join(self._stderr)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)

    def terminate(self, timeout: float = 10.0) -> int:
        if self.proc.poll() is None:
            self.proc.terminate()
        return self.wait(timeout)
