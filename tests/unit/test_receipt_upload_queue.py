"""The receipt upload queue in real SQLite books, the Uploader against the real
receipt service, and the configuration keys of both (errors name the key)."""
from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import config
from kiosk.receipts.upload import Uploader, UploadQueue, backoff
from kiosk.store.books import Books

ROOT = Path(__file__).resolve().parents[2]


def save(books: Books, token: str, total: int) -> None:
    books.save_receipt(token, "K7QM-4TZP", None, None, {"token": token, "total": total})


def test_collect_copies_each_receipt_once_and_the_copy_never_changes(tmp_path):
    books = Books(tmp_path / "books.sqlite3")
    queue = UploadQueue(books.db, clock=lambda: 1000.0)
    save(books, "A" * 22, 470)
    assert queue.collect() == 1 and queue.collect() == 0
    (up,) = queue.due(now=1000.0)
    assert json.loads(up.body) == {"token": "A" * 22, "total": 470}
    # The books' copy replaced later (save_receipt replaces by token): the queued body
    # stays what was first queued, so the service never gets two contents for a token.
    save(books, "A" * 22, 999)
    save(books, "B" * 22, 100)
    assert queue.collect() == 1
    bodies = {u.token: json.loads(u.body)["total"] for u in queue.due(now=1000.0)}
    assert bodies == {"A" * 22: 470, "B" * 22: 100}


def test_a_receipt_written_just_before_a_crash_is_collected_at_the_next_start(tmp_path):
    books = Books(tmp_path / "books.sqlite3")
    UploadQueue(books.db)
    save(books, "C" * 22, 1234)           # the kiosk dies here, before any collect()
    books.close()
    books = Books(tmp_path / "books.sqlite3")
    queue = UploadQueue(books.db)
    assert queue.collect() == 1
    assert queue.state("C" * 22) == ("due", 0)


def test_retry_done_and_refused_states(tmp_path):
    books = Books(tmp_path / "books.sqlite3")
    queue = UploadQueue(books.db, clock=lambda: 1000.0)
    for t in "DEF":
        save(books, t * 22, 1)
    queue.collect()
    queue.mark_retry("D" * 22, "ConnectError", next_at=1004.0)
    queue.mark_done("E" * 22)
    queue.mark_refused("F" * 22, "HTTP 422: total: is missing")
    assert [u.token for u in queue.due(now=1003.9)] == []
    assert [u.token for u in queue.due(now=1004.0)] == ["D" * 22]
    assert queue.state("D" * 22) == ("due", 1) and queue.state("E" * 22) == ("done", 1)
    assert queue.stats() == {"done": 1, "due": 1, "refused": 1}
    queue.mark_done("F" * 22)             # a refused one stays refused
    assert queue.state("F" * 22) == ("refused", 1)


def test_backoff_doubles_from_the_first_wait_up_to_the_most():
    assert [backoff(n, 2, 30) for n in range(1, 7)] == [2, 4, 8, 16, 30, 30]


def test_uploader_against_the_real_service(tmp_path, receipt_service):
    pytest.importorskip("starlette", reason="the receipt service needs ev-kiosk[receipts]")
    from receipt_helpers import STATION_KEYS

    from kiosk.receipts.model import Receipt
    service = receipt_service()
    books = Books(tmp_path / "books.sqlite3")
    good = Receipt(station_id="EVK-TEST-1", station_name="S", connector_id=1,
                   token="G" * 22, short_ref="AAAA-0001", started_at=0, stopped_at=60,
                   total=0, status="declined").to_dict()
    books.save_receipt(good["token"], good["short_ref"], None, None, good)
    bad = {**good, "token": "H" * 22, "short_ref": "AAAA-0002", "total": "lots"}
    books.save_receipt(bad["token"], bad["short_ref"], None, None, bad)
    events = []

    async def run(key: str, path: str = "/api/v1/receipts/") -> UploadQueue:
        queue = UploadQueue(books.db)
        up = Uploader(queue, upload_url=f"{service.base}{path}", station_key=key,
                      retry_min_s=60, poll_s=0.05, emit=lambda e, **kw: events.append((e, kw)))
        task = asyncio.get_running_loop().create_task(up.run())
        for _ in range(200):                       # at most 10 s
            await asyncio.sleep(0.05)
            if queue.state("G" * 22) and not queue.due(up.clock()):
                break                              # collected, and each one answered
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        return queue

    # A wrong key (401) or a wrong upload_url (404): kept for a retry, since the
    # configuration will be corrected and the receipts themselves are fine.
    queue = asyncio.run(run("not-the-key-of-this-station"))
    assert queue.state("G" * 22) == ("due", 1) and queue.state("H" * 22) == ("due", 1)
    books.db.execute("UPDATE receipt_uploads SET next_at = 0")
    queue = asyncio.run(run(STATION_KEYS["EVK-TEST-1"], "/api/v2/receipt/"))
    assert queue.state("G" * 22) == ("due", 2) and queue.state("H" * 22) == ("due", 2)
    assert [e for e, _ in events] == ["receipt_upload_retry"] * 4
    books.db.execute("UPDATE receipt_uploads SET next_at = 0")
    events.clear()
    queue = asyncio.run(run(STATION_KEYS["EVK-TEST-1"]))
    assert queue.state("G" * 22) == ("done", 3)
    assert queue.state("H" * 22) == ("refused", 3)             # 422: never sent again
    assert ("receipt_upload_refused", {"reference": "AAAA-0002",
            "detail": "HTTP 422: total: must be a whole number (minor units)"}) in events


