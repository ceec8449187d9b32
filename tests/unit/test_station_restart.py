"""Restart reconciliation without kill timing: books written as a crash would leave
them at each step of a session (real SQLite files), then the station started on
them (see station_rig.py). Deterministic; the SIGKILL test in
tests/integration/test_crash.py still kills a real process at each step."""
from __future__ import annotations

import asyncio

import pytest

from kiosk.journey.snapshot import Phase
from kiosk.store.books import Books

from station_rig import CARD_HASH, NOTHING, T0, Rig, new_charger

pytestmark = pytest.mark.timeout(10)

TARIFF = {"tariff": {**NOTHING, "energy_per_kwh": 39}}      # 0.39/kWh, VAT included


def books_at(tmp_path) -> Books:
    return Books(tmp_path / "books.sqlite3", clock=lambda: T0)


def authorized(b: Books, cid: int = 1, amount: int = 5000, tsid: int = 77) -> str:
    pid = b.create_payment(connector_id=cid, reference=b.next_reference(), amount=amount,
                           currency="EUR")
    b.set_payment_authorized(pid, tsid, CARD_HASH, "411111******1111", "VISA", "H", "00", amount)
    return pid


def charging(b: Books, pid: str | None, energy_wh: int, cost: int, cid: int = 1) -> str:
    sid = b.create_session(connector_id=cid, payment_id=pid, at=T0)
    b.set_session_state(sid, "charging")
    b.update_session_meter(sid, energy_wh, T0 + 1200, cost)
    return sid


async def test_intent_written_auth_outcome_lost_is_cancelled_and_nothing_sent(tmp_path):
    b = books_at(tmp_path)
    pid = b.create_payment(connector_id=1, reference=b.next_reference(), amount=5000,
                           currency="EUR")
    async with Rig(tmp_path, TARIFF, books=b) as rig:
        await rig.drain()
        p = rig.books.payment(pid)
        assert (p.state, p.detail) == ("cancelled", "outcome unknown after restart")
        assert rig.terminal.sent == []
        assert rig.find("recovered", payment=pid, action="cancelled")


async def test_authorized_never_plugged_in_is_voided(tmp_path):
    b = books_at(tmp_path)
    pid = authorized(b)
    async with Rig(tmp_path, TARIFF, books=b) as rig:
        await rig.drain()
        assert rig.terminal.sent == [("void", 77)]
        assert rig.books.payment(pid).state == "voided"
        assert [{k: v for k, v in e.items() if k != "t"} for e in rig.find("recovered")] == [
            {"event": "recovered", "payment": pid, "action": "void", "amount": 0, "energy_wh": 0}]


async def test_charging_open_and_the_charger_no_longer_charging_commits_the_booked_cost(
        tmp_path):
    # The books' last reading: 3,666 Wh, cost 1.43 (3,666 x 0.39 = 142.974). The charger,
    # restarted too, charges nothing: commit 1.43, the session ends as recovered.
    b = books_at(tmp_path)
    pid = authorized(b)
    sid = charging(b, pid, 3_666, 143)
    async with Rig(tmp_path, TARIFF, books=b) as rig:
        assert rig.find("recovered", payment=pid, action="commit", amount=143, energy_wh=3_666)
        s = rig.books.session(sid)
        assert (s.state, s.stop_reason, s.ended_at) == ("ended", "recovered_after_restart", T0)
        await rig.drain()
        assert rig.terminal.sent == [("commit", 77, 143)]
        p = rig.books.payment(pid)
        assert (p.state, p.final_amount) == ("committed", 143)


async def test_a_booked_cost_above_the_hold_commits_the_hold(tmp_path):
    b = books_at(tmp_path)
    pid = authorized(b, amount=500)
    charging(b, pid, 14_000, 546)                # 14,000 Wh x 0.39 = 5.46 > the 5.00 hold
    async with Rig(tmp_path, TARIFF, books=b) as rig:
        await rig.drain()
        assert rig.terminal.sent == [("commit", 77, 500)]


async def test_charging_open_without_energy_is_voided(tmp_path):
    b = books_at(tmp_path)
    pid = authorized(b)
    charging(b, pid, 0, 0)
    async with Rig(tmp_path, TARIFF, books=b) as rig:
        await rig.drain()
        assert rig.terminal.sent == [("void", 77)]


@pytest.mark.parametrize("kind, amount, sent", [("commit", 321, ("commit", 77, 321)),
                                                ("void", 0, ("void", 77))])
