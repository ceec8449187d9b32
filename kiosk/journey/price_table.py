"""The price table shown before the driver commits (EU AFIR price transparency).

Pure: a tariff in, pre-formatted strings out (QML only shows them). Each price
is shown in the unit the tariff states it in: a per-hour price rounded to a
per-minute one reads wrong (2.00/h as 0.03/min) or vanishes (below 0.30/h)."""
from __future__ import annotations

from typing import Callable

from . import pricing
from .prompts import idle_fee_note, max_price_note, per_unit, vat_note
from .snapshot import PriceView


def price_view(t: pricing.Tariff, fmt: Callable[[int], str], reservation: int,
               lang: str) -> PriceView:
    """fmt formats minor units as money in `lang` ("€2.00")."""
    if t.time_per_minute:
        time_price = per_unit(fmt(t.time_per_minute), "min", lang)
    elif t.time_per_hour:
        time_price = per_unit(fmt(t.time_per_hour), "h", lang)
    else:
        time_price = ""
    if t.idle_fee_per_minute:
        idle = per_unit(fmt(t.idle_fee_per_minute), "min", lang)
    elif t.idle_fee_per_hour:
        idle = per_unit(fmt(t.idle_fee_per_hour), "h", lang)
    else:
        idle = None
    return PriceView(
        energy_per_kwh=fmt(t.energy_per_kwh),
        time_price=time_price,
        session_fee=fmt(t.session_fee) if t.session_fee else "",
        idle_fee=idle_fee_note(idle, t.idle_grace_minutes,
                               fmt(t.idle_fee_cap) if t.idle_fee_cap else None, lang),
        reservation=fmt(reservation),
        vat_note=vat_note(t.vat_percent_bp, t.prices_include_vat, lang),
        idle_fee_charged=idle is not None,
        max_price=max_price_note(fmt(t.max_price) if t.max_price else "", lang))
