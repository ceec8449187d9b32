"""Frame-level trace of the link, for technicians: one record per frame, both ways.

The client calls a `wire_log(record)` hook; `WireLog` is a ready-made bounded
buffer for it (the service screen shows the tail), `WireFile` a size-capped file
in the data directory that outlives a crash or restart. Frames carry at most the
card hash and masked PAN (PSP never sends a full PAN to the host); the card
hash is starred out before a record is made, since card hashes are shown to nobody.
"""
from __future__ import annotations

import collections
import logging
import logging.handlers
import os
import time
from dataclasses import dataclass
from pathlib import Path

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


WIRE_FILE = "wire.log"
WIRE_FILE_BYTES = 2 * 2**20     # each file; wire.log, wire.log.1, wire.log.2 at most
WIRE_FILE_BACKUPS = 2

log = logging.getLogger(__name__)


class _OwnerOnlyRotatingFile(logging.handlers.RotatingFileHandler):
    """Created 0600 like the books (open() would go through the umask); a failed
    write (disk full) is one warning, not a traceback per frame."""

    failed = False

    def _open(self):
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC,
                     0o600)
        os.fchmod(fd, 0o600)    # a file left by an older kiosk or another umask
        return os.fdopen(fd, "a", encoding="utf-8")

    def handleError(self, record) -> None:
        if not self.failed:
            self.failed = True
            log.warning("cannot write the wire log file %s; frames stay in memory only",
                        self.baseFilename)


class WireFile:
    """A wire_log hook that appends each record, with its UTC wall time (the record's
    own time is the client's monotonic clock, meaningless after a restart), to
    `path`, rotated at `max_bytes` keeping `backups` older files: no file ever grows
    past `max_bytes`. Records come from the client, card hash already starred."""

    def __init__(self, path: str | os.PathLike, *, max_bytes: int = WIRE_FILE_BYTES,
                 backups: int = WIRE_FILE_BACKUPS, wall_clock=time.time):
        self.path = Path(path)
        self.wall_clock = wall_clock
        self.handler = _OwnerOnlyRotatingFile(self.path, maxBytes=max_bytes,
                                              backupCount=backups, encoding="utf-8", delay=True)

    def __call__(self, record: WireRecord) -> None:
        t = self.wall_clock()
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + f".{int(t % 1 * 1000):03d}Z"
        self.handler.handle(logging.makeLogRecord({"msg": f"{stamp} {record}"}))

    def close(self) -> None:
        self.handler.close()


def wire_files(path: str | os.PathLike) -> list[Path]:
    """The wire log file and its rotated copies that exist, oldest first."""
    path = Path(path)
    older = sorted((p for p in path.parent.glob(path.name + ".*") if p.suffix[1:].isdigit()),
                   key=lambda p: int(p.suffix[1:]), reverse=True)
    return older + ([path] if path.exists() else [])
