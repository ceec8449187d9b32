"""Every start, stop and error flow of ev-journeys.md, end to end: the real PSP
client over TCP to the terminal simulator, the simulated charger, real books.
Commit amounts are worked out independently of kiosk/journey/pricing.py (energy_only);
tests/integration/test_tariffs.py has every kind of tariff with literal amounts."""
from __future__ import annotations

import pytest

from kiosk.journey import intents as it
from kiosk.journey.snapshot import Phase, TerminalLink

from kiosk_harness import Kiosk

pytestmark = pytest.mark.timeout(60)


FLAT = 100   # the harness's FLAT_TARIFF: 1.00 per kWh, nothing else, VAT included


def energy_only(energy_wh: int, per_kwh: int = FLAT) -> int:
    """An energy-only tariff by hand: per_kwh minor units per 1,000 Wh, rounded half up
    once (1,234 Wh at 1.00 = 123.4 -> 1.23; 1,235 Wh = 123.5 -> 1.24). VAT is included."""
    return (energy_wh * per_kwh + 500) // 1000


async def charge_for(k: Kiosk, cid: int, min_wh: int = 50) -> None:
    await k.until(lambda: k.charger.state(cid).energy_wh >= min_wh, 10, f"{min_wh} Wh on {cid}")


async def committed(k: Kiosk, end: dict, per_kwh: int = FLAT) -> None:
    """The session's commit reached the terminal with the amount the tariff gives."""
    await k.wait("money_command", kind="commit", state="done", payment=end["payment"])
    s = k.terminal_session(end["payment"])
    assert s.status == "committed"
    assert s.committed_amount == end["amount"] == energy_only(end["energy_wh"], per_kwh) > 0


async def test_tap_to_start_then_tap_to_stop(tmp_path):
    async with Kiosk(tmp_path) as k:
        await k.tap("visa")
        auth = await k.wait("authorized")
        assert auth["connector"] == 1 and auth["amount"] == 5000
        await k.shows(1, Phase.PLUG_IN)
        k.charger.plug(1)
        await k.wait("charging", connector=1)
        await charge_for(k, 1)
        await k.tap("visa")                       # the same card stops it
        await k.wait("stopping", connector=1, reason="tap_to_stop")
        k.charger.unplug(1)
        end = await k.wait("session_end", connector=1)
        await committed(k, end)
        view = await k.shows(1, Phase.RECEIPT)
        receipt = k.books.receipt_by_short_ref(view.receipt.short_ref)
        assert receipt is not None


async def test_plug_in_to_start_then_unplug_to_stop(tmp_path):
    async with Kiosk(tmp_path) as k:
        k.charger.plug(2)
        await k.shows(2, Phase.PRESENT_CARD)
        await k.tap("mastercard")
        await k.wait("charging", connector=2)
        await charge_for(k, 2)
        k.charger.unplug(2)
        end = await k.wait("session_end", connector=2, reason="unplugged")
        await committed(k, end)


async def test_two_connectors_charge_at_once_each_committed_once(tmp_path):
    async with Kiosk(tmp_path) as k:
        await k.tap("visa")
        await k.wait("authorized", connector=1)
        k.charger.plug(1)
        k.charger.plug(2)
        await k.shows(2, Phase.PRESENT_CARD)
        await k.tap("mastercard")
        await k.wait("charging", connector=2)
        await k.wait("charging", connector=1)
        await charge_for(k, 1)
        await charge_for(k, 2)
        k.charger.unplug(1)
        k.charger.unplug(2)
        ends = [await k.wait("session_end", connector=c) for c in (1, 2)]
        for end in ends:
            await committed(k, end)
        assert k.sim.double_finalisations == 0
        assert len({e["payment"] for e in ends}) == 2


