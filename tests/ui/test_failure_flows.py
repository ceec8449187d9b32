"""Failure journeys through the real kiosk (real QML offscreen, real backend thread,
terminal and charger simulators, SQLite books): issue 11. Each test walks one
journey a driver would and asserts what the screen and the terminal display say,
and what the terminal's books hold.
"""
from __future__ import annotations

import re
import time

import pytest

pytest.importorskip("PySide6.QtQuick")
pytest.importorskip("pytestqt")

from kiosk.journey.prompts import CATALOG, PromptId  # noqa: E402
from kiosk.psp.assumptions import UI_KEY_TEXT, UI_KEY_TITLE  # noqa: E402

from flow_helpers import Flow, flow_config, money  # noqa: E402

EN = CATALOG["en"]


@pytest.fixture
def start_kiosk(qtbot, tmp_path):
    started: list[Flow] = []

    def start(overrides: dict | None = None, **kwargs) -> Flow:
        flow = Flow(qtbot, flow_config(tmp_path / f"kiosk{len(started)}", overrides), **kwargs)
        started.append(flow)
        flow.wait_ready()
        return flow

    yield start
    for flow in started:
        flow.close()


def displays(k: Flow) -> list[tuple[str, str]]:
    """(title, text) of every UI Request the terminal simulator was sent, oldest first."""
    return k.on_backend(lambda: [(dict(d).get(UI_KEY_TITLE, ""), dict(d).get(UI_KEY_TEXT, ""))
                                 for d in k.sim.displays])


def click_settled(k: Flow, name: str) -> None:
    """Click `name` once it has stood still for 100 ms: a banner appearing above the
    overview moves the cards, and a driver taps what stands still, too."""
    from kiosk.ui.harness import scene_rect
    seen: list = []

    def still() -> bool:
        b = k.button(name)
        rect = scene_rect(b) if b is not None and b.property("enabled") else None
        seen.append((time.monotonic(), rect))
        return rect is not None and all(r == rect for t, r in seen if t >= seen[-1][0] - 0.1) \
            and seen[0][0] <= seen[-1][0] - 0.1
    k.until(still, f"{name} on screen and still")
    k.click(name)


def terminal_scanning(k: Flow) -> bool:
    return k.on_backend(lambda: k.sim.pending is not None and k.sim.pending.kind == "start")


# ---------------------------------------------------------------- 1. payment comes back

@pytest.mark.timeout(45)
@pytest.mark.parametrize("start_by", ["tap", "plug_in", "ui_start"])
def test_card_payment_comes_back_after_a_host_outage_without_a_restart(start_kiosk, start_by):
    k = start_kiosk()

    def start_session() -> None:
        if start_by == "plug_in":
            k.controls.plug(1)
            k.wait_screen("present_card", EN[PromptId.PRESENT_CARD][0])
            assert k.current["connectorId"] == 1
        elif start_by == "ui_start":
            click_settled(k, "buttonConnector1")
            k.wait_screen("present_card", EN[PromptId.PRESENT_CARD][0])
        k.tap("visa")

    k.controls.set_terminal_online(False)        # the terminal's host is unreachable
    start_session()
    title, detail = EN[PromptId.PAYMENT_UNAVAILABLE]
    k.wait_screen("declined", title)
    assert k.texts_of("promptDetail") == [detail] and detail.startswith("Nothing was charged")
    assert k.sessions() == []                     # the declined tap cost nothing

    # Back at the overview: the notice says payment *may* be unavailable, the
    # terminal still waits for a card and the charge points can still be chosen.
    k.wait_screen("home", timeout=8000)
    notice = EN[PromptId.PAYMENT_MAYBE_UNAVAILABLE][0]
    k.until(lambda: notice in k.texts_of("bannerTitle"), "the may-be-unavailable notice")
    k.until(lambda: terminal_scanning(k), "the terminal waiting for a card during the outage")
    assert k.button("buttonConnector1").property("enabled")
    if start_by == "plug_in":
        k.controls.unplug(1)

    k.controls.set_terminal_online(True)         # the host is back; nobody restarts anything
    start_session()
    auth = k.wait_event("authorized")
    assert auth["connector"] == 1
    k.wait_screen("charging" if start_by == "plug_in" else "plug_in")
    k.until(lambda: not k.bridge.property("hasBanner"), "the notice cleared by the approval")
    assert [s.status for s in k.sessions()] == ["open"]


