"""Station configuration (TOML), validated in full at start-up.

Every key is declared once below with its type, default and check. A bad value
raises ConfigError naming the key and what is wrong; the CLI prints that one
line and exits with code 2. Tariff keys are checked by pricing.Tariff itself.
"""
from __future__ import annotations

import math
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


U32 = 0xFFFFFFFF   # amounts and references are 32-bit fields on the wire (psp-protocol.md)
MAX_HOLD_MAJOR = 1000   # a sane ceiling for one card hold: 1,000 of the currency
KEEPALIVE_LIMIT_S = 20  # the terminal closes a link idle this long (psp-protocol.md)
POSITIONS = ("bottom-right", "bottom-left", "bottom-center", "right", "left")

# ISO 4217 minor units of the currencies a station may charge in; a currency not
# listed is refused rather than guessed (a wrong minor unit bills 100x off).
ISO_4217_MINOR = {
    "EUR": 2, "USD": 2, "GBP": 2, "CHF": 2, "SEK": 2, "NOK": 2, "DKK": 2, "PLN": 2, "CZK": 2,
    "HUF": 2, "RON": 2, "BGN": 2, "ISK": 0, "RSD": 2, "TRY": 2, "UAH": 2, "AUD": 2, "CAD": 2,
    "NZD": 2, "JPY": 0, "KRW": 0, "CNY": 2, "HKD": 2, "SGD": 2, "INR": 2, "ZAR": 2, "BRL": 2,
    "MXN": 2, "CLP": 0, "ILS": 2, "AED": 2, "SAR": 2, "QAR": 2, "KWD": 3, "BHD": 3, "OMR": 3,
    "JOD": 3, "TND": 3,
}


def _seconds(hi: float, *, zero_ok: bool = False, unit: str = "seconds"):
    """A finite duration, above 0 (or 0 when zero_ok) and at most `hi`: an infinite or
    absurd timeout would overflow a timer or leave a driver waiting for days."""
    def check(v):
        if not math.isfinite(v):
            return f"must be a finite number of {unit}"
        if zero_ok and v < 0:
            return "must not be negative"
        if not zero_ok and v <= 0:
            return "must be greater than 0"
        if v > hi:
            return f"must be at most {hi:g} {unit}"
        return True
    return check


def _keepalive(v):
    if not (0 < v < KEEPALIVE_LIMIT_S):   # NaN fails this too
        return (f"must be greater than 0 and under {KEEPALIVE_LIMIT_S} seconds (the terminal "
                f"closes a link idle for {KEEPALIVE_LIMIT_S} s)")
    return True


def _u32_positive(v):
    return 0 < v <= U32 or f"must be from 1 to {U32} (a 32-bit field on the wire)"


def _position(v):
    return v in POSITIONS or f"must be one of {', '.join(POSITIONS)}"


def _receipt_url(v):
    from urllib.parse import urlsplit
    parts = urlsplit(v)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "must be an http:// or https:// URL with a host (it becomes the receipt QR code)"
    return True


