"""The terminal simulator, driven with real PSP bytes through the real codec."""
from __future__ import annotations

import asyncio
import threading

import pytest
import serial

from kiosk.psp.framing import Direction, Frame, StreamDecoder, encode_frame
from kiosk.psp.messages import (
    AuthSession, CancelSession, CardRead, Codec, CommitSession, DeclineReason, Disable, Enable,
    GetStatus, Protocol, ProtocolEcho, ReadCard, Reset, Result, SessionApproved,
    SessionCancelled, SessionDeclined, Setup, StartSession, Status, Synchronize,
    SynchronizeEcho, TerminalState, TransactionEvent, UiRequest, UpdateSession, VoidSession)
from kiosk.sim.server import close_pty, serve_pty, serve_tcp
from kiosk.sim.terminal import CARDS, DEFAULT_CARD, Outcome, TerminalSimulator, outcome_for_amount

OK, NOT_OK = Result(0), Result(1)
S = TerminalState


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Host:
    """A test host: encodes commands with the codec and decodes what the simulator sends."""

    def __init__(self, sim: TerminalSimulator):
        self.sim = sim
        self.codec = Codec()
        self.decoder = StreamDecoder(accept=Direction.TERMINAL)
        self.raw = bytearray()
        self.closed = 0
        sim.attach(self._recv, self._close)

    def _recv(self, data: bytes) -> None:
        self.raw += data

    def _close(self) -> None:
        self.closed += 1

    def take(self) -> list:
        data, self.raw = bytes(self.raw), bytearray()
        return [self.codec.decode(f) for f in self.decoder.feed(data)]

    def send(self, msg) -> list:
        self.sim.receive(self.codec.encode(msg, self.decoder.extended))
        return self.take()

    def bring_up(self, options: int = 0x08, timeout_s: int = 3600, action: int = 0) -> None:
        assert self.send(Synchronize()) == [SynchronizeEcho()]
        assert self.send(Protocol(3, options)) == [ProtocolEcho(3, options)]
        self.decoder.extended = bool(options & 0x04)
        assert self.send(Setup(timeout_s, action)) == [OK]
        assert self.send(Enable()) == [OK]

    def pay(self, amount: int, reference: int = 7) -> list:
        """Start Session, tap, Auth Session; returns what came after the Result OK of Auth."""
        assert self.send(StartSession(amount, reference)) == [OK]
        assert self.sim.present_card()
        read = self.take()
        assert len(read) == 1 and isinstance(read[0], CardRead)
        out = self.send(AuthSession())
        assert out[0] == OK
        return out[1:]


@pytest.fixture
def sim():
    return TerminalSimulator(auth_delay=0, idle_close_s=None)


@pytest.fixture
def host(sim):
    return Host(sim)


def status(host) -> Status:
    (st,) = host.send(GetStatus())
    return st


# ------------------------------------------------------------------ bring-up and states

def test_bring_up_sequence_and_status_codes(host):
    assert status(host) == Status(S.OFFLINE, False)
    assert host.send(Synchronize()) == [SynchronizeEcho()]
    assert status(host) == Status(S.ONLINE, False)
    assert host.send(Protocol(3, 0x0A)) == [ProtocolEcho(3, 0x0A)]
    assert host.send(Setup(172800, 0)) == [OK]
    assert status(host) == Status(S.DISABLED, False)
    assert host.send(Enable()) == [OK]
    assert host.send(Enable()) == [OK]          # resent as a link check
    assert host.send(StartSession(2500, 10)) == [OK]
    assert status(host) == Status(S.WAIT_CARD, True)
    assert host.send(Disable()) == [NOT_OK]
    assert host.send(CancelSession()) == [SessionCancelled()]
    assert host.send(Disable()) == [OK]
    assert status(host) == Status(S.DISABLED, False)
    assert host.send(Reset()) == [OK]
    assert status(host) == Status(S.OFFLINE, False)


