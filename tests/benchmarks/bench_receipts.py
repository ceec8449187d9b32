"""The receipt service under load: receipt pages per second on one core, and p99.

The service (uvicorn, one worker) runs pinned to CPU 0 with 100,000 receipts in
its SQLite file; a load generator in this process, pinned to CPU 1, keeps
CONNECTIONS keep-alive connections busy (plain asyncio streams: an HTTP client
library would cost more than the server it measures). Three runs of each, same
server, interleaved:

    page    GET /r/{token} of a random stored receipt (lookup, JSON, HTML in English)
    static  GET /static/receipt.css through the same server and middleware (the baseline)
    404     GET /r/{random token}: the lookup that finds nothing
    404-bad GET /r/{malformed token}: the same lookup, the same page (timing should match)

Reported: requests per second and p50/p99 latency of each, and the page's figures as
a ratio to the static file's (the machine is shared: ratios travel, absolutes don't).
BENCH_RECEIPTS_S (default 5) is each run's length; BENCH_RECEIPTS_N the receipts stored.
"""
from __future__ import annotations

import asyncio
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RECEIPTS = int(os.environ.get("BENCH_RECEIPTS_N", "100000"))
SECONDS = float(os.environ.get("BENCH_RECEIPTS_S", "5"))
CONNECTIONS = 16
KEY = "bench-station-key-00001"


def fill(db_path: Path, n: int, rng: random.Random) -> list[str]:
    """n receipts straight into the service's table (as `Store.put` would write them)."""
    from kiosk.journey.pricing import CostBreakdown, CostLine
    from kiosk.receipt_server.store import SqliteStore
    from kiosk.receipts.model import Receipt, new_receipt_ids
    SqliteStore(str(db_path)).close()                       # the service's own schema
    breakdown = CostBreakdown((CostLine("energy", 21480, "kWh", 39, 838),
                               CostLine("session_fee", 1, "session", 50, 50),
                               CostLine("vat", 734, "bp", 2100, 154, True)), 734, 154, 888, "EUR", 2)
    template = Receipt(station_id="EVK-BENCH-1", station_name="Bench station", connector_id=1,
                       token="x" * 22, short_ref="AAAA-AAAA", started_at=1795900000,
                       stopped_at=1795904000, energy_wh=21480, breakdown=breakdown,
                       authorized_amount=5000, total=888, masked_pan="476173******0119",
                       brand="VISA", host_reference="A1B2C3", status="paid").to_dict()
    tokens, rows = [], []
    for i in range(n):
        token, ref = new_receipt_ids(rng)
        body = {**template, "token": token, "short_ref": ref}
        tokens.append(token)
        rows.append((token, "EVK-BENCH-1", json.dumps(body, sort_keys=True, separators=(",", ":")),
                     "Stationsplein 12, Utrecht", "Bench B.V.", "NL000B01", 1795904000.0 + i))
    db = sqlite3.connect(db_path)
    with db:
        db.executemany("INSERT INTO receipts VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    db.close()
    return tokens


async def _one(reader, writer, path: str) -> float:
    t0 = time.perf_counter()
    writer.write(f"GET {path} HTTP/1.1\r\nHost: bench\r\nAccept-Language: en\r\n\r\n".encode())
    head = await reader.readuntil(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    await reader.readexactly(length)
    status = int(head.split(b" ", 2)[1])
    if status not in (200, 404):
        raise RuntimeError(f"{path}: HTTP {status}")
    return time.perf_counter() - t0


async def load(port: int, paths, seconds: float) -> list[float]:
    """CONNECTIONS connections, each sending its next request when the last is answered."""
    latencies: list[float] = []
    end = time.perf_counter() + seconds

    async def worker(n: int) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        rng = random.Random(n)
        try:
            while time.perf_counter() < end:
                latencies.append(await _one(reader, writer, paths(rng)))
        finally:
            writer.close()
    await asyncio.gather(*(worker(n) for n in range(CONNECTIONS)))
    return latencies


def measure(port: int, paths, seconds: float) -> dict:
    t0 = time.perf_counter()
    lat = asyncio.run(load(port, paths, seconds))
    wall = time.perf_counter() - t0
    lat.sort()
    return {"requests": len(lat), "rps": len(lat) / wall,
            "p50_ms": statistics.median(lat) * 1000, "p99_ms": lat[int(len(lat) * 0.99)] * 1000}


def run() -> dict:
    if not hasattr(os, "sched_setaffinity") or os.cpu_count() < 2:
        print("needs Linux and two CPUs (server on one, load on the other); skipped")
        return {}
    rng = random.Random(2026)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        t0 = time.perf_counter()
        tokens = fill(tmp / "receipts.sqlite3", RECEIPTS, rng)
        print(f"{RECEIPTS:,} receipts stored in {time.perf_counter() - t0:.1f} s "
              f"({(tmp / 'receipts.sqlite3').stat().st_size / 1e6:.0f} MB)")
        (tmp / "server.toml").write_text(
            f'[server]\nport = 0\ndata_dir = "{tmp}"\nrate_limit_per_minute = 100000000\n'
            f'rate_limit_burst = 100000000\n[stations.EVK-BENCH-1]\nkey = "{KEY}"\n')
        server = subprocess.Popen(
            ["taskset", "-c", "0", sys.executable, "-m", "kiosk.cli", "receipt-server",
             "--config", str(tmp / "server.toml")], cwd=ROOT, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, text=True)
        try:
            port = int(server.stdout.readline().strip().rsplit(":", 1)[-1])
            os.sched_setaffinity(0, {1})
            kinds = {
                "page": lambda r: f"/r/{tokens[r.randrange(len(tokens))]}",
                "static": lambda r: "/static/receipt.css",
                "404": lambda r: "/r/" + "".join(r.choice("ABCDEFGHJKMNPQRSTVWXYZ") for _ in range(22)),
                # Malformed tokens take the same path as unknown ones: compare the two.
                "404-bad": lambda r: "/r/" + "".join(r.choice("!$'()*+,;=@~.") for _ in range(r.randrange(1, 40))),
            }
            measure(port, kinds["page"], 1.0)                 # warm up (imports, caches)
            results: dict[str, list[dict]] = {k: [] for k in kinds}
            for _ in range(3):
                for kind, paths in kinds.items():
                    results[kind].append(measure(port, paths, SECONDS))
        finally:
            server.terminate()
            server.wait(10)
            os.sched_setaffinity(0, set(range(os.cpu_count())))
    best = {k: max(v, key=lambda m: m["rps"]) for k, v in results.items()}
    for kind, runs in results.items():
        b = best[kind]
        each = ", ".join(f"{m['rps']:.0f}" for m in runs)
        print(f"{kind:>7}: {b['rps']:7.0f} req/s (runs: {each}), p50 {b['p50_ms']:.2f} ms, "
              f"p99 {b['p99_ms']:.2f} ms ({CONNECTIONS} connections, server on one core)")
    page, static = best["page"], best["static"]
    print(f"receipt page vs static file: {page['rps'] / static['rps']:.2f} of its requests per "
          f"second, p99 {page['p99_ms'] / static['p99_ms']:.2f} times its p99")
    bad, unknown = best["404-bad"], best["404"]
    print(f"malformed vs unknown token (the same 404): p50 {bad['p50_ms']:.2f} vs "
          f"{unknown['p50_ms']:.2f} ms, ratio {bad['p50_ms'] / unknown['p50_ms']:.2f}")
    return {"best": best, "page_to_static_rps": page["rps"] / static["rps"]}


if __name__ == "__main__":
    run()
