"""PspClient: the host side of a PSP link, on asyncio.

    client = PspClient(parse_terminal_url("tcp://10.0.0.5:3201").factory())
    events = client.subscribe()          # asyncio.Queue of kiosk.psp.events
    await client.start()                 # connects, brings up, reconnects forever
    await client.wait_ready(10)
    await client.start_session(2500, 17, present_card_message="Tap your card")

One request is in flight at a time (PSP has no request ids: a reply is matched
by its type). Every Card Read / Session Approved / Declined / Cancelled /
Transaction Event is published as an event, also when it answers a command.
A link loss or a keep-alive without answer publishes LinkDown, fails pending
and new commands with NotConnected, and the client reconnects with back-off and
a fresh bring-up. A frame with a bad checksum is dropped and counted: the
command it answered times out (Get Status is retried once) and the link stays;
the next command is preceded by a Get Status so that a late reply to the one
that timed out cannot be taken for its answer.
"""
from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from kiosk.logbudget import LogBudget

from . import events as ev
from .assumptions import DEFAULT_UI_REQUEST_CODE, EXTENDED_LENGTH_BYTES
from .framing import MAGIC, Direction, Frame, StreamDecoder, encode_frame
from .messages import (
    AuthSession, CancelSession, Codec, CommitSession, DecodeError, Disable, Enable,
    GetStatus, Message, Protocol, ProtocolEcho, ProtocolOption, ReadCard, Reset, Result,
    SessionApproved, SessionCancelled, SessionDeclined, Setup, StartSession, Status, Synchronize,
    SynchronizeEcho, TerminalState, TimeoutAction, UiRequest, Unknown,
    UpdateSession, VoidSession)
from .tlv import DEFAULT_DOL
from .transport import Transport, TransportError
from .wirelog import HOST_TO_TERMINAL, TERMINAL_TO_HOST, WireRecord, without_card_hash

log = logging.getLogger(__name__)

DEFAULT_OPTIONS = (ProtocolOption.TRANSACTION_EVENTS | ProtocolOption.AUTHORIZATION_DOL
                   | ProtocolOption.DETAILED_RESULTS | ProtocolOption.DECLINED_DOL)
DEFAULT_BACKOFF = (0.5, 1.0, 2.0, 5.0, 10.0, 30.0)
QUIET_GAP_S = 0.5   # a partial frame that does not complete in this long is given up


class PspError(Exception):
    """Base of the client's errors; str() is one readable line."""


class NotConnected(PspError):
    """No link to the terminal, or it was lost while the command waited."""


class CommandTimeout(PspError):
    """The terminal did not answer in time (the outcome of the command is unknown)."""


class CommandRefused(PspError):
    """The terminal answered Result NOT OK."""


class BringUpError(PspError):
    """The link opened but the terminal did not come up; says which step failed."""


@dataclass
class ClientCounters:
    frames_sent: int = 0
    frames_received: int = 0
    bad_checksums: int = 0
    skipped_bytes: int = 0
    partial_discards: int = 0
    decode_errors: int = 0
    unknown_frames: int = 0
    stray_replies: int = 0      # a reply with no command waiting (late, after a timeout)
    timeouts: int = 0
    links_up: int = 0
    links_lost: int = 0


@dataclass
class _Link:
    transport: Transport
    decoder: StreamDecoder = field(default_factory=lambda: StreamDecoder(accept=Direction.TERMINAL))
    extended_out: bool = False
    up: bool = False
    suspect: bool = False       # a command timed out: its reply may still come
    reason: str | None = None
    lost: asyncio.Event = field(default_factory=asyncio.Event)
    tasks: list[asyncio.Task] = field(default_factory=list)


def _head_only(raw: bytes, extended: bool) -> str:
    """A frame we could not decode, for the wire log and the log: its header (lead,
    length, magic, message id) and how much was withheld. Undecoded, its card hash
    cannot be found to star it out, and card hashes are shown to nobody."""
    head = 2 + (EXTENDED_LENGTH_BYTES if extended else 1) + 1
    shown = raw[:head].hex(" ").upper()
    return f"{shown} ... ({len(raw) - head} bytes withheld)" if len(raw) > head else shown


@dataclass
class _Pending:
    request: Message
    expect: tuple[type, ...]
    future: asyncio.Future
    link: _Link


def _timeout_action(value) -> TimeoutAction:
    if isinstance(value, str):
        try:
            return TimeoutAction[value.strip().upper()]
        except KeyError:
            raise ValueError(f"timeout_action {value!r}: use 'commit' or 'void'") from None
    return TimeoutAction(value)


