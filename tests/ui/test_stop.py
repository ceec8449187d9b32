"""`systemctl stop` on a charger: SIGTERM to `ev-kiosk --fullscreen` in a real
X11 window (Xvfb) while a car charges. The kiosk exits 0 within 2 s (the
station window refuses to close, and that must not cancel the stop); started
again on the same books, it finishes that session and the terminal (the
simulator in a process of its own, with books that outlive the kiosk) commits
it exactly once, for what the kiosk's books say was delivered."""
from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.benchmarks.xvfb import Xvfb
from tests.integration.test_crash import kiosk_books, start_terminal, write_config, write_scenario

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.timeout(120)


def poll(db: Path, sql: str, timeout: float = 20.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if db.exists():
            try:
                with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as con:
                    row = con.execute(sql).fetchone()
                if row is not None:
                    return row
            except sqlite3.OperationalError:
                pass
        time.sleep(0.1)
    return None


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stop_mid_charge_exits_0_within_2_s_and_the_session_commits_once(tmp_path, sig):
    why = Xvfb.missing()
    if why:
        pytest.skip(why)
    terminal, url, terminal_books = start_terminal(tmp_path, finalise_delay=0.2)
    try:
        cfg = write_config(tmp_path, url)
        plug = write_scenario(tmp_path / "plug.toml", [(0.5, "plug", {"connector": 1})])
        db = tmp_path / "data" / "books.sqlite3"
        with Xvfb((800, 480)) as display:
            env = {**__import__("os").environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
            log = (tmp_path / "kiosk.log").open("w")
            kiosk = subprocess.Popen([sys.executable, "-m", "kiosk.cli", "--config", str(cfg),
                                      "--fullscreen", "--scenario", str(plug)],
                                     cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
            try:
                assert poll(db, "SELECT id FROM sessions WHERE energy_wh > 0"), "never charged"
                time.sleep(0.5)
                sent = time.monotonic()
                kiosk.send_signal(sig)
                code = kiosk.wait(10)
                took = time.monotonic() - sent
            finally:
                if kiosk.poll() is None:
                    kiosk.kill()
                    kiosk.wait(10)
                log.close()
        output = (tmp_path / "kiosk.log").read_text()
        assert code == 0 and took < 2.0, (code, took, output[-2000:])
        assert "Traceback" not in output, output[-3000:]
        open_payments = [p for p in kiosk_books(tmp_path)["payments"] if p["state"] == "authorized"]
        assert len(open_payments) == 1, "the stop should leave the session for the next start"

        finish = write_scenario(tmp_path / "finish.toml", [(3.0, "end", {})])
        again = subprocess.run([sys.executable, "-m", "kiosk.cli", "--headless", "--config", str(cfg),
                                "--scenario", str(finish)], capture_output=True, text=True,
                               timeout=60, cwd=ROOT)
        assert again.returncode == 0, again.stderr[-2000:]
        summary = [json.loads(line) for line in again.stdout.splitlines()][-1]
        assert summary["event"] == "summary" and summary["drained"], summary
    finally:
        terminal.send_signal(signal.SIGINT)
        terminal.wait(10)

    books = json.loads(terminal_books.read_text())
    (session,) = books["sessions"]
    assert session["status"] == "committed" and books["summary"]["double_finalisations"] == 0, books
    mine = kiosk_books(tmp_path)
    (payment,) = mine["payments"]
    delivered = max(s["cost"] for s in mine["sessions"] if s["payment_id"] == payment["id"])
    assert payment["state"] == "committed" and session["committed_amount"] == delivered > 0
