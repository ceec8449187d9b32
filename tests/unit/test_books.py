"""The durable books, always through a real SQLite file: no mocks."""
from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from kiosk.store.books import REFERENCE_MAX, Books, BooksError, mask_pan

FULL_PAN = "4111111111111111"
CARD_HASH = "c0ffee" * 10
INF = float("inf")


class Clock:
    def __init__(self, t: float = 1_700_000_000.0):
        self.t = t

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "books.sqlite3"


@pytest.fixture
def books(path: Path):
    b = Books(path, clock=Clock())
    yield b
    b.close()


def authorized(b: Books, *, cid: int = 1, amount: int = 5000, tsid: int = 7,
               card_hash: str = CARD_HASH, pan: str = "411111******1111") -> str:
    """A payment as station.py makes one: intent first, then the approval."""
    pid = b.create_payment(connector_id=cid, reference=b.next_reference(), amount=amount,
                           currency="EUR")
    b.set_payment_authorized(pid, tsid, card_hash, pan, "VISA", "HREF1", "00", amount)
    return pid


def send(b: Books, cmd_id: int) -> None:
    """What the finaliser does before the bytes leave."""
    b.mark_sent(cmd_id)


# ------------------------------------------------------------------ opening

def test_new_file_is_wal_full_sync_with_foreign_keys_and_schema_2(path):
    b = Books(path)
    try:
        assert path.exists()                      # parent dirs created
        assert b.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert b.db.execute("PRAGMA synchronous").fetchone()[0] == 2      # FULL
        assert b.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert b.schema_version() == 2
    finally:
        b.close()
    b = Books(path)                               # reopening does not migrate twice
    assert b.db.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0] == 2
    b.close()
    b.close()                                     # close is idempotent


def test_not_a_database_is_a_clear_error(tmp_path):
    bad = tmp_path / "books.sqlite3"
    bad.write_bytes(b"this is a text file, not a database\n" * 100)
    with pytest.raises(BooksError) as e:
        Books(bad)
    assert str(bad) in str(e.value) and "not" in str(e.value)


def test_someone_elses_sqlite_file_is_refused(tmp_path):
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE photos (id INTEGER)")
    with pytest.raises(BooksError, match="not the kiosk's books"):
        Books(other)


def test_newer_schema_is_refused_with_path_and_versions(path):
    Books(path).close()
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO schema_version (version, applied_at) VALUES (99, 0)")
    with pytest.raises(BooksError) as e:
        Books(path)
    msg = str(e.value)
    assert str(path) in msg and "99" in msg and "newer" in msg


def test_closed_books_and_unknown_ids_raise_books_error(path):
    b = Books(path)
    with pytest.raises(BooksError, match="unknown payment"):
        b.queue_finalisation("nope", "void", 0)
    with pytest.raises(BooksError, match="unknown session"):
        b.set_session_state("nope", "charging")
    with pytest.raises(BooksError, match="unknown money command"):
        b.mark_done(12345)
    assert b.payment("nope") is None and b.session("nope") is None
    b.close()
    with pytest.raises(BooksError, match="closed"):
        b.next_reference()


# ------------------------------------------------------------------ crash model

def test_everything_returned_survives_close_and_reopen(path):
    clock = Clock()
    b = Books(path, clock=clock)
    pid = authorized(b, cid=2, amount=6000, tsid=42)
    sid = b.create_session(connector_id=2, payment_id=pid, at=clock())
    b.set_session_state(sid, "charging")
    b.update_session_meter(sid, 12_345, clock() + 60, 432)
    cmd = b.queue_finalisation(pid, "commit", 432)
    b.end_session(sid, "unplugged", clock() + 61, json.dumps({"total": 432}))
    b.mark_sent(cmd.id)
    b.close()

    b = Books(path, clock=clock)
    p, s = b.payment(pid), b.session(sid)
    assert (p.state, p.connector_id, p.authorized_amount, p.terminal_session_id) == (
        "committing", 2, 6000, 42)
    assert p.card_hash == CARD_HASH                 # Tap to Stop still matches after restart
    assert (s.state, s.energy_wh, s.cost, s.stop_reason, s.breakdown) == (
        "ended", 12_345, 432, "unplugged", {"total": 432})
    # sent but never answered: due again, must be resent
    [again] = b.due_commands(clock())
    assert (again.id, again.state, again.attempts, again.amount) == (cmd.id, "sent", 1, 432)
    b.close()


