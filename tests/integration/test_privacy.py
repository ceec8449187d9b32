"""Issue 10 item 6: privacy in depth. A terminal that sends a full card number
does not put it in the kiosk's output, logs, books or receipt; the books are the
kiosk user's only; card hashes of finalised payments are forgotten after
[privacy] card_hash_retention_h."""
from __future__ import annotations

import logging
import os
import sqlite3
import stat
import subprocess
import sys
import time

import pytest

from kiosk.sim.terminal import SimCard, _hash
from kiosk.store.books import Books

from kiosk_harness import Kiosk
from kiosk_process import KioskProcess, Terminal, write_config, write_scenario

pytestmark = pytest.mark.timeout(90)

FULL_PAN = "4761739001010119"              # the Visa test card, unmasked


async def test_a_full_pan_from_the_terminal_is_masked_before_output_logs_and_books(
        tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    card = SimCard(_hash("leaky"), FULL_PAN, "VISA")
    async with Kiosk(tmp_path) as k:
        await k.until(lambda: k.sim.present_card(card), 5, "the terminal waiting for a card")
        k.charger.plug(1)
        await k.wait("charging", connector=1)
        await k.until(lambda: k.charger.state(1).energy_wh >= 100, 10, "100 Wh delivered")
        k.charger.unplug(1)
        end = await k.wait("session_end", connector=1)
        await k.wait("money_command", kind="commit", state="done", payment=end["payment"],
                     timeout=10)
        shown = [e for e in k.events if "masked_pan" in e]
        assert shown and all(e["masked_pan"] == "************0119" for e in shown), shown
    events = "\n".join(map(str, k.events))
    assert FULL_PAN not in events
    assert FULL_PAN not in caplog.text and "card_hash" not in caplog.text
    db = sqlite3.connect(tmp_path / "books.sqlite3")
    dump = "\n".join(db.iterdump())
    db.close()
    assert FULL_PAN not in dump and "************0119" in dump
    # The wire log file beside the books: the card's frames, number masked, hash starred.
    wire = (tmp_path / "wire.log").read_text()
    assert " Card Read " in wire and FULL_PAN.encode().hex(" ").upper() not in wire
    assert "************0119".encode().hex(" ").upper() in wire
    assert _hash("leaky").encode().hex(" ").upper() not in wire


def test_books_wal_and_data_dir_are_readable_by_the_kiosk_user_only(tmp_path):
    terminal = Terminal(tmp_path)
    try:
        data = tmp_path / "data"
        cfg = write_config(tmp_path / "station.toml", data, terminal.url)
        scenario = write_scenario(tmp_path / "s.toml", [(0.5, "plug", {"connector": 1}),
                                                        (2.0, "unplug", {"connector": 1}),
                                                        (3.0, "end", {})])
        old = os.umask(0o022)      # a usual umask: files 0644, directories 0755
        try:
            kiosk = KioskProcess(cfg, scenario)
        finally:
            os.umask(old)
        kiosk.wait_event("session_end")
        modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in [data, *data.iterdir()]}
        assert kiosk.wait(30) == 0, kiosk.stderr[-2000:]
    finally:
        terminal.close()
    assert {"books.sqlite3", "books.sqlite3-wal", "books.sqlite3-shm",
            "wire.log"} <= set(modes), modes
    assert modes.pop("data") == 0o700
    assert all(mode == 0o600 for mode in modes.values()), {k: oct(v) for k, v in modes.items()}


def test_card_hashes_of_finalised_payments_are_purged_after_the_retention(tmp_path):
    now = time.time()       # the kiosk process purges on its own wall clock
    data = tmp_path / "data"
    clock = [now - 25 * 3600]           # 25 h ago: past the 24 h default
    with Books(data / "books.sqlite3", clock=lambda: clock[0]) as books:
        def paid(card: str, amount: int) -> str:
            pid = books.create_payment(connector_id=1, reference=1, amount=5000, currency="EUR")
            books.set_payment_authorized(pid, 7, _hash(card), "476173******0119", "VISA",
                                         None, None, 5000)
            books.queue_finalisation(pid, "commit", amount)
            (cmd,) = books.commands(pid)
            books.mark_sent(cmd.id)
            books.mark_done(cmd.id)
            return pid
        old_paid = paid("old", 120)
        still_open = books.create_payment(connector_id=2, reference=2, amount=5000, currency="EUR")
        books.set_payment_authorized(still_open, 8, _hash("open"), None, None, None, None, 5000)
        clock[0] = now - 23 * 3600      # 23 h ago: within the retention
        recent = paid("recent", 80)
    terminal = Terminal(tmp_path)
    try:
        cfg = write_config(tmp_path / "station.toml", data, terminal.url)
        kiosk = KioskProcess(cfg, write_scenario(tmp_path / "s.toml", [(1.0, "end", {})]))
        assert kiosk.wait(30) == 0, kiosk.stderr[-2000:]
    finally:
        terminal.close()
    db = sqlite3.connect(data / "books.sqlite3")
    hashes = dict(db.execute("SELECT id, card_hash FROM payments"))
    db.close()
    assert hashes[old_paid] is None
    assert hashes[recent] == _hash("recent")
    # Still open after 25 h: Tap to Stop (and the restart's reconciliation) may need it.
    assert hashes[still_open] == _hash("open")
