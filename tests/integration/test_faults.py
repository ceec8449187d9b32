"""Issue 10: no hold left open, whatever breaks. Real processes, real files: the
headless kiosk and the terminal simulator (its own process, its own books), the
books on a real file system (a small tmpfs to fill up where this machine lets
us mount one)."""
from __future__ import annotations

import contextlib
import logging
import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from kiosk.store.books import Books

from kiosk_harness import Kiosk
from kiosk_process import KioskProcess, Terminal, write_config, write_scenario

pytestmark = pytest.mark.timeout(90)


@pytest.fixture
def terminal(tmp_path):
    t = Terminal(tmp_path)
    yield t
    t.close()


# ------------------------------------------------------------------ (2) one kiosk per books

def test_a_second_kiosk_on_the_same_books_exits_2_naming_the_first(tmp_path, terminal):
    cfg = write_config(tmp_path / "station.toml", tmp_path / "data", terminal.url)
    first = KioskProcess(cfg)
    try:
        first.wait_event("started")
        second = subprocess.run([*first.proc.args], capture_output=True, text=True, timeout=30)
        assert second.returncode == 2, second.stdout[-500:] + second.stderr[-1500:]
        line = second.stderr.strip()
        assert "\n" not in line and "Traceback" not in line, line
        assert f"process {first.proc.pid}" in line and str(tmp_path / "data") in line, line
        assert '"started"' not in second.stdout
        # The first one goes on untouched, and the lock dies with it, however it dies.
        assert first.proc.poll() is None
        first.kill()
        third = KioskProcess(cfg)
        try:
            third.wait_event("started")
        finally:
            assert third.terminate() == 0, third.stderr[-1500:]
    finally:
        first.kill()


# ------------------------------------------------------------------ (1) nothing dies silently

async def test_a_money_command_that_cannot_be_sent_does_not_block_the_ones_behind_it(
        tmp_path, caplog):
    # A commit left in the books that no terminal field can carry (4,294,967,396 does
    # not fit the U32 amount), queued before a driver's ordinary session.
    with Books(tmp_path / "books.sqlite3") as books:
        stuck = books.create_payment(connector_id=1, reference=1, amount=5000, currency="EUR")
        books.set_payment_authorized(stuck, 424242, None, None, None, None, None, 2**32 + 100)
        books.queue_finalisation(stuck, "commit", 2**32 + 100)
    caplog.set_level(logging.ERROR, logger="kiosk.journey.finaliser")
    async with Kiosk(tmp_path) as k:
        await k.tap()
        k.charger.plug(1)
        await k.wait("charging", connector=1)
        await k.until(lambda: k.charger.state(1).energy_wh >= 100, 10, "100 Wh delivered")
        k.charger.unplug(1)
        end = await k.wait("session_end", connector=1)
        # 1.00 per kWh (FLAT_TARIFF): every 10 Wh is 0.01.
        assert end["amount"] == end["energy_wh"] // 10 > 0
        await k.wait("money_command", kind="commit", state="done", payment=end["payment"],
                     timeout=10)
        assert k.terminal_session(end["payment"]).status == "committed"
        # The stuck one waits with back-off and says why; the finaliser is alive.
        (cmd,) = k.books.commands(stuck)
        assert cmd.state == "due" and "does not fit" in cmd.last_error, cmd
        assert not k.backend.supervisor.tasks["finaliser"].done()
    tracebacks = [r for r in caplog.records if r.exc_info]
    assert len(tracebacks) == 1, [r.getMessage() for r in caplog.records]


