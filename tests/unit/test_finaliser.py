"""The finaliser as a unit: real books on a real SQLite file, a scripted terminal at
the payment port (the terminal is the boundary we do not own; the finaliser and the
books are the code under test). Each case checks what the books record and what is
sent next."""
from __future__ import annotations

import asyncio

import pytest

from kiosk.journey.finaliser import Finaliser
from kiosk.payment.port import TerminalUnavailable
from kiosk.store.books import Books

pytestmark = pytest.mark.timeout(10)


class Clock:
    def __init__(self, t: float = 1_700_000_000.0):
        self.t = t

    def __call__(self) -> float:
        return self.t


class ScriptedTerminal:
    """Answers each money command with the next scripted answer: True (Result OK),
    False (Result NOT OK), or an exception raised after the command went out (the
    answer never came: timeout, link dropped). Records what was sent."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.sent: list[tuple] = []
        self.ready = True

    async def _answer(self, *sent):
        self.sent.append(sent)
        answer = self.answers.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        return answer

    async def commit(self, tsid: int, amount: int) -> bool:
        return await self._answer("commit", tsid, amount)

    async def void(self, tsid: int) -> bool:
        return await self._answer("void", tsid)

    async def update(self, tsid: int, amount: int) -> bool:
        return await self._answer("update", tsid, amount)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def books(tmp_path, clock):
    b = Books(tmp_path / "books.sqlite3", clock=clock)
    yield b
    b.close()


def authorized(books: Books, amount: int = 5000, tsid: int = 41) -> str:
    pid = books.create_payment(connector_id=1, reference=books.next_reference(), amount=amount,
                               currency="EUR")
    books.set_payment_authorized(pid, tsid, "ab" * 32, "411111******1111", "VISA", "H1", "00",
                                 amount)
    return pid


def finaliser(books, terminal, clock, outcomes: list, emitted: list | None = None) -> Finaliser:
    return Finaliser(books, terminal, wakeup=asyncio.Event(), clock=clock,
                     on_outcome=lambda *a: outcomes.append(a),
                     emit=lambda event, **kw: (emitted if emitted is not None else []).append(
                         (event, kw)))


async def test_commit_answered_ok_books_the_amount_committed(books, clock):
    pid = authorized(books)
    books.queue_finalisation(pid, "commit", 1234)
    term, outcomes = ScriptedTerminal(True), []
    assert await finaliser(books, term, clock, outcomes).drain() == 1
    assert term.sent == [("commit", 41, 1234)]
    p = books.payment(pid)
    assert (p.state, p.final_amount) == ("committed", 1234)
    assert [c.state for c in books.commands(pid)] == ["done"]
    assert outcomes == [(pid, "commit", True, 1234)]


async def test_void_answered_ok_books_the_payment_voided(books, clock):
    pid = authorized(books)
    books.queue_finalisation(pid, "void")
    term, outcomes = ScriptedTerminal(True), []
    await finaliser(books, term, clock, outcomes).drain()
    assert term.sent == [("void", 41)]
    p = books.payment(pid)
    assert (p.state, p.final_amount) == ("voided", 0)
    assert outcomes == [(pid, "void", True, 0)]


@pytest.mark.parametrize("kind, amount, sent", [("commit", 1234, ("commit", 41, 1234)),
                                                ("void", 0, ("void", 41))])
async def test_a_refused_first_commit_or_void_is_booked_failed_not_closed(books, clock, kind,
                                                                         amount, sent):
    # The terminal still holds the money: the books must not say committed/voided.
    pid = authorized(books)
    books.queue_finalisation(pid, kind, amount)
    term, outcomes, emitted = ScriptedTerminal(False), [], []
    f = finaliser(books, term, clock, outcomes, emitted)
    assert await f.drain() == 1
    p = books.payment(pid)
    assert (p.state, p.final_amount) == ("failed", None)
    assert p.detail == "terminal answered Result NOT OK"
    [cmd] = books.commands(pid)
    assert (cmd.state, cmd.attempts) == ("refused", 1)
    assert emitted[-1] == ("money_command", {"kind": kind, "state": "refused", "payment": pid,
                                             "amount": amount})
    assert outcomes == [(pid, kind, False, amount)]
    # Nothing is sent again: a refused finalisation waits for a technician.
    clock.t += 3600
    assert await f.drain() == 0
    assert term.sent == [sent]


@pytest.mark.parametrize("lost", [asyncio.TimeoutError(), TerminalUnavailable("link lost"),
                                  ConnectionResetError("reset by peer")],
                         ids=["no answer", "link lost", "connection reset"])
async def test_no_answer_leaves_the_commit_due_and_resends_the_same_amount_after_backoff(
        books, clock, lost):
    pid = authorized(books)
    books.queue_finalisation(pid, "commit", 2750)
    term, outcomes, emitted = ScriptedTerminal(lost, True), [], []
    f = finaliser(books, term, clock, outcomes, emitted)
    assert await f.drain() == 0
    [cmd] = books.commands(pid)
    # Due again in 1 s (the first back-off), the attempt counted, the payment still open.
    assert (cmd.state, cmd.attempts, cmd.next_at) == ("due", 1, clock.t + 1)
    assert cmd.last_error == (str(lost) or type(lost).__name__)
    assert books.payment(pid).state == "committing"
    assert outcomes == [] and emitted[-1][1]["state"] == "retry"
    clock.t += 0.5                                 # before the back-off: nothing goes out
    assert await f.drain() == 0 and len(term.sent) == 1
    clock.t += 0.5
    assert await f.drain() == 1
    assert term.sent == [("commit", 41, 2750), ("commit", 41, 2750)]
    p = books.payment(pid)
    assert (p.state, p.final_amount) == ("committed", 2750)
    assert books.commands(pid)[0].attempts == 2
    assert outcomes == [(pid, "commit", True, 2750)]


async def test_the_command_is_marked_sent_before_its_bytes_leave(books, clock):
    # A crash between the send and the answer must find "sent" in the books.
    pid = authorized(books)
    books.queue_finalisation(pid, "commit", 990)
    seen = []

    class Peeking(ScriptedTerminal):
        async def commit(self, tsid, amount):
            seen.append(books.commands(pid)[0].state)
            raise TerminalUnavailable("link dropped after the send")

    await finaliser(books, Peeking(), clock, []).drain()
    assert seen == ["sent"]
    kinds = [e.kind for e in books.journal_entries(payment_id=pid)]
    assert kinds[-2:] == ["command_sent", "command_retry"]


@pytest.mark.parametrize("kind, amount, final_state", [("commit", 1500, "committed"),
                                                       ("void", 0, "voided")])
async def test_not_ok_after_an_earlier_send_is_taken_as_already_closed(books, clock, kind,
                                                                      amount, final_state):
    # The link dropped after the first send: the terminal got it and closed the session,
    # so the resend is answered NOT OK ("nothing to close"). Booked as closed, with the
    # first amount, and never sent a third time (no double finalisation).
    pid = authorized(books)
    books.queue_finalisation(pid, kind, amount)
    term, outcomes = ScriptedTerminal(TerminalUnavailable("dropped"), False), []
    f = finaliser(books, term, clock, outcomes)
    await f.drain()
    clock.t += 1
    assert await f.drain() == 1
    p = books.payment(pid)
    assert (p.state, p.final_amount) == (final_state, amount)
    assert p.detail == "assumed closed by an earlier attempt"
    [cmd] = books.commands(pid)
    assert (cmd.state, cmd.attempts) == ("done", 2)
    clock.t += 3600
    assert await f.drain() == 0 and len(term.sent) == 2


async def test_backoff_grows_1_2_5_10_30_60_300_then_stays(books, clock):
    pid = authorized(books)
    books.queue_finalisation(pid, "commit", 100)
    waits = []
    term = ScriptedTerminal(*[asyncio.TimeoutError()] * 9)
    f = finaliser(books, term, clock, [])
    for _ in range(9):
        await f.drain()
        cmd = books.commands(pid)[0]
        waits.append(cmd.next_at - clock.t)
        clock.t = cmd.next_at
    assert waits == [1, 2, 5, 10, 30, 60, 300, 300, 300]
    assert books.commands(pid)[0].attempts == 9 and books.payment(pid).state == "committing"


async def test_nothing_is_sent_while_the_terminal_is_not_ready(books, clock):
    pid = authorized(books)
    books.queue_finalisation(pid, "commit", 700)
    term = ScriptedTerminal(True)
    term.ready = False
    f = finaliser(books, term, clock, [])
    assert await f.drain() == 0
    assert term.sent == []
    [cmd] = books.commands(pid)
    assert (cmd.state, cmd.attempts) == ("due", 0)
    term.ready = True
    assert await f.drain() == 1 and books.payment(pid).final_amount == 700


async def test_update_ok_raises_the_hold_and_not_ok_keeps_it(books, clock):
    pid = authorized(books, amount=500)
    books.queue_update(pid, 1000)
    term, outcomes = ScriptedTerminal(True, False), []
    f = finaliser(books, term, clock, outcomes)
    await f.drain()
    assert books.payment(pid).authorized_amount == 1000
    books.queue_update(pid, 1500)
    await f.drain()
    p = books.payment(pid)
    # Refused: the hold stays 10.00 and the payment stays open (the journey stops
    # charging within it); an update is never "assumed" done.
    assert (p.state, p.authorized_amount) == ("authorized", 1000)
    assert [c.state for c in books.commands(pid)] == ["done", "refused"]
    assert term.sent == [("update", 41, 1000), ("update", 41, 1500)]
    assert outcomes == [(pid, "update", True, 1000), (pid, "update", False, 1500)]


async def test_a_commit_waits_for_the_update_sent_before_it(books, clock):
    # The update's answer was lost; the session ended meanwhile. The update is dropped
    # when the commit is queued (the final amount never counts on it), and only the
    # commit goes out, of at most the hold the books know (5.00).
    pid = authorized(books, amount=500)
    books.queue_update(pid, 1000)
    term = ScriptedTerminal(asyncio.TimeoutError(), True)
    f = finaliser(books, term, clock, [])
    await f.drain()
    books.queue_finalisation(pid, "commit", 800)
    clock.t += 1
    await f.drain()
    assert term.sent == [("update", 41, 1000), ("commit", 41, 500)]
    assert [c.state for c in books.commands(pid)] == ["dropped", "done"]
    p = books.payment(pid)
    assert (p.state, p.final_amount) == ("committed", 500)


async def test_two_payments_each_finalised_once_in_order(books, clock):
    a, b = authorized(books, tsid=41), authorized(books, tsid=42)
    books.queue_finalisation(a, "commit", 111)
    books.queue_finalisation(b, "void")
    term = ScriptedTerminal(True, True)
    f = finaliser(books, term, clock, [])
    assert await f.drain() == 2
    assert term.sent == [("commit", 41, 111), ("void", 42)]
    assert await f.drain() == 0 and len(term.sent) == 2
    assert (books.payment(a).state, books.payment(b).state) == ("committed", "voided")


async def test_what_the_finaliser_reports_for_each_send_and_answer(books, clock):
    # The technician's log (the headless kiosk's JSON lines) of a commit whose first answer
    # never came (a timeout carries no text: its type names it) and whose resend went through.
    pid = authorized(books)
    books.queue_finalisation(pid, "commit", 2750)
    emitted = []
    f = finaliser(books, ScriptedTerminal(asyncio.TimeoutError(), True), clock, [], emitted)
    await f.drain()
    clock.t += 1
    await f.drain()
    base = {"kind": "commit", "payment": pid}
    assert emitted == [
        ("money_command", {**base, "state": "sent", "amount": 2750, "attempt": 1}),
        ("money_command", {**base, "state": "retry", "detail": "TimeoutError"}),
        ("money_command", {**base, "state": "sent", "amount": 2750, "attempt": 2}),
        ("money_command", {**base, "state": "done", "amount": 2750})]


async def test_one_unanswered_command_does_not_hold_up_the_next_payment(books, clock):
    # Payment a's commit gets no answer; payment b's void still goes out in the same pass.
    a, b = authorized(books, tsid=41), authorized(books, tsid=42)
    books.queue_finalisation(a, "commit", 111)
    books.queue_finalisation(b, "void")
    term = ScriptedTerminal(TerminalUnavailable("no answer"), True)
    assert await finaliser(books, term, clock, []).drain() == 1
    assert term.sent == [("commit", 41, 111), ("void", 42)]
    assert (books.payment(a).state, books.payment(b).state) == ("committing", "voided")


async def test_the_loop_drains_on_wakeup_and_on_its_own_poll(books, clock):
    # run(): a wake-up sends at once; with no wake-up, the poll (here 0.05 s) finds it.
    a = authorized(books, tsid=41)
    books.queue_finalisation(a, "commit", 222)
    term = ScriptedTerminal(True, True)
    wakeup = asyncio.Event()
    f = Finaliser(books, term, wakeup=wakeup, clock=clock, poll_s=0.05)
    task = asyncio.get_running_loop().create_task(f.run())
    try:
        wakeup.set()
        for _ in range(100):                      # bounded: 100 x 10 ms
            if term.sent:
                break
            await asyncio.sleep(0.01)
        assert term.sent == [("commit", 41, 222)]
        b = authorized(books, tsid=42)
        books.queue_finalisation(b, "void")       # no wake-up this time
        for _ in range(100):
            if len(term.sent) == 2:
                break
            await asyncio.sleep(0.01)
        assert term.sent[1] == ("void", 42)
        assert not wakeup.is_set()
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