async def test_command_queued_never_sent_goes_out_once(tmp_path, kind, amount, sent):
    b = books_at(tmp_path)
    pid = authorized(b)
    b.queue_finalisation(pid, kind, amount)
    async with Rig(tmp_path, TARIFF, books=b) as rig:
        await rig.drain()
        await rig.drain()
        assert rig.terminal.sent == [sent]
        p = rig.books.payment(pid)
        assert (p.state, p.final_amount) == ("committed" if kind == "commit" else "voided", amount)


@pytest.mark.parametrize("answer, state, detail", [
    (True, "committed", None),
    # NOT OK to the resend: the first send closed the session ("nothing to close").
    (False, "committed", "assumed closed by an earlier attempt")])
async def test_command_sent_answer_lost_is_resent_once_with_the_same_amount(tmp_path, answer,
                                                                            state, detail):
    b = books_at(tmp_path)
    pid = authorized(b)
    sid = charging(b, pid, 3_666, 143)
    cmd = b.queue_finalisation(pid, "commit", 143)
    b.end_session(sid, "unplugged", T0 + 1300, "{}")
    b.mark_sent(cmd.id)                          # the crash: the answer never written
    async with Rig(tmp_path, TARIFF, books=b) as rig:
        rig.terminal.answers = [answer]
        await rig.drain()
        await rig.drain()
        assert rig.terminal.sent == [("commit", 77, 143)]
        p = rig.books.payment(pid)
        assert (p.state, p.final_amount, p.detail) == (state, 143, detail)
        assert rig.books.commands(pid)[0].attempts == 2


async def test_charging_open_with_the_charger_still_charging_resumes_and_bills_all_of_it(
        tmp_path):
    # The charger kept charging while the kiosk was down: 11,000 W for 1,200 s before the
    # restart (3,666 Wh, 1.43 booked), 1,200 s more after it: 2,400 s x 11,000 W = 7,333 Wh
    # x 0.39 = 285.987 -> 2.86. Charging time at 0.03/min: 1,200 s before the restart (the
    # session's start to the restart, by the wall clock) + 1,188 s between the first and
    # the last reading after it (the 12 s before the first reading cannot be proven) =
    # 2,388 s x 3/60 = 119.4 -> 1.19. 286 + 119 = 4.05.
    charger = new_charger()
    charger.set_power(1, 11_000)
    charger.plug(1)
    await charger.start_charging(1)
    charger.advance(1_200)
    b = books_at(tmp_path)
    pid = authorized(b)
    sid = charging(b, pid, 3_666, 203)           # 143 energy + 1,200 s x 3/60 = 60 time
    over = {"tariff": {**NOTHING, "energy_per_kwh": 39, "time_per_minute": 3}}
    rig = Rig(tmp_path, over, books=b, charger=charger)
    rig.wall = T0 + 1_200
    async with rig:
        assert rig.find("recovered", payment=pid, action="resumed", connector=1)
        c = rig.conn()
        assert (c.phase, c.session_id, c.energy_wh, c.cost) == (Phase.CHARGING, sid, 3_666, 203)
        assert rig.books.open_payments()[0].state == "authorized" and rig.terminal.sent == []
        await rig.charge(1_200)
        assert (c.energy_wh, c.charging_s) == (7_333, 2_388)
        end = await rig.unplug()
        assert (end["payment"], end["energy_wh"], end["amount"]) == (pid, 7_333, 405)
        await rig.drain()
        assert rig.terminal.sent == [("commit", 77, 405)]


async def test_a_free_vending_session_left_open_is_ended_and_nothing_sent(tmp_path):
    b = books_at(tmp_path)
    sid = charging(b, None, 500, 0)
    async with Rig(tmp_path, TARIFF, books=b) as rig:
        await rig.drain()
        s = rig.books.session(sid)
        assert (s.state, s.stop_reason, s.ended_at, s.energy_wh) == (
            "ended", "recovered_after_restart", T0, 500)
        assert rig.terminal.sent == []


async def test_a_booked_cost_of_one_cent_is_committed(tmp_path):
    b = books_at(tmp_path)
    pid = authorized(b)
    charging(b, pid, 26, 1)                      # 26 Wh x 0.39 = 1.014 -> 0.01
    async with Rig(tmp_path, TARIFF, books=b) as rig:
        await rig.drain()
        assert rig.terminal.sent == [("commit", 77, 1)]