def _time_scale(v):
    return 0.01 <= v <= 1000 or "must be from 0.01 to 1000 (simulated seconds per second)"


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
    if not (v == "sim" or v.startswith(("tcp://", "serial://", "socket://", "loop://", "spy://"))):
        return "must be 'sim', tcp://HOST:PORT or serial:///dev/DEVICE?baud=115200"
    from kiosk.psp.transport import parse_terminal_url
    try:
        parse_terminal_url(v)
    except ValueError as e:
        return str(e).replace(f"terminal url {v!r}: ", "")
    return True


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
        "receipt_base_url": (str, "https://receipts.example.com/r/", _receipt_url),
        "terminal_position": (str, "bottom-right", _position),
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
        "keepalive_s": ((int, float), 15, _keepalive),
        "session_timeout_s": (int, 48 * 3600, _seconds(7 * 24 * 3600)),
        "timeout_action": (str, "void", _action),
        "auto_tap_s": ((int, float), 0, _seconds(3600, zero_ok=True)),  # simulator only: 0 = never
        "card_detect_timeout_s": ((int, float), 60, _seconds(600)),  # simulator only
    },
    "charger": {
        "backend": (str, "sim", _backend),
        "connectors": (int, 2, lambda v: 1 <= v <= 8 or "must be between 1 and 8"),
        "connector_type": (str, "Type2", None),
        "max_power_w": (int, 22000, lambda v: 0 < v <= 1_000_000 or "must be from 1 to 1000000 W"),
        "time_scale": ((int, float), 1, _time_scale),   # simulator only
        # backend = "everest": EVerest's API over MQTT (kiosk/charger/everest.py)
        "mqtt_url": (str, "mqtt://127.0.0.1:1883", _mqtt_url),
        "mqtt_ca_file": (str, "", None),
        "mqtt_username": (str, "", None),
        "mqtt_password": (str, "", None),
        "everest_modules": (list, [], _module_ids),        # one per connector, in order
        "everest_token_provider": (str, "kiosk_token_provider", None),
        "everest_error_history": (str, "", None),          # "" = no error module
        "everest_error_origins": (list, [], _module_ids),  # EvseManager id per connector
        "request_timeout_s": ((int, float), 5, _seconds(120)),
        "heartbeat_timeout_s": ((int, float), 5, _seconds(600, zero_ok=True)),   # 0 = not watched
        "link_grace_s": ((int, float), 10, _seconds(3600, zero_ok=True)),
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
        "reservation": (int, 5000, _u32_positive),
        "amount_choices": (list, [2000, 4000, 6000, 8000], _amounts),
        "incremental_step": (int, 2000, _u32_positive),
        "incremental_at_pct": (int, 80, _pct),
        "warn_at_pct": (int, 90, _pct),
    },
    "timeouts": {
        "plug_in_s": ((int, float), 300, _seconds(3600)),
        "charger_start_s": ((int, float), 60, _seconds(600)),
        "declined_s": ((int, float), 8, _seconds(300)),
        "stop_confirm_s": ((int, float), 60, _seconds(600)),
        "receipt_s": ((int, float), 60, _seconds(3600)),
        "choice_s": ((int, float), 45, _seconds(600)),
        "dim_after_s": ((int, float), 120, _seconds(86400)),
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
        "retry_min_s": ((int, float), 2, _seconds(3600)),
        "retry_max_s": ((int, float), 300, _seconds(86400)),
        "timeout_s": ((int, float), 10, _seconds(300)),
    },
    "privacy": {
        # Card hashes of finalised payments are forgotten after this (Tap to Stop needs
        # them only while a payment is open); 0 = at the next purge, every 10 minutes.
        "card_hash_retention_h": ((int, float), 24, _seconds(24 * 365, zero_ok=True, unit="hours")),
    },
    "service": {
        "pin_hash": (str, "", _pin_hash),     # written by `ev-kiosk set-pin`; "" = no PIN
        "export_dir": (str, "", None),        # diagnostics bundles go here ("" = data dir)
        "test_payment": (int, 100, _u32_positive),   # the in-app probe's voided test payment
        "idle_s": ((int, float), 120, _seconds(3600)),  # service mode leaves itself after this
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
    privacy: Section
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

    for name, value in data.items():
        if not isinstance(value, dict):   # `tariff = 5`, `[[station]]`
            raise ConfigError(f"[{name}]: must be a table, not {type(value).__name__}")
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
    _check_money(tariff, payment, sections["service"].values)
    _check_data_dir(sections["station"].values["data_dir"])
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


def _check_money(tariff, payment: dict, service: dict) -> None:
    """Amounts must fit the protocol's fields and make sense against the tariff."""
    expected = ISO_4217_MINOR.get(tariff.currency)
    if expected is None:
        raise ConfigError(f"tariff.currency: {tariff.currency!r} is not a currency this kiosk "
                          f"knows (known: {', '.join(sorted(ISO_4217_MINOR))})")
    if tariff.minor_units != expected:
        raise ConfigError(f"tariff.minor_units: {tariff.currency} has {expected} minor units "
                          f"in ISO 4217, not {tariff.minor_units}")
    for key in ("energy_per_kwh", "time_per_minute", "time_per_hour", "session_fee",
                "idle_fee_per_minute", "idle_fee_per_hour", "idle_fee_cap", "max_price"):
        if getattr(tariff, key) > U32:
            raise ConfigError(f"tariff.{key}: must be at most {U32} (a 32-bit amount)")
    if tariff.idle_grace_minutes > 7 * 24 * 60:
        raise ConfigError("tariff.idle_grace_minutes: must be at most a week (10080)")
    ceiling = min(MAX_HOLD_MAJOR * 10 ** tariff.minor_units, U32)
    holds = [("payment.reservation", payment["reservation"])]
    if payment["strategy"] == "driver_cap":
        holds += [("payment.amount_choices", a) for a in payment["amount_choices"]]
    for key, amount in holds:
        if amount > ceiling:
            raise ConfigError(f"{key}: {amount} is above the ceiling for one card hold "
                              f"({ceiling} minor units = {MAX_HOLD_MAJOR} {tariff.currency})")
        if amount <= tariff.session_fee:
            raise ConfigError(f"{key}: {amount} does not cover the session fee "
                              f"(tariff.session_fee = {tariff.session_fee})")
    for a in payment["amount_choices"]:
        if a > U32:
            raise ConfigError(f"payment.amount_choices: {a} does not fit a 32-bit amount")
    if payment["strategy"] == "incremental" and payment["incremental_step"] > ceiling:
        raise ConfigError(f"payment.incremental_step: above the ceiling for one card hold "
                          f"({ceiling})")
    if service["test_payment"] > ceiling:
        raise ConfigError(f"service.test_payment: above the ceiling for one card hold ({ceiling})")


def _check_data_dir(data_dir: str) -> None:
    """The books go there: it must be (or become) a directory this user can write."""
    import os
    if not data_dir:
        return
    if "\0" in data_dir:
        raise ConfigError("station.data_dir: must be a path (it contains a NUL character)")
    path = Path(data_dir)
    probe = path
    while not probe.exists():
        if probe.parent == probe:
            break
        probe = probe.parent
    if probe.exists() and not probe.is_dir():
        raise ConfigError(f"station.data_dir: {probe} is not a directory")
    if not os.access(probe, os.W_OK | os.X_OK):
        what = "the directory" if probe == path else f"{probe}, where it would be created,"
        raise ConfigError(f"station.data_dir: {what} is not writable by this user")


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
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a directory, not a configuration file") from None
    except OSError as e:
        raise ConfigError(f"{path}: cannot be read ({e.strerror})") from None
    except UnicodeDecodeError as e:
        raise ConfigError(f"{path}: not UTF-8 text (byte {e.start}); is it a binary file?") from None
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