# ---------------------------------------------------------------- 2. every ending says why

@pytest.mark.timeout(40)
def test_a_charger_fault_says_what_happened_and_waives_the_session_fee(start_kiosk):
    # 1.00 per kWh and 0.50 per session; the fee only from 1000 kWh on, so a fault at
    # any point of this short session is "before the minimum energy".
    k = start_kiosk({"charger": {"connectors": 1},
                     "tariff": {"session_fee": 50, "min_energy_wh_for_fee": 1_000_000}})
    k.tap("visa")
    k.wait_screen("plug_in")
    k.controls.plug(1)
    k.wait_screen("charging")
    k.until(lambda: k.find_events("charging") and k.current.get("energyText", "0.00") != "0.00",
            "energy delivered")
    k.controls.raise_fault(1, True)

    end = k.wait_event("session_end", connector=1)
    assert end["reason"] == "fault" and end["fee_waived"] is True and end["status"] == "paid"
    # Energy at 1.00 per kWh (100 cents per 1000 Wh), rounded half up once; no 0.50
    # fee: e.g. 733 Wh -> 73.3 cents -> 0.73.
    amount = (end["energy_wh"] * 100 + 500) // 1000
    assert end["amount"] == amount > 0
    k.wait_screen("receipt", "Charging stopped: charger fault")
    assert not any(t.startswith("Thank you") for t in k.titles())
    shown = " ".join(k.texts_of("promptDetail"))
    assert "A charger fault stopped charging." in shown
    assert f"{money(amount)} charged" in shown and "No session fee." in shown
    assert "Session fee waived" in k.visible_texts()
    assert k.texts_of("receiptTotal") == [money(amount)]
    k.until(lambda: [s.committed_amount for s in k.sessions()] == [amount], "committed at the terminal")
    # The terminal display said the same.
    k.until(lambda: any(t == "Charging stopped: charger fault" and "A charger fault" in x
                        for t, x in displays(k)), "the ending on the terminal display")


@pytest.mark.timeout(30)
def test_cancel_before_plug_in_releases_the_reservation_and_says_so(start_kiosk):
    k = start_kiosk()
    k.tap("visa")
    k.wait_screen("plug_in")
    k.click("buttonCancelSession")
    title, detail = EN[PromptId.CANCELLED]
    k.wait_screen("message", title)
    assert title == "Cancelled — nothing charged"
    assert k.texts_of("promptDetail") == [detail] == ["The reservation on your card is released."]
    # Not a 0.00 receipt, not "Tap the same card to stop" for a session that never charged.
    assert not k.find_events("card_request", purpose="stop")
    assert k.texts_of("receiptTotal") == []
    end = k.wait_event("session_end", connector=1)
    assert end["reason"] == "cancelled" and end["amount"] == 0 and end["fee_waived"] is False
    k.until(lambda: [s.status for s in k.sessions()] == ["voided"], "the reservation voided")
    k.until(lambda: (title, detail) in displays(k), "the terminal display says the same")
    k.click("buttonOk")
    k.wait_screen("home")


@pytest.mark.timeout(30)
def test_a_plug_in_timeout_says_why_not_thank_you(start_kiosk):
    k = start_kiosk({"timeouts": {"plug_in_s": 2}})
    k.tap("visa")
    k.wait_screen("plug_in")
    title, detail = EN[PromptId.VOIDED_NOT_PLUGGED]
    k.wait_screen("message", title, timeout=8000)
    assert k.texts_of("promptDetail") == [detail]
    assert not any("Thank you" in t for t in k.visible_texts())
    end = k.wait_event("session_end", connector=1)
    assert end["reason"] == "plug_timeout" and end["status"] == "voided"
    k.until(lambda: [s.status for s in k.sessions()] == ["voided"], "the reservation voided")


