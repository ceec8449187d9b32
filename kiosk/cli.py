"""`ev-kiosk`: one console script, several entry points (architecture.md).

    ev-kiosk                       the kiosk (embedded demo when no --config)
    ev-kiosk --config FILE         a real station; --fullscreen for station mode
    ev-kiosk --headless ...        the same backend, JSON lines instead of a window
    ev-kiosk demo                  `make demo`: window if there is a display, else headless scenario
    ev-kiosk sim-terminal ...      the PSP terminal simulator alone
    ev-kiosk sim-everest ...       an EVerest-shaped charger on an MQTT broker, alone
    ev-kiosk probe ...             commissioning probe for technicians
    ev-kiosk receipt-server ...    the receipt service (needs ev-kiosk[receipts])
    ev-kiosk check-config --config FILE   validate a station file, print what would run
    ev-kiosk service ...           technician functions against the running kiosk (SSH)
    ev-kiosk set-pin ...           set the service PIN (stored as a scrypt hash)
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from kiosk import config as configuration

# Only the command line and the configuration are imported up front: the
# backend (asyncio, PSP client, journey, books) loads after the kiosk window
# has drawn its first frame (kiosk/ui/run.py), or in headless mode when needed.

# A technician left to the desktop from service mode (RestartPreventExitStatus in the units).
EXIT_LEFT_TO_DESKTOP = 64
EXIT_STORAGE = 74   # EX_IOERR: the books cannot be used (full, read-only, corrupt)

DEMO_SCENARIO = Path(__file__).resolve().parent.parent / "examples" / "scenarios" / "demo.toml"


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv[0] if argv and not argv[0].startswith("-") else ""
    if command == "sim-terminal":
        from kiosk.sim.server import main as run
        return run(argv[1:]) or 0
    if command == "sim-everest":
        from kiosk.sim.everest_peer import main as run
        return run(argv[1:])
    if command == "probe":
        from kiosk.probe import main as run
        return run(argv[1:])
    if command == "receipt-server":
        from kiosk.receipt_server.cli import main as run
        return run(argv[1:])
    if command == "service":
        from kiosk.service.client import main as run
        return run(argv[1:])
    if command == "set-pin":
        from kiosk.service.client import set_pin
        return set_pin(argv[1:])
    if command == "demo":
        return demo(argv[1:])
    if command == "check-config":
        from kiosk.check_config import main as run
        return run(argv[1:])
    return kiosk(argv)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="ev-kiosk", description="EV charge station kiosk: pay by card at a Payter terminal.")
    p.add_argument("--config", help="station configuration (TOML); default: the embedded demo on simulators")
    p.add_argument("--headless", action="store_true", help="no window: print prompts and journey events as JSON lines")
    p.add_argument("--scenario", help="replay a scenario file (TOML) on the simulators: headless, then exit; "
                   "with --fullscreen on the station screen, which stays up after it")
    p.add_argument("--fullscreen", action="store_true", help="station mode: fullscreen, no control panel")
    p.add_argument("--size", default="1280x800", help="window size in demo mode, e.g. 800x480 or 1080x1920")
    p.add_argument("--data-dir", help="override station.data_dir")
    p.add_argument("-v", "--verbose", action="store_true", help="log to stderr")
    return p


def _load_config(args) -> configuration.Config:
    cfg = configuration.load(args.config) if args.config else configuration.embedded_demo()
    if args.data_dir:
        cfg = configuration.with_data_dir(cfg, args.data_dir)
    return cfg


def kiosk(argv: list[str], receipts=None) -> int:
    """The kiosk itself: a window, or the backend alone with --headless. `receipts`
    (the demo's receipt service) points the QR code and the uploads at it."""
    args = _parser().parse_args(argv)
    from kiosk import sdnotify
    if sdnotify.stderr_is_journal():       # under systemd: levels for journalctl -p, INFO kept
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(sdnotify.JournalFormatter("%(message)s"))
        logging.basicConfig(level=logging.INFO, handlers=[handler])
    else:
        logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                            stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        cfg = _load_config(args)
        if receipts is not None:
            from dataclasses import replace
            cfg = replace(cfg, station=configuration.Section(
                {**cfg.station.values, "receipt_base_url": receipts.receipt_base_url}),
                receipts=configuration.Section({**cfg.receipts.values,
                                                "upload_url": receipts.upload_url,
                                                "station_key": receipts.station_key}))
        scenario = None
        if args.scenario:
            from kiosk.scenario import ScenarioError, load
            try:
                scenario = load(args.scenario)
            except ScenarioError as e:
                print(f"ev-kiosk: {e}", file=sys.stderr)
                return 2
    except configuration.ConfigError as e:
        print(f"ev-kiosk: {e}", file=sys.stderr)
        return 2
    from kiosk.store.books import BooksError
    from kiosk.store.datadir import DataDirError
    try:
        if args.headless or (args.scenario and not args.fullscreen):
            import asyncio

            from kiosk.app import headless
            try:
                return asyncio.run(headless(cfg, scenario))
            except KeyboardInterrupt:
                return 0
        from kiosk.ui.run import run_window
        code = run_window(cfg, fullscreen=args.fullscreen, size=args.size, scenario=scenario,
                          control_panel=not args.fullscreen and cfg.terminal.url == "sim")
    except DataDirError as e:      # in use by another kiosk, not a writable directory
        print(f"ev-kiosk: {e}", file=sys.stderr)
        return 2
    except BooksError as e:        # the books cannot be opened, read or written
        print(f"ev-kiosk: {e}", file=sys.stderr)
        return EXIT_STORAGE
    from kiosk.ui import service_bridge
    if service_bridge.EXIT_ACTION == "restart":   # service mode's System page: Restart
        os.execv(sys.executable, [sys.executable, "-m", "kiosk.cli", *argv])
    if service_bridge.EXIT_ACTION == "desktop":   # ... Leave to the desktop: systemd's unit
        return EXIT_LEFT_TO_DESKTOP               # does not restart on this code
    return code


def _has_display() -> bool:
    if sys.platform in ("darwin", "win32"):
        return True
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and platform not in ("xcb", "wayland"):
        return platform not in ("offscreen", "minimal")
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def demo(argv: list[str] | None = None) -> int:
    """`make demo`: the kiosk on its simulators in a window, or the headless demo
    scenario when this machine has no display."""
    argv = list(argv or [])
    headless = not _has_display()
    if headless:
        print("ev-kiosk: no display found; running the headless demo scenario "
              f"({DEMO_SCENARIO.name}) instead", file=sys.stderr)
        argv = ["--headless", "--scenario", str(DEMO_SCENARIO), *argv]
    # A local receipt service beside the simulators, so that the QR code opens.
    try:
        cfg = _load_config(_parser().parse_args(argv))
    except (configuration.ConfigError, SystemExit):
        return kiosk(argv)            # kiosk() reports the problem
    from kiosk.receipt_server import demo as receipt_demo
    service = None if cfg.receipts.upload_url else receipt_demo.start(cfg.data_path(), cfg.station.id)
    try:
        return kiosk(argv, receipts=service)
    finally:
        if service is not None:
            service.stop()


if __name__ == "__main__":
    sys.exit(main())
