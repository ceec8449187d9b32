"""The station's money paths as a unit (see station_rig.py): what it books and what
it sends the terminal, with amounts worked out by hand. Energies: the simulated
charger delivers floor(seconds x power_w / 3600) Wh in 12 s steps."""
from __future__ import annotations

import pytest

from kiosk.journey.snapshot import Phase

from station_rig import NOTHING, Rig

pytestmark = pytest.mark.timeout(10)


def tariff(**prices) -> dict:
    return {"tariff": {**NOTHING, **prices}}


async def test_idle_fee_per_minute_after_grace_stops_at_its_cap(tmp_path):
    # 11,000 W for 1,200 s = 3,666 Wh x 0.39 = 142.974 -> 1.43; session fee 0.50.
    # Idle 2 h, 30 min grace: 90 minutes x 0.10 = 9.00, capped at 1.50. 143 + 50 + 150 = 3.43.
    over = tariff(energy_per_kwh=39, session_fee=50, idle_fee_per_minute=10,
                  idle_grace_minutes=30, idle_fee_cap=150)
    async with Rig(tmp_path, over) as rig:
        pid = await rig.start_paid_session()
        await rig.charge(1_200)
        await rig.charger.stop_charging(1)            # the car is full; it stays in the bay
        await rig.settle()
        assert rig.conn().phase == Phase.IDLE_FEE and rig.terminal.sent == []
        rig.wall += 2 * 3600
        end = await rig.unplug()
        assert (end["energy_wh"], end["amount"]) == (3_666, 343)
        await rig.drain()
        assert rig.terminal.sent == [("commit", 901, 343)]
        assert rig.books.payment(pid).final_amount == 343


async def test_idle_fee_per_hour_enters_the_idle_phase(tmp_path):
    # The defect of issue 17: 6.00/h is the same rate as 0.10/min and must bill the same.
    # 3,666 Wh x 0.39 -> 1.43; idle 37 minutes, no grace: 37 x 600/60 = 3.70. 143 + 370 = 5.13.
    async with Rig(tmp_path, tariff(energy_per_kwh=39, idle_fee_per_hour=600)) as rig:
        await rig.start_paid_session()
        await rig.charge(1_200)
        await rig.charger.stop_charging(1)
        await rig.settle()
        assert rig.conn().phase == Phase.IDLE_FEE
        rig.wall += 37 * 60
        end = await rig.unplug()
        assert end["amount"] == 513


async def test_charging_time_per_hour_is_billed_per_second(tmp_path):
    # 11,000 W for 1,512 s = 4,620 Wh x 0.20 = 92.4 -> 0.92.
    # 1,512 s at 1.25/h = 1,512 x 125/3600 = 52.5 -> 0.53 (the half rounds up). 92 + 53 = 1.45.
    async with Rig(tmp_path, tariff(energy_per_kwh=20, time_per_hour=125)) as rig:
        await rig.start_paid_session()
        await rig.charge(1_512)
        assert rig.conn().charging_s == 1_512
        end = await rig.unplug()
        assert (end["energy_wh"], end["amount"]) == (4_620, 145)
        session = rig.books.session(rig.conn().session_id)
        assert session.breakdown["lines"][:2] == [["energy", 4_620, 20, 92],
                                                  ["time", 1_512, 125, 53]]


async def test_the_running_cost_includes_charging_time(tmp_path):
    # 0.03/min: after 600 s, 600 x 3/60 = 0.30 of time; energy free. The books' running
    # cost (what a restart would commit) says so too.
    async with Rig(tmp_path, tariff(energy_per_kwh=0, time_per_minute=3)) as rig:
        await rig.start_paid_session()
        await rig.charge(600)
        c = rig.conn()
        assert (c.charging_s, c.cost) == (600, 30)
        assert rig.books.session(c.session_id).cost_total == 30


