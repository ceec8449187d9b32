"""The payment terminal as the journey sees it: card requests, outcomes, money
commands. No bytes, no session-id encoding: an adapter (psp.py) translates.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


class TerminalUnavailable(ConnectionError):
    """The terminal cannot take a command now (link down, bring-up running)."""


# ------------------------------------------------------------------ events

@dataclass(frozen=True)
class TerminalReady:
    description: str = ""


@dataclass(frozen=True)
class TerminalLost:
    reason: str = ""


@dataclass(frozen=True)
class CardPresented:
    card_hash: str | None = field(repr=False)   # never shown to anybody
    masked_pan: str | None
    brand: str | None
    transaction: int = 0   # the request_card() it answers; an older one is stale


@dataclass(frozen=True)
class PaymentApproved:
    terminal_session_id: int
    card_hash: str | None = field(repr=False)
    masked_pan: str | None = None
    brand: str | None = None
    host_reference: str | None = None
    host_response_code: str | None = None


@dataclass(frozen=True)
class PaymentDeclined:
    reason_code: int | None      # for technicians only: never shown to drivers
    reason: str
    no_card: bool = False        # nobody presented a card in time
    host_unreachable: bool = False  # the terminal's host is offline
    transaction: int = 0


@dataclass(frozen=True)
class CardRequestCancelled:
    transaction: int = 0


TerminalEvent = (TerminalReady | TerminalLost | CardPresented | PaymentApproved
                 | PaymentDeclined | CardRequestCancelled)


class PaymentTerminal(Protocol):
    ready: bool

    async def start(self) -> None: ...
    async def close(self) -> None: ...
    def subscribe(self): ...   # -> asyncio.Queue[TerminalEvent]

    def unsubscribe(self, queue) -> None: ...

    async def request_card(self, *, pay: bool, amount: int, reference: int,
                           message: str, qr_url: str | None = None) -> int | None:
        """Ask for a card. pay=True: Start Session (a payment of `amount` may follow);
        pay=False: Read Card (identify only). Returns the transaction number that the
        events answering this request carry, or None when the terminal refused."""

    async def authorize(self) -> bool: ...
    async def cancel(self) -> bool: ...
    async def commit(self, terminal_session_id: int, amount: int) -> bool: ...
    async def void(self, terminal_session_id: int) -> bool: ...
    async def update(self, terminal_session_id: int, amount: int) -> bool: ...
    async def show(self, pairs: list[tuple[str, str]]) -> bool: ...
