"""PspClient against the terminal simulator over a real TCP socket and a real
pseudo-terminal (pyserial), plus the transports and URL parsing."""
from __future__ import annotations

import asyncio
import socket

import pytest

from kiosk.psp import events as pe
from kiosk.psp.client import (DEFAULT_OPTIONS, BringUpError, CommandRefused, CommandTimeout,
                              NotConnected)
from kiosk.psp.framing import Direction, StreamDecoder
from kiosk.psp.messages import (AuthSession, Codec, DeclineReason, Dol, ProtocolOption, Result,
                                SessionApproved, Status, TerminalState, TimeoutAction)
from kiosk.psp.transport import (NullModemTransport, SerialTransport, TcpTransport,
                                 TransportError, connect_in_process, parse_terminal_url)
from kiosk.sim.terminal import CARDS, Outcome, SimCard, _hash

async def next_event(queue: asyncio.Queue, kind, timeout: float = 3.0):
    """The next event of type `kind`; other events are skipped. Fails after `timeout`."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    seen = []
    while True:
        left = end - loop.time()
        if left <= 0:
            raise AssertionError(f"no {kind} within {timeout} s; saw {seen}")
        try:
            e = await asyncio.wait_for(queue.get(), left)
        except asyncio.TimeoutError:
            raise AssertionError(f"no {kind} within {timeout} s; saw {seen}") from None
        if isinstance(e, kind):
            return e
        seen.append(e)


async def until(predicate, timeout: float = 3.0, step: float = 0.01) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not predicate():
        if loop.time() > end:
            raise AssertionError(f"condition not met within {timeout} s")
        await asyncio.sleep(step)


BRING_UP = ["Get Status", "Reset", "Synchronize", "Protocol", "Setup", "Enable", "Get Status"]


def tcp(port: int):
    return lambda: TcpTransport("127.0.0.1", port, 2.0)


async def pay(client, events, sim, amount: int, reference: int = 1, outcome=None):
    """Start Session, tap, authorize; returns the outcome event."""
    await client.start_session(amount, reference, present_card_message="Tap your card")
    assert sim.present_card(outcome=outcome)
    card = await next_event(events, (pe.CardRead, pe.SessionDeclined))
    if isinstance(card, pe.SessionDeclined):
        return card
    await client.authorize()
    return await next_event(events, (pe.SessionApproved, pe.SessionDeclined))


# ---------------------------------------------------------------- over TCP and PTY

async def test_bring_up(linked, sim):
    kind, client, events, wire = linked
    assert isinstance(await next_event(events, pe.LinkUp), pe.LinkUp)
    st = await next_event(events, pe.TerminalStateChanged)
    assert (st.state, st.transaction_running) == (TerminalState.ENABLED, False)
    assert wire.names("H>T")[:7] == BRING_UP
    assert sim.state == TerminalState.ENABLED
    assert sim.options == DEFAULT_OPTIONS and not sim.options & ProtocolOption.EXTENDED_BLOCK
    assert (sim.session_timeout_s, sim.timeout_action) == (172800, TimeoutAction.COMMIT)
    assert client.ready and client.options == DEFAULT_OPTIONS
    assert ("tcp://127.0.0.1" if kind == "tcp" else "serial /dev/") in client.description


async def test_approved_commit_and_display(linked, sim):
    _, client, events, _ = linked
    approved = await pay(client, events, sim, 2500, reference=42)
    assert isinstance(approved, pe.SessionApproved)
    card = CARDS["visa"]
    assert (approved.card_hash, approved.masked_pan, approved.brand) == (
        card.card_hash, card.masked_pan, "VISA")
    assert approved.host_reference.startswith("SIM") and approved.host_response_code == "00"
    assert sim.sessions[approved.session_id].reference == 42
    assert await client.ui_request([("type", "template"), ("template", "message"),
                                    ("comp.text.value", "Charging")])
    assert sim.display[-1] == ("comp.text.value", "Charging")
    assert await client.update_session(approved.session_id, 3000)
    assert await client.commit(approved.session_id, 2750)
    s = sim.sessions[approved.session_id]
    assert (s.status, s.committed_amount, s.updates) == ("committed", 2750, [3000])


async def test_wire_log_never_shows_the_card_hash(linked, sim):
    _, client, events, wire = linked
    approved = await pay(client, events, sim, 2500)
    card = CARDS["visa"]
    secret = card.card_hash.encode().hex(" ").upper()
    card_frames = [r for r in wire.records if r.name in ("Card Read", "Session Approved")]
    assert len(card_frames) == 2 and approved.card_hash == card.card_hash
    assert all(secret not in r.hex for r in wire.records)
    assert all(("2A " * len(card.card_hash)).strip() in r.hex for r in card_frames)
    assert all(card.masked_pan.encode().hex(" ").upper() in r.hex for r in card_frames)


async def test_the_debug_log_of_a_payment_shows_no_card_hash(linked, sim, caplog):
    # The client logs every event at debug level (journalctl with --log-level debug).
    _, client, events, wire = linked
    with caplog.at_level("DEBUG", logger="kiosk"):
        approved = await pay(client, events, sim, 2500)
    assert approved.card_hash == CARDS["visa"].card_hash
    assert "event CardRead(" in caplog.text and "event SessionApproved(" in caplog.text
    assert CARDS["visa"].card_hash not in caplog.text


async def test_a_full_pan_from_the_terminal_is_masked_in_the_wire_log(linked, sim):
    # A terminal that sends the whole card number where the masked one belongs: the
    # events mask it (kiosk/privacy.py), and so must the frames the service page shows.
    _, client, events, wire = linked
    full = "4761739001010119"
    await client.start_session(2500, 1, present_card_message="Tap your card")
    assert sim.present_card(SimCard(_hash("leaky"), full, "VISA"))
    read = await next_event(events, pe.CardRead)
    assert read.masked_pan == "************0119"
    (frame,) = [r for r in wire.records if r.name == "Card Read"]
    assert full.encode().hex(" ").upper() not in frame.hex
    assert "************0119".encode().hex(" ").upper() in frame.hex


async def test_a_dropped_card_frame_shows_its_card_hash_to_nobody(linked, sim, caplog):
    # A Card Read whose checksum broke on the line is dropped undecoded, so its card
    # hash cannot be found and starred: its payload stays out of the wire log (the
    # service page) and the kiosk's log alike.
    _, client, events, wire = linked
    card = CARDS["visa"]
    secret = card.card_hash.encode().hex(" ").upper()
    await client.start_session(2500, 1, present_card_message="Tap your card")
    sim.corrupt_next_reply()
    with caplog.at_level("DEBUG"):
        assert sim.present_card()
        for _ in range(100):                     # at most 5 s for the frame to arrive
            if client.counters.bad_checksums:
                break
            await asyncio.sleep(0.05)
    dropped = [r for r in wire.records if r.name == "(bad checksum, dropped)"]
    assert client.counters.bad_checksums == 1 and len(dropped) == 1
    assert "withheld" in dropped[0].hex
    assert all(secret not in r.hex for r in wire.records)
    assert secret.replace(" ", "").lower() not in caplog.text.replace(" ", "").lower()


async def test_link_drop_reconnects_with_fresh_bring_up(linked, sim):
    kind, client, events, wire = linked
    approved = await pay(client, events, sim, 1000)
    if kind == "tcp":
        # A command in flight when the cable is pulled fails with NotConnected.
        sim.delay_replies(5.0)
        pending = asyncio.ensure_future(client.status())
        await until(lambda: wire.names("H>T")[-1] == "Get Status")
        sim.drop_link()
        with pytest.raises(NotConnected):
            await asyncio.wait_for(pending, 2)
        sim.delay_replies(0)
    else:
        # A serial line has no connection: the keep-alive finds the terminal OFFLINE.
        client.keepalive_s = 0.1
        sim.drop_link()
    down = await next_event(events, pe.LinkDown)
    assert down.reason == ("terminal closed the connection" if kind == "tcp"
                           else "terminal lost its setup (state OFFLINE)")
    await next_event(events, pe.LinkUp, timeout=5)
    assert wire.names("H>T").count("Synchronize") >= 2 and wire.names("H>T").count("Setup") == 2
    assert sim.state == TerminalState.ENABLED
    # The session opened before the drop is still in the terminal's books.
    assert await client.commit(approved.session_id, 1000)
    assert sim.sessions[approved.session_id].status == "committed"


# ---------------------------------------------------------------- TCP only

@pytest.fixture
async def tcp_client(sim, tcp_server, make_client):
    return await make_client(tcp(tcp_server))


async def test_every_decline_reason(tcp_client, sim):
    client, events, _ = tcp_client
    for reason in [r for r in DeclineReason if r != DeclineReason.NOT_SET]:
        declined = await pay(client, events, sim, 2500, outcome=Outcome.decline(reason))
        assert isinstance(declined, pe.SessionDeclined), reason
        assert declined.reason == reason
        assert declined.reason_name == reason.name.lower()
        if reason != DeclineReason.CARD_READ_FAILURE:   # declined DOL (option 0x10)
            assert declined.masked_pan == CARDS["visa"].masked_pan
        await until(lambda: sim.state == TerminalState.ENABLED)
    # The amount convention by cents picks the outcome too: .09 insufficient funds.
    declined = await pay(client, events, sim, 2509)
    assert declined.reason == DeclineReason.INSUFFICIENT_FUNDS
    assert not sim.sessions


async def test_cancel_while_waiting_for_card(tcp_client, sim):
    client, events, _ = tcp_client
    await client.start_session(500, 3, qr_url="https://example.com/pay")
    await next_event(events, pe.TransactionEvent)
    assert sim.state == TerminalState.WAIT_CARD
    assert await client.cancel() is True
    await next_event(events, pe.SessionCancelled)
    assert sim.state == TerminalState.ENABLED
    assert await client.cancel() is False         # nothing left to cancel: Result NOT OK
    assert not sim.present_card()


async def test_void_and_double_finalisation_refused(tcp_client, sim):
    client, events, _ = tcp_client
    a = await pay(client, events, sim, 4000, reference=1)
    b = await pay(client, events, sim, 4000, reference=2)
    assert await client.void(a.session_id) is True
    assert await client.commit(b.session_id, 3000) is True
    assert await client.commit(b.session_id, 3000) is False
    assert await client.void(a.session_id) is False
    assert sim.sessions[a.session_id].status == "voided"
    assert sim.sessions[b.session_id].committed_amount == 3000
    assert sim.double_finalisations == 2
    assert await client.update_session(b.session_id, 5000) is False


async def test_refusals(tcp_client, sim):
    client, events, _ = tcp_client
    with pytest.raises(CommandRefused):
        await client.authorize()                  # no card read: not in WAIT_AUTH
    await client.start_session(100, 1)
    with pytest.raises(CommandRefused):
        await client.start_session(100, 2)        # already waiting for a card
    assert await client.cancel()


async def test_terminal_offline_declines_host_error(tcp_client, sim):
    client, events, _ = tcp_client
    sim.set_online(False)
    declined = await pay(client, events, sim, 2500)
    assert isinstance(declined, pe.SessionDeclined)
    assert declined.reason == DeclineReason.HOST_ERROR
    sim.set_online(True)
    assert isinstance(await pay(client, events, sim, 2500), pe.SessionApproved)


async def test_read_card(tcp_client, sim):
    client, events, _ = tcp_client
    await client.read_card(9, present_card_message="Tap to stop")
    assert sim.present_card(CARDS["mastercard"])
    read = await next_event(events, pe.CardRead)
    assert read.card_hash == CARDS["mastercard"].card_hash and read.brand == "MASTERCARD"
    assert "dol" not in repr(read)   # logging an event shows the named fields only


async def test_keepalive_polls_and_reports_state(sim, tcp_server, make_client):
    sim.idle_close_s = 0.6
    client, events, wire = await make_client(tcp(tcp_server), keepalive_s=0.1)
    await next_event(events, pe.TerminalStateChanged)
    n = wire.names("H>T").count("Get Status")
    await asyncio.sleep(1.0)
    assert wire.names("H>T").count("Get Status") >= n + 5
    assert sim.counters.idle_closes == 0 and client.ready
    # A state change seen by the keep-alive is published.
    sim.delay_replies(0)
    await client.start_session(100, 1)
    changed = await next_event(events, pe.TerminalStateChanged)
    assert (changed.state, changed.transaction_running) == (TerminalState.WAIT_CARD, True)


async def test_keepalive_timeout_is_link_loss(sim, tcp_server, make_client):
    client, events, wire = await make_client(tcp(tcp_server), keepalive_s=0.1,
                                             command_timeout_s=0.2)
    sim.delay_replies(3.0)    # alive but mute
    down = await next_event(events, pe.LinkDown)
    assert "Get Status" in down.reason
    with pytest.raises(NotConnected):
        await client.commit(1, 100)
    sim.delay_replies(0)
    await next_event(events, pe.LinkUp, timeout=5)


async def test_corrupted_reply_is_dropped_and_client_stays_usable(tcp_client, sim):
    client, events, wire = tcp_client
    client.command_timeout_s = 0.3
    sim.corrupt_next_reply()
    with pytest.raises(CommandTimeout):
        await client.ui_request([("type", "template")])
    assert client.counters.bad_checksums == 1
    assert "(bad checksum, dropped)" in wire.names("T>H")
    # Get Status is idempotent: retried once, so one bad reply costs nothing.
    sim.corrupt_next_reply()
    st = await client.status()
    assert st.state == TerminalState.ENABLED and client.counters.bad_checksums == 2
    # Garbage between frames is skipped.
    sim.send_garbage()
    assert isinstance(await pay(client, events, sim, 700), pe.SessionApproved)
    assert client.ready and client.counters.skipped_bytes > 0


async def test_wire_log(tcp_client, sim):
    client, events, wire = tcp_client
    recs = list(wire.records)
    assert [r.direction for r in recs[:4]] == ["H>T", "T>H", "H>T", "T>H"]
    by_name = {(r.direction, r.name): r.hex for r in recs}
    assert by_name[("H>T", "Synchronize")] == "CC 02 3C 24 2E"
    assert by_name[("T>H", "Synchronize echo")] == "AA 02 3C 24 0C"
    assert by_name[("H>T", "Get Status")] == "CC 02 3C 26 30"
    assert by_name[("T>H", "Result")] == "AA 03 3C 00 00 E9"
    assert by_name[("H>T", "Setup")] == "CC 07 3C 23 00 02 A3 00 00 D7"
    assert all(a.time <= b.time for a, b in zip(recs, recs[1:]))
    await client.void(77)
    assert wire.records[-2].hex == "CC 06 3C 33 00 00 00 4D 8E"
    assert (wire.records[-1].name, wire.records[-1].hex) == ("Result", "AA 03 3C 00 01 EA")
    assert "H>T" in str(wire.records[-2]) and "Void Session" in str(wire.records[-2])


async def test_extended_block_format(sim, tcp_server, make_client):
    opts = DEFAULT_OPTIONS | ProtocolOption.EXTENDED_BLOCK
    client, events, wire = await make_client(tcp(tcp_server), protocol_options=opts)
    assert sim.extended
    protocol_echo = [r for r in wire.records if r.name == "Protocol echo"][0]
    assert protocol_echo.hex.startswith("AA 07 3C 13")           # the echo stays normal
    assert wire.records[-1].hex.startswith("AA 00 00 00 04 3C 26")  # then extended
    approved = await pay(client, events, sim, 2500, outcome=Outcome.approve())
    assert await client.commit(approved.session_id, 2500)


async def test_timeout_action_void_and_options_configurable(sim, tcp_server, make_client):
    await make_client(tcp(tcp_server), timeout_action="void", session_timeout_s=3600,
                      protocol_options=ProtocolOption.DETAILED_RESULTS)
    assert (sim.session_timeout_s, sim.timeout_action) == (3600, TimeoutAction.VOID)
    assert sim.options == ProtocolOption.DETAILED_RESULTS


async def test_bring_up_cancels_a_running_transaction(sim, tcp_server, make_client):
    first, events, _ = await make_client(tcp(tcp_server))
    await first.start_session(100, 1)
    await first.close()
    await until(lambda: not sim.attached)
    # A real Apollo keeps the transaction over a reconnect; make the sim do so too.
    sim.state = TerminalState.WAIT_CARD
    second, events2, wire = await make_client(tcp(tcp_server))
    assert wire.names("H>T")[:3] == ["Get Status", "Cancel Session", "Reset"]
    assert second.status_reply.state == TerminalState.ENABLED


async def test_not_connected_and_refused_port(make_client):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client, events, _ = await make_client(tcp(port), ready=False)
    down = await next_event(events, pe.LinkDown)
    assert down.reason == f"nothing listens on 127.0.0.1:{port} (connection refused)"
    with pytest.raises(NotConnected):
        await client.start_session(100, 1)
    with pytest.raises(TransportError, match="connection refused"):
        await client.bring_up_once()


async def test_bring_up_error_when_nothing_echoes(make_client):
    async def mute(reader, writer):
        try:
            while await reader.read(100):
                pass
        finally:
            writer.close()
    server = await asyncio.start_server(mute, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        client, _, wire = await make_client(tcp(port), ready=False, command_timeout_s=0.1,
                                            sync_timeout_s=0.05, sync_attempts=3)
        await client.close()
        with pytest.raises(BringUpError, match="no echo to Synchronize after 3 tries"):
            await client.bring_up_once()
        assert wire.names("H>T").count("Synchronize") >= 3
    finally:
        server.close()


# ---------------------------------------------------------------- in process

class ScriptedTerminal:
    """A peer that answers Auth Session with the approval itself (no Result first),
    as some terminals may; everything else is answered Result OK / echo."""

    def __init__(self):
        self.codec = Codec()
        self.decoder = StreamDecoder(accept=Direction.HOST)
        self.transport: NullModemTransport | None = None

    def factory(self):
        self.transport = NullModemTransport(self.on_bytes, "scripted")
        return self.transport

    def on_bytes(self, data: bytes) -> None:
        from kiosk.psp.messages import GetStatus, Protocol, ProtocolEcho, Synchronize, SynchronizeEcho
        for frame in self.decoder.feed(data):
            msg = self.codec.decode(frame)
            if isinstance(msg, GetStatus):
                reply = Status(TerminalState.ENABLED, False)
            elif isinstance(msg, Synchronize):
                reply = SynchronizeEcho()
            elif isinstance(msg, Protocol):
                reply = ProtocolEcho(msg.version, msg.options)
            elif isinstance(msg, AuthSession):
                reply = SessionApproved(5, Dol.of(masked_pan="411111******1111"))
            else:
                reply = Result()
            self.transport.deliver(self.codec.encode(reply))


async def test_auth_answered_by_approval(make_client):
    term = ScriptedTerminal()
    client, events, _ = await make_client(term.factory)
    outcome = await client.authorize()
    assert isinstance(outcome, pe.SessionApproved) and outcome.session_id == 5
    published = await next_event(events, pe.SessionApproved)
    assert published.masked_pan == "411111******1111"
    term.transport.drop("cable pulled")
    assert (await next_event(events, pe.LinkDown)).reason == "cable pulled"


async def test_in_process_simulator(sim, make_client):
    client, events, _ = await make_client(connect_in_process(sim))
    assert isinstance(await pay(client, events, sim, 1200), pe.SessionApproved)
    assert NullModemTransport.to_simulator(sim).description == "in-process simulator"


# ---------------------------------------------------------------- transports and URLs

async def test_serial_loop_and_open_error():
    t = SerialTransport("loop://", 115200)
    await t.open()
    try:
        await t.write(b"\xcc\x02\x3c\x26\x30")
        got = b""
        while len(got) < 5:
            got += await asyncio.wait_for(t.read(), 1)
        assert got == b"\xcc\x02\x3c\x26\x30"
    finally:
        await t.close()
    with pytest.raises(TransportError, match="^cannot open /dev/no-such-tty"):
        await SerialTransport("/dev/no-such-tty").open()


@pytest.mark.parametrize("url, kind, detail", [
    ("tcp://10.0.0.5:3201", "tcp", ("10.0.0.5", 3201)),
    ("tcp://terminal.local", "tcp", ("terminal.local", 3201)),
    ("serial:///dev/ttyUSB0?baud=57600", "serial", ("/dev/ttyUSB0", 57600)),
    ("serial:///dev/ttyUSB0", "serial", ("/dev/ttyUSB0", 115200)),
    ("serial:loop://", "serial", ("loop://", 115200)),
    ("serial:socket://127.0.0.1:7000?baud=9600", "serial", ("socket://127.0.0.1:7000", 9600)),
    ("socket://127.0.0.1:7000", "serial", ("socket://127.0.0.1:7000", 115200)),
    ("sim", "sim", None),
])
def test_parse_terminal_url(url, kind, detail):
    a = parse_terminal_url(url)
    assert a.kind == kind
    if kind == "tcp":
        assert (a.host, a.port) == detail
    elif kind == "serial":
        assert (a.device, a.baudrate) == detail
        assert isinstance(a.factory()(), SerialTransport)


@pytest.mark.parametrize("url, message", [
    ("", "empty"),
    ("http://x", "unknown scheme"),
    ("tcp://", "no host"),
    ("tcp://h:99999", "port"),
    ("serial:///dev/ttyS0?baud=12345", "baud 12345"),
    ("serial:///dev/ttyS0?parity=E", "unknown option"),
    ("serial://", "no device"),
])
def test_parse_terminal_url_errors(url, message):
    with pytest.raises(ValueError, match=message):
        parse_terminal_url(url)
    with pytest.raises(ValueError, match="in-process"):
        parse_terminal_url("sim").factory()


async def test_late_reply_after_timeout_is_not_taken_for_the_next(tcp_client, sim):
    """The terminal answers in order but slowly: the commit's late Result OK must
    not be read as the answer to the void that follows."""
    client, events, wire = tcp_client
    a = await pay(client, events, sim, 900)
    sim.delay_replies(0.4)
    client.command_timeout_s = 0.2
    with pytest.raises(CommandTimeout):
        await client.commit(a.session_id, 900)
    client.command_timeout_s = 2.0
    assert await client.void(999) is False          # unknown session: NOT OK, not the late OK
    assert sim.sessions[a.session_id].status == "committed"
    assert client.counters.stray_replies == 1
    sim.delay_replies(0)
    assert await client.void(a.session_id) is False  # already committed
