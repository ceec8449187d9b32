"""`ev-kiosk service --config FILE COMMAND` and `ev-kiosk set-pin --config FILE`.

Exit codes: 0 done, 2 bad use, 3 no such payment/connector, 4 refused, 5 the kiosk
is not reachable for a command that needs it. With no kiosk running, `status`,
`holds` and `audit` read the books directly and say so on stderr.
"""
from __future__ import annotations

import argparse
import getpass
import json
import os
import re
import socket
import sys
import time
from pathlib import Path

from kiosk import config as configuration

from .errors import BAD_USE, UNREACHABLE, ServiceError
from .server import socket_path

OFFLINE_OK = ("status", "holds", "audit")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="ev-kiosk service",
                                description="Technician functions against the running kiosk.")
    p.add_argument("--config", required=True, help="the station configuration (TOML)")
    sub = p.add_subparsers(dest="cmd", required=True, metavar="COMMAND")
    sub.add_parser("status", help="the kiosk's state as JSON")
    sub.add_parser("holds", help="stuck holds and failing money commands, JSON lines")
    s = sub.add_parser("void", help="void a stuck hold")
    s.add_argument("payment")
    s = sub.add_parser("commit", help="commit AMOUNT (minor units, at most the hold)")
    s.add_argument("payment")
    s.add_argument("amount", type=int)
    for name, what in (("disable", "take a connector out of service"),
                       ("enable", "put a connector back in service"),
                       ("unlock", "force the connector's cable lock open"),
                       ("clear-fault", "clear a connector's latched fault")):
        s = sub.add_parser(name, help=what)
        s.add_argument("connector", type=int)
    s = sub.add_parser("wirelog", help="the last 200 frames on the terminal link")
    s.add_argument("--follow", action="store_true", help="then every new frame until Ctrl-C")
    sub.add_parser("audit", help="technician actions, JSON lines")
    s = sub.add_parser("export", help="write a diagnostics bundle (.tar.gz) to DIR")
    s.add_argument("dir")
    sub.add_parser("reconnect", help="drop and re-open the terminal link")
    return p


class _Usage(Exception):
    pass


def main(argv: list[str]) -> int:
    parser = _parser()
    parser.exit = _exit_bad_use   # argparse's own errors are exit 2 as well
    try:
        args = parser.parse_args(argv)
        cfg = configuration.load(args.config)
    except configuration.ConfigError as e:
        return _fail(BAD_USE, str(e))
    except _Usage as e:
        return int(str(e) or BAD_USE)
    request = {"cmd": args.cmd, "args": {k: v for k, v in vars(args).items()
                                         if k not in ("cmd", "config")}}
    if args.cmd == "export":
        request["args"]["dir"] = str(Path(args.dir).resolve())
    path = socket_path(cfg)
    try:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.connect(str(path))
    except OSError:
        sock.close()
        if args.cmd in OFFLINE_OK:
            return _offline(cfg, args.cmd)
        return _fail(UNREACHABLE, f"the kiosk is not reachable at {path} (is it running?)")
    with sock, sock.makefile("rb") as f:
        try:
            sock.sendall((json.dumps(request) + "\n").encode())
        except BrokenPipeError:
            pass       # a busy kiosk answers and hangs up before reading: its answer waits
        try:
            reply = _read(f)
        except ConnectionResetError:
            reply = None
        if reply is None:
            return _fail(UNREACHABLE, "the kiosk closed the service socket without an answer")
        if not reply.get("ok"):
            return _fail(int(reply.get("code", 4)), reply.get("error", "refused"))
        if args.cmd == "wirelog" and args.follow:
            return _follow(f)
        _print(args.cmd, reply["result"])
    return 0


def _exit_bad_use(status: int = 0, message: str | None = None):
    if message:
        sys.stderr.write(message)
    raise _Usage(str(BAD_USE if status else 0))


def _read(f):
    line = f.readline()
    return json.loads(line) if line else None


def _follow(f) -> int:
    try:
        while True:
            msg = _read(f)
            if msg is None:
                return 0
            print(msg["line"], flush=True)
    except KeyboardInterrupt:
        return 0


def _fail(code: int, message: str) -> int:
    print(f"ev-kiosk service: {message}", file=sys.stderr)
    return code


