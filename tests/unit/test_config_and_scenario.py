"""Configuration and scenario validation: a bad value is one clear line naming the key."""
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import config, scenario

ROOT = Path(__file__).resolve().parents[2]


def test_example_configuration_is_valid_and_matches_the_defaults():
    cfg = config.load(ROOT / "examples" / "station.toml")
    demo = config.embedded_demo()
    for section in config.SCHEMA:
        assert getattr(cfg, section).values == getattr(demo, section).values, section
    assert cfg.tariff == demo.tariff


@pytest.mark.parametrize("data, message", [
    ({"terminal": {"url": "http://x"}}, "terminal.url: must be 'sim', tcp://HOST:PORT"),
    ({"terminal": {"keepalive_s": 0}}, "terminal.keepalive_s: must be greater than 0 and under 20 seconds"),
    ({"terminal": {"baud": 9600}}, "terminal.baud: unknown key"),
    ({"payment": {"reservation": 50.0}}, "payment.reservation: must be a whole number, not 50.0"),
    ({"payment": {"reservation": True}}, "payment.reservation: must be a whole number"),
    ({"payment": {"strategy": "greedy"}}, "payment.strategy: must be one of reserve_max"),
    ({"payment": {"amount_choices": [2000, -1]}}, "payment.amount_choices: must be a non-empty list"),
    ({"station": {"language": "es"}}, "station.language: must be one of en, nl, de, fr"),
    ({"charger": {"connectors": 0}}, "charger.connectors: must be between 1 and 8"),
    ({"stations": {}}, "[stations]: unknown section"),
    ({"display": {"renderer": "vulkan"}}, "display.renderer: must be one of auto, software, opengl"),
    ({"modes": {"tap_to_stop": False, "unplug_to_stop": False, "ui_stop": False}},
     "modes: at least one of tap_to_stop"),
    ({"tariff": {"energy_per_kwh": -1}}, "tariff.energy_per_kwh"),
    ({"tariff": {"colour": "red"}}, "tariff.colour"),
])
def test_bad_values_name_the_key(data, message):
    with pytest.raises(config.ConfigError) as e:
        config.from_mapping(data)
    assert message in str(e.value)
    assert "\n" not in str(e.value)


def test_cli_exits_2_with_one_line_for_a_bad_key(tmp_path):
    bad = tmp_path / "station.toml"
    bad.write_text('[timeouts]\nplug_in_s = "five minutes"\n')
    run = subprocess.run([sys.executable, "-m", "kiosk.cli", "--headless", "--config", str(bad)],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == [
        "ev-kiosk: timeouts.plug_in_s: must be a number, not 'five minutes'"]


def test_cli_exits_2_for_a_missing_file_and_for_broken_toml(tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text("[station\nname=")
    for path, words in ((tmp_path / "nope.toml", "configuration file not found"),
                        (broken, "not valid TOML")):
        run = subprocess.run([sys.executable, "-m", "kiosk.cli", "--headless", "--config", str(path)],
                             capture_output=True, text=True, timeout=60)
        assert run.returncode == 2 and words in run.stderr


def test_example_scenarios_parse():
    files = sorted((ROOT / "examples" / "scenarios").glob("*.toml"))
    assert len(files) >= 3
    for f in files:
        s = scenario.load(f)
        assert s.steps[-1].do == "end" and s.description


@pytest.mark.parametrize("steps, message", [
    ([{"at": 1, "do": "plugg", "connector": 1}], "step 1: unknown action 'plugg'"),
    ([{"at": 1, "do": "plug"}], "step 1: plug needs 'connector'"),
    ([{"at": 1, "do": "plug", "connector": "1"}], "step 1: connector has the wrong type"),
    ([{"at": 2, "do": "tap"}, {"at": 1, "do": "tap"}], "step 2: steps must be in time order"),
    ([{"at": -1, "do": "tap"}], "step 1: 'at' must be a time"),
    ([{"at": 1, "do": "tap", "connector": 1}], "step 1: tap takes no 'connector'"),
])
def test_bad_scenario_steps_are_refused_before_anything_runs(steps, message):
    with pytest.raises(scenario.ScenarioError) as e:
        scenario.parse({"step": steps}, "s.toml")
    assert message in str(e.value)
