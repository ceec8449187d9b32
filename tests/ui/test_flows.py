"""Whole journeys through the real kiosk: the QML offscreen over the real
backend thread (terminal simulator in-process, simulated charger, SQLite books).
Issue #4, item 6.

The driver's side is clicks on the real QML buttons; the card and the car are
the simulators, called on the backend's own loop (tests/ui/flow_helpers.py).
Every step asserts what the driver sees; money is checked in the terminal
simulator's books against what the receipt shows.
"""
from __future__ import annotations

import re
import time
from urllib.parse import quote

import pytest

pytest.importorskip("PySide6.QtQuick")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QTimer  # noqa: E402

from kiosk.journey.prompts import CATALOG, Prompt, PromptId, render  # noqa: E402
from kiosk.psp.wirelog import HOST_TO_TERMINAL, TERMINAL_TO_HOST  # noqa: E402

from flow_helpers import Flow, decode_qr, energy_only, flow_config, money, qt_translation  # noqa: E402

EN = CATALOG["en"]
SHORT_REF = re.compile(r"^[0-9A-Z]{4}-[0-9A-Z]{4}$")


def number(text: str) -> float:
    """"€12.34" / "0.7" -> 12.34 / 0.7 (English formatting)."""
    digits = re.sub(r"[^\d.]", "", text or "")
    return float(digits) if digits else 0.0


@pytest.fixture
def start_kiosk(qtbot, tmp_path):
    """start_kiosk(overrides, wire_log=...) -> a running Flow at its idle screen.
    Every kiosk started is closed after the test, pass or fail."""
    started: list[Flow] = []

    def start(overrides: dict | None = None, **kwargs) -> Flow:
        flow = Flow(qtbot, flow_config(tmp_path / f"kiosk{len(started)}", overrides), **kwargs)
        started.append(flow)
        flow.wait_ready()
        return flow

    yield start
    for flow in started:
        flow.close()


# ---------------------------------------------------------------- shared steps

def charge_and_watch_figures(k: Flow, cid: int = 1) -> None:
    """On the charging screen: energy and cost shown, and both rising."""
    k.wait_screen("charging", EN[PromptId.CHARGING][0])
    assert k.current["connectorId"] == cid
    assert k.button("buttonStop") is not None
    k.until(lambda: number(k.stat("statEnergy")) > 0 and number(k.stat("statCost")) > 0,
            "energy and cost above zero on the charging screen")
    energy, cost = number(k.stat("statEnergy")), number(k.stat("statCost"))
    k.until(lambda: number(k.stat("statEnergy")) > energy and number(k.stat("statCost")) > cost,
            f"energy above {energy} kWh and cost above {cost} on the charging screen")
    assert k.shows("Card •••• 0119")


def committed_session(k: Flow):
    k.until(lambda: [s for s in k.sessions() if s.status == "committed"],
            "the session committed at the terminal")
    (session,) = k.sessions()
    return session


def check_receipt(k: Flow, reason: str, cid: int = 1) -> int:
    """The receipt screen: QR that scans to the receipt, a short reference, and a total
    that is exactly what the terminal committed (and what the tariff gives)."""
    k.wait_screen("receipt")
    k.until(lambda: k.texts_of("receiptTotal") and k.texts_of("receiptRef"), "receipt drawn")
    end = k.wait_event("session_end", connector=cid)
    assert end["reason"] == reason and end["energy_wh"] > 0 and end["status"] == "paid"

    session = committed_session(k)
    shown_total = k.texts_of("receiptTotal")[0]
    assert session.committed_amount == end["amount"] > 0
    assert money(session.committed_amount) == shown_total
    assert session.committed_amount == energy_only(end["energy_wh"])
    # A station-caused ending says what happened, never a plain "Thank you!" (issue 11).
    assert k.titles() == ["Charging stopped: charger fault" if reason == "fault"
                          else f"Thank you! Total {shown_total}"]
    # The card as the screen may show it: last four digits, never the BIN the terminal sent.
    last4 = session.card.masked_pan[-4:]
    shown = " ".join(k.visible_texts())
    assert f"Card •••• {last4}" in shown and session.card.masked_pan[:6] not in shown

    ref = k.current["receiptRef"]
    assert SHORT_REF.match(ref), ref
    assert ref in k.texts_of("receiptRef")[0]
    url = k.current["receiptUrl"]
    assert url.startswith(k.cfg.station.receipt_base_url)
    qr = k.button("receiptQr")
    assert qr.property("source").toString() == "image://qr/" + quote(url, safe="")
    # What a phone's camera would read off the screen.
    k.until(lambda: qr.property("progress") == 1.0 and decode_qr(k.grab()) == [url],
            "a QR code on screen that scans to the receipt URL")
    return session.committed_amount


