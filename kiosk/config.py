"""Station configuration (TOML), validated in full at start-up.

Every key is declared once below with its type, default and check. A bad value
raises ConfigError naming the key and what is wrong; the CLI prints that one
line and exits with code 2. Tariff keys are checked by pricing.Tariff itself.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

LANGUAGES = ("en", "nl", "de", "fr")
STRATEGIES = ("reserve_max", "driver_cap", "incremental")
RENDERERS = ("auto", "software", "opengl")      # kiosk/ui/renderer.py


class ConfigError(ValueError):
    """One line: the key and what is wrong with it."""


def _positive(v):   return v > 0 or "must be greater than 0"
def _non_neg(v):    return v >= 0 or "must not be negative"
def _pct(v):        return 0 < v <= 100 or "must be a percentage between 1 and 100"
def _lang(v):       return v in LANGUAGES or f"must be one of {', '.join(LANGUAGES)}"
def _strategy(v):   return v in STRATEGIES or f"must be one of {', '.join(STRATEGIES)}"
def _action(v):     return v in ("commit", "void") or "must be 'commit' or 'void'"
def _byte(v):       return 0 <= v <= 0xFF or "must be a byte (0 to 255)"
def _backend(v):    return v in ("sim", "everest") or "must be 'sim' or 'everest'"


def _mqtt_url(v):
    from kiosk.charger.everest import parse_mqtt_url
    try:
        parse_mqtt_url(v)
    except ValueError as e:
        return str(e) if str(e).startswith("must") else f"{e} (mqtt://HOST:1883 or mqtts://HOST:8883)"
    return True


def _module_ids(v):
    if not all(isinstance(m, str) and m and "/" not in m and "#" not in m and "+" not in m
               for m in v):
        return "must be a list of EVerest module ids (text without '/', '#' or '+')"
    return True


def _pin_hash(v):
    if not v:
        return True   # no PIN: service mode cannot be entered until one is set
    from kiosk.service.pin import PinHashError, parse_hash
    try:
        parse_hash(v)
    except PinHashError as e:
        return str(e).removeprefix("service.pin_hash: ")
    return True


def _terminal_url(v):
    if v == "sim" or v.startswith(("tcp://", "serial://", "socket://", "loop://", "spy://")):
        return True
    return "must be 'sim', tcp://HOST:PORT or serial:///dev/DEVICE?baud=115200"


def _http_url(v):
    return v == "" or v.startswith(("http://", "https://")) or "must be '' (no upload) or an http(s):// URL"


def _amounts(v):
    if not v or not all(isinstance(a, int) and not isinstance(a, bool) and a > 0 for a in v):
        return "must be a non-empty list of positive whole amounts in minor units"
    return True


# section -> key -> (type, default, check). Types are exact: money is int.
Spec = dict[str, tuple[type | tuple[type, ...], Any, Callable[[Any], Any] | None]]
SCHEMA: dict[str, Spec] = {
    "station": {
        "name": (str, "ev-kiosk demo station", None),
        "id": (str, "EVK-DEMO-1", None),
        "language": (str, "en", _lang),
        "data_dir": (str, "", None),          # "" = a per-user state directory
        "receipt_base_url": (str, "https://receipts.example.com/r/", None),
        "terminal_position": (str, "bottom-right", None),
        "theme": (str, "dark", lambda v: v in ("dark", "light") or "must be 'dark' or 'light'"),
        # Shown to drivers on error screens and receipts: who to call, and the charge
        # point's EVSE ID (one for the station, or a list with one per connector).
        "helpline": (str, "", None),
        "evse_id": ((str, list), "", lambda v: isinstance(v, str) or all(
            isinstance(x, str) for x in v) or "must be text or a list of texts, one per connector"),
    },
    "terminal": {
        "url": (str, "sim", _terminal_url),
        "ui_request_code": (int, 0x28, _byte),
        "keepalive_s": ((int, float), 15, _positive),
        "session_timeout_s": (int, 48 * 3600, _positive),
        "timeout_action": (str, "void", _action),
        "auto_tap_s": ((int, float), 0, _non_neg),    # simulator only: 0 = never
        "card_detect_timeout_s": ((int, float), 60, _positive),  # simulator only
    },
    "charger": {
        "backend": (str, "sim", _backend),
        "connectors": (int, 2, lambda v: 1 <= v <= 8 or "must be between 1 and 8"),
        "connector_type": (str, "Type2", None),
        "max_power_w": (int, 22000, _positive),
        "time_scale": ((int, float), 1, _positive),   # simulator only
        # backend = "everest": EVerest's API over MQTT (kiosk/charger/everest.py)
        "mqtt_url": (str, "mqtt://127.0.0.1:1883", _mqtt_url),
        "mqtt_ca_file": (str, "", None),
        "mqtt_username": (str, "", None),
        "mqtt_password": (str, "", None),
        "everest_modules": (list, [], _module_ids),        # one per connector, in order
        "everest_token_provider": (str, "kiosk_token_provider", None),
        "everest_error_history": (str, "", None),          # "" = no error module
        "everest_error_origins": (list, [], _module_ids),  # EvseManager id per connector
        "request_timeout_s": ((int, float), 5, _positive),
        "heartbeat_timeout_s": ((int, float), 5, _non_neg),   # 0 = not watched
        "link_grace_s": ((int, float), 10, _non_neg),
        "everest_peer": (bool, False, None),   # simulator only: the built-in EVerest-shaped peer
    },
    "modes": {
        "tap_to_start": (bool, True, None),
        "plug_in_to_start": (bool, True, None),
        "ui_start": (bool, True, None),
        "tap_to_stop": (bool, True, None),
        "unplug_to_stop": (bool, True, None),
        "ui_stop": (bool, True, None),
        "free_vending_when_offline": (bool, False, None),
    },
    "payment": {
        "strategy": (str, "reserve_max", _strategy),
        "reservation": (int, 5000, _positive),
        "amount_choices": (list, [2000, 4000, 6000, 8000], _amounts),
        "incremental_step": (int, 2000, _positive),
        "incremental_at_pct": (int, 80, _pct),
        "warn_at_pct": (int, 90, _pct),
    },
    "timeouts": {
        "plug_in_s": ((int, float), 300, _positive),
        "charger_start_s": ((int, float), 60, _positive),
        "declined_s": ((int, float), 8, _positive),
        "stop_confirm_s": ((int, float), 60, _positive),
        "receipt_s": ((int, float), 60, _positive),
        "choice_s": ((int, float), 45, _positive),
        "dim_after_s": ((int, float), 120, _positive),
    },
    "display": {
        "renderer": (str, "auto", lambda v: v in RENDERERS or f"must be one of {', '.join(RENDERERS)}"),
        "rotation": (int, 0, lambda v: v in (0, 90, 180, 270) or "must be 0, 90, 180 or 270"),
    },
    "receipts": {
        # The receipt service's upload endpoint; the token is appended. "" = none: the
        # upload queue in the books waits, the driver still gets the receipt on screen.
        "upload_url": (str, "", _http_url),
        "station_key": (str, "", None),           # the bearer key the service has for station.id
        "retry_min_s": ((int, float), 2, _positive),
        "retry_max_s": ((int, float), 300, _positive),
        "timeout_s": ((int, float), 10, _positive),
    },
    "service": {
        "pin_hash": (str, "", _pin_hash),     # written by `ev-kiosk set-pin`; "" = no PIN
        "export_dir": (str, "", None),        # diagnostics bundles go here ("" = data dir)
        "test_payment": (int, 100, _positive),   # the in-app probe's voided test payment
        "idle_s": ((int, float), 120, _positive),  # service mode leaves itself after this
    },
}

DEFAULT_TARIFF = {
    "currency": "EUR", "minor_units": 2, "energy_per_kwh": 39, "time_per_minute": 0,
    "session_fee": 50, "idle_fee_per_minute": 10, "idle_grace_minutes": 30,
    "idle_fee_cap": 1000, "max_price": None, "vat_percent_bp": 2100, "prices_include_vat": True,
}


@dataclass(frozen=True)
class Section:
    values: dict[str, Any]

    def __getattr__(self, name: str) -> Any:
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None


@dataclass(frozen=True)
class Config:
    station: Section
    terminal: Section
    charger: Section
    modes: Section
    payment: Section
    timeouts: Section
    display: Section
    receipts: Section
    service: Section
    tariff: Any                       # pricing.Tariff
    source: str = "<embedded demo>"
    extra: dict = field(default_factory=dict)

    def data_path(self) -> Path:
        if self.station.data_dir:
            return Path(self.station.data_dir)
        from os import environ
        base = environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
        return Path(base) / "ev-kiosk"


# Never echoed in an error line (they end up in logs and terminals).
SECRET_KEYS = {"service.pin_hash"}


def _check_value(key: str, value: Any, typ, check) -> Any:
    types = typ if isinstance(typ, tuple) else (typ,)
    if isinstance(value, bool) and bool not in types:
        ok = False
    else:
        ok = isinstance(value, types)
    if not ok:
        if float in types:
            types = tuple(t for t in types if t is not int)   # "a number" covers both
        names = " or ".join({int: "a whole number", float: "a number", str: "text",
                             bool: "true or false", list: "a list"}[t] for t in types)
        raise ConfigError(f"{key}: must be {names}, not {value!r}")
    if check is not None:
        verdict = check(value)
        if verdict is not True:
            shown = "" if key in SECRET_KEYS else f" (got {value!r})"
            raise ConfigError(f"{key}: {verdict}{shown}")
    return value


def from_mapping(data: dict, source: str = "<mapping>") -> Config:
    from kiosk.journey.pricing import Tariff

    unknown = set(data) - set(SCHEMA) - {"tariff"}
    if unknown:
        raise ConfigError(f"[{sorted(unknown)[0]}]: unknown section (known: "
                          f"{', '.join(list(SCHEMA) + ['tariff'])})")
    sections = {}
    for name, spec in SCHEMA.items():
        given = data.get(name, {})
        if not isinstance(given, dict):
            raise ConfigError(f"[{name}]: must be a table")
        for key in given:
            if key not in spec:
                raise ConfigError(f"{name}.{key}: unknown key (known: {', '.join(spec)})")
        sections[name] = Section({
            key: _check_value(f"{name}.{key}", given[key], typ, check) if key in given else default
            for key, (typ, default, check) in spec.items()})
    tariff_data = {**DEFAULT_TARIFF, **data.get("tariff", {})}
    tariff_data = {k: v for k, v in tariff_data.items() if v is not None}
    try:
        tariff = Tariff.from_mapping(tariff_data)
    except ValueError as e:
        raise ConfigError(str(e)) from None
    evse = sections["station"].values["evse_id"]
    if isinstance(evse, list) and len(evse) != sections["charger"].values["connectors"]:
        raise ConfigError(f"station.evse_id: {len(evse)} given, one per connector needed "
                          f"({sections['charger'].values['connectors']})")
    payment = sections["payment"].values
    if payment["warn_at_pct"] <= 0:
        raise ConfigError("payment.warn_at_pct: must be greater than 0")
    _check_everest(sections["charger"].values)
    modes = sections["modes"].values
    if not (modes["tap_to_start"] or modes["plug_in_to_start"] or modes["ui_start"]):
        raise ConfigError("modes: at least one of tap_to_start, plug_in_to_start, ui_start must be true")
    if not (modes["tap_to_stop"] or modes["unplug_to_stop"] or modes["ui_stop"]):
        raise ConfigError("modes: at least one of tap_to_stop, unplug_to_stop, ui_stop must be true")
    receipts = sections["receipts"].values
    if receipts["upload_url"] and not receipts["station_key"]:
        raise ConfigError("receipts.station_key: needed when receipts.upload_url is set")
    return Config(tariff=tariff, source=source, **sections)


def _check_everest(c: dict) -> None:
    if c["backend"] != "everest":
        return
    n, mods = c["connectors"], c["everest_modules"]
    if len(mods) != n:
        raise ConfigError(f"charger.everest_modules: needs one EVerest module id per connector "
                          f"(charger.connectors = {n}, got {len(mods)})")
    if len(set(mods)) != len(mods):
        raise ConfigError("charger.everest_modules: a module id is listed twice")
    if c["everest_error_origins"] and len(c["everest_error_origins"]) != n:
        raise ConfigError(f"charger.everest_error_origins: one EvseManager module id per connector "
                          f"or none (charger.connectors = {n})")
    if not c["everest_token_provider"] or "/" in c["everest_token_provider"]:
        raise ConfigError("charger.everest_token_provider: must be the auth_token_provider module id")
    if c["mqtt_ca_file"] and not Path(c["mqtt_ca_file"]).is_file():
        raise ConfigError(f"charger.mqtt_ca_file: file not found ({c['mqtt_ca_file']})")
    if c["mqtt_password"] and not c["mqtt_username"]:
        raise ConfigError("charger.mqtt_password: set charger.mqtt_username too")


def load(path: str | Path) -> Config:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: configuration file not found") from None
    except OSError as e:
        raise ConfigError(f"{path}: cannot be read ({e.strerror})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: not valid TOML ({e})") from None
    return from_mapping(data, str(path))


def embedded_demo() -> Config:
    """The embedded default: simulators for terminal and charger."""
    return from_mapping({"terminal": {"auto_tap_s": 0}, "charger": {"time_scale": 1}},
                        "<embedded demo>")


def evse_id(cfg: Config, connector_id: int) -> str:
    """The EVSE ID a driver is shown for a connector ("" when none is configured)."""
    v = cfg.station.evse_id
    if isinstance(v, list):
        return v[connector_id - 1] if 0 < connector_id <= len(v) else ""
    return v


def with_data_dir(cfg: Config, data_dir: str) -> Config:
    """The same configuration with its books elsewhere (tests, --data-dir)."""
    from dataclasses import replace
    return replace(cfg, station=Section({**cfg.station.values, "data_dir": str(data_dir)}))
