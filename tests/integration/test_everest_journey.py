"""The journey's flows with `[charger] backend = "everest"`: the kiosk's EVerest
adapter and the EVerest-shaped peer talk through a real Mosquitto (started by the
`mosquitto` fixture on a free 127.0.0.1 port), the PSP client talks to the
terminal simulator over TCP, the books are real SQLite.

Contract: EVerest API 1, AsyncAPI files evse_manager_consumer_API.yaml,
auth_token_provider_API.yaml, error_history_consumer_API.yaml (info.version
1.0.0) in everest-core docs/source/reference/EVerest_API/.

Tariff (everest_harness.TARIFF): 0.39 per kWh, 0.50 session fee, nothing else.
The peer's vehicles draw 11 kW from the first second (no ramp), so charging for
6 simulated minutes delivers 11000 W x 360 s / 3600 = 1100 Wh, and the session
costs 1100 x 39 / 1000 = 42.9 -> 43, + 50 fee = 93 (0.93)."""
from __future__ import annotations

import pytest

from kiosk.journey.snapshot import Phase

from everest_harness import EverestKiosk

pytestmark = pytest.mark.timeout(60)


async def committed_once(k: EverestKiosk, end: dict, amount: int) -> None:
    await k.wait("money_command", kind="commit", state="done", payment=end["payment"])
    s = k.terminal_session(end["payment"])
    assert (s.status, s.committed_amount, end["amount"]) == ("committed", amount, amount)
    books = k.sim.books()["summary"]
    assert books["double_finalisations"] == 0
    assert sum(x["status"] != "open" for x in k.sim.books()["sessions"]) == books["sessions"]


async def test_tap_to_start_then_tap_to_stop(tmp_path, mosquitto):
    async with EverestKiosk(tmp_path, mosquitto) as k:
        await k.tap("visa")
        auth = await k.wait("authorized")
        await k.shows(1, Phase.PLUG_IN)
        k.sim_charger.plug(1)
        await k.wait("charging", connector=1)
        token = await k.heard("auth_token_provider/kiosk_tokens/m2e/provided_token")
        assert token and token[0]["id_token"]["value"] == auth["payment"]    # the payment is the token
        assert token[0]["connectors"] == [1] and token[0]["authorization_type"] == "BankCard"
        await k.charge(1, 360)                                   # 1100 Wh
        await k.tap("visa")
        await k.wait("stopping", connector=1, reason="tap_to_stop")
        k.sim_charger.unplug(1)
        end = await k.wait("session_end", connector=1)
        assert await k.reported_energy(1) == [1100] and end["energy_wh"] == 1100
        await committed_once(k, end, 93)                         # 43 energy + 50 fee
        stops = await k.heard("evse_api_1/m2e/stop_transaction")
        assert [s["payload"]["reason"] for s in stops] == ["Local"]


async def test_plug_in_to_start_then_unplug_to_stop(tmp_path, mosquitto):
    async with EverestKiosk(tmp_path, mosquitto) as k:
        k.sim_charger.plug(2)
        await k.shows(2, Phase.PRESENT_CARD)
        await k.tap("mastercard")
        await k.wait("charging", connector=2)
        await k.charge(2, 120)    # 11000 W x 120 s / 3600 = 366.67 -> 366 Wh
        k.sim_charger.unplug(2)
        end = await k.wait("session_end", connector=2, reason="unplugged")
        assert await k.reported_energy(2) == [366]
        await committed_once(k, end, 64)    # 366 x 39 / 1000 = 14.274 -> 14, + 50 = 64


async def test_unplug_to_stop_mid_charge_reported_by_everest_as_ev_disconnected(tmp_path, mosquitto):
    async with EverestKiosk(tmp_path, mosquitto, {"modes": {"tap_to_stop": False}}) as k:
        await k.tap("visa")
        await k.wait("authorized", connector=1)
        k.sim_charger.plug(1)
        await k.wait("charging", connector=1)
        await k.charge(1, 600)    # 11000 x 600 / 3600 = 1833.33 -> 1833 Wh
        k.sim_charger.unplug(1)
        end = await k.wait("session_end", connector=1, reason="unplugged")
        assert await k.reported_energy(1) == [1833]
        fin = await k.heard("evse_api_1/e2m/session_event", event="TransactionFinished")
        assert fin[0]["transaction_finished"]["reason"] == "EVDisconnected"
        await committed_once(k, end, 121)    # 1833 x 39 / 1000 = 71.487 -> 71, + 50 = 121


