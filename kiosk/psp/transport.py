"""Byte transports for PSP behind one small async interface.

    t = parse_terminal_url("tcp://192.168.1.50:3201").factory()()
    await t.open(); await t.write(b"..."); data = await t.read(); await t.close()

`read()` returns at least one byte or raises TransportError (EOF, link loss);
it is cancel-safe, so a caller may wrap it in `asyncio.wait_for`. Every error is
a TransportError whose message is one line a technician can act on.

- TcpTransport: Apollo over TCP (the terminal listens, port 3201 by default).
- SerialTransport: any pyserial URL or device path (RS-232, USB-serial, loop://,
  socket://, spy://), 8N1, read without blocking the event loop.
- NullModemTransport: in-process link to a peer given as callbacks; its
  `to_simulator(sim)` wires a simulator that has attach/detach/receive (duck
  typed: this package never imports kiosk.sim).
"""
from __future__ import annotations

import asyncio
import errno
import os
import socket
from dataclasses import dataclass
from typing import Any, Callable
from urllib.parse import parse_qs, urlsplit

from .assumptions import DEFAULT_BAUD

DEFAULT_TCP_PORT = 3201          # [DOC] (early firmware used 1234)
ALLOWED_BAUDS = (9600, 19200, 38400, 57600, 115200)   # Apollo settings [DOC]
SERIAL_POLL_S = 0.01             # polling interval for ports without a file descriptor
READ_CHUNK = 4096


class TransportError(ConnectionError):
    """The link could not be opened or was lost; str() is one readable line."""


class Transport:
    """What the client needs from a link. Subclasses fill in the four methods."""

    description: str = "transport"

    async def open(self) -> None:
        raise NotImplementedError

    async def read(self) -> bytes:
        raise NotImplementedError

    async def write(self, data: bytes) -> None:
        raise NotImplementedError

    async def close(self) -> None:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.description}>"


# ---------------------------------------------------------------- TCP

def _connect_error(e: OSError, where: str) -> str:
    if isinstance(e, ConnectionRefusedError) or e.errno == errno.ECONNREFUSED:
        return f"nothing listens on {where} (connection refused)"
    if e.errno in (errno.EHOSTUNREACH, errno.ENETUNREACH, errno.EHOSTDOWN):
        return f"no route to host {where} ({e.strerror or e})"
    if isinstance(e, socket.gaierror):
        return f"cannot resolve {where} ({e.strerror or e})"
    if isinstance(e, TimeoutError) or e.errno == errno.ETIMEDOUT:
        return f"timed out connecting to {where}"
    return f"cannot connect to {where}: {e.strerror or e}"


class TcpTransport(Transport):
    def __init__(self, host: str, port: int = DEFAULT_TCP_PORT, connect_timeout: float = 5.0):
        self.host, self.port, self.connect_timeout = host, port, connect_timeout
        where = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        self.where = where
        self.description = f"tcp://{where}"
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def open(self) -> None:
        try:
            self._reader, self._writer = await asyncio.wait_for(
                asyncio.open_connection(self.host, self.port), self.connect_timeout)
        except asyncio.TimeoutError:
            raise TransportError(
                f"timed out connecting to {self.where} after {self.connect_timeout:g} s") from None
        except OSError as e:
            raise TransportError(_connect_error(e, self.where)) from None
        sock = self._writer.get_extra_info("socket")
        if sock is not None:
            try:   # frames are tiny request/reply pairs: do not let Nagle hold them back
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:
                pass

    async def read(self) -> bytes:
        if self._reader is None:
            raise TransportError(f"{self.description} is not open")
        try:
            data = await self._reader.read(READ_CHUNK)
        except ConnectionResetError:
            raise TransportError("terminal reset the connection") from None
        except OSError as e:
            raise TransportError(f"connection to {self.where} lost: {e.strerror or e}") from None
        if not data:
            raise TransportError("terminal closed the connection")
        return data

    async def write(self, data: bytes) -> None:
        w = self._writer
        if w is None or w.is_closing():
            raise TransportError("connection to the terminal is closed")
        try:
            w.write(data)
            await w.drain()
        except OSError as e:
            raise TransportError(f"connection to {self.where} lost: {e.strerror or e}") from None

    async def close(self) -> None:
        w, self._writer, self._reader = self._writer, None, None
        if w is None:
            return
        w.close()
        try:
            await asyncio.wait_for(w.wait_closed(), 1.0)
        except (OSError, asyncio.TimeoutError):
            pass


