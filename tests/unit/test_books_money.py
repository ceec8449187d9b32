"""The books' money records, exactly: every row field and journal entry of a payment's
life, repeats that change nothing, and the transitions refused with the message a
technician reads. A real SQLite file; a clock the test moves."""
from __future__ import annotations

import pytest

from kiosk.store.books import Books, BooksError

HASH = "ab" * 32


class Clock:
    def __init__(self):
        self.t = 1_700_000_000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def books(tmp_path, clock):
    b = Books(tmp_path / "books.sqlite3", clock=clock)
    yield b
    b.close()


def journal(b: Books, pid: str) -> list[tuple]:
    return [(e.kind, e.session_id is not None, e.detail) for e in b.journal_entries(payment_id=pid)]


def test_a_paid_session_is_booked_field_by_field_and_journaled(books, clock):
    pid = books.create_payment(connector_id=2, reference=7, amount=5000, currency="EUR")
    clock.t += 1
    books.set_payment_authorized(pid, 41, HASH, "411111******1111", "VISA", "HREF", "00", 5000)
    clock.t += 1
    sid = books.create_session(connector_id=2, payment_id=pid, at=clock.t)
    books.set_session_state(sid, "charging")
    books.update_session_meter(sid, 3_666, clock.t + 60, 143)
    clock.t += 100
    books.end_session(sid, "unplugged", clock.t, '{"total": 143}')
    cmd = books.queue_finalisation(pid, "commit", 143)
    books.mark_sent(cmd.id)
    books.mark_retry(cmd.id, "link lost", clock.t + 1)
    clock.t += 1
    books.mark_sent(cmd.id)
    clock.t += 1
    books.mark_done(cmd.id)

    p = books.payment(pid)
    assert (p.connector_id, p.reference, p.currency, p.requested_amount, p.authorized_amount,
            p.final_amount, p.state, p.terminal_session_id) == (2, 7, "EUR", 5000, 5000, 143,
                                                                 "committed", 41)
    assert (p.card_hash, p.masked_pan, p.brand, p.host_reference, p.host_response_code) == (
        HASH, "411111******1111", "VISA", "HREF", "00")
    assert (p.created_at, p.updated_at, p.detail) == (1_700_000_000.0, clock.t, None)
    s = books.session(sid)
    assert (s.connector_id, s.payment_id, s.state, s.energy_wh, s.cost, s.stop_reason) == (
        2, pid, "ended", 3_666, 143, "unplugged")
    assert (s.started_at, s.meter_at, s.ended_at, s.breakdown) == (
        1_700_000_002.0, 1_700_000_062.0, 1_700_000_102.0, {"total": 143})
    c = books.command(cmd.id)
    assert (c.kind, c.amount, c.state, c.attempts, c.terminal_session_id, c.last_error) == (
        "commit", 143, "done", 2, 41, None)
    assert (c.created_at, c.sent_at, c.done_at) == (1_700_000_102.0, 1_700_000_103.0,
                                                    1_700_000_104.0)
    assert books.commands(pid) == [c]
    assert journal(books, pid) == [
        ("payment_reserving", False, {"connector": 2, "reference": 7, "amount": 5000,
                                      "currency": "EUR"}),
        ("payment_authorized", False, {"from": "reserving", "terminal_session_id": 41,
                                       "masked_pan": "411111******1111", "brand": "VISA",
                                       "host_reference": "HREF", "host_response_code": "00",
                                       "authorized_amount": 5000}),
        ("session_starting", True, {"connector": 2}),
        ("session_charging", True, {"from": "starting"}),
        ("session_ended", True, {"reason": "unplugged", "energy_wh": 3_666, "cost": 143,
                                 "from": "charging"}),
        ("command_queued", False, {"command": cmd.id, "kind": "commit", "amount": 143}),
        ("payment_committing", False, {"from": "authorized"}),
        ("command_sent", False, {"command": cmd.id, "kind": "commit", "amount": 143,
                                 "attempt": 1}),
        ("command_retry", False, {"command": cmd.id, "kind": "commit", "error": "link lost",
                                  "next_at": 1_700_000_103.0}),
        ("command_sent", False, {"command": cmd.id, "kind": "commit", "amount": 143,
                                 "attempt": 2}),
        ("command_done", False, {"command": cmd.id, "kind": "commit", "amount": 143,
                                 "attempts": 2, "detail": None, "assumed": False}),
        ("payment_committed", False, {"from": "committing", "final_amount": 143}),
    ]
    assert "ab" * 32 not in str(books.journal_entries())      # the card hash never


