"""`ev-kiosk check-config --config FILE`: what a technician runs before
restarting the service. Validates the station file with the kiosk's own loader
(kiosk/config.py) and prints what the kiosk would run with, in words.

    exit 0   the file is valid (the summary follows)
    exit 2   it is not: one line naming the key and what is wrong
"""
from __future__ import annotations

import argparse
import sys

from kiosk import config as configuration
from kiosk.journey.pricing import Tariff, format_decimal, format_money


def _money(t: Tariff, amount: int) -> str:
    return format_money(amount, t.currency, t.minor_units)


def describe_tariff(t: Tariff) -> str:
    """The tariff as a driver would read it, e.g. "€0.39 per kWh; €0.50 per
    session; idle fee €0.10 per minute after 30 minutes, at most €10.00;
    prices include 21% VAT"."""
    parts = []
    if t.energy_per_kwh:
        parts.append(f"{_money(t, t.energy_per_kwh)} per kWh")
    if t.time_per_minute:
        parts.append(f"{_money(t, t.time_per_minute)} per minute charging")
    if t.time_per_hour:
        parts.append(f"{_money(t, t.time_per_hour)} per hour charging")
    if t.session_fee:
        parts.append(f"{_money(t, t.session_fee)} per session")
    idle = ""
    if t.idle_fee_per_minute:
        idle = f"idle fee {_money(t, t.idle_fee_per_minute)} per minute"
    elif t.idle_fee_per_hour:
        idle = f"idle fee {_money(t, t.idle_fee_per_hour)} per hour"
    if idle:
        if t.idle_grace_minutes:
            idle += f" after {t.idle_grace_minutes} minutes"
        if t.idle_fee_cap:
            idle += f", at most {_money(t, t.idle_fee_cap)}"
        parts.append(idle)
    if t.max_price:
        parts.append(f"never more than {_money(t, t.max_price)} a session")
    if not parts:
        parts.append("free")
    vat = format_decimal(t.vat_percent_bp, 2).rstrip("0").rstrip(".")
    parts.append(f"prices {'include' if t.prices_include_vat else 'exclude'} {vat}% VAT")
    return "; ".join(parts)


def _terminal(url: str) -> str:
    from kiosk.psp.transport import parse_terminal_url
    if url == "sim":
        return "sim: the built-in simulator, no card is charged (set terminal.url to the Payter terminal)"
    return f"Payter terminal, {parse_terminal_url(url).description}"


def _charger(c) -> str:
    kw = format_decimal(c.max_power_w // 100, 1).removesuffix(".0")
    points = f"{c.connectors} connector{'s' if c.connectors != 1 else ''} ({c.connector_type}, up to {kw} kW)"
    if c.backend == "sim":
        return f"sim: the built-in simulated charger, {points}"
    return f"{c.backend} over {c.mqtt_url}, modules {', '.join(c.everest_modules)}; {points}"


def summary(cfg: configuration.Config) -> list[str]:
    s, m, p, t = cfg.station, cfg.modes, cfg.payment, cfg.tariff
    starts = [w for w, on in (("tap", m.tap_to_start), ("plug in", m.plug_in_to_start),
                              ("screen", m.ui_start)) if on]
    stops = [w for w, on in (("tap", m.tap_to_stop), ("unplug", m.unplug_to_stop),
                             ("screen", m.ui_stop)) if on]
    if p.strategy == "driver_cap":
        payment = "the driver picks " + ", ".join(_money(t, a) for a in p.amount_choices)
    elif p.strategy == "incremental":
        payment = (f"hold {_money(t, p.reservation)}, {_money(t, p.incremental_step)} more "
                   f"at {p.incremental_at_pct}% of it")
    else:
        payment = f"hold {_money(t, p.reservation)} on the card"
    return [
        f"station:  {s.name} ({s.id}), {s.language}, books in {cfg.data_path()}",
        f"terminal: {_terminal(cfg.terminal.url)}",
        f"charger:  {_charger(cfg.charger)}",
        f"start:    {', '.join(starts)}; stop: {', '.join(stops)}",
        f"payment:  {payment}",
        f"tariff:   {describe_tariff(t)}",
        f"display:  renderer {cfg.display.renderer}, rotation {cfg.display.rotation}°",
    ]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="ev-kiosk check-config",
                                description="Validate a station file and print what the kiosk would run with.")
    p.add_argument("--config", required=True, help="station configuration (TOML)")
    args = p.parse_args(argv)
    try:
        cfg = configuration.load(args.config)
        lines = summary(cfg)
    except (configuration.ConfigError, ValueError) as e:
        where = "" if str(e).startswith(args.config) else f"{args.config}: "
        print(f"ev-kiosk: {where}{e}", file=sys.stderr)
        return 2
    print(f"{args.config}: valid")
    print("\n".join(lines))
    return 0
