"""Immutable pictures of the station, published by the backend to the UI.

The journey owns the truth; a snapshot is what each screen needs to draw it,
nothing more. The UI never reaches back into the journey: it sends intents
(kiosk/journey/intents.py) and waits for the next snapshot.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass


class Phase(str, enum.Enum):
    """Where one connector is in the driver's journey (one screen each)."""
    AVAILABLE = "available"            # free; attract screen shows prices
    CHOOSING = "choosing"              # UI start: driver is picking the amount
    PRESENT_CARD = "present_card"      # terminal waits for a card for this connector
    AUTHORIZING = "authorizing"        # card read, asking the issuer
    DECLINED = "declined"              # card declined (no reason shown)
    PLUG_IN = "plug_in"                # authorized, waiting for the cable (deadline)
    STARTING = "starting"              # plugged + authorized, charger starting
    CHARGING = "charging"
    SUSPENDED = "suspended"            # vehicle paused charging
    STOP_CONFIRM = "stop_confirm"      # UI stop: tap the same card
    STOPPING = "stopping"
    IDLE_FEE = "idle_fee"              # charging ended, bay still occupied
    FINALISING = "finalising"          # committing / voiding
    RECEIPT = "receipt"
    FAULTED = "faulted"                # blocking fault: full screen
    CHARGER_OFFLINE = "charger_offline"
    OUT_OF_SERVICE = "out_of_service"


class TerminalLink(str, enum.Enum):
    READY = "ready"                    # brought up, enabled
    CONNECTING = "connecting"          # (re)connecting, bring-up running
    UNAVAILABLE = "unavailable"        # card payment unavailable (host offline)


@dataclass(frozen=True)
class PromptView:
    """A prompt rendered in the current language (the same catalog feeds the
    Apollo display, so both screens always say the same)."""
    id: str
    title: str
    detail: str = ""


@dataclass(frozen=True)
class CostLineView:
    kind: str            # energy | time | session_fee | idle_fee | max_price_cap | reserved_cap | vat
    label: str           # rendered in the current language
    amount: int          # minor units
    text: str            # amount formatted


@dataclass(frozen=True)
class ReceiptView:
    url: str             # what the QR code carries
    short_ref: str       # human reference to type
    status: str          # paid | voided | declined | free
    total: int
    total_text: str
    lines: tuple[CostLineView, ...] = ()
    card_hint: str = ""  # "•••• 0019": the screen is public; the receipt page has the masked PAN
    energy_wh: int = 0
    duration_s: int = 0


@dataclass(frozen=True)
class ConnectorView:
    id: int
    label: str                       # "1", "2" or operator's name
    connector_type: str              # Type2, CCS2, ...
    max_power_w: int
    phase: Phase
    prompt: PromptView
    plugged: bool = False
    energy_wh: int = 0
    power_w: int = 0
    duration_s: int = 0
    cost: int = 0                    # so far, minor units
    cost_text: str = ""
    reserved: int = 0                # authorized amount
    reserved_text: str = ""
    seconds_left: int | None = None  # plug-in deadline, idle grace, ...
    seconds_total: int | None = None  # the whole of that wait (the ring's full circle)
    idle_fee: int = 0
    idle_fee_text: str = ""
    fault: str | None = None         # technician-facing code, shown small
    receipt: ReceiptView | None = None
    card_hint: str = ""              # last 4 digits only ("•••• 0019"), never more
    evse_id: str = ""                # the charge point's EVSE ID, for the driver to quote
    idle_fee_starts_s: int | None = None  # idle-fee screen: seconds until the fee starts


@dataclass(frozen=True)
class PriceView:
    """Price transparency (EU AFIR): shown before the driver commits.
    A price the tariff does not charge is "" (its row is left out)."""
    energy_per_kwh: str
    time_price: str                  # with the tariff's own unit: "€0.05/min", "€2.00/h"
    session_fee: str
    idle_fee: str                    # "€0.10/min after 30 min, max €10.00" rendered
    reservation: str                 # amount that will be reserved
    vat_note: str                    # "incl. 21% VAT"
    idle_fee_charged: bool = False   # the tariff has an idle fee (idle_fee is its rule)
    max_price: str = ""              # "at most €30.00 per session"; "" = no maximum


@dataclass(frozen=True)
class StationView:
    station_name: str
    language: str
    languages: tuple[tuple[str, str], ...]     # (code, native name)
    connectors: tuple[ConnectorView, ...]
    price: PriceView
    amount_choices: tuple[tuple[int, str], ...]  # driver-chosen caps (minor units, text)
    focus: int | None                # connector the driver is dealing with, None = overview
    terminal: TerminalLink
    banner: PromptView | None = None  # non-blocking error
    blocking: PromptView | None = None  # station-wide blocking error (full screen)
    helpline: str = ""               # who a driver calls when something went wrong
    ui_start: bool = True            # connector choice on screen is enabled
    tap_to_start: bool = True
    ui_stop: bool = True             # Stop / Cancel on screen (else tap or unplug only)
    tap_to_stop: bool = True         # the charging screen says how a driver can stop
    unplug_to_stop: bool = True
    seq: int = 0                     # increases with every snapshot

    def connector(self, cid: int) -> ConnectorView:
        for c in self.connectors:
            if c.id == cid:
                return c
        raise KeyError(cid)
