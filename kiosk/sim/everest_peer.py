"""An EVerest-shaped peer: the simulated charger speaking EVerest's MQTT API.

For tests and the demo with `[charger] backend = "everest"`: it wraps a
SimulatedCharger (the same vehicles, physics and scenario steps: plug, unplug,
power, pause, fault, link loss) and plays the EVerest side of the contract the
adapter (kiosk/charger/everest.py) is written against, through a real broker:

- per connector, as the `evse_manager_consumer` API module `{module_id}`:
  e2m/session_event, e2m/session_info (about 1 Hz), e2m/powermeter (a meter
  register that counts up across sessions), e2m/heartbeat; it answers
  m2e/get_evse, enable_disable, pause_charging, resume_charging,
  stop_transaction and force_unlock on the request's headers.replyTo;
- as the `auth_token_provider` module: a provided token bound to a connector's
  EVSE authorizes it (TransactionStarted, then ChargingStarted);
- as the `error_history_consumer` module: faults are e2m/error_raised and
  e2m/error_cleared, and m2e/active_errors is answered.

A dropped link (`sim.drop_link`) silences the connector: no heartbeat, no
session info, no replies; the simulated charger stops charging (fail safe).
"""
from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import json
import logging
import uuid
from dataclasses import dataclass, field
from typing import Any

from kiosk.aio import stop_on_signals, wait_set
from kiosk.charger import port as ch
from kiosk.charger.everest import API, parse_mqtt_url
from kiosk.charger.port import ChargerUnavailable
from kiosk.charger.sim import SimulatedCharger

log = logging.getLogger("kiosk.sim.everest_peer")

# The simulator's stop reasons as EVerest's StopTransactionReason.
_REASONS = {"unplugged": "EVDisconnected", "ev_full": "SOCLimitReached",
            "ev_stopped": "StoppedByEV", "fault": "EmergencyStop", "requested": "Local"}


def rfc3339(t: float | None = None) -> str:
    when = dt.datetime.now(dt.timezone.utc) if t is None else \
        dt.datetime.fromtimestamp(t, dt.timezone.utc)
    return when.isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class _Side:
    cid: int
    module: str
    base: str
    evse_id: int
    register_wh: int = 2_000_000       # the meter's import register, never reset
    tx_start_wh: int = 0
    session_id: str = ""
    session_t0: float = 0.0
    tx: bool = False
    started_once: bool = False
    evse_paused: bool = False
    plugged: bool = False              # as published: the state follows the events sent,
    paused: bool = False               # not the simulator's live state (which runs ahead)
    enabled: bool = True
    finished: bool = False
    stop_reason: str = ""
    token: dict | None = None
    pending_token: dict | None = None
    energy_wh: int = 0
    power_w: int = 0
    errors: dict[str, dict] = field(default_factory=dict)   # code -> ErrorObject


