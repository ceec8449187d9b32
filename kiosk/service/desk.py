"""ServiceDesk: every technician function once, for the service pages and for the
socket alike, each action written to the books' audit table (never a PIN, card
hash or PAN). Runs on the backend loop; whatever touches the journey goes through
the station's inbox (access.py).
"""
from __future__ import annotations

import asyncio
import collections
import logging
import shutil
import time
from importlib import metadata
from pathlib import Path
from typing import Any, Callable

from kiosk.journey.station import Call
from kiosk.psp.wirelog import WIRE_FILE, wire_files

from . import access
from .errors import BAD_USE, NOT_FOUND, REFUSED, ServiceError
from .pin import Lockout, PinHashError, verify_pin

log = logging.getLogger(__name__)

WIRE_FRAMES = 200
SESSIONS = 50


def version() -> str:
    try:
        return metadata.version("ev-kiosk")
    except metadata.PackageNotFoundError:
        return "unknown"


class WireTail:
    """The last WIRE_FRAMES frames (card hashes already starred by the client), and
    the round trip of the last command: from a frame sent to the next one received."""

    def __init__(self, maxlen: int = WIRE_FRAMES):
        self.records: collections.deque = collections.deque(maxlen=maxlen)
        self.followers: set[asyncio.Queue] = set()
        self.last_rtt_s: float | None = None
        self._sent_at: float | None = None

    def __call__(self, record) -> None:
        self.records.append(record)
        if record.direction == "H>T":
            self._sent_at = record.time
        elif self._sent_at is not None:
            self.last_rtt_s, self._sent_at = record.time - self._sent_at, None
        for q in list(self.followers):
            if q.qsize() < 1000:          # a stuck follower loses lines, never the kiosk
                q.put_nowait(str(record))

    def lines(self) -> list[str]:
        return [str(r) for r in self.records]


class LogTail(logging.Handler):
    """The kiosk's own log lines, for the diagnostics bundle."""

    def __init__(self, maxlen: int = 2000):
        super().__init__(logging.INFO)
        self.lines: collections.deque = collections.deque(maxlen=maxlen)
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.lines.append(self.format(record))
        except Exception:   # a log line must never break the kiosk
            pass


