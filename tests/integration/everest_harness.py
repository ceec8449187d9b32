"""The whole kiosk on EVerest's MQTT API through a real Mosquitto: the EVerest
adapter as the charger, the EVerest-shaped peer (kiosk/sim/everest_peer.py) on
the other side of the broker, the terminal simulator over TCP, real books.

The peer's simulated charger does not run on its own clock here: tests move it
with `advance(seconds)`, so the energy EVerest reports is known exactly (no
ramp: an 11 kW vehicle charges 11000 W x 60 s / 3600 = 183.33 Wh a minute).
A recorder subscribed to everest_api/# keeps every message on the broker."""
from __future__ import annotations

import asyncio
import json
import uuid

from kiosk.charger import port as ch
from kiosk.charger.everest import EverestCharger, EverestSettings
from kiosk.charger.sim import SimulatedCharger
from kiosk.sim.everest_peer import EverestPeer

from kiosk_harness import Kiosk, merge

MODULES = ("evse_api_1", "evse_api_2")
ORIGINS = ("evse_manager_1", "evse_manager_2")

# 0.39 per kWh and a 0.50 session fee: amounts in the tests are worked out from these.
TARIFF = {"energy_per_kwh": 39, "time_per_minute": 0, "session_fee": 50,
          "idle_fee_per_minute": 0, "idle_grace_minutes": 0, "idle_fee_cap": 0}


def everest_config(url: str, **charger) -> dict:
    return {"charger": {"backend": "everest", "connectors": 2, "mqtt_url": url,
                        "everest_modules": list(MODULES), "everest_token_provider": "kiosk_tokens",
                        "everest_error_history": "errors", "everest_error_origins": list(ORIGINS),
                        "request_timeout_s": 1, "link_grace_s": 3, **charger},
            "tariff": TARIFF}


class Recorder:
    """Every message on everest_api/# as (topic, parsed JSON or raw bytes)."""

    def __init__(self, url: str):
        from kiosk.charger.everest import parse_mqtt_url
        self.url = parse_mqtt_url(url)
        self.messages: list[tuple[str, object]] = []
        self._task: asyncio.Task | None = None
        self._ready = asyncio.Event()

    async def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())
        async with asyncio.timeout(5):
            await self._ready.wait()

    async def _run(self) -> None:
        import aiomqtt
        while True:
            try:
                async with aiomqtt.Client(self.url.host, self.url.port,
                                          identifier=f"recorder-{uuid.uuid4().hex[:6]}") as c:
                    await c.subscribe("everest_api/#", qos=1)
                    self._ready.set()
                    async for m in c.messages:
                        try:
                            body = json.loads(m.payload)
                        except ValueError:
                            body = m.payload
                        self.messages.append((str(m.topic), body))
            except aiomqtt.MqttError:
                await asyncio.sleep(0.1)

    async def close(self) -> None:
        if self._task:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    def find(self, suffix: str, **match) -> list:
        return [b for t, b in self.messages if t.endswith(suffix)
                and all(isinstance(b, dict) and b.get(k) == v for k, v in match.items())]


class EverestKiosk(Kiosk):
    def __init__(self, tmp_path, broker, overrides: dict | None = None, *,
                 peer_kwargs: dict | None = None, check_conformance: bool = True, **kw):
        super().__init__(tmp_path, merge(everest_config(broker.url), overrides or {}), **kw)
        self.broker = broker
        self.peer_kwargs = peer_kwargs or {}
        self.peer: EverestPeer | None = None
        self.recorder = Recorder(broker.url)
        self.check_conformance = check_conformance

    async def start_peer_only(self) -> None:
        """EVerest (and the recorder) up, the kiosk not yet."""
        if self.recorder._task is None:          # kept across a kiosk restart
            await self.recorder.start()
        if self.peer is None:
            sim = SimulatedCharger([ch.ConnectorInfo(i, "Type2", 22000) for i in (1, 2)],
                                   time_scale=60, tick_s=1, ramp_s=0)
            self.peer = EverestPeer(sim, self.broker.url, MODULES, "kiosk_tokens", "errors",
                                    ORIGINS, **{"heartbeat_s": 0.2, "info_s": 0.5,
                                                **self.peer_kwargs})
            await self.peer.start(run_sim=False)
            assert await self.peer.wait_connected(5), "the EVerest peer did not connect"

    async def start(self) -> None:
        await self.start_peer_only()
        from kiosk import config
        cfg = config.from_mapping(merge({"station": {"data_dir": str(self.tmp_path)}},
                                        self.overrides), "<test>")
        settings = EverestSettings.from_config(cfg.charger)
        self._charger = EverestCharger(settings)     # a new kiosk: a new adapter, EVerest goes on
        await super().start()
        assert await self._charger.wait_connected(5), "the kiosk did not connect to the broker"

    async def close(self) -> None:
        await super().close()
        if self.peer:
            await self.peer.close()
        await self.recorder.close()
        if self.check_conformance:
            self.assert_conformance()

    def assert_conformance(self) -> int:
        """Every message of the test on the broker follows the spec's schemas (any flow,
        not only the conformance test's); returns how many were checked."""
        try:
            import jsonschema
        except ImportError:
            return 0
        from everest_schemas import SPEC_VERSION, validate
        checked, wrong = 0, []
        for topic, body in self.recorder.messages:
            try:
                checked += validate(topic, body)
            except jsonschema.ValidationError as e:
                wrong.append(f"{topic}: {e.message} in {str(body)[:200]}")
        assert not wrong, f"not {SPEC_VERSION}:\n" + "\n".join(wrong[:10])
        return checked

    @property
    def sim_charger(self) -> SimulatedCharger:
        return self.peer.sim

    @property
    def everest(self) -> EverestCharger:
        return self.backend.charger

    async def charge(self, cid: int, seconds: float) -> None:
        """Let the vehicle on `cid` charge for `seconds` of simulated time, and wait until
        the kiosk has heard the last powermeter reading."""
        self.peer.sim.advance(seconds)
        want = self.peer.sim.state(cid).energy_wh
        await self.until(lambda: self.everest.state(cid).energy_wh == want, 5,
                         f"the kiosk hearing {want} Wh on connector {cid}")

    async def heard(self, suffix: str, **match) -> list:
        """The recorder's messages on a topic ending in `suffix`, once there is one."""
        await self.until(lambda: self.recorder.find(suffix, **match), 5, f"a message on ...{suffix}")
        return self.recorder.find(suffix, **match)

    async def reported_energy(self, cid: int, transactions: int = 1) -> list[int]:
        """Energy per finished transaction as EVerest reported it on the broker:
        TransactionFinished's meter minus TransactionStarted's (Wh). Waits until the
        recorder (a client of its own) has heard `transactions` of them."""
        await self.until(lambda: len(self._energies(cid)) >= transactions, 5,
                         f"{transactions} finished transaction(s) on the broker")
        return self._energies(cid)

    def _energies(self, cid: int) -> list[int]:
        base = f"evse_manager_consumer/{MODULES[cid - 1]}/e2m/session_event"
        starts = [b["transaction_started"]["meter_value"]["energy_Wh_import"]["total"]
                  for t, b in self.recorder.messages
                  if t.endswith(base) and b.get("event") == "TransactionStarted"]
        ends = [b["transaction_finished"]["meter_value"]["energy_Wh_import"]["total"]
                for t, b in self.recorder.messages
                if t.endswith(base) and b.get("event") == "TransactionFinished"]
        return [int(e - s) for s, e in zip(starts, ends)]
