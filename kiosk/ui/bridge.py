"""The Qt side of the snapshot/intent contract.

The backend publishes immutable StationViews (kiosk/journey/snapshot.py) from its
own thread; StationBridge hops them onto the UI thread with a queued signal and
turns them into QML properties plus a per-connector list model. QML calls the
bridge's slots; each becomes one intent handed to `send_intent` (which the
composition root makes thread-safe). No decisions are taken here beyond *which
screen shows a snapshot*: that routing is presentation, so it lives in Python
(`route`) rather than in QML, where it would be hard to test.
"""
from __future__ import annotations

import logging
import threading
from fractions import Fraction
from typing import Any, Callable

from PySide6.QtCore import (QAbstractListModel, QByteArray, QModelIndex, QObject, Property,
                            Signal, Slot)
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.journey import intents as it
from kiosk.journey.pricing import format_decimal, round_half_up
from kiosk.journey.snapshot import ConnectorView, Phase, PromptView, StationView, TerminalLink

log = logging.getLogger("kiosk.ui")

# Qt.DisplayRole and Qt.UserRole as plain ints: the first use of PySide6's `Qt`
# namespace builds all of its ~100 enums (~25 ms), and this module loads
# before the kiosk's first frame.
DISPLAY_ROLE = 0
USER_ROLE = 0x0100

QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1

# Which screen a focused connector's phase shows. STARTING/SUSPENDED look like
# charging (the prompt says what is going on); FINALISING like stopping.
PHASE_SCREEN: dict[Phase, str] = {
    Phase.AVAILABLE: "message",          # focused + available = a flash prompt (voided, no card)
    Phase.CHOOSING: "amount",
    Phase.PRESENT_CARD: "present_card",
    Phase.AUTHORIZING: "authorizing",
    Phase.DECLINED: "declined",
    Phase.PLUG_IN: "plug_in",
    Phase.STARTING: "charging",
    Phase.CHARGING: "charging",
    Phase.SUSPENDED: "charging",
    Phase.STOP_CONFIRM: "stop_confirm",
    Phase.STOPPING: "stopping",
    Phase.IDLE_FEE: "idle_fee",
    Phase.FINALISING: "stopping",
    Phase.RECEIPT: "receipt",
    Phase.FAULTED: "unavailable",
    Phase.CHARGER_OFFLINE: "unavailable",
    Phase.OUT_OF_SERVICE: "unavailable",
}
# Banner id -> prompts of the screen below that already say it.
SAYS_THE_SAME = {"payment_maybe_unavailable": {"payment_unavailable"}}
UNUSABLE = {Phase.FAULTED, Phase.CHARGER_OFFLINE, Phase.OUT_OF_SERVICE}
BUSY = {Phase.PLUG_IN, Phase.STARTING, Phase.CHARGING, Phase.SUSPENDED, Phase.STOP_CONFIRM,
        Phase.STOPPING, Phase.IDLE_FEE, Phase.FINALISING, Phase.RECEIPT}


def route(view: StationView) -> tuple[str, ConnectorView | None]:
    """(screen name, the connector that screen is about)."""
    current = None
    if view.focus is not None:
        try:
            current = view.connector(view.focus)
        except KeyError:
            current = None
    if current is None and len(view.connectors) == 1:
        current = view.connectors[0]
    if view.blocking is not None:
        return "blocking", current
    if current is None:
        return "home", None
    if view.focus is None:
        # A one-connector station without focus: its own state is the screen,
        # the idle state being the attract screen with prices.
        if current.phase == Phase.AVAILABLE:
            # Also while card payment may be unavailable: the banner says so and the
            # driver may still try (a tap is how the kiosk finds the bank is back).
            return "home", current
        if current.phase == Phase.CHOOSING:
            return "amount", current
    return PHASE_SCREEN.get(current.phase, "message"), current


def card_state(c: ConnectorView) -> str:
    """A connector card's look on the overview: free | busy | mine | fault | offline."""
    if c.phase == Phase.AVAILABLE:
        return "free"
    if c.phase in (Phase.CHOOSING, Phase.PRESENT_CARD, Phase.AUTHORIZING, Phase.DECLINED):
        return "busy"
    if c.phase == Phase.CHARGER_OFFLINE:
        return "offline"
    if c.phase in UNUSABLE:
        return "fault"
    return "charging"


def _tenths(value: int, per_unit: int) -> int:
    """value/per_unit rounded to one decimal, as an integer count of tenths."""
    return round_half_up(Fraction(value * 10, per_unit))


def kwh_text(energy_wh: int, lang: str) -> str:
    """Hundredths below 10 kWh, so the first minutes do not read "0.0 kWh · €0.51"."""
    if energy_wh < 10_000:
        return format_decimal(round_half_up(Fraction(energy_wh, 10)), 2, lang)
    return format_decimal(_tenths(energy_wh, 1000), 1, lang)