# ---------------------------------------------------------------- serial

class SerialTransport(Transport):
    """A pyserial port at 8N1. Reads come from loop.add_reader on the port's file
    descriptor when it has one, else from a short polling task; either way bytes
    land in a queue so read() is cancel-safe and never blocks the loop."""

    def __init__(self, url: str, baudrate: int = DEFAULT_BAUD):
        self.url, self.baudrate = url, baudrate
        self.description = f"serial {url} @ {baudrate} 8N1"
        self._port: Any = None
        self._queue: asyncio.Queue[bytes | TransportError] = asyncio.Queue()
        self._fd: int | None = None
        self._poller: asyncio.Task | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    async def open(self) -> None:
        import serial   # pyserial; imported here so TCP-only installs need nothing else
        self._loop = asyncio.get_running_loop()
        try:
            # In a worker thread: socket:// and rfc2217:// connect while opening.
            self._port = await self._loop.run_in_executor(None, lambda: serial.serial_for_url(
                self.url, baudrate=self.baudrate, bytesize=8, parity="N", stopbits=1, timeout=0))
        except (serial.SerialException, OSError, ValueError) as e:
            raise TransportError(f"cannot open {self.url}: {_serial_reason(e)}") from None
        self._queue = asyncio.Queue()
        try:
            fd = self._port.fileno()
        except Exception:
            fd = None
        if isinstance(fd, int) and fd >= 0:
            try:
                self._loop.add_reader(fd, self._readable)
                self._fd = fd
            except (NotImplementedError, OSError, ValueError):
                self._fd = None
        if self._fd is None:
            self._poller = self._loop.create_task(self._poll(), name=f"serial-poll {self.url}")

    def _read_available(self) -> bytes:
        import serial
        try:
            return self._port.read(READ_CHUNK)
        except (serial.SerialException, OSError) as e:
            raise TransportError(f"serial port {self.url} lost: {_serial_reason(e)}") from None

    def _readable(self) -> None:
        try:
            data = self._read_available()
        except TransportError as e:
            self._stop_reading()
            self._queue.put_nowait(e)
            return
        if data:
            self._queue.put_nowait(data)

    async def _poll(self) -> None:
        while True:
            try:
                data = self._read_available()
            except TransportError as e:
                self._queue.put_nowait(e)
                return
            if data:
                self._queue.put_nowait(data)
            else:
                await asyncio.sleep(SERIAL_POLL_S)

    def _stop_reading(self) -> None:
        if self._fd is not None and self._loop is not None:
            self._loop.remove_reader(self._fd)
            self._fd = None
        if self._poller is not None:
            self._poller.cancel()
            self._poller = None

    async def read(self) -> bytes:
        if self._port is None:
            raise TransportError(f"{self.url} is not open")
        item = await self._queue.get()
        if isinstance(item, TransportError):
            self._queue.put_nowait(item)   # every later read fails the same way
            raise item
        return item

    async def write(self, data: bytes) -> None:
        import serial
        if self._port is None:
            raise TransportError(f"{self.url} is not open")
        try:
            # Frames are a few hundred bytes at most: the OS buffer takes them at once.
            self._port.write(data)
        except (serial.SerialException, OSError) as e:
            raise TransportError(f"serial port {self.url} lost: {_serial_reason(e)}") from None

    async def close(self) -> None:
        self._stop_reading()
        port, self._port = self._port, None
        if port is not None:
            try:
                port.close()
            except Exception:
                pass