class EverestPeer:
    def __init__(self, sim: SimulatedCharger, url: str, modules: list[str] | tuple[str, ...],
                 token_provider: str, error_history: str = "",
                 error_origins: list[str] | tuple[str, ...] = (), *, heartbeat_s: float = 1.0,
                 info_s: float = 1.0, backoff: tuple[float, ...] = (0.1, 0.2, 0.5, 1.0),
                 ca_file: str = "", username: str = "", password: str = ""):
        if len(modules) != len(sim.connectors):
            raise ValueError("one EVerest module id per simulated connector")
        self.sim = sim
        self.url = parse_mqtt_url(url)
        self.heartbeat_s, self.info_s, self.backoff = heartbeat_s, info_s, backoff
        self.login = {"username": username, "password": password or None} if username else {}
        if self.url.tls:
            import ssl
            self.login["tls_context"] = ssl.create_default_context(cafile=ca_file or None)
        self.sides = {info.id: _Side(info.id, m, f"{API}/evse_manager_consumer/{m}", info.id)
                      for info, m in zip(sim.connectors, modules)}
        self._by_base = {s.base: s for s in self.sides.values()}
        self.origins = list(error_origins) or [s.module for s in self.sides.values()]
        self.token_base = f"{API}/auth_token_provider/{token_provider}"
        self.error_base = f"{API}/error_history_consumer/{error_history}" if error_history else ""
        self.silent: set[int] = set()
        self._out: asyncio.Queue = asyncio.Queue()
        self._events = sim.subscribe()
        self._client = None
        self._connected = asyncio.Event()
        self._tasks: list[asyncio.Task] = []
        self._beats = itertools.count(1)
        self.requests: list[tuple[str, Any]] = []    # (topic, body) of every request answered

    # ------------------------------------------------------------ life cycle

    async def start(self, run_sim: bool = True) -> None:
        loop = asyncio.get_running_loop()
        self._tasks = [loop.create_task(self._run(), name="everest-peer-mqtt"),
                       loop.create_task(self._pump(), name="everest-peer-events"),
                       loop.create_task(self._periodic(), name="everest-peer-periodic")]
        if run_sim:
            await self.sim.start()

    async def wait_connected(self, timeout: float) -> bool:
        return await wait_set(self._connected, timeout)

    async def close(self) -> None:
        await self.sim.close()
        for t in self._tasks:
            t.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []

    async def _run(self) -> None:
        import aiomqtt
        attempt = 0
        while True:
            try:
                async with aiomqtt.Client(self.url.host, self.url.port, keepalive=10, timeout=5,
                                          identifier=f"everest-peer-{uuid.uuid4().hex[:8]}",
                                          **self.login) as c:
                    topics = [f"{s.base}/m2e/#" for s in self.sides.values()]
                    topics.append(f"{self.token_base}/m2e/#")
                    if self.error_base:
                        topics.append(f"{self.error_base}/m2e/#")
                    for t in topics:
                        await c.subscribe(t, qos=1)
                    self._client, attempt = c, 0
                    self._connected.set()
                    sender = asyncio.get_running_loop().create_task(self._send(c))
                    for s in self.sides.values():
                        self._info(s)
                    try:
                        async for m in c.messages:
                            await self._on_request(str(m.topic), m.payload)
                    finally:
                        sender.cancel()
            except aiomqtt.MqttError:
                pass
            finally:
                self._client = None
                self._connected.clear()
            await asyncio.sleep(self.backoff[min(attempt, len(self.backoff) - 1)])
            attempt += 1

    def _put(self, topic: str, payload: Any) -> None:
        """Queue one message; one sender keeps EVerest's order. Lost while disconnected,
        as EVerest's own messages are when the broker is gone."""
        if self._connected.is_set():
            self._out.put_nowait((topic, json.dumps(payload, separators=(",", ":"))))

    async def _send(self, client) -> None:
        while True:
            topic, body = await self._out.get()
            await client.publish(topic, body, qos=1)

    async def _periodic(self) -> None:
        loop = asyncio.get_running_loop()
        next_beat = next_info = loop.time()
        while True:
            now = loop.time()
            if now >= next_beat:
                n = next(self._beats)
                for s in self.sides.values():
                    if s.cid not in self.silent:
                        self._put(f"{s.base}/e2m/heartbeat", n)
                next_beat = now + self.heartbeat_s
            if now >= next_info:
                for s in self.sides.values():
                    self._info(s)
                next_info = now + self.info_s
            await asyncio.sleep(max(0.01, min(next_beat, next_info) - loop.time()))

    # ------------------------------------------------------------ EVerest -> module

    def _meter(self, s: _Side) -> dict:
        return {"timestamp": rfc3339(), "meter_id": f"SIM-{s.module}",
                "energy_Wh_import": {"total": s.register_wh}, "power_W": {"total": s.power_w}}

    def _event(self, s: _Side, event: str, **extra) -> None:
        if s.cid in self.silent:
            return
        body = {"uuid": s.session_id or str(uuid.uuid4()), "timestamp": rfc3339(),
                "connector_id": 1, "event": event, **extra}
        self._put(f"{s.base}/e2m/session_event", body)

    def _state(self, s: _Side) -> str:
        if not s.enabled and not s.plugged:
            return "Disabled"
        if not s.plugged:
            return "Unplugged"
        if s.tx:
            if s.paused or not s.started_once:
                return "ChargingPausedEVSE" if s.evse_paused else "ChargingPausedEV"
            return "Charging"
        return "Finished" if s.finished else "AuthRequired"

    def _info(self, s: _Side) -> None:
        if s.cid in self.silent:
            return
        now = self.sim.now
        info = {"state": self._state(s), "charged_energy_wh": s.energy_wh,
                "discharged_energy_wh": 0, "latest_total_w": s.power_w,
                "session_duration_s": max(0, int(now - s.session_t0)) if s.session_id else 0,
                "timestamp": rfc3339()}
        self._put(f"{s.base}/e2m/session_info", info)

    async def _pump(self) -> None:
        while True:
            ev = await self._events.get()
            try:
                await self._translate(ev)
            except Exception:   # a simulator event the peer cannot map must not stop it
                log.exception("everest peer: cannot translate %r", ev)

    async def _translate(self, ev: ch.ChargerEvent) -> None:
        if isinstance(ev, ch.ChargerLinkLost):
            self.silent |= {ev.connector_id} if ev.connector_id else set(self.sides)
            return
        if isinstance(ev, ch.ChargerLinkRestored):
            back = {ev.connector_id} if ev.connector_id else set(self.sides)
            self.silent -= back
            for cid in back:
                s = self.sides[cid]
                if s.tx and not self.sim.state(cid).charging:   # stopped while unheard
                    s.tx = False
                    s.register_wh = s.tx_start_wh + s.energy_wh
                    s.finished = True
                self._info(s)
            return
        s = self.sides[ev.connector_id]
        if isinstance(ev, ch.Plugged):
            s.session_id, s.session_t0 = str(uuid.uuid4()), self.sim.now
            s.finished, s.energy_wh, s.power_w, s.plugged = False, 0, 0, True
            self._event(s, "SessionStarted",
                        session_started={"reason": "EVConnected", "meter_value": self._meter(s)})
            self._event(s, "AuthRequired")
            self._info(s)
            if s.pending_token is not None:
                token, s.pending_token = s.pending_token, None
                await self._authorize(s, token)
        elif isinstance(ev, ch.ChargingStarted):
            if s.tx:
                event = "ChargingResumed" if s.started_once else "ChargingStarted"
                s.started_once, s.evse_paused, s.paused = True, False, False
                self._event(s, event, charging_state_changed_event={"meter_value": self._meter(s)})
        elif isinstance(ev, ch.ChargingPaused):
            if s.tx:
                s.power_w, s.paused = 0, True
                event = "ChargingPausedEVSE" if s.evse_paused else "ChargingPausedEV"
                self._event(s, event, charging_state_changed_event={"meter_value": self._meter(s)})
        elif isinstance(ev, ch.MeterReading):
            if s.tx:
                s.energy_wh, s.power_w = ev.energy_wh, ev.power_w
                s.register_wh = s.tx_start_wh + ev.energy_wh
                if s.cid not in self.silent:
                    self._put(f"{s.base}/e2m/powermeter", self._meter(s))
                self._info(s)
        elif isinstance(ev, ch.ChargingStopped):
            if s.tx:
                s.tx, s.power_w, s.finished = False, 0, True
                reason = s.stop_reason if ev.reason == "requested" and s.stop_reason \
                    else _REASONS.get(ev.reason, "Other")
                s.stop_reason = ""
                fin = {"meter_value": self._meter(s), "reason": reason}
                if s.token:
                    fin["id_tag"] = s.token
                self._event(s, "StoppingCharging")
                self._event(s, "ChargingFinished")
                self._event(s, "TransactionFinished", transaction_finished=fin)
                self._info(s)
        elif isinstance(ev, ch.Unplugged):
            self._event(s, "SessionFinished", session_finished={"meter_value": self._meter(s)})
            s.session_id, s.finished, s.token, s.energy_wh = "", False, None, 0
            s.plugged = s.paused = False
            self._info(s)
        elif isinstance(ev, ch.FaultRaised):
            err = {"type": ev.code if len(ev.code) >= 2 else f"{ev.code}_",
                   "description": "simulated charger fault",
                   "message": ev.message if len(ev.message) >= 2 else ev.code.ljust(2, "_"),
                   "severity": "High" if ev.blocking else "Low",
                   "origin": {"module_id": self.origins[s.cid - 1], "implementation_id": "evse"},
                   "timestamp": rfc3339(), "uuid": str(uuid.uuid4()), "state": "Active"}
            s.errors[ev.code] = err
            if self.error_base:
                self._put(f"{self.error_base}/e2m/error_raised", err)
        elif isinstance(ev, ch.FaultCleared):
            err = s.errors.pop(ev.code, None)
            if err is not None and self.error_base:
                self._put(f"{self.error_base}/e2m/error_cleared",
                          {**err, "state": "ClearedByModule", "timestamp": rfc3339()})

    async def _authorize(self, s: _Side, token: dict) -> None:
        st = self.sim.state(s.cid)
        if st.charging:
            return
        self._event(s, "Authorized", authorization_event={"meter_value": self._meter(s)})
        try:
            # SimulatedCharger.start_charging never suspends: the transaction is on (or
            # refused) before anything else runs on this loop.
            await self.sim.start_charging(s.cid)
        except ChargerUnavailable as e:
            log.info("everest peer: connector %d refuses to start: %s", s.cid, e)
            self._event(s, "Deauthorized", authorization_event={"meter_value": self._meter(s)})
            return
        if self.sim.state(s.cid).charging or self.sim._conn(s.cid).refuse_start:
            s.tx, s.started_once, s.evse_paused, s.token = True, False, False, token
            s.tx_start_wh, s.energy_wh, s.finished = s.register_wh, 0, False
            # Put TransactionStarted before the ChargingStarted already queued by the simulator.
            queued = []
            while not self._events.empty():
                queued.append(self._events.get_nowait())
            self._event(s, "TransactionStarted",
                        transaction_started={"id_tag": token, "meter_value": self._meter(s)})
            self._event(s, "PrepareCharging")
            for q in queued:
                await self._translate(q)
            self._info(s)

    # ------------------------------------------------------------ module -> EVerest

    async def _on_request(self, topic: str, raw: Any) -> None:
        try:
            body = json.loads(raw)
        except ValueError:
            log.info("everest peer: not JSON on %s", topic)
            return
        base, _, op = topic.rpartition("/m2e/")
        if base == self.token_base and op == "provided_token":
            await self._on_token(body)
            return
        reply_to = body.get("headers", {}).get("replyTo") if isinstance(body, dict) else None
        payload = body.get("payload") if isinstance(body, dict) else None
        if base == self.error_base and op == "active_errors" and reply_to:
            errors = [e for s in self.sides.values() for e in s.errors.values()]
            self._put(reply_to, {"errors": errors})
            self.requests.append((topic, body))
            return
        s = self._by_base.get(base)
        if s is None or s.cid in self.silent or not reply_to:
            return
        self.requests.append((topic, body))
        self._put(reply_to, await self._answer(s, op, payload))

    async def _answer(self, s: _Side, op: str, payload: Any) -> Any:
        cid = s.cid
        if op == "get_evse":
            return {"id": s.evse_id, "connectors": [{"id": 1, "type": "cType2"}]}
        if op == "enable_disable":
            on = payload.get("source", {}).get("enable_state") != "Disable"
            await (self.sim.enable(cid) if on else self.sim.disable(cid))
            s.enabled = self.sim.state(cid).enabled
            self._event(s, "Enabled" if on else "Disabled",
                        source=payload.get("source", {}))
            return self.sim.state(cid).enabled
        if op == "stop_transaction":
            if not s.tx:
                return False
            s.stop_reason = (payload or {}).get("reason", "Local")
            await self.sim.stop_charging(cid)
            if s.tx:                     # refused start: nothing was charging
                await self._translate(ch.ChargingStopped(cid, "requested", self.sim.now))
            return True
        if op == "pause_charging":
            if not s.tx:
                return False
            s.evse_paused = True
            self.sim.pause(cid)
            return True
        if op == "resume_charging":
            if not (s.tx and s.evse_paused):
                return False
            self.sim.resume(cid)
            return True
        if op == "force_unlock":
            return True
        return False

    async def _on_token(self, token: Any) -> None:
        if not isinstance(token, dict) or not isinstance(token.get("id_token"), dict):
            log.info("everest peer: a provided token without id_token")
            return
        wanted = token.get("connectors") or [s.evse_id for s in self.sides.values()]
        for s in self.sides.values():
            if s.evse_id in wanted and s.cid not in self.silent and not s.tx:
                if self.sim.state(s.cid).plugged:
                    await self._authorize(s, token)
                else:
                    s.pending_token = token   # EVerest holds it until a vehicle is plugged in
                return


