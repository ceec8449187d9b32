"""Soak: 1,000 sessions on two connectors through the whole backend (journey,
PSP client and codec, in-process terminal simulator, simulated charger, SQLite
books). Reports lost sessions (must be 0: every authorization ends in exactly one
commit or void at the terminal) and memory growth (resident set size, and
Python heap by tracemalloc, after a warm-up against the end)."""
from __future__ import annotations

import asyncio
import gc
import resource
import tempfile
import time
import tracemalloc

from kiosk import config
from kiosk.app import Backend
from kiosk.charger import port as ch
from kiosk.charger.sim import SimulatedCharger
from kiosk.sim.terminal import CARDS

SESSIONS = 1000
WARM_UP = 100


def rss_kb() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


async def soak(n: int = SESSIONS) -> dict:
    counts: dict[str, int] = {}   # counted, not kept: the bench must not grow itself
    ends: dict[int, asyncio.Event] = {}
    with tempfile.TemporaryDirectory() as tmp:
        cfg = config.from_mapping({
            "station": {"data_dir": tmp}, "terminal": {"url": "sim"},
            "modes": {"tap_to_start": False, "tap_to_stop": False},
            "timeouts": {"receipt_s": 0.05}}, "<soak>")

        def emit(e: dict) -> None:
            if e["event"] in ("session_end", "declined", "error"):
                counts[e["event"]] = counts.get(e["event"], 0) + 1
            if e["event"] == "session_end":
                ends[e["connector"]].set()
        charger = SimulatedCharger([ch.ConnectorInfo(i, "Type2", 22000) for i in (1, 2)],
                                   time_scale=600, tick_s=0.01)
        b = Backend(cfg, emit=emit, charger=charger)
        b.sim.auth_delay = 0.0
        await b.start()
        await b.client.wait_ready(10)
        cards = list(CARDS.values())
        done = 0
        t0 = time.perf_counter()
        base_rss = base_heap = 0
        base_snap = None

        async def one(cid: int, k: int) -> None:
            ends[cid] = asyncio.Event()
            charger.plug(cid)
            for _ in range(500):
                if b.sim.present_card(cards[k % len(cards)], None):
                    break
                await asyncio.sleep(0.002)
            for _ in range(500):
                if charger.state(cid).energy_wh > 20:
                    break
                await asyncio.sleep(0.002)
            charger.unplug(cid)
            await asyncio.wait_for(ends[cid].wait(), 10)
            for _ in range(500):
                if b.station.conns[cid].phase.value == "available":
                    break
                await asyncio.sleep(0.005)

        tracemalloc.start(8)   # frames enough to tell the simulator's own books apart
        k = 0
        while done < n:
            await asyncio.gather(one(1, k), one(2, k + 1))
            k += 2
            done += 2
            if done == WARM_UP:
                await b.drain()
                gc.collect()   # growth means what stays reachable, not garbage awaiting a cycle
                base_rss, base_heap = rss_kb(), tracemalloc.get_traced_memory()[0]
                base_snap = tracemalloc.take_snapshot()
        drained = await b.drain(30)
        elapsed = time.perf_counter() - t0
        gc.collect()
        end_rss, end_heap = rss_kb(), tracemalloc.get_traced_memory()[0]
        end_snap = tracemalloc.take_snapshot()
        growth = [f"{st.size_diff / 1024:+.0f} kB {st.traceback[0].filename.split('/')[-1]}:"
                  f"{st.traceback[0].lineno}"
                  for st in end_snap.compare_to(base_snap, "lineno")[:3]]
        # The terminal simulator keeps every session it approved (its books); the
        # kiosk's own growth is everything else.
        not_sim = [tracemalloc.Filter(False, "*/kiosk/sim/*", all_frames=True)]
        kiosk_heap = sum(st.size_diff for st in end_snap.filter_traces(not_sim).compare_to(
            base_snap.filter_traces(not_sim), "filename"))
        tracemalloc.stop()
        books = b.sim.books_summary()
        mine = b.books.stats()
        await b.stop()
    lost = books["open"] + (done - books["sessions"])
    return {"sessions": done, "terminal_sessions": books["sessions"],
            "committed": books["committed"], "voided": books["voided"], "open": books["open"],
            "double_finalisations": books["double_finalisations"], "lost": lost,
            "drained": drained, "seconds": elapsed, "rss_growth_kb": end_rss - base_rss,
            "heap_growth_kb": (end_heap - base_heap) // 1024, "kiosk_heap_growth_b": kiosk_heap, "rss_end_kb": end_rss,
            "kiosk_books": mine, "events": counts, "top_growth": growth}


def run() -> dict:
    r = asyncio.run(soak())
    print(f"{r['sessions']} sessions on 2 connectors in {r['seconds']:.1f} s "
          f"({r['seconds'] / r['sessions'] * 1000:.1f} ms per session)")
    print(f"  terminal books: {r['terminal_sessions']} sessions, {r['committed']} committed, "
          f"{r['voided']} voided, {r['open']} open, {r['double_finalisations']} double finalisations")
    print(f"  lost sessions: {r['lost']} (goal 0): {'PASS' if r['lost'] == 0 else 'FAIL'}")
    print(f"  memory growth after {WARM_UP} warm-up sessions: RSS {r['rss_growth_kb']} kB, "
          f"Python heap {r['heap_growth_kb']} kB (RSS at end {r['rss_end_kb'] // 1024} MB); "
          f"{r['heap_growth_kb'] * 1024 / (r['sessions'] - WARM_UP):.0f} B of heap per session")
    per = r["kiosk_heap_growth_b"] / (r["sessions"] - WARM_UP)
    print(f"  heap growth outside the terminal simulator's books: "
          f"{r['kiosk_heap_growth_b'] / 1024:+.0f} kB ({per:.0f} B per session)")
    print(f"  largest heap growth: {'; '.join(r['top_growth'])}")
    print(f"  journey events: {r['events']}")
    return r
