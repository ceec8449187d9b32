"""Cost of the PSP codec per frame, against the frame's own time on the wire.

(a) Session Approved with card hash (40 hex) and masked PAN through the full path:
    typed message -> Codec.encode -> bytes -> StreamDecoder.feed -> Codec.decode -> message.
(b) a mixed stream (status replies, results, card read, approved, UI request): every
    message encoded, the bytes fed in random chunk sizes, every frame decoded.

Goal: encode + decode of a frame costs at most 1 % of its wire time at 115200 baud 8N1
(10 bits per byte). Figures: best of N repeats (the machine's capability) and median.
"""
from __future__ import annotations

import random
import statistics
import time

from kiosk.psp import assumptions
from kiosk.psp.framing import Direction, StreamDecoder
from kiosk.psp.messages import (CardRead, Codec, Dol, Result, ResultCode, SessionApproved,
                                Status, TerminalState, UiRequest)

BAUD = assumptions.DEFAULT_BAUD     # 115200
BITS_PER_BYTE = 10                  # 8N1: start + 8 data + stop
GOAL = 0.01                         # codec time <= 1 % of wire time
REPEATS = 7

CARD_HASH = "3f2a9c04e1b8d7a6f5c4b3a29180f7e6d5c4b3a2"   # 40 hex characters
MASKED_PAN = "476173******0119"


def wire_us(nbytes: float, baud: int = BAUD) -> float:
    return nbytes * BITS_PER_BYTE / baud * 1e6


def approved() -> SessionApproved:
    return SessionApproved(0x00012345, Dol.of(card_hash=CARD_HASH, masked_pan=MASKED_PAN))


def mixed_messages(n: int, rng: random.Random) -> list:
    card = Dol.of(card_hash=CARD_HASH, masked_pan=MASKED_PAN, brand_name="VISA")
    kinds = [
        lambda: Status(rng.choice(list(TerminalState)), rng.random() < 0.5),
        lambda: Result(rng.choice([ResultCode.OK, ResultCode.NOT_OK])),
        lambda: CardRead(card),
        lambda: SessionApproved(rng.randrange(1 << 32), card),
        lambda: UiRequest((("type", "template"), ("template", assumptions.UI_TEMPLATE),
                           (assumptions.UI_KEY_TITLE, "Charge point 2"),
                           (assumptions.UI_KEY_TEXT, f"Charging {rng.randrange(100)} kWh"))),
    ]
    weights = [5, 4, 1, 1, 2]   # a session is mostly status polls and results
    return [rng.choices(kinds, weights)[0]() for _ in range(n)]


def _figures(name: str, samples_ns: list[float], frame_bytes: float) -> dict:
    best = min(samples_ns) / 1000
    median = statistics.median(samples_ns) / 1000
    wire = wire_us(frame_bytes)
    fig = {
        "frame_bytes": round(frame_bytes, 1),
        "wire_us": round(wire, 1),
        "best_us": round(best, 3),
        "median_us": round(median, 3),
        "best_fraction": best / wire,
        "median_fraction": median / wire,
        "goal_fraction": GOAL,
        "pass": median / wire <= GOAL,
    }
    print(f"{name}")
    print(f"  frame {frame_bytes:.1f} bytes = {wire:.1f} us on the wire at {BAUD} baud 8N1")
    print(f"  encode+decode: best {best:.2f} us ({100 * best / wire:.3f} %), "
          f"median {median:.2f} us ({100 * median / wire:.3f} %) per frame")
    print(f"  goal <= {100 * GOAL:.0f} % of wire time (median): "
          f"{'PASS' if fig['pass'] else 'FAIL'}")
    return fig


def bench_approved(iterations: int = 5000, repeats: int = REPEATS) -> dict:
    codec = Codec()
    msg = approved()
    raw = codec.encode(msg)
    dec = StreamDecoder(accept=Direction.TERMINAL)
    (frame,) = dec.feed(raw)
    assert codec.decode(frame) == msg, "round trip failed"
    encode, feed, decode = codec.encode, dec.feed, codec.decode
    samples = []
    for _ in range(repeats):
        t0 = time.perf_counter_ns()
        for _ in range(iterations):
            for f in feed(encode(msg)):
                decode(f)
        samples.append((time.perf_counter_ns() - t0) / iterations)
    assert dec.skipped_bytes == 0 and dec.bad_checksums == 0
    return _figures("(a) Session Approved, card hash + masked PAN, message -> bytes -> message",
                    samples, len(raw))


def bench_mixed(frames: int = 2000, repeats: int = REPEATS, seed: int = 1) -> dict:
    rng = random.Random(seed)
    codec = Codec()
    msgs = mixed_messages(frames, rng)
    wire = b"".join(codec.encode(m) for m in msgs)
    cuts, i = [], 0
    while i < len(wire):                       # random read sizes, 1 to 64 bytes
        n = rng.randint(1, 64)
        cuts.append((i, i + n))
        i += n
    # Correctness first, outside the timing.
    dec = StreamDecoder()
    got = [codec.decode(f) for a, b in cuts for f in dec.feed(wire[a:b])]
    assert got == msgs, "mixed stream did not round-trip"

    encode, decode = codec.encode, codec.decode
    samples = []
    for _ in range(repeats):
        dec = StreamDecoder()
        feed = dec.feed
        t0 = time.perf_counter_ns()
        data = b"".join([encode(m) for m in msgs])
        n = 0
        for a, b in cuts:
            for f in feed(data[a:b]):
                decode(f)
                n += 1
        samples.append((time.perf_counter_ns() - t0) / n)
    return _figures(f"(b) mixed stream of {frames} frames in {len(cuts)} random reads "
                    f"(status, result, card read, approved, UI request)",
                    samples, len(wire) / frames)


def bench_garbage(nbytes: int = 1 << 20, repeats: int = 3, seed: int = 2) -> dict:
    """(c) random bytes (a hostile or broken terminal) through StreamDecoder.feed in
    4 KB reads: garbage bytes per CPU second, and how many times the wire can
    deliver that (a line that can only bring 11,520 bytes/s)."""
    rng = random.Random(seed)
    data = rng.randbytes(nbytes)
    samples = []
    for _ in range(repeats):
        dec = StreamDecoder(accept=Direction.TERMINAL)
        t0 = time.process_time()
        for i in range(0, nbytes, 4096):
            dec.feed(data[i:i + 4096])
        samples.append(time.process_time() - t0)
    best = min(samples)
    rate = nbytes / best
    line = BAUD / BITS_PER_BYTE
    print("(c) garbage: random bytes through the stream decoder in 4 KB reads")
    print(f"  {rate / 1e6:.1f} MB of garbage per CPU second (one core); the wire brings "
          f"{line:.0f} B/s: decoding a saturated line of garbage costs "
          f"{100 * line / rate:.3f} % of a core")
    return {"garbage_bytes_per_cpu_s": round(rate), "cpu_pct_of_saturated_line":
            round(100 * line / rate, 4), "pass": line / rate <= GOAL}


def run() -> dict:
    results = {"approved": bench_approved(), "mixed": bench_mixed(), "garbage": bench_garbage()}
    verdict = all(r["pass"] for r in results.values())
    print(f"codec overall: {'PASS' if verdict else 'FAIL'}")
    results["pass"] = verdict
    return results


if __name__ == "__main__":
    run()
