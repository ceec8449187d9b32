"""Transports for the terminal simulator: TCP (like an Apollo) and a serial pseudo-terminal.

`ev-kiosk sim-terminal [--port 3201] [--pty] [--auto-tap SECONDS] [--host 127.0.0.1] [--log]`
"""
from __future__ import annotations

import argparse
import asyncio
import errno
import json
import os
import sys
import time
import tty

from kiosk.aio import stop_on_signals
from kiosk.psp.framing import Direction

from .terminal import TerminalSimulator


class _TcpLink(asyncio.Protocol):
    """One host connection. Only the latest connection talks to the simulator."""

    def __init__(self, sim: TerminalSimulator, current: list):
        self.sim, self.current = sim, current
        self.transport: asyncio.Transport | None = None
        self.link_id: int | None = None

    def connection_made(self, transport) -> None:
        self.transport = transport
        old = self.current[0] if self.current else None
        self.current[:] = [self]
        if old is not None and old.transport is not None:
            old.transport.close()   # an Apollo accepts the new host; the old one is gone
        self.link_id = self.sim.attach(transport.write, transport.close)

    def data_received(self, data: bytes) -> None:
        if self.sim.link_id == self.link_id:
            self.sim.receive(data)

    def connection_lost(self, exc) -> None:
        if self.current and self.current[0] is self:
            self.current.clear()
        if self.sim.link_id == self.link_id:
            self.sim.detach()


async def serve_tcp(sim: TerminalSimulator, host: str = "127.0.0.1", port: int = 0) -> asyncio.Server:
    """Listen like an Apollo: one host connection at a time, a new one replaces the old."""
    loop = asyncio.get_running_loop()
    current: list[_TcpLink] = []
    return await loop.create_server(lambda: _TcpLink(sim, current), host, port)


class PtyServer:
    """The simulator on the master side of a pseudo-terminal; hosts open `path` as a serial port.

    A serial line has no "connection": the simulator is attached at once, and attached
    again when bytes arrive after drop_link() (the cable was plugged back in)."""

    def __init__(self, sim: TerminalSimulator):
        self.sim = sim
        self.loop = asyncio.get_running_loop()
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)    # no echo, no line editing: bytes pass unchanged
        os.set_blocking(self.master, False)
        # We keep the slave open ourselves so that the master never sees a hang-up
        # (EIO) while no host has the device open.
        self.path = os.ttyname(self.slave)
        self._out = bytearray()
        self._writing = False
        self.closed = False
        self.link_id = sim.attach(self._write)
        self.loop.add_reader(self.master, self._readable)

    def _readable(self) -> None:
        try:
            data = os.read(self.master, 4096)
        except BlockingIOError:
            return
        except OSError as e:
            if e.errno == errno.EIO:
                return
            raise
        if not data:
            return
        if self.sim.link_id != self.link_id:
            self.link_id = self.sim.attach(self._write)
        self.sim.receive(data)

    def _write(self, data: bytes) -> None:
        if self.closed:
            return
        self._out += data
        self._flush()

    def _flush(self) -> None:
        while self._out:
            try:
                n = os.write(self.master, self._out)
            except BlockingIOError:
                break
            del self._out[:n]
        if self._out and not self._writing:
            self._writing = True
            self.loop.add_writer(self.master, self._flush)
        elif not self._out and self._writing:
            self._writing = False
            self.loop.remove_writer(self.master)

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self.loop.remove_reader(self.master)
        if self._writing:
            self.loop.remove_writer(self.master)
        if self.sim.link_id == self.link_id:
            self.sim.detach()
        os.close(self.master)
        os.close(self.slave)
        _PTYS.pop(self.path, None)


_PTYS: dict[str, PtyServer] = {}


async def open_pty(sim: TerminalSimulator) -> PtyServer:
    server = PtyServer(sim)
    _PTYS[server.path] = server
    return server