def test_synchronize_vector_bytes(sim, host):
    sim.receive(bytes.fromhex("CC 02 3C 24 2E"))
    assert bytes(host.raw) == bytes.fromhex("AA 02 3C 24 0C")


def test_wrong_state_and_unknown_commands_get_not_ok(sim, host):
    assert host.send(Protocol(3, 0)) == [NOT_OK]       # OFFLINE
    assert host.send(Setup()) == [NOT_OK]
    assert host.send(Enable()) == [NOT_OK]
    host.send(Synchronize())
    assert host.send(Enable()) == [NOT_OK]             # ONLINE: Setup first
    assert host.send(StartSession(100, 1)) == [NOT_OK]
    assert host.send(UiRequest((("type", "template"),))) == [NOT_OK]
    host.send(Setup())
    assert host.send(Protocol(3, 0)) == [NOT_OK]       # only in ONLINE
    assert host.send(AuthSession()) == [NOT_OK]
    assert host.send(CancelSession()) == [NOT_OK]
    sim.receive(encode_frame(Frame(Direction.HOST, 0x7E, b"")))
    assert host.take() == [NOT_OK]
    assert sim.counters.unknown_commands == 1
    assert sim.counters.not_ok == 10


def test_chunked_and_concatenated_input(sim, host):
    data = host.codec.encode(Synchronize()) + host.codec.encode(GetStatus())
    for b in data:
        sim.receive(bytes([b]))
    assert host.take() == [SynchronizeEcho(), Status(S.ONLINE, False)]
    sim.receive(b"\x01\x02" + data)
    assert host.take() == [SynchronizeEcho(), Status(S.ONLINE, False)]
    assert sim.counters.skipped_bytes == 2


# ------------------------------------------------------------------ the amount convention

@pytest.mark.parametrize("cents,expected", [
    (0, Outcome.approve()), (50, Outcome.approve()), (1, Outcome.decline(0x01)),
    (9, Outcome.decline(DeclineReason.INSUFFICIENT_FUNDS)), (12, Outcome.decline(0x0C)),
    (13, Outcome.decline(0xFF)), (97, Outcome.decline(0x08)), (98, Outcome.no_card()),
    (99, Outcome.approve(refuse_updates=True))])
def test_outcome_for_amount(cents, expected):
    assert outcome_for_amount(2500 + cents) == expected


def test_outcome_parse_round_trip():
    for text in ("approve", "approve:no_update", "decline:0x09", "no_card"):
        assert str(Outcome.parse(text)) == text
    assert Outcome.parse("decline:insufficient_funds") == Outcome.decline(9)
    assert Outcome.parse("decline") == Outcome.decline(0xFF)
    with pytest.raises(ValueError):
        Outcome.parse("maybe")


def test_approved_session_carries_card_data(sim, host):
    host.bring_up()
    (approved,) = host.pay(2500)
    assert isinstance(approved, SessionApproved) and approved.session_id == 1
    assert approved.dol.text("card_hash") == DEFAULT_CARD.card_hash
    assert approved.dol.text("masked_pan") == "476173******0119"
    assert approved.dol.text("brand_name") == "VISA"
    assert approved.dol.text("host_response_code") == "00"
    assert approved.dol.text("host_reference").startswith("SIM")
    s = sim.sessions[1]
    assert (s.amount, s.reference, s.status) == (2500, 7, "open")
    assert status(host) == Status(S.ENABLED, False)
    (second,) = host.pay(1000)
    assert second.session_id == 2


@pytest.mark.parametrize("cents,reason", [(2, 0x02), (9, 0x09), (12, 0x0C), (13, 0xFF), (97, 0x08)])
def test_declines_by_amount(sim, host, cents, reason):
    host.bring_up()
    assert host.pay(2500 + cents) == [SessionDeclined(reason)]
    assert status(host) == Status(S.ENABLED, False)
    assert sim.sessions == {}


def test_decline_without_option_0x08_has_no_reason(host):
    host.bring_up(options=0)
    assert host.pay(2509) == [SessionDeclined()]
    assert host.codec.encode(SessionDeclined()) == bytes.fromhex("AA 02 3C 32 1A")


