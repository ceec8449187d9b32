"""Drains the books' money outbox into the terminal, exactly once per command.

A command is marked sent in the books before its bytes leave, and its outcome
is written when the terminal answers. When the link is down or the answer
never comes, the command stays due and is retried with back-off; the books
decide what a Result NOT OK means (books.mark_refused), so a lost answer
never turns into a second charge.
"""
from __future__ import annotations

import asyncio
import logging
import time
from typing import Callable

from kiosk.aio import wait_set
from kiosk.payment.port import PaymentTerminal, TerminalUnavailable

log = logging.getLogger(__name__)

BACKOFF_S = (1, 2, 5, 10, 30, 60, 300)


def backoff(attempts: int) -> float:
    return BACKOFF_S[min(max(attempts - 1, 0), len(BACKOFF_S) - 1)]


class Finaliser:
    def __init__(self, books, terminal: PaymentTerminal, *, wakeup: asyncio.Event,
                 on_outcome: Callable[[str, str, bool, int], None] | None = None,
                 emit: Callable[..., None] | None = None, clock: Callable[[], float] = time.time,
                 poll_s: float = 1.0):
        self.books = books
        self.terminal = terminal
        self.wakeup = wakeup
        self.on_outcome = on_outcome
        self.emit = emit or (lambda *a, **k: None)
        self.clock = clock
        self.poll_s = poll_s

    async def run(self) -> None:
        while True:
            await wait_set(self.wakeup, self.poll_s)
            self.wakeup.clear()
            if self.terminal.ready:
                await self.drain()

    async def drain(self) -> int:
        """Send every due command once; returns how many were answered."""
        answered = 0
        for cmd in self.books.due_commands(self.clock()):
            if not self.terminal.ready:
                break
            self.books.mark_sent(cmd.id)
            self.emit("money_command", kind=cmd.kind, state="sent", payment=cmd.payment_id,
                      amount=cmd.amount, attempt=cmd.attempts + 1)
            try:
                if cmd.kind == "commit":
                    ok = await self.terminal.commit(cmd.terminal_session_id, cmd.amount)
                elif cmd.kind == "void":
                    ok = await self.terminal.void(cmd.terminal_session_id)
                else:
                    ok = await self.terminal.update(cmd.terminal_session_id, cmd.amount)
            except (TerminalUnavailable, asyncio.TimeoutError, ConnectionError) as e:
                retry_at = self.clock() + backoff(cmd.attempts + 1)
                self.books.mark_retry(cmd.id, str(e) or type(e).__name__, retry_at)
                self.emit("money_command", kind=cmd.kind, state="retry", payment=cmd.payment_id,
                          detail=str(e) or type(e).__name__)
                continue
            except Exception as e:
                # One command that cannot be sent (an amount that does not fit its
                # field...) must not block the commands behind it: it waits with
                # back-off, the others go on. Its traceback is logged once.
                detail = f"{type(e).__name__}: {e}"
                if cmd.attempts == 0:
                    log.exception("money command %d (%s) could not be sent", cmd.id, cmd.kind)
                else:
                    log.error("money command %d (%s) still cannot be sent: %s", cmd.id,
                              cmd.kind, detail)
                self.books.mark_retry(cmd.id, detail, self.clock() + backoff(cmd.attempts + 1))
                self.emit("money_command", kind=cmd.kind, state="retry", payment=cmd.payment_id,
                          detail=detail)
                continue
            answered += 1
            if ok:
                self.books.mark_done(cmd.id)
                state = "done"
            else:
                state = self.books.mark_refused(cmd.id, "terminal answered Result NOT OK")
            self.emit("money_command", kind=cmd.kind, state=state, payment=cmd.payment_id,
                      amount=cmd.amount)
            if self.on_outcome:
                self.on_outcome(cmd.payment_id, cmd.kind, ok, cmd.amount)
        return answered
