"""The receipt: everything a driver (or an auditor) needs about one payment.

Built by the journey from the terminal's raw data and the charging data; kept
as JSON in the books (`to_dict`/`from_dict`); reached by the driver through a
QR code carrying an unguessable token, or by typing the short reference.

Money is integer minor units. Only a masked PAN is ever stored: anything that
looks like more of a card number than the first six and last four digits is
masked down to the last four on construction.
"""
from __future__ import annotations

import base64
import re
import secrets
from dataclasses import dataclass, field, fields
from datetime import datetime, timezone
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from kiosk.journey.pricing import CostBreakdown, CostLine

STATUSES = ("paid", "voided", "declined", "free", "failed")

# Crockford base32: no I, L, O, U, so nothing reads as 1, 0 or a word.
SHORT_REF_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SHORT_REF_LEN = 8
_TYPO_MAP = str.maketrans({"O": "0", "I": "1", "L": "1"})


# --------------------------------------------------------------------------- ids and urls

def new_receipt_ids(rng=None) -> tuple[str, str]:
    """(token, short_ref). The token (128 bits, URL-safe) is what the QR code carries;
    the short reference ("K7QM-4TZP", 40 bits) is for typing and is not a secret.
    A random.Random makes both deterministic (tests only)."""
    if rng is None:
        token = secrets.token_urlsafe(16)
        digits = [secrets.choice(SHORT_REF_ALPHABET) for _ in range(SHORT_REF_LEN)]
    else:
        raw = rng.getrandbits(128).to_bytes(16, "big")
        token = base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")
        digits = [SHORT_REF_ALPHABET[rng.randrange(32)] for _ in range(SHORT_REF_LEN)]
    ref = "".join(digits)
    return token, f"{ref[:4]}-{ref[4:]}"


def normalize_short_ref(text: str) -> str | None:
    """A reference as typed ("k7qm 4tzp", "K7QM4TZP", "k7qm-4tzp") in its stored
    form "K7QM-4TZP"; O, I and L are read as 0, 1, 1. None if it cannot be one."""
    s = re.sub(r"[\s\-]", "", text or "").upper().translate(_TYPO_MAP)
    if len(s) != SHORT_REF_LEN or any(ch not in SHORT_REF_ALPHABET for ch in s):
        return None
    return f"{s[:4]}-{s[4:]}"


def receipt_url(base: str, token: str) -> str:
    """The receipt's URL: the token appended to base's path (a query string in base
    stays after it). "https://r.example/r" and ".../r/" give the same URL."""
    scheme, netloc, path, query, fragment = urlsplit(base)
    path = path.rstrip("/") + "/" + quote(token, safe="")
    return urlunsplit((scheme, netloc, path, query, fragment))


# --------------------------------------------------------------------------- helpers

_DIGIT_RUN = re.compile(r"\d")


def mask_pan(value: str | None) -> str:
    """A PAN as it may be shown: as given when at most 10 digits are visible (first
    six and last four, the PCI DSS limit); otherwise only the last four."""
    value = (value or "").strip()
    digits = _DIGIT_RUN.findall(value)
    if len(digits) <= 10:
        return value
    return "*" * (len(digits) - 4) + "".join(digits[-4:])


def as_datetime(value: Any) -> datetime:
    """Epoch seconds, ISO text or datetime as an aware datetime (naive means UTC)."""
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        dt = datetime.fromtimestamp(value, timezone.utc)
    elif isinstance(value, str):
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    else:
        raise TypeError(f"not a time: {value!r}")
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def iso(dt: datetime) -> str:
    """ISO 8601 to the second, "Z" for UTC: 2024-05-01T14:03:00Z."""
    text = dt.isoformat(timespec="seconds")
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def breakdown_to_dict(b) -> dict | None:
    if b is None:
        return None
    return {"lines": [{"kind": line.kind, "quantity": int(line.quantity), "unit": line.unit,
                       "unit_price": int(line.unit_price), "amount": int(line.amount),
                       "included": bool(getattr(line, "included", False))} for line in b.lines],
            "net": int(b.net), "vat": int(b.vat), "total": int(b.total),
            "currency": b.currency, "minor_units": int(b.minor_units)}


