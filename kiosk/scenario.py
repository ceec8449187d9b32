"""Scripted bench tests for the headless kiosk: timed charger events, driver
intents and card taps, replayed against the built-in simulators.

A scenario is a TOML file of steps, each at a time in seconds from start:

    description = "Tap to start on connector 1"
    [[step]]
    at = 1.0
    do = "tap"          # card tap at the terminal
    card = "visa"       # visa | mastercard | maestro | amex
    outcome = "auto"    # auto (amount convention) | approve | decline:0x09 | no_card

Actions and their keys are declared once in ACTIONS below; a bad step is
refused before anything runs, with the step number and what is wrong.
"""
from __future__ import annotations

import asyncio
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# action -> {key: (type, required)}
ACTIONS: dict[str, dict[str, tuple[type | tuple[type, ...], bool]]] = {
    "tap": {"card": (str, False), "outcome": (str, False)},
    "plug": {"connector": (int, True)},
    "unplug": {"connector": (int, True)},
    "power": {"connector": (int, True), "kw": ((int, float), True)},
    "pause": {"connector": (int, True)},
    "resume": {"connector": (int, True)},
    "fault": {"connector": (int, True), "code": (str, False), "blocking": (bool, False)},
    "clear_fault": {"connector": (int, True), "code": (str, False)},
    "charger_link_lost": {"connector": (int, False)},
    "charger_link_restored": {"connector": (int, False)},
    "terminal_offline": {},
    "terminal_online": {},
    "terminal_drop": {},
    "terminal_refuse_commits": {"seconds": ((int, float), True)},
    "select": {"connector": (int, True)},
    "amount": {"connector": (int, True), "amount": (int, True)},
    "stop": {"connector": (int, True)},
    "cancel_stop": {"connector": (int, True)},
    "dismiss": {"connector": (int, True)},
    "language": {"language": (str, True)},
    "end": {},
}


class ScenarioError(ValueError):
    """One line: which step and what is wrong."""


@dataclass(frozen=True)
class Step:
    at: float
    do: str
    args: dict[str, Any]


@dataclass(frozen=True)
class Scenario:
    description: str
    steps: tuple[Step, ...]
    source: str = "<scenario>"


def parse(data: dict, source: str = "<scenario>") -> Scenario:
    steps = []
    raw = data.get("step", [])
    if not isinstance(raw, list) or not raw:
        raise ScenarioError(f"{source}: needs at least one [[step]]")
    last = 0.0
    for n, s in enumerate(raw, 1):
        where = f"{source}: step {n}"
        if not isinstance(s, dict):
            raise ScenarioError(f"{where}: must be a table")
        do = s.get("do")
        if do not in ACTIONS:
            raise ScenarioError(f"{where}: unknown action {do!r} (known: {', '.join(ACTIONS)})")
        at = s.get("at")
        if isinstance(at, bool) or not isinstance(at, (int, float)) or at < 0:
            raise ScenarioError(f"{where}: 'at' must be a time in seconds from the start, not {at!r}")
        if at < last:
            raise ScenarioError(f"{where}: steps must be in time order ({at} comes after {last})")
        last = at
        spec = ACTIONS[do]
        args = {k: v for k, v in s.items() if k not in ("at", "do")}
        for k, v in args.items():
            if k not in spec:
                raise ScenarioError(f"{where}: {do} takes no {k!r} (takes: {', '.join(spec) or 'nothing'})")
            typ = spec[k][0]
            if isinstance(v, bool) and bool not in (typ if isinstance(typ, tuple) else (typ,)):
                raise ScenarioError(f"{where}: {k} has the wrong type ({v!r})")
            if not isinstance(v, typ):
                raise ScenarioError(f"{where}: {k} has the wrong type ({v!r})")
        for k, (_, required) in spec.items():
            if required and k not in args:
                raise ScenarioError(f"{where}: {do} needs {k!r}")
        steps.append(Step(float(at), do, args))
    if steps[-1].do != "end":
        steps.append(Step(steps[-1].at + 5.0, "end", {}))
    return Scenario(str(data.get("description", "")), tuple(steps), source)


def load(path: str | Path) -> Scenario:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ScenarioError(f"{path}: scenario file not found") from None
    except UnicodeDecodeError as e:
        raise ScenarioError(f"{path}: not UTF-8 text (byte {e.start}); is it a binary file?") from None
    except OSError as e:
        raise ScenarioError(f"{path}: cannot be read ({e.strerror})") from None
    except tomllib.TOMLDecodeError as e:
        raise ScenarioError(f"{path}: not valid TOML ({e})") from None
    return parse(data, str(path))


async def play(scenario: Scenario, controls, emit) -> None:
    """Run the steps on time against `controls` (kiosk.app.Controls, on this loop)."""
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    for n, step in enumerate(scenario.steps, 1):
        delay = t0 + step.at - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        emit({"event": "scenario_step", "step": n, "do": step.do, **step.args})
        if step.do == "end":
            return
        try:
            controls.apply(step.do, **step.args)
        except Exception as e:  # a step that cannot apply is reported, the bench goes on
            emit({"event": "scenario_error", "step": n, "do": step.do, "detail": str(e)})
