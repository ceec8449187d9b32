"""The demo control panel's bridge to the simulators.

SimControls forwards each button of qml/ControlPanel.qml to a plain-Python
`controller` (implemented by kiosk/app.py) with exactly these methods:

    present_card(card_name: str, outcome: str)   cards: visa mastercard maestro amex
                                                 outcomes: auto approve decline no_card
    plug(cid) / unplug(cid)
    set_power_kw(cid, kw: float)
    raise_fault(cid, blocking: bool) / clear_fault(cid)
    set_terminal_online(online: bool)
    drop_terminal_link()
    drop_charger_link() / restore_charger_link()
    connector_ids() -> list[int]

The controller posts into the backend loop itself, so calling it from the UI
thread is safe. A failing call is logged and shown in the panel, never raised
into QML.
"""
from __future__ import annotations

import logging
from typing import Any, Callable

from PySide6.QtCore import QObject, Property, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable


log = logging.getLogger("kiosk.ui")

QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1

CARDS = ["visa", "mastercard", "maestro", "amex"]
OUTCOMES = ["auto", "approve", "decline", "no_card"]


@QmlElement
@QmlUncreatable("SimControls is created by the kiosk and given to ControlPanel as a property")
class SimControls(QObject):
    statusChanged = Signal()

    def __init__(self, controller: Any, parent: QObject | None = None):
        super().__init__(parent)
        self._c = controller
        self._status = ""

    def _call(self, what: str, fn: Callable[[], Any]) -> None:
        try:
            fn()
            self._status = what
        except Exception as e:          # a demo button must never crash the kiosk
            log.exception("control panel: %s failed", what)
            self._status = f"{what}: {e}"
        self.statusChanged.emit()

    @Property(str, notify=statusChanged)
    def status(self) -> str:
        return self._status

    @Property("QVariantList", constant=True)
    def cards(self) -> list:
        return list(CARDS)

    @Property("QVariantList", constant=True)
    def outcomes(self) -> list:
        return list(OUTCOMES)

    @Property("QVariantList", constant=True)
    def connectorIds(self) -> list:
        try:
            return [int(c) for c in self._c.connector_ids()]
        except Exception:
            log.exception("control panel: connector_ids failed")
            return [1]

    @Slot(str, str)
    def presentCard(self, card_name: str, outcome: str) -> None:
        self._call(f"card {card_name} ({outcome})",
                   lambda: self._c.present_card(card_name, outcome))

    @Slot(int)
    def plug(self, cid: int) -> None:
        self._call(f"plug {cid}", lambda: self._c.plug(cid))

    @Slot(int)
    def unplug(self, cid: int) -> None:
        self._call(f"unplug {cid}", lambda: self._c.unplug(cid))

    @Slot(int, float)
    def setPowerKw(self, cid: int, kw: float) -> None:
        self._call(f"power {cid} = {kw:g} kW", lambda: self._c.set_power_kw(cid, float(kw)))

    @Slot(int, bool)
    def raiseFault(self, cid: int, blocking: bool) -> None:
        kind = "blocking" if blocking else "warning"
        self._call(f"fault {cid} ({kind})", lambda: self._c.raise_fault(cid, bool(blocking)))

    @Slot(int)
    def clearFault(self, cid: int) -> None:
        self._call(f"clear fault {cid}", lambda: self._c.clear_fault(cid))

    @Slot(bool)
    def setTerminalOnline(self, online: bool) -> None:
        self._call("terminal host online" if online else "terminal host offline",
                   lambda: self._c.set_terminal_online(bool(online)))

    @Slot()
    def dropTerminalLink(self) -> None:
        self._call("terminal link dropped", self._c.drop_terminal_link)

    @Slot()
    def dropChargerLink(self) -> None:
        self._call("charger link dropped", self._c.drop_charger_link)

    @Slot()
    def restoreChargerLink(self) -> None:
        self._call("charger link restored", self._c.restore_charger_link)
