"""A real charger behind the charger port: EVerest's API over MQTT.

Written from EVerest's published AsyncAPI contract (everest-core,
docs/source/reference/EVerest_API/, API version 1, info.version 1.0.0):

- one `evse_manager_consumer` API module per connector, topics under
  everest_api/1/evse_manager_consumer/{module_id}/ with e2m/session_event,
  e2m/session_info, e2m/powermeter, e2m/heartbeat in, and requests on m2e/...
  answered on the topic named in the request's headers.replyTo;
- one `auth_token_provider` API module: the kiosk hands EVerest a token for an
  approved payment (m2e/provided_token, authorization type BankCard,
  prevalidated, bound to the connector's EVSE), the way a payment terminal
  module does inside EVerest;
- optionally one `error_history_consumer` API module: e2m/error_raised and
  e2m/error_cleared become FaultRaised / FaultCleared (severity High blocks).

MQTT client: aiomqtt (asyncio-native wrapper of paho-mqtt, the Eclipse
reference client; maintained, typed, no threads of its own), so the adapter
lives on the backend's loop like the PSP client.

The link: the broker going away is not the end of a paid session at once. The
adapter reconnects with back-off; if the broker is back within `link_grace_s`,
it re-reads every connector (EVSE, active errors, session info) and the journey
goes on, billed on what EVerest reports. Past the grace (or when a connector's
heartbeat stops), the journey hears ChargerLinkLost and bills the last known
total; when the link is back, a transaction EVerest still runs for an already
billed session is stopped (the port's fail-safe contract), every connector is
re-read, and only then ChargerLinkRestored is sent.

Malformed payloads (not JSON, wrong types, unknown states, oversized) are
logged once per topic and reason with the topic, and ignored.
"""
from __future__ import annotations

import asyncio
import json
import logging
import re
import ssl
import time
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

from kiosk.aio import wait_set

from . import port as ch
from .port import ChargerUnavailable, ConnectorInfo, ConnectorState

log = logging.getLogger("kiosk.charger.everest")

API = "everest_api/1"
SPEC = "EVerest API 1 (AsyncAPI info.version 1.0.0, everest-core docs/source/reference/EVerest_API)"

EVSE_STATES = ("Unknown", "Unplugged", "Disabled", "Preparing", "Reserved", "AuthRequired",
               "WaitingForEnergy", "ChargingPausedEV", "ChargingPausedEVSE", "Charging",
               "AuthTimeout", "Finished", "FinishedEVSE", "FinishedEV")
SESSION_EVENTS = ("Authorized", "Deauthorized", "Enabled", "Disabled", "SessionStarted",
                  "AuthRequired", "TransactionStarted", "PrepareCharging", "ChargingStarted",
                  "ChargingPausedEV", "ChargingPausedEVSE", "WaitingForEnergy", "ChargingResumed",
                  "StoppingCharging", "ChargingFinished", "TransactionFinished", "SessionFinished",
                  "ReservationStart", "ReservationEnd", "ReplugStarted", "ReplugFinished",
                  "PluginTimeout", "SwitchingPhases", "SessionResumed")
# States in which a vehicle is plugged in for sure.
_PLUGGED_STATES = {"AuthRequired", "WaitingForEnergy", "ChargingPausedEV", "ChargingPausedEVSE",
                   "Charging", "AuthTimeout", "Finished", "FinishedEVSE", "FinishedEV"}
_TRANSACTION_STATES = {"WaitingForEnergy", "ChargingPausedEV", "ChargingPausedEVSE", "Charging"}
# StopTransactionReason -> the port's stop reason.
_STOP_REASONS = {
    "EVDisconnected": "unplugged", "Local": "requested", "Remote": "requested",
    "DeAuthorized": "requested", "UnlockCommand": "requested", "MasterPass": "requested",
    "EnergyLimitReached": "requested", "LocalOutOfCredit": "requested",
    "TimeLimitReached": "requested", "SOCLimitReached": "ev_full", "StoppedByEV": "ev_stopped",
    "EmergencyStop": "fault", "GroundFault": "fault", "OvercurrentFault": "fault",
    "PowerQuality": "fault", "PowerLoss": "fault", "HardReset": "fault", "SoftReset": "fault",
    "Reboot": "fault",
}
COMMUNICATION_CHECK_S = 2.0   # EVerest's default cfg_communication_check_to_s is 5
MAX_PAYLOAD = 64 * 1024        # anything larger from the broker is not an EVerest message


class Malformed(ValueError):
    """A payload that does not follow the contract (one line: what is wrong)."""


