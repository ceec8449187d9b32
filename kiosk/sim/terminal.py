"""A Payter terminal simulator: a sans-IO PSP server that speaks the same bytes as an Apollo.

Bytes in through `receive()`, bytes out through the `send` callback given to `attach()`;
no sockets here (see kiosk/sim/server.py). It follows the state machine of
psp-protocol.md and uses kiosk/psp's codec for every frame it reads or writes.

Timers (auth delay, card-detect timeout, idle close, session timeout, delayed replies)
live in one heap keyed by `clock()`. When an asyncio loop is running they fire by
themselves through `loop.call_later`; without one (sans-IO tests) call `tick()`
after advancing the injected clock.

Choices where the public documentation is silent (see docs/simulator.md):
- Read Card: after Card Read the terminal goes back to ENABLED (nothing to authorize).
- Synchronize is echoed in every state; it only changes OFFLINE -> ONLINE.
- Reset and link loss restore the normal block format before the reply, abort a
  transaction in progress (no session is created) and forget the Protocol options.
- Cancel Session is refused (NOT OK) once Auth Session has been accepted.
- A "card read failure" (0x01) outcome declines at the tap, without Card Read; every
  other decline comes after Auth Session.
- Transaction Event (option 0x01) carries the new terminal state code. [INF]
"""
from __future__ import annotations

import asyncio
import collections
import hashlib
import heapq
import itertools
import time
from dataclasses import dataclass, field
from typing import Callable

from kiosk.psp.assumptions import DEFAULT_UI_REQUEST_CODE
from kiosk.psp.framing import Direction, Frame, StreamDecoder, encode_frame
from kiosk.psp.messages import (
    AuthSession, CancelSession, CardRead, Codec, CommitSession, DeclineReason, DecodeError,
    Disable, Dol, Enable, GetStatus, Message, Protocol, ProtocolEcho, ProtocolOption, ReadCard,
    Reset, Result, ResultCode, SessionApproved, SessionCancelled, SessionDeclined, Setup,
    StartSession, Status, Synchronize, SynchronizeEcho, TerminalState, TimeoutAction,
    TransactionEvent, UiRequest, UpdateSession, VoidSession)
from kiosk.psp.tlv import TAGS_BY_NAME

# ---------------------------------------------------------------- cards


@dataclass(frozen=True)
class SimCard:
    card_hash: str        # 40 hex chars (DFF006): "same card" key for Tap to Stop
    masked_pan: str       # DFCA0B; never a full PAN
    brand: str = "VISA"   # DFCA0A brand name


def _hash(name: str) -> str:
    return hashlib.sha1(f"ev-kiosk-sim-card:{name}".encode()).hexdigest().upper()


CARDS: dict[str, SimCard] = {
    "visa": SimCard(_hash("visa"), "476173******0119", "VISA"),
    "mastercard": SimCard(_hash("mastercard"), "555555******4444", "MASTERCARD"),
    "maestro": SimCard(_hash("maestro"), "679999******0019", "MAESTRO"),
    "amex": SimCard(_hash("amex"), "374245*****1001", "AMEX"),
}
DEFAULT_CARD = CARDS["visa"]

# ---------------------------------------------------------------- outcomes