@contextlib.contextmanager
def small_tmpfs(where: Path, size: str = "16m"):
    where.mkdir()
    if os.geteuid() != 0:
        pytest.skip("filling a disk needs a small tmpfs, and mounting one needs root here")
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs to fill up: {r.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def fill(directory: Path) -> Path:
    """Fill the file system until it refuses another byte (bounded: 16 MB at most)."""
    filler = directory / "filler"
    with open(filler, "wb", buffering=0) as f:
        for size in (65536,) * (16 * 16 + 1) + (1024,) * 64:   # then the last pages
            try:
                f.write(b"\0" * size)
            except OSError:
                if size == 1024:
                    break
    return filler


def test_disk_full_mid_session_is_logged_once_and_the_hold_is_committed_once_there_is_room(
        tmp_path, terminal):
    with small_tmpfs(tmp_path / "data") as data:
        cfg = write_config(tmp_path / "station.toml", data, terminal.url)
        scenario = write_scenario(tmp_path / "s.toml", [(0.5, "plug", {"connector": 1}),
                                                        (4.0, "unplug", {"connector": 1}),
                                                        (9.0, "end", {})])
        kiosk = KioskProcess(cfg, scenario)
        try:
            kiosk.wait_event("charging")
            time.sleep(0.5)
            filler = fill(data)
            time.sleep(3.5)       # the unplug at 4 s happens on a full disk
            filler.unlink()
            rc = kiosk.wait(40)
        finally:
            kiosk.kill()
        assert rc == 0, kiosk.stderr[-3000:]
        assert kiosk.find("task_failed", task="journey"), kiosk.events[-10:]
        # One traceback for the one kind of failure, however many times it recurred.
        assert kiosk.stderr.count("Traceback") == 1, kiosk.stderr[-3000:]
        summary = kiosk.find("summary")[-1]
        assert summary["drained"] and summary["books"]["open_payments"] == 0, summary
        db = sqlite3.connect(data / "books.sqlite3")
        (state, final), = db.execute("SELECT state, final_amount FROM payments").fetchall()
        db.close()
    sessions = terminal.books()["sessions"]
    assert len(sessions) == 1 and sessions[0]["status"] == "committed", sessions
    assert state == "committed" and final > 0


def test_a_journey_that_cannot_restart_shows_out_of_service_and_exits_non_zero(
        tmp_path, terminal):
    with small_tmpfs(tmp_path / "data") as data:
        cfg = write_config(tmp_path / "station.toml", data, terminal.url)
        scenario = write_scenario(tmp_path / "s.toml", [(0.5, "plug", {"connector": 1}),
                                                        (60.0, "end", {})])
        kiosk = KioskProcess(cfg, scenario)
        try:
            kiosk.wait_event("charging")
            time.sleep(1.0)            # some energy on the books
            filler = fill(data)        # and it stays full
            rc = kiosk.wait(45)
        finally:
            kiosk.kill()
        assert rc == 70, kiosk.stderr[-3000:]
        assert kiosk.find("out_of_service"), kiosk.events[-10:]
        assert not [e for e in kiosk.find("summary") if e["drained"]]
        assert kiosk.stderr.count("Traceback") == 1, kiosk.stderr[-3000:]
        assert "out of service: journey failed 6 times" in kiosk.stderr
        # systemd starts it again once there is room: the hold is finalised from the books.
        filler.unlink()
        again = KioskProcess(cfg, write_scenario(tmp_path / "end.toml", [(1.0, "end", {})]))
        try:
            assert again.wait(30) == 0, again.stderr[-3000:]
        finally:
            again.kill()
        assert again.find("recovered", action="commit")
        assert again.find("summary")[-1]["drained"]
    sessions = terminal.books()["sessions"]
    assert len(sessions) == 1 and sessions[0]["status"] == "committed", sessions


# ------------------------------------------------------------------ (3) storage faults

def test_damaged_books_are_refused_at_start_in_one_line(tmp_path, terminal):
    data = tmp_path / "data"
    with Books(data / "books.sqlite3") as books:     # a few hundred rows over several pages
        for n in range(300):
            pid = books.create_payment(connector_id=1, reference=n + 1, amount=5000,
                                       currency="EUR")
            books.set_payment_authorized(pid, n + 1, None, "476173******0119", "VISA",
                                         "SIM000123", "00", 5000)
    db = sqlite3.connect(data / "books.sqlite3")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = db.execute("PRAGMA page_size").fetchone()[0]
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.close()
    assert pages > 8
    with open(data / "books.sqlite3", "r+b") as f:    # random bytes inside, not the header
        f.seek(page_size * (pages // 2) + 100)
        f.write(os.urandom(600))
    cfg = write_config(tmp_path / "station.toml", data, terminal.url)
    run = subprocess.run([*KioskProcess.command(cfg)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 74, run.stderr[-2000:]
    line = run.stderr.strip()
    assert "\n" not in line and "Traceback" not in line, line
    assert "books are damaged" in line and str(data / "books.sqlite3") in line, line


def test_low_free_space_is_reported_before_the_disk_is_full(tmp_path, terminal):
    with small_tmpfs(tmp_path / "data") as data:     # 16 MB: under the 64 MB warning level
        cfg = write_config(tmp_path / "station.toml", data, terminal.url)
        kiosk = KioskProcess(cfg, write_scenario(tmp_path / "s.toml", [(1.0, "end", {})]))
        try:
            assert kiosk.wait(30) == 0, kiosk.stderr[-2000:]
        finally:
            kiosk.kill()
    (event,) = kiosk.find("storage")
    assert event["state"] == "low" and 0 < event["free_bytes"] <= 16 * 2**20, event
    assert "MB free on" in kiosk.stderr
