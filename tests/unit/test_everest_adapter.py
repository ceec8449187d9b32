"""The EVerest adapter's reading of EVerest messages (API 1, info.version 1.0.0),
fed as bytes the way the broker hands them over, without a broker; the MQTT URL
and the configuration keys. The whole path through Mosquitto is in
tests/integration/test_everest_*.py."""
from __future__ import annotations

import json

import pytest

from kiosk import config
from kiosk.charger import port as ch
from kiosk.charger.everest import API, EverestCharger, EverestSettings, parse_mqtt_url

BASE = f"{API}/evse_manager_consumer"


def meter(wh: float) -> dict:
    return {"timestamp": "2026-11-29T10:00:00.000Z", "energy_Wh_import": {"total": wh},
            "power_W": {"total": 7000}}


def event(name: str, **extra) -> bytes:
    return json.dumps({"uuid": "s-1", "timestamp": "2026-11-29T10:00:00Z", "event": name,
                       **extra}).encode()


@pytest.fixture
def everest():
    s = EverestSettings(url="mqtt://127.0.0.1:1", modules=("m1", "m2"), token_provider="t",
                        error_history="err", error_origins=("em1", "em2"))
    charger = EverestCharger(s, clock=lambda: 100.0)
    return charger, charger.subscribe()


def drain(q) -> list:
    out = []
    while not q.empty():
        out.append(q.get_nowait())
    return out


def test_mqtt_urls():
    assert parse_mqtt_url("mqtt://broker.local") == parse_mqtt_url("mqtt://broker.local:1883")
    u = parse_mqtt_url("mqtts://10.0.0.5")
    assert (u.host, u.port, u.tls) == ("10.0.0.5", 8883, True)
    for bad, why in (("http://x:1883", "mqtt://"), ("mqtt://", "no host"),
                     ("mqtt://x:1883/everest", "path"), ("mqtt://x:99999", "port")):
        with pytest.raises(ValueError, match=why):
            parse_mqtt_url(bad)


def test_a_session_from_everest_events_to_port_events(everest):
    charger, q = everest
    m = f"{BASE}/m1/e2m"
    charger._on_message(f"{m}/session_event", event(
        "SessionStarted", session_started={"reason": "EVConnected", "meter_value": meter(5000)}))
    charger._on_message(f"{m}/session_event", event("AuthRequired"))
    charger._on_message(f"{m}/session_event", event(
        "TransactionStarted", transaction_started={"id_tag": {}, "meter_value": meter(5000)}))
    charger._on_message(f"{m}/session_event", event("ChargingStarted"))
    charger._on_message(f"{m}/powermeter", json.dumps(meter(5250.7)).encode())
    charger._on_message(f"{m}/session_event", event("ChargingPausedEV"))
    charger._on_message(f"{m}/session_event", event("ChargingResumed"))
    charger._on_message(f"{m}/session_event", event(
        "TransactionFinished", transaction_finished={"meter_value": meter(5400), "reason": "Local"}))
    charger._on_message(f"{m}/session_event", event(
        "SessionFinished", session_finished={"meter_value": meter(5400)}))
    assert drain(q) == [
        ch.Plugged(1, 100.0), ch.ChargingStarted(1, 100.0),
        ch.MeterReading(1, 250, 7000, 100.0),          # 5250.7 - 5000 = 250.7 -> 250 Wh
        ch.ChargingPaused(1, 100.0), ch.ChargingStarted(1, 100.0),
        ch.MeterReading(1, 400, 0, 100.0),             # 5400 - 5000 = 400 Wh at the end
        ch.ChargingStopped(1, "requested", 100.0), ch.Unplugged(1, 100.0)]
    assert charger.malformed == 0


@pytest.mark.parametrize("reason,port_reason", [
    ("EVDisconnected", "unplugged"), ("StoppedByEV", "ev_stopped"), ("EmergencyStop", "fault"),
    ("SOCLimitReached", "ev_full"), ("Remote", "requested"), ("Timeout", "ev_stopped")])
def test_stop_reasons(everest, reason, port_reason):
    charger, q = everest
    m = f"{BASE}/m2/e2m"
    charger._on_message(f"{m}/session_event", event(
        "TransactionStarted", transaction_started={"id_tag": {}, "meter_value": meter(0)}))
    charger._on_message(f"{m}/session_event", event(
        "TransactionFinished", transaction_finished={"meter_value": meter(10), "reason": reason}))
    assert drain(q)[-1] == ch.ChargingStopped(2, port_reason, 100.0)


