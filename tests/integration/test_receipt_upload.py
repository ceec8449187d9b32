"""Receipts end to end over real processes: the receipt service (uvicorn) and the
headless kiosk on its simulators, each its own process, talking HTTP on 127.0.0.1.

A paid, a declined and a voided session each give a receipt URL that answers 200
with the amounts of the kiosk's own books; the service down during the session
and up later, or the kiosk SIGKILLed between finalisation and upload: the
receipt still arrives, once. The same test runs against a real PostgreSQL."""
from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import pytest
from kiosk_process import KioskProcess, write_scenario
from receipt_helpers import STATION_KEYS, euros, free_port


pytest.importorskip("starlette", reason="the receipt service needs ev-kiosk[receipts]")
pytestmark = pytest.mark.timeout(120)

PY = sys.executable
STATION = "EVK-TEST-1"
# Debian's server binaries (the newest installed major version).
PG_BIN = max(Path("/usr/lib/postgresql").glob("*/bin"), default=Path("/usr/lib/postgresql/15/bin"),
             key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)

# One connector, a tariff checkable by hand: 1.00 per kWh, nothing else.
# plug_in_s = 2: the third driver never plugs in, so the payment is voided.
PAID_DECLINED_VOIDED = [
    (0.5, "tap", {"card": "visa"}), (1.0, "plug", {"connector": 1}),
    (3.0, "unplug", {"connector": 1}),
    (5.0, "tap", {"card": "maestro", "outcome": "decline:0x09"}),
    (7.5, "tap", {"card": "amex"}),
    (11.5, "end", {}),
]
ONE_PAID = [(0.5, "tap", {"card": "visa"}), (1.0, "plug", {"connector": 1}),
            (4.0, "unplug", {"connector": 1})]


def write_config(path: Path, upload_port: int) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    cfg = path / "station.toml"
    cfg.write_text(f"""
[station]
id = "{STATION}"
data_dir = "{path / 'data'}"
receipt_base_url = "http://127.0.0.1:{upload_port}/r/"
[charger]
connectors = 1
time_scale = 120
[timeouts]
plug_in_s = 2
receipt_s = 1
declined_s = 1
[receipts]
upload_url = "http://127.0.0.1:{upload_port}/api/v1/receipts/"
station_key = "{STATION_KEYS[STATION]}"
retry_min_s = 0.2
retry_max_s = 0.5
[tariff]
energy_per_kwh = 100
session_fee = 0
idle_fee_per_minute = 0
""")
    return cfg


class HeadlessKiosk(KioskProcess):
    """The kiosk process of kiosk_process.py (stdout and stderr read on threads, so a
    chatty kiosk never blocks on a full pipe); wait_for takes the next event that
    passes `test`, after the one it returned last."""

    def __init__(self, cfg: Path, scenario: Path):
        super().__init__(cfg, scenario)
        self._next = 0

    def wait_for(self, test, timeout: float = 30.0) -> dict:
        end = time.monotonic() + timeout
        with self._cond:
            while True:
                for i in range(self._next, len(self.events)):
                    if test(self.events[i]):
                        self._next = i + 1
                        return self.events[i]
                self._next = len(self.events)
                if self.proc.poll() is not None:       # its last lines come within 1 s
                    end = min(end, time.monotonic() + 1.0)
                left = end - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no such event within {timeout} s; last: "
                                         f"{self.events[-5:]}; stderr: {self.stderr[-2000:]}")
                self._cond.wait(min(left, 0.2))

    def finish(self, timeout: float = 40.0) -> list[dict]:
        self.wait_for(lambda e: e["event"] == "summary", timeout)
        assert self.wait(10) == 0, self.stderr[-2000:]
        return self.events


@pytest.fixture
def kiosks():
    started: list[HeadlessKiosk] = []

    def start(cfg, scenario) -> HeadlessKiosk:
        started.append(HeadlessKiosk(cfg, scenario))
        return started[-1]
    yield start
    for k in started:
        k.kill()


def kiosk_books(data: Path) -> dict:
    db = sqlite3.connect(data / "books.sqlite3")
    db.row_factory = sqlite3.Row
    books = {"payments": {r["id"]: dict(r) for r in db.execute("SELECT * FROM payments")},
             "receipts": [dict(r) for r in db.execute("SELECT * FROM receipts")],
             "uploads": [dict(r) for r in db.execute("SELECT * FROM receipt_uploads")]}
    db.close()
    return books


def successful_puts(service) -> list[dict]:
    lines = [json.loads(x) for x in service.access_log().splitlines() if x.startswith("{")]
    return [x for x in lines if x["method"] == "PUT" and x["status"] in (200, 201)]