async def test_max_price_caps_the_commit(tmp_path):
    # 22,000 W for 1,800 s = 11,000 Wh x 0.39 = 4.29, + 0.50 = 4.79 > 4.00 maximum: 4.00.
    over = tariff(energy_per_kwh=39, session_fee=50, max_price=400)
    async with Rig(tmp_path, over) as rig:
        await rig.start_paid_session(power_w=22_000)
        await rig.charge(1_800)
        assert rig.conn().cost == 400
        end = await rig.unplug()
        assert (end["energy_wh"], end["amount"]) == (11_000, 400)


async def test_nothing_delivered_is_voided_not_committed(tmp_path):
    # A session fee is owed only for a session that delivered something.
    async with Rig(tmp_path, tariff(energy_per_kwh=39, session_fee=50)) as rig:
        pid = await rig.start_paid_session(power_w=0)
        await rig.charge(120)
        end = await rig.unplug()
        assert (end["energy_wh"], end["amount"], end["status"]) == (0, 0, "voided")
        await rig.drain()
        assert rig.terminal.sent == [("void", 901)]
        assert rig.books.payment(pid).state == "voided"


async def test_the_hold_stops_charging_before_the_cost_passes_it(tmp_path):
    # Hold 1.00 at 10.00/kWh. 3,600 W = 12 Wh (0.12) per 12 s reading. The station stops
    # when the cost two readings ahead (+24 s at 3,600 W = 24 Wh, +1) reaches the hold:
    # at 84 Wh (0.84): 84 + 24 + 1 = 109 Wh -> 1.09 >= 1.00. Commit 0.84.
    over = {**tariff(energy_per_kwh=1000), "payment": {"reservation": 100}}
    async with Rig(tmp_path, over) as rig:
        await rig.start_paid_session(power_w=3_600)
        await rig.charge(600)
        assert rig.find("stopping", reason="limit_reached")
        assert rig.conn().phase == Phase.RECEIPT
        end = rig.find("session_end")[-1]
        assert (end["energy_wh"], end["amount"]) == (84, 84)


async def test_incremental_top_ups_repeat_once_each_is_answered(tmp_path):
    # 10.00/kWh, hold 5.00 topped up by 5.00 when the cost reaches 80 % of the hold.
    # 3,600 W = 12 Wh = 0.12 per reading. 4.00 is reached at 408 Wh (34 readings): update
    # to 10.00. Answered OK, the next is due at 8.00 = 804 Wh (67 readings): update to 15.00.
    over = {**tariff(energy_per_kwh=1000),
            "payment": {"strategy": "incremental", "reservation": 500, "incremental_step": 500}}
    async with Rig(tmp_path, over) as rig:
        pid = await rig.start_paid_session(power_w=3_600)
        await rig.charge(408)
        assert [e["amount"] for e in rig.find("update_requested")] == [1000]
        assert rig.conn().update_pending
        await rig.charge(24)                          # no second request while one is out
        assert len(rig.find("update_requested")) == 1
        await rig.drain()
        assert rig.terminal.sent == [("update", 901, 1000)]
        c = rig.conn()
        assert (c.reserved, c.update_pending) == (1000, False)
        assert rig.books.payment(pid).authorized_amount == 1000
        await rig.charge(804 - 432)
        assert [e["amount"] for e in rig.find("update_requested")] == [1000, 1500]
        await rig.drain()
        assert rig.terminal.sent[-1] == ("update", 901, 1500)
        assert rig.conn().reserved == 1500


async def test_a_refused_top_up_stops_charging_and_commits_within_the_hold(tmp_path):
    # As above; the update to 10.00 is refused at 408 Wh (4.08): stop, commit 4.08.
    over = {**tariff(energy_per_kwh=1000),
            "payment": {"strategy": "incremental", "reservation": 500, "incremental_step": 500}}
    async with Rig(tmp_path, over) as rig:
        pid = await rig.start_paid_session(power_w=3_600)
        await rig.charge(408)
        rig.terminal.answers = [False]
        await rig.drain()
        assert rig.find("stopping", reason="update_refused")
        end = rig.find("session_end")[-1]
        assert (end["energy_wh"], end["amount"]) == (408, 408)
        assert rig.books.payment(pid).authorized_amount == 500
        await rig.drain()
        assert rig.terminal.sent == [("update", 901, 1000), ("commit", 901, 408)]
        assert rig.books.payment(pid).state == "committed"