async def test_ui_start_with_driver_chosen_amount_stops_before_the_cap(tmp_path):
    # 50.00 per kWh: a 20.00 cap is reached after about 0.4 kWh.
    over = {"payment": {"strategy": "driver_cap"}, "tariff": {"energy_per_kwh": 5000},
            "modes": {"tap_to_start": False}}
    async with Kiosk(tmp_path, over) as k:
        k.post(it.SelectConnector(2))
        await k.until(lambda: k.view.connector(2).phase == Phase.CHOOSING, what="amount screen")
        assert [a for a, _ in k.view.amount_choices] == [2000, 4000, 6000, 8000]
        k.post(it.ChooseAmount(2, 2000))
        await k.wait("card_request", pay=True, amount=2000)
        await k.tap("visa")
        auth = await k.wait("authorized", connector=2)
        assert auth["amount"] == 2000
        k.charger.plug(2)
        await k.wait("stopping", connector=2, reason="limit_reached", timeout=20)
        k.charger.unplug(2)
        end = await k.wait("session_end", connector=2)
        # 50.00/kWh is 5 cents per Wh, exactly; stopped in time, so within the 20.00 cap.
        assert end["amount"] == end["energy_wh"] * 5 and end["amount"] <= 2000
        await committed(k, end, 5000)


async def test_ui_stop_needs_the_same_card(tmp_path):
    async with Kiosk(tmp_path, {"modes": {"tap_to_start": False}}) as k:
        k.charger.plug(1)
        await k.tap("visa")
        await k.wait("charging", connector=1)
        k.post(it.RequestStop(1))
        await k.wait("card_request", purpose="stop", connector=1)
        await k.tap("amex")                                     # somebody else's card
        await k.wait("card_read", purpose="stop", masked_pan="374245*****1001")
        await k.until(lambda: k.view.connector(1).prompt.id == "wrong_card", what="'not the same card'")
        await k.wait("card_request", purpose="stop", connector=1, reference=4)   # asks again
        assert k.charger.state(1).charging and not k.find("stopping")
        await k.tap("visa")
        await k.wait("stopping", connector=1, reason="ui_stop")


async def test_a_card_matching_no_session_starts_one_on_a_free_connector(tmp_path):
    async with Kiosk(tmp_path) as k:
        await k.tap("visa")
        await k.wait("authorized", connector=1)
        k.charger.plug(1)
        await k.wait("charging", connector=1)
        await k.tap("mastercard")
        auth2 = [e for e in await _authorized_twice(k)][1]
        assert auth2["connector"] == 2
        await k.shows(1, Phase.CHARGING, Phase.SUSPENDED)


async def _authorized_twice(k):
    await k.until(lambda: len(k.find("authorized")) == 2, what="second authorization")
    return k.find("authorized")


async def test_declined_card_books_a_declined_receipt_and_no_session(tmp_path):
    async with Kiosk(tmp_path) as k:
        await k.tap("maestro", "decline:0x09")
        d = await k.wait("declined")
        prompt = (await k.shows(d["connector"], Phase.DECLINED)).prompt
        assert "09" not in prompt.title + prompt.detail and "funds" not in (prompt.title + prompt.detail).lower()
        assert k.books.payment(d["payment"]).state == "declined"
        assert not k.sim.sessions
        await k.until(lambda: k.view.connector(d["connector"]).phase == Phase.AVAILABLE, 5,
                      "back to idle after the declined screen")


async def test_no_card_presented_returns_to_idle(tmp_path):
    async with Kiosk(tmp_path, {"modes": {"tap_to_start": False}},
                     sim_kwargs={"card_detect_timeout": 0.5}) as k:
        k.charger.plug(1)
        await k.shows(1, Phase.PRESENT_CARD)
        await k.until(lambda: k.view.connector(1).phase == Phase.AVAILABLE, 5, "idle after no card")
        assert not k.find("authorized") and not k.sim.sessions


async def test_plug_in_timeout_voids(tmp_path):
    async with Kiosk(tmp_path, {"timeouts": {"plug_in_s": 1}}) as k:
        await k.tap("visa")
        auth = await k.wait("authorized")
        end = await k.wait("session_end", reason="plug_timeout", timeout=5)
        assert end["amount"] == 0
        await k.wait("money_command", kind="void", state="done")
        assert k.terminal_session(auth["payment"]).status == "voided"


