"""The receipt upload queue: every receipt in the books reaches the receipt service once.

Same pattern as the money outbox. The queue is a table of its own in the books
file (`receipt_uploads`), filled from the books' `receipts` table: `collect()`
copies each new receipt's JSON into the queue, byte for byte, and that copy is
the only body ever sent for the token, so a retry can never upload different
content. Because the queue is filled from the receipts themselves, a crash
between writing a receipt and queueing it loses nothing: the next start
collects it.

`Uploader` PUTs due entries with httpx on the backend loop (never awaited by
the journey), with exponential back-off; the service answers the same body
again with 200, so a lost answer is simply retried.

States: due (waiting or retrying), done (stored by the service), refused (the
service said the body or token is wrong: a technician looks; never retried).
"""
from __future__ import annotations

import asyncio
import json
import logging
import time
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlsplit

from kiosk.aio import wait_set
from kiosk.receipts.model import receipt_url

log = logging.getLogger(__name__)

_SCHEMA = [
    """CREATE TABLE IF NOT EXISTS receipt_uploads (
        token TEXT PRIMARY KEY REFERENCES receipts (token),
        body TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('due', 'done', 'refused')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_at REAL NOT NULL,
        last_error TEXT,
        created_at REAL NOT NULL,
        done_at REAL)""",
    "CREATE INDEX IF NOT EXISTS receipt_uploads_due ON receipt_uploads (next_at) "
    "WHERE state = 'due'",
]


@dataclass(frozen=True)
class Upload:
    token: str
    body: str
    attempts: int
    short_ref: str


class UploadQueue:
    """The queue over the books' connection (same thread as the books)."""

    def __init__(self, db, clock: Callable[[], float] = time.time):
        self.db, self.clock = db, clock
        self._seen = 0           # receipts rowid already collected
        with self._tx():
            for statement in _SCHEMA:
                db.execute(statement)

    def _tx(self):
        db = self.db

        class _Tx:
            def __enter__(self):
                db.execute("BEGIN IMMEDIATE")

            def __exit__(self, exc_type, *exc):
                db.execute("ROLLBACK" if exc_type else "COMMIT")
        return _Tx()

    def collect(self) -> int:
        """Queue every receipt not queued yet (its JSON as stored now). Returns how many."""
        # Nothing new (nearly every pass): a read, no write lock on the books.
        top = self.db.execute("SELECT COALESCE(MAX(rowid), 0) FROM receipts").fetchone()[0]
        if top <= self._seen:
            return 0
        with self._tx():
            added = self.db.execute(
                "INSERT INTO receipt_uploads (token, body, state, next_at, created_at) "
                "SELECT token, data_json, 'due', 0, ? FROM receipts r WHERE r.rowid > ? "
                "AND r.rowid <= ? AND NOT EXISTS (SELECT 1 FROM receipt_uploads u "
                "WHERE u.token = r.token)", (self.clock(), self._seen, top)).rowcount
            self._seen = top
            return added

    def due(self, now: float, limit: int = 20) -> list[Upload]:
        rows = self.db.execute(
            "SELECT u.token, u.body, u.attempts, r.short_ref FROM receipt_uploads u "
            "JOIN receipts r ON r.token = u.token WHERE u.state = 'due' AND u.next_at <= ? "
            "ORDER BY u.next_at, u.created_at LIMIT ?", (now, limit))
        return [Upload(*row) for row in rows]

    def _finish(self, token: str, state: str, error: str | None, next_at: float = 0) -> None:
        with self._tx():
            self.db.execute(
                "UPDATE receipt_uploads SET state = ?, attempts = attempts + 1, last_error = ?, "
                "next_at = ?, done_at = CASE WHEN ? = 'due' THEN NULL ELSE ? END "
                "WHERE token = ? AND state = 'due'",
                (state, error, next_at, state, self.clock(), token))

    def mark_done(self, token: str) -> None:
        self._finish(token, "done", None)

    def mark_refused(self, token: str, error: str) -> None:
        self._finish(token, "refused", error)

    def mark_retry(self, token: str, error: str, next_at: float) -> None:
        self._finish(token, "due", error, next_at)

    def state(self, token: str) -> tuple[str, int] | None:
        row = self.db.execute("SELECT state, attempts FROM receipt_uploads WHERE token = ?",
                              (token,)).fetchone()
        return (row[0], row[1]) if row else None

    def stats(self) -> dict[str, int]:
        return {r[0]: r[1] for r in self.db.execute(
            "SELECT state, COUNT(*) FROM receipt_uploads GROUP BY state ORDER BY state")}