def test_card_read_failure_declines_at_the_tap(sim, host):
    host.bring_up()
    host.send(StartSession(2501, 1))
    assert sim.present_card()
    assert host.take() == [SessionDeclined(0x01)]
    assert sim.state == S.ENABLED


def test_no_card_amount_and_card_detect_timeout(host):
    clock = FakeClock()
    sim = TerminalSimulator(auth_delay=0, idle_close_s=None, card_detect_timeout=5, clock=clock)
    host = Host(sim)
    host.bring_up()
    host.send(StartSession(2598, 1))
    assert sim.present_card()                 # .98: nothing presented, timeout right away
    assert host.take() == [SessionDeclined(0x02)]
    host.send(StartSession(2500, 2))
    clock.now += 4.9
    sim.tick()
    assert host.take() == []
    clock.now += 0.2
    sim.tick()
    assert host.take() == [SessionDeclined(0x02)]
    assert sim.state == S.ENABLED
    assert not sim.present_card()             # not waiting any more


def test_explicit_outcome_and_card(sim, host):
    host.bring_up()
    host.send(StartSession(2500, 1))
    assert sim.present_card(CARDS["amex"], Outcome.decline(0x05))
    (read,) = host.take()
    assert read.dol.text("brand_name") == "AMEX"
    assert host.send(AuthSession()) == [OK, SessionDeclined(0x05)]


def test_host_unreachable_declines_with_host_error(sim, host):
    host.bring_up()
    sim.set_online(False)
    assert host.pay(2500) == [SessionDeclined(0x03)]
    sim.set_online(True)
    assert isinstance(host.pay(2500)[0], SessionApproved)


def test_auth_delay_and_transaction_events():
    clock = FakeClock()
    sim = TerminalSimulator(auth_delay=0.5, idle_close_s=None, clock=clock)
    host = Host(sim)
    host.bring_up(options=0x09)
    assert host.send(StartSession(2500, 1)) == [OK, TransactionEvent(S.WAIT_CARD)]
    sim.present_card()
    assert [type(m) for m in host.take()] == [CardRead, TransactionEvent]
    assert host.send(AuthSession()) == [OK]
    assert host.send(CancelSession()) == [NOT_OK]     # authorization in flight
    assert host.send(AuthSession()) == [NOT_OK]
    assert status(host) == Status(S.WAIT_AUTH, True)
    clock.now += 0.5
    sim.tick()
    out = host.take()
    assert isinstance(out[0], SessionApproved) and out[1] == TransactionEvent(S.ENABLED)


def test_read_card_returns_to_enabled(sim, host):
    host.bring_up()
    assert host.send(ReadCard(5)) == [OK]
    assert sim.present_card(CARDS["mastercard"])
    (read,) = host.take()
    assert read.dol.text("masked_pan") == "555555******4444"
    assert sim.state == S.ENABLED and sim.sessions == {}
    assert host.send(AuthSession()) == [NOT_OK]


def test_auto_tap():
    clock = FakeClock()
    sim = TerminalSimulator(auto_tap=2, auth_delay=0, idle_close_s=None, clock=clock)
    host = Host(sim)
    host.bring_up()
    host.send(StartSession(2500, 1))
    clock.now += 2
    sim.tick()
    assert [type(m) for m in host.take()] == [CardRead]
    host.send(CancelSession())
    host.send(StartSession(2598, 2))
    clock.now += 2
    sim.tick()
    assert host.take() == [SessionDeclined(0x02)]


# ------------------------------------------------------------------ cancel, commit, void, update

def test_cancel_in_wait_card_and_wait_auth(sim, host):
    host.bring_up()
    host.send(StartSession(2500, 1))
    assert host.send(CancelSession()) == [SessionCancelled()]
    assert sim.state == S.ENABLED
    host.send(StartSession(2500, 1))
    sim.present_card()
    host.take()
    assert host.send(CancelSession()) == [SessionCancelled()]
    assert host.send(CancelSession()) == [NOT_OK]
    assert host.codec.encode(SessionCancelled()) == bytes.fromhex("AA 02 3C 33 1B")