__all__ = ["EverestPeer", "rfc3339"]


# ---------------------------------------------------------------- a process of its own
#
# `ev-kiosk sim-everest --config STATION.toml [--scenario FILE]`: the peer alone, on the
# [charger] section of the same station configuration (broker, module ids, connectors,
# time scale), so a kiosk in another process or on another machine (everest_peer = false)
# talks to it through the broker. A scenario's charger steps (plug, unplug, power, pause,
# resume, fault, clear_fault, charger_link_lost/restored) are played here; other steps
# belong to the kiosk's own scenario and are skipped.


class _ChargerSteps:
    def __init__(self, sim: SimulatedCharger):
        self.sim = sim

    def apply(self, do: str, **a) -> None:
        from kiosk.app import CHARGER_CONTROLS, apply_charger_step
        if do not in CHARGER_CONTROLS:
            raise ValueError(f"{do!r} is the kiosk's step, not the charger's")
        apply_charger_step(self.sim, do, **a)


async def _serve(cfg, scenario, emit) -> int:
    c = cfg.charger
    infos = [ch.ConnectorInfo(i, c.connector_type, c.max_power_w) for i in range(1, c.connectors + 1)]
    peer = EverestPeer(SimulatedCharger(infos, time_scale=c.time_scale), c.mqtt_url,
                       c.everest_modules, c.everest_token_provider, c.everest_error_history,
                       c.everest_error_origins, ca_file=c.mqtt_ca_file, username=c.mqtt_username,
                       password=c.mqtt_password)
    await peer.start()
    stop = stop_on_signals()
    loop = asyncio.get_running_loop()
    connected = await peer.wait_connected(10)
    emit({"event": "everest_peer", "broker": c.mqtt_url, "connected": connected,
          "modules": list(c.everest_modules)})
    try:
        if scenario is not None:
            from kiosk.scenario import play
            player = loop.create_task(play(scenario, _ChargerSteps(peer.sim), emit))
            waiter = loop.create_task(stop.wait())
            await asyncio.wait({player, waiter}, return_when=asyncio.FIRST_COMPLETED)
            waiter.cancel()
        else:
            await stop.wait()
    finally:
        await peer.close()
    return 0 if connected else 3


def main(argv: list[str] | None = None) -> int:
    import argparse
    import sys
    from kiosk import config as configuration
    from kiosk import scenario as scenarios
    p = argparse.ArgumentParser(prog="ev-kiosk sim-everest",
                                description="An EVerest-shaped charger on an MQTT broker, for benches.")
    p.add_argument("--config", required=True, help="station configuration: its [charger] section")
    p.add_argument("--scenario", help="play the scenario's charger steps, then exit")
    args = p.parse_args(argv)

    def emit(event: dict) -> None:
        sys.stdout.write(json.dumps(event) + "\n")
        sys.stdout.flush()
    try:
        cfg = configuration.load(args.config)
        if cfg.charger.backend != "everest":
            raise configuration.ConfigError("charger.backend: must be 'everest' for sim-everest")
        scenario = scenarios.load(args.scenario) if args.scenario else None
    except (configuration.ConfigError, scenarios.ScenarioError) as e:
        print(f"ev-kiosk sim-everest: {e}", file=sys.stderr)
        return 2
    try:
        return asyncio.run(_serve(cfg, scenario, emit))
    except KeyboardInterrupt:
        return 0