def test_refused_and_assumed_outcomes_are_journaled_with_their_reason(books):
    a = books.create_payment(connector_id=1, reference=1, amount=500, currency="EUR")
    books.set_payment_authorized(a, 1, None, None, None, None, None, 500)
    ca = books.queue_finalisation(a, "void")
    books.mark_sent(ca.id)
    assert books.mark_refused(ca.id, "NOT OK") == "refused"
    assert journal(books, a)[-2:] == [
        ("command_refused", False, {"command": ca.id, "kind": "void", "amount": 0,
                                    "attempts": 1, "detail": "NOT OK", "assumed": False}),
        ("payment_failed", False, {"from": "voiding", "detail": "NOT OK"})]
    b = books.create_payment(connector_id=1, reference=2, amount=500, currency="EUR")
    books.set_payment_authorized(b, 2, None, None, None, None, None, 500)
    cb = books.queue_finalisation(b, "commit", 300)
    books.mark_sent(cb.id)
    books.mark_sent(cb.id)
    assert books.mark_refused(cb.id, "NOT OK") == "done"
    assert journal(books, b)[-2:] == [
        ("command_done", False, {"command": cb.id, "kind": "commit", "amount": 300,
                                 "attempts": 2, "detail": "NOT OK", "assumed": True}),
        ("payment_committed", False, {"from": "committing", "final_amount": 300,
                                      "detail": "assumed closed by an earlier attempt"})]
    # A repeated or late answer changes nothing, and says so by its return value.
    n = len(books.journal_entries())
    assert books.mark_refused(cb.id, "NOT OK again") == "done"
    books.mark_done(cb.id)
    assert books.mark_refused(ca.id, "NOT OK again") == "refused"
    assert len(books.journal_entries()) == n
    with pytest.raises(BooksError, match=f"money command {ca.id} was refused; a later OK "
                                         "needs a technician"):
        books.mark_done(ca.id)
    assert (books.payment(a).state, books.payment(b).final_amount) == ("failed", 300)


def test_updates_are_journaled_and_a_late_ok_for_a_dropped_one_records_the_hold(books):
    pid = books.create_payment(connector_id=1, reference=1, amount=500, currency="EUR")
    books.set_payment_authorized(pid, 9, None, None, None, None, None, 500)
    up = books.queue_update(pid, 1000)
    books.mark_sent(up.id)
    books.mark_done(up.id)
    assert books.payment(pid).authorized_amount == 1000
    assert journal(books, pid)[-3:] == [
        ("command_sent", False, {"command": up.id, "kind": "update", "amount": 1000,
                                 "attempt": 1}),
        ("command_done", False, {"command": up.id, "kind": "update", "amount": 1000,
                                 "attempts": 1, "detail": None, "assumed": False}),
        ("payment_updated", False, {"authorized": 1000, "was": 500})]
    late = books.queue_update(pid, 1500)
    assert journal(books, pid)[-1] == ("command_queued", False, {
        "command": late.id, "kind": "update", "amount": 1500})
    books.mark_sent(late.id)
    fin = books.queue_finalisation(pid, "commit", 1200)        # drops the unanswered update
    assert books.command(late.id).state == "dropped"
    assert books.command(late.id).last_error == "superseded by finalisation"
    assert ("updates_dropped", False, {"count": 1}) in journal(books, pid)
    assert books.mark_refused(late.id, "late NOT OK") == "dropped"
    assert journal(books, pid)[-1] == ("late_outcome", False, {
        "command": late.id, "kind": "update", "ok": False, "detail": "late NOT OK"})
    assert books.payment(pid).authorized_amount == 1000
    books.mark_done(late.id)                                  # the late OK: the card holds 15.00
    assert books.payment(pid).authorized_amount == 1500
    assert journal(books, pid)[-1] == ("late_outcome", False, {
        "command": late.id, "kind": "update", "ok": True, "detail": None})
    assert (fin.amount, books.payment(pid).state) == (1000, "committing")   # clamped at queueing