def test_commit_and_void_exactly_once(sim, host):
    host.bring_up()
    a = host.pay(2500)[0].session_id
    b = host.pay(3000)[0].session_id
    assert host.send(CommitSession(a, 2600)) == [NOT_OK]    # more than authorized
    assert host.send(CommitSession(a, 1234)) == [OK]
    assert host.send(CommitSession(a, 1234)) == [NOT_OK]
    assert host.send(VoidSession(a)) == [NOT_OK]
    assert host.send(VoidSession(b)) == [OK]
    assert host.send(VoidSession(b)) == [NOT_OK]
    assert host.send(VoidSession(99)) == [NOT_OK]           # unknown: not a double
    assert sim.double_finalisations == 3
    assert (sim.sessions[a].status, sim.sessions[a].committed_amount) == ("committed", 1234)
    assert sim.sessions[b].status == "voided"
    summary = sim.books_summary()
    assert (summary["committed"], summary["voided"], summary["open"]) == (1, 1, 0)
    assert summary["committed_amount"] == 1234 and summary["double_finalisations"] == 3


def test_commit_allowed_in_disabled_but_not_offline(sim, host):
    host.bring_up()
    sid = host.pay(2500)[0].session_id
    host.send(Disable())
    assert host.send(CommitSession(sid, 100)) == [OK]
    sid2 = (host.send(Enable()), host.pay(2500)[0].session_id)[1]
    host.send(Reset())
    assert host.send(VoidSession(sid2)) == [NOT_OK]        # OFFLINE: wrong state
    assert sim.sessions[sid2].status == "open"


def test_update_raises_amount_but_not_for_99(sim, host):
    host.bring_up()
    sid = host.pay(2500)[0].session_id
    assert host.send(UpdateSession(sid, 5000)) == [OK]
    assert host.send(CommitSession(sid, 4500)) == [OK]
    assert sim.sessions[sid].updates == [5000]
    assert host.send(UpdateSession(sid, 6000)) == [NOT_OK]   # closed
    sid99 = host.pay(2599)[0].session_id
    assert host.send(UpdateSession(sid99, 5000)) == [NOT_OK]
    assert host.send(CommitSession(sid99, 2600)) == [NOT_OK]
    assert host.send(CommitSession(sid99, 2599)) == [OK]
    assert sim.double_finalisations == 0


def test_session_timeout_commits_or_voids():
    clock = FakeClock()
    sim = TerminalSimulator(auth_delay=0, idle_close_s=None, clock=clock)
    host = Host(sim)
    host.bring_up(timeout_s=10, action=0)
    a = host.pay(2500)[0].session_id
    b = host.pay(1000)[0].session_id
    host.send(VoidSession(b))
    clock.now += 10
    sim.tick()
    assert (sim.sessions[a].status, sim.sessions[a].committed_amount) == ("committed", 2500)
    assert sim.sessions[a].finalised_by == "timeout"
    assert sim.sessions[b].finalised_by == "host"
    host.send(Reset())
    host.bring_up(timeout_s=10, action=1)
    c = host.pay(2500)[0].session_id
    clock.now += 10
    sim.tick()
    assert sim.sessions[c].status == "voided"
    assert host.send(VoidSession(c)) == [NOT_OK]


def test_ui_request_is_mirrored(sim, host):
    host.bring_up()
    pairs = (("type", "template"), ("template", "message"), ("comp.title.value", "Tap card"))
    assert host.send(UiRequest(pairs)) == [OK]
    assert sim.display == pairs
    host.send(Disable())
    assert host.send(UiRequest((("type", "template"),))) == [NOT_OK]
    assert sim.display == pairs


def test_ui_request_on_configured_code():
    sim = TerminalSimulator(ui_request_code=0x40, auth_delay=0, idle_close_s=None)
    host = Host(sim)
    host.codec = Codec(0x40)
    host.bring_up()
    assert host.send(UiRequest((("k", "v"),))) == [OK]
    assert sim.display == (("k", "v"),)


