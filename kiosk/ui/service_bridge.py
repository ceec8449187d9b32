"""The service pages' side of the Qt bridge: the ServiceDesk (kiosk/service/desk.py,
on the backend loop) as QML properties and slots.

Every slot hops onto the backend loop (run_coroutine_threadsafe); the answer comes
back through a queued signal, so the UI thread never waits for the books or the
terminal. Values are formatted here (durations, sizes, times), labels are qsTr in
the QML. With no desk (screenshots), `show_fixture` sets the same properties.
"""
from __future__ import annotations

import asyncio
import logging
import time
from datetime import datetime
from typing import Any, Callable

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.journey.pricing import format_money

log = logging.getLogger("kiosk.ui")

# What the System page asked for when the kiosk quits: "restart" (kiosk/cli.py
# starts the same command again), "desktop" or None.
EXIT_ACTION: str | None = None

QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1


def size_text(n: int | None) -> str:
    if n is None:
        return "—"
    for unit, step in (("GB", 1 << 30), ("MB", 1 << 20), ("kB", 1 << 10)):
        if n >= step:
            return f"{n / step:.1f} {unit}"
    return f"{n} B"


def age_text(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    s = max(0, int(seconds))
    d, rem = divmod(s, 86400)
    h, rem = divmod(rem, 3600)
    m, s = divmod(rem, 60)
    if d:
        return f"{d} d {h} h"
    if h:
        return f"{h} h {m:02d} min"
    if m:
        return f"{m} min {s:02d} s"
    return f"{s} s"


def clock_text(at: float | None) -> str:
    if not at:
        return "—"
    return datetime.fromtimestamp(at).strftime("%Y-%m-%d %H:%M:%S")


@QmlElement
@QmlUncreatable("ServiceBridge is created by the kiosk and given to Main as a property")
class ServiceBridge(QObject):
    changed = Signal()
    quitRequested = Signal()                   # the System page: restart or leave to the desktop
    _answer = Signal(str, object, object)      # action, result, error (from the backend thread)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._desk = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._money: Callable[[int], str] = lambda v: f"{v / 100:.2f}"
        self._clock: Callable[[], float] = time.time
        self._state: dict[str, Any] = {
            "pinConfigured": False, "lockedFor": 0, "triesLeft": 5, "pinWrong": False,
            "unlocked": False, "busy": False, "message": "", "messageOk": True,
            "status": {}, "connectors": [], "holds": [], "sessions": [], "wire": [],
            "probe": [], "exportDir": "", "testPayment": "", "receiptUrl": "", "receiptRef": "", "renderer": ""}
        self._answer.connect(self._on_answer)
        self._qr_hook: Callable[[], None] | None = None
        self._receipt_base = ""

    def set_qr_hook(self, hook: Callable[[], None] | None) -> None:
        self._qr_hook = hook

    # ------------------------------------------------------------ wiring

    def set_desk(self, desk, loop: asyncio.AbstractEventLoop, currency: str = "EUR",
                 minor_units: int = 2) -> None:
        self._desk, self._loop = desk, loop
        self._money = lambda v: format_money(v, currency, minor_units, "en")
        self._clock = lambda: desk.clock()
        self._receipt_base = desk.cfg.station.receipt_base_url
        self._state["exportDir"] = desk.cfg.service.export_dir or str(desk.cfg.data_path())
        self._state["testPayment"] = self._money(desk.cfg.service.test_payment)
        self._call("pin_state", desk_sync=lambda d: d.pin_state())

    def detach(self) -> None:
        """The backend is about to stop: a timer, a QML call or a late answer from
        now on is dropped rather than sent to a loop that will not run it."""
        self._desk = self._loop = None

    def show_fixture(self, state: dict[str, Any]) -> None:
        """Screenshots and tests without a backend: set what the pages show."""
        self._state.update(state)
        self.changed.emit()

    def _set(self, **values: Any) -> None:
        self._state.update(values)
        self.changed.emit()

    def _call(self, action: str, coro_fn: Callable | None = None,
              desk_sync: Callable | None = None) -> None:
        """Run coro_fn(desk) (or desk_sync(desk)) on the backend loop."""
        if self._desk is None or self._loop is None or self._loop.is_closed():
            return          # no backend, or it has stopped: nobody left to answer
        desk = self._desk

        async def run():
            return desk_sync(desk) if desk_sync else await coro_fn(desk)
        coro = run()
        try:
            fut = asyncio.run_coroutine_threadsafe(coro, self._loop)
        except RuntimeError:    # the loop closed on its own thread since the check above
            coro.close()
            return

        def done(f):
            try:
                self._answer.emit(action, f.result(), None)
            except Exception as e:          # ServiceError or anything: shown, one line
                self._answer.emit(action, None, e)
        fut.add_done_callback(done)

    # ------------------------------------------------------------ answers (UI thread)

    @Slot(str, object, object)
    def _on_answer(self, action: str, result: Any, error: Any) -> None:
        if error is not None:
            text = getattr(error, "message", None) or str(error) or type(error).__name__
            self._set(busy=False, message=text, messageOk=False)
            if action == "pin":
                self._call("pin_state", desk_sync=lambda d: d.pin_state())
            return
        if action == "pin_state":
            self._set(pinConfigured=result["configured"], lockedFor=result["locked_for_s"],
                      triesLeft=result["tries_left"])
        elif action == "pin":
            self._set(pinConfigured=True, lockedFor=result["locked_for_s"],
                      triesLeft=result["tries_left"], pinWrong=not result["ok"],
                      unlocked=result["ok"], message="")
            if result["ok"]:
                self._call("enter", lambda d: d.enter())
                self.refresh("all")
        elif action == "status":
            self._set(status=self.format_status(result),
                      connectors=[self.format_connector(c) for c in result["connectors"]])
        elif action == "wire":
            self._set(wire=list(result))
        elif action == "probe":
            self._set(busy=False, probe=list(result["lines"]), message="")
        elif action == "holds":
            self._set(holds=[self.format_hold(h) for h in result])
        elif action == "sessions":
            self._set(sessions=[self.format_session(r) for r in result])
        elif action in ("void", "commit", "disable", "enable", "unlock", "clear_fault",
                        "reconnect", "export"):
            self._set(busy=False, message=self._done_text(action, result), messageOk=True)
            self.refresh("all")

    def _done_text(self, action: str, r: dict) -> str:
        if action in ("void", "commit"):
            return f"{action} {r['payment']}: written to the books (command {r['command']})"
        if action == "export":
            return r["path"]
        if action in ("disable", "enable", "unlock", "clear_fault"):
            return f"{action} {r['connector']}: ok"
        return "ok"

    # ------------------------------------------------------------ formatting

    def format_status(self, s: dict) -> dict[str, Any]:
        t, b = s["terminal"], s["books"]
        now = self._clock()
        last = b.get("last_commit")
        return {
            "version": s["version"], "uptime": age_text(s["uptime_s"]),
            "dataDir": s["data_dir"], "diskFree": size_text(s["disk_free_bytes"]),
            "renderer": s.get("renderer") or self._state.get("renderer") or "—",
            "terminalUrl": t["url"], "link": t["link"],
            "linkSince": f"{clock_text(t['since'])} ({age_text(now - t['since'])})",
            "pspState": t["psp_state"] or "—",
            "rtt": "—" if t["last_rtt_ms"] is None else f"{t['last_rtt_ms']:.1f} ms",
            "lastError": t["last_error"] or "—",
            "openPayments": str(b["open_payments"]),
            "commandsWaiting": str(b["commands_waiting"]),
            "nextAttempt": "—" if b["next_attempt_at"] is None else
            ("now" if b["next_attempt_at"] <= now else clock_text(b["next_attempt_at"])),
            "lastCommit": "—" if not last else
            f"{self._money(last['amount'])} · {clock_text(last['at'])}",
        }

    def format_hold(self, h: dict) -> dict[str, Any]:
        cmd = h["command"]
        return {"payment": h["payment"], "connector": h["connector"], "state": h["state"],
                "age": age_text(h["age_s"]), "reserved": h["reserved"],
                "reservedText": self._money(h["reserved"]),
                "delivered": self._money(h["delivered"]),
                "energy": f"{h['energy_wh'] / 1000:.2f} kWh",
                "suggested": max(1, h["commit_suggested"]) if h["reserved"] else 0,
                "command": " · ".join(
                    [cmd["kind"] + (f" {self._money(cmd['amount'])}" if cmd["kind"] == "commit"
                                    else ""), cmd["state"], f"{cmd['attempts']}×"]
                    + ([cmd["error"]] if cmd.get("error") else [])) if cmd else "—",
                "canAct": bool(h["actions"])}

    def format_session(self, r: dict) -> dict[str, Any]:
        receipt = r.get("receipt") or {}
        return {"session": r["session"], "connector": r["connector"],
                "started": clock_text(r["started_at"]),
                "energy": f"{r['energy_wh'] / 1000:.2f} kWh",
                "cost": self._money(receipt.get("total") if receipt.get("total") is not None
                                    else r["cost"]),
                "reason": r["stop_reason"] or r["state"],
                "shortRef": receipt.get("short_ref", ""), "token": receipt.get("token", "")}

    def money(self, amount: int) -> str:
        return self._money(amount)

    def format_connector(self, c: dict) -> dict[str, Any]:
        faults = ", ".join(f["code"] + ("" if f["blocking"] else " (warning)")
                           for f in c["faults"])
        return {"id": c["id"], "phase": c["phase"], "plugged": c["plugged"],
                "outOfService": c["out_of_service"], "faults": faults or "—",
                "hasFault": bool(c["faults"]),
                "energy": f"{c['energy_wh'] / 1000:.2f} kWh", "power": f"{c['power_w'] / 1000:.1f} kW",
                "charging": c["phase"] in ("starting", "charging", "suspended", "stop_confirm",
                                           "stopping")}

    # ------------------------------------------------------------ QML properties

    def _get(name: str, kind=object, changed=changed):
        return Property("QVariant" if kind is object else kind,
                        lambda self: self._state[name], notify=changed)

    pinConfigured = _get("pinConfigured", bool)
    lockedFor = _get("lockedFor", int)
    triesLeft = _get("triesLeft", int)
    pinWrong = _get("pinWrong", bool)
    unlocked = _get("unlocked", bool)
    busy = _get("busy", bool)
    message = _get("message", str)
    messageOk = _get("messageOk", bool)
    status = _get("status")
    connectors = _get("connectors")
    holds = _get("holds")
    sessions = _get("sessions")
    wire = _get("wire")
    probe = _get("probe")
    exportDir = _get("exportDir", str)
    testPayment = _get("testPayment", str)
    receiptUrl = _get("receiptUrl", str)
    receiptRef = _get("receiptRef", str)
    del _get

    # ------------------------------------------------------------ QML slots

    @Slot()
    def opened(self) -> None:
        """The gesture opened the pad: what it may say (no PIN, locked)."""
        self._set(pinWrong=False, message="", unlocked=False)
        self._call("pin_state", desk_sync=lambda d: d.pin_state())

    @Slot(str)
    def submitPin(self, pin: str) -> None:  # noqa: N802
        self._call("pin", lambda d: d.check_pin(pin))

    @Slot(str)
    def leave(self, why: str) -> None:
        was = self._state["unlocked"]
        self._set(unlocked=False, pinWrong=False, message="", receiptUrl="", receiptRef="")
        if was:
            self._call("leave", lambda d: d.leave(why=why))

    @Slot(str)
    def refresh(self, page: str) -> None:
        if page in ("status", "connectors", "all"):
            self._call("status", lambda d: d.status())
        if page == "terminal":
            self._call("wire", desk_sync=lambda d: d.wirelog())
        if page in ("payments", "all"):
            self._call("holds", lambda d: d.holds())
            self._call("sessions", desk_sync=lambda d: d.sessions())

    @Slot(int, result=str)
    def moneyText(self, amount: int) -> str:  # noqa: N802
        return self._money(amount)

    @Slot(str)
    def void(self, payment: str) -> None:
        self._act("void", lambda d: d.finalise(payment, "void"))

    @Slot(str, int)
    def commit(self, payment: str, amount: int) -> None:
        self._act("commit", lambda d: d.finalise(payment, "commit", amount))

    @Slot(str, str)
    def showReceipt(self, token: str, short_ref: str) -> None:  # noqa: N802
        """A driver lost the receipt: its QR and reference back on the screen."""
        if self._qr_hook is not None:
            self._qr_hook()
        from kiosk.receipts.model import receipt_url
        url = receipt_url(self._receipt_base, token) if token else ""
        self._set(receiptUrl=url, receiptRef=short_ref)
        if self._desk is not None:
            self._call("audit", desk_sync=lambda d: d.books.audit("screen", "show_receipt",
                                                                  short_ref, "ok"))

    @Slot()
    def reconnect(self) -> None:
        self._act("reconnect", lambda d: d.reconnect())

    @Slot(bool)
    def runProbe(self, test_payment: bool) -> None:  # noqa: N802
        self._set(busy=True, probe=[], message="")
        self._call("probe", lambda d: d.probe(test_payment))

    @Slot()
    def exportBundle(self) -> None:  # noqa: N802
        self._act("export", lambda d: d.export())

    @Slot(str)
    def quitKiosk(self, how: str) -> None:  # noqa: N802
        """"restart" (the same command again) or "desktop" (the kiosk ends: the only
        way out of station mode). Audited first; the kiosk then shuts down cleanly."""
        global EXIT_ACTION
        EXIT_ACTION = how
        if self._desk is not None:
            self._call("audit", desk_sync=lambda d: d.books.audit(
                "screen", "restart" if how == "restart" else "leave_to_desktop", "", "ok"))
        self.quitRequested.emit()

    @Slot()
    def hideReceipt(self) -> None:  # noqa: N802
        self._set(receiptUrl="", receiptRef="")

    def _act(self, action: str, fn: Callable) -> None:
        self._set(busy=True, message="")
        self._call(action, fn)

    @Slot(int, bool)
    def setOutOfService(self, cid: int, out: bool) -> None:  # noqa: N802
        self._act("disable" if out else "enable", lambda d: d.set_out_of_service(cid, out))

    @Slot(int)
    def unlock(self, cid: int) -> None:
        self._act("unlock", lambda d: d.unlock(cid))

    @Slot(int)
    def clearFault(self, cid: int) -> None:  # noqa: N802
        self._act("clear_fault", lambda d: d.clear_faults(cid))
