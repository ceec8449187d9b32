"""The station coordinator: one journey per connector, one terminal for all.

Every input (charger event, terminal event, driver intent, timer, finaliser
outcome) goes through one queue and is handled to completion before the next,
so the journey needs no locks. After each input the station publishes a
snapshot, mirrors the prompt on the terminal display and adjusts what the
terminal is doing (waiting for a card to pay, to identify, or nothing).

Money rule: every amount is written to the books before a command goes to the
terminal; the finaliser (finaliser.py) sends commits and voids from the books.
"""
from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from kiosk import config
from kiosk.charger import port as ch
from kiosk.payment import port as pay
from kiosk.receipts.model import Receipt, new_receipt_ids, receipt_url
from kiosk.supervisor import Unrecoverable

from . import endings
from . import intents as it
from . import pricing
from .price_table import price_view
from .prompts import (LANGUAGES, Prompt, PromptId, apollo_ui_request, body, cost_line_label,
                      start_session_message, title)
from .snapshot import (ConnectorView, CostLineView, Phase, PromptView, ReceiptView,
                       StationView, TerminalLink)

log = logging.getLogger(__name__)

# Phases in which a charging session or an authorization is open on a connector.
ACTIVE = {Phase.PLUG_IN, Phase.STARTING, Phase.CHARGING, Phase.SUSPENDED, Phase.STOP_CONFIRM,
          Phase.STOPPING, Phase.IDLE_FEE}
# Phases the driver is looking at: the screen follows them.
INTERACTIVE = {Phase.CHOOSING, Phase.PRESENT_CARD, Phase.AUTHORIZING, Phase.DECLINED,
               Phase.PLUG_IN, Phase.STOP_CONFIRM, Phase.RECEIPT}
# Decline reasons that mean "the terminal's host is unreachable", not "this card".
HOST_DOWN_REASONS = {0x03, 0x08, 0x0C}


@dataclass
class Conn:
    """One connector's journey state. Owned by the Station, never shared."""
    info: ch.ConnectorInfo
    phase: Phase = Phase.AVAILABLE
    plugged: bool = False
    enabled: bool = True
    charger_online: bool = True
    faults: dict[str, bool] = field(default_factory=dict)   # code -> blocking
    # payment transaction
    payment_id: str | None = None
    tsid: int | None = None
    card_hash: str | None = field(default=None, repr=False)
    masked_pan: str | None = None
    brand: str | None = None
    host_reference: str | None = None
    host_response_code: str | None = None
    reserved: int = 0
    free: bool = False
    declined_host: bool = False          # declined because the terminal's host is offline
    amount_choice: int | None = None
    # charging session
    session_id: str | None = None
    started_at: float | None = None      # charger clock (meter timestamps)
    charging_s: int = 0
    ended_at: float | None = None        # wall clock, idle fee starts here
    started_wall: float | None = None
    energy_wh: int = 0
    power_w: int = 0
    meter_at: float | None = None        # charger clock of the last reading
    meter_dt: float = 2.0                # seconds between the last two readings
    cost: int = 0
    warned: bool = False
    stop_reason: str | None = None
    fee_waived: bool = False             # the station ended it early: no session fee
    before_stop: Phase | None = None     # phase to return to when UI stop is cancelled
    deadline: float | None = None        # loop time of the phase's timeout
    timer: asyncio.TimerHandle | None = None
    receipt: Receipt | None = None
    flash: tuple[Prompt, float, Phase] | None = None   # transient prompt until loop time,
                                                       # for as long as the phase lasts
    update_pending: bool = False
    resumed: bool = False                # charging session taken over after a restart
    requested_at: float = 0.0            # when it started waiting for a card

    @property
    def cid(self) -> int:
        return self.info.id

    @property
    def free_for_new(self) -> bool:
        return (self.phase == Phase.AVAILABLE and self.enabled and self.charger_online
                and not any(self.faults.values()))


@dataclass(frozen=True)
class CardRequest:
    pay: bool                 # Start Session (True) or Read Card (False)
    purpose: str              # "start" for cid, "scan" for any, "stop" for cid
    cid: int | None
    amount: int
    reference: int = 0
    transaction: int = 0      # what the terminal's events about this request carry

    def answered_by(self, event) -> bool:
        """False for an event of an earlier request (a card read just before a cancel)."""
        return event.transaction == self.transaction

    def serves(self, want: "CardRequest") -> bool:
        """Whether this request, already running, does what `want` asks. Any pay request
        serves another of the same amount: who pays is decided when the card is read
        (Station._payer) and the display is mirrored at every step, so the terminal is
        not restarted (a tap in that instant would be lost)."""
        if self.pay and want.pay:
            return self.amount == want.amount
        return (self.pay, self.purpose, self.cid) == (want.pay, want.purpose, want.cid)


@dataclass(frozen=True)
class Timer:
    cid: int | None
    kind: str


@dataclass
class Call:
    """A function run on the journey's loop between two inputs, with the station
    (kiosk/service: a technician's command). Its result or error goes to `future`."""
    fn: Callable[["Station"], Any]
    future: asyncio.Future

    async def run(self, station: "Station") -> None:
        try:
            result = self.fn(station)
            if asyncio.iscoroutine(result):
                result = await result
        except Exception as e:
            if not self.future.done():
                self.future.set_exception(e)
            return
        if not self.future.done():
            self.future.set_result(result)


@dataclass(frozen=True)
class MoneyOutcome:
    """Posted by the finaliser when the terminal answered a money command."""
    payment_id: str
    kind: str
    ok: bool
    amount: int