async def test_every_open_payment_is_finished_whatever_comes_before_it(tmp_path):
    # In the order they were made: an Auth outcome lost, a commit already queued, a
    # session the charger still charges, and a hold never used. Each is finished once.
    charger = new_charger()
    charger.set_power(2, 11_000)
    charger.plug(2)
    await charger.start_charging(2)
    b = books_at(tmp_path)
    lost = b.create_payment(connector_id=1, reference=b.next_reference(), amount=5000,
                            currency="EUR")
    queued = authorized(b, cid=1, tsid=70)
    b.queue_finalisation(queued, "commit", 250)
    charging_on = authorized(b, cid=2, tsid=71)
    charging(b, charging_on, 100, 4, cid=2)
    unused = authorized(b, cid=1, tsid=72)
    async with Rig(tmp_path, TARIFF, books=b, charger=charger) as rig:
        await rig.drain()
        assert rig.books.payment(lost).state == "cancelled"
        assert rig.conn(2).payment_id == charging_on and rig.conn(2).phase == Phase.CHARGING
        assert sorted(rig.terminal.sent) == [("commit", 70, 250), ("void", 72)]
        assert [p.id for p in rig.books.open_payments()] == [charging_on]


async def test_two_connectors_in_different_states_each_finalised_once(tmp_path):
    b = books_at(tmp_path)
    one = authorized(b, cid=1, tsid=71)
    charging(b, one, 1_000, 39)                  # 1,000 Wh x 0.39 = 0.39
    two = authorized(b, cid=2, tsid=72)
    b.queue_finalisation(two, "commit", 250)
    async with Rig(tmp_path, TARIFF, books=b) as rig:
        await rig.drain()
        await asyncio.sleep(0)
        await rig.drain()
        assert sorted(rig.terminal.sent) == [("commit", 71, 39), ("commit", 72, 250)]
        assert rig.books.stats()["open_payments"] == 0


async def test_an_approval_nobody_asked_for_is_booked_and_voided(tmp_path):
    # E.g. a late Session Approved for an authorization the kiosk gave up on before a
    # restart: the money is held on a card, so it is booked (0 authorized, no connector)
    # and released at once.
    from kiosk.payment import port as pay
    async with Rig(tmp_path, TARIFF) as rig:
        rig.terminal.queue.put_nowait(pay.PaymentApproved(555, CARD_HASH, "411111******1111",
                                                          "VISA", "HREF", "00"))
        await rig.settle()
        assert [{k: v for k, v in e.items() if k != "t"} for e in rig.find(
            "unexpected_approval")] == [{"event": "unexpected_approval", "terminal_session": 555}]
        await rig.drain()
        assert rig.terminal.sent == [("void", 555)]
        [pid] = [e.payment_id for e in rig.books.journal_entries() if e.kind == "payment_reserving"]
        p = rig.books.payment(pid)
        assert (p.connector_id, p.reference, p.requested_amount, p.authorized_amount, p.currency,
                p.terminal_session_id, p.state, p.final_amount) == (0, 0, 0, 0, "EUR", 555,
                                                                    "voided", 0)
        assert (p.card_hash, p.masked_pan, p.brand, p.host_reference, p.host_response_code) == (
            CARD_HASH, "411111******1111", "VISA", "HREF", "00")
        assert all(c.phase == Phase.AVAILABLE for c in rig.station.conns.values())


async def test_the_approved_payment_is_booked_with_what_the_terminal_said(tmp_path):
    async with Rig(tmp_path, TARIFF) as rig:
        pid = await rig.start_paid_session()
        p = rig.books.payment(pid)
        assert (p.connector_id, p.requested_amount, p.authorized_amount, p.currency, p.state,
                p.terminal_session_id) == (1, 5000, 5000, "EUR", "authorized", 901)
        assert (p.card_hash, p.masked_pan, p.brand, p.host_reference, p.host_response_code) == (
            CARD_HASH, "411111******1111", "VISA", "H", "00")
        c = rig.conn()
        assert (c.payment_id, c.tsid, c.reserved, c.masked_pan, c.brand, c.host_reference,
                c.host_response_code) == (pid, 901, 5000, "411111******1111", "VISA", "H", "00")
        assert rig.station.auth_payment is None and rig.station.term_phase != "authorizing"
        s = rig.books.session(c.session_id)
        assert (s.payment_id, s.connector_id, s.state, s.started_at) == (pid, 1, "charging", T0)
