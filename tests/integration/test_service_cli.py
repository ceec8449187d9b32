"""`ev-kiosk service` against a running headless kiosk, both real processes: a stuck
hold found and voided, a connector taken out of service that stays out across a
restart, the audit; and the one-line errors (bad PIN hash, unwritable export
directory, a socket path that exists, a second client at once)."""
from __future__ import annotations

import json
import os
import queue
import signal
import socket
import sqlite3
import subprocess
import stat
import sys
import tarfile
import threading
import time
from pathlib import Path

import pytest

from kiosk.sim.terminal import CARDS

pytestmark = pytest.mark.timeout(120)

CONFIG = """
[station]
data_dir = "{data}"
[terminal]
url = "sim"
[charger]
connectors = 1
time_scale = 60
[timeouts]
receipt_s = 2
[tariff]
energy_per_kwh = 100
time_per_minute = 0
session_fee = 0
idle_fee_per_minute = 0
"""

STUCK = """
[[step]]
at = 0.3
do = "terminal_refuse_commits"
seconds = 600
[[step]]
at = 0.6
do = "tap"
[[step]]
at = 0.9
do = "plug"
connector = 1
[[step]]
at = 2.5
do = "unplug"
connector = 1
[[step]]
at = 90
do = "end"
"""

TAP_ONLY = """
[[step]]
at = 1.0
do = "tap"
[[step]]
at = 3.0
do = "end"
"""


class Headless:
    """The kiosk as a process; its JSON lines collected on a thread."""

    def __init__(self, cfg: Path, scenario: Path):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kiosk.cli", "--headless", "--config", str(cfg),
             "--scenario", str(scenario)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True)
        self.events: queue.Queue = queue.Queue()
        self.seen: list[dict] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.events.put(json.loads(line))

    def wait(self, name: str, timeout: float = 15.0, **match) -> dict:
        end = time.monotonic() + timeout
        while True:
            for e in self.seen:
                if e.get("event") == name and all(e.get(k) == v for k, v in match.items()):
                    return e
            left = end - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no {name} {match} in {timeout} s: {self.seen[-10:]}")
            try:
                self.seen.append(self.events.get(timeout=left))
            except queue.Empty:
                pass

    def stop(self) -> tuple[int, str]:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        rc = self.proc.wait(timeout=20)
        return rc, self.proc.stderr.read()


def service(cfg: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kiosk.cli", "service", "--config", str(cfg),
                           *args], capture_output=True, text=True, timeout=30)


def one_line(run: subprocess.CompletedProcess) -> str:
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    return lines[0]


def until(fn, timeout: float, what: str):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = fn()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"{what} not within {timeout} s")


@pytest.fixture
def station(tmp_path):
    data = tmp_path / "data"
    cfg = tmp_path / "station.toml"
    cfg.write_text(CONFIG.format(data=data))
    (tmp_path / "stuck.toml").write_text(STUCK)
    (tmp_path / "tap.toml").write_text(TAP_ONLY)
    return tmp_path, cfg, data