async def serve_pty(sim: TerminalSimulator) -> str:
    """Serve on a new pseudo-terminal; returns the device path (pyserial: serial_for_url(path)).
    Stop it with close_pty(path)."""
    return (await open_pty(sim)).path


def close_pty(path: str) -> None:
    server = _PTYS.get(path)
    if server is not None:
        server.close()


# ---------------------------------------------------------------- command line

def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="ev-kiosk sim-terminal",
                                description="PSP payment terminal simulator (Payter Apollo).")
    p.add_argument("--host", default="127.0.0.1", help="TCP address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=3201, help="TCP port (default 3201; 0 = any free port)")
    p.add_argument("--pty", action="store_true",
                   help="serve on a serial pseudo-terminal instead of TCP; prints its device path")
    p.add_argument("--auto-tap", type=float, default=None, metavar="SECONDS",
                   help="present the default card this long after Start Session / Read Card")
    p.add_argument("--auth-delay", type=float, default=0.5, metavar="SECONDS",
                   help="time from Auth Session to the answer (default 0.5)")
    p.add_argument("--card-detect-timeout", type=float, default=60.0, metavar="SECONDS")
    p.add_argument("--idle-close", type=float, default=20.0, metavar="SECONDS",
                   help="close a TCP link with no frame for this long (0 = never)")
    p.add_argument("--ui-request-code", type=lambda s: int(s, 0), default=0x28)
    p.add_argument("--log", action="store_true", help="print one line per frame")
    p.add_argument("--books", metavar="FILE",
                   help="write the terminal's books (every session) to FILE as JSON after each change")
    p.add_argument("--finalise-delay", type=float, default=0.0, metavar="SECONDS",
                   help="answer Commit/Void this much later (crash tests)")
    p.add_argument("--refuse-commits", type=float, default=0.0, metavar="SECONDS",
                   help="answer every Commit Session NOT OK for this long from the start "
                        "(a stuck hold for service-mode tests)")
    return p


def write_books(sim: TerminalSimulator, path: str) -> None:
    """The books as JSON, replaced atomically so a reader never sees half a file."""
    data = sim.books()
    tmp = f"{path}.tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1)
    os.replace(tmp, path)


def _print_frame(direction: Direction, name: str, hexdata: str) -> None:
    arrow = "H->T" if direction == Direction.HOST else "T->H"
    stamp = time.strftime("%H:%M:%S") + f".{int(time.time() * 1000) % 1000:03d}"
    print(f"{stamp} {arrow} {name:<20} {hexdata}", flush=True)


async def _run(args: argparse.Namespace) -> int:
    sim = TerminalSimulator(auto_tap=args.auto_tap, ui_request_code=args.ui_request_code,
                            auth_delay=args.auth_delay,
                            card_detect_timeout=args.card_detect_timeout,
                            idle_close_s=args.idle_close or None)
    if args.log:
        sim.log = _print_frame
    sim.finalise_reply_delay = args.finalise_delay
    if args.refuse_commits:
        sim.refuse_commits(args.refuse_commits)
    if args.books:
        sim.on_books_change = lambda: write_books(sim, args.books)
        write_books(sim, args.books)
    stop = stop_on_signals()
    if args.pty:
        pty_server = await open_pty(sim)
        print(f"PSP terminal simulator on serial device {pty_server.path} "
              f"(url serial://{pty_server.path})", flush=True)
        try:
            await stop.wait()
        finally:
            pty_server.close()
    else:
        server = await serve_tcp(sim, args.host, args.port)
        host, port = server.sockets[0].getsockname()[:2]
        print(f"PSP terminal simulator listening on tcp://{host}:{port}", flush=True)
        try:
            await stop.wait()
        finally:
            sim.drop_link()
            server.close()
            await server.wait_closed()
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return asyncio.run(_run(args))
    except KeyboardInterrupt:
        return 0
    except OSError as e:
        print(f"sim-terminal: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
