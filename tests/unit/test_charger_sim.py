"""The simulated charger: event order, power curve, faults, the link, time."""
from __future__ import annotations

import asyncio

import pytest

from kiosk.charger import port as ch
from kiosk.charger.sim import SimulatedCharger, Vehicle

pytestmark = pytest.mark.timeout(30)


def drain(q: asyncio.Queue) -> list:
    out = []
    while not q.empty():
        out.append(q.get_nowait())
    return out


def kinds(events: list) -> list[str]:
    return [type(e).__name__ for e in events]


def squash(names: list[str]) -> list[str]:
    """Consecutive repeats (meter readings) as one."""
    return [n for i, n in enumerate(names) if i == 0 or names[i - 1] != n]


def sim(**kw) -> SimulatedCharger:
    kw.setdefault("clock", lambda: 1_000.0)
    return SimulatedCharger(kw.pop("connectors", 2), **kw)


def readings(events: list, cid: int | None = None) -> list[ch.MeterReading]:
    return [e for e in events if isinstance(e, ch.MeterReading)
            and (cid is None or e.connector_id == cid)]


async def test_plug_start_meter_full_unplug_in_order():
    s = sim(tick_s=60)
    q = s.subscribe()
    s.plug(1, Vehicle(battery_wh=10_000, soc=0.5, max_power_w=11_000))
    await s.start_charging(1)
    for _ in range(200):
        s.advance(60)
        if not s.state(1).charging:
            break
    s.advance(600)                    # nothing more once full
    s.unplug(1)
    events = drain(q)
    assert squash(kinds(events)) == ["Plugged", "ChargingStarted", "MeterReading",
                                     "ChargingStopped", "Unplugged"]
    stopped = next(e for e in events if isinstance(e, ch.ChargingStopped))
    assert stopped.reason == "ev_full"
    energies = [r.energy_wh for r in readings(events)]
    assert energies == sorted(energies) and all(isinstance(e, int) for e in energies)
    assert energies[-1] == 5_000      # half of a 10 kWh battery
    assert all(e.connector_id == 1 for e in events)
    times = [e.at for e in events]
    assert times == sorted(times) and times[0] == 1_000.0


async def test_ramp_up_then_constant_power():
    s = sim(connectors=[ch.ConnectorInfo(1, "Type2", 22_000)], tick_s=1, ramp_s=5)
    q = s.subscribe()
    s.plug(1, Vehicle(battery_wh=80_000, soc=0.2, max_power_w=11_000))
    await s.start_charging(1)
    s.advance(20)
    power = [r.power_w for r in readings(drain(q))]
    assert power[:5] == [2_200, 4_400, 6_600, 8_800, 11_000]   # to the 11 kW limit in 5 s
    assert set(power[5:]) == {11_000}


async def test_power_is_the_lowest_of_connector_vehicle_and_set_power():
    s = sim(connectors=[ch.ConnectorInfo(1, "Type2", 7_400)], tick_s=10)
    s.plug(1, Vehicle(max_power_w=11_000))
    await s.start_charging(1)
    s.advance(60)
    assert s.state(1).power_w == 7_400
    s.set_power(1, 3_700)
    s.advance(10)
    assert s.state(1).power_w == 3_700


async def test_taper_above_80_percent():
    async def power_at(soc: float) -> int:
        s = sim(connectors=1, tick_s=1)
        s.plug(1, Vehicle(battery_wh=60_000, soc=soc, max_power_w=11_000))
        await s.start_charging(1)
        s.advance(10)      # past the ramp
        return s.state(1).power_w

    p50, p85, p90, p98 = [await power_at(x) for x in (0.5, 0.85, 0.9, 0.98)]
    assert p50 == 11_000
    assert p50 > p85 > p90 > p98 > 0


async def test_pause_and_resume_keep_the_session_and_its_energy():
    s = sim(tick_s=10)
    q = s.subscribe()
    s.plug(1)
    await s.start_charging(1)
    s.advance(60)
    before = s.state(1).energy_wh
    s.pause(1)
    s.advance(60)
    assert s.state(1).energy_wh == before and s.state(1).suspended and s.state(1).charging
    s.resume(1)
    s.advance(60)
    assert s.state(1).energy_wh > before
    names = squash([n for n in kinds(drain(q)) if n != "MeterReading"])
    assert names == ["Plugged", "ChargingStarted", "ChargingPaused", "ChargingStarted"]


async def test_unplug_while_charging_stops_first():
    s = sim(tick_s=10)
    q = s.subscribe()
    s.plug(2)
    await s.start_charging(2)
    s.advance(30)
    s.unplug(2)
    events = drain(q)
    assert kinds(events)[-3:] == ["MeterReading", "ChargingStopped", "Unplugged"]
    assert events[-2].reason == "unplugged"
    assert events[-3].power_w == 0 and events[-3].energy_wh == s.state(2).energy_wh > 0


async def test_stop_charging_is_idempotent_and_start_resets_the_session_energy():
    s = sim(tick_s=10)
    q = s.subscribe()
    s.plug(1)
    await s.start_charging(1)
    s.advance(60)
    await s.stop_charging(1)
    await s.stop_charging(1)
    stops = [e for e in drain(q) if isinstance(e, ch.ChargingStopped)]
    assert [e.reason for e in stops] == ["requested"]
    assert s.state(1).energy_wh > 0 and not s.state(1).charging
    await s.start_charging(1)
    assert s.state(1).energy_wh == 0