async def test_charger_that_never_starts_voids(tmp_path):
    async with Kiosk(tmp_path, {"timeouts": {"charger_start_s": 1}}) as k:
        k.charger.set_refuse_start(1, True)
        await k.tap("visa")
        auth = await k.wait("authorized", connector=1)
        k.charger.plug(1)
        await k.wait("session_end", connector=1, reason="charger_no_start", timeout=5)
        await k.wait("money_command", kind="void", state="done")
        assert k.terminal_session(auth["payment"]).status == "voided"


async def test_charger_link_lost_commits_the_last_known_total(tmp_path):
    async with Kiosk(tmp_path) as k:
        k.charger.plug(1)
        await k.tap("visa")
        await k.wait("charging", connector=1)
        await charge_for(k, 1)
        k.charger.drop_link()
        end = await k.wait("session_end", connector=1, reason="charger_lost")
        await committed(k, end)
        await k.shows(1, Phase.RECEIPT, Phase.CHARGER_OFFLINE)


async def test_fault_mid_session_commits_what_was_delivered(tmp_path):
    async with Kiosk(tmp_path) as k:
        k.charger.plug(2)
        await k.tap("visa")
        await k.wait("charging", connector=2)
        await charge_for(k, 2)
        k.charger.raise_fault(2, "E-STOP", "emergency stop", blocking=True)
        end = await k.wait("session_end", connector=2, reason="fault")
        await committed(k, end)
        k.post(it.DismissReceipt(2))
        await k.until(lambda: k.view.connector(2).phase == Phase.FAULTED, what="faulted screen")


async def test_terminal_offline_declines_then_payment_comes_back_by_itself(tmp_path):
    async with Kiosk(tmp_path) as k:
        k.sim.set_online(False)
        await k.tap("visa")
        await k.wait("declined")
        await k.until(lambda: k.view.terminal == TerminalLink.UNAVAILABLE, what="payment unavailable")
        assert k.view.banner is not None and k.view.banner.id == "payment_maybe_unavailable"
        # Not "card declined, try another card": no card can be authorized now.
        assert k.view.connector(1).phase == Phase.DECLINED
        assert k.view.connector(1).prompt.id == "payment_unavailable"
        assert not k.sim.sessions
        # The host is back: the terminal kept waiting for a card, the next tap pays.
        k.sim.set_online(True)
        await k.tap("visa")
        await k.wait("authorized")
        await k.until(lambda: k.view.terminal == TerminalLink.READY and k.view.banner is None,
                      what="the notice cleared by the approval")
        assert [s.status for s in k.sim.sessions.values()] == ["open"]


async def test_terminal_offline_with_free_vending_charges_for_free(tmp_path):
    async with Kiosk(tmp_path, {"modes": {"free_vending_when_offline": True}}) as k:
        k.sim.set_online(False)
        k.charger.plug(1)
        await k.tap("visa")
        await k.wait("free_vending", connector=1)
        await k.wait("charging", connector=1)
        await charge_for(k, 1)
        k.charger.unplug(1)
        end = await k.wait("session_end", connector=1)
        assert end["status"] == "free" and end["amount"] == 0
        assert not k.sim.sessions


async def test_terminal_link_lost_mid_session_keeps_charging_and_commits_after_reconnect(tmp_path):
    async with Kiosk(tmp_path) as k:
        k.charger.plug(1)
        await k.tap("visa")
        await k.wait("charging", connector=1)
        k.sim.drop_link()
        await k.wait("terminal", state="lost")
        await k.shows(1, Phase.CHARGING, Phase.SUSPENDED)
        await charge_for(k, 1)
        k.charger.unplug(1)                     # stop while the link may still be down
        end = await k.wait("session_end", connector=1)
        await k.until(lambda: len(k.find("terminal", state="ready")) >= 2, 15, "reconnected")
        await committed(k, end)
        assert k.sim.double_finalisations == 0