def kw_text(power_w: int, lang: str, whole_if_round: bool = False) -> str:
    tenths = _tenths(power_w, 1000)
    if whole_if_round and tenths % 10 == 0:
        return format_decimal(tenths // 10, 0, lang)     # "22 kW", not "22.0 kW"
    return format_decimal(tenths, 1, lang)


def duration_text(seconds: int) -> str:
    """"42:07" under an hour, "1:05:12" above."""
    s = max(0, int(seconds))
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


def connector_dict(c: ConnectorView, lang: str) -> dict[str, Any]:
    """Everything a screen shows about one connector, ready to display."""
    r = c.receipt
    return {
        "connectorId": c.id,
        "label": c.label,
        "connectorType": c.connector_type,
        "maxPowerText": kw_text(c.max_power_w, lang, whole_if_round=True),
        "phase": c.phase.value,
        "cardState": card_state(c),
        "promptId": c.prompt.id,
        "title": c.prompt.title,
        "detail": c.prompt.detail,
        "plugged": c.plugged,
        "energyText": kwh_text(c.energy_wh, lang),
        "powerText": kw_text(c.power_w, lang),
        "durationText": duration_text(c.duration_s),
        "durationSeconds": c.duration_s,
        "costText": c.cost_text,
        "reservedText": c.reserved_text,
        # Share of the reservation used: the bar on the charging screen.
        "costFraction": min(1.0, c.cost / c.reserved) if c.reserved > 0 else 0.0,
        "secondsLeft": -1 if c.seconds_left is None else int(c.seconds_left),
        "secondsTotal": -1 if c.seconds_total is None else int(c.seconds_total),
        "idleFeeText": c.idle_fee_text,
        "idleFee": c.idle_fee,
        "fault": c.fault or "",
        "cardHint": c.card_hint,
        "evseId": c.evse_id,
        # Minutes until the idle fee starts (rounded up: "in 1 min" until it does), -1 none.
        "idleFeeStartsMin": -1 if c.idle_fee_starts_s is None else -(-c.idle_fee_starts_s // 60),
        "hasReceipt": r is not None,
        "receiptUrl": r.url if r else "",
        "receiptRef": r.short_ref if r else "",
        "receiptStatus": r.status if r else "",
        "receiptTotalText": r.total_text if r else "",
        # VAT is shown under the total (it is contained in it with gross prices).
        "receiptLines": [{"kind": ln.kind, "label": ln.label, "text": ln.text}
                         for ln in (r.lines if r else ()) if ln.kind != "vat"],
        "receiptTaxLines": [{"kind": ln.kind, "label": ln.label, "text": ln.text}
                            for ln in (r.lines if r else ()) if ln.kind == "vat"],
        "receiptCardHint": r.card_hint if r else "",
        "receiptEnergyText": kwh_text(r.energy_wh, lang) if r else "",
        "receiptDurationText": duration_text(r.duration_s) if r else "",
    }


ROLES = list(connector_dict(ConnectorView(0, "", "", 0, Phase.AVAILABLE, PromptView("", "")),
                            "en").keys())


class ConnectorModel(QAbstractListModel):
    """One row per connector; rows are updated in place (dataChanged) so QML
    delegates keep their state and nothing flickers."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = []
        self._role_ids = {USER_ROLE + 1 + i: name for i, name in enumerate(ROLES)}
        self._role_of = {name: rid for rid, name in self._role_ids.items()}

    def roleNames(self) -> dict[int, QByteArray]:
        return {rid: QByteArray(name.encode()) for rid, name in self._role_ids.items()}

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex, role: int = DISPLAY_ROLE) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        name = self._role_ids.get(role)
        if name is None:
            return self._rows[index.row()]["label"] if role == DISPLAY_ROLE else None
        return self._rows[index.row()][name]

    @Slot(int, result="QVariantMap")
    def get(self, row: int) -> dict[str, Any]:
        return dict(self._rows[row]) if 0 <= row < len(self._rows) else {}

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        old = len(self._rows)
        new = len(rows)
        if new < old:
            self.beginRemoveRows(QModelIndex(), new, old - 1)
            del self._rows[new:]
            self.endRemoveRows()
        for i in range(min(old, new)):
            changed = [self._role_of[k] for k, v in rows[i].items() if self._rows[i].get(k) != v]
            if changed:
                self._rows[i] = rows[i]
                idx = self.index(i, 0)
                self.dataChanged.emit(idx, idx, changed)
        if new > old:
            self.beginInsertRows(QModelIndex(), old, new - 1)
            self._rows.extend(rows[old:])
            self.endInsertRows()

    @property
    def rows(self) -> list[dict[str, Any]]:
        return self._rows


@QmlElement
@QmlUncreatable("StationBridge is created by the kiosk and given to Main as a property")
class StationBridge(QObject):
    """The current StationView as QML properties, and the driver's intents as slots."""

    changed = Signal()                 # any snapshot-derived property
    languageSwitched = Signal(str)     # after the translator was swapped
    activity = Signal()                # a touch anywhere (resets the dim timer)
    _incoming = Signal()

    def __init__(self, send_intent: Callable[[Any], None] | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self._send = send_intent or (lambda intent: None)
        self._view: StationView | None = None
        self._latest: StationView | None = None
        self._lock = threading.Lock()
        self._model = ConnectorModel(self)
        self._screen = "home"
        self._current: dict[str, Any] = {}
        self._language = ""
        self._language_hook: Callable[[str], None] | None = None
        self._screen_hook: Callable[[str], None] | None = None
        # An automatic connection: from the backend thread it is queued, so
        # _apply always runs on the bridge's (UI) thread.
        self._incoming.connect(self._apply)

    # ------------------------------------------------------------ from the backend

    def publish(self, view: StationView) -> None:
        """Thread-safe. Only the newest snapshot is applied when several queue up."""
        with self._lock:
            self._latest = view
        self._incoming.emit()

    def set_language_hook(self, hook: Callable[[str], None] | None) -> None:
        """Called on the UI thread with the new language before the properties
        change (create_ui installs the translator and retranslates there)."""
        self._language_hook = hook

    def set_screen_hook(self, hook: Callable[[str], None] | None) -> None:
        """Called on the UI thread with the screen about to show, before QML
        sees it (QML's bindings react to `changed` before any connected slot)."""
        self._screen_hook = hook

    def set_send_intent(self, send_intent: Callable[[Any], None]) -> None:
        self._send = send_intent

    @Slot()
    def _apply(self) -> None:
        with self._lock:
            view, self._latest = self._latest, None
        if view is None:
            return
        self.apply_now(view)

    def apply_now(self, view: StationView) -> None:
        """Apply a snapshot synchronously (UI thread only; tests and screenshots)."""
        lang = view.language
        if lang != self._language:
            self._language = lang
            if self._language_hook is not None:
                try:
                    self._language_hook(lang)
                except Exception:      # a missing translation must not take the screen down
                    log.exception("ui: switching language to %s failed", lang)
            self.languageSwitched.emit(lang)
        self._view = view
        self._model.set_rows([connector_dict(c, lang) for c in view.connectors])
        screen, current = route(view)
        if self._screen_hook is not None:
            self._screen_hook(screen)
        self._screen = screen
        self._current = connector_dict(current, lang) if current is not None else {}
        self.changed.emit()

    @property
    def view(self) -> StationView | None:
        return self._view

    # ------------------------------------------------------------ properties

    def _v(self, getter: Callable[[StationView], Any], default: Any) -> Any:
        return getter(self._view) if self._view is not None else default

    @Property(bool, notify=changed)
    def ready(self) -> bool:
        return self._view is not None

    @Property(str, notify=changed)
    def stationName(self) -> str:
        return self._v(lambda v: v.station_name, "")

    @Property(str, notify=changed)
    def language(self) -> str:
        return self._language or "en"

    @Property("QVariantList", notify=changed)
    def languages(self) -> list:
        return self._v(lambda v: [{"code": c, "name": n} for c, n in v.languages],
                       [{"code": "en", "name": "English"}])

    @Property(int, notify=changed)
    def focus(self) -> int:
        return self._v(lambda v: -1 if v.focus is None else v.focus, -1)

    @Property(str, notify=changed)
    def screen(self) -> str:
        return self._screen

    @Property("QVariantMap", notify=changed)
    def current(self) -> dict:
        return self._current

    @Property(QObject, constant=True)
    def connectors(self) -> ConnectorModel:
        return self._model

    @Property(int, notify=changed)
    def connectorCount(self) -> int:
        return self._model.rowCount()

    @Property(str, notify=changed)
    def terminalState(self) -> str:
        return self._v(lambda v: v.terminal.value, TerminalLink.CONNECTING.value)

    @Property(bool, notify=changed)
    def hasBanner(self) -> bool:
        # Not when the screen below says the same thing already (its prompt).
        def shown(v: StationView) -> bool:
            below = self._current.get("promptId")
            return v.banner is not None and below != v.banner.id \
                and below not in SAYS_THE_SAME.get(v.banner.id, ())
        return self._v(shown, False)

    @Property(str, notify=changed)
    def bannerId(self) -> str:
        return self._v(lambda v: v.banner.id if v.banner else "", "")

    @Property(str, notify=changed)
    def bannerTitle(self) -> str:
        return self._v(lambda v: v.banner.title if v.banner else "", "")

    @Property(str, notify=changed)
    def bannerDetail(self) -> str:
        return self._v(lambda v: v.banner.detail if v.banner else "", "")

    @Property(str, notify=changed)
    def helpline(self) -> str:
        return self._v(lambda v: v.helpline, "")

    @Property(bool, notify=changed)
    def blocking(self) -> bool:
        return self._v(lambda v: v.blocking is not None, False)

    @Property(str, notify=changed)
    def blockingTitle(self) -> str:
        return self._v(lambda v: v.blocking.title if v.blocking else "", "")

    @Property(str, notify=changed)
    def blockingDetail(self) -> str:
        return self._v(lambda v: v.blocking.detail if v.blocking else "", "")

    @Property(str, notify=changed)
    def priceEnergy(self) -> str:
        return self._v(lambda v: v.price.energy_per_kwh, "")

    @Property(str, notify=changed)
    def priceTime(self) -> str:
        return self._v(lambda v: v.price.time_price, "")

    @Property(str, notify=changed)
    def priceMax(self) -> str:
        return self._v(lambda v: v.price.max_price, "")

    @Property(str, notify=changed)
    def priceSessionFee(self) -> str:
        return self._v(lambda v: v.price.session_fee, "")

    @Property(str, notify=changed)
    def priceIdleFee(self) -> str:
        return self._v(lambda v: v.price.idle_fee, "")

    @Property(bool, notify=changed)
    def priceIdleFeeCharged(self) -> bool:
        return self._v(lambda v: v.price.idle_fee_charged, False)

    @Property(str, notify=changed)
    def priceReservation(self) -> str:
        return self._v(lambda v: v.price.reservation, "")

    @Property(str, notify=changed)
    def priceVatNote(self) -> str:
        return self._v(lambda v: v.price.vat_note, "")

    @Property("QVariantList", notify=changed)
    def amountChoices(self) -> list:
        return self._v(lambda v: [{"amount": a, "text": t} for a, t in v.amount_choices], [])

    @Property(bool, notify=changed)
    def uiStart(self) -> bool:
        return self._v(lambda v: v.ui_start, True)

    @Property(bool, notify=changed)
    def uiStop(self) -> bool:
        return self._v(lambda v: v.ui_stop, True)

    @Property(bool, notify=changed)
    def tapToStop(self) -> bool:
        return self._v(lambda v: v.tap_to_stop, True)

    @Property(bool, notify=changed)
    def unplugToStop(self) -> bool:
        return self._v(lambda v: v.unplug_to_stop, True)

    @Property(bool, notify=changed)
    def tapToStart(self) -> bool:
        return self._v(lambda v: v.tap_to_start, True)

    @Property(bool, notify=changed)
    def canStart(self) -> bool:
        """A new session can be started from the screen right now (the journey
        re-checks; this only greys the buttons)."""
        # Not while the terminal (re)connects; while payment may be unavailable the
        # driver may still try.
        return self._v(lambda v: v.ui_start and v.terminal != TerminalLink.CONNECTING, False)

    @Property(int, notify=changed)
    def seq(self) -> int:
        return self._v(lambda v: v.seq, 0)

    # ------------------------------------------------------------ intents from QML

    def _intent(self, intent: Any) -> None:
        try:
            self._send(intent)
        except Exception:              # never let a wiring error escape into a QML slot
            log.exception("ui: sending %r failed", intent)

    def _current_id(self) -> int | None:
        cid = self._current.get("connectorId")
        return int(cid) if cid is not None else None

    @Slot(int)
    def selectConnector(self, connector_id: int) -> None:
        self._intent(it.SelectConnector(connector_id))

    @Slot(int)
    def chooseAmount(self, amount: int) -> None:
        cid = self._current_id()
        if cid is not None:
            self._intent(it.ChooseAmount(cid, amount if amount > 0 else None))

    @Slot()
    def back(self) -> None:
        self._intent(it.Back())

    @Slot(int)
    def requestStop(self, connector_id: int) -> None:
        self._intent(it.RequestStop(connector_id))

    @Slot()
    def cancelStop(self) -> None:
        cid = self._current_id()
        if cid is not None:
            self._intent(it.CancelStop(cid))

    @Slot()
    def dismissReceipt(self) -> None:
        cid = self._current_id()
        if cid is not None:
            self._intent(it.DismissReceipt(cid))

    @Slot(str)
    def setLanguage(self, language: str) -> None:
        self._intent(it.SetLanguage(language))

    @Slot()
    def touch(self) -> None:
        self.activity.emit()
        self._intent(it.Touch())