# ---------------------------------------------------------------- settings


@dataclass(frozen=True)
class MqttUrl:
    host: str
    port: int
    tls: bool


def parse_mqtt_url(url: str) -> MqttUrl:
    """mqtt://HOST[:1883] or mqtts://HOST[:8883]; ValueError names what is wrong."""
    parts = urlsplit(url)
    if parts.scheme not in ("mqtt", "mqtts"):
        raise ValueError("must be mqtt://HOST:PORT or mqtts://HOST:PORT")
    if not parts.hostname:
        raise ValueError("names no host")
    if parts.path not in ("", "/") or parts.query:
        raise ValueError("must not have a path or query (the module ids are separate keys)")
    try:
        port = parts.port
    except ValueError:
        raise ValueError("has a bad port") from None
    tls = parts.scheme == "mqtts"
    return MqttUrl(unquote(parts.hostname), port or (8883 if tls else 1883), tls)


@dataclass(frozen=True)
class EverestSettings:
    url: str
    modules: tuple[str, ...]               # one evse_manager_consumer module id per connector
    token_provider: str                    # auth_token_provider module id
    error_history: str = ""                # error_history_consumer module id ("" = none)
    error_origins: tuple[str, ...] = ()    # EvseManager module id per connector, for errors
    ca_file: str = ""
    username: str = ""
    password: str = ""
    request_timeout_s: float = 5.0
    heartbeat_timeout_s: float = 5.0       # 0: do not watch EVerest's heartbeat (1 s by default)
    link_grace_s: float = 10.0
    resync_s: float = 2.0                  # wait for each connector's session_info after (re)connecting
    backoff: tuple[float, ...] = (0.2, 0.5, 1.0, 2.0, 5.0)
    client_id: str = ""

    @classmethod
    def from_config(cls, c) -> "EverestSettings":
        return cls(url=c.mqtt_url, modules=tuple(c.everest_modules),
                   token_provider=c.everest_token_provider, error_history=c.everest_error_history,
                   error_origins=tuple(c.everest_error_origins), ca_file=c.mqtt_ca_file,
                   username=c.mqtt_username, password=c.mqtt_password,
                   request_timeout_s=float(c.request_timeout_s),
                   heartbeat_timeout_s=float(c.heartbeat_timeout_s),
                   link_grace_s=float(c.link_grace_s))


# ---------------------------------------------------------------- payload checks


def _obj(v: Any, what: str) -> dict:
    if not isinstance(v, dict):
        raise Malformed(f"{what} must be an object, not {type(v).__name__}")
    return v


def _int(d: dict, key: str, required: bool = True, minimum: int | None = None) -> int | None:
    if key not in d:
        if required:
            raise Malformed(f"'{key}' is missing")
        return None
    v = d[key]
    if isinstance(v, bool) or not isinstance(v, int):
        raise Malformed(f"'{key}' must be an integer, not {v!r:.40}")
    if minimum is not None and v < minimum:
        raise Malformed(f"'{key}' must not be below {minimum}, not {v}")
    return v


def _num(d: dict, key: str) -> float:
    v = d.get(key)
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise Malformed(f"'{key}' must be a number, not {v!r:.40}")
    return float(v)


def _str(d: dict, key: str, choices: tuple[str, ...] | None = None, required: bool = True) -> str | None:
    if key not in d and not required:
        return None
    v = d.get(key)
    if not isinstance(v, str):
        raise Malformed(f"'{key}' must be a string, not {v!r:.40}")
    if choices is not None and v not in choices:
        raise Malformed(f"unknown {key} {v!r:.40}")
    return v


def meter_total_wh(meter: Any, what: str = "meter_value") -> float:
    """energy_Wh_import.total of a Powermeter object."""
    m = _obj(meter, what)
    _str(m, "timestamp")
    return _num(_obj(m.get("energy_Wh_import"), f"{what}.energy_Wh_import"), "total")


def meter_power_w(meter: dict) -> int | None:
    p = meter.get("power_W")
    if p is None:
        return None
    return round(_num(_obj(p, "power_W"), "total"))


# ---------------------------------------------------------------- connectors