def _serial_reason(e: Exception) -> str:
    """pyserial nests the OS error in its message; the errno alone reads best."""
    if isinstance(e, OSError) and isinstance(e.errno, int) and e.errno > 0:
        return os.strerror(e.errno)
    text = str(e).strip() or type(e).__name__
    return text.splitlines()[0]


# ---------------------------------------------------------------- in-process

class NullModemTransport(Transport):
    """An in-process link. The host side is this Transport; the peer side is two
    callbacks: the host's bytes go to `on_host_bytes`, the peer answers with
    `deliver(data)` and pulls the cable with `drop(reason)`. Same event loop only."""

    def __init__(self, on_host_bytes: Callable[[bytes], None], description: str = "in-process",
                 on_open: Callable[["NullModemTransport"], None] | None = None,
                 on_close: Callable[["NullModemTransport"], None] | None = None):
        self.on_host_bytes = on_host_bytes
        self.description = description
        self._on_open, self._on_close = on_open, on_close
        self._queue: asyncio.Queue[bytes | TransportError] = asyncio.Queue()
        self.is_open = False
        self._closed_by_host = False

    async def open(self) -> None:
        self._queue = asyncio.Queue()
        self.is_open = True
        self._closed_by_host = False
        if self._on_open is not None:
            self._on_open(self)

    # peer side
    def deliver(self, data: bytes) -> None:
        if self.is_open and data:
            self._queue.put_nowait(bytes(data))

    def drop(self, reason: str = "terminal closed the connection") -> None:
        if self.is_open:
            self.is_open = False
            self._queue.put_nowait(TransportError(reason))

    # host side
    async def read(self) -> bytes:
        item = await self._queue.get()
        if isinstance(item, TransportError):
            self._queue.put_nowait(item)
            raise item
        return item

    async def write(self, data: bytes) -> None:
        if not self.is_open:
            raise TransportError("in-process link is closed")
        self.on_host_bytes(bytes(data))

    async def close(self) -> None:
        was_open = self.is_open
        self.is_open = False
        if was_open and self._on_close is not None:
            self._on_close(self)

    @classmethod
    def to_simulator(cls, sim: Any, description: str = "in-process simulator") -> "NullModemTransport":
        """A link to an object with attach(send, close) -> link id, detach(),
        receive(bytes) and link_id (kiosk.sim.terminal.TerminalSimulator).
        Each open() attaches afresh, like plugging in a cable."""
        link: dict[str, Any] = {}

        def on_open(t: NullModemTransport) -> None:
            link["id"] = sim.attach(t.deliver, lambda: t.drop("terminal closed the connection"))

        def on_close(t: NullModemTransport) -> None:
            if getattr(sim, "link_id", None) == link.get("id"):
                sim.detach()

        return cls(sim.receive, description, on_open=on_open, on_close=on_close)


def connect_in_process(sim: Any) -> Callable[[], Transport]:
    """A transport factory for PspClient: every connect attaches to `sim` anew."""
    return lambda: NullModemTransport.to_simulator(sim)


# ---------------------------------------------------------------- URLs

@dataclass(frozen=True)
class TerminalAddress:
    """A parsed terminal URL. kind: "tcp", "serial" or "sim" (the in-process
    simulator, which the composition root wires with connect_in_process)."""
    kind: str
    url: str
    host: str = ""
    port: int = DEFAULT_TCP_PORT
    device: str = ""          # pyserial URL or device path
    baudrate: int = DEFAULT_BAUD
    connect_timeout: float = 5.0

    @property
    def description(self) -> str:
        if self.kind == "tcp":
            return f"tcp://{self.host}:{self.port}"
        if self.kind == "serial":
            return f"serial {self.device} @ {self.baudrate} 8N1"
        return "in-process simulator"

    def factory(self) -> Callable[[], Transport]:
        """A fresh Transport per call (the client reconnects with a new one)."""
        if self.kind == "tcp":
            return lambda: TcpTransport(self.host, self.port, self.connect_timeout)
        if self.kind == "serial":
            return lambda: SerialTransport(self.device, self.baudrate)
        raise ValueError("terminal url 'sim' has no transport of its own: wire the in-process "
                         "simulator with transport.connect_in_process(sim)")