@dataclass(frozen=True)
class Outcome:
    """What the (simulated) card and acquirer do with a tap."""
    kind: str                               # "approve" | "decline" | "no_card"
    reason: DeclineReason | None = None     # decline only
    refuse_updates: bool = False            # approve only: Update Session answers NOT OK

    @classmethod
    def approve(cls, refuse_updates: bool = False) -> "Outcome":
        return cls("approve", None, refuse_updates)

    @classmethod
    def decline(cls, reason: int = DeclineReason.OTHER) -> "Outcome":
        return cls("decline", DeclineReason(reason))

    @classmethod
    def no_card(cls) -> "Outcome":
        return cls("no_card")

    @classmethod
    def parse(cls, text: str) -> "Outcome":
        """"approve", "approve:no_update", "decline" (0xFF), "decline:0x09",
        "decline:9", "decline:insufficient_funds", "no_card"."""
        kind, _, arg = text.strip().lower().replace("-", "_").partition(":")
        if kind == "approve":
            if arg in ("", "no_update", "no_updates"):
                return cls.approve(refuse_updates=bool(arg))
        elif kind == "decline":
            if not arg:
                return cls.decline()
            try:
                return cls.decline(int(arg, 0))
            except ValueError:
                pass
            if arg.upper() in DeclineReason.__members__:
                return cls.decline(DeclineReason[arg.upper()])
        elif kind in ("no_card", "nocard") and not arg:
            return cls.no_card()
        raise ValueError(f"unknown outcome {text!r}: use approve, decline:0xNN or no_card")

    def __str__(self) -> str:
        if self.kind == "decline":
            return f"decline:0x{int(self.reason):02X}"
        if self.kind == "approve" and self.refuse_updates:
            return "approve:no_update"
        return self.kind


def outcome_for_amount(amount: int) -> Outcome:
    """The amount convention, by the cents: lets a driver (or a test) pick the outcome."""
    cents = amount % 100
    if 1 <= cents <= 0x0C:
        return Outcome.decline(cents)
    if cents == 13:
        return Outcome.decline(DeclineReason.OTHER)
    if cents == 97:
        return Outcome.decline(DeclineReason.HOST_TIMEOUT)
    if cents == 98:
        return Outcome.no_card()
    if cents == 99:
        return Outcome.approve(refuse_updates=True)
    return Outcome.approve()

# ---------------------------------------------------------------- books


@dataclass
class SimSession:
    """One session in the terminal's books."""
    session_id: int
    amount: int                  # authorized amount, raised by Update Session
    reference: int               # the host's session reference (Start Session)
    card: SimCard
    host_reference: str          # DFCA03
    refuse_updates: bool = False
    status: str = "open"         # open | committed | voided
    committed_amount: int | None = None
    updates: list[int] = field(default_factory=list)   # every accepted new total
    finalised_by: str | None = None                      # "host" | "timeout"
    approved_at: float = 0.0


@dataclass
class PendingTransaction:
    """A Start Session / Read Card in progress (WAIT_CARD, WAIT_AUTH)."""
    kind: str                    # "start" | "read"
    amount: int | None           # None for Read Card
    reference: int
    dol: tuple[int, ...] = ()
    card: SimCard | None = None
    outcome: Outcome | None = None
    authorizing: bool = False    # Auth Session accepted, answer not yet sent


@dataclass
class SimCounters:
    frames_received: int = 0
    frames_sent: int = 0
    bad_checksums: int = 0
    skipped_bytes: int = 0
    decode_errors: int = 0
    unknown_commands: int = 0
    not_ok: int = 0
    idle_closes: int = 0
    links: int = 0


class _Timer:
    __slots__ = ("when", "seq", "fn", "cancelled")

    def __init__(self, when: float, seq: int, fn: Callable[[], None]):
        self.when, self.seq, self.fn, self.cancelled = when, seq, fn, False

    def cancel(self) -> None:
        self.cancelled = True

    def __lt__(self, other: "_Timer") -> bool:
        return (self.when, self.seq) < (other.when, other.seq)


CARD_TAGS = ("card_hash", "masked_pan", "brand_name")
APPROVED_TAGS = CARD_TAGS + ("host_response_code", "host_reference")
SESSION_COMMAND_STATES = (TerminalState.DISABLED, TerminalState.ENABLED,
                          TerminalState.WAIT_CARD, TerminalState.WAIT_AUTH)
WAIT_STATES = (TerminalState.WAIT_CARD, TerminalState.WAIT_AUTH)

LogFn = Callable[[Direction, str, str], None]


