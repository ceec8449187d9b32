"""Service mode through the real kiosk: the QML offscreen over the real backend
thread (terminal simulator in-process, simulated charger, SQLite books). The
technician's side is taps on the real service pages; the clock of the PIN
lock-out is the desk's injectable clock, so no test waits a minute."""
from __future__ import annotations

import asyncio

import pytest

pytest.importorskip("PySide6.QtQuick")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QObject, QPoint, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from kiosk.service.pin import hash_pin  # noqa: E402

from flow_helpers import Flow, energy_only, flow_config, merge  # noqa: E402

PIN = "2468"
# n=2^10: quick in tests; the parameters travel in the hash string.
PIN_HASH = hash_pin(PIN, n=2 ** 10)
T0 = 1_800_000_000.0


class Clock:
    def __init__(self, t: float):
        self.t = t

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def kiosks(qtbot, tmp_path):
    """kiosks(overrides) -> a running Flow on tmp_path's books; call again for a
    restart on the same books. Every kiosk is closed after the test."""
    started: list[Flow] = []

    def start(overrides: dict | None = None, clock: Clock | None = None,
              ready: bool = True) -> Flow:
        if started and started[-1].kiosk.engine is not None:
            started[-1].close()
        cfg = flow_config(tmp_path, merge({"service": {"pin_hash": PIN_HASH}}, overrides or {}))
        flow = Flow(qtbot, cfg)
        started.append(flow)
        if ready:
            flow.wait_ready()
        if clock is not None:
            flow.backend.service.clock = clock
        return flow

    yield start
    for flow in started:
        if flow.kiosk.engine is not None:
            flow.close()


def open_pad(k: Flow) -> None:
    """The entry gesture: a long press in the top-left corner (5 s in the field;
    shortened here, the same MouseArea)."""
    corner = k.window.findChild(QObject, "serviceCorner")
    corner.setProperty("pressAndHoldInterval", 200)
    QTest.mousePress(k.window, Qt.LeftButton, Qt.NoModifier, QPoint(8, 8))
    k.until(lambda: k.window.property("serviceMode"), "service mode after the long press", 3000)
    QTest.mouseRelease(k.window, Qt.LeftButton, Qt.NoModifier, QPoint(8, 8))
    k.until(lambda: k.button("servicePinPad") is not None, "the PIN pad")


def type_pin(k: Flow, pin: str) -> None:
    for digit in pin:
        k.click(f"buttonPin_{digit}")
    k.click("buttonPin_ok")


def pad_says(k: Flow, title: str, detail: str | None = None) -> None:
    k.until(lambda: title in k.texts_of("pinTitle")
            and (detail is None or any(detail in t for t in k.texts_of("pinDetail"))),
            f"PIN pad: {title!r} / {detail!r}")


def desk_call(k: Flow, coro_fn):
    return asyncio.run_coroutine_threadsafe(coro_fn(k.backend.service), k.backend.loop).result(5)


def test_five_wrong_pins_lock_the_pad_across_a_restart_until_the_time_is_up(kiosks):
    clock = Clock(T0)
    k = kiosks(clock=clock)
    open_pad(k)
    pad_says(k, "Enter the service PIN")
    for left in (4, 3, 2, 1):
        type_pin(k, "1111")
        pad_says(k, "Wrong PIN", f"{left} tries left" if left > 1 else "1 try")
    type_pin(k, "1111")
    pad_says(k, "Locked after too many wrong PINs", "Try again in 1:00")
    assert not k.button("buttonPin_1").property("enabled")
    lock = k.on_backend(lambda: k.backend.books.pin_lockout())
    assert (lock.lockouts, lock.locked_until) == (1, T0 + 60)

    clock = Clock(T0 + 30)                       # a restart half-way through the minute
    k = kiosks(clock=clock)
    open_pad(k)
    pad_says(k, "Locked after too many wrong PINs", "Try again in 0:30")
    assert not k.button("buttonPin_2").property("enabled")

    clock.t = T0 + 61                            # the minute is over
    k.click("buttonPinClose")
    k.until(lambda: not k.window.property("serviceMode"), "the pad closed")
    open_pad(k)
    pad_says(k, "Enter the service PIN")
    type_pin(k, PIN)
    k.until(lambda: k.button("servicePages") is not None, "the service pages")
    assert k.on_backend(lambda: k.backend.books.pin_lockout()).lockouts == 0   # forgiven
    audit = k.on_backend(lambda: [(a.action, a.result) for a in k.backend.books.audit_entries()])
    assert audit == [("pin", "wrong")] * 4 + [("pin", "wrong, locked"), ("pin", "ok"),
                                              ("enter", "ok")]
    assert PIN not in repr(audit)


