"""The receipt service as an ASGI application (Starlette).

Starlette because it is a small, well-kept ASGI toolkit (the base FastAPI is
built on) with nothing we do not use: routing, requests/responses, static
files. Four routes, no listing:

    PUT /api/v1/receipts/{token}   a station uploads a receipt (bearer key per station)
    GET /r/{token}                 the receipt page, in the driver's language
    GET /r/{token}.pdf             the same receipt as a PDF
    GET /healthz                   the service and its database answer

An unknown and a malformed token get the same 404 page by the same path (a
lookup is made either way). Tokens never reach the log: the access log writes
the route's template instead of the path.
"""
from __future__ import annotations

import hashlib
import json
import logging
import time
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from kiosk.receipts.model import Receipt

from . import page
from .config import ServerConfig
from .store import Store, open_store
from .validate import Invalid, parse, valid_token

access_log = logging.getLogger("kiosk.receipt_server.access")
STATIC = Path(__file__).parent / "static"
PAGE_HEADERS = {
    "Cache-Control": "private, no-store",
    "Referrer-Policy": "no-referrer",             # the token is in the URL: never pass it on
    "X-Robots-Tag": "noindex",
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'",
    "X-Content-Type-Options": "nosniff",
}


def _error(status: int, message: str, field: str | None = None, **headers) -> JSONResponse:
    body = {"error": message}
    if field:
        body["field"] = field
    return JSONResponse(body, status, headers=headers or None)


class RateLimit:
    """A token bucket per client address: `per_minute` sustained, `burst` at once."""

    def __init__(self, per_minute: int, burst: int, clock=time.monotonic, max_clients=100_000):
        self.rate, self.burst, self.clock = per_minute / 60.0, float(burst), clock
        self.max_clients = max_clients
        self.buckets: dict[str, tuple[float, float]] = {}

    def allow(self, client: str) -> float:
        """0 when allowed, else the seconds until the next request would be."""
        now = self.clock()
        tokens, at = self.buckets.get(client, (self.burst, now))
        tokens = min(self.burst, tokens + (now - at) * self.rate)
        if tokens < 1:
            self.buckets[client] = (tokens, now)
            return (1 - tokens) / self.rate
        if len(self.buckets) >= self.max_clients and client not in self.buckets:
            self.buckets.clear()        # a flood of addresses: forget, rather than grow
        self.buckets[client] = (tokens - 1, now)
        return 0.0


