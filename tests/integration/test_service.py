"""Service functions through the whole backend: the real PSP client over TCP to the
terminal simulator, the simulated charger, real SQLite books, commands entering the
journey through its inbox."""
from __future__ import annotations

import asyncio

import pytest

from kiosk.journey import intents as it
from kiosk.journey.snapshot import Phase
from kiosk.service.errors import NOT_FOUND, REFUSED, ServiceError

from kiosk_harness import Kiosk

pytestmark = pytest.mark.timeout(60)


async def stuck_hold(k: Kiosk) -> dict:
    """A session whose commit the terminal refuses: the payment ends "failed" and the
    hold stays open on the terminal."""
    k.sim.refuse_commits(60)
    await k.tap("visa")
    await k.wait("authorized")
    k.charger.plug(1)
    await k.wait("charging", connector=1)
    await k.until(lambda: k.charger.state(1).energy_wh >= 30, 10, "30 Wh")
    k.charger.unplug(1)
    end = await k.wait("session_end", connector=1)
    await k.wait("money_command", kind="commit", state="refused", payment=end["payment"])
    return end


async def test_a_stuck_hold_is_listed_and_voided_once(tmp_path):
    async with Kiosk(tmp_path, connectors=1) as k:
        end = await stuck_hold(k)
        pid, desk = end["payment"], k.backend.service
        assert k.terminal_session(pid).status == "open"        # the driver's money is held
        holds = await desk.holds()
        assert [h["payment"] for h in holds] == [pid]
        h = holds[0]
        # FLAT_TARIFF is 1.00 per kWh: what the books say was delivered is the session's cost,
        # at most the 50.00 hold; the refused commit asked for exactly that.
        assert h["state"] == "failed" and h["reserved"] == 5000
        assert h["delivered"] == end["amount"] == h["commit_suggested"] > 0
        assert h["command"]["kind"] == "commit" and h["command"]["state"] == "refused"

        with pytest.raises(ServiceError) as above:
            await desk.finalise(pid, "commit", 5001)
        assert above.value.code == REFUSED and "more than the hold" in above.value.message
        with pytest.raises(ServiceError) as unknown:
            await desk.finalise("nosuchpayment", "void")
        assert unknown.value.code == NOT_FOUND

        k.sim.refuse_commits(0)
        out = await desk.finalise(pid, "void")
        assert out["kind"] == "void"
        await k.wait("money_command", kind="void", state="done", payment=pid)
        assert k.terminal_session(pid).status == "voided"
        assert k.sim.double_finalisations == 0
        assert k.books.payment(pid).state == "voided"
        assert await desk.holds() == []
        with pytest.raises(ServiceError) as again:               # finalised: refused, not resent
            await desk.finalise(pid, "void")
        assert again.value.code == REFUSED
        assert [c.kind for c in k.books.commands(pid)] == ["commit", "void"]
        audit = [(a["action"], a["target"], a["result"].split(":")[0]) for a in desk.audit()]
        assert audit == [("commit", pid, "refused"), ("void", "nosuchpayment", "refused"),
                         ("void", pid, "ok"), ("void", pid, "refused")]


async def test_a_commit_on_the_screen_and_a_void_on_the_socket_at_once_finalise_once(tmp_path):
    # Two technicians (or one, twice): both reach the desk before either is booked.
    # They go through the journey's inbox one after the other, so the second finds
    # the payment on its way and is refused; the terminal hears one finalisation.
    async with Kiosk(tmp_path, connectors=1) as k:
        end = await stuck_hold(k)
        pid, desk = end["payment"], k.backend.service
        k.sim.refuse_commits(0)
        results = await asyncio.gather(desk.finalise(pid, "commit", end["amount"], actor="screen"),
                                       desk.finalise(pid, "void", actor="socket"),
                                       return_exceptions=True)
        ok = [r for r in results if isinstance(r, dict)]
        refused = [r for r in results if isinstance(r, ServiceError)]
        assert len(ok) == 1 and len(refused) == 1 and refused[0].code == REFUSED, results
        assert ok[0]["kind"] == "commit"                   # the screen's came first into the inbox
        await k.wait("money_command", kind="commit", state="done", payment=pid)
        assert k.terminal_session(pid).status == "committed"
        assert k.terminal_session(pid).committed_amount == end["amount"]
        assert k.sim.double_finalisations == 0
        assert [c.kind for c in k.books.commands(pid)] == ["commit", "commit"]   # refused, then ours


async def test_a_session_in_progress_cannot_be_finalised_from_service(tmp_path):
    async with Kiosk(tmp_path) as k:
        await k.tap("visa")
        auth = await k.wait("authorized")
        with pytest.raises(ServiceError) as e:
            await k.backend.service.finalise(auth["payment"], "void")
        assert e.value.code == REFUSED and "connector 1" in e.value.message
        assert k.books.payment(auth["payment"]).state == "authorized"
        assert await k.backend.service.holds() == []