@dataclass
class _Evse:
    cid: int
    module: str
    base: str
    evse_id: int
    connector_no: int = 1            # the connector's id within its EVSE (force_unlock)
    plugged: bool = False
    transaction: bool = False
    delivering: bool = False
    paused: bool = False
    start_meter_wh: float | None = None
    powermeter_in_tx: bool = False
    energy_wh: int = 0
    power_w: int = 0
    enabled: bool = True
    replug_required: bool = False
    faults: dict[str, bool] = field(default_factory=dict)
    online: bool = True              # as the journey knows it
    reconcile: bool = True           # session_info may stand in for events lost while away
    last_heartbeat: float = 0.0
    info_seen: asyncio.Event = field(default_factory=asyncio.Event)


class EverestCharger:
    """The charger port on EVerest's MQTT API (see the module docstring)."""

    def __init__(self, settings: EverestSettings, connectors: tuple[ConnectorInfo, ...] | None = None,
                 *, clock=time.time):
        if not settings.modules:
            raise ValueError("EVerest needs one evse_manager_consumer module id per connector")
        self.settings = settings
        self.url = parse_mqtt_url(settings.url)
        n = len(settings.modules)
        self.connectors: tuple[ConnectorInfo, ...] = tuple(
            connectors or [ConnectorInfo(i, "Type2", 22000) for i in range(1, n + 1)])
        if len(self.connectors) != n:
            raise ValueError(f"{len(self.connectors)} connectors but {n} EVerest module ids")
        self.clock = clock
        self._evses = {info.id: _Evse(info.id, m, f"{API}/evse_manager_consumer/{m}", info.id)
                       for info, m in zip(self.connectors, settings.modules)}
        self._by_base = {e.base: e for e in self._evses.values()}
        self._token_base = f"{API}/auth_token_provider/{settings.token_provider}"
        self._error_base = f"{API}/error_history_consumer/{settings.error_history}" \
            if settings.error_history else ""
        self._error_ids: dict[str, tuple[list[int], str]] = {}   # error uuid -> (cids, code)
        self._queues: list[asyncio.Queue] = []
        self._backlog: list | None = []     # events before the first subscriber
        self._pending: dict[str, asyncio.Future] = {}
        self._client = None
        self._connected = asyncio.Event()
        self._declared_lost = False
        self._task: asyncio.Task | None = None
        self._grace: asyncio.Task | None = None
        self._watch: asyncio.Task | None = None
        self._resyncing: asyncio.Task | None = None
        self._first_read = asyncio.Event()
        self._logged: set[tuple[str, str]] = set()
        self.malformed = 0           # messages ignored (all of them, logged or not)
        self.connects = 0

    # ------------------------------------------------------------ port plumbing

    def subscribe(self) -> asyncio.Queue:
        """A queue of every event from now on; the first subscriber (the journey, which
        subscribes after start()) also gets what start() learnt: a car already plugged
        in when the kiosk boots is a Plugged event, as if it had just arrived."""
        q: asyncio.Queue = asyncio.Queue()
        for ev in self._backlog or ():
            q.put_nowait(ev)
        self._backlog = None
        self._queues.append(q)
        return q

    def unsubscribe(self, q: asyncio.Queue) -> None:
        if q in self._queues:
            self._queues.remove(q)

    def _emit(self, ev: ch.ChargerEvent) -> None:
        cid = getattr(ev, "connector_id", None)
        link = isinstance(ev, (ch.ChargerLinkLost, ch.ChargerLinkRestored))
        if cid is not None and not link and not self._evses[cid].online:
            return   # the journey has written this connector off until the link is restored
        if self._backlog is not None and len(self._backlog) < 1000:
            self._backlog.append(ev)
        for q in self._queues:
            q.put_nowait(ev)

    def _evse(self, cid: int) -> _Evse:
        try:
            return self._evses[cid]
        except KeyError:
            raise ValueError(f"no connector {cid!r} (have {sorted(self._evses)})") from None

    def state(self, cid: int) -> ConnectorState:
        e = self._evse(cid)
        return ConnectorState(
            connector_id=cid, plugged=e.plugged, charging=e.transaction, energy_wh=e.energy_wh,
            power_w=e.power_w if e.delivering else 0, enabled=e.enabled, faults=dict(e.faults),
            online=e.online and self._connected.is_set(), suspended=e.transaction and e.paused)

    # ------------------------------------------------------------ commands

    def _reachable(self, cid: int) -> _Evse:
        e = self._evse(cid)
        if not self._connected.is_set():
            raise ChargerUnavailable(f"connector {cid}: no link to EVerest (MQTT broker "
                                     f"{self.url.host}:{self.url.port} not connected)")
        if not e.online:
            raise ChargerUnavailable(f"connector {cid}: EVerest module '{e.module}' is silent")
        return e

    async def enable(self, cid: int) -> None:
        await self._enable_disable(cid, True)

    async def disable(self, cid: int) -> None:
        await self._enable_disable(cid, False)

    async def _enable_disable(self, cid: int, on: bool) -> None:
        e = self._reachable(cid)
        source = {"enable_source": "LocalAPI", "enable_state": "Enable" if on else "Disable",
                  "enable_priority": 5000}
        enabled = await self._request(e, "enable_disable", {"connector_id": 0, "source": source},
                                      expect=bool)
        e.enabled = enabled
        if enabled != on:
            raise ChargerUnavailable(f"connector {cid}: EVerest keeps the EVSE "
                                     f"{'enabled' if enabled else 'disabled'} (a source with a "
                                     f"higher priority decides)")

    async def start_charging(self, cid: int, token: str | None = None) -> None:
        """Authorize EVerest with a token for this payment, bound to the connector's
        EVSE. Success is the ChargingStarted event."""
        e = self._reachable(cid)
        if e.transaction:
            return
        if not e.plugged:
            raise ChargerUnavailable(f"connector {cid}: no vehicle plugged in")
        blocking = [code for code, b in e.faults.items() if b]
        if blocking:
            raise ChargerUnavailable(f"connector {cid}: faulted ({', '.join(blocking)})")
        if not e.enabled:
            raise ChargerUnavailable(f"connector {cid}: disabled in EVerest")
        if e.replug_required:
            raise ChargerUnavailable(f"connector {cid}: EVerest timed out waiting for "
                                     f"authorization; the vehicle must be plugged in again")
        value = (token or f"kiosk-{cid}-{uuid.uuid4().hex[:12]}")[:36]
        provided = {"id_token": {"value": value, "type": "Local"}, "authorization_type": "BankCard",
                    "connectors": [e.evse_id], "prevalidated": True}
        await self._publish(f"{self._token_base}/m2e/provided_token", provided)

    async def stop_charging(self, cid: int) -> None:
        e = self._reachable(cid)
        if not e.transaction:
            return
        stopped = await self._request(e, "stop_transaction", {"reason": "Local"}, expect=bool)
        if not stopped and e.transaction:
            raise ChargerUnavailable(f"connector {cid}: EVerest refused to stop the transaction")

    async def pause_charging(self, cid: int) -> None:
        if not await self._request(self._reachable(cid), "pause_charging", expect=bool):
            raise ChargerUnavailable(f"connector {cid}: EVerest refused to pause charging")

    async def resume_charging(self, cid: int) -> None:
        if not await self._request(self._reachable(cid), "resume_charging", expect=bool):
            raise ChargerUnavailable(f"connector {cid}: EVerest cannot resume (a pause by the "
                                     f"vehicle is the vehicle's to end)")

    async def unlock(self, cid: int) -> None:
        e = self._reachable(cid)
        if not await self._request(e, "force_unlock", e.connector_no, expect=bool):
            raise ChargerUnavailable(f"connector {cid}: EVerest could not unlock the connector")

    # ------------------------------------------------------------ MQTT

    async def _publish(self, topic: str, body: Any) -> None:
        client = self._client
        if client is None:
            raise ChargerUnavailable(f"no link to EVerest (MQTT broker {self.url.host}:"
                                     f"{self.url.port} not connected)")
        import aiomqtt
        try:
            await client.publish(topic, json.dumps(body, separators=(",", ":")), qos=1)
        except aiomqtt.MqttError as e:
            raise ChargerUnavailable(f"publishing {topic} failed: {e}") from None

    async def _request(self, e: _Evse | None, op: str, payload: Any = ..., *, expect: type,
                       base: str | None = None) -> Any:
        """Request/reply over the replyTo header; ChargerUnavailable on timeout."""
        base = base or e.base
        reply_to = f"{base}/e2m/{op}/{uuid.uuid4()}"
        body: dict[str, Any] = {"headers": {"replyTo": reply_to}}
        if payload is not ...:
            body["payload"] = payload
        fut = asyncio.get_running_loop().create_future()
        self._pending[reply_to] = fut
        t = self.settings.request_timeout_s
        try:
            await self._publish(f"{base}/m2e/{op}", body)
            async with asyncio.timeout(t):
                reply = await fut
        except TimeoutError:
            who = f"module '{e.module}'" if e else base
            raise ChargerUnavailable(f"EVerest {who} did not answer {op} within {t:g} s") from None
        finally:
            self._pending.pop(reply_to, None)
        if not isinstance(reply, expect) or (expect is int and isinstance(reply, bool)):
            raise ChargerUnavailable(f"EVerest answered {op} with {reply!r:.60}, not a "
                                     f"{expect.__name__}")
        return reply

    def _client_kwargs(self) -> dict:
        s = self.settings
        kw: dict[str, Any] = {"identifier": s.client_id or f"ev-kiosk-{uuid.uuid4().hex[:8]}",
                              "keepalive": 10, "timeout": 5}
        if s.username:
            kw["username"], kw["password"] = s.username, s.password or None
        if self.url.tls:
            ctx = ssl.create_default_context(cafile=s.ca_file or None)
            kw["tls_context"] = ctx
        return kw

    def _topics(self) -> list[str]:
        topics = [f"{e.base}/e2m/#" for e in self._evses.values()]
        if self._error_base:
            topics.append(f"{self._error_base}/e2m/#")
        return topics

    async def start(self, ready_within_s: float = 5.0) -> None:
        """Connect, and wait (at most `ready_within_s`) until every connector has been
        read once: the journey resumes sessions from state() right after this, and a
        kiosk restarted mid-charge must see the transaction EVerest is running."""
        if self._task is None or self._task.done():
            loop = asyncio.get_running_loop()
            self._task = loop.create_task(self._run(), name="everest-mqtt")
            # No broker at start is a lost link too, once the grace is over.
            self._grace = loop.create_task(self._grace_period(), name="everest-grace")
            if self.settings.heartbeat_timeout_s > 0:
                self._watch = loop.create_task(self._watch_heartbeats(), name="everest-heartbeat")
        if not await wait_set(self._first_read, ready_within_s):
            log.warning("EVerest not read within %g s of start; connectors count as offline "
                        "until it answers", ready_within_s)

    async def wait_connected(self, timeout: float) -> bool:
        return await wait_set(self._connected, timeout)

    async def close(self) -> None:
        for t in (self._task, self._grace, self._watch, self._resyncing):
            if t is not None:
                t.cancel()
        for t in (self._task, self._grace, self._watch, self._resyncing):
            if t is not None:
                try:
                    await t
                except (asyncio.CancelledError, Exception):
                    pass
        self._task = self._grace = self._watch = self._resyncing = None

    async def _run(self) -> None:
        import aiomqtt
        attempt = 0
        while True:
            try:
                async with aiomqtt.Client(self.url.host, self.url.port,
                                          **self._client_kwargs()) as client:
                    for topic in self._topics():
                        await client.subscribe(topic, qos=1)
                    self._client = client
                    self._connected.set()
                    self.connects += 1
                    attempt = 0
                    for e in self._evses.values():   # heartbeats could not come while away
                        e.last_heartbeat = self.clock()
                    if self._grace is not None:
                        self._grace.cancel()
                        self._grace = None
                    log.info("connected to the MQTT broker %s:%d", self.url.host, self.url.port)
                    loop = asyncio.get_running_loop()
                    self._resyncing = loop.create_task(self._resync(None))
                    checks = loop.create_task(self._communication_check(client))
                    try:
                        async for message in client.messages:
                            self._on_message(str(message.topic), message.payload)
                    finally:
                        self._resyncing.cancel()
                        checks.cancel()
            except aiomqtt.MqttError as e:
                if attempt == 0:
                    log.warning("MQTT broker %s:%d: %s; reconnecting", self.url.host,
                                self.url.port, e)
            finally:
                self._client = None
                if self._connected.is_set():
                    self._connected.clear()
                    self._on_broker_lost()
            delay = self.settings.backoff[min(attempt, len(self.settings.backoff) - 1)]
            attempt += 1
            await asyncio.sleep(delay)

    async def _communication_check(self, client) -> None:
        """Every API module expects `true` on m2e/communication_check at least every
        cfg_communication_check_to_s (5 s by default), or it raises a communication error."""
        bases = [e.base for e in self._evses.values()] + [self._token_base]
        if self._error_base:
            bases.append(self._error_base)
        while True:
            for base in bases:
                await client.publish(f"{base}/m2e/communication_check", "true", qos=0)
            await asyncio.sleep(COMMUNICATION_CHECK_S)

    def _on_broker_lost(self) -> None:
        for reply_to, fut in list(self._pending.items()):
            if not fut.done():
                fut.set_exception(ChargerUnavailable("the link to the MQTT broker was lost"))
        if self._grace is None and not self._declared_lost:
            self._grace = asyncio.get_running_loop().create_task(self._grace_period())

    async def _grace_period(self) -> None:
        await asyncio.sleep(self.settings.link_grace_s)
        self._grace = None
        if not self._connected.is_set():
            self._declare_lost(None)

    def _declare_lost(self, cid: int | None) -> None:
        targets = [e for e in self._evses.values() if cid in (None, e.cid) and e.online]
        if not targets:
            return
        for e in targets:
            e.online = False
        if cid is None:
            self._declared_lost = True
        log.warning("charger link lost (%s)", "all connectors" if cid is None else f"connector {cid}")
        self._emit(ch.ChargerLinkLost(cid, self.clock()))

    async def _watch_heartbeats(self) -> None:
        """A connector whose EVerest module stops its heartbeat is lost to the journey."""
        timeout = self.settings.heartbeat_timeout_s
        now = self.clock()
        for e in self._evses.values():
            e.last_heartbeat = now
        while True:
            await asyncio.sleep(min(1.0, timeout / 4))
            if not self._connected.is_set():
                continue
            now = self.clock()
            for e in self._evses.values():
                if e.online and now - e.last_heartbeat > timeout:
                    self._declare_lost(e.cid)

    async def _resync(self, only: int | None) -> None:
        """Re-read the connectors (EVSE, errors, session info) before telling the journey
        anything; after a declared loss, stop transactions it has already billed."""
        targets = [e for e in self._evses.values() if only in (None, e.cid)]
        for e in targets:
            e.info_seen.clear()
            e.reconcile = True
        answered: set[int] = set()
        for e in targets:
            try:
                evse = await self._request(e, "get_evse", expect=dict)
                answered.add(e.cid)
                e.evse_id = _int(evse, "id", minimum=1)
                conns = evse.get("connectors")
                if isinstance(conns, list) and conns and isinstance(conns[0], dict):
                    e.connector_no = _int(conns[0], "id", minimum=1) or 1
            except (ChargerUnavailable, Malformed) as ex:
                log.warning("connector %d: get_evse: %s", e.cid, ex)
                if not self._connected.is_set():
                    return
        if self._error_base:
            try:
                errors = await self._request(None, "active_errors", expect=dict, base=self._error_base)
                self._reconcile_errors(errors)
            except (ChargerUnavailable, Malformed) as ex:
                log.warning("active_errors: %s", ex)
        try:
            async with asyncio.timeout(self.settings.resync_s):
                for e in targets:
                    await e.info_seen.wait()
        except TimeoutError:
            quiet = [e.cid for e in targets if not e.info_seen.is_set()]
            log.info("no session_info yet from connector(s) %s: keeping what was known", quiet)
        for e in targets:
            e.reconcile = False
        self._first_read.set()
        lost = []
        for e in targets:
            if e.online or e.cid not in answered:
                continue        # a module that did not answer stays lost; its next message retries
            if e.transaction:   # billed when the link was lost: EVerest must not go on unbilled
                try:
                    await self._request(e, "stop_transaction", {"reason": "Other"}, expect=bool)
                except ChargerUnavailable as ex:
                    log.warning("connector %d: stopping an orphaned transaction: %s", e.cid, ex)
                    continue
            lost.append(e)
        self._declared_lost = False
        if lost:
            now = self.clock()
            for e in lost:
                e.online, e.last_heartbeat = True, now
            whole = only is None and len(lost) == len(self._evses)
            log.info("charger link restored (%s)", "all connectors" if whole else
                     ", ".join(str(e.cid) for e in lost))
            if whole:
                self._emit(ch.ChargerLinkRestored(None, now))
            else:
                for e in lost:
                    self._emit(ch.ChargerLinkRestored(e.cid, now))

    # ------------------------------------------------------------ incoming

    def _bad(self, topic: str, reason: str) -> None:
        self.malformed += 1
        key = (topic, re.sub(r"\d+", "N", reason))     # the same fault again is counted, not logged
        if key not in self._logged:
            self._logged.add(key)
            log.warning("ignored a malformed message on %s: %s", topic, reason)

    def _on_message(self, topic: str, payload: Any) -> None:
        if isinstance(payload, str):
            payload = payload.encode()
        if not isinstance(payload, (bytes, bytearray)):
            payload = b"" if payload is None else str(payload).encode()
        if len(payload) > MAX_PAYLOAD:
            self._bad(topic, f"too large ({len(payload)} bytes, at most {MAX_PAYLOAD})")
            return
        fut = self._pending.get(topic)
        try:
            data = json.loads(payload)
        except ValueError:
            self._bad(topic, "not JSON")
            if fut is not None and not fut.done():
                fut.set_exception(ChargerUnavailable(f"EVerest answered on {topic} with "
                                                     f"something that is not JSON"))
            return
        if fut is not None:
            if not fut.done():
                fut.set_result(data)
            return
        try:
            self._dispatch(topic, data)
        except Malformed as e:
            self._bad(topic, str(e))

    def _dispatch(self, topic: str, data: Any) -> None:
        base, sep, leaf = topic.rpartition("/e2m/")
        if not sep:
            return
        e = self._by_base.get(base)
        if e is not None:
            if not e.online and self._connected.is_set() and \
                    (self._resyncing is None or self._resyncing.done()):
                # EVerest's module for a lost connector speaks again: re-read it first.
                self._resyncing = asyncio.get_running_loop().create_task(self._resync(e.cid))
            if leaf == "session_event":
                self._on_session_event(e, _obj(data, "session event"))
            elif leaf == "session_info":
                self._on_session_info(e, _obj(data, "session info"))
            elif leaf == "powermeter":
                self._on_powermeter(e, data)
            elif leaf == "heartbeat":
                if isinstance(data, bool) or not isinstance(data, int):
                    raise Malformed(f"heartbeat must be an integer, not {data!r:.40}")
                e.last_heartbeat = self.clock()
            return   # other e2m topics (ev_info, hw_capabilities...) are not the kiosk's business
        if base == self._error_base and self._error_base:
            if leaf in ("error_raised", "error_cleared"):
                self._on_error(_obj(data, "error"), leaf == "error_raised")

    def _on_session_event(self, e: _Evse, d: dict) -> None:
        _str(d, "uuid")
        _str(d, "timestamp")
        event = _str(d, "event", SESSION_EVENTS)
        _int(d, "connector_id", required=False)   # checked; one connector per EVSE module
        now = self.clock()
        if event == "SessionStarted":
            started = _obj(d.get("session_started"), "session_started")
            reason = _str(started, "reason", ("EVConnected", "Authorized"))
            if reason == "EVConnected":
                self._plugged(e, now)
        elif event == "AuthRequired":
            self._plugged(e, now)
        elif event == "TransactionStarted":
            started = _obj(d.get("transaction_started"), "transaction_started")
            start_wh = meter_total_wh(started.get("meter_value"), "transaction_started.meter_value")
            self._plugged(e, now)
            e.transaction, e.delivering, e.paused = True, False, False
            e.start_meter_wh, e.powermeter_in_tx, e.energy_wh, e.power_w = start_wh, False, 0, 0
        elif event in ("ChargingStarted", "ChargingResumed"):
            if e.transaction and not e.delivering:
                e.delivering, e.paused = True, False
                self._emit(ch.ChargingStarted(e.cid, now))
        elif event in ("ChargingPausedEV", "ChargingPausedEVSE"):
            if e.transaction and e.delivering:
                e.delivering, e.paused, e.power_w = False, True, 0
                self._emit(ch.ChargingPaused(e.cid, now))
        elif event == "TransactionFinished":
            fin = _obj(d.get("transaction_finished"), "transaction_finished")
            end_wh = meter_total_wh(fin.get("meter_value"), "transaction_finished.meter_value")
            reason = _str(fin, "reason", required=False)
            if e.transaction:
                if e.start_meter_wh is not None:
                    e.energy_wh = max(e.energy_wh, int(end_wh - e.start_meter_wh))
                self._end_transaction(e, _STOP_REASONS.get(reason or "", "ev_stopped"), now)
        elif event == "SessionFinished":
            if e.transaction:
                self._end_transaction(e, "unplugged", now)
            e.replug_required = False
            if e.plugged:
                e.plugged = False
                self._emit(ch.Unplugged(e.cid, now))
        elif event == "PluginTimeout":
            e.replug_required = True
            log.info("connector %d: EVerest's plug-in timeout ran out; a replug is needed", e.cid)
        elif event in ("Enabled", "Disabled"):
            e.enabled = event == "Enabled"

    def _plugged(self, e: _Evse, now: float) -> None:
        if not e.plugged:
            e.plugged, e.replug_required = True, False
            self._emit(ch.Plugged(e.cid, now))

    def _end_transaction(self, e: _Evse, reason: str, now: float) -> None:
        e.transaction = e.delivering = e.paused = False
        e.power_w = 0
        self._emit(ch.MeterReading(e.cid, e.energy_wh, 0, now))
        self._emit(ch.ChargingStopped(e.cid, reason, now))

    def _on_session_info(self, e: _Evse, d: dict) -> None:
        state = _str(d, "state", EVSE_STATES)
        charged = _int(d, "charged_energy_wh", minimum=0)
        _int(d, "discharged_energy_wh", minimum=0)
        power = _int(d, "latest_total_w")
        _int(d, "session_duration_s", minimum=0)
        _str(d, "timestamp")
        now = self.clock()
        e.info_seen.set()
        if e.transaction and not e.powermeter_in_tx:
            self._meter(e, charged, power, now)
        e.enabled = state != "Disabled"
        if not e.reconcile:
            return   # the session events say what happened, with the meter values to bill
        # Just (re)connected: what EVerest says now stands in for events lost meanwhile.
        if state == "Unplugged" and e.plugged:
            if e.transaction:
                self._end_transaction(e, "unplugged", now)
            e.plugged = e.replug_required = False
            self._emit(ch.Unplugged(e.cid, now))
            return
        if e.transaction and state in ("Finished", "FinishedEV", "FinishedEVSE"):
            self._end_transaction(e, "ev_stopped", now)   # its TransactionFinished was lost
        if state in _PLUGGED_STATES:
            self._plugged(e, now)
        if state in _TRANSACTION_STATES and not e.transaction:
            # A transaction began while the kiosk was away (or before it started): billed
            # from session_info's charged energy, its start meter value being unknown.
            e.transaction, e.start_meter_wh, e.powermeter_in_tx = True, None, False
            e.energy_wh, e.paused = charged, state.startswith("ChargingPaused")
            self._meter(e, charged, power, now)
            if state == "Charging":
                e.delivering = True
                self._emit(ch.ChargingStarted(e.cid, now))
        if state == "AuthTimeout":
            e.replug_required = True

    def _on_powermeter(self, e: _Evse, data: Any) -> None:
        total = meter_total_wh(data, "powermeter")
        power = meter_power_w(data)
        if e.transaction and e.start_meter_wh is not None:
            e.powermeter_in_tx = True
            self._meter(e, int(total - e.start_meter_wh), power, self.clock())

    def _meter(self, e: _Evse, energy_wh: int, power_w: int | None, now: float) -> None:
        e.energy_wh = max(e.energy_wh, energy_wh)      # monotonic within a transaction
        e.power_w = max(0, power_w if power_w is not None else e.power_w)
        self._emit(ch.MeterReading(e.cid, e.energy_wh, e.power_w if e.delivering else 0, now))

    # ------------------------------------------------------------ errors

    def _error_cids(self, origin: dict) -> list[int]:
        module = _str(origin, "module_id")
        origins = self.settings.error_origins
        if not origins:
            return list(self._evses)        # no mapping: an error blocks the whole charger
        return [cid for cid, m in zip(self._evses, origins) if m == module]

    def _on_error(self, d: dict, raised: bool) -> None:
        code = _str(d, "type")
        sub = _str(d, "sub_type", required=False)
        if sub:
            code = f"{code}/{sub}"
        severity = _str(d, "severity", ("High", "Medium", "Low"))
        ident = _str(d, "uuid")
        message = _str(d, "message")
        cids = self._error_cids(_obj(d.get("origin"), "origin"))
        now = self.clock()
        if raised:
            self._error_ids[ident] = (cids, code)
            for cid in cids:
                e = self._evses[cid]
                e.faults[code] = severity == "High"
                self._emit(ch.FaultRaised(cid, code, message, severity == "High", now))
        else:
            cids, code = self._error_ids.pop(ident, (cids, code))
            for cid in cids:
                if self._evses[cid].faults.pop(code, None) is not None:
                    self._emit(ch.FaultCleared(cid, code, now))

    def _reconcile_errors(self, data: dict) -> None:
        errors = data.get("errors")
        if not isinstance(errors, list):
            raise Malformed("'errors' must be a list")
        active = set()
        for err in errors:
            err = _obj(err, "error")
            ident = _str(err, "uuid")
            active.add(ident)
            if ident not in self._error_ids:
                self._on_error(err, True)
        for ident in [i for i in self._error_ids if i not in active]:
            cids, code = self._error_ids.pop(ident)
            for cid in cids:
                if self._evses[cid].faults.pop(code, None) is not None:
                    self._emit(ch.FaultCleared(cid, code, self.clock()))


__all__ = ["EverestCharger", "EverestSettings", "MqttUrl", "parse_mqtt_url", "Malformed", "SPEC",
           "EVSE_STATES", "SESSION_EVENTS", "API"]
