"""Issue 10 item 4: a terminal sending garbage gets bounded warnings — the first
few, then one summary with the count — and no hex dump in the log (the bytes go
to the wire log only). Over a real TCP socket against the simulator."""
from __future__ import annotations

import asyncio
import logging
import re

import pytest

from kiosk.psp.framing import MAGIC, Direction, checksum
from kiosk.psp.transport import TcpTransport

pytestmark = pytest.mark.timeout(60)

BAD_FRAMES = 2000


def bad_frame(n: int) -> bytes:
    body = bytes([Direction.TERMINAL, 4, MAGIC, 0x10, n & 0xFF, 0x00])
    return body + bytes([(checksum(body) + 1) & 0xFF])    # a checksum that is wrong


async def test_garbage_from_the_terminal_gets_a_few_warnings_and_one_summary(
        sim, tcp_server, make_client, caplog):
    caplog.set_level(logging.INFO, logger="kiosk.psp.client")
    client, _events, wire = await make_client(lambda: TcpTransport("127.0.0.1", tcp_server, 2.0))
    for chunk in range(20):                       # 2,000 bad frames in 20 bursts
        sim.send_garbage(b"".join(bad_frame(i) for i in range(BAD_FRAMES // 20)))
        sim.send_garbage(bytes(range(256)) * 4)   # and bytes that start no frame at all
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.3)
    assert client.counters.bad_checksums == BAD_FRAMES
    assert await client.status() is not None      # still talking to the terminal
    await client.close()
    lines = [r.getMessage() for r in caplog.records if r.name == "kiosk.psp.client"
             and r.levelno >= logging.WARNING]
    assert len(lines) <= 5, lines
    assert "2,000 frames with a bad checksum dropped in the last" in "\n".join(lines), lines
    hexdump = re.compile(r"(?:\b[0-9a-f]{2} ){4}", re.I)
    assert not any(hexdump.search(line) for line in lines), lines
