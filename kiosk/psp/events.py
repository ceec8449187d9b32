"""What PspClient publishes: link changes, terminal state, and the terminal's
unsolicited messages with their DOL values pulled out by tag name.

The DOL carries a card hash and a masked PAN, never a full PAN; it is kept out
of repr() anyway so that logging an event shows only the named fields.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.privacy import mask_pan

from . import messages as m
from .messages import DeclineReason, Dol, TerminalState


def _state_name(code: int) -> str:
    try:
        return TerminalState(code).name
    except ValueError:
        return f"0x{code:02X}"


def _brand(dol: Dol) -> str | None:
    return dol.text("brand_name") or dol.text("brand_id")


@dataclass(frozen=True)
class LinkUp:
    """Bring-up completed: the terminal is ENABLED and takes commands."""
    description: str


@dataclass(frozen=True)
class LinkDown:
    """The link was lost or could not be brought up; the client keeps retrying."""
    reason: str


@dataclass(frozen=True)
class TerminalStateChanged:
    state: int
    transaction_running: bool

    @property
    def state_name(self) -> str:
        return _state_name(self.state)


@dataclass(frozen=True)
class CardRead:
    card_hash: str | None = field(repr=False)   # never in logs or reprs
    masked_pan: str | None
    brand: str | None
    dol: Dol = field(default_factory=Dol, repr=False)
    transaction: int = 0   # PspClient.transaction when it was decoded

    @classmethod
    def from_message(cls, msg: m.CardRead) -> "CardRead":
        d = msg.dol
        return cls(d.text("card_hash"), mask_pan(d.text("masked_pan")), _brand(d), d)


@dataclass(frozen=True)
class SessionApproved:
    session_id: int
    card_hash: str | None = field(repr=False)
    masked_pan: str | None
    brand: str | None
    host_reference: str | None
    host_response_code: str | None
    dol: Dol = field(default_factory=Dol, repr=False)
    transaction: int = 0

    @classmethod
    def from_message(cls, msg: m.SessionApproved) -> "SessionApproved":
        d = msg.dol
        # Masked here, as it is decoded: a terminal that sends the whole number must
        # not put it in the kiosk's events, logs, books or receipts.
        return cls(msg.session_id, d.text("card_hash"), mask_pan(d.text("masked_pan")), _brand(d),
                   d.text("host_reference"), d.text("host_response_code"), d)


@dataclass(frozen=True)
class SessionDeclined:
    """reason is DeclineReason.NOT_SET (0) when the terminal gave none (no option 0x08)."""
    reason: int
    reason_name: str
    dol: Dol | None = field(default=None, repr=False)
    transaction: int = 0

    @classmethod
    def from_message(cls, msg: m.SessionDeclined) -> "SessionDeclined":
        reason = DeclineReason.NOT_SET if msg.reason is None else msg.reason
        return cls(int(reason), msg.reason_name, msg.dol)

    @property
    def card_hash(self) -> str | None:
        return self.dol.text("card_hash") if self.dol else None

    @property
    def masked_pan(self) -> str | None:
        return self.dol.text("masked_pan") if self.dol else None


@dataclass(frozen=True)
class SessionCancelled:
    transaction: int = 0


@dataclass(frozen=True)
class TransactionEvent:
    """Option 0x01. The payload's meaning is not public; we read it as a state code. [INF]"""
    state: int

    @property
    def state_name(self) -> str:
        return _state_name(self.state)


Event = (LinkUp | LinkDown | TerminalStateChanged | CardRead | SessionApproved | SessionDeclined
         | SessionCancelled | TransactionEvent)


def from_message(msg: m.Message):
    """The event for an unsolicited terminal message, or None for plain replies."""
    if isinstance(msg, m.CardRead):
        return CardRead.from_message(msg)
    if isinstance(msg, m.SessionApproved):
        return SessionApproved.from_message(msg)
    if isinstance(msg, m.SessionDeclined):
        return SessionDeclined.from_message(msg)
    if isinstance(msg, m.SessionCancelled):
        return SessionCancelled()
    if isinstance(msg, m.TransactionEvent):
        return TransactionEvent(msg.state)
    return None
