"""A simulated charger with simulated vehicles, for tests, the demo and bench runs.

Time: the simulator keeps its own clock (`now`, seconds). It starts at
`clock()` and moves only in `advance(seconds)`: deterministic, no sleeping.
`start()` runs a background task that, every `tick_s` real seconds, advances
by the real time elapsed times `time_scale`. Every step emits one MeterReading
per connector with an open charging session; a step is at most
`tick_s * time_scale` simulated seconds.

Physics (per connector): power ramps up over `ramp_s` to the vehicle's limit
(min of connector, vehicle and set_power), stays there, tapers linearly above
80 % state of charge down to a small floor, and the session ends with
ChargingStopped("ev_full") at 100 %. Energy is tracked in joules and reported
as integer Wh of the current session, so it is monotonic within it.

The link: while a connector's link is down, commands raise ChargerUnavailable
and its events are lost (the kiosk cannot hear them); the charger fails safe
and stops any charging on it. After the link is restored the kiosk reads
`state()`.
"""
from __future__ import annotations

import asyncio
import math
import time
from dataclasses import dataclass
from typing import Callable, Iterable

from . import port as ch
from .port import ChargerUnavailable, ConnectorInfo, ConnectorState

TAPER_FROM = 0.8        # state of charge where the power starts to fall
FLOOR_FRACTION = 0.05   # the taper never goes below this share of the limit...
FLOOR_MIN_W = 300       # ...nor below this, so that a battery always gets full


@dataclass
class Vehicle:
    """A simulated EV. `soc` is 0..1; `max_power_w` its on-board charger limit."""
    battery_wh: int = 60_000
    soc: float = 0.30
    max_power_w: int = 11_000