def breakdown_from_dict(d: dict | None):
    if d is None:
        return None
    lines = tuple(CostLine(x["kind"], x["quantity"], x["unit"], x["unit_price"], x["amount"],
                           x.get("included", False)) for x in d.get("lines", ()))
    return CostBreakdown(lines, d["net"], d["vat"], d["total"], d["currency"], d["minor_units"])


# --------------------------------------------------------------------------- the receipt

@dataclass(frozen=True, kw_only=True)
class Receipt:
    station_id: str
    station_name: str
    connector_id: int
    token: str = field(repr=False)     # a bearer secret: whoever has it sees the receipt
    short_ref: str
    started_at: datetime               # epoch seconds or ISO text are accepted too
    stopped_at: datetime
    session_ref: str = ""
    energy_wh: int = 0
    breakdown: CostBreakdown | None = None
    authorized_amount: int = 0
    total: int = 0                     # what was committed (capped by the authorization)
    currency: str = "EUR"
    minor_units: int = 2
    masked_pan: str = ""
    brand: str = ""
    host_reference: str = ""
    host_response_code: str = ""
    terminal_reference: str = ""       # the terminal's session id for this payment
    status: str = "paid"               # one of STATUSES
    stop_reason: str = ""
    language: str = "en"
    evse_id: str = ""                  # the charge point, as the operator's support knows it
    helpline: str = ""                 # who to call about this session

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "started_at", as_datetime(self.started_at))
        set_(self, "stopped_at", as_datetime(self.stopped_at))
        set_(self, "masked_pan", mask_pan(self.masked_pan))
        if self.status not in STATUSES:
            raise ValueError(f"receipt status must be one of {STATUSES}, not {self.status!r}")
        for name in ("energy_wh", "authorized_amount", "total", "minor_units", "connector_id"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, int):
                raise ValueError(f"receipt {name} must be a whole number, not {v!r}")

    # Derived figures: one source of truth (times and the breakdown).
    @property
    def duration_s(self) -> int:
        return max(0, int((self.stopped_at - self.started_at).total_seconds()))

    @property
    def started_epoch(self) -> float:
        return self.started_at.timestamp()

    @property
    def stopped_epoch(self) -> float:
        return self.stopped_at.timestamp()

    @property
    def lines(self) -> tuple:
        return tuple(self.breakdown.lines) if self.breakdown is not None and self.total else ()

    @property
    def idle_fee(self) -> int:
        return sum(line.amount for line in self.lines if line.kind == "idle_fee")

    @property
    def capped(self) -> bool:
        """True when the tariff asked for more than the authorization allowed."""
        return (self.status == "paid" and self.breakdown is not None
                and self.total < self.breakdown.total)

    @property
    def vat(self) -> int:
        """VAT in what was charged: the breakdown's, scaled down (half up) if capped."""
        b = self.breakdown
        if b is None or not self.total or not b.total:
            return 0
        if self.total == b.total:
            return b.vat
        return (2 * self.total * b.vat + b.total) // (2 * b.total)

    @property
    def net(self) -> int:
        return self.total - self.vat

    @property
    def vat_rate_bp(self) -> int | None:
        for line in self.lines:
            if line.kind == "vat":
                return int(line.unit_price)
        return None

    def to_dict(self) -> dict:
        """JSON-safe: times as ISO text, the breakdown as plain data."""
        d: dict[str, Any] = {}
        for f in fields(self):
            v = getattr(self, f.name)
            if isinstance(v, datetime):
                v = iso(v)
            elif f.name == "breakdown":
                v = breakdown_to_dict(v)
            d[f.name] = v
        d["duration_s"] = self.duration_s      # for readers that do not rebuild a Receipt
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Receipt":
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in d.items() if k in known}
        values["breakdown"] = breakdown_from_dict(d.get("breakdown"))
        return cls(**values)


__all__ = ["Receipt", "STATUSES", "SHORT_REF_ALPHABET", "new_receipt_ids", "normalize_short_ref",
           "receipt_url", "mask_pan", "as_datetime", "iso", "breakdown_to_dict", "breakdown_from_dict"]