@pytest.mark.timeout(30)
def test_a_driver_stop_says_how_it_ended_on_screen_and_terminal(start_kiosk):
    k = start_kiosk({"charger": {"connectors": 1}})
    k.tap("visa")
    k.wait_screen("plug_in")
    k.controls.plug(1)
    k.wait_screen("charging")
    k.until(lambda: k.current.get("energyText", "0.00") != "0.00", "energy delivered")
    k.controls.unplug(1)
    k.wait_screen("receipt")
    assert k.titles()[0].startswith("Thank you! Total")
    assert k.texts_of("promptDetail")[0].startswith("You unplugged the cable.")
    end = k.wait_event("session_end", connector=1)
    assert end["reason"] == "unplugged" and end["fee_waived"] is False
    k.until(lambda: any(x.startswith("You unplugged the cable.") for _, x in displays(k)),
            "the reason on the terminal display")


# ---------------------------------------------------------------- 3. help on every error screen

HELP = {"station": {"helpline": "+31 20 123 4567", "evse_id": ["NL*EVK*E1234*1"]},
        "charger": {"connectors": 1}}
CALL = "Need help? Call +31\u00a020\u00a0123\u00a04567"


@pytest.mark.timeout(40)
def test_help_and_the_charge_point_id_on_error_screens_never_a_fault_code(start_kiosk):
    k = start_kiosk(HELP)
    k.tap("maestro", "decline")
    k.wait_screen("declined", EN[PromptId.DECLINED][0])
    assert k.texts_of("helpLine") == [f"{CALL} · Charge point ID NL*EVK*E1234*1"]
    k.click("buttonOk")
    k.wait_screen("home", EN[PromptId.IDLE_TAP_OR_PLUG][0])

    k.tap("visa")
    k.wait_screen("plug_in")
    k.controls.plug(1)
    k.wait_screen("charging")
    k.until(lambda: k.current.get("energyText", "0.00") != "0.00", "energy delivered")
    k.controls.raise_fault(1, True)
    k.wait_screen("receipt", "Charging stopped: charger fault")
    assert k.texts_of("helpLine") == [f"{CALL} · Charge point ID NL*EVK*E1234*1"]
    assert k.button("buttonLanguage") is not None
    k.click("buttonDone")
    k.wait_screen("unavailable", EN[PromptId.OUT_OF_SERVICE][0])
    assert k.texts_of("helpLine") == [f"{CALL} · Charge point ID NL*EVK*E1234*1"]
    assert not k.shows("E-STOP")                        # the code is for technicians
    assert k.button("buttonLanguage") is not None


# ---------------------------------------------------------------- 4. messages that vanish

@pytest.mark.timeout(30)
def test_no_card_presented_is_shown_before_the_screen_goes_home(start_kiosk):
    k = start_kiosk()                                   # declined_s = 2
    click_settled(k, "buttonConnector2")
    k.wait_screen("present_card", EN[PromptId.PRESENT_CARD][0])
    k.tap("visa", "no_card", when=lambda: k.sim.pending is not None
          and k.sim.pending.kind == "start")
    title, detail = EN[PromptId.NO_CARD]
    k.wait_screen("message", title)
    assert k.texts_of("promptDetail") == [detail]
    shown_at = time.monotonic()
    k.wait_screen("home", timeout=8000)
    assert time.monotonic() - shown_at > 1.5, "'No card presented' went before it could be read"


@pytest.mark.timeout(30)
def test_not_the_same_card_looks_different_from_the_request_before_it(start_kiosk):
    k = start_kiosk({"charger": {"connectors": 1}})
    k.tap("visa")
    k.wait_screen("plug_in")
    k.controls.plug(1)
    k.wait_screen("charging")
    k.click("buttonStop")
    k.wait_screen("stop_confirm", EN[PromptId.TAP_SAME_CARD_TO_STOP][0])
    asking = k.button("stopConfirmScreen")
    assert asking is not None and asking.property("tone") == "warning"
    asking_icon = asking.property("iconName")
    before = k.grab()
    k.tap("amex", when=lambda: k.sim.pending is not None and k.sim.pending.kind == "read")
    k.wait_screen("stop_confirm", EN[PromptId.WRONG_CARD][0])
    refused = k.button("wrongCardScreen")
    assert refused is not None and refused.property("tone") == "danger"
    assert refused.property("iconName") != asking_icon
    assert k.grab() != before


