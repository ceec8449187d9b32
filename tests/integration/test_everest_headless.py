"""The documented bench run on EVerest's API: `ev-kiosk --headless` as a real
process on examples/everest.toml (backend = "everest", the built-in EVerest-shaped
peer on), through a real Mosquitto, replaying examples/scenarios/two-connectors.toml
4x faster. The scenario's plug / unplug steps reach the kiosk only as EVerest
messages on the broker; each session is committed once with the tariff's amount."""
from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from test_headless import SPEED, _toml_value, compressed

pytestmark = pytest.mark.timeout(90)

ROOT = Path(__file__).resolve().parents[2]


def test_two_connector_scenario_through_the_broker_commits_each_session_once(tmp_path, mosquitto):
    bench = tomllib.loads((ROOT / "examples" / "everest.toml").read_text())
    assert bench["charger"]["backend"] == "everest" and bench["charger"]["everest_peer"] is True
    bench["charger"]["mqtt_url"] = mosquitto.url
    bench["charger"]["time_scale"] *= SPEED
    cfg_path = tmp_path / "everest.toml"
    cfg_path.write_text("\n".join(
        f"[{section}]\n" + "\n".join(f"{k} = {_toml_value(v) if not isinstance(v, list) else json.dumps(v)}"
                                     for k, v in keys.items())
        for section, keys in bench.items()) + "\n")
    scenario = compressed(ROOT / "examples" / "scenarios" / "two-connectors.toml",
                          tmp_path / "scenario.toml")
    run = subprocess.run([sys.executable, "-m", "kiosk.cli", "--headless", "--config", str(cfg_path),
                          "--scenario", str(scenario), "--data-dir", str(tmp_path / "data")],
                         capture_output=True, text=True, timeout=80, cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    events = [json.loads(line) for line in run.stdout.splitlines()]
    assert not [e for e in events if e["event"] in ("scenario_error", "charger_refused")], events

    def first(name, **match):
        return next(e for e in events if e["event"] == name
                    and all(e.get(k) == v for k, v in match.items()))

    summary = events[-1]
    assert summary["event"] == "summary" and summary["drained"], summary
    books = summary["terminal_books"]
    assert books["summary"]["double_finalisations"] == 0 and books["summary"]["committed"] == 2
    terminal = {s["masked_pan"]: s for s in books["sessions"]}
    for cid in (1, 2):
        end = first("session_end", connector=cid)
        auth = first("authorized", connector=cid)
        # The default tariff, by hand: 0.39/kWh rounded half up, plus the 0.50 session fee:
        # e.g. 1,234 Wh -> 48.126 -> 0.48 + 0.50 = 0.98.
        expected = (end["energy_wh"] * 39 + 500) // 1000 + 50
        assert end["energy_wh"] > 0 and end["amount"] == expected
        booked = terminal[auth["masked_pan"]]
        assert booked["status"] == "committed" and booked["committed_amount"] == expected


def test_kiosk_and_everest_peer_in_two_processes_through_the_broker(tmp_path, mosquitto):
    # `ev-kiosk sim-everest` plays the charger's steps in its own process; the kiosk
    # (everest_peer = false) plays the card tap in its own. Only the broker joins them.
    bench = tomllib.loads((ROOT / "examples" / "everest.toml").read_text())
    bench["charger"].update(mqtt_url=mosquitto.url, everest_peer=False)
    cfg_path = tmp_path / "everest.toml"
    cfg_path.write_text("\n".join(
        f"[{section}]\n" + "\n".join(f"{k} = {json.dumps(v)}" for k, v in keys.items())
        for section, keys in bench.items()) + "\n")
    (tmp_path / "charger.toml").write_text(
        '[[step]]\nat = 3\ndo = "plug"\nconnector = 1\n'
        '[[step]]\nat = 6\ndo = "unplug"\nconnector = 1\n[[step]]\nat = 7\ndo = "end"\n')
    (tmp_path / "driver.toml").write_text(
        '[[step]]\nat = 1\ndo = "tap"\ncard = "visa"\n[[step]]\nat = 9\ndo = "end"\n')
    peer = subprocess.Popen([sys.executable, "-m", "kiosk.cli", "sim-everest", "--config", str(cfg_path),
                             "--scenario", str(tmp_path / "charger.toml")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        run = subprocess.run([sys.executable, "-m", "kiosk.cli", "--headless", "--config", str(cfg_path),
                              "--scenario", str(tmp_path / "driver.toml"),
                              "--data-dir", str(tmp_path / "data")],
                             capture_output=True, text=True, timeout=60, cwd=tmp_path)
        out, err = peer.communicate(timeout=20)
    finally:
        peer.kill()
    assert run.returncode == 0, run.stderr[-2000:]
    assert peer.returncode == 0, err[-2000:]
    peer_events = [json.loads(line) for line in out.splitlines()]
    assert peer_events[0] == {"event": "everest_peer", "broker": mosquitto.url, "connected": True,
                              "modules": ["kiosk_evse_1", "kiosk_evse_2"]}
    assert not [e for e in peer_events if e["event"] == "scenario_error"], peer_events
    events = [json.loads(line) for line in run.stdout.splitlines()]
    end = next(e for e in events if e["event"] == "session_end")
    assert (end["connector"], end["reason"]) == (1, "unplugged"), events[-12:]
    assert end["energy_wh"] > 0
    expected = (end["energy_wh"] * 39 + 500) // 1000 + 50      # 0.39/kWh half up + 0.50 fee
    assert end["amount"] == expected
    books = events[-1]["terminal_books"]
    assert books["summary"]["committed"] == 1 and books["summary"]["double_finalisations"] == 0
    assert books["sessions"][0]["committed_amount"] == expected
