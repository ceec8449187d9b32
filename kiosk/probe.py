"""`ev-kiosk probe`: the technician's commissioning check of a payment terminal.

    ev-kiosk probe --terminal tcp://192.168.1.50:3201 [--test-payment 1.00]

Connects, runs the documented bring-up, prints the terminal's state and the
link's round-trip times; with --test-payment it reserves that amount, waits for
a card, authorizes, and voids the reservation at once, printing every step.
It speaks only the documented protocol (kiosk/psp), so it works against any
terminal that follows it, not only our simulator.

Exit 0 only when everything worked; otherwise one line saying what failed and
one of the exit codes below.
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from decimal import Decimal, InvalidOperation

from kiosk.psp import events as pe
from kiosk.psp import transport
from kiosk.psp.client import BringUpError, CommandRefused, CommandTimeout, NotConnected, PspClient
from kiosk.psp.messages import DeclineReason, TerminalState

EXIT_OK = 0
EXIT_USAGE = 2           # bad URL or amount
EXIT_CONNECT = 3         # nothing listens, no route, serial port cannot be opened
EXIT_BRING_UP = 4        # connected, but the terminal did not come up (no echo, refused, silent)
EXIT_NO_CARD = 5         # no card presented in time
EXIT_DECLINED = 6        # card declined by the issuer
EXIT_HOST = 7            # terminal's host unreachable (declined with a host reason)
EXIT_PAYMENT = 8         # the terminal refused or did not answer a payment step (incl. the void)

HOST_DOWN = {DeclineReason.HOST_ERROR, DeclineReason.HOST_TIMEOUT,
             DeclineReason.DATABASE_UNREACHABLE}


class ProbeFailed(Exception):
    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code = code


def parse_amount(text: str, minor_units: int = 2) -> int:
    """"1.00" -> 100 minor units, without floats."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"--test-payment: {text!r} is not an amount (e.g. 1.00)") from None
    scaled = value.scaleb(minor_units)
    if value <= 0 or scaled != scaled.to_integral_value():
        raise ValueError(f"--test-payment: {text!r} must be positive with at most "
                         f"{minor_units} decimals")
    return int(scaled)


def money(amount: int, minor_units: int = 2) -> str:
    return f"{amount // 10 ** minor_units}.{amount % 10 ** minor_units:0{minor_units}d}"