# ---------------------------------------------------------------- 5. the charging screen

@pytest.mark.timeout(40)
def test_charging_screen_says_how_to_stop_the_prices_and_what_the_bar_measures(start_kiosk):
    k = start_kiosk({"charger": {"connectors": 1},
                     "tariff": {"idle_fee_per_minute": 10, "idle_grace_minutes": 1}})
    k.tap("visa")
    k.wait_screen("plug_in")
    k.controls.plug(1)
    k.wait_screen("charging")
    assert k.texts_of("stopHint") == [
        "To stop: tap the same card · unplug the cable · press Stop charging"]
    assert k.texts_of("priceLine") == ["€1.00 per kWh · Idle fee €0.10/min after 1 min"]
    assert k.texts_of("costBarLabel") == ["Cost so far against the €50.00 reserved on your card"]
    # Hundredths of a kWh under 10 kWh: the first minutes never read "0.0 kWh".
    k.until(lambda: k.stat("statEnergy") not in ("", "0.00"), "energy on the charging screen")
    assert re.fullmatch(r"\d\.\d\d", k.stat("statEnergy")), k.stat("statEnergy")

    # A banner takes the room of the detail line: the charge point is still named.
    k.controls.drop_terminal_link()
    k.until(lambda: k.bridge.property("hasBanner"), "the reconnecting banner")
    k.until(lambda: k.texts_of("chargePointName") == ["Charge point 1"], "the charge point named")
    k.until(lambda: k.bridge.property("terminalState") == "ready", "the terminal back")

    k.tap("visa", when=lambda: k.sim.pending is not None and k.sim.pending.kind == "read")
    k.wait_screen("idle_fee", EN[PromptId.UNPLUG_TO_FINISH][0])
    assert k.texts_of("idleFeeStarts") == ["The idle fee starts in 1 min."]


# ---------------------------------------------------------------- 7. language per driver

@pytest.mark.timeout(40)
def test_a_drivers_language_lasts_for_their_session_then_the_station_default_is_back(start_kiosk):
    k = start_kiosk({"charger": {"connectors": 1}})         # the station's language: en
    k.click("buttonLanguage")
    k.until(lambda: k.button("languagePicker") is not None, "the language picker open")
    k.click("buttonLang_nl")
    k.until(lambda: k.bridge.property("language") == "nl", "Dutch for this driver")
    k.tap("visa")
    k.wait_screen("plug_in", CATALOG["nl"][PromptId.PLUG_IN][0])
    k.controls.plug(1)
    k.wait_screen("charging")
    k.until(lambda: k.current.get("energyText", "0,00") != "0,00", "energy delivered")
    k.controls.unplug(1)
    k.wait_screen("receipt")
    assert k.titles()[0].startswith("Bedankt! Totaal")         # still theirs on the receipt
    k.click("buttonDone")
    # The next driver finds the station's own language, on the screen and the terminal.
    k.wait_screen("home", EN[PromptId.IDLE_TAP_OR_PLUG][0])
    assert k.bridge.property("language") == "en"
    k.until(lambda: displays(k)[-1][0] == EN[PromptId.IDLE_TAP_OR_PLUG][0],
            "the terminal back in English")


# ---------------------------------------------------------------- 6. two charge points

@pytest.mark.timeout(40)
def test_the_overview_title_follows_the_situation(start_kiosk):
    k = start_kiosk()
    assert k.titles() == ["Choose a charge point"]
    k.controls.raise_fault(2, True)                     # 2 out of service, 1 free
    k.until(lambda: k.on_backend(lambda: k.backend.station.conns[2].phase.value) == "faulted",
            "charge point 2 out of service")
    assert k.titles() == ["Choose a charge point"]
    k.tap("visa")                                       # 1 taken: nothing left to choose
    k.wait_screen("plug_in")
    k.click("buttonBack")
    k.wait_screen("home", "No charge point is free right now")


def plug_in_times(k: Flow) -> list[str]:
    """The plug-in time on the overview's connector cards, as 'm:ss'."""
    return [m.group(1) for t in k.texts_of("connectorPlugInTime")
            if (m := re.fullmatch(r"Plug in within (\d+:\d\d)", t))]


