"""Tariffs, quotes and money formatting: pure arithmetic, no I/O.

Money is always an int in minor units (cents for EUR). Unit prices are whole
minor units per unit (0.39 EUR/kWh is 39), so a config file never holds a
float. Quantities are billed as exact rationals (fractions.Fraction) and each
cost line is rounded once, with the one rounding rule of this module:
`round_half_up`. Prices that are not a whole number of minor units per minute
(OCPI's 2.00/h parking) are given per hour instead (`time_per_hour`,
`idle_fee_per_hour`), never as fractional cents.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, fields
from fractions import Fraction
from typing import Any

BP = 10_000   # basis points in 100 %


def round_half_up(x: Fraction | int) -> int:
    """The one rounding rule for money: nearest minor unit, halves away from zero.

    Applied to the exact rational, once per cost line, so that no rounding
    error is ever rounded again."""
    x = Fraction(x)
    if x < 0:
        return -round_half_up(-x)
    return math.floor(x + Fraction(1, 2))


# --------------------------------------------------------------------------- tariff

_CURRENCY = re.compile(r"[A-Z]{3}\Z")
_OPTIONAL_ZERO = ("max_price", "idle_fee_cap")      # None in a mapping means "none" (0)


@dataclass(frozen=True)
class Tariff:
    """One station tariff. Every price is whole minor units of `currency`.

    Prices are gross (VAT included) when `prices_include_vat`, else net.
    0 means "not charged" for a price and "no limit" for idle_fee_cap and
    max_price. time_per_minute and time_per_hour are alternatives (at most one
    non-zero); so are idle_fee_per_minute and idle_fee_per_hour.
    """
    currency: str = "EUR"
    minor_units: int = 2
    energy_per_kwh: int = 0          # per kWh, billed per Wh pro rata
    time_per_minute: int = 0         # charging time, billed per second pro rata
    time_per_hour: int = 0           # same, for prices like 2.00/h
    session_fee: int = 0             # once per session that delivered something
    idle_fee_per_minute: int = 0     # per started minute after the grace period
    idle_fee_per_hour: int = 0       # same, for prices like 2.00/h
    idle_grace_minutes: int = 0
    idle_fee_cap: int = 0            # 0 = no cap on the idle fee
    max_price: int = 0               # 0 = none; caps what the driver pays (incl. VAT)
    min_energy_wh_for_fee: int = 100  # a station-ended session below this pays no session fee
    vat_percent_bp: int = 0          # 2100 = 21 %
    prices_include_vat: bool = True

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            key = f"tariff.{f.name}"
            if f.name == "currency":
                if not isinstance(value, str) or not _CURRENCY.match(value):
                    raise ValueError(f"{key}: must be a three-letter ISO 4217 code such as "
                                     f"\"EUR\", not {value!r}")
            elif f.name == "prices_include_vat":
                if not isinstance(value, bool):
                    raise ValueError(f"{key}: must be true or false, not {value!r}")
            elif isinstance(value, bool) or not isinstance(value, int):
                hint = " of minor units (0.39 per kWh is 39)" if isinstance(value, float) else ""
                raise ValueError(f"{key}: must be a whole number{hint}, not {value!r}")
            elif value < 0:
                raise ValueError(f"{key}: must not be negative, not {value!r}")
        if self.minor_units > 4:
            raise ValueError(f"tariff.minor_units: must be between 0 and 4, not {self.minor_units!r}")
        if self.vat_percent_bp > BP:
            raise ValueError(f"tariff.vat_percent_bp: must be at most {BP} (100 %), "
                             f"not {self.vat_percent_bp!r}")
        if self.time_per_minute and self.time_per_hour:
            raise ValueError("tariff.time_per_hour: give time_per_minute or time_per_hour, not both")
        if self.idle_fee_per_minute and self.idle_fee_per_hour:
            raise ValueError("tariff.idle_fee_per_hour: give idle_fee_per_minute or "
                             "idle_fee_per_hour, not both")

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> "Tariff":
        """Build from a config table; missing keys take the defaults above.
        Raises ValueError("tariff.<key>: <what is wrong>")."""
        if not isinstance(data, dict):
            raise ValueError("tariff: must be a table")
        known = [f.name for f in fields(cls)]
        for key in data:
            if key not in known:
                raise ValueError(f"tariff.{key}: unknown key (known: {', '.join(known)})")
        values = {k: (0 if v is None and k in _OPTIONAL_ZERO else v) for k, v in data.items()}
        return cls(**values)

    # Rates as exact rationals, in minor units per billed unit.
    @property
    def time_per_second(self) -> Fraction:
        return Fraction(self.time_per_minute, 60) + Fraction(self.time_per_hour, 3600)

    @property
    def idle_per_minute(self) -> Fraction:
        return Fraction(self.idle_fee_per_minute) + Fraction(self.idle_fee_per_hour, 60)


# --------------------------------------------------------------------------- quotes

@dataclass(frozen=True)
class CostLine:
    """One line of a bill.

    kind       energy | time | session_fee | session_fee_waived (amount 0) | idle_fee |
               max_price_cap | reserved_cap | vat
    quantity   Wh (energy), seconds (time), billed minutes (idle_fee), 1 (session_fee,
               max_price_cap), the taxable net amount (vat)
    unit       the unit unit_price is given in: kWh, min, h, session, bp (vat)
    unit_price minor units per `unit` as in the tariff (VAT: rate in basis points)
    amount     minor units, rounded once; negative only for max_price_cap and reserved_cap
    included   True for a VAT line already contained in the other lines (gross prices):
               it is shown, but not added again
    """
    kind: str
    quantity: int
    unit: str
    unit_price: int
    amount: int
    included: bool = False


@dataclass(frozen=True)
class CostBreakdown:
    """total == sum of the amounts of the lines that are not `included`;
    net + vat == total, always."""
    lines: tuple[CostLine, ...]
    net: int
    vat: int
    total: int
    currency: str
    minor_units: int

    def amount_of(self, kind: str) -> int:
        return sum(line.amount for line in self.lines if line.kind == kind)


def _vat_on_net(net: int, bp: int) -> int:
    return round_half_up(Fraction(net * bp, BP))


def _largest_net_within(max_total: int, bp: int) -> int:
    """Largest net amount whose net + VAT stays within max_total (net prices)."""
    n = max_total * BP // (BP + bp) + 1
    while n > 0 and n + _vat_on_net(n, bp) > max_total:
        n -= 1
    return n


def session_fee_waived(tariff: Tariff, energy_wh: int, station_ended: bool) -> bool:
    """The session fee is not charged when the station (a fault, a lost charger, a
    charger that never started) ended the session before it delivered
    tariff.min_energy_wh_for_fee: the driver got too little to owe a start fee.
    A driver who stops early still pays it."""
    return bool(tariff.session_fee) and station_ended and energy_wh < tariff.min_energy_wh_for_fee


def quote(tariff: Tariff, energy_wh: int, charging_seconds: int, idle_seconds: int,
          reserved: int = 0, waive_session_fee: bool = False) -> CostBreakdown:
    """What a session costs so far.

    energy: per Wh, pro rata (12.345 kWh at 0.39 = 4.81455 -> 4.81).
    time: per second, pro rata, while charging.
    session_fee: once, if the session delivered energy or charged for any time
        (a session that delivered nothing costs nothing, so it can be voided).
        waive_session_fee (see session_fee_waived) puts a session_fee_waived line of
        0 in its place, so the receipt says the fee was not charged.
    idle_fee: per started minute after the grace period, capped by idle_fee_cap.
    max_price: caps what the driver pays, VAT included, with a negative line.
    reserved: the amount authorized on the card (0: none). Nothing above it can be
        collected, so the breakdown caps there too, with a negative reserved_cap
        line: the lines, the VAT and the total are what is actually charged.
    VAT: taken out of the gross total (prices incl. VAT) or added on top.
    """
    for name, v in (("energy_wh", energy_wh), ("charging_seconds", charging_seconds),
                    ("idle_seconds", idle_seconds)):
        if isinstance(v, bool) or not isinstance(v, int) or v < 0:
            raise ValueError(f"{name}: must be a whole number not below 0, not {v!r}")
    t = tariff
    lines: list[CostLine] = []
    if t.energy_per_kwh and energy_wh:
        lines.append(CostLine("energy", energy_wh, "kWh", t.energy_per_kwh,
                              round_half_up(Fraction(energy_wh * t.energy_per_kwh, 1000))))
    if t.time_per_second and charging_seconds:
        unit, price = ("min", t.time_per_minute) if t.time_per_minute else ("h", t.time_per_hour)
        lines.append(CostLine("time", charging_seconds, unit, price,
                              round_half_up(charging_seconds * t.time_per_second)))
    if t.session_fee and (energy_wh or charging_seconds):
        if waive_session_fee:
            lines.append(CostLine("session_fee_waived", 1, "session", t.session_fee, 0))
        else:
            lines.append(CostLine("session_fee", 1, "session", t.session_fee, t.session_fee))
    billable_s = max(0, idle_seconds - t.idle_grace_minutes * 60)
    if t.idle_per_minute and billable_s:
        minutes = -(-billable_s // 60)                        # started minutes
        fee = round_half_up(minutes * t.idle_per_minute)
        if t.idle_fee_cap:
            fee = min(fee, t.idle_fee_cap)
        unit, price = ("min", t.idle_fee_per_minute) if t.idle_fee_per_minute \
            else ("h", t.idle_fee_per_hour)
        lines.append(CostLine("idle_fee", minutes, unit, price, fee))

    charged = sum(line.amount for line in lines)    # in the tariff's basis (gross or net)
    bp = t.vat_percent_bp
    for kind, cap in (("max_price_cap", t.max_price), ("reserved_cap", reserved)):
        if not cap:
            continue
        limit = cap if t.prices_include_vat else _largest_net_within(cap, bp)
        if charged > limit:
            lines.append(CostLine(kind, 1, "session", cap, limit - charged))
            charged = limit

    if t.prices_include_vat:
        total = charged
        vat = round_half_up(Fraction(total * bp, BP + bp))
        net = total - vat
    else:
        net = charged
        vat = _vat_on_net(net, bp)
        total = net + vat
    if bp and total:
        lines.append(CostLine("vat", net, "bp", bp, vat, included=t.prices_include_vat))
    return CostBreakdown(tuple(lines), net, vat, total, t.currency, t.minor_units)


def energy_for_amount(tariff: Tariff, amount: int) -> int:
    """Most Wh that cost at most `amount` with no time or idle charges (what a
    reservation buys, for the price screen). 0 if the energy is free."""
    if not tariff.energy_per_kwh:
        return 0
    lo, hi = 0, 1
    while quote(tariff, hi, 0, 0).total <= amount and hi < 10**12:
        lo, hi = hi, hi * 2
    while hi - lo > 1:                   # quote is monotonic in energy
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if quote(tariff, mid, 0, 0).total <= amount else (lo, mid)
    return lo


# --------------------------------------------------------------------------- display

@dataclass(frozen=True)
class PriceDisplay:
    """Prices to show before the driver commits (EU AFIR), in minor units, in the
    tariff's own basis (see prices_include_vat). Per-minute figures of per-hour
    prices are rounded for display only; the per-hour figure is exact."""
    currency: str
    minor_units: int
    energy_per_kwh: int
    time_per_minute: int
    time_per_hour: int
    session_fee: int
    idle_fee_per_minute: int
    idle_fee_per_hour: int
    idle_grace_minutes: int
    idle_fee_cap: int            # 0 = no cap
    max_price: int               # 0 = none
    vat_percent_bp: int
    prices_include_vat: bool


def price_display(tariff: Tariff) -> PriceDisplay:
    t = tariff
    return PriceDisplay(
        currency=t.currency, minor_units=t.minor_units, energy_per_kwh=t.energy_per_kwh,
        time_per_minute=round_half_up(t.time_per_second * 60),
        time_per_hour=round_half_up(t.time_per_second * 3600),
        session_fee=t.session_fee,
        idle_fee_per_minute=round_half_up(t.idle_per_minute),
        idle_fee_per_hour=round_half_up(t.idle_per_minute * 60),
        idle_grace_minutes=t.idle_grace_minutes, idle_fee_cap=t.idle_fee_cap,
        max_price=t.max_price, vat_percent_bp=t.vat_percent_bp,
        prices_include_vat=t.prices_include_vat)


# (decimal mark, thousands separator) per language; unknown languages use English.
_SEPARATORS = {"en": (".", ","), "nl": (",", "."), "de": (",", "."), "fr": (",", "\u00a0")}
_SYMBOLS = {"EUR": "€"}


def _lang(locale: str) -> str:
    code = (locale or "en").replace("-", "_").split("_")[0].lower()
    return code if code in _SEPARATORS else "en"


def format_decimal(value: int, decimals: int, locale: str = "en") -> str:
    """An integer count of 10**-decimals units as a decimal string: (1234567, 2, "de")
    -> "12.345,67". No floats anywhere."""
    mark, group = _SEPARATORS[_lang(locale)]
    sign = "-" if value < 0 else ""
    whole, frac = divmod(abs(value), 10 ** decimals)
    digits = f"{whole:,}".replace(",", group)
    return sign + digits + (f"{mark}{frac:0{decimals}d}" if decimals else "")


NBSP = "\u00a0"   # between an amount and its currency: a line never breaks "€ | 10,00"


def format_money(amount: int, currency: str, minor_units: int, locale: str = "en") -> str:
    """"€12.50" (en), "€ 12,50" (nl), "12,50 €" (de, fr); other currencies by their
    code: "GBP 12.50", "GBP 12,50", "12,50 GBP". Each space here is a no-break
    space (NBSP), as in CLDR."""
    lang = _lang(locale)
    number = format_decimal(abs(amount), minor_units, lang)
    sign = "-" if amount < 0 else ""
    symbol = _SYMBOLS.get(currency, currency)
    if lang == "en":
        return f"{sign}{symbol}{number}" if symbol != currency else f"{sign}{currency}{NBSP}{number}"
    if lang == "nl":
        return f"{symbol}{NBSP}{sign}{number}"
    return f"{sign}{number}{NBSP}{symbol}"


__all__ = ["Tariff", "CostLine", "CostBreakdown", "PriceDisplay", "quote", "price_display",
           "session_fee_waived",
           "format_money", "format_decimal", "round_half_up", "energy_for_amount", "BP"]
