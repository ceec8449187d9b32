"""Card data the kiosk keeps to itself.

A terminal should send a masked PAN; one that sends more is masked here, at the
port, before the number reaches the journey's events, the logs, the books or a
receipt (PCI DSS: at most the first six and last four digits may be shown).
"""
from __future__ import annotations


def mask_pan(pan: str | None) -> str | None:
    """A PAN that still carries more than 10 digits (first 6 + last 4 is the most
    PCI allows) is masked to its last four; an already masked one is kept."""
    if pan is None:
        return None
    total = sum(ch.isdigit() for ch in pan)
    if total <= 10:
        return pan
    digits_seen, out = 0, []
    for ch in pan:
        if ch.isdigit():
            digits_seen += 1
            out.append(ch if digits_seen > total - 4 else "*")
        else:
            out.append(ch)
    return "".join(out)
