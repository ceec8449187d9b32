"""A whole kiosk backend for integration tests: the real PSP client over a real
TCP socket to the terminal simulator, the simulated charger, real SQLite books.

Tests wait on the journey's own JSON events (what the headless kiosk prints),
every wait bounded.
"""
from __future__ import annotations

import asyncio
import collections
import copy
import time
from typing import Any

from kiosk import config
from kiosk.app import Backend
from kiosk.charger import port as ch
from kiosk.charger.sim import SimulatedCharger
from kiosk.sim.server import serve_tcp
from kiosk.sim.terminal import CARDS, Outcome, TerminalSimulator

# Prices that make the arithmetic easy to check by hand: 1.00 per kWh, nothing else.
FLAT_TARIFF = {"energy_per_kwh": 100, "time_per_minute": 0, "session_fee": 0,
               "idle_fee_per_minute": 0, "idle_grace_minutes": 0, "idle_fee_cap": 0}


def merge(base: dict, over: dict) -> dict:
    out = copy.deepcopy(base)
    for k, v in over.items():
        out[k] = merge(out.get(k, {}), v) if isinstance(v, dict) else v
    return out


class Kiosk:
    def __init__(self, tmp_path, overrides: dict | None = None, *, sim_kwargs: dict | None = None,
                 connectors: int = 2, time_scale: float = 120.0, tick_s: float = 0.1,
                 wall_speed: float = 1.0, manual_time: bool = False):
        self.tmp_path = tmp_path
        self.overrides = overrides or {}
        self.sim = TerminalSimulator(auth_delay=0.02, **(sim_kwargs or {}))
        self.connectors, self.time_scale, self.tick_s = connectors, time_scale, tick_s
        self.events: list[dict] = []
        self._changed = asyncio.Event()
        self.backend: Backend | None = None
        self.server = None
        self.views: list = []
        self._charger: SimulatedCharger | None = None
        # The journey's wall clock (idle fees, timestamps), sped up for idle-fee tests.
        t0 = time.time()
        self.wall_clock = (lambda: t0 + (time.time() - t0) * wall_speed)
        # manual_time: the charger's clock and the journey's wall clock move only when
        # the test says (advance / idle), so energies, charging seconds and idle
        # minutes are exact and the amounts can be worked out by hand. The charger
        # starts at 0 s and moves in steps of exactly 12 s (integer floats: no drift);
        # its background tick (every 1200 real seconds) never fires within a test.
        self.manual_time = manual_time
        if manual_time:
            self.time_scale, self.tick_s = 0.01, 1200.0
            self.wall_now = 1_764_000_000.0
            self.wall_clock = lambda: self.wall_now
        self.wire: collections.deque = collections.deque(maxlen=40)   # shown when a wait fails

    async def __aenter__(self) -> "Kiosk":
        await self.start()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    async def start(self) -> None:
        if self.server is None:
            self.server = await serve_tcp(self.sim, "127.0.0.1", 0)
        port = self.server.sockets[0].getsockname()[1]
        data = merge({"station": {"data_dir": str(self.tmp_path)},
                      "terminal": {"url": f"tcp://127.0.0.1:{port}"},
                      "charger": {"connectors": self.connectors},
                      "tariff": FLAT_TARIFF,
                      "timeouts": {"receipt_s": 2, "declined_s": 1}}, self.overrides)
        self.cfg = config.from_mapping(data, "<test>")
        if self._charger is None:
            self._charger = SimulatedCharger(
                [ch.ConnectorInfo(i, "Type2", 22000) for i in range(1, self.connectors + 1)],
                time_scale=self.time_scale, tick_s=self.tick_s,
                **({"clock": lambda: 0.0} if self.manual_time else {}))
        self.backend = Backend(self.cfg, emit=self._on_event, publish=self.views.append,
                               charger=self._charger, wire_log=self.wire.append,
                               wall_clock=self.wall_clock)
        await self.backend.start()
        await self.wait("terminal", state="ready")

    async def close(self) -> None:
        if self.backend:
            await self.backend.stop()
            self.backend = None
        if self.server:
            self.sim.drop_link()
            self.server.close()
            await self.server.wait_closed()
            self.server = None

    async def restart(self, keep_charger: bool = False) -> None:
        """Stop the kiosk (not the terminal) and start it again on the same books.
        keep_charger: the charger goes on as it was (a real charger does not restart
        with the kiosk); else a fresh charger with nothing plugged in."""
        await self.backend.stop()
        self.backend = None
        self.events.clear()
        if not keep_charger:
            self._charger = None
        await self.start()

    # ------------------------------------------------------------ observing

    def _on_event(self, event: dict) -> None:
        self.events.append(event)
        self._changed.set()

    def find(self, name: str, **match: Any) -> list[dict]:
        return [e for e in self.events if e.get("event") == name
                and all(e.get(k) == v for k, v in match.items())]

    async def wait(self, name: str, timeout: float = 5.0, **match: Any) -> dict:
        loop = asyncio.get_running_loop()
        end = loop.time() + timeout
        while True:
            found = self.find(name, **match)
            if found:
                return found[0]
            left = end - loop.time()
            if left <= 0:
                raise AssertionError(f"no {name} {match} within {timeout} s\n{self.trace()}")
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), left)
            except asyncio.TimeoutError:
                pass

    def trace(self) -> str:
        events = "\n".join(map(str, self.events[-15:]))
        wire = "\n".join(str(w)[:110] for w in self.wire if "Status" not in str(w))
        return f"last events:\n{events}\nwire:\n{wire}"

    async def until(self, predicate, timeout: float = 5.0, what: str = "condition") -> None:
        loop = asyncio.get_running_loop()
        end = loop.time() + timeout
        while not predicate():
            if loop.time() > end:
                raise AssertionError(f"{what} not met within {timeout} s\n{self.trace()}")
            await asyncio.sleep(0.02)

    async def shows(self, cid: int, *phases, timeout: float = 5.0):
        """Wait until the published view shows connector `cid` in one of `phases`
        (a snapshot is published after the event that caused it)."""
        await self.until(lambda: self.views and self.view.connector(cid).phase in phases,
                         timeout, f"connector {cid} in {[p.value for p in phases]}")
        return self.view.connector(cid)

    @property
    def view(self):
        return self.views[-1]

    @property
    def books(self):
        return self.backend.books

    @property
    def charger(self) -> SimulatedCharger:
        return self.backend.charger

    # ------------------------------------------------------------ acting

    async def tap(self, card: str = "visa", outcome: str | None = None, timeout: float = 5.0) -> None:
        """Present a card as soon as the terminal waits for one."""
        chosen = Outcome.parse(outcome) if outcome else None
        await self.until(lambda: self.sim.present_card(CARDS[card], chosen), timeout,
                         "the terminal waiting for a card")

    def post(self, intent) -> None:
        self.backend.station.post(intent)

    def terminal_session(self, payment_id: str):
        tsid = self.books.payment(payment_id).terminal_session_id
        return self.sim.sessions[tsid]