def check_three_receipts(tmp_path: Path, service, kiosks) -> None:
    cfg = write_config(tmp_path / "kiosk", service.port)
    events = kiosks(cfg, write_scenario(tmp_path / "s.toml", PAID_DECLINED_VOIDED)).finish()
    finals = [e for e in events if e["event"] in ("session_end", "declined")]
    assert [(e["event"], e.get("status")) for e in finals] == [
        ("session_end", "paid"), ("declined", None), ("session_end", "voided")], finals
    books = kiosk_books(tmp_path / "kiosk" / "data")
    assert len(books["receipts"]) == 3
    assert sorted(u["state"] for u in books["uploads"]) == ["done"] * 3
    assert len(successful_puts(service)) == 3

    paid, declined, voided = finals
    with httpx.Client(timeout=10) as client:
        pages = {e["reference"]: client.get(e["receipt_url"], headers={"Accept-Language": "en"})
                 for e in finals}
    assert {p.status_code for p in pages.values()} == {200}

    # The paid one: what the kiosk's books committed, and what the card held.
    p = books["payments"][paid["payment"]]
    assert p["state"] == "committed" and p["final_amount"] == paid["amount"] > 0
    # 1.00 per kWh and nothing else: the amount in cents is the energy in Wh / 10, rounded.
    assert p["final_amount"] == (paid["energy_wh"] + 5) // 10
    page = pages[paid["reference"]].text
    total = euros(p["final_amount"])
    assert f'id="total">{total}<' in page and "PAID" in page
    assert euros(p["authorized_amount"]) in page        # reserved
    assert euros(p["authorized_amount"] - p["final_amount"]) in page
    assert f"•••• {p['masked_pan'][-4:]}" in page and p["masked_pan"][:6] not in page

    p = books["payments"][declined["payment"]]
    assert p["state"] == "declined" and p["final_amount"] is None
    page = pages[declined["reference"]].text
    assert 'id="total">€0.00<' in page and "The card was declined. Nothing was charged." in page
    (declined_receipt,) = [json.loads(r["data_json"]) for r in books["receipts"]
                           if r["payment_id"] == declined["payment"]]
    pan = declined_receipt["masked_pan"]                   # which card it was: last four only
    assert len(pan) >= 10 and f"•••• {pan[-4:]}" in page and pan[:6] not in page

    p = books["payments"][voided["payment"]]
    assert p["state"] == "voided" and p["final_amount"] == 0
    page = pages[voided["reference"]].text
    assert 'id="total">€0.00<' in page and "not plugged in" in page
    assert euros(p["authorized_amount"]) in page        # all released


def test_paid_declined_and_voided_receipts_open_with_the_books_amounts(
        tmp_path, receipt_service, kiosks):
    check_three_receipts(tmp_path, receipt_service(), kiosks)


def test_service_down_during_the_session_receipt_arrives_once_when_it_is_up(
        tmp_path, receipt_service, kiosks):
    service = receipt_service(start=False)
    cfg = write_config(tmp_path / "kiosk", service.port)
    kiosk = kiosks(cfg, write_scenario(tmp_path / "s.toml", ONE_PAID + [(30.0, "end", {})]))
    end = kiosk.wait_for(lambda e: e["event"] == "session_end")
    # The screen got its URL at once; the upload fails and backs off, more than once.
    assert end["receipt_url"].startswith(f"http://127.0.0.1:{service.port}/r/")
    kiosk.wait_for(lambda e: e["event"] == "receipt_upload_retry")
    kiosk.wait_for(lambda e: e["event"] == "receipt_upload_retry")
    service.start()
    uploaded = kiosk.wait_for(lambda e: e["event"] == "receipt_uploaded", timeout=15)
    assert uploaded["reference"] == end["reference"] and uploaded["attempts"] >= 3
    with httpx.Client(timeout=10) as client:
        assert client.get(end["receipt_url"]).status_code == 200
        assert client.get(f"{service.base}/healthz").json()["receipts"] == 1
    kiosk.kill()
    assert len(successful_puts(service)) == 1


