"""The diagnostics bundle: one .tar.gz a technician takes away on a USB stick.

It holds the configuration with every secret removed (the PIN hash, keys, tokens,
passwords), the kiosk's recent log, the wire log (card hashes already starred) and
the wire log files from the data directory (frames from before a restart), a
books summary without card data (no card hash, no PAN, masked or not) nor receipt tokens, the audit
table and versions. Written to a temporary name and renamed, so a half-written
bundle never looks finished.
"""
from __future__ import annotations

import io
import json
import os
import platform
import re
import sys
import tarfile
import time
from datetime import datetime, timezone
from pathlib import Path

from .errors import REFUSED, ServiceError

SECRET_WORDS = ("pin", "key", "secret", "token", "password", "credential")
REMOVED = "<removed>"


def _clean(key: str, value):
    if value and any(w in key.lower() for w in SECRET_WORDS):
        return REMOVED
    if isinstance(value, str):   # a password in a URL (mqtt://user:secret@host)
        return re.sub(r"(://[^/@:]*):[^/@]*@", r"\1:" + REMOVED + "@", value)
    return value


def redacted_config(cfg) -> dict:
    from kiosk.config import SCHEMA
    out = {name: {k: _clean(k, v) for k, v in getattr(cfg, name).values.items()}
           for name in SCHEMA}
    out["source"] = cfg.source
    return out


def _versions() -> dict:
    from .desk import version
    v = {"ev-kiosk": version(), "python": sys.version.split()[0],
         "platform": platform.platform()}
    try:
        import PySide6
        v["PySide6"] = PySide6.__version__
    except ImportError:
        pass
    return v


def write_bundle(directory: str | os.PathLike, *, cfg, status: dict, holds: list, sessions: list,
                 audit: list, wire: list[str], log_lines: list[str],
                 wire_history: list[Path] = (), now: float | None = None) -> Path:
    now = time.time() if now is None else now
    target = Path(directory)
    if not target.is_dir():
        raise ServiceError(REFUSED, f"cannot export to {target}: no such directory")
    if not os.access(target, os.W_OK | os.X_OK):
        raise ServiceError(REFUSED, f"cannot export to {target}: not writable")
    stamp = datetime.fromtimestamp(now, timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    name = f"ev-kiosk-diagnostics-{cfg.station.id}-{stamp}"
    files = {
        "config.json": json.dumps(redacted_config(cfg), indent=2, sort_keys=True),
        "status.json": json.dumps(status, indent=2, sort_keys=True, default=str),
        "books.json": json.dumps({"holds": holds, "sessions": sessions}, indent=2,
                                 sort_keys=True, default=str),
        "audit.jsonl": "".join(json.dumps(a, sort_keys=True) + "\n" for a in audit),
        "wire.log": "".join(line + "\n" for line in wire),
        "kiosk.log": "".join(line + "\n" for line in log_lines),
        "versions.json": json.dumps(_versions(), indent=2, sort_keys=True),
    }
    for path in wire_history:
        try:
            files[f"wire-history/{path.name}"] = path.read_text("utf-8", errors="replace")
        except OSError:
            pass    # rotated away meanwhile: the bundle goes without it
    final = target / f"{name}.tar.gz"
    partial = target / f".{name}.tar.gz.partial"
    try:
        with tarfile.open(partial, "w:gz") as tar:
            for fname, text in files.items():
                data = text.encode("utf-8")
                info = tarfile.TarInfo(f"{name}/{fname}")
                info.size, info.mtime, info.mode = len(data), int(now), 0o600
                tar.addfile(info, io.BytesIO(data))
        os.replace(partial, final)
    except OSError as e:
        try:
            partial.unlink()
        except OSError:
            pass
        raise ServiceError(REFUSED, f"cannot export to {target}: {e.strerror or e}") from None
    return final