class ServiceDesk:
    def __init__(self, cfg, books, station, *, client=None, wire: WireTail | None = None,
                 clock: Callable[[], float] = time.time, log_tail: LogTail | None = None,
                 sim=None):
        self.cfg = cfg
        self.books = books
        self.station = station
        self.client = client          # the PspClient: link state, reconnect, probe
        self.wire = wire or WireTail()
        self.clock = clock
        self.log_tail = log_tail
        self.sim = sim
        self.started_at = clock()
        self.link_since = clock()
        self.link_up = False
        self.renderer: str | None = None   # set by the UI (issue 15 fills it in)
        self.probe_lines: list[str] = []
        self._probe: asyncio.Task | None = None

    # -------------------------------------------------------------- plumbing

    def note_link(self, up: bool) -> None:
        """The terminal link changed (called from the backend's event pump)."""
        if up != self.link_up:
            self.link_up, self.link_since = up, self.clock()

    async def on_station(self, fn, timeout: float = 10.0) -> Any:
        """Run fn(station) between two of the journey's inputs."""
        fut = asyncio.get_running_loop().create_future()
        self.station.post(Call(fn, fut))
        try:
            async with asyncio.timeout(timeout):
                return await fut
        except TimeoutError:
            raise ServiceError(REFUSED, "the journey did not answer within "
                                        f"{timeout:g} s; nothing was changed") from None

    def _audit(self, actor: str, action: str, target: Any, result: str, **detail: Any) -> None:
        try:
            self.books.audit(actor, action, "" if target is None else str(target), result, **detail)
        except Exception:
            log.exception("audit entry for %s could not be written", action)

    async def _audited(self, actor: str, action: str, target: Any, coro) -> Any:
        try:
            result = await coro
        except ServiceError as e:
            self._audit(actor, action, target, f"refused: {e.message}")
            raise
        except Exception as e:
            self._audit(actor, action, target, f"error: {e}")
            raise
        self._audit(actor, action, target, "ok",
                    **({k: v for k, v in result.items() if k in ("amount", "kind", "path",
                                                                   "command", "cleared", "ok")}
                       if isinstance(result, dict) else {}))
        return result

    # -------------------------------------------------------------- access

    @property
    def pin_configured(self) -> bool:
        return bool(self.cfg.service.pin_hash)

    def lockout(self) -> Lockout:
        s = self.books.pin_lockout()
        return Lockout(s.failures, s.lockouts, s.locked_until)

    def pin_state(self) -> dict:
        lo = self.lockout()
        return {"configured": self.pin_configured, "locked_for_s": lo.seconds_left(self.clock()),
                "tries_left": lo.tries_left}

    async def check_pin(self, pin: str, actor: str = "screen") -> dict:
        """{"ok": bool, "locked_for_s": int, "tries_left": int}. The PIN goes nowhere
        else: not in the audit, the log or the result."""
        if not self.pin_configured:
            raise ServiceError(REFUSED, "no service PIN is set: run `ev-kiosk set-pin "
                                        "--config FILE` and restart the kiosk")
        now = self.clock()
        lo = self.lockout()
        if lo.seconds_left(now):
            self._audit(actor, "pin", "", "locked", seconds_left=lo.seconds_left(now))
            return {"ok": False, **self.pin_state()}
        loop = asyncio.get_running_loop()
        try:   # scrypt takes ~0.1 s: off the loop, so charging never waits for it
            ok = await loop.run_in_executor(None, verify_pin, pin, self.cfg.service.pin_hash)
        except PinHashError as e:
            raise ServiceError(BAD_USE, str(e)) from None
        lo = lo.after_right() if ok else lo.after_wrong(self.clock())
        from kiosk.store.books import PinLockout
        self.books.set_pin_lockout(PinLockout(lo.failures, lo.lockouts, lo.locked_until))
        locked = lo.seconds_left(self.clock())
        self._audit(actor, "pin", "", "ok" if ok else ("wrong, locked" if locked else "wrong"),
                    **({"locked_for_s": locked} if locked else {}))
        return {"ok": ok, **self.pin_state()}

    async def enter(self, actor: str = "screen") -> dict:
        await self.on_station(lambda st: access.hold(st, True))
        self._audit(actor, "enter", "", "ok")
        return {"held": True}

    async def leave(self, actor: str = "screen", why: str = "leave") -> dict:
        await self.on_station(lambda st: access.hold(st, False))
        self._audit(actor, "leave", "", "ok", why=why)
        return {"held": False}

    # -------------------------------------------------------------- reading

    async def status(self) -> dict:
        journey = await self.on_station(access.journey_status)
        return {"live": True, **self.status_parts(journey)}

    def status_parts(self, journey: dict) -> dict:
        data = self.cfg.data_path()
        try:
            free = shutil.disk_usage(data).free
        except OSError:
            free = None
        c = self.client
        psp = getattr(c, "status_reply", None) if c else None
        now = self.clock()
        return {
            "version": version(), "uptime_s": int(now - self.started_at),
            "data_dir": str(data), "disk_free_bytes": free, "renderer": self.renderer,
            "terminal": {
                "url": self.cfg.terminal.url,
                "link": "ready" if journey["terminal_ready"] else "connecting",
                "since": self.link_since,
                "psp_state": psp.state_name if psp else None,
                "transaction_running": bool(psp.transaction_running) if psp else None,
                "last_rtt_ms": round(self.wire.last_rtt_s * 1000, 1)
                if self.wire.last_rtt_s is not None else None,
                "last_error": getattr(c, "last_error", None) if c else None,
                "payment_unavailable": journey["payment_unavailable"]},
            "connectors": journey["connectors"],
            "books": books_status(self.books),
            "held": journey["held"],
        }

    async def holds(self) -> list[dict]:
        in_use = await self.on_station(access.payments_in_use)
        return holds(self.books, in_use, self.clock())

    def wirelog(self) -> list[str]:
        return self.wire.lines()

    def audit(self, limit: int = 200) -> list[dict]:
        return audit_rows(self.books, limit)

    def sessions(self, limit: int = SESSIONS) -> list[dict]:
        return sessions(self.books, limit)

    # -------------------------------------------------------------- acting

    async def finalise(self, payment_id: str, kind: str, amount: int = 0,
                       actor: str = "screen") -> dict:
        if kind not in ("commit", "void"):
            raise ServiceError(BAD_USE, f"{kind!r}: commit or void")
        return await self._audited(
            actor, kind, payment_id,
            self.on_station(lambda st: access.finalise(st, payment_id, kind, amount)))

    async def set_out_of_service(self, cid: int, out: bool, actor: str = "screen") -> dict:
        return await self._audited(
            actor, "disable" if out else "enable", cid,
            self.on_station(lambda st: access.set_out_of_service(st, cid, out)))

    async def unlock(self, cid: int, actor: str = "screen") -> dict:
        return await self._audited(actor, "unlock", cid,
                                   self.on_station(lambda st: access.unlock(st, cid)))

    async def clear_faults(self, cid: int, actor: str = "screen") -> dict:
        return await self._audited(actor, "clear_fault", cid,
                                   self.on_station(lambda st: access.clear_faults(st, cid)))

    async def reconnect(self, actor: str = "screen") -> dict:
        async def go():
            if self.client is None:
                raise ServiceError(REFUSED, "no terminal client")
            return {"reconnecting": self.client.reconnect("reconnect requested by a technician")}
        return await self._audited(actor, "reconnect", self.cfg.terminal.url, go())

    async def probe(self, test_payment: bool = False, actor: str = "screen") -> dict:
        """The commissioning probe (kiosk/probe.py) in the app: the kiosk's own link is
        paused meanwhile (charging goes on; Tap to Stop waits for the link), then the
        bring-up, the link's round trips and, if asked, a test payment of
        service.test_payment that is voided at once. Its verdict lines come back."""
        from kiosk.probe import Probe, ProbeFailed
        if self._probe is not None:
            raise ServiceError(REFUSED, "a probe is running already")
        if self.client is None:
            raise ServiceError(REFUSED, "no terminal client")
        lines: list[str] = []
        self.probe_lines = lines
        amount = self.cfg.service.test_payment if test_payment else None

        async def go():
            self.client.reconnect("paused for the probe")
            await self.client.close()
            try:
                p = Probe(self.cfg.terminal.url, out=lines.append, sim=self.sim, card_timeout=60)
                try:
                    await p.run(amount)
                    lines.append("probe OK")
                    ok = True
                except ProbeFailed as e:
                    lines.append(f"probe FAILED: {e}")
                    ok = False
            finally:
                await self.client.start()
            return {"ok": ok, "lines": lines, "amount": amount or 0}
        self._probe = asyncio.current_task()
        try:
            return await self._audited(actor, "probe", "test payment" if amount else "", go())
        finally:
            self._probe = None

    async def export(self, directory: str | None = None, actor: str = "screen") -> dict:
        from .bundle import write_bundle
        target = directory or self.cfg.service.export_dir or str(self.cfg.data_path())

        async def go():
            status = await self.status()
            # A receipt's token opens the driver's receipt page: a bundle that leaves
            # the station names receipts by their short reference only.
            sessions = [{**s, "receipt": {k: v for k, v in s["receipt"].items() if k != "token"}}
                        if s["receipt"] else s for s in self.sessions()]
            path = write_bundle(target, cfg=self.cfg, status=status,
                                holds=await self.holds(), sessions=sessions,
                                audit=self.audit(), wire=self.wirelog(),
                                wire_history=wire_files(Path(self.cfg.data_path()) / WIRE_FILE),
                                log_lines=list(self.log_tail.lines) if self.log_tail else [],
                                now=self.clock())
            return {"path": str(path)}
        return await self._audited(actor, "export", target, go())


