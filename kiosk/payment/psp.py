"""The payment terminal port over PSP: PspClient's typed events and commands
translated once into the journey's vocabulary."""
from __future__ import annotations

import asyncio
import logging

from kiosk.psp import client as psp
from kiosk.psp import events as pe
from kiosk.psp.messages import DeclineReason

from . import port

log = logging.getLogger(__name__)

HOST_DOWN = {DeclineReason.HOST_ERROR, DeclineReason.HOST_TIMEOUT,
             DeclineReason.DATABASE_UNREACHABLE}


class PspTerminal:
    """PaymentTerminal over a PspClient."""

    def __init__(self, client: psp.PspClient):
        self.client = client
        self.ready = False
        self._subscribers: list[asyncio.Queue] = []
        self._pump: asyncio.Task | None = None

    def subscribe(self) -> asyncio.Queue:
        q: asyncio.Queue = asyncio.Queue()
        self._subscribers.append(q)
        return q

    def unsubscribe(self, q: asyncio.Queue) -> None:
        if q in self._subscribers:
            self._subscribers.remove(q)

    def _publish(self, ev) -> None:
        for q in self._subscribers:
            q.put_nowait(ev)

    async def start(self) -> None:
        events = self.client.subscribe()
        self._pump = asyncio.get_running_loop().create_task(self._run(events))
        await self.client.start()

    async def close(self) -> None:
        if self._pump:
            self._pump.cancel()
        await self.client.close()

    async def _run(self, events: asyncio.Queue) -> None:
        while True:
            ev = await events.get()
            out = self._translate(ev)
            if out is not None:
                self._publish(out)

    def _translate(self, ev):
        if isinstance(ev, pe.LinkUp):
            self.ready = True
            return port.TerminalReady(ev.description)
        if isinstance(ev, pe.LinkDown):
            was, self.ready = self.ready, False
            return port.TerminalLost(ev.reason) if was else None
        if isinstance(ev, pe.CardRead):
            return port.CardPresented(ev.card_hash, ev.masked_pan, ev.brand, ev.transaction)
        if isinstance(ev, pe.SessionApproved):
            return port.PaymentApproved(ev.session_id, ev.card_hash, ev.masked_pan, ev.brand,
                                        ev.host_reference, ev.host_response_code)
        if isinstance(ev, pe.SessionDeclined):
            return port.PaymentDeclined(
                ev.reason, ev.reason_name,
                no_card=ev.reason == DeclineReason.CARD_READ_TIMEOUT,
                host_unreachable=ev.reason in HOST_DOWN, transaction=ev.transaction)
        if isinstance(ev, pe.SessionCancelled):
            return port.CardRequestCancelled(ev.transaction)
        return None

    async def _call(self, coro):
        try:
            return await coro
        except psp.NotConnected as e:
            raise port.TerminalUnavailable(str(e) or "terminal not connected") from None
        except psp.CommandTimeout as e:
            raise port.TerminalUnavailable(str(e) or "terminal did not answer") from None

    async def request_card(self, *, pay: bool, amount: int, reference: int, message: str,
                           qr_url: str | None = None) -> int | None:
        try:
            if pay:
                return await self._call(self.client.start_session(
                    amount, reference, present_card_message=message, qr_url=qr_url))
            return await self._call(self.client.read_card(reference, present_card_message=message))
        except psp.CommandRefused:
            return None

    async def authorize(self) -> bool:
        try:
            await self._call(self.client.authorize())
        except psp.CommandRefused:
            return False
        return True

    async def cancel(self) -> bool:
        return await self._call(self.client.cancel())

    async def commit(self, terminal_session_id: int, amount: int) -> bool:
        return await self._call(self.client.commit(terminal_session_id, amount))

    async def void(self, terminal_session_id: int) -> bool:
        return await self._call(self.client.void(terminal_session_id))

    async def update(self, terminal_session_id: int, amount: int) -> bool:
        return await self._call(self.client.update_session(terminal_session_id, amount))

    async def show(self, pairs: list[tuple[str, str]]) -> bool:
        try:
            return await self._call(self.client.ui_request(pairs))
        except psp.CommandRefused:
            return False