# ---------------------------------------------------------------- 1. tap to start

@pytest.mark.timeout(40)
@pytest.mark.parametrize("stop_by", ["tap", "unplug"])
def test_tap_to_start_charge_and_receipt(start_kiosk, stop_by):
    k = start_kiosk()
    # Idle: the overview with both charge points free and the prices before anyone commits.
    assert k.titles() == ["Choose a charge point"]
    assert k.texts_of("priceEnergy") == ["€1.00"]
    assert k.button("buttonConnector1") is not None and k.button("buttonConnector2") is not None
    assert k.shows("Tap your card to start") and not k.shows("Tap to start")

    k.tap("visa")
    k.wait_screen("plug_in", EN[PromptId.PLUG_IN][0])
    assert k.current["connectorId"] == 1
    assert any("charge point 1 within" in d for d in k.texts_of("promptDetail"))
    (session,) = k.sessions()
    assert session.status == "open" and session.amount == 5000

    k.controls.plug(1)
    charge_and_watch_figures(k, 1)

    if stop_by == "tap":
        k.tap("visa")                       # the same card stops it
        reason = "tap_to_stop"
    else:
        k.controls.unplug(1)
        reason = "unplugged"
    check_receipt(k, reason)
    if stop_by == "tap":
        assert k.find_events("stopping", connector=1, reason=reason)

    # Nobody touches the screen: receipt_s (3 s) after the session ended, idle again.
    k.wait_screen("home", "Choose a charge point", timeout=8000)
    shown_for = time.monotonic() - k.find_events("session_end")[0]["mono"]
    assert shown_for > 2.8, f"left the receipt after {shown_for:.1f} s, before its timeout"
    assert k.texts_of("priceEnergy") == ["€1.00"]
    assert k.shows("Tap your card to start") and not k.shows("Tap to start")


# ---------------------------------------------------------------- 2. UI start with an amount

@pytest.mark.timeout(30)
def test_ui_start_with_connector_and_amount(start_kiosk):
    k = start_kiosk({"payment": {"strategy": "driver_cap"}})
    k.click("buttonConnector2")
    k.wait_screen("amount", EN[PromptId.CHOOSE_AMOUNT][0])
    assert k.current["connectorId"] == 2
    assert [k.button(f"buttonAmount{i}").property("text") for i in range(4)] == \
        ["€20.00", "€40.00", "€60.00", "€80.00"]
    assert any("Charge point 2" in d for d in k.texts_of("promptDetail"))

    k.click("buttonAmount1")                                        # €40.00
    k.wait_screen("present_card", EN[PromptId.PRESENT_CARD][0])
    assert k.current["connectorId"] == 2
    k.until(lambda: any("€40.00 will be reserved" in d for d in k.texts_of("promptDetail")),
            "the chosen amount on the present-card screen")
    assert not k.shows("€50.00 will be reserved")

    # Tap once the terminal asks for exactly that amount (not the idle 50.00 scan).
    k.tap("visa", when=lambda: k.sim.pending is not None and k.sim.pending.amount == 4000)
    auth = k.wait_event("authorized")
    assert auth["connector"] == 2 and auth["amount"] == 4000
    k.wait_screen("plug_in", EN[PromptId.PLUG_IN][0])
    assert k.current["connectorId"] == 2
    (session,) = k.sessions()
    assert session.amount == 4000 and session.status == "open"


# ---------------------------------------------------------------- 3. UI stop needs the same card