def test_stuck_hold_out_of_service_and_audit_over_the_socket(station):
    tmp, cfg, data = station
    kiosk = Headless(cfg, tmp / "stuck.toml")
    try:
        end = kiosk.wait("session_end", connector=1)
        pid = end["payment"]
        kiosk.wait("money_command", kind="commit", state="refused", payment=pid)
        assert (data / "service.sock").stat().st_mode & 0o777 == 0o600

        holds = service(cfg, "holds")
        assert holds.returncode == 0, holds.stderr
        rows = [json.loads(line) for line in holds.stdout.splitlines()]
        assert [(r["payment"], r["state"]) for r in rows] == [(pid, "failed")]
        # 1.00 per kWh, so the cost in cents is the energy in Wh / 10 (rounded by the tariff);
        # the refused commit asked for exactly what the books say was delivered.
        assert rows[0]["delivered"] == end["amount"] == rows[0]["commit_suggested"] > 0
        assert rows[0]["reserved"] == 5000

        above = service(cfg, "commit", pid, "5001")
        assert above.returncode == 4 and "more than the hold (5000)" in one_line(above)
        assert service(cfg, "commit", "nosuch", "100").returncode == 3
        assert service(cfg, "frobnicate").returncode == 2

        void = service(cfg, "void", pid)
        assert void.returncode == 0, void.stderr
        kiosk.wait("money_command", kind="void", state="done", payment=pid)
        assert service(cfg, "holds").stdout == ""
        again = service(cfg, "void", pid)
        assert again.returncode == 4 and "voided" in one_line(again)

        assert service(cfg, "disable", "1").returncode == 0
        assert service(cfg, "disable", "9").returncode == 3
        status = json.loads(service(cfg, "status").stdout)
        assert status["live"] and status["connectors"][0]["out_of_service"]
        assert status["connectors"][0]["phase"] in ("out_of_service", "receipt")
        assert status["terminal"]["link"] == "ready"

        wire = service(cfg, "wirelog")
        assert sum("Void Session" in line for line in wire.stdout.splitlines()) == 1
        follow = subprocess.Popen([sys.executable, "-m", "kiosk.cli", "service", "--config",
                                   str(cfg), "wirelog", "--follow"], stdout=subprocess.PIPE,
                                  text=True)
        try:   # the tail first, then frames as they pass (a keep-alive every 15 s at most)
            lines = [follow.stdout.readline() for _ in range(3)]
            assert all(" H>T " in line or " T>H " in line for line in lines), lines
        finally:
            follow.terminate()
            follow.wait(10)

        # A script on the socket (the CLI checks its own arguments): a missing or
        # wrong argument is one line back with code 2, and nothing is booked or audited
        # (a money amount is a whole number of minor units: 12.7 and true are refused,
        # not truncated to 12 and 1).
        for bad in ({"cmd": "commit", "args": {"payment": pid}},
                    {"cmd": "commit", "args": {"payment": pid, "amount": "ten"}},
                    {"cmd": "commit", "args": {"payment": pid, "amount": 12.7}},
                    {"cmd": "commit", "args": {"payment": pid, "amount": True}},
                    {"cmd": "disable", "args": {}}, {"cmd": "commit", "args": []}):
            with socket.socket(socket.AF_UNIX) as raw:
                raw.settimeout(10)
                raw.connect(str(data / "service.sock"))
                raw.sendall((json.dumps(bad) + "\n").encode())
                answer = raw.makefile().readline()
            assert answer, f"no answer to {bad}"
            reply = json.loads(answer)
            assert (reply["ok"], reply["code"]) == (False, 2), (bad, reply)
            assert "\n" not in reply["error"] and bad["cmd"] in reply["error"], reply

        # A second client while one is connected: told so, in one line, exit 5.
        with socket.socket(socket.AF_UNIX) as first:
            first.connect(str(data / "service.sock"))
            time.sleep(0.2)
            busy = service(cfg, "status")
        assert busy.returncode == 5 and "another" in one_line(busy)

        unwritable = service(cfg, "export", "/proc")
        assert unwritable.returncode == 4 and "cannot export to /proc" in one_line(unwritable)
        out = tmp / "usb"
        out.mkdir()
        export = service(cfg, "export", str(out))
        assert export.returncode == 0, export.stderr
        bundle = Path(export.stdout.strip())
        with tarfile.open(bundle) as tar:
            names = sorted(n.split("/", 1)[1] for n in tar.getnames())
            blob = b"".join(tar.extractfile(m).read() for m in tar.getmembers())
            history = tar.extractfile(next(m for m in tar.getmembers()
                                           if m.name.endswith("wire-history/wire.log"))).read()
        assert names == ["audit.jsonl", "books.json", "config.json", "kiosk.log",
                         "status.json", "versions.json", "wire-history/wire.log", "wire.log"]
        # The wire log file beside the books (owner only), frames of the payment in it.
        assert stat.S_IMODE((data / "wire.log").stat().st_mode) == 0o600
        assert b" Card Read " in history and b" Void Session " in history
        secret = CARDS["visa"].card_hash
        assert secret.encode() not in blob and secret.encode().hex(" ").upper().encode() not in blob
        # A receipt's token opens the driver's receipt page (time, place, card's last four):
        # the bundle names receipts by their short reference only.
        with sqlite3.connect(data / "books.sqlite3") as db:
            receipts = db.execute("SELECT token, short_ref FROM receipts").fetchall()
        assert receipts and all(t.encode() not in blob and ref.encode() in blob for t, ref in receipts)

        audit = [json.loads(line) for line in service(cfg, "audit").stdout.splitlines()]
        assert [(a["actor"], a["action"], a["target"], a["result"].split(":")[0])
                for a in audit] == [
            ("socket", "commit", pid, "refused"), ("socket", "commit", "nosuch", "refused"),
            ("socket", "void", pid, "ok"), ("socket", "void", pid, "refused"),
            ("socket", "disable", "1", "ok"), ("socket", "disable", "9", "refused"),
            ("socket", "export", "/proc", "refused"), ("socket", "export", str(out), "ok")]
    finally:
        rc, stderr = kiosk.stop()
    assert rc == 0, stderr
    summary = kiosk.wait("summary")
    sessions = summary["terminal_books"]["sessions"]
    assert [s["status"] for s in sessions] == ["voided"]
    assert summary["terminal_books"]["summary"]["double_finalisations"] == 0
    assert not (data / "service.sock").exists()

    # No kiosk: status, holds and audit read the books and say so; the rest needs the kiosk.
    offline = service(cfg, "audit")
    assert offline.returncode == 0 and "no kiosk is running" in one_line(offline)
    assert len(offline.stdout.splitlines()) == 8
    assert json.loads(service(cfg, "status").stdout)["out_of_service"] == [1]
    assert service(cfg, "void", pid).returncode == 5

    # After a restart the connector is still out of service: a tap starts nothing.
    again = Headless(cfg, tmp / "tap.toml")
    try:
        refused = again.wait("scenario_error", do="tap")
        assert "not waiting for a card" in refused["detail"]
        status = json.loads(until(lambda: service(cfg, "status").stdout, 5, "status"))
        assert status["connectors"][0]["phase"] == "out_of_service"
    finally:
        assert again.stop()[0] == 0