def test_a_killed_process_loses_nothing_that_returned(path):
    """The crash model with a real crash: SIGKILL right after the calls return."""
    code = textwrap.dedent(f"""
        import os, signal
        from kiosk.store.books import Books
        b = Books({str(path)!r})
        pid = b.create_payment(connector_id=1, reference=b.next_reference(), amount=5000,
                               currency="EUR")
        b.set_payment_authorized(pid, 9, "hash", "411111******1111", "VISA", "R", "00", 5000)
        sid = b.create_session(connector_id=1, payment_id=pid, at=1.0)
        b.update_session_meter(sid, 800, 2.0, 250)
        cmd = b.queue_finalisation(pid, "commit", 250)
        b.mark_sent(cmd.id)
        print(pid, sid, cmd.id, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == -9, out.stderr
    pid, sid, cid = out.stdout.split()
    b = Books(path)
    try:
        assert b.payment(pid).state == "committing"
        assert b.session(sid).energy_wh == 800
        [cmd] = b.due_commands(INF)
        assert (cmd.id, cmd.state, cmd.attempts) == (int(cid), "sent", 1)
        assert b.next_reference() == 2
    finally:
        b.close()


def test_reference_is_monotonic_across_reopen_and_wraps_within_u32(path):
    b = Books(path)
    seen = [b.next_reference() for _ in range(5)]
    b.close()
    b = Books(path)
    seen += [b.next_reference() for _ in range(5)]
    assert seen == list(range(1, 11))
    b.db.execute("UPDATE counters SET value = ? WHERE name = 'reference'", (REFERENCE_MAX - 1,))
    assert b.next_reference() == REFERENCE_MAX
    assert b.next_reference() == 1               # the field is a U32 on the wire
    b.close()


def test_a_refused_mutation_leaves_no_trace(books):
    pid = books.create_payment(connector_id=1, reference=1, amount=100, currency="EUR")
    before = len(books.journal_entries())
    with pytest.raises(BooksError, match="reserving"):
        books.queue_finalisation(pid, "void", 0)
    assert books.commands(pid) == [] and books.payment(pid).state == "reserving"
    assert len(books.journal_entries()) == before


# ------------------------------------------------------------------ exactly one commit or void

def test_queue_finalisation_twice_returns_the_same_command(books):
    pid = authorized(books)
    first = books.queue_finalisation(pid, "commit", 1200)
    again = books.queue_finalisation(pid, "commit", 1200)
    other = books.queue_finalisation(pid, "void", 0)     # a void after a commit: still the commit
    assert first.id == again.id == other.id and other.kind == "commit"
    assert [c.kind for c in books.commands(pid)] == ["commit"]
    assert books.payment(pid).state == "committing"
    assert any(e.kind == "finalisation_ignored" for e in books.journal_entries(payment_id=pid))


def test_unique_index_refuses_a_second_finalisation_even_in_raw_sql(books):
    pid = authorized(books)
    cmd = books.queue_finalisation(pid, "void")
    with pytest.raises(sqlite3.IntegrityError):
        books.db.execute(
            "INSERT INTO money_commands (payment_id, kind, terminal_session_id, amount, state, "
            "next_at, created_at) VALUES (?, 'commit', 7, 100, 'due', 0, 0)", (pid,))
    books.mark_sent(cmd.id)
    books.mark_done(cmd.id)
    assert books.queue_finalisation(pid, "commit", 100).id == cmd.id
    assert books.payment(pid).state == "voided"


def test_commit_is_capped_at_the_authorized_amount(books):
    pid = authorized(books, amount=3000)
    cmd = books.queue_finalisation(pid, "commit", 3500)
    assert cmd.amount == 3000
    assert any(e.kind == "commit_clamped" for e in books.journal_entries(payment_id=pid))
    with pytest.raises(ValueError):
        books.queue_finalisation(authorized(books), "commit", 0)


def test_only_authorized_payments_can_be_finalised_or_cancelled(books):
    pid = books.create_payment(connector_id=1, reference=1, amount=100, currency="EUR")
    books.set_payment_declined(pid, 0x05)
    assert books.payment(pid).decline_reason_code == 5
    with pytest.raises(BooksError):
        books.queue_finalisation(pid, "void")
    money = authorized(books)
    with pytest.raises(BooksError, match="void"):
        books.set_payment_cancelled(money, "too late: it holds money")
    assert books.payment(money).state == "authorized"


# ------------------------------------------------------------------ Result NOT OK

@pytest.mark.parametrize("kind,amount", [("commit", 900), ("void", 0)])
def test_not_ok_on_first_attempt_is_refused_and_the_payment_failed(books, kind, amount):
    pid = authorized(books)
    cmd = books.queue_finalisation(pid, kind, amount)
    send(books, cmd.id)
    assert books.mark_refused(cmd.id, "terminal answered Result NOT OK") == "refused"
    p = books.payment(pid)
    assert (p.state, p.detail) == ("failed", "terminal answered Result NOT OK")
    assert books.due_commands(INF) == []


@pytest.mark.parametrize("kind,amount,final", [("commit", 900, "committed"), ("void", 0, "voided")])
def test_not_ok_after_an_earlier_send_means_already_closed(books, kind, amount, final):
    """The first send got through but its answer was lost; the terminal has closed the
    session, so the resend's NOT OK is "nothing left": done, never a second charge."""
    pid = authorized(books)
    cmd = books.queue_finalisation(pid, kind, amount)
    send(books, cmd.id)
    books.mark_retry(cmd.id, "timeout", 0)
    send(books, cmd.id)
    assert books.command(cmd.id).attempts == 2
    assert books.mark_refused(cmd.id, "terminal answered Result NOT OK") == "done"
    p = books.payment(pid)
    assert p.state == final and p.final_amount == amount
    assert "earlier attempt" in p.detail
    assert books.mark_refused(cmd.id, "again") == "done"      # a repeated answer changes nothing


def test_update_not_ok_is_refused_even_after_resends(books):
    pid = authorized(books, amount=2000)
    cmd = books.queue_update(pid, 4000)
    send(books, cmd.id)
    books.mark_retry(cmd.id, "link lost", 0)
    send(books, cmd.id)
    assert books.mark_refused(cmd.id, "NOT OK") == "refused"
    p = books.payment(pid)
    assert (p.state, p.authorized_amount) == ("authorized", 2000)


def test_update_ok_raises_the_authorized_amount(books):
    pid = authorized(books, amount=2000)
    cmd = books.queue_update(pid, 4000)
    send(books, cmd.id)
    books.mark_done(cmd.id)
    assert books.payment(pid).authorized_amount == 4000
    assert books.queue_finalisation(pid, "commit", 3900).amount == 3900


# ------------------------------------------------------------------ due, retry, order

def test_due_commands_follow_creation_and_next_at(books):
    a, b_, c = authorized(books, tsid=1), authorized(books, tsid=2), authorized(books, tsid=3)
    ca = books.queue_finalisation(a, "commit", 100)
    cb = books.queue_finalisation(b_, "void")
    cc = books.queue_finalisation(c, "commit", 300)
    assert [x.id for x in books.due_commands(0)] == [ca.id, cb.id, cc.id]
    assert [x.terminal_session_id for x in books.due_commands(0)] == [1, 2, 3]

    send(books, ca.id)
    books.mark_retry(ca.id, "TerminalUnavailable", 1000.0)
    assert [x.id for x in books.due_commands(999.9)] == [cb.id, cc.id]
    assert [x.id for x in books.due_commands(1000.0)] == [ca.id, cb.id, cc.id]
    again = books.command(ca.id)
    assert (again.state, again.attempts, again.last_error) == ("due", 1, "TerminalUnavailable")

    send(books, cb.id)
    books.mark_done(cb.id)
    assert books.payment(b_).state == "voided"
    with pytest.raises(BooksError):
        books.mark_sent(cb.id)                   # a finished command is never resent
    assert cb.id not in [x.id for x in books.due_commands(INF)]


def test_per_payment_commands_go_one_at_a_time_and_finalisation_drops_updates(books):
    pid = authorized(books, amount=1000)
    u1 = books.queue_update(pid, 2000)
    u2 = books.queue_update(pid, 3000)
    assert [x.id for x in books.due_commands(INF)] == [u1.id]
    send(books, u1.id)
    books.mark_done(u1.id)
    assert [x.id for x in books.due_commands(INF)] == [u2.id]
    send(books, u2.id)                           # in flight when the session ends
    fin = books.queue_finalisation(pid, "commit", 1500)
    assert books.command(u2.id).state == "dropped"
    assert [x.id for x in books.due_commands(INF)] == [fin.id]
    assert books.mark_refused(u2.id, "late NOT OK") == "dropped"   # a late answer is noted
    with pytest.raises(BooksError):
        books.queue_update(pid, 5000)            # no updates once finalising


# ------------------------------------------------------------------ reconciliation

def test_open_payments_and_sessions_are_what_a_restart_must_finish(path):
    clock = Clock()
    b = Books(path, clock=clock)
    reserving = b.create_payment(connector_id=1, reference=1, amount=100, currency="EUR")
    declined = b.create_payment(connector_id=1, reference=2, amount=100, currency="EUR")
    b.set_payment_declined(declined, 0x51)
    cancelled = b.create_payment(connector_id=1, reference=3, amount=100, currency="EUR")
    b.set_payment_cancelled(cancelled, "Auth Session refused")
    charging = authorized(b, cid=2, amount=5000)
    s_charging = b.create_session(connector_id=2, payment_id=charging, at=clock())
    b.set_session_state(s_charging, "charging")
    b.update_session_meter(s_charging, 5000, clock(), 1750)
    finalising = authorized(b, cid=3)
    b.queue_finalisation(finalising, "void")
    done = authorized(b, cid=4)
    s_done = b.create_session(connector_id=4, payment_id=done, at=clock())
    b.end_session(s_done, "unplugged", clock(), "{}")
    cmd = b.queue_finalisation(done, "commit", 10)
    b.mark_sent(cmd.id)
    b.mark_done(cmd.id)
    free = b.create_session(connector_id=5, payment_id=None, at=clock())   # free vending
    b.close()

    b = Books(path, clock=clock)
    ps = {p.id: p for p in b.open_payments()}
    assert set(ps) == {reserving, charging, finalising}
    assert ps[reserving].state == "reserving" and ps[finalising].state == "voiding"
    p = ps[charging]                             # everything _resume() reads
    assert (p.connector_id, p.authorized_amount, p.terminal_session_id, p.card_hash,
            p.masked_pan, p.brand, p.host_reference, p.host_response_code) == (
        2, 5000, 7, CARD_HASH, "411111******1111", "VISA", "HREF1", "00")
    ss = {s.id: s for s in b.open_sessions()}
    assert set(ss) == {s_charging, free}
    s = ss[s_charging]
    assert (s.payment_id, s.energy_wh, s.cost_total, s.state) == (charging, 5000, 1750, "charging")
    assert ss[free].payment_id is None

    # the reconciliation as station.py does it: every open payment ends exactly once
    b.set_payment_cancelled(reserving, "outcome unknown after restart")
    b.queue_finalisation(charging, "commit", min(s.cost_total, p.authorized_amount))
    b.end_session(s.id, "recovered_after_restart", clock(), "{}")
    assert {x.id for x in b.open_payments()} == {charging, finalising}
    assert all(x.state in ("committing", "voiding") for x in b.open_payments())
    stats = b.stats()
    assert stats["open_commands"] == 2 and stats["payments"]["committed"] == 1
    assert stats["committed_total"] == 10 and stats["last_reference"] == 3
    json.dumps(stats)
    b.close()


def test_sessions_end_once_with_an_explicit_reason(books):
    sid = books.create_session(connector_id=1, payment_id=None, at=1.0)
    with pytest.raises(ValueError):
        books.end_session(sid, "", 2.0, "{}")
    books.end_session(sid, "fault", 2.0, None)
    books.end_session(sid, "unplugged", 3.0, "{}")       # second end: the first stands
    s = books.session(sid)
    assert (s.state, s.stop_reason, s.ended_at) == ("ended", "fault", 2.0)
    with pytest.raises(BooksError):
        books.update_session_meter(sid, 10, 4.0, 1)
    with pytest.raises(BooksError):
        books.set_session_state(sid, "charging")


def test_move_payment_changes_connector_and_is_journaled(books):
    pid = authorized(books, cid=1)
    books.move_payment(pid, 3)
    assert books.payment(pid).connector_id == 3
    [moved] = [e for e in books.journal_entries(payment_id=pid) if e.kind == "payment_moved"]
    assert moved.detail == {"src": 1, "dst": 3}


# ------------------------------------------------------------------ receipts and journal

def test_receipts_round_trip_by_token_and_short_ref(path):
    b = Books(path)
    pid = authorized(b)
    sid = b.create_session(connector_id=1, payment_id=pid, at=1.0)
    data = {"total": 1234, "lines": [["energy", 5000, 30, 1500]], "masked_pan": "••••1111",
            "started_at": datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)}
    b.save_receipt("tok-abc", "K7QX2", pid, sid, data)
    b.save_receipt("tok-declined", "ZZ9", None, None, {"status": "declined"})
    b.close()
    b = Books(path)
    r = b.receipt_by_token("tok-abc")
    assert (r.token, r.short_ref, r.payment_id, r.session_id) == ("tok-abc", "K7QX2", pid, sid)
    assert r.data["total"] == 1234 and r.data["started_at"] == "2026-01-02T03:04:05+00:00"
    assert b.receipt_by_short_ref(" k7qx2 ").token == "tok-abc"
    assert b.receipt_by_short_ref("ZZ9").data == {"status": "declined"}
    assert b.receipt_by_token("nope") is None and b.receipt_by_short_ref("nope") is None
    b.save_receipt("tok-abc", "K7QX2", pid, sid, {"total": 1234, "status": "paid"})
    assert b.receipt_by_token("tok-abc").data["status"] == "paid"     # replaced by token
    b.close()