async def test_out_of_service_refuses_a_start_and_survives_a_restart(tmp_path):
    async with Kiosk(tmp_path, connectors=1) as k:
        desk = k.backend.service
        out = await desk.set_out_of_service(1, True)
        assert out["changed"] and out["phase"] == "out_of_service"
        await k.shows(1, Phase.OUT_OF_SERVICE)
        k.post(it.SelectConnector(1))                 # the screen cannot start it
        k.charger.plug(1)                             # nor plugging in
        await k.wait("plugged", connector=1)
        await k.until(lambda: k.sim.pending is None, 5, "the terminal's card request cancelled")
        assert not k.sim.present_card()               # nor a tap: nothing waits for a card
        assert k.view.connector(1).phase == Phase.OUT_OF_SERVICE
        assert k.books.payments_in("reserving", "authorized") == []
        await k.restart()
        await k.shows(1, Phase.OUT_OF_SERVICE)
        assert (await k.backend.service.status())["connectors"][0]["out_of_service"] is True
        await k.backend.service.set_out_of_service(1, False)
        await k.shows(1, Phase.AVAILABLE)
        with pytest.raises(ServiceError) as e:
            await k.backend.service.set_out_of_service(7, True)
        assert e.value.code == NOT_FOUND


async def test_taking_a_charging_connector_out_lets_the_session_finish(tmp_path):
    async with Kiosk(tmp_path, connectors=1) as k:
        await k.tap("visa")
        k.charger.plug(1)
        await k.wait("charging", connector=1)
        out = await k.backend.service.set_out_of_service(1, True)
        assert out["session_continues"] and out["phase"] == "charging"
        with pytest.raises(ServiceError) as e:
            await k.backend.service.unlock(1)
        assert e.value.code == REFUSED               # never unlock a cable under charge
        await k.until(lambda: k.charger.state(1).energy_wh >= 30, 10, "30 Wh")
        k.charger.unplug(1)
        end = await k.wait("session_end", connector=1)
        await k.wait("money_command", kind="commit", state="done", payment=end["payment"])
        k.post(it.DismissReceipt(1))
        await k.shows(1, Phase.OUT_OF_SERVICE)


async def test_held_screen_declines_a_new_start_but_tap_to_stop_works(tmp_path):
    async with Kiosk(tmp_path) as k:
        await k.tap("visa")
        k.charger.plug(1)
        await k.wait("charging", connector=1)
        await k.until(lambda: k.charger.state(1).energy_wh >= 30, 10, "30 Wh")
        desk = k.backend.service
        await desk.enter()
        # The terminal now reads cards only (Tap to Stop) and says maintenance is going on.
        await k.until(lambda: k.sim.pending is not None and k.sim.pending.kind == "read", 5,
                      "a Read Card (no payment) on the terminal")
        await k.until(lambda: any("Maintenance" in v for _, v in k.sim.display), 5,
                      "the maintenance prompt on the terminal's display")
        await k.tap("mastercard")                   # another driver: politely declined
        await k.until(lambda: k.sim.pending is not None, 5, "the terminal reading again")
        assert len(k.find("authorized")) == 1
        assert k.view.connector(2).phase == Phase.AVAILABLE
        await k.tap("visa")                         # the charging driver stops as always
        await k.wait("stopping", connector=1, reason="tap_to_stop")
        k.charger.unplug(1)
        end = await k.wait("session_end", connector=1)
        await k.wait("money_command", kind="commit", state="done", payment=end["payment"])
        assert k.terminal_session(end["payment"]).status == "committed"
        await desk.leave()
        await k.until(lambda: k.sim.pending is not None and k.sim.pending.kind == "start", 5,
                      "Start Session again once the technician has left")
        actions = [a["action"] for a in desk.audit()]
        assert actions == ["enter", "leave"]


async def test_the_in_app_probe_pauses_the_link_voids_its_test_payment_and_comes_back(tmp_path):
    # The built-in simulator (terminal.url = "sim") so the probe's own client reaches
    # the same terminal; it taps a card as soon as the probe's Start Session is there.
    async with Kiosk(tmp_path, {"terminal": {"url": "sim"}, "service": {"test_payment": 100}},
                     connectors=1) as k:
        sim = k.backend.sim
        sim.auth_delay = 0.02
        sim.auto_tap = 0.05
        out = await k.backend.service.probe(test_payment=True)
        assert out["ok"], out["lines"]
        assert out["lines"][-1] == "probe OK"
        assert any("voided: session" in line for line in out["lines"])
        # The test payment of 1.00 reserved and voided on the terminal, nothing committed.
        probe_sessions = [s for s in sim.sessions.values() if s.amount == 100]
        assert [(s.status, s.committed_amount) for s in probe_sessions] == [("voided", None)]
        await k.wait("terminal", state="ready")           # the kiosk's link is back
        assert k.books.payments_in("reserving", "authorized", "failed") == []
        assert [(a["action"], a["result"]) for a in k.backend.service.audit()] == [("probe", "ok")]