async def test_incremental_authorization_tops_up_then_stops_when_refused(tmp_path):
    # 10.00 per kWh, hold 5.00 topped up by 5.00 at 80 %. The first hold is approved
    # with the normal outcome; .99 holds refuse every update.
    over = {"payment": {"strategy": "incremental", "reservation": 500, "incremental_step": 500},
            "tariff": {"energy_per_kwh": 1000}}
    async with Kiosk(tmp_path, over) as k:
        k.charger.plug(1)
        await k.tap("visa")
        auth = await k.wait("authorized", connector=1)
        await k.wait("update_approved", connector=1, amount=1000, timeout=20)
        assert k.terminal_session(auth["payment"]).updates == [1000]
    async with Kiosk(tmp_path / "refused", {**over, "payment": {**over["payment"], "reservation": 599}}) as k:
        k.charger.plug(1)
        await k.tap("visa")
        await k.wait("authorized", connector=1)
        await k.wait("update_refused", connector=1, timeout=20)
        await k.wait("stopping", connector=1, reason="update_refused")
        k.charger.unplug(1)
        end = await k.wait("session_end", connector=1)
        # 10.00/kWh is 1 cent per Wh; stopped within the 5.99 hold that was not raised.
        assert end["amount"] == end["energy_wh"] and end["amount"] <= 599
        await committed(k, end, 1000)


async def test_prompts_are_mirrored_on_the_terminal_display(tmp_path):
    async with Kiosk(tmp_path) as k:
        await k.wait("prompt")
        shown = dict(zip(k.sim.display[::2], k.sim.display[1::2])) if isinstance(k.sim.display[0], str) \
            else dict(k.sim.display)
        assert any(k.find("prompt")[-1]["text"] in v for v in shown.values())
        assert k.find("prompt")[-1]["text"] == "Tap your card or plug in"
        k.post(it.SetLanguage("de"))
        # The German words and the 50.00 reservation in German notation reach the display.
        await k.until(lambda: any("Karte vorhalten oder Kabel einstecken" in text
                                  for _, text in k.sim.display), what="German prompt on the terminal")
        assert k.find("prompt")[-1]["text"] == "Karte vorhalten oder Kabel einstecken"
        assert any("50,00\u00a0€" in text for _, text in k.sim.display), k.sim.display


async def test_idle_fee_after_grace_until_unplug_capped_and_committed_when_the_bay_is_free(tmp_path):
    # The journey's wall clock runs 60x: one real second is an idle minute.
    over = {"tariff": {"idle_fee_per_minute": 10, "idle_grace_minutes": 1, "idle_fee_cap": 30}}
    async with Kiosk(tmp_path, over, wall_speed=60) as k:
        k.charger.plug(1)
        await k.tap("visa")
        await k.wait("charging", connector=1)
        await charge_for(k, 1)
        await k.tap("visa")                                   # stops; the car stays plugged
        ended = await k.wait("charging_ended", connector=1, reason="tap_to_stop")
        assert ended["idle_fee_after_s"] == 60
        await k.shows(1, Phase.IDLE_FEE)
        assert not k.find("money_command")                    # nothing charged while occupied
        # 1 min of grace, then 10 per minute: capped at 30 after 4 idle minutes.
        await k.until(lambda: k.view.connector(1).idle_fee == 30, 10, "the idle fee reaching its cap")
        view = k.view.connector(1)
        assert view.cost == energy_only(view.energy_wh) + 30                # shown so far
        await k.until(lambda: k.wall_clock() - ended["t"] > 6 * 60, 10, "two more idle minutes")
        k.charger.unplug(1)
        end = await k.wait("session_end", connector=1)
        assert end["amount"] == energy_only(end["energy_wh"]) + 30           # the cap, not more
        sent = k.find("money_command", kind="commit", state="sent")
        assert k.events.index(sent[0]) > k.events.index(k.find("unplugged", connector=1)[0])
        await k.wait("money_command", kind="commit", state="done", payment=end["payment"])
        assert k.terminal_session(end["payment"]).committed_amount == end["amount"]