class _Conn:
    def __init__(self, info: ConnectorInfo):
        self.info = info
        self.vehicle: Vehicle | None = None
        self.pending_limit_w: int | None = None   # set_power before a vehicle is plugged
        self.enabled = True
        self.online = True
        self.faults: dict[str, bool] = {}
        self.refuse_start = False
        self.session = False       # energized: a charging session is on
        self.delivering = False    # ChargingStarted sent and not paused
        self.ev_paused = False
        self.power_w = 0.0
        self.energy_j = 0.0

    @property
    def energy_wh(self) -> int:
        return int(self.energy_j // 3600)


class SimulatedCharger:
    def __init__(self, connectors: int | Iterable[ConnectorInfo] = 2, *,
                 time_scale: float = 1.0, tick_s: float = 1.0,
                 clock: Callable[[], float] = time.time, ramp_s: float = 5.0):
        if isinstance(connectors, int):
            connectors = [ConnectorInfo(i, "Type2", 22000) for i in range(1, connectors + 1)]
        self.connectors: tuple[ConnectorInfo, ...] = tuple(connectors)
        if not self.connectors:
            raise ValueError("a charger needs at least one connector")
        if time_scale <= 0 or tick_s <= 0 or ramp_s < 0:
            raise ValueError("time_scale and tick_s must be positive, ramp_s not negative")
        self.time_scale = float(time_scale)
        self.tick_s = float(tick_s)
        self.ramp_s = float(ramp_s)
        self.now = float(clock())
        self._conns = {i.id: _Conn(i) for i in self.connectors}
        self._queues: list[asyncio.Queue] = []
        self._task: asyncio.Task | None = None

    # ------------------------------------------------------------ plumbing

    def subscribe(self) -> asyncio.Queue:
        q: asyncio.Queue = asyncio.Queue()
        self._queues.append(q)
        return q

    def unsubscribe(self, q: asyncio.Queue) -> None:
        if q in self._queues:
            self._queues.remove(q)

    def _emit(self, ev: ch.ChargerEvent) -> None:
        cid = getattr(ev, "connector_id", None)
        link_event = isinstance(ev, (ch.ChargerLinkLost, ch.ChargerLinkRestored))
        if cid is not None and not link_event and not self._conns[cid].online:
            return   # nobody hears a charger whose link is down
        for q in self._queues:
            q.put_nowait(ev)

    def _conn(self, cid: int) -> _Conn:
        try:
            return self._conns[cid]
        except KeyError:
            raise ValueError(f"no connector {cid!r} (have {sorted(self._conns)})") from None

    def _reachable(self, cid: int) -> _Conn:
        c = self._conn(cid)
        if not c.online:
            raise ChargerUnavailable(f"connector {cid}: no link to the charger")
        return c

    # ------------------------------------------------------------ the port

    def state(self, cid: int) -> ConnectorState:
        c = self._conn(cid)
        v = c.vehicle
        return ConnectorState(
            connector_id=cid, plugged=v is not None, charging=c.session,
            energy_wh=c.energy_wh, power_w=round(c.power_w), enabled=c.enabled,
            faults=dict(c.faults), online=c.online, suspended=c.session and c.ev_paused,
            vehicle_soc_pct=int(v.soc * 100) if v else None)

    async def enable(self, cid: int) -> None:
        self._reachable(cid).enabled = True

    async def disable(self, cid: int) -> None:
        """Out of service for new sessions; a running one goes on."""
        self._reachable(cid).enabled = False

    async def start_charging(self, cid: int, token: str | None = None) -> None:
        c = self._reachable(cid)
        if c.session:
            return
        if c.vehicle is None:
            raise ChargerUnavailable(f"connector {cid}: no vehicle plugged in")
        blocking = [code for code, b in c.faults.items() if b]
        if blocking:
            raise ChargerUnavailable(f"connector {cid}: faulted ({', '.join(blocking)})")
        if not c.enabled:
            raise ChargerUnavailable(f"connector {cid}: out of service")
        if c.refuse_start:
            return   # accepted, but nothing ever happens (the journey's start timeout voids)
        c.session, c.energy_j, c.power_w = True, 0.0, 0.0
        self._deliver_if_drawing(c)

    async def stop_charging(self, cid: int) -> None:
        c = self._reachable(cid)
        self._end_session(c, "requested")

    async def unlock(self, cid: int) -> None:
        self._reachable(cid)   # the simulated cable lock always opens

    async def start(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._run(), name="charger-sim")

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        last = loop.time()
        while True:
            await asyncio.sleep(self.tick_s)
            t = loop.time()
            self.advance((t - last) * self.time_scale)
            last = t

    # ------------------------------------------------------------ simulation controls

    def plug(self, cid: int, vehicle: Vehicle | None = None) -> bool:
        """Plug a vehicle in (a default one if None). False if already plugged."""
        c = self._conn(cid)
        if c.vehicle is not None:
            return False
        c.vehicle = vehicle or Vehicle()
        if c.pending_limit_w is not None:
            c.vehicle.max_power_w, c.pending_limit_w = c.pending_limit_w, None
        c.energy_j, c.power_w, c.ev_paused = 0.0, 0.0, False
        self._emit(ch.Plugged(cid, self.now))
        return True

    def unplug(self, cid: int) -> bool:
        """Unplug; a running session stops first (ChargingStopped, then Unplugged)."""
        c = self._conn(cid)
        if c.vehicle is None:
            return False
        self._end_session(c, "unplugged")
        c.vehicle = None
        c.ev_paused = False
        self._emit(ch.Unplugged(cid, self.now))
        return True

    def set_power(self, cid: int, max_w: int) -> None:
        """The vehicle's power limit (for the next vehicle if none is plugged)."""
        if max_w < 0:
            raise ValueError("max_w must not be negative")
        c = self._conn(cid)
        if c.vehicle is not None:
            c.vehicle.max_power_w = int(max_w)
        else:
            c.pending_limit_w = int(max_w)

    def pause(self, cid: int) -> None:
        """The vehicle suspends charging (the session stays open)."""
        c = self._conn(cid)
        c.ev_paused = True
        if c.delivering:
            c.delivering, c.power_w = False, 0.0
            self._emit(ch.ChargingPaused(cid, self.now))

    def resume(self, cid: int) -> None:
        c = self._conn(cid)
        c.ev_paused = False
        self._deliver_if_drawing(c)

    def raise_fault(self, cid: int, code: str, message: str = "", blocking: bool = True) -> None:
        """A blocking fault stops a running session (FaultRaised, then ChargingStopped)."""
        c = self._conn(cid)
        c.faults[code] = blocking
        self._emit(ch.FaultRaised(cid, code, message, blocking, self.now))
        if blocking:
            self._end_session(c, "fault")

    def clear_fault(self, cid: int, code: str) -> None:
        c = self._conn(cid)
        if c.faults.pop(code, None) is not None:
            self._emit(ch.FaultCleared(cid, code, self.now))

    def drop_link(self, cid: int | None = None) -> None:
        """Lose the link to one connector (or all). The charger fails safe: charging stops."""
        for c in self._targets(cid):
            c.online = False
            if c.session:   # nobody hears this stop: the kiosk bills its last reading
                c.session = c.delivering = False
                c.power_w = 0.0
        self._emit(ch.ChargerLinkLost(cid, self.now))

    def restore_link(self, cid: int | None = None) -> None:
        for c in self._targets(cid):
            c.online = True
        self._emit(ch.ChargerLinkRestored(cid, self.now))

    def set_refuse_start(self, cid: int, refuse: bool = True) -> None:
        """start_charging is accepted but charging never starts."""
        self._conn(cid).refuse_start = bool(refuse)

    def _targets(self, cid: int | None) -> list[_Conn]:
        return list(self._conns.values()) if cid is None else [self._conn(cid)]

    # ------------------------------------------------------------ physics

    def limit_w(self, cid: int) -> int:
        """What the plugged vehicle could draw now, before ramp and taper (0 if none)."""
        c = self._conn(cid)
        if c.vehicle is None:
            return 0
        return max(0, min(c.info.max_power_w, c.vehicle.max_power_w))

    def _target_w(self, c: _Conn) -> float:
        v = c.vehicle
        cap = float(self.limit_w(c.info.id))
        if v is None or cap <= 0:
            return 0.0
        if v.soc > TAPER_FROM:
            floor = min(cap, max(cap * FLOOR_FRACTION, FLOOR_MIN_W))
            return max(floor, cap * (1.0 - v.soc) / (1.0 - TAPER_FROM))
        return cap

    def advance(self, seconds: float) -> None:
        """Move simulated time forward, in equal steps of at most tick_s * time_scale."""
        if seconds <= 0:
            return
        n = max(1, math.ceil(seconds / (self.tick_s * self.time_scale) - 1e-9))
        dt = seconds / n
        for _ in range(n):
            self.now += dt
            for c in self._conns.values():
                self._step(c, dt)

    def _step(self, c: _Conn, dt: float) -> None:
        if not c.session or c.vehicle is None:
            return
        v = c.vehicle
        full = False
        if c.delivering:
            target = self._target_w(c)
            if c.power_w < target and self.ramp_s > 0:
                rate = self.limit_w(c.info.id) / self.ramp_s
                c.power_w = min(target, c.power_w + rate * dt)
            else:
                c.power_w = target
            energy = c.power_w * dt
            room = max(0.0, (1.0 - v.soc) * v.battery_wh * 3600)
            if energy >= room - 1e-6:
                energy, full = room, True
            c.energy_j += energy
            v.soc = 1.0 if full else min(1.0, v.soc + energy / (v.battery_wh * 3600))
        self._emit(ch.MeterReading(c.info.id, c.energy_wh, round(c.power_w), self.now))
        if full:
            self._end_session(c, "ev_full")

    def _deliver_if_drawing(self, c: _Conn) -> None:
        if c.session and not c.delivering and not c.ev_paused:
            c.delivering = True
            self._emit(ch.ChargingStarted(c.info.id, self.now))

    def _end_session(self, c: _Conn, reason: str) -> None:
        if not c.session:
            return
        c.session = c.delivering = False
        c.power_w = 0.0
        self._emit(ch.MeterReading(c.info.id, c.energy_wh, 0, self.now))
        self._emit(ch.ChargingStopped(c.info.id, reason, self.now))


__all__ = ["SimulatedCharger", "Vehicle"]