async def test_a_refused_commit_after_a_session_leaves_the_payment_failed(tmp_path):
    # 3,666 Wh x 0.39 -> 1.43, refused by the terminal: the books say failed, nothing more
    # is sent, and the station does not pretend it was paid.
    async with Rig(tmp_path, tariff(energy_per_kwh=39)) as rig:
        pid = await rig.start_paid_session()
        await rig.charge(1_200)
        await rig.unplug()
        rig.terminal.answers = [False]
        await rig.drain()
        await rig.drain()
        assert rig.terminal.sent == [("commit", 901, 143)]
        assert rig.books.payment(pid).state == "failed"


def money_events(rig) -> list[dict]:
    """The journey's events about money and charging, as the headless kiosk prints them."""
    skip = {"prompt", "card_request", "card_read", "terminal"}
    return [{k: v for k, v in e.items() if k != "t"} for e in rig.events if e["event"] not in skip]


async def test_the_event_log_of_a_session_with_an_idle_fee(tmp_path):
    # As in the first test: 1.43 energy + 0.50 fee + the 1.50 idle cap = 3.43.
    over = tariff(energy_per_kwh=39, session_fee=50, idle_fee_per_minute=10,
                  idle_grace_minutes=30, idle_fee_cap=150)
    async with Rig(tmp_path, over) as rig:
        pid = await rig.start_paid_session()
        await rig.charge(1_200)
        await rig.tap()                                   # Tap to Stop; the car stays
        rig.wall += 2 * 3600
        await rig.unplug()
        await rig.drain()
        assert money_events(rig) == [
            {"event": "plugged", "connector": 1},
            {"event": "authorized", "connector": 1, "payment": pid, "amount": 5000,
             "masked_pan": "411111******1111"},
            {"event": "charging", "connector": 1},
            {"event": "stopping", "connector": 1, "reason": "tap_to_stop"},
            {"event": "charging_ended", "connector": 1, "reason": "tap_to_stop",
             "idle_fee_after_s": 1800},
            {"event": "unplugged", "connector": 1},
            {"event": "session_end", "connector": 1, "reason": "tap_to_stop", "energy_wh": 3_666,
             "amount": 343, "status": "paid", "payment": pid, "fee_waived": False,
             "reference": rig.conn().receipt.short_ref,
             "receipt_url": "https://receipts.example.com/r/" + rig.conn().receipt.token},
            {"event": "money_command", "kind": "commit", "state": "sent", "payment": pid,
             "amount": 343, "attempt": 1},
            {"event": "money_command", "kind": "commit", "state": "done", "payment": pid,
             "amount": 343}]
        # What the books keep: the session's lines (energy, fee, idle minutes) and the receipt.
        c = rig.conn()
        s = rig.books.session(c.session_id)
        assert (s.state, s.stop_reason, s.energy_wh, s.ended_at) == (
            "ended", "tap_to_stop", 3_666, rig.wall)
        assert s.meter_at == rig.wall - 2 * 3600          # the last reading, by the wall clock
        assert s.breakdown == {"total": 343, "net": 283, "vat": 60, "lines": [
            ["energy", 3_666, 39, 143], ["session_fee", 1, 50, 50], ["idle_fee", 90, 10, 150],
            ["vat", 283, 2100, 60]]}                      # VAT 343 x 21/121 = 59.53 -> 0.60
        r = rig.books.receipt_by_token(c.receipt.token)
        assert (r.payment_id, r.session_id, r.data["total"], r.data["status"]) == (
            pid, c.session_id, 343, "paid")
        assert (r.data["stop_reason"], r.data["energy_wh"], r.data["authorized_amount"]) == (
            "tap_to_stop", 3_666, 5000)
        assert [(line["kind"], line["amount"]) for line in r.data["breakdown"]["lines"]] == [
            ("energy", 143), ("session_fee", 50), ("idle_fee", 150), ("vat", 60)]
        assert c.phase == Phase.RECEIPT and c.receipt.total == 343


