"""`ev-kiosk receipt-server --config FILE`: the receipt service on uvicorn."""
from __future__ import annotations

import argparse
import logging
import sys


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="ev-kiosk receipt-server",
                                description="Serve receipts to drivers; accept them from stations.")
    p.add_argument("--config", required=True, help="the service's configuration (TOML)")
    p.add_argument("--host", help="override server.host")
    p.add_argument("--port", type=int, help="override server.port (0: any free port)")
    args = p.parse_args(argv)
    try:
        import uvicorn

        from .app import create_app
    except ImportError as e:
        print(f"ev-kiosk receipt-server: {e.name} is missing; install ev-kiosk[receipts]",
              file=sys.stderr)
        return 2
    from .config import ConfigError, load
    try:
        cfg = load(args.config)
    except ConfigError as e:
        print(f"ev-kiosk receipt-server: {e}", file=sys.stderr)
        return 2
    try:
        app = create_app(cfg)
    except Exception as e:     # the database cannot be opened: say which, no traceback
        print(f"ev-kiosk receipt-server: database {cfg.database().split('@')[-1]}: {e}",
              file=sys.stderr)
        return 3
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    access = logging.getLogger("kiosk.receipt_server.access")
    access.addHandler(handler)
    access.setLevel(logging.INFO)
    access.propagate = False

    class Server(uvicorn.Server):
        async def startup(self, sockets=None):
            await super().startup(sockets)
            for server in self.servers:
                for sock in server.sockets:
                    host, port = sock.getsockname()[:2]
                    print(f"receipt-server: listening on http://{host}:{port}", flush=True)

    host = args.host or cfg.host
    port = cfg.port if args.port is None else args.port
    # Behind a reverse proxy (TLS) every request comes from the proxy: the rate limit
    # and the log need the driver's address from X-Forwarded-For, believed only from
    # the addresses in server.forwarded_allow_ips.
    proxied = bool(cfg.forwarded_allow_ips)
    config = uvicorn.Config(app, host=host, port=port, access_log=False, log_level="warning",
                            server_header=False, proxy_headers=proxied,
                            forwarded_allow_ips=cfg.forwarded_allow_ips or None)
    Server(config).run()
    return 0
