"""Where the service keeps receipts: SQLite (one file) or PostgreSQL.

One table; a receipt is written once and never changed. `put` is the whole
idempotency rule in one place: the same body for a token is "same", another
body is "conflict", another station's token is "foreign". The stored body is
the canonical JSON of what the station sent (sorted keys), so "the same" does
not depend on whitespace or key order.

Calls are synchronous and serialised on one connection (a lock): the app runs
them in a worker thread. SQLite: WAL, synchronous=FULL. PostgreSQL: psycopg 3.
"""
from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import NamedTuple


class Stored(NamedTuple):
    station_id: str
    body: str           # canonical JSON of the receipt as uploaded
    address: str        # the station's address and the operator at upload time
    operator_name: str
    operator_vat: str
    received_at: float


_COLUMNS = "station_id, body, address, operator_name, operator_vat, received_at"
_CREATE = """CREATE TABLE IF NOT EXISTS receipts (
    token TEXT PRIMARY KEY,
    station_id TEXT NOT NULL,
    body TEXT NOT NULL,
    address TEXT NOT NULL,
    operator_name TEXT NOT NULL,
    operator_vat TEXT NOT NULL,
    received_at DOUBLE PRECISION NOT NULL)"""


class Store:
    """put / get / count over one connection. Use `open_store(url)`."""

    placeholder = "?"

    def __init__(self, connection) -> None:
        self._db = connection
        self._lock = threading.Lock()

    def _sql(self, text: str) -> str:
        return text.replace("?", self.placeholder)

    def put(self, token: str, station_id: str, body: str, address: str,
            operator_name: str, operator_vat: str) -> str:
        """'created', 'same', 'conflict' (other body) or 'foreign' (other station)."""
        with self._lock:
            existing = self._get(token)
            if existing is None:
                try:
                    self._execute(self._sql(
                        f"INSERT INTO receipts (token, {_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                        (token, station_id, body, address, operator_name, operator_vat,
                         time.time()))
                    return "created"
                except self.integrity_errors:
                    existing = self._get(token)   # another writer won the race
            if existing.station_id != station_id:
                return "foreign"
            return "same" if existing.body == body else "conflict"

    def get(self, token: str) -> Stored | None:
        with self._lock:
            return self._get(token)

    def count(self) -> int:
        with self._lock:
            return self._query_one("SELECT COUNT(*) FROM receipts", ())[0]

    def close(self) -> None:
        self._db.close()

    def _get(self, token: str) -> Stored | None:
        row = self._query_one(self._sql(f"SELECT {_COLUMNS} FROM receipts WHERE token = ?"),
                              (token,))
        return Stored(*row) if row else None


class SqliteStore(Store):
    integrity_errors = (sqlite3.IntegrityError,)

    def __init__(self, path: str) -> None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA busy_timeout=5000")
        db.execute(_CREATE)
        super().__init__(db)

    def _execute(self, sql, args):
        self._db.execute(sql, args)

    def _query_one(self, sql, args):
        return self._db.execute(sql, args).fetchone()


class PostgresStore(Store):
    placeholder = "%s"

    def __init__(self, url: str) -> None:
        import psycopg
        self._psycopg, self._url = psycopg, url
        self.integrity_errors = (psycopg.errors.UniqueViolation,)
        db = psycopg.connect(url, autocommit=True)
        db.execute(_CREATE)
        super().__init__(db)

    def _run(self, sql, args):
        """One statement; a connection the server dropped (restart, failover) is opened
        again once. Statements are single and autocommitted, so a retry is safe:
        an INSERT that did land is then a UniqueViolation, which put() reads."""
        try:
            return self._db.execute(sql, args)
        except self._psycopg.OperationalError:
            if not self._db.closed and not self._db.broken:
                raise
            self._db = self._psycopg.connect(self._url, autocommit=True)
            return self._db.execute(sql, args)

    def _execute(self, sql, args):
        self._run(sql, args)

    def _query_one(self, sql, args):
        return self._run(sql, args).fetchone()


def open_store(url: str) -> Store:
    if url.startswith("sqlite:///"):
        return SqliteStore(url[len("sqlite:///"):])
    if url.startswith(("postgresql://", "postgres://")):
        return PostgresStore(url)
    raise ValueError(f"unsupported database URL (sqlite:///PATH or postgresql://...): {url.split(':')[0]}")