def test_session_info_tells_what_a_lost_event_would_have(everest):
    charger, q = everest
    m = f"{BASE}/m1/e2m"
    info = {"charged_energy_wh": 321, "discharged_energy_wh": 0, "latest_total_w": 0,
            "session_duration_s": 60, "timestamp": "2026-11-29T10:00:00Z"}
    charger._on_message(f"{m}/session_event", event(
        "TransactionStarted", transaction_started={"id_tag": {}, "meter_value": meter(0)}))
    drain(q)
    # TransactionFinished was lost while the broker was away; session_info says Finished,
    # read as the kiosk re-reads a connector after reconnecting.
    charger._evses[1].reconcile = True
    charger._on_message(f"{m}/session_info", json.dumps({**info, "state": "Finished"}).encode())
    assert drain(q)[-2:] == [ch.MeterReading(1, 321, 0, 100.0), ch.ChargingStopped(1, "ev_stopped", 100.0)]
    charger._on_message(f"{m}/session_info", json.dumps({**info, "state": "Unplugged"}).encode())
    assert drain(q) == [ch.Unplugged(1, 100.0)]
    # Outside a re-read, the session events decide (they carry the meter values to bill).
    charger._evses[1].reconcile = False
    charger._on_message(f"{m}/session_info", json.dumps({**info, "state": "Charging"}).encode())
    assert drain(q) == [] and not charger.state(1).plugged
    assert not charger.state(1).plugged and not charger.state(1).charging


def test_errors_land_on_the_connector_of_their_origin(everest):
    charger, q = everest
    err = {"type": "evse_board_support/MREC2GroundFailure", "description": "ground fault",
           "message": "ground fault", "severity": "High", "timestamp": "2026-11-29T10:00:00Z",
           "uuid": "e-1", "state": "Active",
           "origin": {"module_id": "em2", "implementation_id": "evse"}}
    charger._on_message(f"{API}/error_history_consumer/err/e2m/error_raised", json.dumps(err).encode())
    charger._on_message(f"{API}/error_history_consumer/err/e2m/error_raised", json.dumps(
        {**err, "uuid": "e-2", "severity": "Low", "origin": {"module_id": "other", "implementation_id": "x"}}).encode())
    code = "evse_board_support/MREC2GroundFailure"
    assert drain(q) == [ch.FaultRaised(2, code, "ground fault", True, 100.0)]
    assert charger.state(2).blocked and not charger.state(1).faults
    charger._on_message(f"{API}/error_history_consumer/err/e2m/error_cleared",
                        json.dumps({**err, "state": "ClearedByModule"}).encode())
    assert drain(q) == [ch.FaultCleared(2, code, 100.0)]


async def test_start_refuses_clearly_before_asking_everest(everest):
    charger, _ = everest
    charger._connected.set()
    with pytest.raises(ch.ChargerUnavailable, match="connector 1: no vehicle plugged in"):
        await charger.start_charging(1, token="pay-1")
    charger._evses[1].plugged = True
    charger._evses[1].replug_required = True
    with pytest.raises(ch.ChargerUnavailable, match="plugged in again"):
        await charger.start_charging(1, token="pay-1")


def _everest_cfg(**charger):
    return {"charger": {"backend": "everest", "connectors": 2, "everest_modules": ["a", "b"], **charger}}


@pytest.mark.parametrize("charger,message", [
    ({"everest_modules": ["a"]}, "charger.everest_modules: needs one EVerest module id per connector"),
    ({"everest_modules": ["a", "a"]}, "charger.everest_modules: a module id is listed twice"),
    ({"everest_modules": ["a", "b/c"]}, "charger.everest_modules: must be a list of EVerest module ids"),
    ({"everest_error_origins": ["x"]}, "charger.everest_error_origins: one EvseManager module id per connector"),
    ({"mqtt_url": "tcp://x:1883"}, "charger.mqtt_url: must be mqtt://HOST:PORT or mqtts://HOST:PORT"),
    ({"mqtt_ca_file": "/nonexistent/ca.pem"}, "charger.mqtt_ca_file: file not found"),
    ({"mqtt_password": "secret"}, "charger.mqtt_password: set charger.mqtt_username too"),
    ({"heartbeat_timeout_s": -1}, "charger.heartbeat_timeout_s: must not be negative"),
])
def test_everest_configuration_errors_name_the_key(charger, message):
    with pytest.raises(config.ConfigError) as e:
        config.from_mapping(_everest_cfg(**charger))
    assert str(e.value).startswith(message) and "\n" not in str(e.value)


def test_the_example_everest_configuration_loads():
    from pathlib import Path
    cfg = config.load(Path(__file__).resolve().parents[2] / "examples" / "everest.toml")
    s = EverestSettings.from_config(cfg.charger)
    assert s.modules == ("kiosk_evse_1", "kiosk_evse_2") and s.token_provider == "kiosk_token_provider"


async def test_a_reply_that_is_not_json_fails_its_request_at_once(everest):
    import asyncio
    charger, _ = everest
    topic = f"{BASE}/m1/e2m/stop_transaction/0f0f"
    fut = asyncio.get_running_loop().create_future()
    charger._pending[topic] = fut
    charger._on_message(topic, b"yes please")
    with pytest.raises(ch.ChargerUnavailable, match="not JSON"):
        fut.result()
    assert charger.malformed == 1