@pytest.mark.timeout(30)
def test_ui_stop_refused_for_another_card_accepted_for_the_right_one(start_kiosk):
    k = start_kiosk()
    k.tap("visa")
    k.wait_screen("plug_in")
    k.controls.plug(1)
    k.wait_screen("charging")
    k.until(lambda: number(k.stat("statEnergy")) > 0, "energy on the charging screen")

    k.click("buttonStop")
    k.wait_screen("stop_confirm", EN[PromptId.TAP_SAME_CARD_TO_STOP][0])
    assert k.shows("Card •••• 0119")                 # which card started it
    reading = lambda: k.sim.pending is not None and k.sim.pending.kind == "read"  # noqa: E731

    k.tap("amex", when=reading)                       # somebody else's card
    k.wait_screen("stop_confirm", EN[PromptId.WRONG_CARD][0])
    assert k.shows("Only the card that started charge point 1 can stop it.")
    assert not k.find_events("stopping")
    (session,) = k.sessions()
    assert session.status == "open"
    energy = k.on_backend(lambda: k.backend.charger.state(1).energy_wh)
    k.until(lambda: k.on_backend(lambda: k.backend.charger.state(1).energy_wh) > energy,
            "still charging after the wrong card")

    k.tap("visa", when=reading)                       # the right one
    k.wait_event("stopping", connector=1, reason="ui_stop")
    # Still within the 5 s of the 'Not the same card' flash: the receipt says
    # 'Thank you! Total', on the screen and on the terminal (fixed in 1a226f2).
    committed = check_receipt(k, "ui_stop")
    thanks = f"Thank you! Total {money(committed)}"
    k.until(lambda: k.terminal_title() == thanks, "the terminal thanking the driver")


# ---------------------------------------------------------------- 4. declined

@pytest.mark.timeout(30)
def test_declined_card_then_back_to_idle(start_kiosk):
    k = start_kiosk()
    k.tap("maestro", "decline")
    title, detail = EN[PromptId.DECLINED]
    k.wait_screen("declined", title)
    assert k.texts_of("promptDetail") == [detail]
    assert "Try another card or contact your card issuer." in detail
    assert not any(re.search(r"0x|code|FF", t) for t in k.titles() + k.texts_of("promptDetail"))
    k.until(lambda: k.terminal_title() == title, "the terminal says the card was declined")
    assert k.sessions() == []

    k.wait_screen("home", "Choose a charge point", timeout=8000)     # declined_s = 2
    shown_for = time.monotonic() - k.find_events("declined")[0]["mono"]
    assert shown_for > 1.8, f"left the declined screen after {shown_for:.1f} s"
    assert k.sessions() == []


# ---------------------------------------------------------------- 5. fault mid-session

@pytest.mark.timeout(30)
def test_fault_mid_session_commits_what_was_delivered(start_kiosk):
    k = start_kiosk({"charger": {"connectors": 1}})
    idle_title = EN[PromptId.IDLE_TAP_OR_PLUG][0]
    assert k.titles() == [idle_title]
    k.tap("visa")
    k.wait_screen("plug_in")
    k.controls.plug(1)
    charge_and_watch_figures(k, 1)

    k.controls.raise_fault(1, True)
    fault = k.wait_event("fault", connector=1)
    assert fault["blocking"] is True and fault["code"] == "E-STOP"
    committed = check_receipt(k, "fault")
    assert committed < 5000
    energy = k.on_backend(lambda: k.backend.charger.state(1).energy_wh)
    assert committed == energy_only(energy)                       # no more delivered

    k.click("buttonDone")
    out_title, out_detail = render(Prompt.of(PromptId.OUT_OF_SERVICE, connector=1), "en")
    k.wait_screen("unavailable", out_title)
    assert not k.shows("E-STOP")                     # words for the driver, not the fault code
    assert k.texts_of("promptDetail") == [out_detail]
    assert k.button("buttonStart") is None
    (session,) = k.sessions()
    assert session.status == "committed" and session.committed_amount == committed


# ---------------------------------------------------------------- 6. language

