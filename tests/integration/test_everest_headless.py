"""The documented bench run on EVerest's API: `ev-kiosk --headless` as a real
process on examples/everest.toml (backend = "everest", the built-in EVerest-shaped
peer on), through a real Mosquitto, replaying examples/scenarios/two-connectors.toml
4x faster. The scenario's plug / unplug steps reach the kiosk only as EVerest
messages on the broker; each session is committed once with the tariff's amount."""
from __future__ import annotations

import json
import queue
import signal
import subprocess
import sys
import threading
import time
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


def _lines(proc: subprocess.Popen) -> queue.Queue:
    """A process's stdout as a queue of JSON events, read on a thread."""
    q: queue.Queue = queue.Queue()

    def read():
        for line in proc.stdout:
            q.put(json.loads(line))
        q.put(None)                             # EOF
    threading.Thread(target=read, daemon=True).start()
    return q


def _until(q: queue.Queue, seen: list, deadline: float, event: str, **match) -> dict:
    """Events from q into seen up to the first `event` with `match`, by the deadline."""
    while True:
        try:
            e = q.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise AssertionError(f"no {event} {match or ''} in time: {seen[-12:]}") from None
        if e is None:
            raise AssertionError(f"the process ended before {event}: {seen[-12:]}")
        seen.append(e)
        if e["event"] == event and all(e.get(k) == v for k, v in match.items()):
            return e


def test_kiosk_and_everest_peer_in_two_processes_through_the_broker(tmp_path, mosquitto):
    # `ev-kiosk sim-everest` plays the charger's steps in its own process; the kiosk
    # (everest_peer = false) plays the card tap in its own. Only the broker joins them.
    # Each process runs its steps on its own clock from its own start, so the test
    # orders them by what they print, not by a guess at how long a start takes: the
    # kiosk starts once the peer has plugged the car in, taps 1 s later, and is
    # stopped (SIGTERM: it drains and prints its summary) once the session has ended.
    # Started side by side, a kiosk slow to start on a loaded machine tapped so close
    # to the peer's unplug that the session delivered 0 Wh.
    bench = tomllib.loads((ROOT / "examples" / "everest.toml").read_text())
    bench["charger"].update(mqtt_url=mosquitto.url, everest_peer=False)
    cfg_path = tmp_path / "everest.toml"
    cfg_path.write_text("\n".join(
        f"[{section}]\n" + "\n".join(f"{k} = {json.dumps(v)}" for k, v in keys.items())
        for section, keys in bench.items()) + "\n")
    # The unplug leaves the kiosk ~10 s from its start to charging: the margin left to
    # chance is the kiosk's start-up alone (1-3 s, up to ~6 s on a loaded machine).
    (tmp_path / "charger.toml").write_text(
        '[[step]]\nat = 1\ndo = "plug"\nconnector = 1\n'
        '[[step]]\nat = 12\ndo = "unplug"\nconnector = 1\n[[step]]\nat = 13\ndo = "end"\n')
    (tmp_path / "driver.toml").write_text(     # "end" is only a bound: SIGTERM ends it
        '[[step]]\nat = 1\ndo = "tap"\ncard = "visa"\n[[step]]\nat = 60\ndo = "end"\n')
    deadline = time.monotonic() + 70
    peer_events: list[dict] = []
    events: list[dict] = []
    kiosk = None
    peer = subprocess.Popen([sys.executable, "-m", "kiosk.cli", "sim-everest", "--config", str(cfg_path),
                             "--scenario", str(tmp_path / "charger.toml")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        from_peer = _lines(peer)
        _until(from_peer, peer_events, deadline, "scenario_step", do="plug")
        kiosk = subprocess.Popen([sys.executable, "-m", "kiosk.cli", "--headless", "--config", str(cfg_path),
                                  "--scenario", str(tmp_path / "driver.toml"),
                                  "--data-dir", str(tmp_path / "data")],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
        from_kiosk = _lines(kiosk)
        _until(from_kiosk, events, deadline, "session_end")
        _until(from_peer, peer_events, deadline, "scenario_step", do="end")
        peer.wait(timeout=max(1.0, deadline - time.monotonic()))
        kiosk.send_signal(signal.SIGTERM)
        _until(from_kiosk, events, deadline, "summary")
        kiosk.wait(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        for proc in (kiosk, peer):
            if proc is not None and proc.poll() is None:
                proc.kill()
    assert kiosk.returncode == 0, kiosk.stderr.read()[-2000:]
    assert peer.returncode == 0, peer.stderr.read()[-2000:]
    assert peer_events[0] == {"event": "everest_peer", "broker": mosquitto.url, "connected": True,
                              "modules": ["kiosk_evse_1", "kiosk_evse_2"]}
    assert not [e for e in peer_events if e["event"] == "scenario_error"], peer_events
    end = next(e for e in events if e["event"] == "session_end")
    assert (end["connector"], end["reason"]) == (1, "unplugged"), events[-12:]
    assert end["energy_wh"] > 0
    expected = (end["energy_wh"] * 39 + 500) // 1000 + 50      # 0.39/kWh half up + 0.50 fee
    assert end["amount"] == expected
    books = events[-1]["terminal_books"]
    assert books["summary"]["committed"] == 1 and books["summary"]["double_finalisations"] == 0
    assert books["sessions"][0]["committed_amount"] == expected