def _print(cmd: str, result) -> None:
    if cmd == "status":
        print(json.dumps(result, indent=2, sort_keys=True, default=str))
    elif cmd in ("holds", "audit"):
        for row in result:
            print(json.dumps(row, sort_keys=True, default=str))
    elif cmd == "wirelog":
        for line in result:
            print(line)
    elif cmd in ("void", "commit"):
        amount = f" of {result['amount']}" if result["kind"] == "commit" else ""
        print(f"payment {result['payment']}: {result['kind']}{amount} written to the books "
              f"(command {result['command']}); the terminal gets it now")
    elif cmd in ("disable", "enable"):
        what = "out of service" if cmd == "disable" else "in service"
        note = "" if result["changed"] else " (it was already)"
        later = "; the session in progress goes on" if result.get("session_continues") else ""
        print(f"connector {result['connector']}: {what}{note}{later}")
    elif cmd == "export":
        print(result["path"])
    else:
        print(json.dumps(result, sort_keys=True, default=str))


def _offline(cfg, cmd: str) -> int:
    from kiosk.store.books import Books, BooksError

    from .desk import audit_rows, books_status, holds
    path = cfg.data_path() / "books.sqlite3"
    if not path.exists():
        return _fail(UNREACHABLE, f"no kiosk is running and there are no books at {path}")
    print(f"ev-kiosk service: no kiosk is running; read from the books at {path}",
          file=sys.stderr)
    try:
        with Books(path) as books:
            if cmd == "status":
                _print(cmd, {"live": False, "data_dir": str(cfg.data_path()),
                             "books": books_status(books),
                             "out_of_service": sorted(books.out_of_service())})
            elif cmd == "holds":
                _print(cmd, holds(books, None, time.time()))
            else:
                _print(cmd, audit_rows(books))
    except BooksError as e:
        return _fail(UNREACHABLE, str(e))
    return 0


# ------------------------------------------------------------------ set-pin

def set_pin(argv: list[str]) -> int:
    from .pin import check_pin_format, hash_pin
    p = argparse.ArgumentParser(prog="ev-kiosk set-pin",
                                description="Set the service PIN (stored only as a scrypt hash).")
    p.add_argument("--config", required=True, help="the station configuration (TOML) to write")
    p.exit = _exit_bad_use
    try:
        args = p.parse_args(argv)
    except _Usage as e:
        return int(str(e) or BAD_USE)
    path = Path(args.config)
    try:
        configuration.load(path)
    except configuration.ConfigError as e:
        return _fail_pin(str(e))
    first, again = _ask("New service PIN: "), _ask("Same PIN again: ")
    if first is None or again is None:
        return _fail_pin("no PIN given")
    if first != again:
        return _fail_pin("the two PINs differ; nothing was changed")
    try:
        check_pin_format(first)
    except ValueError as e:
        return _fail_pin(f"{e}; nothing was changed")
    text = path.read_text(encoding="utf-8")
    new = with_pin_hash(text, hash_pin(first))
    # The new file is the old one's twin: its mode from the first byte (the hash is
    # never world-readable, not even briefly) and, when root runs this on the
    # package's root:ev-kiosk 0640 file, its owner and group, or the kiosk could not read it.
    st = path.stat()
    tmp = path.with_name(f".{path.name}.set-pin")
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, st.st_mode & 0o777)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        if os.geteuid() == 0:
            os.fchown(f.fileno(), st.st_uid, st.st_gid)
        os.fchmod(f.fileno(), st.st_mode & 0o777)      # O_CREAT's mode went through the umask
        f.write(new)
    os.replace(tmp, path)
    print(f"ev-kiosk set-pin: service PIN set in {path}; restart the kiosk to use it")
    return 0


def _fail_pin(message: str) -> int:
    print(f"ev-kiosk set-pin: {message}", file=sys.stderr)
    return BAD_USE


def _ask(prompt: str) -> str | None:
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    line = sys.stdin.readline()     # scripted: one PIN a line
    return line.rstrip("\r\n") if line else None


_SECTION = re.compile(r"^\s*\[([^\]]+)\]\s*(#.*)?$")
_PIN_LINE = re.compile(r"^(\s*pin_hash\s*=\s*)(\"[^\"]*\"|'[^']*')(.*)$")


def with_pin_hash(text: str, pin_hash: str) -> str:
    """The configuration text with [service] pin_hash set, everything else kept."""
    lines = text.splitlines(keepends=True)
    section, header_at = None, None
    for i, line in enumerate(lines):
        m = _SECTION.match(line)
        if m:
            section = m.group(1).strip()
            if section == "service":
                header_at = i
            continue
        if section == "service":
            pm = _PIN_LINE.match(line.rstrip("\n"))
            if pm:
                lines[i] = f'{pm.group(1)}"{pin_hash}"{pm.group(3)}\n'
                return "".join(lines)
    if header_at is not None:
        lines.insert(header_at + 1, f'pin_hash = "{pin_hash}"\n')
        return "".join(lines)
    tail = "" if text.endswith("\n") or not text else "\n"
    return f'{text}{tail}\n[service]\npin_hash = "{pin_hash}"\n'