async def test_an_idle_fee_past_the_hold_is_capped_on_screen_and_receipt(tmp_path):
    # 10.00 held; 2.00 per idle minute from the first minute (60x wall clock).
    over = {"payment": {"reservation": 1000},
            "tariff": {"idle_fee_per_minute": 200, "idle_grace_minutes": 0, "idle_fee_cap": 5000}}
    async with Kiosk(tmp_path, over, wall_speed=60) as k:
        k.charger.plug(1)
        await k.tap("visa")
        await k.wait("charging", connector=1)
        await charge_for(k, 1)
        await k.tap("visa")
        await k.shows(1, Phase.IDLE_FEE)
        # The running cost stops at what the card holds, never shows more.
        await k.until(lambda: k.view.connector(1).cost == 1000, 10, "the cost reaching the hold")
        await k.until(lambda: k.wall_clock() - k.find("charging_ended")[0]["t"] > 8 * 60, 10,
                      "an idle fee past the hold")
        assert k.view.connector(1).cost == 1000
        k.charger.unplug(1)
        end = await k.wait("session_end", connector=1)
        assert end["amount"] == 1000
        receipt = (await k.shows(1, Phase.RECEIPT)).receipt
        lines = {line.kind: line.amount for line in receipt.lines}
        assert lines["reserved_cap"] < 0 and lines["idle_fee"] >= 1600
        # The receipt adds up to what was charged (VAT is included, not added).
        assert sum(a for kind, a in lines.items() if kind != "vat") == receipt.total == 1000
        await k.wait("money_command", kind="commit", state="done", payment=end["payment"])
        assert k.terminal_session(end["payment"]).committed_amount == 1000


async def test_one_terminal_for_two_drivers_the_second_is_told_to_wait(tmp_path):
    over = {"payment": {"strategy": "driver_cap"}, "modes": {"tap_to_start": False}}
    async with Kiosk(tmp_path, over) as k:
        k.post(it.SelectConnector(1))
        await k.shows(1, Phase.CHOOSING)
        k.post(it.ChooseAmount(1, 2000))
        await k.wait("card_request", pay=True, amount=2000)
        k.post(it.SelectConnector(2))
        await k.shows(2, Phase.CHOOSING)
        k.post(it.ChooseAmount(2, 4000))
        second = await k.shows(2, Phase.PRESENT_CARD)
        assert second.prompt.id == "present_card_wait_busy"        # the terminal is driver 1's
        assert (await k.shows(1, Phase.PRESENT_CARD)).prompt.id == "present_card"
        await k.tap("visa")
        first = await k.wait("authorized", connector=1)
        assert first["amount"] == 2000
        await k.wait("card_request", pay=True, amount=4000)         # now driver 2's turn
        await k.until(lambda: k.view.connector(2).prompt.id == "present_card", what="driver 2 asked")
        await k.tap("mastercard")
        second_auth = await k.wait("authorized", connector=2)
        assert second_auth["amount"] == 4000
        assert k.terminal_session(second_auth["payment"]).amount == 4000


async def test_restart_while_the_charger_still_charges_resumes_the_session(tmp_path):
    async with Kiosk(tmp_path) as k:
        k.charger.plug(1)
        await k.tap("visa")
        auth = await k.wait("authorized", connector=1)
        await k.wait("charging", connector=1)
        await charge_for(k, 1)
        await k.restart(keep_charger=True)                    # the kiosk restarts, the car charges on
        await k.wait("recovered", action="resumed", connector=1, payment=auth["payment"])
        await k.shows(1, Phase.CHARGING, Phase.SUSPENDED)
        before = k.charger.state(1).energy_wh
        await charge_for(k, 1, before + 50)
        k.charger.unplug(1)
        end = await k.wait("session_end", connector=1, reason="unplugged")
        assert end["payment"] == auth["payment"] and end["energy_wh"] >= before + 50
        await committed(k, end)
