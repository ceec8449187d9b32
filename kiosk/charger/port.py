"""The charger port: what the journey needs from any charger, simulated or real.

Events are immutable values put on every subscriber's queue. `at` is the
charger's clock in seconds (simulated time for the simulator), so durations
computed from two events of one charger are consistent even when a simulator
runs faster than real time. Energy is integer Wh for the current charging
session (reset when charging is started, kept through pauses).
"""
from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable


@dataclass(frozen=True)
class ConnectorInfo:
    id: int
    connector_type: str = "Type2"
    max_power_w: int = 22000


class ChargerUnavailable(Exception):
    """A command could not be carried out: link down, connector faulted, not plugged..."""


class ChargerEvent:
    """Base of every charger event (for isinstance checks)."""
    __slots__ = ()


@dataclass(frozen=True)
class Plugged(ChargerEvent):
    connector_id: int
    at: float = 0.0


@dataclass(frozen=True)
class Unplugged(ChargerEvent):
    connector_id: int
    at: float = 0.0


@dataclass(frozen=True)
class ChargingStarted(ChargerEvent):
    """Energy flows (again): sent at start and when a suspended vehicle resumes."""
    connector_id: int
    at: float = 0.0


@dataclass(frozen=True)
class ChargingPaused(ChargerEvent):
    """The vehicle suspended charging (SuspendedEV); the session is still open."""
    connector_id: int
    at: float = 0.0


# Reasons a ChargingStopped carries.
STOP_REASONS = ("ev_full", "ev_stopped", "requested", "unplugged", "fault")


@dataclass(frozen=True)
class ChargingStopped(ChargerEvent):
    connector_id: int
    reason: str = "ev_stopped"     # one of STOP_REASONS
    at: float = 0.0


@dataclass(frozen=True)
class MeterReading(ChargerEvent):
    connector_id: int
    energy_wh: int                 # this charging session so far; monotonic within it
    power_w: int
    at: float = 0.0


@dataclass(frozen=True)
class FaultRaised(ChargerEvent):
    connector_id: int
    code: str
    message: str = ""
    blocking: bool = True          # False: a warning, charging may go on
    at: float = 0.0


@dataclass(frozen=True)
class FaultCleared(ChargerEvent):
    connector_id: int
    code: str
    at: float = 0.0


@dataclass(frozen=True)
class ChargerLinkLost(ChargerEvent):
    connector_id: int | None = None   # None: every connector
    at: float = 0.0


@dataclass(frozen=True)
class ChargerLinkRestored(ChargerEvent):
    connector_id: int | None = None   # None: every connector
    at: float = 0.0


@dataclass(frozen=True)
class ConnectorState:
    """A connector as the charger sees it now (used after restarts and reconnects)."""
    connector_id: int
    plugged: bool = False
    charging: bool = False         # a charging session is on (also while the EV suspends)
    energy_wh: int = 0
    power_w: int = 0
    enabled: bool = True
    faults: dict[str, bool] = field(default_factory=dict)   # code -> blocking
    online: bool = True
    suspended: bool = False        # charging, but the vehicle draws nothing
    vehicle_soc_pct: int | None = None   # known only to the simulator (and DC chargers)

    @property
    def blocked(self) -> bool:
        return any(self.faults.values())


@runtime_checkable
class Charger(Protocol):
    connectors: tuple[ConnectorInfo, ...]

    def subscribe(self) -> asyncio.Queue:
        """A new queue that receives every event from now on."""

    def unsubscribe(self, queue: asyncio.Queue) -> None:
        """That queue receives nothing more."""

    def state(self, cid: int) -> ConnectorState: ...

    async def enable(self, cid: int) -> None: ...

    async def disable(self, cid: int) -> None: ...

    async def start_charging(self, cid: int, token: str | None = None) -> None:
        """Raises ChargerUnavailable when the connector cannot start (link down,
        not plugged, faulted, disabled). Success is the ChargingStarted event.
        token: what identifies the payment (a charger that authorizes by token,
        such as EVerest, binds it to the connector)."""

    async def stop_charging(self, cid: int) -> None:
        """Idempotent; raises ChargerUnavailable only when the charger is unreachable."""

    async def unlock(self, cid: int) -> None: ...

    async def start(self) -> None: ...

    async def close(self) -> None: ...


__all__ = ["ConnectorInfo", "ChargerUnavailable", "ChargerEvent", "Plugged", "Unplugged",
           "ChargingStarted", "ChargingPaused", "ChargingStopped", "STOP_REASONS",
           "MeterReading", "FaultRaised", "FaultCleared", "ChargerLinkLost",
           "ChargerLinkRestored", "ConnectorState", "Charger"]