class Probe:
    def __init__(self, url: str, *, out=print, card_timeout: float = 75.0,
                 command_timeout: float = 5.0, sim=None):
        self.url, self.out = url, out
        self.card_timeout = card_timeout
        if sim is not None:
            def factory():
                return transport.NullModemTransport.to_simulator(sim)
        else:
            factory = transport.parse_terminal_url(url).factory()
        self.client = PspClient(factory, command_timeout_s=command_timeout, keepalive_s=3600)
        self.events = self.client.subscribe()

    def step(self, text: str) -> None:
        self.out(f"  {time.strftime('%H:%M:%S')}  {text}")

    async def run(self, amount: int | None) -> None:
        try:
            self.out(f"probe: {self.url}")
            await self.bring_up()
            await self.link_figures()
            if amount is not None:
                await self.test_payment(amount)
        finally:
            await self.client.close()

    async def bring_up(self) -> None:
        t0 = time.perf_counter()
        try:
            status = await self.client.bring_up_once()
        except transport.TransportError as e:
            raise ProbeFailed(EXIT_CONNECT, f"cannot connect: {e}") from None
        except BringUpError as e:
            raise ProbeFailed(EXIT_BRING_UP, f"bring-up failed: {e}") from None
        except (CommandTimeout, NotConnected) as e:
            raise ProbeFailed(EXIT_BRING_UP, f"bring-up failed: the terminal stopped answering ({e})") from None
        self.step(f"bring-up complete in {(time.perf_counter() - t0) * 1000:.0f} ms "
                  "(status, reset, synchronize, protocol v3, setup, enable)")
        self.step(f"terminal state {TerminalState(status.state).name}, transaction running: "
                  f"{'yes' if status.transaction_running else 'no'}")

    async def link_figures(self, n: int = 5) -> None:
        rtts = []
        for _ in range(n):
            t0 = time.perf_counter()
            try:
                await self.client.status()
            except (CommandTimeout, NotConnected) as e:
                raise ProbeFailed(EXIT_BRING_UP, f"Get Status not answered: {e}") from None
            rtts.append((time.perf_counter() - t0) * 1000)
        self.step(f"link round trip (Get Status x{n}): min {min(rtts):.1f} ms, "
                  f"median {statistics.median(rtts):.1f} ms, max {max(rtts):.1f} ms")

    async def _next(self, *kinds, timeout: float):
        loop = asyncio.get_running_loop()
        end = loop.time() + timeout
        while True:
            left = end - loop.time()
            if left <= 0:
                return None
            try:
                ev = await asyncio.wait_for(self.events.get(), left)
            except asyncio.TimeoutError:
                return None
            if isinstance(ev, pe.LinkDown):
                raise ProbeFailed(EXIT_PAYMENT, f"link to the terminal lost: {ev.reason}")
            if isinstance(ev, kinds):
                return ev

    async def test_payment(self, amount: int) -> None:
        reference = int(time.time()) % 1_000_000
        try:
            await self.client.start_session(
                amount, reference, present_card_message="Test payment by the probe - it will be voided")
        except CommandRefused:
            raise ProbeFailed(EXIT_PAYMENT, "Start Session refused (Result NOT OK): is the terminal enabled?") from None
        except (CommandTimeout, NotConnected) as e:
            raise ProbeFailed(EXIT_PAYMENT, f"Start Session not answered: {e}") from None
        self.step(f"start session: reserve {money(amount)}, reference {reference}; "
                  f"waiting up to {self.card_timeout:.0f} s for a card")
        ev = await self._next(pe.CardRead, pe.SessionDeclined, pe.SessionCancelled,
                              timeout=self.card_timeout)
        if ev is None or isinstance(ev, pe.SessionCancelled) or (
                isinstance(ev, pe.SessionDeclined) and ev.reason == DeclineReason.CARD_READ_TIMEOUT):
            await self._cancel_quietly()
            raise ProbeFailed(EXIT_NO_CARD, "no card was presented in time")
        if isinstance(ev, pe.SessionDeclined):
            self._declined(ev)
        self.step(f"card read: {ev.brand or 'card'} {ev.masked_pan or '(no masked PAN)'}")
        try:
            await self.client.authorize()
        except CommandRefused:
            raise ProbeFailed(EXIT_PAYMENT, "Auth Session refused (Result NOT OK)") from None
        except (CommandTimeout, NotConnected) as e:
            raise ProbeFailed(EXIT_PAYMENT, f"Auth Session not answered: {e}") from None
        self.step("authorizing ...")
        ev = await self._next(pe.SessionApproved, pe.SessionDeclined, pe.SessionCancelled, timeout=60)
        if ev is None:
            raise ProbeFailed(EXIT_PAYMENT, "no authorization outcome within 60 s")
        if isinstance(ev, pe.SessionCancelled):
            raise ProbeFailed(EXIT_PAYMENT, "the terminal cancelled the session while authorizing")
        if isinstance(ev, pe.SessionDeclined):
            self._declined(ev)
        self.step(f"approved: session {ev.session_id}, {ev.brand or 'card'} {ev.masked_pan or ''}, "
                  f"host reference {ev.host_reference or '-'}, response code {ev.host_response_code or '-'}")
        try:
            ok = await self.client.void(ev.session_id)
        except (CommandTimeout, NotConnected) as e:
            raise ProbeFailed(EXIT_PAYMENT, f"VOID NOT CONFIRMED for session {ev.session_id}: {e}; "
                                            "check the terminal's books") from None
        if not ok:
            raise ProbeFailed(EXIT_PAYMENT, f"Void of session {ev.session_id} refused (Result NOT OK)")
        self.step(f"voided: session {ev.session_id}, the reservation of {money(amount)} is released")

    def _declined(self, ev: pe.SessionDeclined) -> None:
        name = ev.reason_name.replace("_", " ").lower()
        if ev.reason in HOST_DOWN:
            raise ProbeFailed(EXIT_HOST, f"host unreachable: the terminal declined with "
                                         f"{name} (0x{ev.reason:02X})")
        raise ProbeFailed(EXIT_DECLINED, f"declined: {name} (0x{ev.reason:02X})")

    async def _cancel_quietly(self) -> None:
        try:
            await self.client.cancel()
        except Exception:
            pass


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="ev-kiosk probe", description=__doc__.split("\n\n")[0])
    p.add_argument("--terminal", required=True,
                   help="tcp://HOST:PORT, serial:///dev/ttyUSB0?baud=115200, or sim")
    p.add_argument("--test-payment", metavar="AMOUNT", help="reserve AMOUNT (e.g. 1.00), then void it")
    p.add_argument("--card-timeout", type=float, default=75.0, help="seconds to wait for a card")
    p.add_argument("--timeout", type=float, default=5.0, help="seconds to wait for each reply")
    args = p.parse_args(argv)
    try:
        amount = parse_amount(args.test_payment) if args.test_payment else None
        sim = None
        if args.terminal == "sim":
            from kiosk.sim.terminal import TerminalSimulator
            sim = TerminalSimulator(auto_tap=1.0)
        else:
            transport.parse_terminal_url(args.terminal)
    except ValueError as e:
        print(f"probe: {e}", file=sys.stderr)
        return EXIT_USAGE
    probe = Probe(args.terminal, card_timeout=args.card_timeout, command_timeout=args.timeout, sim=sim)
    try:
        asyncio.run(probe.run(amount))
    except ProbeFailed as e:
        print(f"probe FAILED: {e}", file=sys.stderr)
        return e.code
    except KeyboardInterrupt:
        print("probe: interrupted", file=sys.stderr)
        return 130
    print("probe OK")
    return EXIT_OK