_PYSERIAL_SCHEMES = ("loop", "socket", "spy", "rfc2217", "hwgrep", "alt", "cp2110")


def _baud(url: str, query: str) -> int:
    params = parse_qs(query, keep_blank_values=True)
    unknown = set(params) - {"baud"}
    if unknown:
        raise ValueError(f"terminal url {url!r}: unknown option {sorted(unknown)[0]!r} (only baud=)")
    if "baud" not in params:
        return DEFAULT_BAUD
    text = params["baud"][-1]
    try:
        baud = int(text)
    except ValueError:
        raise ValueError(f"terminal url {url!r}: baud {text!r} is not a number") from None
    if baud not in ALLOWED_BAUDS:
        raise ValueError(f"terminal url {url!r}: baud {baud} is not one of "
                         f"{', '.join(map(str, ALLOWED_BAUDS))}")
    return baud


def _split_baud(url: str, rest: str) -> tuple[str, int]:
    """Take our baud= option off a pyserial URL; pyserial rejects options it does not know."""
    base, sep, query = rest.partition("?")
    if not sep:
        return rest, DEFAULT_BAUD
    params = parse_qs(query, keep_blank_values=True)
    baud = DEFAULT_BAUD
    if "baud" in params:
        baud = _baud(url, "baud=" + params.pop("baud")[-1])
    left = "&".join(f"{k}={v}" if v else k for k, vs in params.items() for v in vs)
    return (base + "?" + left) if left else base, baud


def parse_terminal_url(url: str) -> TerminalAddress:
    """tcp://HOST[:PORT] (port 3201), serial:///dev/ttyUSB0?baud=115200,
    serial:loop://, serial:socket://HOST:PORT, bare loop:// socket:// spy://,
    or "sim". Raises ValueError naming what is wrong."""
    if not isinstance(url, str) or not url.strip():
        raise ValueError("terminal url is empty: use tcp://HOST:PORT, serial:///dev/DEVICE or sim")
    url = url.strip()
    if url == "sim":
        return TerminalAddress("sim", url)
    scheme = url.partition(":")[0].lower()
    if scheme == "tcp":
        parts = urlsplit(url)
        if not parts.hostname:
            raise ValueError(f"terminal url {url!r}: no host (use tcp://HOST:PORT)")
        if parts.path not in ("", "/") or parts.query:
            raise ValueError(f"terminal url {url!r}: unexpected path or options after the port")
        try:
            port = parts.port or DEFAULT_TCP_PORT
        except ValueError:
            raise ValueError(f"terminal url {url!r}: port must be a number from 1 to 65535") from None
        return TerminalAddress("tcp", url, host=parts.hostname, port=port)
    if scheme == "serial":
        rest = url[len("serial:"):]
        if rest.startswith("//"):
            parts = urlsplit(url)
            device = (parts.netloc + parts.path) if parts.netloc else parts.path
            if not device:
                raise ValueError(f"terminal url {url!r}: no device (use serial:///dev/ttyUSB0)")
            return TerminalAddress("serial", url, device=device, baudrate=_baud(url, parts.query))
        inner = rest.partition(":")[0].lower()
        if inner in _PYSERIAL_SCHEMES and rest[len(inner):].startswith("://"):
            device, baud = _split_baud(url, rest)
            return TerminalAddress("serial", url, device=device, baudrate=baud)
        raise ValueError(f"terminal url {url!r}: use serial:///dev/DEVICE?baud=N or "
                         "serial:loop:// / serial:socket://HOST:PORT")
    if scheme in _PYSERIAL_SCHEMES and url[len(scheme):].startswith("://"):
        device, baud = _split_baud(url, url)
        return TerminalAddress("serial", url, device=device, baudrate=baud)
    raise ValueError(f"terminal url {url!r}: unknown scheme {scheme!r}; "
                     "use tcp://HOST:PORT, serial:///dev/DEVICE?baud=115200 or sim")