class Station:
    def __init__(self, config, terminal: pay.PaymentTerminal, charger: ch.Charger, books,
                 *, emit: Callable[[dict], None] | None = None,
                 publish: Callable[[StationView], None] | None = None,
                 wall_clock: Callable[[], float] = time.time, rng=None):
        self.cfg = config
        self.tariff = config.tariff
        self.terminal = terminal
        self.charger = charger
        self.books = books
        self.emit_cb = emit
        self.publish_cb = publish
        self.wall = wall_clock
        self.rng = rng
        self.language = config.station.language
        self._journey_ended = False       # a driver's journey ended: their language goes
        self.conns = {i.id: Conn(i) for i in charger.connectors}
        self.inbox: asyncio.Queue = asyncio.Queue()
        self.card: CardRequest | None = None
        self.term_phase = "idle"          # idle | waiting | authorizing | cancelling
        self.auth_cid: int | None = None
        self.auth_payment: str | None = None
        self.terminal_ready = False
        self.payment_unavailable = False
        self.focus: int | None = None
        self.held = False                 # a technician holds the screen: nothing new starts
        self.banner: Prompt | None = None
        self.seq = 0
        self._last_mirror: tuple | None = None
        self._mirror_at = 0.0
        self._retry_handle: asyncio.TimerHandle | None = None
        self.finaliser_wakeup = asyncio.Event()
        self.closed = asyncio.Event()

    # ------------------------------------------------------------ plumbing

    def emit(self, event: str, **fields: Any) -> None:
        if self.emit_cb:
            self.emit_cb({"t": round(self.wall(), 3), "event": event, **fields})

    def post(self, item: Any) -> None:
        """Thread-unsafe post from the backend loop (charger, terminal, timers)."""
        self.inbox.put_nowait(item)

    def post_threadsafe(self, loop: asyncio.AbstractEventLoop, item: Any) -> None:
        loop.call_soon_threadsafe(self.inbox.put_nowait, item)

    def _set_timer(self, c: Conn, seconds: float, kind: str) -> None:
        self._cancel_timer(c)
        loop = asyncio.get_running_loop()
        c.deadline = loop.time() + seconds
        c.timer = loop.call_later(seconds, self.post, Timer(c.cid, kind))
        c.timer_kind = kind  # type: ignore[attr-defined]

    def _cancel_timer(self, c: Conn) -> None:
        if c.timer:
            c.timer.cancel()
        c.timer, c.deadline = None, None
        c.timer_kind = None  # type: ignore[attr-defined]

    def _seconds_left(self, c: Conn) -> int | None:
        if c.deadline is None:
            return None
        return max(0, int(c.deadline - asyncio.get_running_loop().time() + 0.999))

    async def _forward(self, queue: asyncio.Queue) -> None:
        while True:
            self.post(await queue.get())

    # ------------------------------------------------------------ run

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        queues = [(self.terminal, self.terminal.subscribe()), (self.charger, self.charger.subscribe())]
        tasks = [loop.create_task(self._forward(q)) for _, q in queues]
        try:
            self._reconcile()
            await self._after_change()
            while True:
                item = await self.inbox.get()
                if item is None:
                    break
                try:
                    await self._handle(item)
                except Unrecoverable:
                    raise   # not this input's fault: the supervisor restarts from the books
                except Exception:   # one bad input must not stop the station
                    log.exception("journey: handling %r failed", item)
                    self.emit("error", detail=f"handling {type(item).__name__} failed")
                await self._after_change()
        finally:
            for t in tasks:
                t.cancel()
            for source, q in queues:   # a restarted station subscribes afresh
                source.unsubscribe(q)
            self.closed.set()

    def stop(self) -> None:
        self.post(None)

    async def _handle(self, item: Any) -> None:
        handler = {
            pay.TerminalReady: self._on_terminal_ready,
            pay.TerminalLost: self._on_terminal_lost,
            pay.CardPresented: self._on_card,
            pay.PaymentApproved: self._on_approved,
            pay.PaymentDeclined: self._on_declined,
            pay.CardRequestCancelled: self._on_card_cancelled,
            Timer: self._on_timer,
            MoneyOutcome: self._on_money_outcome,
            ch.Plugged: self._on_plugged,
            ch.Unplugged: self._on_unplugged,
            ch.ChargingStarted: self._on_charging_started,
            ch.ChargingPaused: self._on_charging_paused,
            ch.ChargingStopped: self._on_charging_stopped,
            ch.MeterReading: self._on_meter,
            ch.FaultRaised: self._on_fault,
            ch.FaultCleared: self._on_fault_cleared,
            ch.ChargerLinkLost: self._on_charger_lost,
            ch.ChargerLinkRestored: self._on_charger_restored,
            it.SelectConnector: self._on_select,
            it.ChooseAmount: self._on_amount,
            it.Back: self._on_back,
            it.RequestStop: self._on_request_stop,
            it.CancelStop: self._on_cancel_stop,
            it.DismissReceipt: self._on_dismiss,
            it.SetLanguage: self._on_language,
            it.Touch: self._on_touch,
            Call: self._on_call,
        }.get(type(item))
        if handler is None:
            log.warning("journey: ignored %r", item)
            return
        await handler(item)

    async def _on_call(self, call: Call) -> None:
        await call.run(self)

    # ------------------------------------------------------------ reconciliation

    def _reconcile(self) -> None:
        """After a restart: finish every payment the books left open, exactly once."""
        for cid in self.books.out_of_service():
            if cid in self.conns:      # a technician took it out of service
                self.conns[cid].enabled = False
                self.conns[cid].phase = self._resting_phase(self.conns[cid])
        sessions = {s.payment_id: s for s in self.books.open_sessions() if s.payment_id}
        for p in self.books.open_payments():
            if p.state == "reserving":
                # Auth Session was sent but no outcome was written. The bring-up
                # cancels a running transaction; an approval that arrived while we
                # were down is closed by the terminal's own session timeout (Setup).
                self.books.set_payment_cancelled(p.id, "outcome unknown after restart")
                self.emit("recovered", payment=p.id, action="cancelled")
                continue
            if p.state != "authorized":
                continue  # finalising: the outbox carries on
            s = sessions.get(p.id)
            c = self.conns.get(p.connector_id)
            state = self._charger_state(p.connector_id)
            if s and c and state is not None and getattr(state, "charging", False):
                self._resume(c, p, s)
                continue
            energy = s.energy_wh if s else 0
            amount = min(s.cost_total if s else 0, p.authorized_amount)
            kind = "commit" if amount > 0 else "void"
            self.books.queue_finalisation(p.id, kind, amount if kind == "commit" else 0)
            if s:
                self.books.end_session(s.id, "recovered_after_restart", self.wall(), "{}")
            self.emit("recovered", payment=p.id, action=kind, amount=amount, energy_wh=energy)
        # Sessions left open without an authorized payment to resume (a crash between
        # queueing the finalisation and ending the session, or free vending) end now.
        resumed = {c.session_id for c in self.conns.values() if c.session_id}
        for s in self.books.open_sessions():
            if s.id not in resumed:
                self.books.end_session(s.id, "recovered_after_restart", self.wall(), "{}")
        self.finaliser_wakeup.set()

    def _charger_state(self, cid: int):
        try:
            return self.charger.state(cid)
        except Exception:
            return None

    def _resume(self, c: Conn, p, s) -> None:
        c.payment_id, c.tsid, c.card_hash = p.id, p.terminal_session_id, p.card_hash
        c.masked_pan, c.brand, c.reserved = p.masked_pan, p.brand, p.authorized_amount
        c.host_reference, c.host_response_code = p.host_reference, p.host_response_code
        c.session_id, c.energy_wh, c.cost = s.id, s.energy_wh, s.cost_total
        c.plugged, c.phase, c.started_wall = True, Phase.CHARGING, s.started_at
        # Billed charging time goes on from here (else a time price would restart at 0).
        c.charging_s, c.resumed = max(0, int(self.wall() - s.started_at)), True
        self.emit("recovered", payment=p.id, action="resumed", connector=c.cid)

    # ------------------------------------------------------------ terminal

    async def _on_terminal_ready(self, ev: pay.TerminalReady) -> None:
        self.terminal_ready = True
        self.card, self.term_phase = None, "idle"
        self.banner = None
        self.emit("terminal", state="ready", description=ev.description)
        self.finaliser_wakeup.set()

    async def _on_terminal_lost(self, ev: pay.TerminalLost) -> None:
        self.terminal_ready = False
        self.emit("terminal", state="lost", reason=ev.reason)
        # Charging goes on; card interactions in progress are lost with the link.
        for c in self.conns.values():
            if c.phase in (Phase.PRESENT_CARD, Phase.AUTHORIZING, Phase.CHOOSING):
                self._to_idle(c)
            elif c.phase == Phase.STOP_CONFIRM:
                await self._on_cancel_stop(it.CancelStop(c.cid))
        if self.auth_payment:
            self.books.set_payment_cancelled(self.auth_payment, "terminal link lost while authorizing")
        self.card, self.term_phase, self.auth_cid, self.auth_payment = None, "idle", None, None

    def _desired_card(self) -> CardRequest | None:
        if not self.terminal_ready:
            return None
        if self.held:   # Tap to Stop only; any other card gets a polite "maintenance"
            return CardRequest(False, "scan", None, 0)
        for c in self.conns.values():
            if c.phase == Phase.STOP_CONFIRM:
                return CardRequest(False, "stop", c.cid, 0)
        waiting = sorted((c for c in self.conns.values() if c.phase == Phase.PRESENT_CARD),
                         key=lambda c: c.requested_at)
        if waiting:
            c = waiting[0]
            return CardRequest(True, "start", c.cid, c.amount_choice or self._reservation())
        modes = self.cfg.modes
        # Also while payment may be unavailable: a driver's tap is the best probe of
        # whether the terminal's host is back (a declined one costs nothing).
        if modes.tap_to_start and any(c.free_for_new for c in self.conns.values()):
            return CardRequest(True, "scan", None, self._reservation())
        if modes.tap_to_stop and any(c.payment_id and c.phase in ACTIVE for c in self.conns.values()):
            return CardRequest(False, "scan", None, 0)
        return None

    def _reservation(self) -> int:
        return self.cfg.payment.reservation

    async def _sync_terminal(self) -> None:
        if self.term_phase in ("authorizing", "cancelling") or not self.terminal_ready:
            return
        want = self._desired_card()
        if self.term_phase == "waiting":
            if want is not None and self.card is not None and self.card.serves(want):
                return
            self.term_phase = "cancelling"
            try:
                await self.terminal.cancel()
            except pay.TerminalUnavailable:
                return
            # Cancelled, or NOT OK because there was nothing to cancel: idle either way.
            self.card, self.term_phase = None, "idle"
            want = self._desired_card()
        if want is None:
            return
        reference = self.books.next_reference()
        prompt = self._card_prompt(want)
        try:
            tx = await self.terminal.request_card(
                pay=want.pay, amount=want.amount, reference=reference,
                message=start_session_message(prompt, self.language))
        except pay.TerminalUnavailable:
            return
        if tx is not None:
            self.card = CardRequest(want.pay, want.purpose, want.cid, want.amount, reference, tx)
            self.term_phase = "waiting"
            self.emit("card_request", purpose=want.purpose, connector=want.cid, pay=want.pay,
                      amount=want.amount, reference=reference)
            return
        # Refused: the terminal is in a card interaction we do not track (one a
        # restart or a lost reply left behind). End it, then ask again.
        self.emit("card_request_refused", purpose=want.purpose, connector=want.cid)
        try:
            cleared = await self.terminal.cancel()
        except pay.TerminalUnavailable:
            cleared = False
        if self._retry_handle:
            self._retry_handle.cancel()
        self._retry_handle = asyncio.get_running_loop().call_later(
            0.2 if cleared else 2.0, self.post, Timer(None, "retry_terminal"))

    def _card_prompt(self, req: CardRequest) -> Prompt:
        if self.held:
            return Prompt.of(PromptId.SERVICE_IN_PROGRESS)
        if req.purpose == "stop":
            return Prompt.of(PromptId.TAP_SAME_CARD_TO_STOP, connector=req.cid)
        if req.purpose == "start":
            return Prompt.of(PromptId.PRESENT_CARD, connector=req.cid, **self._money(req.amount))
        return Prompt.of(PromptId.IDLE_TAP_OR_PLUG, **self._money(req.amount))

    async def _drop_card(self) -> None:
        """After a Card Read we do not want to pay with: Cancel Session."""
        if self.card and self.card.pay:
            self.term_phase = "cancelling"
            try:
                await self.terminal.cancel()
            except pay.TerminalUnavailable:
                pass
        self.card, self.term_phase = None, "idle"

    def _open_by_card(self, card_hash: str | None) -> Conn | None:
        if not card_hash:
            return None
        for c in self.conns.values():
            if c.payment_id and c.card_hash == card_hash and c.phase in ACTIVE:
                return c
        return None

    async def _on_card(self, ev: pay.CardPresented) -> None:
        req = self.card
        if req is None or self.term_phase != "waiting" or not req.answered_by(ev):
            self.emit("card_read_ignored", masked_pan=ev.masked_pan,
                      reason="no card request" if req is None else "late for its request")
            return
        self.emit("card_read", masked_pan=ev.masked_pan, purpose=req.purpose, connector=req.cid)
        match = self._open_by_card(ev.card_hash)
        if req.purpose == "stop":
            target = self.conns[req.cid]
            await self._drop_card()
            if match is target:
                await self._stop(target, "ui_stop")
            else:
                self._flash(target, Prompt.of(PromptId.WRONG_CARD, connector=target.cid))
            return
        if match is not None and self.cfg.modes.tap_to_stop:
            await self._drop_card()
            await self._stop(match, "tap_to_stop")
            return
        if not req.pay:
            self.card, self.term_phase = None, "idle"   # Read Card: nothing to stop
            if self.held:
                self._last_mirror = None   # say "maintenance in progress" again
            return
        c = self._payer(req)
        if c is None:
            await self._drop_card()
            return
        await self._authorize(c, req, ev)

    def _payer(self, req: CardRequest) -> Conn | None:
        """The connector a card read for pay request `req` pays for: the driver waiting
        longest at the present-card screen, else (tap to start) a free connector."""
        waiting = sorted((c for c in self.conns.values() if c.phase == Phase.PRESENT_CARD),
                         key=lambda c: c.requested_at)
        if waiting:
            c = waiting[0]
            return c if (c.amount_choice or self._reservation()) == req.amount else None
        if self.cfg.modes.tap_to_start and req.amount == self._reservation():
            return self._pick_free()
        return None

    def _pick_free(self) -> Conn | None:
        free = [c for c in self.conns.values() if c.free_for_new]
        plugged = [c for c in free if c.plugged]
        return (plugged or free or [None])[0]

    async def _authorize(self, c: Conn, req: CardRequest, ev: pay.CardPresented) -> None:
        c.amount_choice = req.amount
        c.card_hash, c.masked_pan, c.brand = ev.card_hash, ev.masked_pan, ev.brand
        self.auth_cid = c.cid
        self.term_phase = "authorizing"
        self._cancel_timer(c)
        c.phase = Phase.AUTHORIZING
        self.focus = c.cid
        # The driver sees the card taken now: before the payment's fsync'd write
        # and the Auth Session round trip (the write still precedes the send).
        if self.publish_cb:
            self.publish_cb(self.snapshot())
        self.auth_payment = self.books.create_payment(
            connector_id=c.cid, reference=req.reference, amount=req.amount,
            currency=self.tariff.currency)
        try:
            ok = await self.terminal.authorize()
        except pay.TerminalUnavailable:
            ok = False
        if not ok:
            self.books.set_payment_cancelled(self.auth_payment, "Auth Session refused")
            self.auth_payment, self.auth_cid = None, None
            self.card, self.term_phase = None, "idle"
            self._to_idle(c)

    async def _on_approved(self, ev: pay.PaymentApproved) -> None:
        if self.auth_payment is None:
            # An approval nobody asked for (e.g. a late one after a restart): release it.
            self.emit("unexpected_approval", terminal_session=ev.terminal_session_id)
            pid = self.books.create_payment(connector_id=0, reference=0, amount=0,
                                            currency=self.tariff.currency)
            self.books.set_payment_authorized(pid, ev.terminal_session_id, ev.card_hash,
                                              ev.masked_pan, ev.brand, ev.host_reference,
                                              ev.host_response_code, 0)
            self.books.queue_finalisation(pid, "void", 0)
            self.finaliser_wakeup.set()
            return
        c = self.conns[self.auth_cid]
        pid, amount = self.auth_payment, c.amount_choice or self._reservation()
        self.books.set_payment_authorized(pid, ev.terminal_session_id, ev.card_hash, ev.masked_pan,
                                          ev.brand, ev.host_reference, ev.host_response_code, amount)
        self.auth_payment, self.auth_cid = None, None
        self.card, self.term_phase = None, "idle"
        self.payment_unavailable = False
        c.payment_id, c.tsid, c.reserved = pid, ev.terminal_session_id, amount
        c.card_hash = ev.card_hash or c.card_hash
        c.masked_pan, c.brand = ev.masked_pan or c.masked_pan, ev.brand or c.brand
        c.host_reference, c.host_response_code = ev.host_reference, ev.host_response_code
        self.emit("authorized", connector=c.cid, payment=pid, amount=amount,
                  masked_pan=c.masked_pan)
        await self._authorized(c)

    async def _authorized(self, c: Conn) -> None:
        try:
            await self.charger.unlock(c.cid)
        except ch.ChargerUnavailable:
            pass
        if c.plugged:
            await self._start_charging(c)
        else:
            c.phase = Phase.PLUG_IN
            self._set_timer(c, self.cfg.timeouts.plug_in_s, "plug_in")

    async def _on_declined(self, ev: pay.PaymentDeclined) -> None:
        if self.card is None or not self.card.answered_by(ev):
            return   # the end of a request we cancelled already
        req, cid, pid = self.card, self.auth_cid, self.auth_payment
        self.card, self.term_phase, self.auth_cid, self.auth_payment = None, "idle", None, None
        if pid is not None:
            self._journey_ended = True
            self.books.set_payment_declined(pid, ev.reason_code)
            c = self.conns[cid]
            receipt = self._save_failed_receipt(c, pid, "declined", f"declined: {ev.reason}")
            self.emit("declined", connector=cid, reason=ev.reason, payment=pid,
                      reference=receipt.short_ref, receipt_url=self._url(receipt))
            log.info("card declined: %s (code %s)", ev.reason, ev.reason_code)
            if ev.host_unreachable:
                self.payment_unavailable = True
                if self.cfg.modes.free_vending_when_offline:
                    await self._start_free(c)
                    return
            c.phase = Phase.DECLINED
            c.declined_host = ev.host_unreachable
            self.focus = c.cid
            self._set_timer(c, self.cfg.timeouts.declined_s, "declined")
            return
        c = self._payer(req) if req and req.pay else None
        if c is not None and c.phase == Phase.PRESENT_CARD:
            if ev.no_card:
                self._show_message(c, Prompt.of(PromptId.NO_CARD), self.cfg.timeouts.declined_s)
            else:
                self._to_idle(c)
        # scanning: a card-detect timeout just re-arms the scan

    async def _on_card_cancelled(self, ev: pay.CardRequestCancelled) -> None:
        if self.card is None or not self.card.answered_by(ev):
            return   # the answer to our own cancel, or older
        if self.term_phase in ("waiting", "cancelling"):
            self.card, self.term_phase = None, "idle"
        elif self.term_phase == "authorizing" and self.auth_payment:
            self.books.set_payment_cancelled(self.auth_payment, "cancelled by the terminal")
            c = self.conns.get(self.auth_cid)
            self.card, self.term_phase, self.auth_cid, self.auth_payment = None, "idle", None, None
            if c:
                self._to_idle(c)

    async def _start_free(self, c: Conn) -> None:
        c.free, c.reserved = True, 0
        self.emit("free_vending", connector=c.cid)
        await self._authorized(c)

    # ------------------------------------------------------------ charging

    async def _start_charging(self, c: Conn) -> None:
        self._cancel_timer(c)
        c.session_id = self.books.create_session(connector_id=c.cid, payment_id=c.payment_id,
                                                 at=self.wall())
        c.phase = Phase.STARTING
        c.started_wall = self.wall()
        self._set_timer(c, self.cfg.timeouts.charger_start_s, "charger_start")
        try:
            await self.charger.start_charging(c.cid, token=c.payment_id)
        except ch.ChargerUnavailable as e:
            self.emit("charger_refused", connector=c.cid, detail=str(e))
            await self._finish(c, "charger_no_start")

    async def _on_charging_started(self, ev: ch.ChargingStarted) -> None:
        c = self.conns[ev.connector_id]
        if c.phase in (Phase.STARTING, Phase.SUSPENDED):
            self._cancel_timer(c)
            if c.started_at is None:
                c.started_at = ev.at - c.charging_s   # charging_s: time before a restart
            c.phase = Phase.CHARGING
            self.books.set_session_state(c.session_id, "charging")
            self.emit("charging", connector=c.cid)
        elif c.phase == Phase.STOP_CONFIRM:
            c.before_stop = Phase.CHARGING

    async def _on_charging_paused(self, ev: ch.ChargingPaused) -> None:
        c = self.conns[ev.connector_id]
        if c.phase == Phase.CHARGING:
            c.phase = Phase.SUSPENDED
            self.books.set_session_state(c.session_id, "suspended")

    async def _on_meter(self, ev: ch.MeterReading) -> None:
        c = self.conns[ev.connector_id]
        if c.session_id is None or c.phase not in (Phase.CHARGING, Phase.SUSPENDED, Phase.STARTING,
                                                   Phase.STOP_CONFIRM, Phase.STOPPING):
            return
        c.energy_wh, c.power_w = ev.energy_wh, ev.power_w
        if c.meter_at is not None and ev.at > c.meter_at:
            c.meter_dt = ev.at - c.meter_at
        c.meter_at = ev.at
        if c.started_at is None and c.resumed:
            # Resumed after a restart: the charger's clock at the start is lost; the time
            # charged before the restart goes on from this reading.
            c.started_at = ev.at - c.charging_s
        if c.started_at is not None:
            c.charging_s = max(0, int(ev.at - c.started_at))
        c.cost = self._quote(c).total
        self.books.update_session_meter(c.session_id, c.energy_wh, self.wall(), c.cost)
        if c.free or c.phase not in (Phase.CHARGING, Phase.SUSPENDED):
            return
        await self._check_limit(c, ev)

    async def _check_limit(self, c: Conn, ev: ch.MeterReading) -> None:
        p = self.cfg.payment
        if p.strategy == "incremental" and not c.update_pending \
                and c.cost * 100 >= c.reserved * p.incremental_at_pct:
            c.update_pending = True
            self.books.queue_update(c.payment_id, c.reserved + p.incremental_step)
            self.emit("update_requested", connector=c.cid, amount=c.reserved + p.incremental_step)
            self.finaliser_wakeup.set()
            return
        # Stop before the cost could pass the hold: project two reading intervals at
        # the present power, one until the next reading and one for the stop to bite.
        ahead_s = 2 * c.meter_dt
        ahead_wh = int(ev.power_w * ahead_s / 3600) + 1
        projected = pricing.quote(self.tariff, c.energy_wh + ahead_wh,
                                  c.charging_s + int(ahead_s) + 1, 0).total
        if projected >= c.reserved:
            await self._stop(c, "limit_reached")
        elif not c.warned and c.cost * 100 >= c.reserved * p.warn_at_pct:
            c.warned = True
            self.emit("limit_near", connector=c.cid, cost=c.cost, reserved=c.reserved)

    async def _on_money_outcome(self, ev: MoneyOutcome) -> None:
        if ev.kind != "update":
            return
        for c in self.conns.values():
            if c.payment_id == ev.payment_id:
                c.update_pending = False
                if ev.ok:
                    c.reserved = ev.amount
                    c.warned = False
                    self.emit("update_approved", connector=c.cid, amount=ev.amount)
                else:
                    self.emit("update_refused", connector=c.cid)
                    await self._stop(c, "update_refused")

    async def _stop(self, c: Conn, reason: str) -> None:
        """Stop charging on a connector, for any reason; idempotent."""
        if c.phase == Phase.STOP_CONFIRM:
            c.phase = c.before_stop or Phase.CHARGING
        if c.phase == Phase.PLUG_IN:
            await self._finish(c, endings.before_plug_in(reason))
            return
        if c.phase not in (Phase.STARTING, Phase.CHARGING, Phase.SUSPENDED):
            return
        c.stop_reason = reason
        c.phase = Phase.STOPPING
        self._cancel_timer(c)
        self.emit("stopping", connector=c.cid, reason=reason)
        try:
            await self.charger.stop_charging(c.cid)
        except ch.ChargerUnavailable:
            pass   # the charger is gone: what it delivered is what we bill
        await self._charging_ended(c)

    async def _on_charging_stopped(self, ev: ch.ChargingStopped) -> None:
        c = self.conns[ev.connector_id]
        if c.phase in (Phase.CHARGING, Phase.SUSPENDED, Phase.STARTING, Phase.STOP_CONFIRM):
            c.stop_reason = c.stop_reason or ev.reason or "ev_stopped"
            await self._charging_ended(c)

    async def _charging_ended(self, c: Conn) -> None:
        if c.phase == Phase.IDLE_FEE or c.session_id is None:
            return
        self._cancel_timer(c)
        c.ended_at = self.wall()
        c.power_w = 0
        no_energy = c.energy_wh == 0
        # idle_per_minute, not idle_fee_per_minute: a fee given per hour counts too.
        idle_applies = (self.tariff.idle_per_minute > 0 and c.plugged and not no_energy
                        and c.stop_reason not in ("fault", "charger_lost") and not c.free)
        if idle_applies:
            c.phase = Phase.IDLE_FEE
            self.books.set_session_state(c.session_id, "idle")
            self._set_timer(c, 1.0, "idle_tick")
            self.emit("charging_ended", connector=c.cid, reason=c.stop_reason,
                      idle_fee_after_s=self.tariff.idle_grace_minutes * 60)
            return
        await self._finish(c, c.stop_reason or "stopped")

    def _idle_seconds(self, c: Conn) -> int:
        if c.ended_at is None:
            return 0
        return max(0, int(self.wall() - c.ended_at))

    def _quote(self, c: Conn) -> pricing.CostBreakdown:
        """What the driver pays so far: never more than the card holds."""
        return pricing.quote(self.tariff, c.energy_wh, c.charging_s, self._idle_seconds(c),
                             reserved=0 if c.free else c.reserved, waive_session_fee=c.fee_waived)

    async def _finish(self, c: Conn, reason: str) -> None:
        """The session is over: book the final amount (commit, or void when nothing was
        delivered), write the receipt, show it."""
        self._cancel_timer(c)
        c.stop_reason = reason
        self._journey_ended = True
        delivered = c.energy_wh > 0
        c.fee_waived = delivered and pricing.session_fee_waived(
            self.tariff, c.energy_wh, endings.station_caused(reason))
        breakdown = self._quote(c) if delivered else None
        total = breakdown.total if breakdown else 0
        amount = min(total, c.reserved) if not c.free else 0
        status = "free" if c.free else ("paid" if amount > 0 else "voided")
        if c.payment_id:
            kind = "commit" if amount > 0 else "void"
            self.books.queue_finalisation(c.payment_id, kind, amount)
            self.finaliser_wakeup.set()
        if c.session_id:
            self.books.end_session(c.session_id, reason, self.wall(),
                                   _breakdown_json(breakdown))
        c.receipt = self._make_receipt(c, breakdown, amount, status)
        self.books.save_receipt(c.receipt.token, c.receipt.short_ref, c.payment_id, c.session_id,
                                c.receipt.to_dict())
        self.emit("session_end", connector=c.cid, reason=reason, energy_wh=c.energy_wh,
                  amount=amount, status=status, payment=c.payment_id, fee_waived=c.fee_waived,
                  reference=c.receipt.short_ref, receipt_url=self._url(c.receipt))
        if status == "voided":
            # Nothing charged: say why and that the reservation is released, not a
            # receipt for 0.00 (the books keep that receipt for the record).
            self._show_message(c, self._ending_prompt(c), self.cfg.timeouts.receipt_s)
            return
        c.phase = Phase.RECEIPT
        self.focus = c.cid
        self._set_timer(c, self.cfg.timeouts.receipt_s, "receipt")

    def _ending_prompt(self, c: Conn) -> Prompt:
        r = c.receipt
        charged = r is not None and r.status != "voided"
        return endings.ending_prompt(
            c.stop_reason, connector=c.cid, charged=charged,
            money=self._money(r.total if r else 0), energy_wh=c.energy_wh,
            reference=r.short_ref if r else "", fee_waived=c.fee_waived)

    def _make_receipt(self, c: Conn, breakdown, amount: int, status: str) -> Receipt:
        token, short_ref = new_receipt_ids(self.rng) if self.rng else new_receipt_ids()
        from datetime import datetime, timezone
        started = datetime.fromtimestamp(c.started_wall or self.wall(), timezone.utc)
        return Receipt(
            station_name=self.cfg.station.name, station_id=self.cfg.station.id,
            connector_id=c.cid, session_ref=c.session_id or "", short_ref=short_ref, token=token,
            started_at=started, stopped_at=datetime.fromtimestamp(self.wall(), timezone.utc),
            energy_wh=c.energy_wh,
            breakdown=breakdown or pricing.quote(self.tariff, 0, 0, 0),
            authorized_amount=c.reserved, total=amount, currency=self.tariff.currency,
            minor_units=self.tariff.minor_units, masked_pan=c.masked_pan or "",
            brand=c.brand or "", host_reference=c.host_reference or "",
            host_response_code=c.host_response_code or "", status=status,
            terminal_reference=str(c.tsid) if c.tsid else "",
            stop_reason=c.stop_reason or "", evse_id=config.evse_id(self.cfg, c.cid),
            helpline=self.cfg.station.helpline)

    def _save_failed_receipt(self, c: Conn, pid: str, status: str, reason: str) -> Receipt:
        c.stop_reason = reason
        r = self._make_receipt(c, None, 0, status)
        self.books.save_receipt(r.token, r.short_ref, pid, None, r.to_dict())
        c.stop_reason = None
        return r

    def _url(self, r: Receipt) -> str:
        return receipt_url(self.cfg.station.receipt_base_url, r.token)

    def _to_idle(self, c: Conn) -> None:
        """Back to the connector's resting phase, forgetting the finished journey."""
        self._cancel_timer(c)
        keep = (c.info, c.plugged, c.enabled, c.charger_online, c.faults)
        c.__dict__.update(Conn(*keep[:1]).__dict__)
        c.plugged, c.enabled, c.charger_online, c.faults = keep[1:]
        c.phase = self._resting_phase(c)
        if self.focus == c.cid:
            self.focus = None

    @staticmethod
    def _resting_phase(c: Conn) -> Phase:
        if not c.charger_online:
            return Phase.CHARGER_OFFLINE
        if any(c.faults.values()):
            return Phase.FAULTED
        if not c.enabled:
            return Phase.OUT_OF_SERVICE
        return Phase.AVAILABLE

    def _flash(self, c: Conn, prompt: Prompt, seconds: float = 5.0) -> None:
        c.flash = (prompt, asyncio.get_running_loop().time() + seconds, c.phase)
        asyncio.get_running_loop().call_later(seconds, self.post, Timer(c.cid, "flash"))

    def _show_message(self, c: Conn, prompt: Prompt, seconds: float) -> None:
        """The journey on `c` is over: back to rest, with `prompt` on the screen (and
        the terminal) for `seconds` or until the driver taps OK."""
        self._to_idle(c)
        self._flash(c, prompt, seconds)
        self.focus = c.cid

    # ------------------------------------------------------------ charger events

    async def _on_plugged(self, ev: ch.Plugged) -> None:
        c = self.conns[ev.connector_id]
        c.plugged = True
        self.emit("plugged", connector=c.cid)
        if c.phase == Phase.PLUG_IN:
            await self._start_charging(c)
            return
        if c.free_for_new:
            # A tap-to-start authorization waiting on another free connector moves here.
            for d in self.conns.values():
                if d.phase == Phase.PLUG_IN and not d.plugged and d.session_id is None:
                    self._move_authorization(d, c)
                    await self._start_charging(c)
                    return
            if self.cfg.modes.plug_in_to_start and not self.held:
                c.phase = Phase.PRESENT_CARD
                c.requested_at = asyncio.get_running_loop().time()
                self.focus = c.cid

    def _move_authorization(self, src: Conn, dst: Conn) -> None:
        for name in ("payment_id", "tsid", "card_hash", "masked_pan", "brand", "host_reference",
                     "host_response_code", "reserved", "free", "amount_choice"):
            setattr(dst, name, getattr(src, name))
        self.books.move_payment(dst.payment_id, dst.cid)
        self.emit("moved", payment=dst.payment_id, src=src.cid, dst=dst.cid)
        self._to_idle(src)

    async def _on_unplugged(self, ev: ch.Unplugged) -> None:
        c = self.conns[ev.connector_id]
        c.plugged = False
        self.emit("unplugged", connector=c.cid)
        if c.phase in (Phase.STARTING, Phase.CHARGING, Phase.SUSPENDED, Phase.STOP_CONFIRM):
            await self._stop(c, "unplugged")
        if c.phase == Phase.IDLE_FEE:
            await self._finish(c, c.stop_reason or "unplugged")
        elif c.phase in (Phase.PRESENT_CARD, Phase.CHOOSING) and self.card is None:
            self._to_idle(c)

    async def _on_fault(self, ev: ch.FaultRaised) -> None:
        c = self.conns[ev.connector_id]
        c.faults[ev.code] = ev.blocking
        self.emit("fault", connector=c.cid, code=ev.code, blocking=ev.blocking)
        if not ev.blocking:
            self.banner = Prompt.of(PromptId.CHARGER_WARNING, connector=c.cid, code=ev.code)
            return
        if c.phase in (Phase.STARTING, Phase.CHARGING, Phase.SUSPENDED, Phase.STOP_CONFIRM,
                       Phase.STOPPING):
            c.stop_reason = "fault"
            await self._stop(c, "fault")
        elif c.phase in (Phase.PLUG_IN, Phase.IDLE_FEE):
            await self._finish(c, "fault")
        elif c.phase in (Phase.AVAILABLE, Phase.CHOOSING, Phase.PRESENT_CARD, Phase.OUT_OF_SERVICE):
            self._to_idle(c)

    async def _on_fault_cleared(self, ev: ch.FaultCleared) -> None:
        c = self.conns[ev.connector_id]
        c.faults.pop(ev.code, None)
        self.banner = None
        if c.phase == Phase.FAULTED:
            c.phase = self._resting_phase(c)

    async def _on_charger_lost(self, ev: ch.ChargerLinkLost) -> None:
        lost = [c for c in self.conns.values() if ev.connector_id in (None, c.cid)]
        self.emit("charger_link", state="lost", connector=ev.connector_id)
        for c in lost:
            c.charger_online = False
            if c.phase in (Phase.STARTING, Phase.CHARGING, Phase.SUSPENDED, Phase.STOP_CONFIRM,
                           Phase.STOPPING, Phase.IDLE_FEE):
                # The last known meter value is what we can prove was delivered.
                await self._finish(c, "charger_lost")
            elif c.phase == Phase.PLUG_IN:
                await self._finish(c, "charger_lost")
            elif c.phase != Phase.RECEIPT:
                self._to_idle(c)

    async def _on_charger_restored(self, ev: ch.ChargerLinkRestored) -> None:
        self.emit("charger_link", state="restored", connector=ev.connector_id)
        for c in self.conns.values():
            if ev.connector_id in (None, c.cid):
                c.charger_online = True
                state = self._charger_state(c.cid)
                if state is not None:
                    c.plugged = bool(getattr(state, "plugged", c.plugged))
                if c.phase == Phase.CHARGER_OFFLINE:
                    c.phase = self._resting_phase(c)

    # ------------------------------------------------------------ timers

    async def _on_timer(self, ev: Timer) -> None:
        if ev.kind == "retry_terminal":
            return  # _after_change re-syncs the terminal
        c = self.conns.get(ev.cid)
        if c is None:
            return
        if ev.kind == "flash":
            if c.flash and c.flash[1] <= asyncio.get_running_loop().time() + 0.01:
                c.flash = None
            return
        if getattr(c, "timer_kind", None) != ev.kind:
            return   # a stale timer of a phase already left
        c.timer, c.deadline = None, None
        if ev.kind == "plug_in" and c.phase == Phase.PLUG_IN:
            self.emit("plug_timeout", connector=c.cid)
            await self._finish(c, "plug_timeout")
        elif ev.kind == "charger_start" and c.phase == Phase.STARTING:
            self.emit("charger_no_start", connector=c.cid)
            try:
                await self.charger.stop_charging(c.cid)
            except ch.ChargerUnavailable:
                pass
            await self._finish(c, "charger_no_start")
        elif ev.kind == "idle_tick" and c.phase == Phase.IDLE_FEE:
            c.cost = self._quote(c).total     # the screen's "so far" includes the idle fee
            self._set_timer(c, 1.0, "idle_tick")
        elif ev.kind in ("declined", "receipt", "choice") and c.phase in (
                Phase.DECLINED, Phase.RECEIPT, Phase.CHOOSING):
            self._to_idle(c)
        elif ev.kind == "stop_confirm" and c.phase == Phase.STOP_CONFIRM:
            await self._on_cancel_stop(it.CancelStop(c.cid))

    # ------------------------------------------------------------ intents

    async def _on_select(self, ev: it.SelectConnector) -> None:
        c = self.conns.get(ev.connector_id)
        if c is None:
            return
        if c.phase in ACTIVE or c.phase == Phase.RECEIPT:
            self.focus = c.cid          # show that session
            return
        if not (self.cfg.modes.ui_start and c.free_for_new and self.terminal_ready
                and not self.held):
            return
        self.focus = c.cid
        if self.cfg.payment.strategy == "driver_cap":
            c.phase = Phase.CHOOSING
            self._set_timer(c, self.cfg.timeouts.choice_s, "choice")
        else:
            await self._on_amount(it.ChooseAmount(c.cid, None))

    async def _on_amount(self, ev: it.ChooseAmount) -> None:
        c = self.conns.get(ev.connector_id)
        if c is None or c.phase not in (Phase.AVAILABLE, Phase.CHOOSING) or self.held:
            return
        amount = ev.amount
        if amount is not None and amount not in self.cfg.payment.amount_choices:
            amount = None   # only offered amounts: the screen cannot invent one
        self._cancel_timer(c)
        c.amount_choice = amount or self._reservation()
        c.phase = Phase.PRESENT_CARD
        c.requested_at = asyncio.get_running_loop().time()
        self.focus = c.cid

    async def _on_back(self, ev: it.Back) -> None:
        c = self.conns.get(self.focus) if self.focus else None
        if c and c.phase in (Phase.CHOOSING, Phase.PRESENT_CARD, Phase.DECLINED):
            self._to_idle(c)
        elif c and c.flash:
            c.flash = None          # OK on a message: read, gone
        self.focus = None

    async def _on_request_stop(self, ev: it.RequestStop) -> None:
        c = self.conns.get(ev.connector_id)
        if c is None or not self.cfg.modes.ui_stop:
            return
        if c.phase == Phase.PLUG_IN:
            # Nothing is charging and nothing will be charged: cancel at once rather
            # than ask for the card to "stop" a session that never started.
            await self._stop(c, "ui_stop")
            return
        if c.phase in (Phase.CHARGING, Phase.SUSPENDED, Phase.STARTING):
            if c.free:   # free vending: no card proves ownership; stop at once
                await self._stop(c, "ui_stop")
                return
            c.before_stop = c.phase
            c.phase = Phase.STOP_CONFIRM
            self.focus = c.cid
            c.stop_timer_saved = (c.timer_kind, self._seconds_left(c))  # type: ignore[attr-defined]
            self._set_timer(c, self.cfg.timeouts.stop_confirm_s, "stop_confirm")

    async def _on_cancel_stop(self, ev: it.CancelStop) -> None:
        c = self.conns.get(ev.connector_id)
        if c is None or c.phase != Phase.STOP_CONFIRM:
            return
        c.phase = c.before_stop or Phase.CHARGING
        self._cancel_timer(c)
        kind, left = getattr(c, "stop_timer_saved", (None, None))
        if kind and left is not None:
            self._set_timer(c, max(1, left), kind)

    async def _on_dismiss(self, ev: it.DismissReceipt) -> None:
        c = self.conns.get(ev.connector_id)
        if c and c.phase in (Phase.RECEIPT, Phase.DECLINED):
            self._to_idle(c)

    async def _on_language(self, ev: it.SetLanguage) -> None:
        if ev.language in ("en", "nl", "de", "fr"):
            self.language = ev.language
            self._last_mirror = None

    async def _on_touch(self, ev: it.Touch) -> None:
        """A touch extends the screen's own timeouts (choice, receipt, declined)."""
        timeouts = self.cfg.timeouts
        for c in self.conns.values():
            kind = getattr(c, "timer_kind", None)
            if kind == "choice":
                self._set_timer(c, timeouts.choice_s, kind)
            elif kind == "receipt":
                self._set_timer(c, timeouts.receipt_s, kind)

    # ------------------------------------------------------------ after each input

    async def _after_change(self) -> None:
        await self._sync_terminal()
        for c in self.conns.values():
            if c.phase == Phase.AVAILABLE and self.focus == c.cid and c.flash is None:
                self.focus = None
        self._language_after_journey()
        view = self.snapshot()
        if self.publish_cb:
            self.publish_cb(view)
        await self._mirror()

    def _language_after_journey(self) -> None:
        """A driver's language lasts for their journey: once it ended (its last
        message read) and nobody else is in one, the station's own language is back
        for the next driver."""
        if not self._journey_ended:
            return
        if self.focus is not None or any(
                c.flash or c.phase in ACTIVE or c.phase in INTERACTIVE for c in self.conns.values()):
            return
        self._journey_ended = False
        if self.language != self.cfg.station.language:
            self.language = self.cfg.station.language
            self._last_mirror = None
            self.emit("language", language=self.language, why="journey ended")

    async def _mirror(self) -> None:
        """Mirror the prompt that matters most on the terminal's display."""
        if not self.terminal_ready or self.term_phase in ("authorizing",):
            return
        prompt = self._station_prompt()
        key = (prompt.id, self.language, _coarse(prompt))
        loop_now = asyncio.get_running_loop().time()
        if key == self._last_mirror and loop_now - self._mirror_at < 30:
            return
        self._last_mirror, self._mirror_at = key, loop_now
        try:
            await self.terminal.show(apollo_ui_request(prompt, self.language))
        except pay.TerminalUnavailable:
            self._last_mirror = None
        self.emit("prompt", id=prompt.id.value, connector=prompt.param("connector"),
                  text=title(prompt, self.language))

    def _station_prompt(self) -> Prompt:
        if self.held:
            return Prompt.of(PromptId.SERVICE_IN_PROGRESS)
        c = self.conns.get(self.focus) if self.focus else None
        if c is None:
            active = [c for c in self.conns.values() if c.phase in ACTIVE]
            c = active[0] if len(active) == 1 else None
        if c is not None:
            return self._prompt(c)
        return Prompt.of(PromptId.IDLE_TAP_OR_PLUG, **self._money(self._reservation()))

    # ------------------------------------------------------------ prompts and snapshots

    def _money(self, amount: int) -> dict:
        return {"amount": amount, "currency": self.tariff.currency,
                "minor_units": self.tariff.minor_units}

    def _prompt(self, c: Conn) -> Prompt:
        if c.flash and c.flash[2] == c.phase and c.flash[1] > asyncio.get_running_loop().time():
            return c.flash[0]   # e.g. "Not the same card", never over the receipt that follows
        P, money = PromptId, self._money
        phase = c.phase
        if phase == Phase.AVAILABLE:
            if self.payment_unavailable and not self.cfg.modes.free_vending_when_offline:
                # The notice is the idle screen's own words (no banner on top of it).
                return Prompt.of(P.PAYMENT_MAYBE_UNAVAILABLE, connector=c.cid)
            return Prompt.of(P.IDLE_TAP_OR_PLUG, connector=c.cid, **money(self._reservation()))
        if phase == Phase.CHOOSING:
            return Prompt.of(P.CHOOSE_AMOUNT, connector=c.cid)
        if phase == Phase.PRESENT_CARD:
            busy = (self.card is not None and self.term_phase != "idle"
                    and (not self.card.pay or self._payer(self.card) is not c))
            return Prompt.of(P.PRESENT_CARD_WAIT_BUSY if busy else P.PRESENT_CARD,
                             connector=c.cid, **money(c.amount_choice or self._reservation()))
        if phase == Phase.AUTHORIZING:
            return Prompt.of(P.AUTHORIZING, connector=c.cid)
        if phase == Phase.DECLINED:
            # "Try another card" would send the driver on a useless round when
            # no card can be authorized: the host is offline.
            if c.declined_host:
                return Prompt.of(P.PAYMENT_UNAVAILABLE)
            return Prompt.of(P.DECLINED, connector=c.cid)
        if phase == Phase.PLUG_IN:
            # The rule ("within 5:00"), not a countdown: the text is drawn once per
            # snapshot and would go stale beside the ring that counts the seconds.
            return Prompt.of(P.PLUG_IN, connector=c.cid, seconds=self.cfg.timeouts.plug_in_s)
        if phase in (Phase.STARTING, Phase.CHARGING, Phase.SUSPENDED):
            near = c.warned and not c.free
            return Prompt.of(P.CHARGING_LIMIT_NEAR if near else P.CHARGING, connector=c.cid,
                             energy_wh=c.energy_wh, **money(c.cost))
        if phase == Phase.STOP_CONFIRM:
            return Prompt.of(P.TAP_SAME_CARD_TO_STOP, connector=c.cid)
        if phase == Phase.STOPPING:
            return Prompt.of(P.STOPPING, connector=c.cid)
        if phase == Phase.IDLE_FEE:
            idle = self._quote(c)
            fee = sum(line.amount for line in idle.lines if line.kind == "idle_fee")
            if fee:
                return Prompt.of(P.IDLE_FEE_RUNNING, connector=c.cid, **money(fee))
            return Prompt.of(P.UNPLUG_TO_FINISH, connector=c.cid)
        if phase == Phase.RECEIPT and c.receipt:
            return self._ending_prompt(c)
        if phase == Phase.FAULTED:
            return Prompt.of(P.OUT_OF_SERVICE, connector=c.cid)
        if phase == Phase.CHARGER_OFFLINE:
            return Prompt.of(P.CHARGER_OFFLINE, connector=c.cid)
        return Prompt.of(P.OUT_OF_SERVICE, connector=c.cid)

    def _view_prompt(self, prompt: Prompt) -> PromptView:
        return PromptView(prompt.id.value, title(prompt, self.language), body(prompt, self.language))

    def _fmt(self, amount: int) -> str:
        return pricing.format_money(amount, self.tariff.currency, self.tariff.minor_units,
                                    self.language)

    def _connector_view(self, c: Conn) -> ConnectorView:
        idle_fee, starts = 0, None
        if c.phase == Phase.IDLE_FEE:
            idle_fee = sum(line.amount for line in self._quote(c).lines if line.kind == "idle_fee")
            starts = max(0, self.tariff.idle_grace_minutes * 60 - self._idle_seconds(c))
        duration = int(self.wall() - c.started_wall) if c.started_wall and c.phase in ACTIVE else 0
        return ConnectorView(
            id=c.cid, label=str(c.cid), connector_type=c.info.connector_type,
            max_power_w=c.info.max_power_w, phase=c.phase,
            prompt=self._view_prompt(self._prompt(c)), plugged=c.plugged,
            energy_wh=c.energy_wh, power_w=c.power_w, duration_s=duration,
            cost=c.cost, cost_text=self._fmt(c.cost), reserved=c.reserved,
            reserved_text=self._fmt(c.reserved), seconds_left=self._seconds_left(c),
            seconds_total=self.cfg.timeouts.plug_in_s if c.phase == Phase.PLUG_IN else None,
            idle_fee=idle_fee, idle_fee_text=self._fmt(idle_fee),
            fault=next(iter(c.faults), None), receipt=self._receipt_view(c),
            card_hint=_card_hint(c.masked_pan), evse_id=config.evse_id(self.cfg, c.cid),
            idle_fee_starts_s=starts)

    def _receipt_view(self, c: Conn) -> ReceiptView | None:
        r = c.receipt
        if r is None:
            return None
        lines = tuple(CostLineView(line.kind, cost_line_label(line.kind, self.language),
                                   line.amount, self._fmt(line.amount))
                      for line in r.breakdown.lines) if r.total else ()
        return ReceiptView(url=receipt_url(self.cfg.station.receipt_base_url, r.token),
                           short_ref=r.short_ref, status=r.status, total=r.total,
                           total_text=self._fmt(r.total), lines=lines, card_hint=_card_hint(r.masked_pan),
                           energy_wh=r.energy_wh,
                           duration_s=int((r.stopped_at - r.started_at).total_seconds()))

    def snapshot(self) -> StationView:
        self.seq += 1
        fmt = self._fmt
        price = price_view(self.tariff, fmt, self._reservation(), self.language)
        if not self.terminal_ready:
            link, banner = TerminalLink.CONNECTING, Prompt.of(PromptId.TERMINAL_RECONNECTING)
        elif self.payment_unavailable:
            link = TerminalLink.UNAVAILABLE
            banner = Prompt.of(PromptId.FREE_VENDING if self.cfg.modes.free_vending_when_offline
                               else PromptId.PAYMENT_MAYBE_UNAVAILABLE)
        else:
            link, banner = TerminalLink.READY, self.banner
        return StationView(
            station_name=self.cfg.station.name, language=self.language,
            languages=LANGUAGES,
            connectors=tuple(self._connector_view(c) for c in self.conns.values()),
            price=price,
            amount_choices=tuple((a, fmt(a)) for a in self.cfg.payment.amount_choices)
            if self.cfg.payment.strategy == "driver_cap" else (),
            focus=self.focus, terminal=link,
            banner=self._view_prompt(banner) if banner else None,
            ui_start=self.cfg.modes.ui_start, tap_to_start=self.cfg.modes.tap_to_start,
            ui_stop=self.cfg.modes.ui_stop, tap_to_stop=self.cfg.modes.tap_to_stop,
            unplug_to_stop=self.cfg.modes.unplug_to_stop, helpline=self.cfg.station.helpline,
            seq=self.seq)


def _coarse(prompt: Prompt) -> tuple:
    """Prompt parameters at the resolution worth re-sending to the terminal:
    charging figures change every second, the display needs them every 0.1 kWh."""
    out = []
    for k, v in prompt.params:
        if k == "energy_wh":
            v = v // 100
        elif k in ("amount", "seconds"):
            v = v // 50 if k == "amount" else v // 30
        out.append((k, v))
    return tuple(out)


def _breakdown_json(breakdown) -> str:
    import json
    if breakdown is None:
        return "{}"
    return json.dumps({"total": breakdown.total, "net": breakdown.net, "vat": breakdown.vat,
                       "lines": [[line.kind, line.quantity, line.unit_price, line.amount]
                                 for line in breakdown.lines]})


def _card_hint(masked_pan: str | None) -> str:
    """The last four digits only: what a public screen may show of a card."""
    return f"•••• {masked_pan[-4:]}" if masked_pan else ""
