"""The books' service-mode tables (audit, PIN lock-out, connectors out of service) and
a technician's second finalisation, through a real SQLite file."""
from __future__ import annotations

import sqlite3

import pytest

from kiosk.store import books as books_mod
from kiosk.store.books import Books, BooksError, PinLockout

from test_books import INF, Clock, authorized, send


@pytest.fixture
def books(tmp_path):
    b = Books(tmp_path / "books.sqlite3", clock=Clock())
    yield b
    b.close()


def test_a_version_1_file_migrates_keeping_its_payments(tmp_path, monkeypatch):
    path = tmp_path / "books.sqlite3"
    monkeypatch.setattr(books_mod, "SCHEMA_VERSION", 1)
    with Books(path) as old:
        pid = authorized(old)
        assert old.schema_version() == 1
    monkeypatch.setattr(books_mod, "SCHEMA_VERSION", 2)
    with Books(path) as new:
        assert new.schema_version() == 2
        assert new.payment(pid).state == "authorized"
        assert new.pin_lockout() == PinLockout(0, 0, 0)
        assert new.out_of_service() == {} and new.audit_entries() == []


def test_audit_is_append_only(books):
    books.audit("socket", "void", "p1", "ok", amount=0)
    books.audit("screen", "disable", "2", "refused: no connector 2")
    rows = books.audit_entries()
    assert [(a.actor, a.action, a.target, a.result) for a in rows] == [
        ("socket", "void", "p1", "ok"), ("screen", "disable", "2", "refused: no connector 2")]
    assert rows[0].detail == {"amount": 0}
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        books.db.execute("DELETE FROM audit")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        books.db.execute("UPDATE audit SET result = 'ok'")


def test_lockout_and_out_of_service_survive_reopening(tmp_path):
    path = tmp_path / "books.sqlite3"
    with Books(path) as b:
        b.set_pin_lockout(PinLockout(0, 1, 1234.5))
        assert b.set_out_of_service(2, True) is True
        assert b.set_out_of_service(2, True) is False        # already
    with Books(path) as b:
        assert b.pin_lockout() == PinLockout(0, 1, 1234.5)
        assert list(b.out_of_service()) == [2]
        assert b.set_out_of_service(2, False) is True
        assert b.out_of_service() == {}


def test_a_refused_commit_can_be_voided_once_by_a_technician(books):
    pid = authorized(books, amount=5000)
    cmd = books.queue_finalisation(pid, "commit", 1234)
    send(books, cmd.id)
    assert books.mark_refused(cmd.id, "NOT OK") == "refused"
    assert books.payment(pid).state == "failed"
    # The journey asking again changes nothing: the refused command stands.
    assert books.queue_finalisation(pid, "commit", 1234).id == cmd.id
    with pytest.raises(BooksError, match="between 1 and the hold"):
        books.refinalise(pid, "commit", 5001)
    void = books.refinalise(pid, "void")
    assert books.payment(pid).state == "voiding"
    assert [c.id for c in books.due_commands(INF)] == [void.id]
    with pytest.raises(BooksError, match="voiding"):
        books.refinalise(pid, "void")                       # one at a time
    with pytest.raises(sqlite3.IntegrityError):             # the index still holds
        books.db.execute(
            "INSERT INTO money_commands (payment_id, kind, terminal_session_id, amount, state, "
            "next_at, created_at) VALUES (?, 'commit', 7, 100, 'due', 0, 0)", (pid,))
    send(books, void.id)
    books.mark_done(void.id)
    p = books.payment(pid)
    assert (p.state, p.final_amount) == ("voided", 0)
    with pytest.raises(BooksError, match="voided"):
        books.refinalise(pid, "commit", 100)