def test_a_commit_above_the_hold_is_clamped_and_journaled(books):
    pid = books.create_payment(connector_id=1, reference=1, amount=500, currency="EUR")
    books.set_payment_authorized(pid, 9, None, None, None, None, None, 500)
    cmd = books.queue_finalisation(pid, "commit", 750)
    assert (cmd.kind, cmd.amount, cmd.state, cmd.attempts, cmd.next_at) == ("commit", 500, "due",
                                                                            0, 0)
    assert journal(books, pid)[-3] == ("commit_clamped", False, {"asked": 750, "authorized": 500})
    # Asking again, for anything, returns the first command and journals the difference.
    again = books.queue_finalisation(pid, "void")
    assert again == cmd
    assert journal(books, pid)[-1] == ("finalisation_ignored", False, {
        "asked": "void", "amount": 0, "existing": "commit", "existing_amount": 500})
    n = len(journal(books, pid))
    assert books.queue_finalisation(pid, "commit", 500) == cmd       # the same: nothing new
    assert len(journal(books, pid)) == n


def test_a_hold_of_zero_turns_a_commit_into_a_void(books):
    pid = books.create_payment(connector_id=1, reference=1, amount=0, currency="EUR")
    books.set_payment_authorized(pid, 9, None, None, None, None, None, 0)
    cmd = books.queue_finalisation(pid, "commit", 100)
    assert (cmd.kind, cmd.amount) == ("void", 0)
    assert books.payment(pid).state == "voiding"


def test_repeats_change_nothing(books, clock):
    pid = books.create_payment(connector_id=1, reference=1, amount=500, currency="EUR")
    books.set_payment_declined(pid, 0x51, "declined: funds")
    clock.t += 5
    books.set_payment_declined(pid, 0x52, "again")
    p = books.payment(pid)
    assert (p.state, p.decline_reason_code, p.detail, p.updated_at) == (
        "declined", 0x51, "declined: funds", 1_700_000_000.0)
    c = books.create_payment(connector_id=1, reference=2, amount=500, currency="EUR")
    books.set_payment_cancelled(c, "Auth Session refused")
    books.set_payment_cancelled(c, "again")
    assert (books.payment(c).state, books.payment(c).detail) == ("cancelled",
                                                                "Auth Session refused")
    a = books.create_payment(connector_id=1, reference=3, amount=500, currency="EUR")
    books.set_payment_authorized(a, 5, None, None, None, None, None, 500)
    n = len(journal(books, a))
    books.set_payment_authorized(a, 5, None, None, None, None, None, 500)   # the same approval
    books.move_payment(a, 1)                                              # where it is already
    assert len(journal(books, a)) == n
    books.move_payment(a, 2)
    assert books.payment(a).connector_id == 2
    assert journal(books, a)[-1] == ("payment_moved", False, {"src": 1, "dst": 2})
    sid = books.create_session(connector_id=2, payment_id=a, at=1.0)
    books.set_session_state(sid, "starting")                              # already starting
    books.end_session(sid, "unplugged", 2.0)
    books.end_session(sid, "fault", 3.0)                                  # ending twice
    s = books.session(sid)
    assert (s.state, s.stop_reason, s.ended_at) == ("ended", "unplugged", 2.0)
    assert [e[0] for e in journal(books, a)].count("session_ended") == 1


@pytest.mark.parametrize("action, message", [
    (lambda b, p: b.set_payment_declined(p, 1), "is authorized: cannot decline"),
    (lambda b, p: b.set_payment_cancelled(p, "x"),
     "is authorized: cannot cancel (void an authorized payment)"),
    (lambda b, p: b.set_payment_authorized(p, 6, None, None, None, None, None, 1),
     "is authorized: cannot authorize"),
])
def test_transitions_an_authorized_payment_refuses(books, action, message):
    pid = books.create_payment(connector_id=1, reference=1, amount=500, currency="EUR")
    books.set_payment_authorized(pid, 5, None, None, None, None, None, 500)
    with pytest.raises(BooksError) as e:
        action(books, pid)
    assert str(e.value) == f"payment {pid} {message}"
    assert books.payment(pid).state == "authorized"


