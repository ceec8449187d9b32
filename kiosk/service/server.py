"""The service socket: `service.sock` in the data directory, mode 0600 (owner only).

One JSON line in ({"cmd": ..., "args": {...}}), one JSON line out ({"ok": true,
"result": ...} or {"ok": false, "code": N, "error": "..."}); `wirelog` with
follow=true then streams {"line": ...} until the client hangs up. One client at
a time: a second one is told so and closed, so two technicians never act at once.
"""
from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
import stat
from pathlib import Path

from .desk import ServiceDesk
from .errors import BAD_USE, UNREACHABLE, ServiceError

log = logging.getLogger(__name__)

SOCKET_NAME = "service.sock"
ACTOR = "socket"


def socket_path(cfg) -> Path:
    return cfg.data_path() / SOCKET_NAME


def _claim(path: Path) -> None:
    """Make room for our socket, or say in one line why not."""
    try:
        st = path.lstat()
    except FileNotFoundError:
        return
    if not stat.S_ISSOCK(st.st_mode):
        raise ServiceError(BAD_USE, f"{path} exists and is not a socket; move it away "
                                    "(the service socket is not started)")
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        probe.connect(str(path))
    except OSError:
        path.unlink()             # left behind by a kiosk that died: ours now
        return
    finally:
        probe.close()
    raise ServiceError(BAD_USE, f"{path}: another kiosk answers on this socket "
                                "(the service socket is not started)")


class ServiceServer:
    def __init__(self, desk: ServiceDesk, path: Path):
        self.desk = desk
        self.path = path
        self.server: asyncio.AbstractServer | None = None
        self.busy = False

    async def start(self) -> None:
        _claim(self.path)
        self.server = await asyncio.start_unix_server(self._client, path=str(self.path))
        os.chmod(self.path, 0o600)

    async def close(self) -> None:
        if self.server is not None:
            self.server.close()
            try:
                async with asyncio.timeout(2):
                    await self.server.wait_closed()
            except TimeoutError:
                pass
            self.server = None
            try:
                self.path.unlink()
            except FileNotFoundError:
                pass

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            if self.busy:
                await _send(writer, {"ok": False, "code": UNREACHABLE,
                                     "error": "another `ev-kiosk service` client is connected; "
                                              "try again when it is done"})
                return
            self.busy = True
            try:
                await self._serve(reader, writer)
            finally:
                self.busy = False
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        except Exception:
            log.exception("service socket client failed")
        finally:
            writer.close()

    async def _serve(self, reader, writer) -> None:
        try:
            async with asyncio.timeout(10):
                line = await reader.readline()
            request = json.loads(line)
            cmd, args = request["cmd"], request.get("args", {})
        except (TimeoutError, ValueError, KeyError, TypeError):
            await _send(writer, {"ok": False, "code": BAD_USE, "error": "not a service request"})
            return
        if cmd == "wirelog" and isinstance(args, dict) and args.get("follow"):
            await self._follow(reader, writer)
            return
        try:
            result = await self._run(cmd, args)
        except ServiceError as e:
            await _send(writer, {"ok": False, "code": e.code, "error": e.message})
            return
        await _send(writer, {"ok": True, "result": result})

    async def _run(self, cmd: str, a: dict):
        d = self.desk
        if not isinstance(a, dict):
            raise ServiceError(BAD_USE, f"{cmd}: args must be a JSON object")

        def arg(key: str, whole: bool = False, default=None):
            # A bad request is one line back, never a traceback and a silent hang-up;
            # a money amount is a whole number, never truncated (12.7 -> 12, true -> 1).
            if key not in a and default is None:
                raise ServiceError(BAD_USE, f"{cmd}: needs {key!r}")
            v = a.get(key, default)
            if whole and (isinstance(v, bool) or not isinstance(v, int)):
                raise ServiceError(BAD_USE, f"{cmd}: {key} must be a whole number, not {v!r:.20}")
            return v if whole else str(v)
        if cmd == "status":
            return await d.status()
        if cmd == "holds":
            return await d.holds()
        if cmd == "void":
            return await d.finalise(arg("payment"), "void", actor=ACTOR)
        if cmd == "commit":
            return await d.finalise(arg("payment"), "commit", arg("amount", True), actor=ACTOR)
        if cmd in ("disable", "enable"):
            return await d.set_out_of_service(arg("connector", True), cmd == "disable", actor=ACTOR)
        if cmd == "unlock":
            return await d.unlock(arg("connector", True), actor=ACTOR)
        if cmd == "clear-fault":
            return await d.clear_faults(arg("connector", True), actor=ACTOR)
        if cmd == "wirelog":
            return d.wirelog()
        if cmd == "audit":
            return d.audit(arg("limit", True, 200))
        if cmd == "export":
            return await d.export(arg("dir"), actor=ACTOR)
        if cmd == "reconnect":
            return await d.reconnect(actor=ACTOR)
        raise ServiceError(BAD_USE, f"unknown service command {cmd!r}")

    async def _follow(self, reader, writer) -> None:
        q: asyncio.Queue = asyncio.Queue()
        for line in self.desk.wirelog():
            q.put_nowait(line)
        self.desk.wire.followers.add(q)
        hangup = asyncio.ensure_future(reader.read())   # EOF when the client goes
        try:
            await _send(writer, {"ok": True, "result": "following"})
            while not hangup.done():
                get = asyncio.ensure_future(q.get())
                done, _ = await asyncio.wait({get, hangup}, return_when=asyncio.FIRST_COMPLETED)
                if get in done:
                    await _send(writer, {"line": get.result()})
                else:
                    get.cancel()
        finally:
            self.desk.wire.followers.discard(q)
            hangup.cancel()


async def _send(writer: asyncio.StreamWriter, obj) -> None:
    writer.write((json.dumps(obj, default=str) + "\n").encode())
    await writer.drain()
