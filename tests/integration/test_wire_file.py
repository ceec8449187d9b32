"""The wire log file (issue 10 item 4): the client's frames, card hash starred, in a
size-capped, rotated, owner-only file that a restart does not lose. A real client
over a real TCP socket against the terminal simulator, which pays with a card and
spews garbage frames until far more than the cap has been written."""
from __future__ import annotations

import asyncio
import stat

import pytest

from kiosk.app import _both
from kiosk.psp.framing import MAGIC, Direction, checksum
from kiosk.psp.transport import TcpTransport
from kiosk.psp.wirelog import WireFile, WireLog, wire_files
from kiosk.sim.terminal import CARDS

from test_psp_client import pay

pytestmark = pytest.mark.timeout(60)

CAP = 4096          # bytes per file in this test (2 MB on a station)
BACKUPS = 2         # wire.log, wire.log.1, wire.log.2


def bad_frame(n: int) -> bytes:
    body = bytes([Direction.TERMINAL, 4, MAGIC, 0x10, n & 0xFF, 0x00])
    return body + bytes([(checksum(body) + 1) & 0xFF])


async def test_the_wire_file_is_capped_rotated_owner_only_and_shows_no_card_hash(
        sim, tcp_server, make_client, tmp_path):
    path = tmp_path / "wire.log"
    memory = WireLog(maxlen=100_000)
    wire_file = WireFile(path, max_bytes=CAP, backups=BACKUPS)
    client, events, _ = await make_client(lambda: TcpTransport("127.0.0.1", tcp_server, 2.0))
    client.wire_log = _both(memory, wire_file)
    logged = 0
    loop = asyncio.get_running_loop()
    end = loop.time() + 30
    payments = 0
    # At most 40 rounds or 30 s, until five times the whole cap has gone to the file.
    for n in range(40):
        if logged > 5 * CAP * (BACKUPS + 1) or loop.time() > end:
            break
        approved = await pay(client, events, sim, 2500, reference=n + 1)
        assert approved.card_hash == CARDS["visa"].card_hash
        assert await client.void(approved.session_id)
        payments += 1
        sim.send_garbage(b"".join(bad_frame(i) for i in range(30)))
        await asyncio.sleep(0.05)
        logged = sum(len(line) + 26 for line in memory.lines())   # + the stamp, newline
        for f in wire_files(path):
            assert f.stat().st_size <= CAP, f"{f.name} grew to {f.stat().st_size} bytes"
    assert logged > 5 * CAP * (BACKUPS + 1), f"only {logged} bytes logged in {payments} payments"
    await client.close()
    wire_file.close()

    files = wire_files(path)
    assert [f.name for f in files] == ["wire.log.2", "wire.log.1", "wire.log"]
    assert not (tmp_path / "wire.log.3").exists()
    for f in files:
        assert 0 < f.stat().st_size <= CAP
        assert stat.S_IMODE(f.stat().st_mode) == 0o600, f"{f.name} is {f.stat().st_mode:o}"
    text = "".join(f.read_text() for f in files)
    secret = CARDS["visa"].card_hash
    assert secret not in text and secret.encode().hex(" ").upper() not in text
    # The card frames are there, hash starred, masked PAN as sent.
    starred = ("2A " * len(secret)).strip()
    card_lines = [line for line in text.splitlines() if " Card Read " in line]
    assert card_lines and all(starred in line for line in card_lines)
    assert all(CARDS["visa"].masked_pan.encode().hex(" ").upper() in line for line in card_lines)
    # The newest frames are in the newest file, in order, after their UTC stamp.
    last = path.read_text().splitlines()
    assert last[-1].endswith(memory.lines()[-1]) and last[-1][:4].isdigit() and "Z " in last[-1]


async def test_the_wire_file_survives_a_restart_and_tightens_a_loose_mode(
        sim, tcp_server, make_client, tmp_path):
    path = tmp_path / "wire.log"
    path.write_text("2026-01-01T00:00:00.000Z before the crash\n")
    path.chmod(0o644)
    wire_file = WireFile(path, max_bytes=CAP, backups=BACKUPS)
    client, events, wire = await make_client(lambda: TcpTransport("127.0.0.1", tcp_server, 2.0))
    client.wire_log = _both(wire, wire_file)
    assert await client.status() is not None
    await client.close()
    wire_file.close()
    lines = path.read_text().splitlines()
    assert lines[0].endswith("before the crash") and lines[-1].endswith(wire.lines()[-1])
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
