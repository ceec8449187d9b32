"""EVerest's side of the contract through a real Mosquitto: every message the
kiosk's adapter and the EVerest-shaped peer put on the broker validates against
the JSON schemas written out from the AsyncAPI files (everest_schemas.py,
EVerest API 1, info.version 1.0.0); malformed payloads are logged once with the
topic and ignored; a broker killed mid-charge and restarted loses nothing."""
from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import uuid

import pytest

from kiosk.charger.everest import API, SPEC, EverestCharger, EverestSettings
from kiosk.charger.port import ChargerUnavailable
from kiosk.journey.snapshot import Phase

from broker import MISSING, MOSQUITTO, Mosquitto
from everest_harness import MODULES, EverestKiosk
from everest_schemas import SPEC_VERSION, schema_for, validate, with_defs

jsonschema = pytest.importorskip("jsonschema", reason="jsonschema (a test dependency) is not installed")

pytestmark = pytest.mark.timeout(60)


def test_the_adapter_and_the_schemas_name_the_same_spec_version():
    assert "EVerest API 1" in SPEC and "1.0.0" in SPEC
    assert "EVerest API 1" in SPEC_VERSION and "1.0.0" in SPEC_VERSION


def _timestamps(obj, path=""):
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k.endswith(("timestamp", "_time")) and isinstance(v, str):
                yield f"{path}/{k}", v
            yield from _timestamps(v, f"{path}/{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _timestamps(v, f"{path}/{i}")


def test_the_schemas_reject_what_the_spec_forbids():
    # Without this, a validator that accepted everything would pass the test below.
    info = with_defs(schema_for(f"{API}/evse_manager_consumer/x/e2m/session_info")[1])
    good = {"state": "Charging", "charged_energy_wh": 5, "discharged_energy_wh": 0,
            "latest_total_w": 11000, "session_duration_s": 3, "timestamp": "2026-11-29T10:00:00Z"}
    jsonschema.validate(good, info)
    for bad in ({**good, "state": "Exploding"}, {**good, "charged_energy_wh": -1},
                {**good, "extra": 1}, {k: v for k, v in good.items() if k != "timestamp"}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, info)
    token = with_defs(schema_for(f"{API}/auth_token_provider/t/m2e/provided_token")[1])
    with pytest.raises(jsonschema.ValidationError):     # IdToken.value is at most 36 characters
        jsonschema.validate({"id_token": {"value": "x" * 37, "type": "Local"},
                             "authorization_type": "BankCard"}, token)
    stop = with_defs(schema_for(f"{API}/evse_manager_consumer/x/m2e/stop_transaction")[1])
    with pytest.raises(jsonschema.ValidationError):     # a request without replyTo
        jsonschema.validate({"payload": {"reason": "Local"}}, stop)


async def test_every_message_on_the_broker_follows_the_spec(tmp_path, mosquitto):
    async with EverestKiosk(tmp_path, mosquitto) as k:
        ev = k.everest
        await k.tap("visa")
        await k.wait("authorized", connector=1)
        k.sim_charger.plug(1)
        await k.wait("charging", connector=1)
        await k.charge(1, 60)
        await ev.pause_charging(1)                      # EVSE pause, then resume
        await k.until(lambda: ev.state(1).suspended, what="paused by the EVSE")
        await ev.resume_charging(1)
        await k.until(lambda: not ev.state(1).suspended, what="resumed")
        with pytest.raises(ChargerUnavailable, match="cannot resume"):
            await ev.resume_charging(1)                 # nothing paused: EVerest says false
        await ev.disable(2)
        await ev.enable(2)
        k.sim_charger.raise_fault(2, "MREC4OverCurrentFailure", "over current", blocking=False)
        k.sim_charger.clear_fault(2, "MREC4OverCurrentFailure")
        await k.charge(1, 60)
        await k.tap("visa")                             # tap to stop: stop_transaction
        await k.wait("stopping", connector=1)
        await ev.unlock(1)
        k.sim_charger.unplug(1)
        await k.wait("session_end", connector=1)
        await k.heard("evse_api_1/e2m/session_event", event="SessionFinished")
        await k.heard("e2m/error_cleared")

    seen: dict[str, int] = {}
    for topic, body in k.recorder.messages:
        found = schema_for(topic)
        if found is None:
            continue
        what, _ = found
        try:
            validate(topic, body)
        except jsonschema.ValidationError as e:
            raise AssertionError(f"{topic} does not follow {SPEC_VERSION}: {e.message}\n{body}")
        for path, stamp in _timestamps(body):
            assert dt.datetime.fromisoformat(stamp).tzinfo is not None, f"{topic}{path}: {stamp}"
        seen[what] = seen.get(what, 0) + 1
    # The kiosk's requests and token, and every kind of EVerest message, were checked.
    for what in ("m2e/get_evse", "m2e/enable_disable", "m2e/pause_charging", "m2e/resume_charging",
                 "m2e/stop_transaction", "m2e/force_unlock", "m2e/provided_token",
                 "m2e/active_errors", "m2e/communication_check", "e2m/session_event", "e2m/session_info", "e2m/powermeter",
                 "e2m/heartbeat", "e2m/error_raised", "e2m/error_cleared", "reply to get_evse",
                 "reply to enable_disable", "reply to pause_charging", "reply to resume_charging",
                 "reply to stop_transaction", "reply to force_unlock", "reply to active_errors"):
        assert seen.get(what), f"no {what} was seen on the broker (seen: {sorted(seen)})"
    events = {b["event"] for t, b in k.recorder.messages if t.endswith("/e2m/session_event")}
    assert {"SessionStarted", "AuthRequired", "Authorized", "TransactionStarted", "ChargingStarted",
            "ChargingPausedEVSE", "ChargingResumed", "StoppingCharging", "TransactionFinished",
            "SessionFinished", "Enabled", "Disabled"} <= events


async def _publish(url_port: int, topic: str, payload: bytes) -> None:
    import aiomqtt
    async with aiomqtt.Client("127.0.0.1", url_port, identifier=f"t-{uuid.uuid4().hex[:6]}") as c:
        await c.publish(topic, payload, qos=1)


async def test_malformed_payloads_are_logged_once_with_the_topic_and_ignored(tmp_path, mosquitto, caplog):
    caplog.set_level(logging.WARNING, logger="kiosk.charger.everest")
    base = f"{API}/evse_manager_consumer/{MODULES[0]}/e2m"
    info = {"state": "Unplugged", "charged_energy_wh": 0, "discharged_energy_wh": 0,
            "latest_total_w": 0, "session_duration_s": 0, "timestamp": "2026-11-29T10:00:00Z"}
    bad = [
        (f"{base}/session_event", b"{not json", "not JSON"),
        (f"{base}/session_info", json.dumps({**info, "charged_energy_wh": "12"}).encode(),
         "'charged_energy_wh' must be an integer"),
        (f"{base}/session_info", json.dumps({**info, "state": "Exploding"}).encode(),
         "unknown state 'Exploding'"),
        (f"{base}/session_event", json.dumps({"uuid": "u", "timestamp": "t", "event": "Teleported"}).encode(),
         "unknown event 'Teleported'"),
        (f"{base}/powermeter", json.dumps([1, 2, 3]).encode(), "powermeter must be an object"),
        (f"{base}/heartbeat", b'"beat"', "heartbeat must be an integer"),
        (f"{base}/session_info", b"[" * 200_000, "too large"),
    ]
    # This test puts garbage on the broker on purpose: no conformance check of the traffic.
    async with EverestKiosk(tmp_path, mosquitto, check_conformance=False) as k:
        for _ in range(2):                           # the second time is not logged again
            for topic, payload, _why in bad:
                await _publish(mosquitto.port, topic, payload)
        await k.until(lambda: k.everest.malformed >= 2 * len(bad), 5, "every bad message read")
        lines = [r.getMessage() for r in caplog.records if "malformed" in r.getMessage()]
        for topic, _payload, why in bad:
            hits = [line for line in lines if topic in line and why in line]
            assert len(hits) == 1, f"{why!r} on {topic}: {hits}"
        assert len(lines) == len(bad)
        assert all(len(line) < 300 for line in lines)   # one line, not the payload
        # The kiosk goes on: a whole session after the garbage, committed once.
        k.sim_charger.plug(1)
        await k.shows(1, Phase.PRESENT_CARD)   # the plug-in heard over the broker
        await k.tap("visa")
        await k.wait("charging", connector=1)
        await k.charge(1, 360)                       # 1100 Wh
        k.sim_charger.unplug(1)
        end = await k.wait("session_end", connector=1)
        await k.wait("money_command", kind="commit", state="done", payment=end["payment"])
        assert k.terminal_session(end["payment"]).committed_amount == 93   # 43 + 50 fee


@pytest.fixture
def own_broker(tmp_path):
    """A broker of this test's own, to be killed and restarted on the same port."""
    if MOSQUITTO is None:
        pytest.skip(MISSING)
    b = Mosquitto(tmp_path / "broker").start()
    yield b
    b.stop()


async def test_broker_killed_mid_charge_and_restarted_resumes_and_commits_once(tmp_path, own_broker):
    async with EverestKiosk(tmp_path, own_broker, {"charger": {"link_grace_s": 8}}) as k:
        k.sim_charger.plug(1)
        await k.shows(1, Phase.PRESENT_CARD)   # the plug-in heard over the broker
        await k.tap("visa")
        await k.wait("charging", connector=1)
        await k.charge(1, 180)                       # 11000 x 180 / 3600 = 550 Wh
        connects = k.everest.connects
        own_broker.kill()
        await k.until(lambda: not k.everest.state(1).online and not k.peer._connected.is_set(), 5,
                      "the kiosk and EVerest noticing the broker gone")
        k.sim_charger.advance(180)                   # EVerest charges on: 1100 Wh now, unheard
        with pytest.raises(ChargerUnavailable, match="not connected"):
            await k.everest.stop_charging(1)
        await asyncio.sleep(0.5)
        own_broker.start()
        await k.until(lambda: k.everest.connects > connects, 10, "the kiosk reconnecting")
        assert await k.peer.wait_connected(10), "EVerest did not reconnect"
        await k.shows(1, Phase.CHARGING)
        await k.charge(1, 60)                        # and on: 11000 x 420 / 3600 = 1283.33 -> 1283 Wh
        k.sim_charger.unplug(1)
        end = await k.wait("session_end", connector=1)
        assert end["energy_wh"] == 1283 and await k.reported_energy(1) == [1283]
        await k.wait("money_command", kind="commit", state="done", payment=end["payment"])
        # 1283 Wh x 0.39 = 50.037 -> 50, + 50 fee = 100, once.
        assert k.terminal_session(end["payment"]).committed_amount == 100
        assert len(k.find("session_end")) == 1 and not k.find("charger_link", state="lost")
        assert k.sim.books()["summary"]["double_finalisations"] == 0
        assert k.sim.books()["summary"]["committed"] == 1


async def test_no_answer_from_everest_is_a_clear_error_within_the_timeout(mosquitto):
    # Nobody serves module 'nobody_home': the request times out and says what was asked.
    s = EverestSettings(url=mosquitto.url, modules=("nobody_home",), token_provider="t",
                        request_timeout_s=0.3, resync_s=0.1)
    charger = EverestCharger(s)
    await charger.start()
    try:
        assert await charger.wait_connected(5)
        charger._evses[1].transaction = True         # as if EVerest had said so
        loop = asyncio.get_running_loop()
        t0 = loop.time()
        with pytest.raises(ChargerUnavailable,
                           match="EVerest module 'nobody_home' did not answer stop_transaction within 0.3 s"):
            await charger.stop_charging(1)
        assert loop.time() - t0 < 2
    finally:
        await charger.close()


async def test_no_broker_is_a_clear_error_not_a_crash(tmp_path):
    from broker import free_port
    s = EverestSettings(url=f"mqtt://127.0.0.1:{free_port()}", modules=("a", "b"), token_provider="t",
                        link_grace_s=0.2, backoff=(0.05,))
    charger = EverestCharger(s)
    events = charger.subscribe()
    await charger.start(ready_within_s=0.3)
    try:
        lost = await asyncio.wait_for(events.get(), 3)
        assert type(lost).__name__ == "ChargerLinkLost" and lost.connector_id is None
        with pytest.raises(ChargerUnavailable, match=r"no link to EVerest \(MQTT broker 127.0.0.1:\d+"):
            await charger.start_charging(1, token="p")
        assert not charger.state(1).online
    finally:
        await charger.close()


async def test_broker_gone_past_the_grace_bills_the_last_total_and_stops_everest_after(tmp_path, own_broker):
    async with EverestKiosk(tmp_path, own_broker, {"charger": {"link_grace_s": 0.5}}) as k:
        k.sim_charger.plug(1)
        await k.shows(1, Phase.PRESENT_CARD)
        await k.tap("visa")
        await k.wait("charging", connector=1)
        await k.charge(1, 180)                       # 11000 x 180 / 3600 = 550 Wh heard
        own_broker.kill()
        end = await k.wait("session_end", connector=1, reason="charger_lost", timeout=5)
        assert end["energy_wh"] == 550
        await k.wait("money_command", kind="commit", state="done", payment=end["payment"])
        # 550 x 0.39 = 21.45 -> 21, + 50 fee = 71: what the kiosk last heard, not more.
        assert k.terminal_session(end["payment"]).committed_amount == 71
        k.sim_charger.advance(120)                   # EVerest charged on, unbilled
        assert k.sim_charger.state(1).charging
        own_broker.start()
        # Connector 1 comes back once EVerest's module answers again (all at once or by itself).
        await k.until(lambda: [e for e in k.find("charger_link", state="restored")
                               if e["connector"] in (None, 1)], 10, "connector 1 restored")
        # Before the kiosk said "restored", it told EVerest to stop what it had billed.
        stops = [b for t, b in k.peer.requests if t.endswith("evse_api_1/m2e/stop_transaction")]
        assert [s["payload"]["reason"] for s in stops] == ["Other"]
        assert not k.sim_charger.state(1).charging and not k.everest.state(1).charging
        assert k.sim.books()["summary"]["committed"] == 1
        assert k.sim.books()["summary"]["double_finalisations"] == 0