class Guard:
    """ASGI middleware: rate limit per client address, and the structured access log
    (one JSON object a line; the route template, never the token)."""

    EXEMPT = ("/healthz", "/static/")

    def __init__(self, app, limit: RateLimit):
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        t0 = time.perf_counter()
        path = scope["path"]
        client = (scope.get("client") or ("-", 0))[0]
        status = {"code": 0, "bytes": 0}

        async def send_logged(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            elif message["type"] == "http.response.body":
                status["bytes"] += len(message.get("body", b""))
            await send(message)

        wait = 0.0 if path.startswith(self.EXEMPT) else self.limit.allow(client)
        if wait:
            await _error(429, "too many requests from this address",
                         **{"Retry-After": str(int(wait) + 1)})(scope, receive, send_logged)
        else:
            await self.app(scope, receive, send_logged)
        if access_log.isEnabledFor(logging.INFO):
            access_log.info(json.dumps({
                "t": round(time.time(), 3), "client": client, "method": scope["method"],
                "route": _route(path), "status": status["code"], "bytes": status["bytes"],
                "ms": round((time.perf_counter() - t0) * 1000, 2),
                **({"station": scope["state"]["station"]}
                   if "station" in scope.get("state", {}) else {})}))


def _route(path: str) -> str:
    if path.startswith("/r/"):
        return "/r/{token}.pdf" if path.endswith(".pdf") else "/r/{token}"
    if path.startswith("/api/v1/receipts/"):
        return "/api/v1/receipts/{token}"
    if path in ("/healthz",) or path.startswith("/static/"):
        return path[:80]
    return "(other)"


def create_app(cfg: ServerConfig, store: Store | None = None) -> Starlette:
    store = store or open_store(cfg.database())
    by_key = {s.key_sha256: s for s in cfg.stations.values()}

    async def lookup(token: str):
        # Malformed tokens are looked up too: the same work and the same 404 either way.
        return await run_in_threadpool(store.get, token[:128])

    def language(request: Request, receipt: Receipt) -> str:
        asked = request.query_params.get("lang", "")
        if asked in page.LANGUAGES:
            return asked
        return page.pick_language(request.headers.get("accept-language"), receipt.language)

    def not_found(request: Request) -> HTMLResponse:
        lang = page.pick_language(request.headers.get("accept-language"))
        return HTMLResponse(page.not_found_page(lang), 404, headers=PAGE_HEADERS)

    def build(stored, request: Request) -> tuple[dict, str]:
        receipt = Receipt.from_dict(json.loads(stored.body))
        lang = language(request, receipt)
        tz = cfg.stations[stored.station_id].timezone if stored.station_id in cfg.stations else "UTC"
        return page.sections(receipt, lang, address=stored.address,
                             operator_name=stored.operator_name,
                             operator_vat=stored.operator_vat, tz=tz), lang

    async def receipt_page(request: Request) -> Response:
        token = request.path_params["token"]
        stored = await lookup(token)
        if stored is None:
            return not_found(request)
        s, lang = build(stored, request)
        pdf = f"{token}.pdf" + (f"?lang={lang}" if "lang" in request.query_params else "")
        headers = {**PAGE_HEADERS, "Content-Language": lang, "Vary": "Accept-Language"}
        return HTMLResponse(page.html_page(s, lang, pdf), headers=headers)

    async def receipt_pdf(request: Request) -> Response:
        token = request.path_params["token"]
        stored = await lookup(token)
        if stored is None:
            return not_found(request)
        s, lang = build(stored, request)
        body = await run_in_threadpool(page.pdf_bytes, s)
        headers = {**PAGE_HEADERS, "Content-Language": lang,
                   "Content-Disposition": f'inline; filename="receipt-{s["groups"][-1][0][1]}.pdf"'}
        return Response(body, media_type="application/pdf", headers=headers)

    async def upload(request: Request) -> Response:
        auth = request.headers.get("authorization", "")
        scheme, _, key = auth.partition(" ")
        station = by_key.get(hashlib.sha256(key.strip().encode()).digest()) \
            if scheme.lower() == "bearer" and key.strip() else None
        if station is None:
            return _error(401, "missing or unknown station key (Authorization: Bearer KEY)",
                          **{"WWW-Authenticate": "Bearer"})
        request.scope.setdefault("state", {})["station"] = station.id
        token = request.path_params["token"]
        if not valid_token(token):
            return _error(400, "token: must be 22 to 64 URL-safe base64 characters "
                               "(at least 128 bits)", "token")
        declared = request.headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > cfg.max_body_bytes):
            return _error(413, f"body: larger than {cfg.max_body_bytes} bytes", "body")
        raw = bytearray()
        async for chunk in request.stream():
            raw += chunk
            if len(raw) > cfg.max_body_bytes:
                return _error(413, f"body: larger than {cfg.max_body_bytes} bytes", "body")
        try:
            receipt, canonical = parse(bytes(raw), token)
        except Invalid as e:
            return _error(422, str(e), e.field or None)
        if receipt.station_id != station.id:
            return _error(403, f"station_id: this key belongs to another station", "station_id")
        outcome = await run_in_threadpool(store.put, token, station.id, canonical,
                                          station.address, cfg.operator_name, cfg.operator_vat)
        if outcome == "foreign":
            return _error(403, "token: belongs to another station", "token")
        if outcome == "conflict":
            return _error(409, "token: already stored with a different receipt", "token")
        return JSONResponse({"status": "stored" if outcome == "created" else "unchanged"},
                            201 if outcome == "created" else 200)

    async def healthz(request: Request) -> Response:
        try:
            count = await run_in_threadpool(store.count)
        except Exception as e:   # the database does not answer
            return JSONResponse({"status": "error", "detail": type(e).__name__}, 503)
        return JSONResponse({"status": "ok", "receipts": count})

    routes = [
        Route("/healthz", healthz),
        Route("/api/v1/receipts/{token}", upload, methods=["PUT"]),
        Route("/r/{token}.pdf", receipt_pdf),
        Route("/r/{token}", receipt_page),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    async def no_route(request: Request, exc) -> Response:
        # Any other path (e.g. a token with an encoded '/') gets the very same page.
        return not_found(request)

    app = Starlette(routes=routes, exception_handlers={404: no_route})
    app.state.store = store
    app.add_middleware(Guard, limit=RateLimit(cfg.rate_limit_per_minute, cfg.rate_limit_burst))
    return app
