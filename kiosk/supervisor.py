"""Supervision of the backend's long-lived tasks (journey, finaliser).

A task that ends with an unexpected error is logged once with its traceback and
started again after a short back-off; what it restarts from is the books (the
journey reconciles as at start-up). A task that keeps failing — more than
`max_restarts` times within `window_s` — cannot be trusted to finish a hold:
the supervisor gives up, says why through `on_fatal` (the kiosk shows itself out
of service and exits non-zero, so systemd starts it afresh on the books).

No Qt, no SQL: the Backend wires the tasks and decides what "restart" means.
"""
from __future__ import annotations

import asyncio
import collections
import logging
import time
from typing import Awaitable, Callable

log = logging.getLogger("kiosk.supervisor")

EXIT_FAILED = 70     # EX_SOFTWARE: a task failed and could not be restarted


class Unrecoverable(Exception):
    """An error that no single input is to blame for (the books cannot be written):
    a per-input handler must not swallow it; the task ends and is restarted."""


class Supervisor:
    def __init__(self, *, on_fatal: Callable[[str], None],
                 emit: Callable[..., None] | None = None, max_restarts: int = 5,
                 window_s: float = 60.0, backoff_s: tuple[float, ...] = (0.5, 1, 2, 4, 8),
                 clock: Callable[[], float] = time.monotonic):
        self.on_fatal = on_fatal
        self.emit = emit or (lambda *a, **k: None)
        self.max_restarts, self.window_s, self.backoff_s = max_restarts, window_s, backoff_s
        self.clock = clock
        self.tasks: dict[str, asyncio.Task] = {}
        self.failed: str | None = None          # why the kiosk gave up, once it has
        self.restarts: collections.Counter = collections.Counter()

    def start(self, name: str, run: Callable[[int], Awaitable[None]]) -> asyncio.Task:
        """Keep `run(attempt)` running: attempt 0 is the first start, 1.. restarts."""
        task = asyncio.get_running_loop().create_task(self._keep(name, run), name=name)
        self.tasks[name] = task
        return task

    async def _keep(self, name: str, run: Callable[[int], Awaitable[None]]) -> None:
        recent: collections.deque[float] = collections.deque()
        seen: set[tuple[str, str]] = set()
        attempt = 0
        while True:
            try:
                await run(attempt)
                return   # a clean end (stop requested)
            except asyncio.CancelledError:
                raise
            except Exception as e:
                signature = (type(e).__name__, str(e))
                if signature not in seen:   # the traceback once per kind of failure
                    seen.add(signature)
                    log.error("%s failed: %s", name, e or type(e).__name__, exc_info=True)
                else:
                    log.error("%s failed again: %s: %s", name, type(e).__name__, e)
                now = self.clock()
                recent.append(now)
                while recent and now - recent[0] > self.window_s:
                    recent.popleft()
                if len(recent) > self.max_restarts:
                    reason = (f"{name} failed {len(recent)} times within {self.window_s:.0f} s "
                              f"({type(e).__name__}: {e})")
                    self.emit("task_failed", task=name, detail=f"{type(e).__name__}: {e}",
                              restarting=False)
                    self._fatal(reason)
                    return
                delay = self.backoff_s[min(len(recent) - 1, len(self.backoff_s) - 1)]
                self.emit("task_failed", task=name, detail=f"{type(e).__name__}: {e}",
                          restarting=True, after_s=delay)
                await asyncio.sleep(delay)
                attempt += 1
                self.restarts[name] += 1
                log.warning("%s restarting from the books (restart %d)", name, attempt)

    def _fatal(self, reason: str) -> None:
        if self.failed is None:
            self.failed = reason
            log.critical("out of service: %s", reason)
            self.on_fatal(reason)

    async def stop(self) -> None:
        for t in self.tasks.values():
            t.cancel()
        await asyncio.gather(*self.tasks.values(), return_exceptions=True)