async def test_top_up_events_and_the_warning_again_after_each_top_up(tmp_path):
    # 10.00/kWh, hold 5.00, top-up 5.00 at 80 %, warning at 90 %: 3,600 W = 0.12 per reading.
    # 4.08 (408 Wh): top-up asked; 4.56 (456 Wh) >= 4.50: warned. Approved: hold 10.00,
    # warned again from 9.00 on, which 0.12 steps first reach at 9.00 (900 Wh)... after the
    # second top-up is asked at 8.04 (804 Wh), while it is out.
    over = {**tariff(energy_per_kwh=1000),
            "payment": {"strategy": "incremental", "reservation": 500, "incremental_step": 500}}
    async with Rig(tmp_path, over) as rig:
        await rig.start_paid_session(power_w=3_600)
        await rig.charge(456)
        assert [{k: v for k, v in e.items() if k != "t"}
                for e in rig.events if e["event"] in ("update_requested", "limit_near")] == [
            {"event": "update_requested", "connector": 1, "amount": 1000},
            {"event": "limit_near", "connector": 1, "cost": 456, "reserved": 500}]
        await rig.drain()
        assert rig.find("update_approved") == [{"t": rig.wall, "event": "update_approved",
                                                "connector": 1, "amount": 1000}]
        assert rig.conn().warned is False
        await rig.charge(900 - 456)
        assert [(e["event"], e.get("cost"), e.get("amount")) for e in rig.events
                if e["event"] in ("update_requested", "limit_near")][2:] == [
            ("update_requested", None, 1500), ("limit_near", 900, None)]
        rig.terminal.answers = [False]
        await rig.drain()
        assert rig.find("update_refused") == [{"t": rig.wall, "event": "update_refused",
                                               "connector": 1}]
        assert rig.find("stopping")[-1]["reason"] == "update_refused"


async def test_unplugged_while_charging_stops_and_commits(tmp_path):
    # A charger that reports the cable gone before (or without) its charging stopped.
    # 3,666 Wh x 0.39 -> 1.43.
    from kiosk.charger import port as ch
    async with Rig(tmp_path, tariff(energy_per_kwh=39)) as rig:
        pid = await rig.start_paid_session()
        await rig.charge(1_200)
        rig.post(ch.Unplugged(1, 1_200.0))
        await rig.settle()
        assert rig.find("stopping") == [{"t": rig.wall, "event": "stopping", "connector": 1,
                                         "reason": "unplugged"}]
        end = rig.find("session_end")[-1]
        assert (end["reason"], end["amount"], rig.conn().plugged) == ("unplugged", 143, False)
        await rig.drain()
        assert rig.books.payment(pid).final_amount == 143


async def test_stop_on_screen_needs_the_same_card_then_commits(tmp_path):
    from kiosk.journey import intents as it
    async with Rig(tmp_path, tariff(energy_per_kwh=39)) as rig:
        pid = await rig.start_paid_session()
        await rig.charge(1_200)
        rig.post(it.RequestStop(1))
        await rig.settle()
        assert rig.conn().phase == Phase.STOP_CONFIRM
        assert rig.terminal.requests[-1]["pay"] is False        # Read Card, not a payment
        await rig.tap("cd" * 32)                                # somebody else's card
        assert rig.conn().phase == Phase.STOP_CONFIRM and not rig.find("stopping")
        assert rig.charger.state(1).charging
        await rig.tap()                                         # asked again: the right one
        assert rig.find("stopping")[-1]["reason"] == "ui_stop"
        end = rig.find("session_end")[-1]
        assert (end["reason"], end["amount"], end["payment"]) == ("ui_stop", 143, pid)