class PspClient:
    def __init__(self, transport_factory: Callable[[], Transport], *,
                 ui_request_code: int = DEFAULT_UI_REQUEST_CODE,
                 protocol_options: int = DEFAULT_OPTIONS,
                 session_timeout_s: int = 48 * 3600,
                 timeout_action: TimeoutAction | int | str = TimeoutAction.COMMIT,
                 keepalive_s: float = 15.0,
                 command_timeout_s: float = 5.0,
                 auth_timeout_s: float = 90.0,
                 sync_attempts: int = 10,
                 sync_timeout_s: float = 1.0,
                 reconnect_backoff: Sequence[float] = DEFAULT_BACKOFF,
                 dol: tuple[int, ...] | None = DEFAULT_DOL,
                 wire_log: Callable[[WireRecord], None] | None = None,
                 clock: Callable[[], float] = time.monotonic):
        self._factory = transport_factory
        self.codec = Codec(ui_request_code)
        self.protocol_options = int(protocol_options)
        self.session_timeout_s = int(session_timeout_s)
        self.timeout_action = _timeout_action(timeout_action)
        self.keepalive_s = float(keepalive_s)
        self.command_timeout_s = float(command_timeout_s)
        # Auth Session may be answered by the approval itself, after the acquirer's round trip.
        self.auth_timeout_s = float(auth_timeout_s)
        self.sync_attempts = max(1, int(sync_attempts))
        self.sync_timeout_s = min(float(sync_timeout_s), self.command_timeout_s)
        self.reconnect_backoff = tuple(reconnect_backoff) or (1.0,)
        self.dol = dol
        self.wire_log = wire_log
        self._clock = clock

        self.counters = ClientCounters()
        self._budget = LogBudget(log)     # garbage from the terminal: bounded warnings
        # The card interaction the terminal is in. It changes in wire order when a
        # Start Session or Read Card is accepted, when Cancel Session is answered and
        # when the link is lost, and stamps Card Read and outcome events, so a late
        # Card Read of a cancelled request is never taken for the next one.
        self.transaction = 0
        self.options: int | None = None            # what the terminal echoed to Protocol
        self.status_reply: Status | None = None    # last Get Status answer
        self.description: str | None = None
        self._subscribers: list[asyncio.Queue] = []
        self._lock = asyncio.Lock()
        self._link: _Link | None = None
        self._pending: _Pending | None = None
        self._ready = asyncio.Event()
        self._runner: asyncio.Task | None = None
        self._closing = False
        self._last_tx = clock()
        self._last_state: tuple[int, bool] | None = None
        self._down_reason: str | None = None
        self._background: set[asyncio.Task] = set()

    # ------------------------------------------------------------ events

    def subscribe(self) -> asyncio.Queue:
        q: asyncio.Queue = asyncio.Queue()
        self._subscribers.append(q)
        return q

    def unsubscribe(self, q: asyncio.Queue) -> None:
        with contextlib.suppress(ValueError):
            self._subscribers.remove(q)

    def _publish(self, event) -> None:
        log.debug("event %r", event)
        for q in self._subscribers:
            q.put_nowait(event)

    # ------------------------------------------------------------ lifecycle

    @property
    def ready(self) -> bool:
        return self._ready.is_set()

    async def start(self) -> None:
        """Start the connection task and return; it reconnects until close()."""
        if self._runner is None or self._runner.done():
            self._closing = False
            self._runner = asyncio.get_running_loop().create_task(self._run(), name="psp-client")

    @property
    def last_error(self) -> str | None:
        """Why the link last went down (None while it is up)."""
        return self._down_reason

    def reconnect(self, reason: str = "reconnect requested") -> bool:
        """Drop the link; the connection task brings it up again at once. False when
        there is no link to drop (it is reconnecting already)."""
        link = self._link
        if link is None or link.reason is not None:
            return False
        self._lose(link, reason)
        return True

    async def wait_ready(self, timeout: float) -> bool:
        try:
            async with asyncio.timeout(timeout):
                await self._ready.wait()
            return True
        except TimeoutError:
            return False

    async def close(self) -> None:
        self._closing = True
        self._budget.flush(due_only=False)
        runner, self._runner = self._runner, None
        if runner is not None:
            runner.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await runner
        link = self._link
        if link is not None:
            self._lose(link, "client closed", publish=False)
            await self._finish(link)
        for t in list(self._background):
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await t

    async def _run(self) -> None:
        attempt = 0
        while not self._closing:
            try:
                await self.bring_up_once()
                attempt = 0
                link = self._link
                await link.lost.wait()
                await self._finish(link)
            except Exception as e:
                if not isinstance(e, (TransportError, BringUpError, NotConnected, CommandTimeout)):
                    log.exception("unexpected error bringing the terminal up")
                reason = str(e) or type(e).__name__
                if self._down_reason != reason:
                    self._down_reason = reason
                    log.warning("terminal link down: %s", reason)
                    self._publish(ev.LinkDown(reason))
            if self._closing:
                return
            delay = self.reconnect_backoff[min(attempt, len(self.reconnect_backoff) - 1)]
            attempt += 1
            await asyncio.sleep(delay)

    async def bring_up_once(self) -> Status:
        """Open a fresh link and run the bring-up once, without retrying; returns the
        final Get Status. Raises TransportError (cannot connect), BringUpError (which
        step failed) or NotConnected (the link dropped meanwhile). For one-shot use
        (the probe); with start() the connection task calls it itself."""
        old = self._link
        if old is not None:
            self._lose(old, "reconnecting", publish=False)
            await self._finish(old)
        transport = self._factory()
        await transport.open()
        link = _Link(transport)
        self._link = link
        loop = asyncio.get_running_loop()
        link.tasks.append(loop.create_task(self._read_loop(link), name="psp-reader"))
        try:
            status = await self._bring_up(link)
        except BaseException as e:
            self._lose(link, f"bring-up failed: {e}", publish=False)
            await self._finish(link)
            raise
        if link.reason is not None:   # lost between the last reply and here
            raise NotConnected(link.reason)
        link.up = True
        self.description = transport.description
        self.counters.links_up += 1
        self._down_reason = None
        link.tasks.append(loop.create_task(self._keepalive(link), name="psp-keepalive"))
        self._ready.set()
        log.info("terminal up on %s: %s", transport.description, status.state_name)
        self._publish(ev.LinkUp(transport.description))
        self._last_state = None
        self._note_status(status)
        return status

    async def _bring_up(self, link: _Link) -> Status:
        """Get Status -> (cancel a running transaction) -> Reset -> Synchronize until
        echoed -> Protocol v3 -> Setup -> Enable -> Get Status. [DOC+CODE]"""
        req = self._request
        status: Status | None = None
        try:
            status = await req(link, GetStatus(), (Status,))
        except CommandTimeout:
            pass   # silent, or still in the extended format: Reset and Synchronize tell
        if status is not None and status.transaction_running:
            log.info("terminal has a transaction running: cancelling it before Reset")
            with contextlib.suppress(CommandTimeout):
                await req(link, CancelSession(), (SessionCancelled, Result))
        try:
            reply = await req(link, Reset(), (Result,))
            if not reply.ok:
                raise BringUpError("Reset refused (Result NOT OK)")
        except CommandTimeout:
            pass   # not every terminal answers Reset; Synchronize decides
        for _ in range(self.sync_attempts):
            try:
                await req(link, Synchronize(), (SynchronizeEcho,), self.sync_timeout_s)
                break
            except CommandTimeout:
                continue
        else:
            raise BringUpError(f"no echo to Synchronize after {self.sync_attempts} tries")
        try:
            reply = await req(link, Protocol(3, self.protocol_options), (ProtocolEcho, Result))
        except CommandTimeout:
            raise BringUpError("no reply to Protocol v3") from None
        if isinstance(reply, Result):
            if not reply.ok:
                raise BringUpError("Protocol refused (Result NOT OK)")
            self.options = self.protocol_options & ~ProtocolOption.EXTENDED_BLOCK
        else:
            self.options = reply.options
            if reply.options != self.protocol_options:
                log.warning("terminal echoed Protocol options 0x%02X, asked 0x%02X",
                            reply.options, self.protocol_options)
        for msg in (Setup(self.session_timeout_s, int(self.timeout_action)), Enable()):
            try:
                reply = await req(link, msg, (Result,))
            except CommandTimeout:
                raise BringUpError(f"no reply to {msg.NAME}") from None
            if not reply.ok:
                raise BringUpError(f"{msg.NAME} refused (Result NOT OK)")
        try:
            reply = await self._get_status(link)
        except CommandTimeout:
            raise BringUpError("no reply to Get Status after Enable") from None
        if reply.state != TerminalState.ENABLED:
            log.warning("terminal is %s after Enable", reply.state_name)
        return reply

    # ------------------------------------------------------------ link plumbing

    def _lose(self, link: _Link, reason: str, publish: bool = True) -> None:
        """Mark a link lost (idempotent): fail its pending command, drop readiness,
        publish LinkDown once if it had come up, and close it in the background."""
        if link.reason is not None:
            return
        link.reason = reason
        link.lost.set()
        self.transaction += 1   # whatever the terminal was doing is over for us
        p = self._pending
        if p is not None and p.link is link and not p.future.done():
            p.future.set_exception(NotConnected(reason))
        if link is self._link:
            self._ready.clear()
        if link.up:
            self.counters.links_lost += 1
            if publish:
                log.warning("terminal link lost: %s", reason)
                self._down_reason = reason
                self._publish(ev.LinkDown(reason))
        t = asyncio.get_running_loop().create_task(self._finish(link))
        self._background.add(t)
        t.add_done_callback(self._background.discard)

    async def _finish(self, link: _Link) -> None:
        current = asyncio.current_task()
        for t in link.tasks:
            if t is not current and not t.done():
                t.cancel()
        for t in link.tasks:
            if t is not current:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await t
        with contextlib.suppress(Exception):
            await link.transport.close()

    async def _read_loop(self, link: _Link) -> None:
        try:
            while True:
                if link.decoder.buffer:
                    try:
                        # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow a
                        # cancellation that races its inner read, and the loop would never end.
                        async with asyncio.timeout(QUIET_GAP_S):
                            data = await link.transport.read()
                    except TimeoutError:
                        link.decoder.discard_partial()   # a length that never completes
                        self.counters.partial_discards += 1
                        data = b""
                else:
                    data = await link.transport.read()
                self._on_bytes(link, data)
        except TransportError as e:
            self._lose(link, str(e))
        except asyncio.CancelledError:
            raise
        except Exception as e:   # a bug must not leave the client silently deaf
            log.exception("PSP reader failed")
            self._lose(link, f"internal error in the reader: {e}")

    def _on_bytes(self, link: _Link, data: bytes) -> None:
        """Decode one frame at a time: a Protocol echo switches the format for the
        very next frame, even in the same chunk."""
        dec = link.decoder
        dec.buffer += data
        self._budget.flush()
        while dec.buffer and link.reason is None:
            bad = dec.bad_checksums
            candidate = self._candidate(dec)
            used, frame = dec.decode(dec.buffer)
            if used == 0:
                break
            del dec.buffer[:used]
            if frame is None:
                if dec.bad_checksums != bad:
                    self.counters.bad_checksums += 1
                    shown = _head_only(candidate, dec.extended)
                    self._warn("bad_checksum", "frames with a bad checksum dropped")
                    self._wire(TERMINAL_TO_HOST, candidate, "(bad checksum, dropped)", shown)
                else:
                    self.counters.skipped_bytes += used
                continue
            self._on_frame(link, frame)

    def _warn(self, kind: str, what: str, detail: str | None = None) -> None:
        self._budget.warn(kind, what, detail)

    @staticmethod
    def _candidate(dec: StreamDecoder) -> bytes:
        """The bytes of the frame at the head of the buffer (for the wire log of a drop)."""
        b = dec.buffer
        lb = EXTENDED_LENGTH_BYTES if dec.extended else 1
        if len(b) < 2 + lb or b[1 + lb] != MAGIC:
            return b""
        total = 1 + lb + int.from_bytes(b[1:1 + lb], "big") + 1
        return bytes(b[:total])

    def _on_frame(self, link: _Link, frame: Frame) -> None:
        self.counters.frames_received += 1
        name = self.codec.name_of(frame)
        raw = encode_frame(frame, link.decoder.extended)
        try:
            msg = self.codec.decode(frame)
        except DecodeError as e:
            self._wire(TERMINAL_TO_HOST, raw, name, _head_only(raw, link.decoder.extended))
            self.counters.decode_errors += 1
            self._warn("undecodable", "undecodable frames", f"{name}: {e}")
            return
        self._wire(TERMINAL_TO_HOST, without_card_hash(raw, msg), name)
        if isinstance(msg, Unknown):
            self.counters.unknown_frames += 1
            self._warn("unknown", "unknown frames", f"header 0x{frame.header:02X}")
            return
        p = self._pending
        if (isinstance(msg, ProtocolEcho) and p is not None and isinstance(p.request, Protocol)
                and p.request.options & msg.options & ProtocolOption.EXTENDED_BLOCK):
            # The echo itself came in the normal format; everything after is extended. [DOC]
            link.decoder.extended = True
            link.extended_out = True
        event = ev.from_message(msg)
        if event is not None:
            if hasattr(event, "transaction"):
                event = dataclasses.replace(event, transaction=self.transaction)
            self._publish(event)
        if p is not None and p.link is link and isinstance(msg, p.expect) and not p.future.done():
            if isinstance(p.request, CancelSession) or (
                    isinstance(p.request, (StartSession, ReadCard)) and isinstance(msg, Result)
                    and msg.ok):
                self.transaction += 1
            p.future.set_result(msg)
        elif event is None:
            self.counters.stray_replies += 1
            log.info("reply with no command waiting: %s", name)

    def _wire(self, direction: str, raw: bytes, name: str, shown: str | None = None) -> None:
        if self.wire_log is not None:
            try:
                self.wire_log(WireRecord(self._clock(), direction,
                                         shown if shown is not None else raw.hex(" ").upper(), name))
            except Exception:
                log.exception("wire_log hook failed")

    async def _send(self, link: _Link, msg: Message) -> None:
        raw = self.codec.encode(msg, link.extended_out)
        if isinstance(msg, Reset):
            # Reset goes out in the current format; its reply and all after are normal. [DOC]
            link.decoder.extended = False
            link.extended_out = False
        self._wire(HOST_TO_TERMINAL, raw, msg.NAME)
        self.counters.frames_sent += 1
        self._last_tx = self._clock()
        try:
            await link.transport.write(raw)
        except TransportError as e:
            self._lose(link, str(e))
            raise NotConnected(str(e)) from None

    async def _request(self, link: _Link, msg: Message, expect: tuple[type, ...],
                       timeout: float | None = None, *, need_ready: bool = False) -> Message:
        """Send `msg` on `link` and wait for a reply of one of the `expect` types.

        PSP has no request ids. After a timeout the late reply may still come, and
        would be taken for the answer to the next command; so the next command is
        preceded by a Get Status, whose Status reply (the terminal answers in
        order) proves every earlier reply has arrived and been set aside."""
        timeout = self.command_timeout_s if timeout is None else timeout
        async with self._lock:
            if link.reason is not None:
                raise NotConnected(link.reason)
            if need_ready and not (link.up and self._ready.is_set()):
                raise NotConnected("terminal not ready")
            if link.suspect and need_ready and not isinstance(msg, GetStatus):
                await self._exchange(link, GetStatus(), (Status,), self.command_timeout_s)
            reply = await self._exchange(link, msg, expect, timeout)
            if isinstance(msg, GetStatus):
                link.suspect = False
            return reply

    async def _exchange(self, link: _Link, msg: Message, expect: tuple[type, ...],
                        timeout: float) -> Message:
        fut = asyncio.get_running_loop().create_future()
        self._pending = _Pending(msg, expect, fut, link)
        try:
            await self._send(link, msg)
            async with asyncio.timeout(timeout):   # never wait_for: see _read_loop
                return await fut
        except TimeoutError:
            self.counters.timeouts += 1
            link.suspect = True
            raise CommandTimeout(f"no reply to {msg.NAME} within {timeout:g} s") from None
        finally:
            self._pending = None
            if fut.done() and not fut.cancelled():
                fut.exception()   # retrieved: a link loss is reported by the raise above

    async def _command(self, msg: Message, expect: tuple[type, ...],
                       timeout: float | None = None) -> Message:
        link = self._link
        if link is None or link.reason is not None or not link.up:
            raise NotConnected(self._down_reason or (link.reason if link else None)
                               or "terminal not connected")
        return await self._request(link, msg, expect, timeout, need_ready=True)

    async def _get_status(self, link: _Link, need_ready: bool = False) -> Status:
        """Get Status, retried once: it is idempotent, and a dropped reply must not
        cost the link."""
        for attempt in (1, 2):
            try:
                reply = await self._request(link, GetStatus(), (Status,), need_ready=need_ready)
            except CommandTimeout:
                if attempt == 2:
                    raise
                continue
            return reply
        raise AssertionError("unreachable")

    def _note_status(self, status: Status) -> None:
        self.status_reply = status
        key = (status.state, status.transaction_running)
        if key != self._last_state:
            self._last_state = key
            self._publish(ev.TerminalStateChanged(status.state, status.transaction_running))

    async def _keepalive(self, link: _Link) -> None:
        """Get Status whenever keepalive_s passed without any frame sent: keeps the
        TCP link from the terminal's idle close and notices a silent or reset terminal."""
        while link.reason is None:
            delay = self._last_tx + self.keepalive_s - self._clock()
            if delay > 0:
                # Short naps so that a changed keepalive_s takes effect soon.
                await asyncio.sleep(min(delay, 0.5))
                continue
            try:
                status = await self._get_status(link, need_ready=True)
            except CommandTimeout as e:
                self._lose(link, f"terminal stopped answering ({e})")
                return
            except NotConnected:
                return
            self._check_status(link, status)

    def _check_status(self, link: _Link, status: Status) -> None:
        self._note_status(status)
        if status.state in (TerminalState.OFFLINE, TerminalState.ONLINE):
            # Power cycle, or a serial link the terminal dropped: Setup must be redone. [DOC]
            self._lose(link, f"terminal lost its setup (state {status.state_name})")

    # ------------------------------------------------------------ commands

    async def status(self) -> Status:
        """Get Status now (retried once on a lost reply)."""
        link = self._link
        if link is None or not link.up or link.reason is not None:
            raise NotConnected(self._down_reason or "terminal not connected")
        reply = await self._get_status(link, need_ready=True)
        self._check_status(link, reply)
        return reply

    async def _expect_ok(self, msg: Message, timeout: float | None = None) -> None:
        reply = await self._command(msg, (Result,), timeout)
        if not reply.ok:
            raise CommandRefused(f"{msg.NAME} refused (Result NOT OK)")

    async def _ok(self, msg: Message) -> bool:
        reply = await self._command(msg, (Result,))
        return reply.ok

    def _card_request_tail(self, present_card_message, qr_url, extra) -> dict:
        tail = dict(extra)
        tail.setdefault("dol", self.dol)
        if present_card_message is not None:
            tail["present_card_message"] = present_card_message
        if qr_url is not None:
            tail["qr_url"] = qr_url
        return tail

    async def start_session(self, amount: int, reference: int, *,
                            present_card_message: str | None = None,
                            qr_url: str | None = None, **extra) -> int:
        """Reserve `amount` and wait for a card (Card Read / Declined follow as events,
        stamped with the transaction number returned here).
        `extra`: further Start Session fields (payment_methods, logo, hide_amount, ...)."""
        await self._expect_ok(StartSession(
            amount=amount, reference=reference,
            **self._card_request_tail(present_card_message, qr_url, extra)))
        return self.transaction

    async def read_card(self, reference: int, *, present_card_message: str | None = None,
                        qr_url: str | None = None, **extra) -> int:
        """Read a card without a payment (Apollo); Card Read follows as an event,
        stamped with the transaction number returned here."""
        await self._expect_ok(ReadCard(
            reference=reference, **self._card_request_tail(present_card_message, qr_url, extra)))
        return self.transaction

    async def authorize(self) -> ev.SessionApproved | ev.SessionDeclined | None:
        """Auth Session. Returns None when the terminal answered Result OK (the outcome
        follows as an event), or the outcome when it came as the reply (also published)."""
        reply = await self._command(AuthSession(), (Result, SessionApproved, SessionDeclined),
                                    self.auth_timeout_s)
        if isinstance(reply, Result):
            if not reply.ok:
                raise CommandRefused("Auth Session refused (Result NOT OK)")
            return None
        return ev.from_message(reply)

    async def cancel(self) -> bool:
        """Cancel Session: True when the terminal answered Session Cancelled."""
        reply = await self._command(CancelSession(), (SessionCancelled, Result))
        return isinstance(reply, SessionCancelled) or reply.ok

    async def commit(self, session_id: int, amount: int) -> bool:
        return await self._ok(CommitSession(session_id=session_id, amount=amount))

    async def void(self, session_id: int) -> bool:
        return await self._ok(VoidSession(session_id=session_id))

    async def update_session(self, session_id: int, amount: int) -> bool:
        """Incremental authorization: `amount` is the new total."""
        return await self._ok(UpdateSession(session_id=session_id, amount=amount))

    async def ui_request(self, pairs: Iterable[tuple[str, str]]) -> bool:
        return await self._ok(UiRequest(tuple((str(k), str(v)) for k, v in pairs)))

    async def enable(self) -> bool:
        return await self._ok(Enable())

    async def disable(self) -> bool:
        return await self._ok(Disable())


__all__ = ["PspClient", "PspError", "NotConnected", "CommandTimeout", "CommandRefused",
           "BringUpError", "ClientCounters", "DEFAULT_OPTIONS", "WireRecord"]