async def test_start_refused_when_not_plugged_faulted_or_disabled():
    s = sim()
    with pytest.raises(ch.ChargerUnavailable, match="no vehicle"):
        await s.start_charging(1)
    s.plug(1)
    s.raise_fault(1, "RCD", "residual current", blocking=True)
    with pytest.raises(ch.ChargerUnavailable, match="RCD"):
        await s.start_charging(1)
    s.clear_fault(1, "RCD")
    await s.disable(1)
    with pytest.raises(ch.ChargerUnavailable, match="out of service"):
        await s.start_charging(1)
    await s.enable(1)
    s.raise_fault(1, "TEMP", "warm", blocking=False)     # a warning does not block
    await s.start_charging(1)
    assert s.state(1).charging and s.state(1).faults == {"TEMP": False}


async def test_blocking_fault_stops_a_running_session():
    s = sim(tick_s=10)
    q = s.subscribe()
    s.plug(1)
    await s.start_charging(1)
    s.advance(30)
    s.raise_fault(1, "E-STOP", "emergency stop")
    s.clear_fault(1, "E-STOP")
    s.clear_fault(1, "E-STOP")        # unknown code: nothing
    names = [n for n in kinds(drain(q)) if n != "MeterReading"]
    assert names[-3:] == ["FaultRaised", "ChargingStopped", "FaultCleared"]
    assert not s.state(1).charging and not s.state(1).blocked


async def test_link_lost_raises_emits_and_fails_safe():
    s = sim(tick_s=10)
    q = s.subscribe()
    s.plug(1)
    s.plug(2)
    await s.start_charging(1)
    s.advance(30)
    drain(q)
    s.drop_link(1)
    with pytest.raises(ch.ChargerUnavailable):
        await s.stop_charging(1)
    with pytest.raises(ch.ChargerUnavailable):
        await s.unlock(1)
    await s.unlock(2)                 # the other connector is still reachable
    s.advance(30)
    s.unplug(1)                       # happens, but nobody hears it
    events = drain(q)
    assert events == [ch.ChargerLinkLost(1, s.now - 30)]
    st = s.state(1)
    assert not st.online and not st.charging and not st.plugged
    s.restore_link()
    assert drain(q) == [ch.ChargerLinkRestored(None, s.now)]
    assert s.state(1).online

    s.drop_link()
    with pytest.raises(ch.ChargerUnavailable):
        await s.start_charging(2)
    assert drain(q) == [ch.ChargerLinkLost(None, s.now)]


async def test_refuse_start_accepts_the_command_but_never_charges():
    s = sim(tick_s=10)
    q = s.subscribe()
    s.set_refuse_start(1, True)
    s.plug(1)
    await s.start_charging(1)
    s.advance(120)
    assert kinds(drain(q)) == ["Plugged"]
    assert not s.state(1).charging
    await s.stop_charging(1)          # the journey's timeout stops it: fine


async def test_advance_is_deterministic_and_time_scale_sets_the_step():
    async def run(**kw) -> list:
        s = sim(**kw)
        q = s.subscribe()
        s.plug(1, Vehicle(soc=0.75))
        await s.start_charging(1)
        s.advance(600)
        return drain(q)

    a, b = await run(tick_s=1, time_scale=10), await run(tick_s=1, time_scale=10)
    assert a == b
    assert len(readings(a)) == 60                  # 600 s in steps of 1 s x 10
    assert len(readings(await run(tick_s=0.5, time_scale=120))) == 10
    assert readings(a)[-1].at == pytest.approx(1_600.0)


async def test_two_connectors_are_independent():
    s = sim(tick_s=10)
    q = s.subscribe()
    s.plug(1, Vehicle(max_power_w=11_000))
    s.plug(2, Vehicle(max_power_w=7_000))
    await s.start_charging(1)
    s.advance(60)
    await s.start_charging(2)
    s.advance(60)
    s.pause(1)
    s.advance(60)
    s.unplug(2)
    events = drain(q)
    r1, r2 = readings(events, 1), readings(events, 2)
    assert len(r1) == 18 and len(r2) == 12 + 1      # + the final reading at unplug
    assert r2[-1].power_w == 0 and r2[-1].energy_wh == r2[-2].energy_wh
    assert s.state(1).plugged and s.state(1).charging and not s.state(2).plugged
    assert max(r.power_w for r in r2) == 7_000 and max(r.power_w for r in r1) == 11_000
    assert [type(e).__name__ for e in events if e.connector_id == 2
            and not isinstance(e, ch.MeterReading)] == [
        "Plugged", "ChargingStarted", "ChargingStopped", "Unplugged"]


async def test_real_time_loop_with_time_scale():
    s = sim(tick_s=0.01, time_scale=600)
    q = s.subscribe()
    await s.start()
    try:
        s.plug(1)
        await s.start_charging(1)
        for _ in range(200):
            await asyncio.sleep(0.01)
            if s.state(1).energy_wh >= 50:
                break
        assert s.state(1).energy_wh >= 50        # 11 kW for a few simulated seconds
    finally:
        await s.close()
    assert readings(drain(q))
    n = s.now                                   # closed: time stands still
    await asyncio.sleep(0.05)
    assert s.now == n


def test_conforms_to_the_port():
    s = sim()
    assert isinstance(s, ch.Charger)
    assert [c.id for c in s.connectors] == [1, 2]
    with pytest.raises(ValueError):
        s.state(9)