async def test_stop_before_the_cable_is_plugged_in_voids(tmp_path):
    # Tap to Start, then Stop on the screen before plugging in: nothing delivered, void.
    from kiosk.journey import intents as it
    async with Rig(tmp_path, tariff(energy_per_kwh=39, session_fee=50)) as rig:
        await rig.tap()
        await rig.approve()
        c = rig.conn()
        assert c.phase == Phase.PLUG_IN
        pid = c.payment_id
        rig.post(it.RequestStop(1))       # Cancel: nothing charging, no card needed
        await rig.settle()
        end = rig.find("session_end")[-1]
        assert (end["reason"], end["amount"], end["status"]) == ("cancelled", 0, "voided")
        assert c.phase == Phase.AVAILABLE          # a message, not a 0.00 receipt
        await rig.drain()
        assert rig.terminal.sent == [("void", 901)]
        assert rig.books.payment(pid).state == "voided"


async def test_a_resumed_session_still_bills_the_idle_fee_while_the_car_stays(tmp_path):
    # Resumed after a restart; the car gets full and stays 40 minutes, 10 past the 30 min
    # grace: 10 x 0.10 = 1.00 on top of the 1.43 the energy costs (3,666 Wh) = 2.43.
    from station_rig import T0, new_charger
    from kiosk.store.books import Books
    charger = new_charger()
    charger.set_power(1, 11_000)
    charger.plug(1)
    await charger.start_charging(1)
    charger.advance(1_200)
    b = Books(tmp_path / "books.sqlite3")
    pid = b.create_payment(connector_id=1, reference=1, amount=5000, currency="EUR")
    b.set_payment_authorized(pid, 77, "5a" * 32, None, None, None, None, 5000)
    sid = b.create_session(connector_id=1, payment_id=pid, at=T0)
    b.update_session_meter(sid, 3_666, T0, 143)
    over = tariff(energy_per_kwh=39, idle_fee_per_minute=10, idle_grace_minutes=30)
    async with Rig(tmp_path, over, books=b, charger=charger) as rig:
        await rig.charger.stop_charging(1)
        await rig.settle()
        assert rig.conn().phase == Phase.IDLE_FEE
        rig.wall += 40 * 60
        end = await rig.unplug()
        assert (end["payment"], end["amount"]) == (pid, 243)


async def test_a_restart_right_after_the_start_still_bills_charging_time(tmp_path):
    # The kiosk restarts in the second the session began: 0 s carried over, then 1,200 s
    # of charging with the first reading 12 s in: 1,188 s x 3/60 = 59.4 -> 0.59.
    from station_rig import T0, new_charger
    from kiosk.store.books import Books
    charger = new_charger()
    charger.set_power(1, 11_000)
    charger.plug(1)
    await charger.start_charging(1)
    b = Books(tmp_path / "books.sqlite3")
    pid = b.create_payment(connector_id=1, reference=1, amount=5000, currency="EUR")
    b.set_payment_authorized(pid, 77, "5a" * 32, None, None, None, None, 5000)
    b.create_session(connector_id=1, payment_id=pid, at=T0)
    async with Rig(tmp_path, tariff(energy_per_kwh=0, time_per_minute=3), books=b,
                   charger=charger) as rig:
        await rig.charge(1_200)
        assert (rig.conn().charging_s, rig.conn().cost) == (1_188, 59)


async def test_free_vending_when_the_host_is_down_charges_nothing(tmp_path):
    # The terminal's host is unreachable and the operator allows free charging: the energy
    # is delivered, booked and shown, and nothing is ever sent to the terminal.
    from kiosk.payment import port as pay
    over = {**tariff(energy_per_kwh=39), "modes": {"free_vending_when_offline": True}}
    async with Rig(tmp_path, over) as rig:
        rig.charger.set_power(1, 11_000)
        rig.charger.plug(1)
        await rig.settle()
        await rig.tap()
        tx = rig.terminal.requests[-1]["tx"]
        rig.terminal.queue.put_nowait(pay.PaymentDeclined(0x08, "host timeout",
                                                          host_unreachable=True, transaction=tx))
        await rig.settle()
        assert rig.find("free_vending", connector=1) and rig.conn().free
        await rig.charge(1_200)
        end = await rig.unplug()
        assert (end["energy_wh"], end["amount"], end["status"]) == (3_666, 0, "free")
        assert rig.conn().receipt.status == "free"
        s = rig.books.session(rig.conn().session_id)
        assert (s.payment_id, s.state, s.energy_wh) == (None, "ended", 3_666)
        await rig.drain()
        assert rig.terminal.sent == []