def test_what_the_outbox_refuses(books):
    pid = books.create_payment(connector_id=1, reference=1, amount=500, currency="EUR")
    with pytest.raises(BooksError) as e:
        books.queue_finalisation(pid, "commit", 100)
    assert str(e.value) == f"payment {pid} is reserving: nothing to commit"
    with pytest.raises(BooksError) as e:
        books.queue_update(pid, 100)
    assert str(e.value) == f"payment {pid} is reserving: cannot update"
    with pytest.raises(ValueError, match="a commit of 0 is a void"):
        books.queue_finalisation(pid, "commit", 0)
    with pytest.raises(ValueError, match="amount must be >= 0"):
        books.queue_finalisation(pid, "void", -1)
    with pytest.raises(ValueError, match="finalisation is commit or void, not 'update'"):
        books.queue_finalisation(pid, "update", 1)
    with pytest.raises(ValueError, match="an update asks for a positive amount"):
        books.queue_update(pid, 0)
    with pytest.raises(BooksError) as e:
        books.payment("nope") or books.move_payment("nope", 1)
    assert str(e.value) == "unknown payment 'nope'"
    with pytest.raises(BooksError) as e:
        books.mark_sent(999)
    assert str(e.value) == "unknown money command 999"
    books.set_payment_authorized(pid, 5, None, None, None, None, None, 500)
    cmd = books.queue_finalisation(pid, "void")
    books.mark_sent(cmd.id)
    books.mark_done(cmd.id)
    with pytest.raises(BooksError) as e:
        books.mark_sent(cmd.id)
    assert str(e.value) == f"money command {cmd.id} is done: not sending it"
    books.mark_retry(cmd.id, "late", 5.0)                     # answered meanwhile: nothing
    assert (books.command(cmd.id).state, books.command(cmd.id).last_error) == ("done", None)


def test_what_the_sessions_refuse(books):
    sid = books.create_session(connector_id=1, payment_id=None, at=1.0)
    books.end_session(sid, "unplugged", 2.0)
    with pytest.raises(BooksError) as e:
        books.set_session_state(sid, "charging")
    assert str(e.value) == f"session {sid} has ended"
    with pytest.raises(BooksError) as e:
        books.update_session_meter(sid, 10, 3.0, 1)
    assert str(e.value) == f"session {sid} is ended: meter not recorded"
    with pytest.raises(BooksError) as e:
        books.session("nope") or books.end_session("nope", "x", 1.0)
    assert str(e.value) == "unknown session 'nope'"
    with pytest.raises(BooksError) as e:
        books.create_session(connector_id=1, payment_id="nope")
    assert str(e.value) == "unknown payment 'nope'"
    with pytest.raises(ValueError, match="energy and cost must be >= 0"):
        books.update_session_meter(sid, 0, 1.0, -1)
    with pytest.raises(ValueError, match="a session ends with an explicit stop reason"):
        books.end_session(sid, "", 1.0)
    assert books.session("nope") is None and books.payment("nope") is None
    assert books.command(12345) is None


def test_open_payments_and_sessions_in_the_order_they_began(books, clock):
    ids = []
    for n, state in enumerate(("reserving", "authorized", "declined", "committing")):
        clock.t += 1
        pid = books.create_payment(connector_id=1, reference=n, amount=500, currency="EUR")
        if state == "authorized" or state == "committing":
            books.set_payment_authorized(pid, n, None, None, None, None, None, 500)
        if state == "committing":
            books.queue_finalisation(pid, "commit", 100)
        if state == "declined":
            books.set_payment_declined(pid, 5)
        ids.append(pid)
    assert [p.id for p in books.open_payments()] == [ids[0], ids[1], ids[3]]
    late = books.create_session(connector_id=2, payment_id=None, at=20.0)
    early = books.create_session(connector_id=1, payment_id=None, at=10.0)
    done = books.create_session(connector_id=1, payment_id=None, at=5.0)
    books.end_session(done, "unplugged", 6.0)
    assert [s.id for s in books.open_sessions()] == [early, late]


def test_a_session_starts_now_unless_told_when_and_never_as_ended(books, clock):
    sid = books.create_session(connector_id=1, payment_id=None)
    assert (books.session(sid).started_at, books.session(sid).state) == (clock.t, "starting")
    with pytest.raises(ValueError, match="a session cannot start as 'ended'"):
        books.create_session(connector_id=1, payment_id=None, state="ended")
    with pytest.raises(ValueError, match="a session cannot start as 'paused'"):
        books.create_session(connector_id=1, payment_id=None, state="paused")