async def test_fault_mid_session_commits_what_everest_reported(tmp_path, mosquitto):
    async with EverestKiosk(tmp_path, mosquitto) as k:
        k.sim_charger.plug(2)
        await k.shows(2, Phase.PRESENT_CARD)   # the plug-in heard over the broker
        await k.tap("visa")
        await k.wait("charging", connector=2)
        await k.charge(2, 240)    # 11000 x 240 / 3600 = 733.33 -> 733 Wh
        k.sim_charger.raise_fault(2, "MREC5OverVoltage", "over voltage", blocking=True)
        end = await k.wait("session_end", connector=2, reason="fault")
        raised = await k.heard("error_history_consumer/errors/e2m/error_raised")
        assert raised[0]["severity"] == "High" and raised[0]["origin"]["module_id"] == "evse_manager_2"
        assert await k.reported_energy(2) == [733]
        await committed_once(k, end, 79)    # 733 x 39 / 1000 = 28.587 -> 29, + 50 = 79
        await k.until(lambda: k.everest.state(2).blocked, what="connector 2 blocked")
        k.sim_charger.clear_fault(2, "MREC5OverVoltage")
        await k.until(lambda: not k.everest.state(2).faults, what="the fault cleared in the kiosk")


async def test_plug_in_timeout_voids_and_everest_is_never_authorized(tmp_path, mosquitto):
    async with EverestKiosk(tmp_path, mosquitto, {"timeouts": {"plug_in_s": 1}}) as k:
        await k.tap("visa")
        auth = await k.wait("authorized")
        end = await k.wait("session_end", reason="plug_timeout", timeout=5)
        assert end["amount"] == 0
        await k.wait("money_command", kind="void", state="done")
        assert k.terminal_session(auth["payment"]).status == "voided"
        assert not k.recorder.find("m2e/provided_token")
        assert k.sim.books()["summary"]["double_finalisations"] == 0


async def test_charger_link_lost_commits_the_last_total_everest_reported(tmp_path, mosquitto):
    # EVerest's heartbeat is watched: 0.6 s of silence and the connector is lost.
    async with EverestKiosk(tmp_path, mosquitto, {"charger": {"heartbeat_timeout_s": 0.6}}) as k:
        k.sim_charger.plug(1)
        await k.shows(1, Phase.PRESENT_CARD)   # the plug-in heard over the broker
        await k.tap("visa")
        await k.wait("charging", connector=1)
        await k.charge(1, 180)    # 11000 x 180 / 3600 = 550 Wh
        k.sim_charger.drop_link(1)            # EVerest's API module for connector 1 falls silent
        end = await k.wait("session_end", connector=1, reason="charger_lost", timeout=5)
        assert end["energy_wh"] == 550
        await committed_once(k, end, 71)      # 550 x 39 / 1000 = 21.45 -> 21, + 50 = 71
        await k.shows(1, Phase.RECEIPT, Phase.CHARGER_OFFLINE)
        k.sim_charger.restore_link(1)
        await k.wait("charger_link", state="restored", timeout=5)
        assert k.everest.state(1).online and not k.everest.state(1).charging


async def test_kiosk_restarted_mid_charge_resumes_from_everest_and_commits_once(tmp_path, mosquitto):
    # EVerest does not restart with the kiosk: the new kiosk must find the transaction
    # running (before the journey resumes its books) and bill all of it.
    async with EverestKiosk(tmp_path, mosquitto) as k:
        k.sim_charger.plug(1)
        await k.shows(1, Phase.PRESENT_CARD)
        await k.tap("visa")
        await k.wait("charging", connector=1)
        await k.charge(1, 180)                   # 550 Wh before the restart
        await k.restart(keep_charger=True)
        await k.wait("recovered", action="resumed", connector=1)
        await k.charge(1, 180)                   # 11000 x 360 / 3600 = 1100 Wh in all
        k.sim_charger.unplug(1)
        end = await k.wait("session_end", connector=1)
        assert await k.reported_energy(1) == [1100] and end["energy_wh"] == 1100
        await committed_once(k, end, 93)         # 1100 x 0.39 = 42.9 -> 43, + 50 = 93
        assert k.sim.books()["summary"]["committed"] == 1


async def test_a_car_plugged_in_before_the_kiosk_starts_is_a_plug_in_to_start(tmp_path, mosquitto):
    k = EverestKiosk(tmp_path, mosquitto)
    try:
        await k.start_peer_only()
        k.sim_charger.plug(1)                      # EVerest has a car before the kiosk boots
        await k.heard("evse_api_1/e2m/session_event", event="AuthRequired")
        await k.start()
        await k.shows(1, Phase.PRESENT_CARD)       # the journey asks for a card at once
        await k.tap("visa")
        await k.wait("charging", connector=1)
    finally:
        await k.close()