@pytest.mark.parametrize("reason", ["plug_timeout", "charger_no_start"])
async def test_no_charging_at_all_voids_with_its_reason(tmp_path, reason):
    import asyncio
    over = {**tariff(energy_per_kwh=39, session_fee=50),
            "timeouts": {"plug_in_s": 0.05, "charger_start_s": 0.05, "receipt_s": 60}}
    async with Rig(tmp_path, over) as rig:
        if reason == "charger_no_start":
            rig.charger.set_refuse_start(1, True)
            rig.charger.plug(1)
            await rig.settle()
        await rig.tap()
        await rig.approve()
        pid = rig.conn().payment_id
        for _ in range(50):                               # bounded: 50 x 20 ms
            if rig.find("session_end"):
                break
            await asyncio.sleep(0.02)
            await rig.settle()
        end = rig.find("session_end")[-1]
        assert (end["reason"], end["amount"], end["status"], end["payment"]) == (
            reason, 0, "voided", pid)
        c = rig.conn()
        # No receipt for 0.00 on the screen: why, and that the hold is released. The
        # books keep the voided receipt for the record.
        assert c.phase == Phase.AVAILABLE and c.flash[0].id.value == (
            "voided_not_plugged" if reason == "plug_timeout" else "voided_no_start")
        r = rig.books.receipt_by_short_ref(end["reference"])
        assert (r.payment_id, r.data["status"], r.data["total"], r.data["stop_reason"]) == (
            pid, "voided", 0, reason)
        await rig.drain()
        assert rig.terminal.sent == [("void", 901)]
        assert rig.books.payment(pid).state == "voided"


async def test_one_watt_hour_is_a_delivered_session(tmp_path):
    # 300 W for one 12 s reading = 300 x 12 / 3600 = 1 Wh, at 10.00/kWh = 1 cent: paid.
    async with Rig(tmp_path, tariff(energy_per_kwh=1000)) as rig:
        pid = await rig.start_paid_session(power_w=300)
        await rig.charge(12)
        end = await rig.unplug()
        assert (end["energy_wh"], end["amount"], end["status"]) == (1, 1, "paid")
        await rig.drain()
        assert rig.terminal.sent == [("commit", 901, 1)]
        assert rig.books.payment(pid).final_amount == 1


async def test_a_fault_ends_the_session_without_an_idle_fee(tmp_path):
    # The bay is blocked by the station's fault, not by the driver: 3,666 Wh -> 1.43, no
    # idle fee however long the car stays.
    over = tariff(energy_per_kwh=39, idle_fee_per_minute=10)
    async with Rig(tmp_path, over) as rig:
        await rig.start_paid_session()
        await rig.charge(1_200)
        rig.charger.raise_fault(1, "E-STOP", "emergency stop", blocking=True)
        await rig.settle()
        end = rig.find("session_end")[-1]
        assert (end["reason"], end["amount"]) == ("fault", 143)
        assert not rig.find("charging_ended")


async def test_a_small_idle_fee_per_hour_is_billed_too(tmp_path):
    # 0.30/h is half a cent a minute: 60 idle minutes = 60 x 30/60 = 0.30, on top of the
    # 1.43 of 3,666 Wh.
    async with Rig(tmp_path, tariff(energy_per_kwh=39, idle_fee_per_hour=30)) as rig:
        await rig.start_paid_session()
        await rig.charge(1_200)
        await rig.charger.stop_charging(1)
        await rig.settle()
        assert rig.conn().phase == Phase.IDLE_FEE
        rig.wall += 3600
        end = await rig.unplug()
        assert end["amount"] == 173