def test_a_path_in_the_way_of_the_socket_is_one_line_and_kept(station):
    tmp, cfg, data = station
    data.mkdir()
    (data / "service.sock").write_text("somebody's notes\n")
    kiosk = Headless(cfg, tmp / "tap.toml")
    kiosk.wait("scenario_step")          # running, its signal handlers in place
    rc, stderr = kiosk.stop()
    assert rc == 0
    lines = [line for line in stderr.splitlines() if "service.sock" in line]
    assert lines == [f"ev-kiosk: {data / 'service.sock'} exists and is not a socket; move it "
                     "away (the service socket is not started)"]
    assert (data / "service.sock").read_text() == "somebody's notes\n"


def test_a_bad_pin_hash_stops_the_kiosk_with_one_line(station):
    tmp, cfg, _ = station
    cfg.write_text(cfg.read_text() + '[service]\npin_hash = "1234"\n')
    run = subprocess.run([sys.executable, "-m", "kiosk.cli", "--headless", "--config", str(cfg)],
                         capture_output=True, text=True, timeout=30)
    assert run.returncode == 2
    assert run.stderr.startswith("ev-kiosk: service.pin_hash: not a hash written by `ev-kiosk "
                                 "set-pin`") and run.stderr.count("\n") == 1
    assert "1234" not in run.stderr