class TerminalSimulator:
    def __init__(self, *, auto_tap: float | None = None,
                 ui_request_code: int = DEFAULT_UI_REQUEST_CODE,
                 auth_delay: float = 0.05, card_detect_timeout: float = 60.0,
                 idle_close_s: float | None = 20.0, first_session_id: int = 1,
                 clock: Callable[[], float] = time.monotonic):
        self.auto_tap = auto_tap            # None or 0: never tap by itself
        self.auth_delay = auth_delay
        self.card_detect_timeout = card_detect_timeout
        self.idle_close_s = idle_close_s    # None or 0: never close an idle link
        self.codec = Codec(ui_request_code)
        self._clock = clock
        self.log: LogFn | None = None

        self.state = TerminalState.OFFLINE
        self.online = True                  # host (acquirer) reachability
        self.extended = False
        self.options = 0
        self.session_timeout_s: int | None = None
        self.timeout_action = TimeoutAction.COMMIT
        self.display: tuple[tuple[str, str], ...] = ()
        # Every display shown, newest last (bounded: a soak run shows thousands).
        self.displays: collections.deque[tuple[tuple[str, str], ...]] = collections.deque(maxlen=200)
        self.pending: PendingTransaction | None = None
        self.sessions: dict[int, SimSession] = {}
        self.double_finalisations = 0
        self.counters = SimCounters()

        self._next_session_id = first_session_id
        self._host_ref_seq = itertools.count(123)
        self._reply_delay = 0.0
        # Replies to Commit/Void only: lets a crash test kill the host after the
        # terminal booked a commit but before the host read the answer.
        self.finalise_reply_delay = 0.0
        self.on_books_change: Callable[[], None] | None = None
        self._corrupt_next = False
        self._refuse_commits_until = 0.0     # clock(): Commit Session answers NOT OK until then

        self._link: int | None = None
        self._link_seq = 0
        self._send: Callable[[bytes], None] | None = None
        self._close: Callable[[], None] | None = None
        self._decoder: StreamDecoder | None = None

        self._timers: list[_Timer] = []
        self._timer_seq = itertools.count()
        self._armed: asyncio.TimerHandle | None = None
        self._armed_when = 0.0
        self._armed_loop: asyncio.AbstractEventLoop | None = None
        self._idle_timer: _Timer | None = None
        self._card_timer: _Timer | None = None
        self._tap_timer: _Timer | None = None
        self._session_timers: dict[int, _Timer] = {}

        self._handlers: dict[type[Message], Callable] = {
            Synchronize: self._on_synchronize, Protocol: self._on_protocol,
            Setup: self._on_setup, Enable: self._on_enable, Disable: self._on_disable,
            Reset: self._on_reset, GetStatus: self._on_get_status,
            StartSession: self._on_card_request, ReadCard: self._on_card_request,
            AuthSession: self._on_auth, CancelSession: self._on_cancel,
            CommitSession: self._on_commit, VoidSession: self._on_void,
            UpdateSession: self._on_update, UiRequest: self._on_ui_request,
        }

    # ------------------------------------------------------------ observation

    @property
    def transaction_running(self) -> bool:
        return self.state in WAIT_STATES

    @property
    def attached(self) -> bool:
        return self._link is not None

    @property
    def link_id(self) -> int | None:
        """Identifies the current host link (None when detached)."""
        return self._link

    def books_summary(self) -> dict:
        """The terminal's books in numbers (for scenario summaries and soak tests)."""
        by_status = {"open": 0, "committed": 0, "voided": 0}
        for s in self.sessions.values():
            by_status[s.status] += 1
        return {
            "sessions": len(self.sessions), **by_status,
            "open_amount": sum(s.amount for s in self.sessions.values() if s.status == "open"),
            "committed_amount": sum(s.committed_amount or 0 for s in self.sessions.values()),
            "finalised_by_timeout": sum(s.finalised_by == "timeout" for s in self.sessions.values()),
            "double_finalisations": self.double_finalisations,
        }

    def books(self) -> dict:
        """The terminal's books: the summary and every session (what --books writes)."""
        sessions = [{"session_id": s.session_id, "amount": s.amount, "reference": s.reference,
                     "status": s.status, "committed_amount": s.committed_amount,
                     "updates": s.updates, "finalised_by": s.finalised_by,
                     "masked_pan": s.card.masked_pan} for s in self.sessions.values()]
        return {"summary": self.books_summary(), "sessions": sessions}

    # ------------------------------------------------------------ link

    def attach(self, send: Callable[[bytes], None],
               close: Callable[[], None] | None = None) -> int:
        """A host link connected; replaces any previous link. Returns its link id."""
        if self._link is not None:
            self.detach()
        self._link_seq += 1
        self._link = self._link_seq
        self._send, self._close = send, close
        self._decoder = StreamDecoder(accept=Direction.HOST)
        self.counters.links += 1
        self._touch_idle()
        return self._link

    def detach(self) -> None:
        """Link lost: OFFLINE; open sessions stay in the books (and keep their timeouts)."""
        if self._link is None:
            return
        self._link = None
        self._send = self._close = None
        self._decoder = None
        self._cancel(self._idle_timer)
        self._idle_timer = None
        self._abort_transaction()
        self._go_offline()

    def receive(self, data: bytes) -> None:
        """Bytes from the host, in any chunking. Frames are handled one at a time so
        that a Protocol 0x04 switches the format for the very next frame in the chunk."""
        if self._decoder is None:
            return
        dec, link = self._decoder, self._link
        dec.buffer += data
        while dec.buffer and self._link == link:
            bad = dec.bad_checksums
            used, frame = dec.decode(dec.buffer)
            if used == 0:
                break
            del dec.buffer[:used]
            if frame is None:
                self.counters.bad_checksums += dec.bad_checksums - bad
                if dec.bad_checksums == bad:
                    self.counters.skipped_bytes += used
                continue
            self._handle(frame)

    # ------------------------------------------------------------ controls

    def present_card(self, card: SimCard | None = None, outcome: Outcome | None = None) -> bool:
        """Tap a card. False when the terminal is not waiting for one."""
        p = self.pending
        if self.state != TerminalState.WAIT_CARD or p is None:
            return False
        card = card or DEFAULT_CARD
        if outcome is None:
            outcome = outcome_for_amount(p.amount) if p.amount is not None else Outcome.approve()
        self._cancel(self._card_timer)
        self._cancel(self._tap_timer)
        if outcome.kind == "no_card":
            # Nothing was really presented: as if card-detect-timeout expired.
            self._end_declined(DeclineReason.CARD_READ_TIMEOUT, None)
            return True
        if outcome.kind == "decline" and outcome.reason == DeclineReason.CARD_READ_FAILURE:
            self._end_declined(DeclineReason.CARD_READ_FAILURE, None)
            return True
        p.card, p.outcome = card, outcome
        self._emit(CardRead(self._dol(card, p.dol, CARD_TAGS)))
        if p.kind == "read":
            self._end_transaction()
        else:
            self._set_state(TerminalState.WAIT_AUTH, event=True)
        return True

    def set_online(self, online: bool) -> None:
        """Acquirer reachability: while offline every Auth Session is declined 0x03."""
        self.online = bool(online)

    def drop_link(self) -> None:
        """Close the current connection, like a pulled cable."""
        close = self._close
        self.detach()
        if close is not None:
            close()

    def send_garbage(self, data: bytes = b"\x00\xff\x13garbage") -> None:
        self._write_out(bytes(data), "garbage")

    def corrupt_next_reply(self) -> None:
        self._corrupt_next = True

    def refuse_commits(self, seconds: float) -> None:
        """For `seconds` from now every Commit Session answers Result NOT OK and the
        session stays open (a stuck hold, as when the acquirer refuses the capture);
        0 ends it."""
        self._refuse_commits_until = self._clock() + max(0.0, float(seconds))

    def delay_replies(self, seconds: float) -> None:
        self._reply_delay = max(0.0, float(seconds))

    def tick(self) -> None:
        """Run every timer that is due by clock() (sans-IO use; a running loop does it itself)."""
        now = self._clock()
        while self._timers and (self._timers[0].cancelled or self._timers[0].when <= now):
            t = heapq.heappop(self._timers)
            if not t.cancelled:
                t.cancelled = True
                t.fn()
        self._arm()

    # ------------------------------------------------------------ timers

    def _call_later(self, delay: float, fn: Callable[[], None]) -> _Timer:
        t = _Timer(self._clock() + max(0.0, delay), next(self._timer_seq), fn)
        if len(self._timers) > 64:
            # Cancelled timers (each session's 48 h timeout, once committed) would
            # otherwise wait in the heap for their time: drop them now and then.
            live = [x for x in self._timers if not x.cancelled]
            if len(live) < len(self._timers) // 2:
                heapq.heapify(live)
                self._timers = live
        heapq.heappush(self._timers, t)
        self._arm()
        return t

    @staticmethod
    def _cancel(t: _Timer | None) -> None:
        if t is not None:
            t.cancel()

    def _arm(self) -> None:
        """Keep one loop.call_later armed for the earliest timer, when a loop runs."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        while self._timers and self._timers[0].cancelled:
            heapq.heappop(self._timers)
        if not self._timers:
            return
        when = self._timers[0].when
        if self._armed is not None and self._armed_loop is loop and self._armed_when <= when:
            return
        if self._armed is not None:
            self._armed.cancel()
        self._armed_loop, self._armed_when = loop, when
        self._armed = loop.call_later(max(0.0, when - self._clock()), self._on_armed)

    def _on_armed(self) -> None:
        self._armed = None
        self.tick()

    def _touch_idle(self) -> None:
        self._cancel(self._idle_timer)
        self._idle_timer = None
        if self._close is not None and self.idle_close_s:
            self._idle_timer = self._call_later(self.idle_close_s, self._on_idle)

    def _on_idle(self) -> None:
        self.counters.idle_closes += 1
        self.drop_link()

    # ------------------------------------------------------------ output

    def _emit(self, msg: Message) -> None:
        frame = self.codec.to_frame(msg)
        raw = encode_frame(frame, self.extended)
        name = msg.NAME
        if self._corrupt_next:
            self._corrupt_next = False
            raw = raw[:-1] + bytes([(raw[-1] + 1) & 0xFF])
            name += " (bad checksum)"
        self.counters.frames_sent += 1
        self._write_out(raw, name)

    def _write_out(self, raw: bytes, name: str) -> None:
        link = self._link
        if link is None:
            return
        if self._reply_delay > 0:
            self._call_later(self._reply_delay, lambda: self._write(link, raw, name))
        else:
            self._write(link, raw, name)

    def _write(self, link: int, raw: bytes, name: str) -> None:
        if link != self._link or self._send is None:
            return   # that connection is gone
        if self.log is not None:
            self.log(Direction.TERMINAL, name, raw.hex(" ").upper())
        self._send(raw)

    def _result(self, ok: bool) -> None:
        if not ok:
            self.counters.not_ok += 1
        self._emit(Result(ResultCode.OK if ok else ResultCode.NOT_OK))

    def _dol(self, card: SimCard, requested: tuple[int, ...], default: tuple[str, ...],
             host_reference: str | None = None) -> Dol:
        values = {"card_hash": card.card_hash, "masked_pan": card.masked_pan,
                  "brand_name": card.brand}
        if host_reference is not None:
            values |= {"host_response_code": "00", "host_reference": host_reference}
        if requested:   # the host's DOL list: the tags we know, in its order
            by_tag = {TAGS_BY_NAME[k]: k for k in values}
            names = [by_tag[t] for t in requested if t in by_tag]
        else:
            names = [n for n in default if n in values]
        return Dol.of(**{n: values[n] for n in names})

    # ------------------------------------------------------------ state

    def _set_state(self, state: TerminalState, event: bool = False) -> None:
        self.state = state
        if event and self.options & ProtocolOption.TRANSACTION_EVENTS:
            self._emit(TransactionEvent(int(state)))

    def _go_offline(self) -> None:
        self.state = TerminalState.OFFLINE
        self.options = 0
        self.extended = False
        if self._decoder is not None:
            self._decoder.extended = False

    def _abort_transaction(self) -> None:
        self._cancel(self._card_timer)
        self._cancel(self._tap_timer)
        self._card_timer = self._tap_timer = None
        self.pending = None
        if self.state in WAIT_STATES:
            self.state = TerminalState.ENABLED

    def _end_transaction(self) -> None:
        self._abort_transaction()
        self._set_state(TerminalState.ENABLED, event=True)

    def _end_declined(self, reason: int, card: SimCard | None) -> None:
        if self.options & ProtocolOption.DETAILED_RESULTS:
            dol = None
            if card is not None and self.options & ProtocolOption.DECLINED_DOL:
                dol = self._dol(card, (), CARD_TAGS)
            msg = SessionDeclined(int(reason), dol)
        else:
            msg = SessionDeclined()
        self._emit(msg)
        self._end_transaction()

    # ------------------------------------------------------------ input

    def _handle(self, frame: Frame) -> None:
        self.counters.frames_received += 1
        self._touch_idle()
        if self.log is not None:
            raw = encode_frame(frame, self.extended)
            self.log(Direction.HOST, self.codec.name_of(frame), raw.hex(" ").upper())
        try:
            msg = self.codec.decode(frame)
        except DecodeError:
            self.counters.decode_errors += 1
            self._result(False)
            return
        handler = self._handlers.get(type(msg))
        if handler is None:   # unknown code, or a command whose layout is not public
            self.counters.unknown_commands += 1
            self._result(False)
            return
        handler(msg)

    def _on_synchronize(self, msg: Synchronize) -> None:
        if self.state == TerminalState.OFFLINE:
            self.state = TerminalState.ONLINE
        self._emit(SynchronizeEcho())

    def _on_protocol(self, msg: Protocol) -> None:
        if self.state != TerminalState.ONLINE:
            return self._result(False)
        self.options = msg.options
        self._emit(ProtocolEcho(msg.version, msg.options))   # still in the old format
        self.extended = bool(msg.options & ProtocolOption.EXTENDED_BLOCK)
        self._decoder.extended = self.extended

    def _on_setup(self, msg: Setup) -> None:
        if self.state != TerminalState.ONLINE or msg.timeout_action not in (0, 1):
            return self._result(False)
        self.session_timeout_s = msg.session_timeout_s
        self.timeout_action = TimeoutAction(msg.timeout_action)
        self.state = TerminalState.DISABLED
        self._result(True)

    def _on_enable(self, msg: Enable) -> None:
        if self.state not in (TerminalState.DISABLED, TerminalState.ENABLED):
            return self._result(False)
        self.state = TerminalState.ENABLED
        self._result(True)

    def _on_disable(self, msg: Disable) -> None:
        if self.state not in (TerminalState.DISABLED, TerminalState.ENABLED):
            return self._result(False)
        self.state = TerminalState.DISABLED
        self._result(True)

    def _on_reset(self, msg: Reset) -> None:
        self._abort_transaction()
        self._go_offline()        # the Result of a Reset already goes in the normal format
        self._result(True)

    def _on_get_status(self, msg: GetStatus) -> None:
        self._emit(Status(int(self.state), self.transaction_running))

    def _on_card_request(self, msg: StartSession | ReadCard) -> None:
        if self.state != TerminalState.ENABLED:
            return self._result(False)
        is_start = isinstance(msg, StartSession)
        self.pending = PendingTransaction(
            "start" if is_start else "read", msg.amount if is_start else None,
            msg.reference, tuple(msg.dol or ()))
        self._result(True)
        self._set_state(TerminalState.WAIT_CARD, event=True)
        self._card_timer = self._call_later(self.card_detect_timeout, self._on_card_timeout)
        if self.auto_tap:
            self._tap_timer = self._call_later(self.auto_tap, lambda: self.present_card())

    def _on_card_timeout(self) -> None:
        if self.state == TerminalState.WAIT_CARD and self.pending is not None:
            self._end_declined(DeclineReason.CARD_READ_TIMEOUT, None)

    def _on_auth(self, msg: AuthSession) -> None:
        p = self.pending
        if (self.state != TerminalState.WAIT_AUTH or p is None or p.kind != "start"
                or p.authorizing):
            return self._result(False)
        p.authorizing = True
        self._result(True)
        if self.auth_delay > 0:
            self._call_later(self.auth_delay, lambda: self._authorize(p))
        else:
            self._authorize(p)

    def _authorize(self, p: PendingTransaction) -> None:
        if self.pending is not p:
            return   # aborted by Reset or link loss meanwhile
        outcome = p.outcome or Outcome.approve()
        if not self.online:
            return self._end_declined(DeclineReason.HOST_ERROR, p.card)
        if outcome.kind != "approve":
            return self._end_declined(outcome.reason or DeclineReason.OTHER, p.card)
        sid = self._next_session_id
        self._next_session_id += 1
        s = SimSession(sid, p.amount or 0, p.reference, p.card or DEFAULT_CARD,
                       f"SIM{next(self._host_ref_seq):06d}", outcome.refuse_updates,
                       approved_at=self._clock())
        self.sessions[sid] = s
        self._books_changed()
        if self.session_timeout_s is not None:
            self._session_timers[sid] = self._call_later(
                self.session_timeout_s, lambda: self._on_session_timeout(sid))
        self._emit(SessionApproved(sid, self._dol(s.card, p.dol, APPROVED_TAGS, s.host_reference)))
        self._end_transaction()

    def _on_session_timeout(self, sid: int) -> None:
        """The terminal finalises a session the host left open (Setup's action)."""
        s = self.sessions.get(sid)
        if s is None or s.status != "open":
            return
        if self.timeout_action == TimeoutAction.COMMIT:
            s.status, s.committed_amount = "committed", s.amount
        else:
            s.status = "voided"
        s.finalised_by = "timeout"
        self._books_changed()

    def _on_cancel(self, msg: CancelSession) -> None:
        p = self.pending
        if self.state not in WAIT_STATES or p is None or p.authorizing:
            return self._result(False)
        self._emit(SessionCancelled())
        self._end_transaction()

    def _open_session(self, sid: int, finalising: bool) -> SimSession | None:
        """The open session, or None after answering NOT OK (counting doubles)."""
        s = self.sessions.get(sid)
        if self.state not in SESSION_COMMAND_STATES or s is None:
            self._result(False)
            return None
        if s.status != "open":
            if finalising:
                self.double_finalisations += 1
                self._books_changed()   # the count is part of the books
            self._result(False)
            return None
        return s

    def _finalised(self, s: SimSession) -> None:
        s.finalised_by = "host"
        self._cancel(self._session_timers.pop(s.session_id, None))
        self._books_changed()
        saved, self._reply_delay = self._reply_delay, self.finalise_reply_delay or self._reply_delay
        try:
            self._result(True)
        finally:
            self._reply_delay = saved

    def _books_changed(self) -> None:
        if self.on_books_change is not None:
            self.on_books_change()

    def _on_commit(self, msg: CommitSession) -> None:
        s = self._open_session(msg.session_id, True)
        if s is None:
            return
        if msg.amount > s.amount or self._clock() < self._refuse_commits_until:
            return self._result(False)
        s.status, s.committed_amount = "committed", msg.amount
        self._finalised(s)

    def _on_void(self, msg: VoidSession) -> None:
        s = self._open_session(msg.session_id, True)
        if s is not None:
            s.status = "voided"
            self._finalised(s)

    def _on_update(self, msg: UpdateSession) -> None:
        s = self._open_session(msg.session_id, False)
        if s is None:
            return
        if s.refuse_updates:
            return self._result(False)
        s.amount = msg.amount
        s.updates.append(msg.amount)
        self._books_changed()
        self._result(True)

    def _on_ui_request(self, msg: UiRequest) -> None:
        if self.state not in (TerminalState.ENABLED,) + WAIT_STATES:
            return self._result(False)
        self.display = msg.pairs
        self.displays.append(msg.pairs)
        self._result(True)
