"""Fixtures for integration tests: the terminal simulator behind a real TCP socket
(127.0.0.1 only) or a real pseudo-terminal, and PspClients wired to it.
Every wait is bounded; everything started here is stopped at teardown."""
from __future__ import annotations

import asyncio

import pytest

from kiosk.psp.client import PspClient
from kiosk.psp.transport import SerialTransport, TcpTransport
from kiosk.psp.wirelog import WireLog
from kiosk.sim.server import close_pty, serve_pty, serve_tcp
from kiosk.sim.terminal import TerminalSimulator

# Short timings so the whole file runs in seconds; production defaults are larger.
FAST = dict(command_timeout_s=1.0, sync_timeout_s=0.2, keepalive_s=5.0,
            reconnect_backoff=(0.05, 0.1, 0.2))


@pytest.fixture
def sim() -> TerminalSimulator:
    return TerminalSimulator(auth_delay=0.02, card_detect_timeout=30.0, idle_close_s=20.0)


@pytest.fixture
async def tcp_server(sim):
    server = await serve_tcp(sim, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    yield port
    sim.drop_link()
    server.close()
    await asyncio.wait_for(server.wait_closed(), 2)


@pytest.fixture
async def pty_path(sim):
    path = await serve_pty(sim)
    yield path
    close_pty(path)


@pytest.fixture
async def make_client():
    """make_client(factory, **overrides) -> (client, events, wire_log), started and
    brought up unless ready=False."""
    clients: list[PspClient] = []

    async def make(factory, *, ready: bool = True, **kw):
        wire = WireLog()
        opts = {**FAST, **kw}
        client = PspClient(factory, wire_log=wire, **opts)
        clients.append(client)
        events = client.subscribe()
        await client.start()
        if ready:
            assert await client.wait_ready(5), "bring-up did not complete within 5 s"
        return client, events, wire

    yield make
    for c in clients:
        await asyncio.wait_for(c.close(), 5)


@pytest.fixture(params=["tcp", "pty"])
async def linked(request, sim, make_client):
    """A ready client on the simulator over TCP or over a pseudo-terminal."""
    if request.param == "tcp":
        server = await serve_tcp(sim, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        factory = lambda: TcpTransport("127.0.0.1", port, 2.0)  # noqa: E731
    else:
        path = await serve_pty(sim)
        factory = lambda: SerialTransport(path, 115200)  # noqa: E731
    client, events, wire = await make_client(factory)
    yield request.param, client, events, wire
    await asyncio.wait_for(client.close(), 5)
    if request.param == "tcp":
        sim.drop_link()
        server.close()
        await asyncio.wait_for(server.wait_closed(), 2)
    else:
        close_pty(path)


@pytest.fixture(scope="session")
def mosquitto(tmp_path_factory):
    """A real Mosquitto on a free 127.0.0.1 port for the test session (skips when missing)."""
    from broker import MISSING, MOSQUITTO, Mosquitto
    if MOSQUITTO is None:
        pytest.skip(MISSING)
    broker = Mosquitto(tmp_path_factory.mktemp("mosquitto")).start()
    yield broker
    broker.stop()
