"""The receipt service's configuration (TOML), validated in full at start.

    [server]       where it listens, where it stores, its limits
    [operator]     the operator's name and VAT number, printed on every receipt
    [stations.ID]  one table per station: its upload key and its address

A bad value raises ConfigError naming the key; the CLI prints it and exits 2.
"""
from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path


class ConfigError(ValueError):
    """One line: the key and what is wrong with it."""


@dataclass(frozen=True)
class Station:
    id: str
    key_sha256: bytes = field(repr=False)     # only the key's hash is kept in memory
    address: str = ""
    timezone: str = "UTC"             # receipt times are shown in the station's time


@dataclass(frozen=True)
class ServerConfig:
    host: str = "127.0.0.1"
    port: int = 8088
    database_url: str = ""             # "" = receipts.sqlite3 in data_dir
    data_dir: str = "."
    max_body_bytes: int = 16384
    rate_limit_per_minute: int = 120   # receipt pages per client address
    rate_limit_burst: int = 30
    forwarded_allow_ips: str = ""      # behind a proxy: whose X-Forwarded-For to believe
    operator_name: str = ""
    operator_vat: str = ""
    stations: dict[str, Station] = field(default_factory=dict)
    source: str = "<mapping>"

    def database(self) -> str:
        if self.database_url:
            return self.database_url
        return "sqlite:///" + str(Path(self.data_dir) / "receipts.sqlite3")


_SERVER = {"host": str, "port": int, "database_url": str, "data_dir": str,
           "max_body_bytes": int, "rate_limit_per_minute": int, "rate_limit_burst": int,
           "forwarded_allow_ips": str}
_POSITIVE = {"max_body_bytes", "rate_limit_per_minute", "rate_limit_burst"}
_OPERATOR = {"name": str, "vat_number": str}
_STATION = {"key": str, "key_sha256": str, "address": str, "timezone": str}
_STATION_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def _typed(key: str, value, typ):
    if isinstance(value, bool) or not isinstance(value, typ):
        what = {int: "a whole number", str: "text"}[typ]
        raise ConfigError(f"{key}: must be {what}, not {value!r}")
    return value


def _table(data: dict, name: str, spec: dict, where: str | None = None) -> dict:
    where = where or name          # the key's full name in the file (stations.ID)
    given = data.get(name, {})
    if not isinstance(given, dict):
        raise ConfigError(f"[{where}]: must be a table")
    for key in given:
        if key not in spec:
            raise ConfigError(f"{where}.{key}: unknown key (known: {', '.join(spec)})")
    return {k: _typed(f"{where}.{k}", v, spec[k]) for k, v in given.items()}


def from_mapping(data: dict, source: str = "<mapping>") -> ServerConfig:
    unknown = set(data) - {"server", "operator", "stations"}
    if unknown:
        raise ConfigError(f"[{sorted(unknown)[0]}]: unknown section (known: server, operator, stations)")
    server = _table(data, "server", _SERVER)
    for key in _POSITIVE & set(server):
        if server[key] <= 0:
            raise ConfigError(f"server.{key}: must be greater than 0 (got {server[key]})")
    if not 0 <= server.get("port", 0) <= 65535:
        raise ConfigError(f"server.port: must be 0 (any free port) to 65535 (got {server['port']})")
    url = server.get("database_url", "")
    if url and not url.startswith(("sqlite:///", "postgresql://", "postgres://")):
        raise ConfigError("server.database_url: must be sqlite:///PATH or postgresql://... "
                          f"(got {url!r})")
    operator = _table(data, "operator", _OPERATOR)
    stations_in = data.get("stations", {})
    if not isinstance(stations_in, dict):
        raise ConfigError("[stations]: must be a table of [stations.ID] tables")
    stations = {}
    for sid, table in stations_in.items():
        if not _STATION_ID.match(sid):
            raise ConfigError(f"stations.{sid}: a station id is 1-64 letters, digits, '.', '_' or '-'")
        values = _table(stations_in, sid, _STATION, f"stations.{sid}")
        key, digest = values.get("key"), values.get("key_sha256")
        if bool(key) == bool(digest):
            raise ConfigError(f"stations.{sid}: give exactly one of key or key_sha256")
        if key is not None and len(key) < 16:
            raise ConfigError(f"stations.{sid}.key: must be at least 16 characters")
        if digest is not None and not re.fullmatch(r"[0-9a-fA-F]{64}", digest):
            raise ConfigError(f"stations.{sid}.key_sha256: must be 64 hex digits")
        hashed = hashlib.sha256(key.encode()).digest() if key else bytes.fromhex(digest)
        tz = values.get("timezone", "UTC")
        try:
            from zoneinfo import ZoneInfo
            ZoneInfo(tz)
        except Exception:
            raise ConfigError(f"stations.{sid}.timezone: unknown time zone {tz!r} "
                              "(e.g. Europe/Amsterdam)") from None
        stations[sid] = Station(sid, hashed, values.get("address", ""), tz)
    return ServerConfig(**server, operator_name=operator.get("name", ""),
                        operator_vat=operator.get("vat_number", ""), stations=stations,
                        source=source)


def load(path: str | Path) -> ServerConfig:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: configuration file not found") from None
    except OSError as e:
        raise ConfigError(f"{path}: cannot be read ({e.strerror})") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: not valid TOML ({e})") from None
    cfg = from_mapping(data, str(path))
    if not Path(cfg.data_dir).is_absolute():
        # A relative data_dir is beside the configuration, not in the cwd.
        from dataclasses import replace
        cfg = replace(cfg, data_dir=str(path.resolve().parent / cfg.data_dir))
    return cfg