def test_status_page_shows_what_the_backend_says(kiosks):
    k = kiosks()
    open_pad(k)
    type_pin(k, PIN)
    k.until(lambda: k.texts_of("statusDataDir"), "the status page")
    s = desk_call(k, lambda d: d.status())
    k.until(lambda: k.texts_of("statusLink") == ["ready"], "link ready")
    assert k.texts_of("statusVersion") == [s["version"]]
    assert k.texts_of("statusDataDir") == [s["data_dir"]]
    assert k.texts_of("statusTerminalUrl") == [s["terminal"]["url"]] == ["sim"]
    assert k.texts_of("statusPspState") == [s["terminal"]["psp_state"]]
    assert k.texts_of("statusOpenPayments") == [str(s["books"]["open_payments"])] == ["0"]
    assert k.texts_of("statusPhase1") == ["available"] and k.texts_of("statusPhase2") == ["available"]
    assert k.texts_of("statusPlug1") == ["not plugged in"]
    assert k.texts_of("statusEnergy1") == ["0.00 kWh"]
    assert k.texts_of("statusLastCommit") == ["—"]


def test_a_session_charging_before_service_mode_is_stopped_by_tap_to_stop_under_it(kiosks):
    k = kiosks()
    k.tap("visa")
    k.on_backend(lambda: k.backend.charger_sim.plug(1))
    k.wait_event("charging", connector=1)
    k.until(lambda: k.on_backend(lambda: k.backend.charger.state(1).energy_wh) >= 50, "50 Wh")
    open_pad(k)
    type_pin(k, PIN)
    k.until(lambda: k.texts_of("statusPhase1") == ["charging"], "status: connector 1 charging")
    # The terminal now says maintenance is going on, and still reads cards.
    k.until(lambda: k.terminal_title() == "Maintenance in progress", "maintenance on the terminal")
    before = k.on_backend(lambda: k.backend.charger.state(1).energy_wh)
    k.until(lambda: k.on_backend(lambda: k.backend.charger.state(1).energy_wh) > before,
            "still charging under the overlay")
    k.tap("visa")
    end = k.wait_event("session_end", connector=1, reason="tap_to_stop")
    k.wait_event("money_command", kind="commit", state="done", payment=end["payment"])
    assert k.window.property("serviceMode")            # the technician's screen stayed
    sessions = k.sessions()
    assert [(s.status, s.committed_amount) for s in sessions] == [
        ("committed", energy_only(end["energy_wh"]))]
    assert end["amount"] == energy_only(end["energy_wh"]) > 0
    assert k.on_backend(lambda: k.sim.double_finalisations) == 0
    commits = k.on_backend(lambda: [c.kind for c in k.backend.books.commands(end["payment"])])
    assert commits == ["commit"]


def enter_service(k: Flow, page: str) -> None:
    open_pad(k)
    type_pin(k, PIN)
    k.until(lambda: k.button("servicePages") is not None, "the service pages")
    k.click(f"buttonServicePage_{page}")


def test_a_stuck_hold_is_shown_on_payments_and_voided_from_it_once(kiosks):
    k = kiosks({"charger": {"connectors": 1}})
    k.on_backend(lambda: k.sim.refuse_commits(600))      # the acquirer refuses the capture
    k.tap("visa")
    k.on_backend(lambda: k.backend.charger_sim.plug(1))
    k.wait_event("charging", connector=1)
    k.until(lambda: k.on_backend(lambda: k.backend.charger.state(1).energy_wh) >= 50, "50 Wh")
    k.on_backend(lambda: k.backend.charger_sim.unplug(1))
    end = k.wait_event("session_end", connector=1)
    pid = end["payment"]
    k.wait_event("money_command", kind="commit", state="refused", payment=pid)
    k.on_backend(lambda: k.sim.refuse_commits(0))

    enter_service(k, "payments")
    k.until(lambda: any(pid in t for t in k.texts_of("holdPayment")), "the stuck hold listed")
    # Commit is pre-filled with what the books say was delivered: 1.00/kWh, so the
    # energy in Wh / 10 cents (energy_only works it out by hand); the hold is 50.00.
    assert end["amount"] == energy_only(end["energy_wh"]) > 0
    commit_text = k.button("buttonCommit").property("text")
    assert commit_text == f"Commit €{end['amount'] // 100}.{end['amount'] % 100:02d}"
    k.click("buttonVoid")
    k.until(lambda: any(pid in t for t in k.texts_of("confirmQuestion")), "the void confirmation")
    assert k.on_backend(lambda: k.backend.books.payment(pid).state) == "failed"   # nothing yet
    k.click("buttonConfirmYes")
    k.wait_event("money_command", kind="void", state="done", payment=pid)
    k.until(lambda: k.button("holdsNone") is not None, "no stuck hold left")
    sessions = k.sessions()
    assert [s.status for s in sessions] == ["voided"]
    assert k.on_backend(lambda: k.sim.double_finalisations) == 0
    kinds = k.on_backend(lambda: [(c.kind, c.state) for c in k.backend.books.commands(pid)])
    assert kinds == [("commit", "refused"), ("void", "done")]
    audit = k.on_backend(lambda: [(a.action, a.target, a.result)
                                  for a in k.backend.books.audit_entries()])
    assert ("void", pid, "ok") in audit

    # The receipt of that session, back on the screen for its driver.
    k.click("buttonShowReceipt")
    k.until(lambda: k.button("receiptAgainQr") is not None, "the receipt's QR")
    ref = k.on_backend(lambda: k.backend.books.recent_sessions(1)[0])
    receipt = k.on_backend(lambda: k.backend.books.receipt_for_session(ref.id))
    assert k.texts_of("receiptAgainRef") == [f"Receipt {receipt.short_ref}"]