# ------------------------------------------------------------------ from the books alone
# (also what `ev-kiosk service` reads when no kiosk is running)

def books_status(books) -> dict:
    stats = books.stats()
    waiting = books.unfinished_commands()
    last = books.last_commands("commit", 1)
    return {
        "open_payments": stats["open_payments"],
        "commands_waiting": len(waiting),
        "next_attempt_at": min((c.next_at for c in waiting), default=None),
        "last_commit": {"payment": last[0].payment_id, "amount": last[0].amount,
                        "at": last[0].done_at} if last else None,
        "committed_total": stats["committed_total"],
    }


def holds(books, in_use: dict[str, int] | None, now: float) -> list[dict]:
    """Holds still open and money commands that failed or keep retrying. `in_use`
    (payment -> connector) is None when no kiosk runs: nobody owns a hold then."""
    out = []
    for p in books.payments_in("authorized", "failed", "committing", "voiding"):
        owner = (in_use or {}).get(p.id)
        cmds = books.commands(p.id)
        last = cmds[-1] if cmds else None
        if p.state == "authorized" and owner is not None:
            continue                                  # a session on the screen owns it
        if p.state in ("committing", "voiding") and last and last.attempts < 2 \
                and not last.last_error:
            continue                                  # on its way: not stuck
        session = books.session_for_payment(p.id)
        delivered = session.cost if session else 0
        out.append({
            "payment": p.id, "connector": p.connector_id, "state": p.state,
            "age_s": int(now - p.created_at), "reserved": p.authorized_amount,
            "currency": p.currency, "delivered": delivered,
            "energy_wh": session.energy_wh if session else 0,
            "commit_suggested": min(delivered, p.authorized_amount),
            "command": {"kind": last.kind, "amount": last.amount, "state": last.state,
                        "attempts": last.attempts,
                        "next_at": last.next_at, "error": last.last_error} if last else None,
            "detail": p.detail,
            "actions": ["commit", "void"] if p.state in ("authorized", "failed") else []})
    return out


def audit_rows(books, limit: int = 200) -> list[dict]:
    return [{"at": e.at, "actor": e.actor, "action": e.action, "target": e.target,
             "result": e.result, **({"detail": e.detail} if e.detail else {})}
            for e in books.audit_entries(limit)]


def sessions(books, limit: int = SESSIONS) -> list[dict]:
    out = []
    for s in books.recent_sessions(limit):
        r = books.receipt_for_session(s.id)
        out.append({"session": s.id, "connector": s.connector_id, "payment": s.payment_id,
                    "state": s.state, "started_at": s.started_at, "ended_at": s.ended_at,
                    "energy_wh": s.energy_wh, "cost": s.cost, "stop_reason": s.stop_reason,
                    "receipt": {"short_ref": r.short_ref, "token": r.token,
                                "total": r.data.get("total"), "status": r.data.get("status")}
                    if r else None})
    return out


__all__ = ["ServiceDesk", "WireTail", "LogTail", "ServiceError", "NOT_FOUND", "REFUSED",
           "BAD_USE", "books_status", "holds", "audit_rows", "sessions", "version"]
