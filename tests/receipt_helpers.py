"""The receipt service as a real process (`ev-kiosk receipt-server` on uvicorn,
127.0.0.1 only) for the tests; the `receipt_service` fixture (tests/conftest.py)
stops it at teardown. Every wait is bounded."""
from __future__ import annotations

import os
import select
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

PY = sys.executable
STATION_KEYS = {"EVK-TEST-1": "test-key-station-one-0001", "EVK-TEST-2": "test-key-station-two-0002"}
OPERATOR = ("Voltstraat Laden B.V.", "NL001234567B01")


def euros(minor: int, language: str = "en") -> str:
    """An amount as a receipt must show it, written out here by hand rather than by
    kiosk.journey.pricing.format_money, which the page itself uses (a test that formats
    with it would move with a formatting bug). Amounts under 1,000 euros only."""
    assert 0 <= minor < 100_000, minor
    whole, cents = divmod(minor, 100)
    return {"en": f"€{whole}.{cents:02d}", "nl": f"€\u00a0{whole},{cents:02d}"}[language]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ReceiptService:
    """One receipt-server process; start() again after stop() reuses the port and database."""

    def __init__(self, workdir: Path, *, port: int = 0, database_url: str = "",
                 rate_limit_per_minute: int = 100_000, rate_limit_burst: int = 100_000,
                 max_body_bytes: int = 16384, forwarded_allow_ips: str = ""):
        self.workdir = workdir
        workdir.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.config = workdir / "receipt-server.toml"
        stations = "\n".join(
            f'[stations.{sid}]\nkey = "{key}"\naddress = "Laadstraat {n}, 1011 AB Amsterdam"\n'
            f'timezone = "Europe/Amsterdam"\n' for n, (sid, key) in enumerate(STATION_KEYS.items(), 1))
        self.config.write_text(
            f'[server]\nhost = "127.0.0.1"\nport = {self.port}\n'
            f'database_url = "{database_url}"\ndata_dir = "{workdir}"\n'
            f"max_body_bytes = {max_body_bytes}\nrate_limit_per_minute = {rate_limit_per_minute}\n"
            f"rate_limit_burst = {rate_limit_burst}\n"
            f'forwarded_allow_ips = "{forwarded_allow_ips}"\n'
            f'[operator]\nname = "{OPERATOR[0]}"\nvat_number = "{OPERATOR[1]}"\n{stations}')
        self.proc: subprocess.Popen | None = None
        self.log = workdir / "receipt-server.log"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 20.0) -> "ReceiptService":
        self.proc = subprocess.Popen([PY, "-m", "kiosk.cli", "receipt-server", "--config",
                                      str(self.config)], stdout=subprocess.PIPE,
                                     stderr=self.log.open("ab"), text=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.proc.stdout], [], [], 0.2)
            if ready:
                line = self.proc.stdout.readline()
                if "listening on" in line:
                    return self
            if self.proc.poll() is not None:
                break
        self.stop()
        raise AssertionError("receipt-server did not start: " + self.log.read_text()[-2000:])

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.proc = None

    def access_log(self) -> str:
        return self.log.read_text() if self.log.exists() else ""