@pytest.mark.parametrize("data, message", [
    ({"receipts": {"upload_url": "ftp://x"}}, "receipts.upload_url: must be '' (no upload) or an http(s)"),
    ({"receipts": {"upload_url": "https://r.example/api/v1/receipts/"}},
     "receipts.station_key: needed when receipts.upload_url is set"),
    ({"receipts": {"retry_min_s": 0}}, "receipts.retry_min_s: must be greater than 0"),
])
def test_kiosk_receipt_keys_name_the_key(data, message):
    with pytest.raises(config.ConfigError) as e:
        config.from_mapping(data)
    assert message in str(e.value)


def test_the_default_configuration_uploads_nothing():
    assert config.embedded_demo().receipts.upload_url == ""


@pytest.mark.parametrize("data, message", [
    ({"server": {"port": 70000}}, "server.port: must be 0 (any free port) to 65535"),
    ({"server": {"database_url": "mysql://x"}}, "server.database_url: must be sqlite:///PATH"),
    ({"server": {"max_body_bytes": 0}}, "server.max_body_bytes: must be greater than 0"),
    ({"server": {"workers": 4}}, "server.workers: unknown key"),
    ({"stations": {"S1": {"key": "short"}}}, "stations.S1.key: must be at least 16 characters"),
    ({"stations": {"S1": {"address": "x"}}}, "stations.S1: give exactly one of key or key_sha256"),
    ({"stations": {"S1": {"key": "k" * 16, "timezone": "Mars/Olympus"}}},
     "stations.S1.timezone: unknown time zone"),
    ({"operator": {"vat_number": 12}}, "operator.vat_number: must be text"),
    ({"stations": {"S1": {"key": 5}}}, "stations.S1.key: must be text"),
    ({"stations": {"S1": {"kee": "k" * 16}}}, "stations.S1.kee: unknown key"),
    ({"stations": {"S1": "k" * 16}}, "[stations.S1]: must be a table"),
])
def test_server_configuration_errors_name_the_key(data, message):
    from kiosk.receipt_server.config import ConfigError, from_mapping
    with pytest.raises(ConfigError) as e:
        from_mapping(data)
    assert message in str(e.value) and "\n" not in str(e.value)


def test_example_server_configuration_loads_and_a_bad_one_exits_2(tmp_path):
    from kiosk.receipt_server.config import load
    cfg = load(ROOT / "examples" / "receipt-server.toml")
    assert cfg.stations["EVK-DEMO-1"].timezone == "Europe/Amsterdam"
    assert cfg.database() == "sqlite:///" + str(ROOT / "examples" / "receipts.sqlite3")
    bad = tmp_path / "server.toml"
    bad.write_text('[server]\nport = "eighty"\n')
    run = subprocess.run([sys.executable, "-m", "kiosk.cli", "receipt-server", "--config", str(bad)],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == [
        "ev-kiosk receipt-server: server.port: must be a whole number, not 'eighty'"]


@pytest.mark.parametrize("header, fallback, expected", [
    ("nl-NL,nl;q=0.9,en;q=0.8", "en", "nl"), ("fr;q=0.5, de;q=0.9", "en", "de"),
    ("es, pt", "fr", "fr"), ("", "de", "de"), ("en-US", "nl", "en"), ("de;q=x, nl", "en", "nl"),
])
def test_page_language_from_accept_language(header, fallback, expected):
    from kiosk.receipt_server.page import pick_language
    assert pick_language(header, fallback) == expected