def test_journal_is_append_only_and_records_each_state_change(books):
    pid = authorized(books)
    books.journal("technician_note", payment_id=pid, text="checked the cable")
    kinds = [e.kind for e in books.journal_entries(payment_id=pid)]
    assert kinds == ["payment_reserving", "payment_authorized", "technician_note"]
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        books.db.execute("UPDATE journal SET kind = 'x'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        books.db.execute("DELETE FROM journal")


# ------------------------------------------------------------------ privacy

def test_only_the_masked_pan_reaches_the_disk(path):
    b = Books(path)
    pid = authorized(b, pan=FULL_PAN)                    # a careless caller
    assert b.payment(pid).masked_pan == "************1111"
    with pytest.raises(sqlite3.IntegrityError):          # and the schema refuses it outright
        b.db.execute("UPDATE payments SET masked_pan = ? WHERE id = ?", (FULL_PAN, pid))
    b.db.execute("PRAGMA wal_checkpoint(FULL)")
    b.close()
    for f in path.parent.iterdir():                      # the db, its WAL and shm
        assert FULL_PAN.encode() not in f.read_bytes(), f.name


def test_card_hash_is_stored_but_never_journaled_or_shown(books):
    pid = authorized(books)
    p = books.payment(pid)
    assert p.card_hash == CARD_HASH
    assert CARD_HASH not in repr(p)
    for e in books.journal_entries():
        assert CARD_HASH not in json.dumps(e.detail)


def test_mask_pan_keeps_masked_forms_and_masks_full_ones():
    assert mask_pan("411111******1111") == "411111******1111"
    assert mask_pan("4111 1111 1111 1111") == "**** **** **** 1111"
    assert mask_pan(None) is None


# ------------------------------------------------------------------ the journey's calls

def test_the_call_sequence_of_station_and_finaliser(path):
    """Every books call as station.py and finaliser.py make it (positional vs keyword)."""
    b = Books(path)
    ref = b.next_reference()
    pid = b.create_payment(connector_id=1, reference=ref, amount=5000, currency="EUR")
    b.set_payment_authorized(pid, 77, CARD_HASH, "411111******1111", "VISA", "H", "00", 5000)
    sid = b.create_session(connector_id=1, payment_id=pid, at=10.0)
    b.set_session_state(sid, "charging")
    b.set_session_state(sid, "suspended")
    b.update_session_meter(sid, 1000, 11.0, 350)
    b.queue_update(pid, 7000)
    b.set_session_state(sid, "idle")
    b.queue_finalisation(pid, "commit", 350)
    b.end_session(sid, "unplugged", 12.0, '{"total": 350}')
    b.save_receipt("t", "R1", pid, sid, {"total": 350})
    for cmd in b.due_commands(20.0):
        b.mark_sent(cmd.id)
        assert (cmd.kind, cmd.payment_id, cmd.terminal_session_id, cmd.amount) == (
            "commit", pid, 77, 350)
        b.mark_done(cmd.id)
    assert b.due_commands(INF) == []
    assert b.payment(pid).state == "committed" and b.payment(pid).final_amount == 350
    # an approval nobody asked for is voided at once
    stray = b.create_payment(connector_id=0, reference=0, amount=0, currency="EUR")
    b.set_payment_authorized(stray, 78, None, None, None, None, None, 0)
    assert b.queue_finalisation(stray, "void", 0).kind == "void"
    b.close()


# ------------------------------------------------------------------ property: never twice

class OutboxMachine(RuleBasedStateMachine):
    """Random queue/send/answer/retry/restart sequences: a payment is never finalised twice,
    and the payment's state always agrees with its one commit-or-void."""

    def __init__(self):
        super().__init__()
        self.dir = tempfile.mkdtemp(prefix="books-")
        self.path = Path(self.dir) / "books.sqlite3"
        self.b = Books(self.path)
        self.pids: list[str] = []
        self.completions: dict[str, int] = {}    # payment -> commits/voids reported done

    def teardown(self):
        self.b.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    @rule(amount=st.integers(1, 10_000))
    def new_payment(self, amount):
        self.pids.append(authorized(self.b, amount=amount, tsid=len(self.pids) + 1))

    @precondition(lambda self: self.pids)
    @rule(i=st.integers(0, 50), kind=st.sampled_from(["commit", "void"]),
          amount=st.integers(1, 12_000))
    def finalise(self, i, kind, amount):
        pid = self.pids[i % len(self.pids)]
        had = [c for c in self.b.commands(pid) if c.kind in ("commit", "void")]
        state = self.b.payment(pid).state
        try:
            cmd = self.b.queue_finalisation(pid, kind, amount if kind == "commit" else 0)
        except BooksError:
            assert state != "authorized" and not had
            return
        if had:
            assert cmd.id == had[0].id

    @precondition(lambda self: self.pids)
    @rule(i=st.integers(0, 50), amount=st.integers(1, 20_000))
    def update(self, i, amount):
        pid = self.pids[i % len(self.pids)]
        try:
            self.b.queue_update(pid, amount)
        except BooksError:
            assert self.b.payment(pid).state != "authorized"

    @rule(i=st.integers(0, 50), answer=st.sampled_from(["ok", "not_ok", "retry", "lost"]))
    def send_and_answer(self, i, answer):
        due = self.b.due_commands(INF)
        if not due:
            return
        cmd = due[i % len(due)]
        self.b.mark_sent(cmd.id)
        if answer == "ok":
            self.b.mark_done(cmd.id)
            result = "done"
        elif answer == "not_ok":
            result = self.b.mark_refused(cmd.id, "NOT OK")
        elif answer == "retry":
            self.b.mark_retry(cmd.id, "timeout", 0)
            return
        else:
            return       # the answer never comes (crash or lost): stays "sent"
        if cmd.kind != "update" and result == "done":
            self.completions[cmd.payment_id] = self.completions.get(cmd.payment_id, 0) + 1

    @rule()
    def restart(self):
        self.b.close()
        self.b = Books(self.path)

    @invariant()
    def finalised_at_most_once(self):
        for pid in self.pids:
            cmds = self.b.commands(pid)
            fin = [c for c in cmds if c.kind in ("commit", "void")]
            assert len(fin) <= 1
            assert self.completions.get(pid, 0) <= 1
            p = self.b.payment(pid)
            expected = {None: "authorized"}
            if fin:
                c = fin[0]
                expected = {("commit", "due"): "committing", ("commit", "sent"): "committing",
                            ("void", "due"): "voiding", ("void", "sent"): "voiding",
                            ("commit", "done"): "committed", ("void", "done"): "voided",
                            ("commit", "refused"): "failed", ("void", "refused"): "failed"}
                assert p.state == expected[(c.kind, c.state)]
                assert c.amount <= p.authorized_amount
                if p.state == "committed":
                    assert p.final_amount == c.amount > 0
                # nothing of the payment is still due besides its finalisation
                assert all(x.state not in ("due", "sent") for x in cmds if x.kind == "update")
            else:
                assert p.state == "authorized"


OutboxMachine.TestCase.settings = settings(
    max_examples=100, stateful_step_count=30, deadline=None,
    suppress_health_check=[HealthCheck.too_slow])
test_outbox_never_finalises_twice = OutboxMachine.TestCase
