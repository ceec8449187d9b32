"""`make demo`'s receipt service: started beside the simulators, stopped with the kiosk.

It listens on every interface so that a phone on the same network can open the
demo's QR code; the QR carries this machine's address (EV_KIOSK_RECEIPT_HOST
overrides it). Its database and configuration live in the kiosk's data
directory; the station key is new on every start and only handed to the kiosk.
"""
from __future__ import annotations

import importlib.util
import os
import secrets
import select
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

PORT = 8088


@dataclass
class DemoService:
    proc: subprocess.Popen
    receipt_base_url: str       # what the QR code carries
    upload_url: str             # where the kiosk PUTs (loopback)
    station_key: str

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("0.0.0.0", port))
        except OSError:
            return False
    return True


def _public_host() -> str:
    host = os.environ.get("EV_KIOSK_RECEIPT_HOST", "")
    if host:
        return host
    try:
        address = socket.gethostbyname(socket.gethostname())
    except OSError:
        return "127.0.0.1"
    return "127.0.0.1" if address.startswith("127.") else address


def start(data_dir: Path, station_id: str, timeout: float = 15.0) -> DemoService | None:
    """The service, up and listening; None (and one line saying why) if it cannot be."""
    if importlib.util.find_spec("starlette") is None or importlib.util.find_spec("uvicorn") is None:
        print("ev-kiosk demo: no receipt service (install ev-kiosk[receipts]); receipts wait "
              "in the books' upload queue", file=sys.stderr)
        return None
    home = Path(data_dir) / "receipt-service"
    home.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(24)
    port = PORT if _port_free(PORT) else 0
    (home / "receipt-server.toml").write_text(
        f'[server]\nhost = "0.0.0.0"\nport = {port}\ndata_dir = "{home}"\n'
        f'[operator]\nname = "ev-kiosk demo operator"\nvat_number = "NL000000000B00"\n'
        f'[stations."{station_id}"]\nkey = "{key}"\naddress = "Demo street 1, Amsterdam"\n'
        f'timezone = "Europe/Amsterdam"\n', encoding="utf-8")
    log = (home / "access.log").open("ab")
    proc = subprocess.Popen([sys.executable, "-m", "kiosk.cli", "receipt-server", "--config",
                             str(home / "receipt-server.toml")], stdout=subprocess.PIPE,
                            stderr=log, text=True)
    log.close()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        ready, _, _ = select.select([proc.stdout], [], [], 0.2)
        if ready:
            line = proc.stdout.readline()
            if "listening on" in line:
                port = int(line.strip().rsplit(":", 1)[-1])
                service = DemoService(proc, f"http://{_public_host()}:{port}/r/",
                                      f"http://127.0.0.1:{port}/api/v1/receipts/", key)
                print(f"ev-kiosk demo: receipt service on port {port}; receipts open at "
                      f"{service.receipt_base_url}<token> (access log: {home / 'access.log'})",
                      file=sys.stderr)
                return service
    proc.kill()
    proc.wait(5)
    print(f"ev-kiosk demo: the receipt service did not start (see {home / 'access.log'}); "
          "receipts wait in the books' upload queue", file=sys.stderr)
    return None