async def test_nothing_delivered_and_the_car_stays_is_voided_at_once(tmp_path):
    # No idle fee for a car that got nothing (it may be unable to charge here).
    async with Rig(tmp_path, tariff(energy_per_kwh=39, idle_fee_per_minute=10)) as rig:
        await rig.start_paid_session(power_w=0)
        await rig.charge(120)
        await rig.charger.stop_charging(1)
        await rig.settle()
        end = rig.find("session_end")[-1]
        assert (end["energy_wh"], end["amount"], end["status"]) == (0, 0, "voided")
        assert rig.conn().phase == Phase.AVAILABLE and not rig.find("charging_ended")


async def test_a_driver_chosen_amount_is_what_is_held_and_what_caps_the_session(tmp_path):
    # The driver picks 20.00 of 20/40/60/80: the hold is 20.00, not the 50.00 default.
    from kiosk.journey import intents as it
    over = {**tariff(energy_per_kwh=39), "payment": {"strategy": "driver_cap"},
            "modes": {"tap_to_start": False}}
    async with Rig(tmp_path, over) as rig:
        rig.post(it.SelectConnector(1))
        rig.post(it.ChooseAmount(1, 2000))
        await rig.settle()
        assert rig.terminal.requests[-1]["amount"] == 2000
        await rig.tap()
        await rig.approve()
        c = rig.conn()
        assert (c.reserved, rig.books.payment(c.payment_id).authorized_amount) == (2000, 2000)
        assert rig.find("authorized")[-1]["amount"] == 2000


async def test_an_approval_without_card_details_keeps_those_of_the_card_read(tmp_path):
    from kiosk.payment import port as pay
    from station_rig import CARD_HASH
    async with Rig(tmp_path, tariff(energy_per_kwh=39)) as rig:
        rig.charger.plug(1)
        await rig.settle()
        await rig.tap()
        rig.terminal.queue.put_nowait(pay.PaymentApproved(902, None, None, None, "H", "00"))
        await rig.settle()
        c = rig.conn()
        assert (c.card_hash, c.masked_pan, c.brand) == (CARD_HASH, "411111******1111", "VISA")
        await rig.charge(1_200)
        await rig.tap()                                   # the same card still stops it
        assert rig.find("stopping")[-1]["reason"] == "tap_to_stop"


async def test_charging_that_starts_while_stop_is_being_confirmed_goes_on_as_charging(tmp_path):
    # The car waits (paused) after the start; the driver asks to stop, then charging begins,
    # then the driver cancels the stop: the session is charging, and the hold is watched.
    from kiosk.journey import intents as it
    async with Rig(tmp_path, tariff(energy_per_kwh=39)) as rig:
        rig.charger.plug(1)
        await rig.settle()
        rig.charger.pause(1)
        await rig.tap()
        await rig.approve()
        assert rig.conn().phase == Phase.STARTING
        rig.post(it.RequestStop(1))
        await rig.settle()
        assert rig.conn().phase == Phase.STOP_CONFIRM
        rig.charger.resume(1)
        await rig.settle()
        rig.post(it.CancelStop(1))
        await rig.settle()
        assert rig.conn().phase == Phase.CHARGING


async def test_a_resumed_session_that_pauses_and_restarts_keeps_its_time(tmp_path):
    # 600 s before the restart (wall clock); then the car pauses and starts again before
    # any reading, then 1,200 s: 1,800 s x 3/60 = 0.90 of time, energy free.
    from station_rig import T0, new_charger
    from kiosk.store.books import Books
    charger = new_charger()
    charger.set_power(1, 11_000)
    charger.plug(1)
    await charger.start_charging(1)
    b = Books(tmp_path / "books.sqlite3")
    pid = b.create_payment(connector_id=1, reference=1, amount=5000, currency="EUR")
    b.set_payment_authorized(pid, 77, "5a" * 32, None, None, None, None, 5000)
    b.create_session(connector_id=1, payment_id=pid, at=T0)
    rig = Rig(tmp_path, tariff(energy_per_kwh=0, time_per_minute=3), books=b, charger=charger)
    rig.wall = T0 + 600
    async with rig:
        charger.pause(1)
        charger.resume(1)
        await rig.settle()
        await rig.charge(1_200)
        assert (rig.conn().charging_s, rig.conn().cost) == (1_800, 90)