# ------------------------------------------------------------------ line faults

def test_bad_checksum_gets_no_reply(sim, host):
    frame = bytearray(host.codec.encode(Synchronize()))
    frame[-1] ^= 0xFF
    sim.receive(bytes(frame))
    assert host.raw == b"" and sim.counters.bad_checksums == 1
    assert sim.state == S.OFFLINE


def test_extended_block_after_protocol_0x04(sim, host):
    host.send(Synchronize())
    proto = host.codec.encode(Protocol(3, 0x0C))
    enable_ext = host.codec.encode(GetStatus(), extended=True)
    sim.receive(proto + enable_ext)            # both in one chunk
    raw = bytes(host.raw)
    normal_echo = host.codec.encode(ProtocolEcho(3, 0x0C))
    assert raw.startswith(normal_echo)         # the Protocol reply stays normal
    assert raw[len(normal_echo):] == host.codec.encode(Status(S.ONLINE, False), extended=True)
    host.raw.clear()
    assert sim.extended
    sim.receive(host.codec.encode(Reset(), extended=True))
    assert bytes(host.raw) == host.codec.encode(OK)   # Reset: back to normal
    assert not sim.extended


def test_corrupt_next_reply_and_garbage(sim, host):
    sim.corrupt_next_reply()
    assert host.send(GetStatus()) == []
    assert host.decoder.bad_checksums == 1
    assert host.send(GetStatus()) == [Status(S.OFFLINE, False)]
    sim.send_garbage()
    assert host.send(GetStatus()) == [Status(S.OFFLINE, False)]
    assert host.decoder.skipped_bytes > 0


def test_delay_replies():
    clock = FakeClock()
    sim = TerminalSimulator(idle_close_s=None, clock=clock)
    host = Host(sim)
    sim.delay_replies(1.0)
    assert host.send(Synchronize()) == []
    clock.now += 1.0
    sim.tick()
    assert host.take() == [SynchronizeEcho()]


def test_idle_close_and_drop_link_keep_the_books():
    clock = FakeClock()
    sim = TerminalSimulator(auth_delay=0, idle_close_s=20, clock=clock)
    host = Host(sim)
    host.bring_up()
    sid = host.pay(2500)[0].session_id
    clock.now += 19
    sim.tick()
    host.send(GetStatus())
    clock.now += 19
    sim.tick()
    assert host.closed == 0
    clock.now += 1.5
    sim.tick()
    assert host.closed == 1 and sim.counters.idle_closes == 1
    assert sim.state == S.OFFLINE and not sim.attached
    assert sim.sessions[sid].status == "open"
    host2 = Host(sim)
    host2.bring_up()
    assert host2.send(CommitSession(sid, 2500)) == [OK]
    host2.send(StartSession(100, 1))
    sim.drop_link()
    assert host2.closed == 1 and sim.pending is None and sim.state == S.OFFLINE


def test_log_callback_never_sees_a_full_pan(sim, host):
    lines = []
    sim.log = lambda d, name, hexdata: lines.append((d, name, hexdata))
    host.bring_up()
    host.pay(2500)
    names = [n for _, n, _ in lines]
    assert "Synchronize" in names and "Session Approved" in names
    assert all("*" in bytes.fromhex(h).decode("latin-1") for d, n, h in lines
               if n in ("Card Read", "Session Approved"))


# ------------------------------------------------------------------ real transports

async def _read_messages(reader, decoder, codec, n, timeout=2.0) -> list:
    out: list = []
    async def run():
        while len(out) < n:
            data = await reader.read(4096)
            if not data:
                break
            out.extend(codec.decode(f) for f in decoder.feed(data))
    await asyncio.wait_for(run(), timeout)
    return out


