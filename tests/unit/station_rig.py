"""The station and the finaliser as units: the real Station, Finaliser and Books (a
real SQLite file) and the simulated charger on manual time, with a fake terminal at
the payment port, the one boundary we do not own. The test decides what the
terminal answers and reads what was sent to it.

Time is manual: the charger starts at 0 s and moves only in `advance` (steps of
exactly 12 s, see tests/integration/test_tariffs.py); the journey's wall clock
moves only when the test sets `rig.wall`."""
from __future__ import annotations

import asyncio

from kiosk import config
from kiosk.charger import port as ch
from kiosk.charger.sim import SimulatedCharger
from kiosk.journey.finaliser import Finaliser
from kiosk.journey.station import MoneyOutcome, Station
from kiosk.payment import port as pay
from kiosk.store.books import Books

NOTHING = {"energy_per_kwh": 0, "time_per_minute": 0, "time_per_hour": 0, "session_fee": 0,
           "idle_fee_per_minute": 0, "idle_fee_per_hour": 0, "idle_grace_minutes": 0,
           "idle_fee_cap": 0, "max_price": 0, "vat_percent_bp": 2100, "prices_include_vat": True}
CARD_HASH = "5a" * 32
T0 = 1_764_000_000.0


class FakeTerminal:
    """The payment port. Card requests are accepted with increasing transaction
    numbers; authorize is accepted; money commands answer from `answers` (True,
    False or an exception to raise), True when it is empty."""

    def __init__(self):
        self.ready = True
        self.queue: asyncio.Queue = asyncio.Queue()
        self.tx = 0
        self.requests: list[dict] = []
        self.sent: list[tuple] = []             # money commands, in order
        self.answers: list = []

    def subscribe(self) -> asyncio.Queue:
        return self.queue

    def unsubscribe(self, q: asyncio.Queue) -> None:
        pass   # one queue for the rig's whole life

    async def request_card(self, *, pay: bool, amount: int, reference: int, message: str,
                           qr_url: str | None = None) -> int:
        self.tx += 1
        self.requests.append({"pay": pay, "amount": amount, "tx": self.tx})
        return self.tx

    async def authorize(self) -> bool:
        return True

    async def cancel(self) -> bool:
        return True

    async def show(self, pairs) -> bool:
        return True

    async def _money(self, *sent):
        self.sent.append(sent)
        answer = self.answers.pop(0) if self.answers else True
        if isinstance(answer, BaseException):
            raise answer
        return answer

    async def commit(self, tsid: int, amount: int) -> bool:
        return await self._money("commit", tsid, amount)

    async def void(self, tsid: int) -> bool:
        return await self._money("void", tsid)

    async def update(self, tsid: int, amount: int) -> bool:
        return await self._money("update", tsid, amount)


class Rig:
    def __init__(self, tmp_path, overrides: dict, *, books: Books | None = None,
                 charger: SimulatedCharger | None = None):
        self.cfg = config.from_mapping({"charger": {"connectors": 2},
                                        "timeouts": {"receipt_s": 60}, **overrides}, "<test>")
        self.books = books or Books(tmp_path / "books.sqlite3")
        self.charger = charger or new_charger()
        self.terminal = FakeTerminal()
        self.wall = T0
        self.events: list[dict] = []
        self.station = Station(self.cfg, self.terminal, self.charger, self.books,
                               emit=self.events.append, wall_clock=lambda: self.wall)
        self.finaliser = Finaliser(self.books, self.terminal,
                                   wakeup=self.station.finaliser_wakeup,
                                   on_outcome=lambda *a: self.station.post(MoneyOutcome(*a)),
                                   emit=self.station.emit, clock=lambda: self.wall)
        self.task: asyncio.Task | None = None
        self.next_tsid = 900

    async def __aenter__(self) -> "Rig":
        self.task = asyncio.get_running_loop().create_task(self.station.run())
        self.terminal.queue.put_nowait(pay.TerminalReady("fake"))
        await self.settle()
        return self

    async def __aexit__(self, *exc) -> None:
        self.station.stop()
        await asyncio.wait_for(self.task, 5)
        self.books.close()
        if exc[0] is None:   # the station swallows a failing handler: a test must not
            assert not self.find("error"), self.find("error")

    async def settle(self) -> None:
        """Until every queued input has been handled (bounded: 200 turns)."""
        for _ in range(200):
            await asyncio.sleep(0)
            if (self.terminal.queue.empty() and self.station.inbox.empty()
                    and all(q.empty() for q in self.charger._queues)):
                for _ in range(5):
                    await asyncio.sleep(0)
                if self.station.inbox.empty():
                    return
        raise AssertionError("the station did not settle within 200 turns")

    def conn(self, cid: int = 1):
        return self.station.conns[cid]

    def find(self, name: str, **match) -> list[dict]:
        return [e for e in self.events if e["event"] == name
                and all(e.get(k) == v for k, v in match.items())]

    async def drain(self) -> int:
        """The finaliser sends what the books have due, then the station hears back."""
        n = await self.finaliser.drain()
        await self.settle()
        return n

    async def start_paid_session(self, cid: int = 1, power_w: int = 11_000) -> str:
        """Plug In to Start: plug, the card is read and approved, charging starts."""
        self.charger.set_power(cid, power_w)
        self.charger.plug(cid)
        await self.settle()
        tx = self.terminal.requests[-1]["tx"]
        self.terminal.queue.put_nowait(pay.CardPresented(CARD_HASH, "411111******1111", "VISA",
                                                         transaction=tx))
        await self.settle()
        await self.approve()
        assert self.conn(cid).phase.value == "charging", self.events[-5:]
        return self.conn(cid).payment_id

    async def approve(self) -> None:
        """The terminal's Session Approved for the card being authorized."""
        self.next_tsid += 1
        self.terminal.queue.put_nowait(pay.PaymentApproved(self.next_tsid, CARD_HASH,
                                                           "411111******1111", "VISA", "H", "00"))
        await self.settle()

    async def tap(self, card_hash: str = CARD_HASH) -> None:
        """A card read for the request the terminal is running now."""
        tx = self.terminal.requests[-1]["tx"]
        self.terminal.queue.put_nowait(pay.CardPresented(card_hash, "411111******1111", "VISA",
                                                         transaction=tx))
        await self.settle()

    def post(self, item) -> None:
        self.station.post(item)

    async def charge(self, seconds: int) -> None:
        self.charger.advance(seconds)
        await self.settle()

    async def unplug(self, cid: int = 1) -> dict:
        self.charger.unplug(cid)
        await self.settle()
        return self.find("session_end", connector=cid)[-1]


def new_charger() -> SimulatedCharger:
    return SimulatedCharger([ch.ConnectorInfo(i, "Type2", 22000) for i in (1, 2)],
                            time_scale=0.01, tick_s=1200.0, clock=lambda: 0.0)
