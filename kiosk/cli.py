"""`ev-kiosk`: one console script, several entry points (architecture.md).

    ev-kiosk                       the kiosk (embedded demo when no --config)
    ev-kiosk --config FILE         a real station; --fullscreen for station mode
    ev-kiosk --headless ...        the same backend, JSON lines instead of a window
    ev-kiosk demo                  `make demo`: window if there is a display, else headless scenario
    ev-kiosk sim-terminal ...      the PSP terminal simulator alone
    ev-kiosk probe ...             commissioning probe for technicians
"""
from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv[0] if argv and not argv[0].startswith("-") else ""
    if command == "sim-terminal":
        from kiosk.sim.server import main as run
        return run(argv[1:]) or 0
    if command == "probe":
        from kiosk.probe import main as run
        return run(argv[1:])
    if command == "demo":
        from kiosk.app import demo
        return demo(argv[1:])
    from kiosk.app import main as run
    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