async def test_tcp_bring_up_paid_session_and_idle_close():
    sim = TerminalSimulator(auth_delay=0.02, idle_close_s=0.3)
    server = await serve_tcp(sim, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    codec, decoder = Codec(), StreamDecoder(accept=Direction.TERMINAL)
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        async def call(msg, n=1):
            writer.write(codec.encode(msg))
            await writer.drain()
            return await _read_messages(reader, decoder, codec, n)

        assert await call(Synchronize()) == [SynchronizeEcho()]
        assert await call(Protocol(3, 0x08)) == [ProtocolEcho(3, 0x08)]
        assert await call(Setup(3600, 1)) == [OK]
        assert await call(Enable()) == [OK]
        assert await call(StartSession(2500, 42)) == [OK]
        assert sim.present_card()
        read = await _read_messages(reader, decoder, codec, 1)
        assert isinstance(read[0], CardRead)
        ok, approved = await call(AuthSession(), 2)    # approval after auth_delay, unsolicited
        assert ok == OK and isinstance(approved, SessionApproved)
        assert await call(CommitSession(approved.session_id, 1800)) == [OK]
        assert sim.sessions[approved.session_id].committed_amount == 1800
        # a silent host is disconnected after idle_close_s
        assert await asyncio.wait_for(reader.read(100), 2.0) == b""
        assert sim.counters.idle_closes == 1 and sim.state == S.OFFLINE
    finally:
        writer.close()
        server.close()
        await server.wait_closed()


async def test_tcp_second_connection_replaces_the_first():
    sim = TerminalSimulator(idle_close_s=None)
    server = await serve_tcp(sim)
    port = server.sockets[0].getsockname()[1]
    r1, w1 = await asyncio.open_connection("127.0.0.1", port)
    r2, w2 = await asyncio.open_connection("127.0.0.1", port)
    try:
        assert await asyncio.wait_for(r1.read(100), 2.0) == b""
        codec = Codec()
        w2.write(codec.encode(GetStatus()))
        got = await _read_messages(r2, StreamDecoder(accept=Direction.TERMINAL), codec, 1)
        assert got == [Status(S.OFFLINE, False)]
    finally:
        w1.close()
        w2.close()
        server.close()
        await server.wait_closed()


async def test_pty_synchronize_and_get_status():
    sim = TerminalSimulator(idle_close_s=None)
    path = await serve_pty(sim)
    codec = Codec()

    def host_thread(result: list):
        port = serial.serial_for_url(path, baudrate=115200, timeout=0.2)
        try:
            dec = StreamDecoder(accept=Direction.TERMINAL)
            for msg in (Synchronize(), GetStatus()):
                port.write(codec.encode(msg))
                frames: list = []
                for _ in range(10):
                    frames += dec.feed(port.read(64))
                    if frames:
                        break
                result.extend(codec.decode(f) for f in frames)
        finally:
            port.close()

    result: list = []
    t = threading.Thread(target=host_thread, args=(result,), daemon=True)
    t.start()
    try:
        for _ in range(100):
            if not t.is_alive():
                break
            await asyncio.sleep(0.03)
        assert not t.is_alive()
        assert result == [SynchronizeEcho(), Status(S.ONLINE, False)]
    finally:
        close_pty(path)
        t.join(2)


def test_cli_listens_logs_frames_and_exits_cleanly_on_ctrl_c():
    import re
    import signal
    import socket
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-c", "import sys; from kiosk.cli import main; sys.exit(main())",
         "sim-terminal", "--port", "0", "--log"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = proc.stdout.readline()
        m = re.search(r"tcp://127\.0\.0\.1:(\d+)", first)
        assert m, first
        with socket.create_connection(("127.0.0.1", int(m.group(1))), timeout=3) as s:
            s.sendall(Codec().encode(Synchronize()))
            assert s.recv(16) == bytes.fromhex("AA 02 3C 24 0C")
        lines = [proc.stdout.readline(), proc.stdout.readline()]
        assert "H->T" in lines[0] and "Synchronize" in lines[0] and "CC 02 3C 24 2E" in lines[0]
        assert "T->H" in lines[1] and "AA 02 3C 24 0C" in lines[1]
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=5) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)
