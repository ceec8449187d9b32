"""Why a session ended, and what the driver is told about it. Pure: no I/O, no Qt.

Every ending has a reason (the journey's stop reason); the reason picks the
prompt the screen and the terminal display show, and the receipt names it.
An ending the station caused (a charger fault, a charger that lost contact or
never started) is never a plain "Thank you!": it says what happened and what
was delivered and charged, and it may waive the session fee
(pricing.session_fee_waived).
"""
from __future__ import annotations

from .prompts import Prompt, PromptId

DRIVER = frozenset({"tap_to_stop", "unplugged", "ui_stop"})        # stopped by the driver
CAR = frozenset({"ev_stopped", "ev_full"})                           # the car finished
LIMIT = frozenset({"limit_reached", "update_refused"})               # the reservation's limit
STATION = frozenset({"fault", "charger_lost", "charger_no_start"})   # the station's doing
REASONS = DRIVER | CAR | LIMIT | STATION | {"plug_timeout", "cancelled"}


def station_caused(reason: str | None) -> bool:
    return reason in STATION


def before_plug_in(reason: str) -> str:
    """The reason of a driver's stop while the connector still waits for the cable:
    nothing was started, so it is a cancel (nothing charged, reservation released)."""
    return "cancelled" if reason in DRIVER else reason


def ending_prompt(reason: str | None, *, connector: int, charged: bool, money: dict,
                  energy_wh: int = 0, reference: str = "", fee_waived: bool = False) -> Prompt:
    """What the screen and the terminal say when a session ends.

    charged: something was (or, free vending, would have been) billed, so there is a
    receipt to show; otherwise the reservation was released and the prompt says so.
    money: amount, currency, minor_units of what was charged."""
    reason = reason or ""
    if reason == "cancelled":
        return Prompt.of(PromptId.CANCELLED, connector=connector)
    if not charged:
        if reason == "plug_timeout":
            return Prompt.of(PromptId.VOIDED_NOT_PLUGGED)
        if reason == "charger_no_start":
            return Prompt.of(PromptId.VOIDED_NO_START)
        pid = PromptId.ENDED_NOTHING_CHARGED if reason in STATION else PromptId.VOIDED
        return Prompt.of(pid, connector=connector, reason=reason)
    pid = PromptId.ENDED_BY_STATION if reason in STATION else PromptId.RECEIPT
    return Prompt.of(pid, connector=connector, reason=reason, reference=reference,
                     energy_wh=energy_wh, fee_waived=int(bool(fee_waived)), **money)


__all__ = ["DRIVER", "CAR", "LIMIT", "STATION", "REASONS", "station_caused", "before_plug_in",
           "ending_prompt"]