@pytest.mark.parametrize("prices", [dict(energy_per_kwh=1000), dict(time_per_minute=60)],
                         ids=["energy", "time"])
@pytest.mark.parametrize("hold, stopped_at", [(97, 72), (86, 72), (85, 60)])
async def test_the_hold_stop_looks_two_readings_ahead_exactly(tmp_path, prices, hold, stopped_at):
    # 1 cent per Wh at 3,600 W (12 Wh per 12 s reading), or 1 cent per charging second:
    # either way 0.12 per reading. At a reading the station projects two intervals ahead
    # (24 s: 24 Wh at 3,600 W, +1 Wh, +1 s) and stops when that reaches the hold:
    # after 60: 60 + 25 = 85; after 72: 72 + 25 = 97. Hold 0.97 and 0.86 stop at 0.72,
    # hold 0.85 at 0.60. (The first reading projects 4 s: 12 + 5 = 17.)
    over = {**tariff(**{"energy_per_kwh": 0, **prices}), "payment": {"reservation": hold}}
    async with Rig(tmp_path, over) as rig:
        await rig.start_paid_session(power_w=3_600)
        await rig.charge(240)
        end = rig.find("session_end")[-1]
        assert (end["reason"], end["amount"]) == ("limit_reached", stopped_at)


async def test_an_idle_fee_is_not_part_of_the_hold_projection(tmp_path):
    # While charging, no idle fee can be owed: with 1.00 per idle minute from the first
    # second, the 0.97 hold still stops at 0.72 as above.
    over = {**tariff(energy_per_kwh=1000, idle_fee_per_minute=100),
            "payment": {"reservation": 97}}
    async with Rig(tmp_path, over) as rig:
        await rig.start_paid_session(power_w=3_600)
        await rig.charge(240)
        assert rig.find("stopping")[-1]["reason"] == "limit_reached"
        assert rig.conn().phase == Phase.IDLE_FEE         # the car is still in the bay
        end = await rig.unplug()                          # at once: no idle minute started
        assert end["amount"] == 72


async def test_a_top_up_is_asked_at_exactly_80_percent_of_the_hold(tmp_path):
    # 1 cent per Wh at 600 W = 2 Wh (0.02) per reading; hold 6.00: 80 % is 4.80, reached
    # exactly at reading 240 (4.78 at 239 is not enough).
    over = {**tariff(energy_per_kwh=1000),
            "payment": {"strategy": "incremental", "reservation": 600, "incremental_step": 500}}
    async with Rig(tmp_path, over) as rig:
        await rig.start_paid_session(power_w=600)
        await rig.charge(239 * 12)
        assert not rig.find("update_requested") and rig.conn().cost == 478
        await rig.charge(12)
        assert rig.find("update_requested")[-1]["amount"] == 1100 and rig.conn().cost == 480


@pytest.mark.parametrize("ending, reason, amount", [("fault", "fault", 12),
                                                    ("unplug", "unplugged", 62)])
async def test_the_session_fee_is_waived_when_the_station_ends_it_early(tmp_path, ending,
                                                                       reason, amount):
    # 3,600 W for 12 s = 12 Wh at 10.00/kWh = 0.12, and a 0.50 session fee, waived below
    # 100 Wh only when the station ended it: a fault 0.12; the driver unplugging 0.62.
    over = tariff(energy_per_kwh=1000, session_fee=50, min_energy_wh_for_fee=100)
    async with Rig(tmp_path, over) as rig:
        await rig.start_paid_session(power_w=3_600)
        await rig.charge(12)
        if ending == "fault":
            rig.charger.raise_fault(1, "E-STOP", "emergency stop", blocking=True)
            await rig.settle()
        else:
            await rig.unplug()
        end = rig.find("session_end")[-1]
        assert (end["reason"], end["energy_wh"], end["amount"], end["fee_waived"]) == (
            reason, 12, amount, ending == "fault")