def test_kiosk_killed_between_finalisation_and_upload_uploads_once_after_restart(
        tmp_path, receipt_service, kiosks):
    # The service is down for the first run, so the kill surely comes before the upload.
    service = receipt_service(start=False)
    cfg = write_config(tmp_path / "kiosk", service.port)
    first = kiosks(cfg, write_scenario(tmp_path / "s.toml", ONE_PAID + [(30.0, "end", {})]))
    end = first.wait_for(lambda e: e["event"] == "session_end")
    os.kill(first.proc.pid, signal.SIGKILL)
    first.proc.wait(10)
    assert kiosk_books(tmp_path / "kiosk" / "data")["receipts"], "the receipt was in the books"

    service.start()
    second = kiosks(cfg, write_scenario(tmp_path / "f.toml", [(3.0, "end", {})]))
    uploaded = second.wait_for(lambda e: e["event"] == "receipt_uploaded")
    assert uploaded["reference"] == end["reference"]
    second.finish()
    # A third start finds nothing left to send.
    third = kiosks(cfg, write_scenario(tmp_path / "g.toml", [(1.5, "end", {})])).finish()
    assert not [e for e in third if e["event"].startswith("receipt_upload")]
    assert len(successful_puts(service)) == 1
    with httpx.Client(timeout=10) as client:
        page = client.get(end["receipt_url"])
    assert page.status_code == 200
    assert f'id="total">{euros(end["amount"])}<' in page.text


# ---------------------------------------------------------------- PostgreSQL

@pytest.fixture
def postgres_url():
    """A throw-away PostgreSQL cluster on a loopback port, removed afterwards. initdb
    refuses to run as root, so as root (CI) the cluster belongs to 'nobody'."""
    if not (PG_BIN / "initdb").exists():
        pytest.skip(f"PostgreSQL is not installed ({PG_BIN / 'initdb'} missing; Debian: postgresql)")
    run_as: list[str] = []
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            pytest.skip("running as root without runuser: cannot start PostgreSQL as another user")
        run_as = ["runuser", "-u", "nobody", "--"]
    base = Path(tempfile.mkdtemp(prefix="ev-kiosk-pg-"))
    data = base / "data"
    data.mkdir()
    if run_as:
        os.chmod(base, 0o755)
        shutil.chown(data, "nobody")
    port = free_port()
    try:
        subprocess.run([*run_as, str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres",
                        "--auth=trust", "--no-sync", "-E", "UTF8"],
                       check=True, capture_output=True, timeout=60)
        subprocess.run([*run_as, str(PG_BIN / "pg_ctl"), "-D", str(data), "-w", "-t", "30",
                        "-l", str(data / "server.log"), "-o",
                        f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories="
                        f"{data} -c fsync=off", "start"], check=True, capture_output=True,
                       timeout=60)
    except subprocess.CalledProcessError as e:
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip(f"PostgreSQL did not start: {e.stderr.decode()[-300:]}")
    def restart() -> None:
        # -l again (pg_ctl does not remember it): the server must not hold our pipes.
        subprocess.run([*run_as, str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w",
                        "-l", str(data / "server.log"), "restart"], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres", restart
    finally:
        subprocess.run([*run_as, str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate",
                        "-w", "stop"], capture_output=True, timeout=60)
        shutil.rmtree(base, ignore_errors=True)


def test_the_same_on_postgresql(tmp_path, receipt_service, kiosks, postgres_url):
    url, restart = postgres_url
    service = receipt_service(database_url=url)
    check_three_receipts(tmp_path, service, kiosks)
    import psycopg
    with psycopg.connect(url) as db:
        assert db.execute("SELECT COUNT(*) FROM receipts").fetchone()[0] == 3
    assert not (service.workdir / "receipts.sqlite3").exists()
    # PostgreSQL restarted under the service: it connects again and carries on.
    restart()
    with httpx.Client(timeout=10) as client:
        assert client.get(f"{service.base}/healthz").json() == {"status": "ok", "receipts": 3}


def test_without_a_receipt_service_the_receipt_waits_in_the_queue(tmp_path, kiosks):
    # The default [receipts]: no upload_url. The journey and the receipt screen are the
    # same; the receipt is queued, and nothing is sent anywhere.
    cfg = write_config(tmp_path / "kiosk", free_port())
    cfg.write_text(cfg.read_text().split("[receipts]")[0] + cfg.read_text().split(
        "retry_max_s = 0.5\n")[1])
    assert "upload_url" not in cfg.read_text()
    events = kiosks(cfg, write_scenario(tmp_path / "s.toml", ONE_PAID + [(5.0, "end", {})])).finish()
    (end,) = [e for e in events if e["event"] == "session_end"]
    assert end["status"] == "paid" and end["receipt_url"].endswith("/r/" + kiosk_books(
        tmp_path / "kiosk" / "data")["receipts"][0]["token"])
    assert events[-1]["receipt_uploads"] == {"due": 1}
    assert not [e for e in events if e["event"].startswith("receipt_upload")]
