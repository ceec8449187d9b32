"""Frame-level trace of the link, for technicians: one record per frame, both ways.

The client calls a `wire_log(record)` hook; `WireLog` is a ready-made bounded
buffer for it (the service screen shows the tail). Frames carry at most the
card hash and masked PAN (PSP never sends a full PAN to the host); the card
hash is starred out before a record is made, since card hashes are shown to nobody.
"""
from __future__ import annotations

import collections
from dataclasses import dataclass

HOST_TO_TERMINAL = "H>T"
TERMINAL_TO_HOST = "T>H"


def without_card_hash(raw: bytes, msg) -> bytes:
    """The frame with the bytes of its card hash (if its DOL has one) as '*', and a
    card number a terminal sent unmasked masked as the events mask it (same length)."""
    from kiosk.privacy import mask_pan
    dol = getattr(msg, "dol", None)
    if not dol:
        return raw
    value = dol.text("card_hash")
    if value:
        secret = value.encode()
        raw = raw.replace(secret, b"*" * len(secret))
    pan = dol.text("masked_pan")
    if pan and mask_pan(pan) != pan:
        raw = raw.replace(pan.encode(), mask_pan(pan).encode())
    return raw


@dataclass(frozen=True)
class WireRecord:
    time: float        # the client's clock (monotonic by default)
    direction: str     # "H>T" or "T>H"
    hex: str           # the frame's bytes as sent or received, "CC 02 3C 26 30"
    name: str          # decoded message name, e.g. "Get Status"; notes like "(bad checksum)"

    def __str__(self) -> str:
        return f"{self.time:12.3f} {self.direction} {self.name:<20} {self.hex}"


class WireLog:
    """A callable hook that keeps the last `maxlen` records."""

    def __init__(self, maxlen: int = 1000):
        self.records: collections.deque[WireRecord] = collections.deque(maxlen=maxlen)

    def __call__(self, record: WireRecord) -> None:
        self.records.append(record)

    def names(self, direction: str | None = None) -> list[str]:
        return [r.name for r in self.records if direction is None or r.direction == direction]

    def lines(self) -> list[str]:
        return [str(r) for r in self.records]
