"""Repeated warnings, bounded: a hostile or broken peer must not fill the disk.

The first `burst` occurrences of a kind within `window_s` are logged as they
come; the rest are counted and summarised once the window is over
("1,204 frames with a bad checksum dropped in the last 10 s"). The bytes
themselves belong in the wire log (size-capped), never here.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Callable


@dataclass
class _Window:
    start: float
    count: int = 0


class LogBudget:
    def __init__(self, logger: logging.Logger, *, burst: int = 3, window_s: float = 10.0,
                 clock: Callable[[], float] = time.monotonic):
        self.log, self.burst, self.window_s, self.clock = logger, burst, window_s, clock
        self._windows: dict[str, tuple[str, _Window]] = {}

    def warn(self, kind: str, what: str, detail: str | None = None) -> None:
        now = self.clock()
        entry = self._windows.get(kind)
        if entry is None or now - entry[1].start >= self.window_s:
            if entry is not None:
                self._summarise(*entry, now)
            entry = (what, _Window(now))
            self._windows[kind] = entry
        window = entry[1]
        window.count += 1
        if window.count <= self.burst:
            self.log.warning("%s%s", what, f" ({detail})" if detail else "")

    def flush(self, *, due_only: bool = True) -> None:
        """Summarise every window that is over (every window, with due_only=False)."""
        now = self.clock()
        for kind, (what, window) in list(self._windows.items()):
            if not due_only or now - window.start >= self.window_s:
                self._summarise(what, window, now)
                del self._windows[kind]

    def _summarise(self, what: str, window: _Window, now: float) -> None:
        if window.count > self.burst:
            self.log.warning("%s %s in the last %.0f s (%d shown)", f"{window.count:,}", what,
                             now - window.start, self.burst)