@pytest.mark.timeout(30)
def test_language_switch_on_screen_and_terminal(start_kiosk):
    k = start_kiosk({"charger": {"connectors": 1}})
    idle = Prompt.of(PromptId.IDLE_TAP_OR_PLUG, amount=5000, currency="EUR", minor_units=2)
    en_title, _ = render(idle, "en")
    assert k.titles() == [en_title]
    k.until(lambda: k.terminal_title() == en_title, "English on the terminal")
    assert k.shows("Start charging")

    for lang, native in (("nl", "Nederlands"), ("de", "Deutsch"), ("fr", "Français")):
        k.click("buttonLanguage")
        k.until(lambda: k.button("languagePicker") is not None, "the language picker open")
        k.click(f"buttonLang_{lang}")
        title, text = render(idle, lang)
        start = qt_translation("Start charging", lang)
        k.wait_screen("home", title)
        k.wait_text(start)                                  # QML's own words, from the .ts
        assert k.texts_of("promptDetail") == [text]        # the journey's words
        assert not k.shows("Start charging") and en_title not in k.titles()
        assert k.shows(native)                              # the language button
        assert qt_translation("Prices", lang) in k.visible_texts()
        # The prompt mirrored on the terminal, in the same language.
        k.until(lambda: k.terminal_title() == title, f"{lang} title on the terminal")
        assert k.terminal_text() == text
        assert k.button("languagePicker") is None


# ---------------------------------------------------------------- 7. a blocked UI thread

@pytest.mark.timeout(30)
def test_blocked_ui_thread_does_not_stop_keepalives_or_taps(start_kiosk):
    """The backend has its own thread and loop: while the UI thread sleeps 2 s
    inside a Qt timer callback, Get Status keep-alives keep their spacing and a
    card tapped meanwhile is authorized; the screen catches up on waking."""
    keepalive = 0.5
    wire: list = []
    k = start_kiosk({"terminal": {"keepalive_s": keepalive}}, wire_log=wire.append)
    k.until(lambda: k.on_backend(lambda: k.sim.pending is not None and k.sim.pending.kind == "start"),
            "the terminal waiting for a tap to start")
    from kiosk.sim.terminal import CARDS

    record: dict = {}

    def tap_on_backend() -> None:
        record["tapped"] = k.sim.present_card(CARDS["visa"])

    def block() -> None:                        # runs ON the UI thread
        t0 = record["t0"] = time.monotonic()
        k.backend.loop.call_soon_threadsafe(tap_on_backend)
        while time.monotonic() - t0 < 2.0:
            if "authorized_at" not in record and k.find_events("authorized"):
                record["authorized_at"] = time.monotonic()
                record["sessions"] = [(s.status, s.amount) for s in list(k.sim.sessions.values())]
            time.sleep(0.01)                    # sleeping, no Qt events processed
        record["screen_while_blocked"] = k.screen
        record["t1"] = time.monotonic()

    assert k.screen == "home"
    QTimer.singleShot(0, block)
    k.until(lambda: "t1" in record, "the UI thread's block to end")
    t0, t1 = record["t0"], record["t1"]
    assert t1 - t0 >= 2.0

    # The UI really was blocked: the bridge had not seen the new state yet ...
    assert record["screen_while_blocked"] == "home"
    # ... while the backend took the tap and had it authorized.
    assert record.get("tapped") is True
    assert "authorized_at" in record, "no authorization while the UI thread was blocked"
    assert t0 < record["authorized_at"] < t1
    assert record["sessions"] == [("open", 5000)]
    auth = k.find_events("authorized")[0]
    assert t0 < auth["mono"] < t1 and auth["connector"] == 1

    # Keep-alives on time: never longer than 1.5 x keepalive_s without a frame to
    # the terminal, and Get Status frames (answered) went out during the block.
    sent = [r for r in wire if r.direction == HOST_TO_TERMINAL and t0 <= r.time <= t1]
    status_sent = [r.time for r in sent if r.name == "Get Status"]
    status_answered = [r.time for r in wire if r.direction == TERMINAL_TO_HOST
                       and r.name == "Status" and t0 <= r.time <= t1]
    times = [t0, *(r.time for r in sent), t1]
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert max(gaps) <= 1.5 * keepalive, f"{max(gaps):.2f} s without a frame: {sent}"
    assert len(status_sent) >= 2, [r.name for r in sent]
    assert len(status_answered) >= len(status_sent) - 1
    assert any(r.name == "Auth Session" for r in sent)

    # Awake: the screen shows where the journey is now.
    k.wait_screen("plug_in", EN[PromptId.PLUG_IN][0])
    assert k.current["connectorId"] == 1
