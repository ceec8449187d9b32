"""`ev-kiosk check-config`: the technician's check before restarting the service,
run as a real process on station files written here."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def check(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kiosk.cli", "check-config", "--config", str(path)],
                          capture_output=True, text=True, timeout=30, cwd=ROOT)


def test_a_station_file_is_summarised_in_words(tmp_path):
    station = tmp_path / "station.toml"
    station.write_text("""
[station]
name = "Parking De Kade"
id = "KADE-2"
data_dir = "/var/lib/ev-kiosk"
[terminal]
url = "tcp://192.168.1.50"
[charger]
connectors = 1
connector_type = "CCS2"
max_power_w = 7400
[payment]
strategy = "driver_cap"
amount_choices = [1500, 3000]
[display]
rotation = 90
[tariff]
energy_per_kwh = 45
time_per_minute = 0
session_fee = 0
idle_fee_per_minute = 0
idle_fee_per_hour = 200
idle_grace_minutes = 60
idle_fee_cap = 0
vat_percent_bp = 2100
""")
    done = check(station)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        f"{station}: valid",
        "station:  Parking De Kade (KADE-2), en, books in /var/lib/ev-kiosk",
        "terminal: Payter terminal, tcp://192.168.1.50:3201",       # the PSP default port
        "charger:  sim: the built-in simulated charger, 1 connector (CCS2, up to 7.4 kW)",
        "start:    tap, plug in, screen; stop: tap, unplug, screen",
        "payment:  the driver picks €15.00, €30.00",
        "tariff:   €0.45 per kWh; idle fee €2.00 per hour after 60 minutes; prices include 21% VAT",
        "display:  renderer auto, rotation 90°",
    ]


def test_the_shipped_example_runs_on_the_simulator_and_says_so():
    done = check(ROOT / "examples" / "station.toml")
    assert done.returncode == 0, done.stderr
    assert "terminal: sim: the built-in simulator, no card is charged" in done.stdout


def test_an_error_is_one_line_naming_the_key_and_exit_2(tmp_path):
    station = tmp_path / "station.toml"
    station.write_text("[display]\nrotation = 45\n")
    done = check(station)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == f"ev-kiosk: {station}: display.rotation: must be 0, 90, 180 or 270 (got 45)\n"
    done = check(tmp_path / "missing.toml")
    assert done.returncode == 2 and len(done.stderr.splitlines()) == 1
    assert "missing.toml" in done.stderr and "not found" in done.stderr