@pytest.mark.timeout(40)
def test_a_driver_back_on_the_overview_still_sees_their_plug_in_time(start_kiosk):
    k = start_kiosk()                                   # plug_in_s 300 in the flow config
    k.tap("visa")                                       # tap to start: charge point 1
    k.wait_screen("plug_in")
    # Which point the card was given to, on the screen and on the terminal display.
    assert any("charge point 1 within" in d for d in k.texts_of("promptDetail"))
    k.until(lambda: "charge point 1 within" in k.terminal_text(), "the point on the terminal")
    k.click("buttonBack")
    k.wait_screen("home")
    k.until(lambda: plug_in_times(k), "a plug-in time on the overview")
    (first,) = plug_in_times(k)
    minutes, seconds = map(int, first.split(":"))
    assert 4 * 60 < minutes * 60 + seconds <= 5 * 60, first
    # Instead of a meaningless "0.00 kWh · €0.00" before anything was plugged in.
    assert not k.shows("0.00 kWh")
    # It counts down between snapshots, as the plug-in screen's ring does.
    k.until(lambda: plug_in_times(k) and plug_in_times(k) != [first],
            "the plug-in time counting down", timeout=3000)
    k.controls.plug(1)                                  # plugged in: the time has done its job
    k.until(lambda: not plug_in_times(k), "no plug-in time once plugged in")



@pytest.mark.timeout(40)
def test_stopping_by_tap_from_the_overview_is_confirmed_on_screen(start_kiosk):
    k = start_kiosk()
    k.tap("visa")
    k.wait_screen("plug_in")
    k.controls.plug(1)
    k.wait_screen("charging")
    k.until(lambda: k.on_backend(lambda: k.backend.station.conns[1].energy_wh) > 0,
            "some energy delivered")
    k.click("buttonBack")                               # to the overview, charging on
    k.wait_screen("home")
    k.tap("visa")                                       # the same card at the terminal
    # The driver is not left on the overview wondering: the ending says it was their card.
    k.until(lambda: k.screen != "home" and k.shows("You stopped charging with your card."),
            "the stop by card confirmed on screen")
    end = k.wait_event("session_end", connector=1)
    assert end["reason"] == "tap_to_stop"

# ---------------------------------------------------------------- 8. copy and layout

@pytest.mark.timeout(30)
def test_a_single_button_is_centred(start_kiosk):
    from kiosk.ui.harness import scene_rect
    k = start_kiosk()
    k.tap("visa")
    k.wait_screen("plug_in")
    k.click("buttonCancelSession")
    k.wait_screen("message", EN[PromptId.CANCELLED][0])
    (ok,) = [i for i in k.items() if i.objectName() == "buttonOk"]
    x, _, w, _ = scene_rect(ok)
    # Its centre on the window's (it was 8 px left of it: half a gap for an empty column).
    assert abs((x + w / 2) - k.window.width() / 2) <= 0.5, (x, w, k.window.width())


@pytest.mark.timeout(30)
def test_the_dim_overlay_shows_the_prices_and_is_gone_when_the_screen_changes(start_kiosk):
    k = start_kiosk()
    k.window.setProperty("dimAfterMs", 1000)            # the shortest it allows
    overlay = k.window.findChild(type(k.window.contentItem()), "dimOverlay")
    k.until(lambda: k.window.property("dimmed") and overlay.property("opacity") == 1.0,
            "the screen dimmed", timeout=3000)
    # The prices stay readable on the dimmed screen (FLAT_TARIFF: €1.00 per kWh).
    prices = overlay.findChild(type(k.window.contentItem()), "dimPrices")
    assert prices is not None and prices.isVisible()
    assert any(i.property("text") == "€1.00" for i in prices.findChildren(type(prices))
               if i.objectName() == "priceEnergy")
    # A car plugged in: the next screen at once, not under a 600 ms fade.
    k.controls.plug(1)
    k.until(lambda: k.screen != "home", "a new screen after plugging in")
    assert overlay.property("opacity") == 0.0 and not overlay.isVisible()