def test_a_connector_taken_out_on_screen_refuses_a_start_and_stays_out(kiosks):
    k = kiosks({"charger": {"connectors": 1}})
    enter_service(k, "connectors")
    k.click("buttonOutOfService1")
    k.click("buttonConfirmYes")
    k.until(lambda: k.on_backend(lambda: k.backend.station.conns[1].enabled) is False,
            "connector 1 out of service")
    k.click("buttonServiceLeave")
    k.until(lambda: not k.window.property("serviceMode"), "service mode left")
    k.until(lambda: k.current.get("phase") == "out_of_service", "the screen shows it out of service")
    k.on_backend(lambda: k.backend.charger_sim.plug(1))
    k.wait_event("plugged", connector=1)
    k.until(lambda: k.on_backend(lambda: k.sim.pending is None), "no card request")
    assert not k.on_backend(lambda: k.sim.present_card())      # a tap starts nothing
    k = kiosks({"charger": {"connectors": 1}}, ready=False)     # a restart
    k.until(lambda: k.current.get("phase") == "out_of_service", "still out after the restart")
    audit = k.on_backend(lambda: [(a.actor, a.action, a.target, a.result)
                                  for a in k.backend.books.audit_entries()])
    assert ("screen", "disable", "1", "ok") in audit


def test_system_page_exports_a_bundle_and_leaves_to_the_desktop_audited(kiosks, tmp_path, qtbot):
    from kiosk.ui import service_bridge
    out = tmp_path / "usb"
    out.mkdir()
    k = kiosks({"service": {"export_dir": str(out)}})
    enter_service(k, "system")
    k.click("buttonExport")
    k.until(lambda: list(out.glob("ev-kiosk-diagnostics-*.tar.gz")), "the bundle on the stick")
    k.until(lambda: any(str(out) in t for t in k.texts_of("serviceMessage")), "its path shown")
    k.click("buttonDesktop")
    try:
        with qtbot.waitSignal(k.kiosk.service.quitRequested, timeout=5000):
            k.click("buttonConfirmYes")
        assert service_bridge.EXIT_ACTION == "desktop"
    finally:
        service_bridge.EXIT_ACTION = None
    k.until(lambda: ("leave_to_desktop", "ok") in k.on_backend(
        lambda: [(a.action, a.result) for a in k.backend.books.audit_entries()]), "audited")


def test_service_calls_after_the_backend_stopped_are_dropped(kiosks, recwarn):
    """A page timer, a tap or a late answer's follow-up that reaches the bridge
    while the kiosk shuts down is dropped: before, it was scheduled onto the
    stopped backend loop ("Event loop is closed" out of a Qt slot)."""
    k = kiosks({"charger": {"connectors": 1}})
    enter_service(k, "status")
    service, loop = k.kiosk.service, k.backend.loop
    assert service.property("unlocked")
    k.close()
    assert loop.is_closed()
    service.refresh("all")                                   # the status page's timer
    service.setOutOfService(1, True)                         # a tap during shutdown
    service._answer.emit("disable", {"connector": 1}, None)  # a late answer: refreshes all
    service.leave("idle")                                    # leaving, as the window goes
    assert not [w for w in recwarn if "never awaited" in str(w.message)]