# Answers about the receipt itself (bad token, another station's, a different body
# already stored, too large, invalid): retrying the same bytes cannot succeed.
REFUSED = (400, 403, 409, 413, 422)


def backoff(attempts: int, first: float, most: float) -> float:
    """first, 2 x first, 4 x first ... capped at most."""
    return min(most, first * 2 ** max(0, attempts - 1))


class Uploader:
    """Drains the queue to `upload_url` (the token is appended). With no URL it only
    collects: the queue waits for a service to be configured."""

    def __init__(self, queue: UploadQueue, *, upload_url: str, station_key: str,
                 retry_min_s: float = 2, retry_max_s: float = 300, timeout_s: float = 10,
                 poll_s: float = 0.5, emit: Callable[..., None] | None = None,
                 clock: Callable[[], float] = time.time):
        self.queue, self.url, self.key = queue, upload_url, station_key
        self.retry = (retry_min_s, retry_max_s)
        self.timeout_s, self.poll_s = timeout_s, poll_s
        self.emit = emit or (lambda *a, **k: None)
        self.clock = clock
        self.wakeup = asyncio.Event()

    async def run(self) -> None:
        host = urlsplit(self.url).hostname or ""
        if self.url.startswith("http://") and host not in ("localhost", "::1") \
                and not host.startswith("127."):
            log.warning("receipts.upload_url is plain http to %s: the station key and the "
                        "receipts cross the network unencrypted; use https", host)

        # The client at the first receipt to send, not at start: httpx and its TLS
        # context (the CA bundle parsed) cost ~0.15 s of the backend's start-up,
        # beside the kiosk's first frame, and several MB a station without a
        # receipt service never needs.
        client = None
        try:
            while True:
                try:
                    self.queue.collect()
                    due = self.queue.due(self.clock()) if self.url else []
                    if due and client is None:
                        client = self._client()
                    for up in due:
                        await self._send(client, up)
                except Exception:   # the books or the network misbehaved: try again later
                    log.exception("receipt upload pass failed")
                await wait_set(self.wakeup, self.poll_s)
                self.wakeup.clear()
        finally:
            if client is not None:
                await client.aclose()

    def _client(self):
        import httpx
        return httpx.AsyncClient(timeout=self.timeout_s, follow_redirects=False,
                                 headers={"Authorization": f"Bearer {self.key}"})

    async def _send(self, client, up: Upload) -> None:
        import httpx

        url = receipt_url(self.url, up.token)
        try:
            response = await client.put(url, content=up.body.encode("utf-8"),
                                        headers={"Content-Type": "application/json"})
        except httpx.HTTPError as e:
            self._retry(up, f"{type(e).__name__}: {e}"[:200])
            return
        code = response.status_code
        if code in (200, 201):
            self.queue.mark_done(up.token)
            log.info("receipt %s uploaded (%d)", up.short_ref, code)
            self.emit("receipt_uploaded", reference=up.short_ref, attempts=up.attempts + 1)
        elif code not in REFUSED:
            # 401 (the key may be added on the service later), 404 or 3xx (upload_url is
            # wrong and will be corrected), 429, 5xx (busy or down): the body is fine, wait.
            self._retry(up, f"HTTP {code}: {_detail(response)}")
        else:
            # The service read this body and will never accept it: resending cannot help.
            detail = f"HTTP {code}: {_detail(response)}"
            self.queue.mark_refused(up.token, detail)
            log.error("receipt %s refused by the receipt service: %s", up.short_ref, detail)
            self.emit("receipt_upload_refused", reference=up.short_ref, detail=detail)

    def _retry(self, up: Upload, error: str) -> None:
        delay = backoff(up.attempts + 1, *self.retry)
        self.queue.mark_retry(up.token, error, self.clock() + delay)
        log.warning("receipt %s not uploaded (%s); again in %.0f s", up.short_ref, error, delay)
        self.emit("receipt_upload_retry", reference=up.short_ref, error=error, retry_in_s=delay)


def _detail(response) -> str:
    try:
        return str(json.loads(response.text).get("error", ""))[:160]
    except (ValueError, AttributeError):
        return response.text[:160]
