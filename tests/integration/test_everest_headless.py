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
