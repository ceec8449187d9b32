"""The durable books: payments, charging sessions, the money outbox, receipts, a journal.

One SQLite file in WAL mode with synchronous=FULL: when a public mutation
returns, its transaction is on disk, so a crash (power cut, kill -9) loses
nothing that the journey already acted on. Every public mutation is exactly
one transaction; every state change also appends a journal entry in that same
transaction, so the journal never disagrees with the tables.

Two records, as in EVerest: a *payment* (the money: reservation on the card and
its finalisation) and a *session* (the energy: plug, charge, idle, end). The
outbox ``money_commands`` holds every Commit, Void and Update Session for the
finaliser; a partial UNIQUE index guarantees at most one Commit-or-Void per
payment, whatever the code above does.

Privacy: only a masked PAN is ever stored (a full PAN handed in is masked here,
and a CHECK constraint refuses 13+ consecutive digits). The card hash is stored,
because Tap to Stop must still match after a restart, but it is never logged,
journaled or shown in a repr.

Used from one thread (the backend loop).
"""
from __future__ import annotations

import json
import logging
import os
import sqlite3
import stat
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Callable, Iterator

from kiosk.privacy import mask_pan  # noqa: F401  (re-exported: the books mask too)
from kiosk.supervisor import Unrecoverable

log = logging.getLogger(__name__)

SCHEMA_VERSION = 2
REFERENCE_MAX = 0xFFFFFFFF   # Start Session's reference is a U32 on the wire

PAYMENT_STATES = ("reserving", "authorized", "declined", "cancelled", "committing",
                  "committed", "voiding", "voided", "failed")
OPEN_PAYMENT_STATES = ("reserving", "authorized", "committing", "voiding")
SESSION_STATES = ("plugged", "starting", "charging", "suspended", "idle", "ended")
COMMAND_KINDS = ("commit", "void", "update")
COMMAND_STATES = ("due", "sent", "done", "refused", "dropped")
UNFINISHED = ("due", "sent")


class BooksError(Exception):
    """The books cannot do what was asked (bad file, unknown id, forbidden transition)."""


class StorageError(BooksError, Unrecoverable):
    """The file cannot be written or read (disk full, read-only, I/O error, corrupt):
    no input is to blame, so the journey must not swallow it as a bad input."""


# ------------------------------------------------------------------ rows

def _from_row(cls, row: sqlite3.Row):
    return cls(**{f.name: row[f.name] for f in fields(cls)})


@dataclass(frozen=True)
class Payment:
    id: str
    connector_id: int
    reference: int
    currency: str
    requested_amount: int
    authorized_amount: int
    final_amount: int | None        # committed amount (0 when voided), None until known
    state: str
    terminal_session_id: int | None
    card_hash: str | None = field(repr=False)   # never in logs or reprs
    masked_pan: str | None
    brand: str | None
    host_reference: str | None
    host_response_code: str | None
    decline_reason_code: int | None
    detail: str | None
    created_at: float
    updated_at: float


@dataclass(frozen=True)
class Session:
    id: str
    connector_id: int
    payment_id: str | None          # None for free vending
    state: str
    started_at: float
    ended_at: float | None
    energy_wh: int
    meter_at: float | None
    cost: int
    stop_reason: str | None
    breakdown_json: str | None

    @property
    def cost_total(self) -> int:
        """The name station.py reads (the running total cost, minor units)."""
        return self.cost

    @property
    def breakdown(self) -> dict:
        return json.loads(self.breakdown_json) if self.breakdown_json else {}


@dataclass(frozen=True)
class MoneyCommand:
    id: int
    payment_id: str
    kind: str                       # commit | void | update
    terminal_session_id: int
    amount: int
    state: str                      # due | sent | done | refused | dropped
    attempts: int                   # how many times it was (about to be) sent
    next_at: float
    last_error: str | None
    created_at: float
    sent_at: float | None
    done_at: float | None


@dataclass(frozen=True)
class ReceiptRecord:
    token: str
    short_ref: str
    payment_id: str | None
    session_id: str | None
    data: dict
    created_at: float
    updated_at: float


@dataclass(frozen=True)
class JournalEntry:
    id: int
    at: float
    kind: str
    payment_id: str | None
    session_id: str | None
    detail: dict


# ------------------------------------------------------------------ schema

_NO_FULL_PAN = "'*" + "[0-9]" * 13 + "*'"

MIGRATIONS: dict[int, list[str]] = {
    1: [
        """CREATE TABLE counters (
            name TEXT PRIMARY KEY,
            value INTEGER NOT NULL)""",
        "INSERT INTO counters (name, value) VALUES ('reference', 0)",
        f"""CREATE TABLE payments (
            id TEXT PRIMARY KEY,
            connector_id INTEGER NOT NULL,
            reference INTEGER NOT NULL,
            currency TEXT NOT NULL,
            requested_amount INTEGER NOT NULL CHECK (requested_amount >= 0),
            authorized_amount INTEGER NOT NULL DEFAULT 0 CHECK (authorized_amount >= 0),
            final_amount INTEGER CHECK (final_amount IS NULL OR final_amount >= 0),
            state TEXT NOT NULL CHECK (state IN {PAYMENT_STATES!r}),
            terminal_session_id INTEGER,
            card_hash TEXT,
            masked_pan TEXT CHECK (masked_pan IS NULL OR masked_pan NOT GLOB {_NO_FULL_PAN}),
            brand TEXT,
            host_reference TEXT,
            host_response_code TEXT,
            decline_reason_code INTEGER,
            detail TEXT,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL)""",
        "CREATE INDEX payments_state ON payments (state)",
        f"""CREATE TABLE sessions (
            id TEXT PRIMARY KEY,
            connector_id INTEGER NOT NULL,
            payment_id TEXT REFERENCES payments (id),
            state TEXT NOT NULL CHECK (state IN {SESSION_STATES!r}),
            started_at REAL NOT NULL,
            ended_at REAL,
            energy_wh INTEGER NOT NULL DEFAULT 0 CHECK (energy_wh >= 0),
            meter_at REAL,
            cost INTEGER NOT NULL DEFAULT 0 CHECK (cost >= 0),
            stop_reason TEXT,
            breakdown_json TEXT,
            CHECK (state != 'ended' OR (ended_at IS NOT NULL AND stop_reason IS NOT NULL)))""",
        "CREATE INDEX sessions_open ON sessions (state) WHERE state != 'ended'",
        "CREATE INDEX sessions_payment ON sessions (payment_id)",
        f"""CREATE TABLE money_commands (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            payment_id TEXT NOT NULL REFERENCES payments (id),
            kind TEXT NOT NULL CHECK (kind IN {COMMAND_KINDS!r}),
            terminal_session_id INTEGER NOT NULL,
            amount INTEGER NOT NULL CHECK (amount >= 0),
            state TEXT NOT NULL CHECK (state IN {COMMAND_STATES!r}),
            attempts INTEGER NOT NULL DEFAULT 0,
            next_at REAL NOT NULL,
            last_error TEXT,
            created_at REAL NOT NULL,
            sent_at REAL,
            done_at REAL)""",
        # The money rule in the schema itself: one Commit-or-Void per payment, ever.
        """CREATE UNIQUE INDEX money_one_finalisation ON money_commands (payment_id)
            WHERE kind IN ('commit', 'void')""",
        "CREATE INDEX money_unfinished ON money_commands (payment_id, id) "
        "WHERE state IN ('due', 'sent')",
        """CREATE TABLE receipts (
            token TEXT PRIMARY KEY,
            short_ref TEXT NOT NULL,
            payment_id TEXT REFERENCES payments (id),
            session_id TEXT REFERENCES sessions (id),
            data_json TEXT NOT NULL,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL)""",
        "CREATE INDEX receipts_short_ref ON receipts (short_ref)",
        """CREATE TABLE journal (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at REAL NOT NULL,
            kind TEXT NOT NULL,
            payment_id TEXT,
            session_id TEXT,
            detail_json TEXT NOT NULL DEFAULT '{}')""",
        "CREATE INDEX journal_payment ON journal (payment_id)",
        # Technicians rely on the journal being what happened: append-only.
        """CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
            BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END""",
        """CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
            BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END""",
    ],
    2: [
        # A Commit or Void the terminal refused on its first attempt moved no money: a
        # technician may queue the payment's finalisation again (Books.refinalise). The
        # rule stays: at most one Commit-or-Void per payment that was not refused.
        "DROP INDEX money_one_finalisation",
        """CREATE UNIQUE INDEX money_one_finalisation ON money_commands (payment_id)
            WHERE kind IN ('commit', 'void') AND state != 'refused'""",
        # Every technician action (service mode, `ev-kiosk service`): append-only.
        """CREATE TABLE audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at REAL NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL DEFAULT '',
            result TEXT NOT NULL,
            detail_json TEXT NOT NULL DEFAULT '{}')""",
        """CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit table is append-only'); END""",
        """CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit table is append-only'); END""",
        # The service PIN's lock-out, so that a restart does not reset it (one row).
        """CREATE TABLE pin_lockout (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            failures INTEGER NOT NULL DEFAULT 0,
            lockouts INTEGER NOT NULL DEFAULT 0,
            locked_until REAL NOT NULL DEFAULT 0)""",
        "INSERT INTO pin_lockout (id) VALUES (1)",
        # Connectors a technician took out of service (kept across restarts).
        """CREATE TABLE connector_service (
            connector_id INTEGER PRIMARY KEY,
            since REAL NOT NULL,
            note TEXT NOT NULL DEFAULT '')""",
    ],
}


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: float
    actor: str          # "screen" or "socket"
    action: str
    target: str
    result: str         # "ok", "refused: ...", "error: ..."
    detail: dict


@dataclass(frozen=True)
class PinLockout:
    failures: int       # wrong PINs in a row since the last right one or lock-out
    lockouts: int       # lock-outs in a row (the next lasts 60 s * 2**lockouts, at most 1 h)
    locked_until: float # wall clock; 0 = not locked


def _json_default(o: Any) -> Any:
    if hasattr(o, "isoformat"):
        return o.isoformat()
    if isinstance(o, (set, frozenset, tuple)):
        return list(o)
    if hasattr(o, "value"):          # enums
        return o.value
    raise TypeError(f"cannot store {type(o).__name__} in the books")


def _owner_only(path: Path) -> None:
    """The books (and the -wal and -shm files SQLite creates with the books' own
    mode) readable by the kiosk's user only: 0600."""
    try:
        os.close(os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600))
        for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            if p.exists() and stat.S_IMODE(p.stat().st_mode) & 0o077:
                p.chmod(0o600)
    except OSError as e:
        raise BooksError(f"{path}: cannot open or restrict to its owner ({e.strerror})") from None


def _new_id() -> str:
    return uuid.uuid4().hex[:16]


# ------------------------------------------------------------------ the books

class Books:
    """The kiosk's durable books. See the module docstring for the guarantees."""

    def __init__(self, path: str | Path, *, clock: Callable[[], float] = time.time):
        self.path = Path(path)
        self.clock = clock
        self._db: sqlite3.Connection | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise BooksError(f"{self.path}: cannot create its directory: {e}") from e
        _owner_only(self.path)
        try:
            db = sqlite3.connect(str(self.path), isolation_level=None)
        except sqlite3.Error as e:
            raise BooksError(f"{self.path}: cannot open: {e}") from e
        try:
            db.row_factory = sqlite3.Row
            mode = db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise BooksError(f"{self.path}: cannot switch to WAL (journal mode {mode})")
            db.execute("PRAGMA synchronous=FULL")
            db.execute("PRAGMA foreign_keys=ON")
            db.execute("PRAGMA busy_timeout=5000")
            # Damage (random bytes inside the file) is refused now, in one line, rather
            # than met later as a traceback halfway through finalising a hold.
            problems = [r[0] for r in db.execute("PRAGMA quick_check(3)")]
            if problems != ["ok"]:
                first = next((line.strip() for line in "\n".join(problems).splitlines()
                              if line.strip() and not line.startswith("***")), "quick_check")
                raise BooksError(f"{self.path}: the books are damaged ({first}); "
                                 "restore the last copy or move the file aside")
            self._db = db
            self._migrate()
        except sqlite3.DatabaseError as e:
            db.close()
            self._db = None
            raise BooksError(f"{self.path}: not a usable books database: {e}") from e
        except BaseException:
            db.close()
            self._db = None
            raise

    # -------------------------------------------------------------- plumbing

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            raise BooksError(f"{self.path}: the books are closed")
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> "Books":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One transaction; IMMEDIATE so that the write lock is taken up front. A
        failure of the file itself (not a constraint) becomes a StorageError."""
        db = self.db
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as e:
            raise self._storage_error(e) from None   # its message says it all
        try:
            yield db
            db.execute("COMMIT")
        except BaseException as e:
            if db.in_transaction:
                try:
                    db.execute("ROLLBACK")
                except sqlite3.Error:
                    pass    # SQLite may have rolled back on its own (disk full)
            if isinstance(e, sqlite3.DatabaseError) and not isinstance(e, sqlite3.IntegrityError):
                raise self._storage_error(e) from None   # its message says it all
            raise

    def _storage_error(self, e: sqlite3.Error) -> StorageError:
        return StorageError(f"{self.path}: cannot write the books: {e}")

    def _migrate(self) -> None:
        with self._tx() as db:
            tables = {r[0] for r in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
            if "schema_version" in tables:
                current = db.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0
            elif tables:
                raise BooksError(f"{self.path}: an SQLite database, but not the kiosk's books "
                                 f"(tables: {', '.join(sorted(tables))})")
            else:
                db.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, "
                           "applied_at REAL NOT NULL)")
                current = 0
            if current > SCHEMA_VERSION:
                raise BooksError(f"{self.path}: schema version {current} is newer than this "
                                 f"program understands ({SCHEMA_VERSION}); upgrade the kiosk")
            for version in range(current + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS[version]:
                    db.execute(statement)
                db.execute("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                           (version, self.clock()))
                log.info("books %s: schema migrated to version %d", self.path, version)

    def schema_version(self) -> int:
        return self.db.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]

    def _note(self, kind: str, payment_id: str | None = None, session_id: str | None = None,
              /, **detail: Any) -> None:
        """A journal entry inside the caller's transaction. Never pass the card hash."""
        self.db.execute(
            "INSERT INTO journal (at, kind, payment_id, session_id, detail_json) "
            "VALUES (?, ?, ?, ?, ?)",
            (self.clock(), kind, payment_id, session_id,
             json.dumps(detail, default=_json_default, sort_keys=True)))

    def _payment_row(self, payment_id: str) -> sqlite3.Row:
        row = self.db.execute("SELECT * FROM payments WHERE id = ?", (payment_id,)).fetchone()
        if row is None:
            raise BooksError(f"unknown payment {payment_id!r}")
        return row

    def _session_row(self, session_id: str) -> sqlite3.Row:
        row = self.db.execute("SELECT * FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None:
            raise BooksError(f"unknown session {session_id!r}")
        return row

    def _command_row(self, command_id: int) -> sqlite3.Row:
        row = self.db.execute("SELECT * FROM money_commands WHERE id = ?",
                              (command_id,)).fetchone()
        if row is None:
            raise BooksError(f"unknown money command {command_id!r}")
        return row

    def _set_payment_state(self, pid: str, old: str, new: str, **columns: Any) -> None:
        sets = ", ".join(f"{k} = ?" for k in ("state", "updated_at", *columns))
        self.db.execute(f"UPDATE payments SET {sets} WHERE id = ?",
                        (new, self.clock(), *columns.values(), pid))
        public = {k: v for k, v in columns.items() if k != "card_hash"}
        self._note("payment_" + new, pid, None, **{"from": old, **public})
        log.info("books: payment %s %s -> %s", pid, old, new)

    # -------------------------------------------------------------- references

    def next_reference(self) -> int:
        """The next Start Session reference: increasing across restarts (it wraps to 1
        after 2**32-1, the field's limit, which a kiosk never reaches)."""
        with self._tx() as db:
            return db.execute(
                "UPDATE counters SET value = CASE WHEN value >= ? THEN 1 ELSE value + 1 END "
                "WHERE name = 'reference' RETURNING value", (REFERENCE_MAX,)).fetchone()[0]

    # -------------------------------------------------------------- payments

    def create_payment(self, *, connector_id: int, reference: int, amount: int,
                       currency: str) -> str:
        """Intent before Auth Session: a payment in state "reserving"."""
        if amount < 0:
            raise ValueError("amount must be >= 0")
        pid, now = _new_id(), self.clock()
        with self._tx() as db:
            db.execute(
                "INSERT INTO payments (id, connector_id, reference, currency, requested_amount, "
                "state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'reserving', ?, ?)",
                (pid, connector_id, reference, currency, amount, now, now))
            self._note("payment_reserving", pid, None, connector=connector_id,
                       reference=reference, amount=amount, currency=currency)
        return pid

    def set_payment_authorized(self, payment_id: str, terminal_session_id: int,
                               card_hash: str | None, masked_pan: str | None, brand: str | None,
                               host_reference: str | None, host_response_code: str | None,
                               amount: int) -> None:
        """Session Approved: the reservation exists on the card and must be finalised."""
        if amount < 0:
            raise ValueError("amount must be >= 0")
        if terminal_session_id is None:
            raise BooksError(f"payment {payment_id}: authorized without a terminal session id")
        with self._tx():
            row = self._payment_row(payment_id)
            if row["state"] == "authorized" and row["terminal_session_id"] == terminal_session_id:
                return   # the same approval twice
            if row["state"] != "reserving":
                raise BooksError(f"payment {payment_id} is {row['state']}: cannot authorize")
            masked = mask_pan(masked_pan)
            if masked != masked_pan:
                self._note("pan_masked", payment_id, None,
                           detail="a full PAN was handed in; only the masked form is stored")
            self._set_payment_state(
                payment_id, row["state"], "authorized", terminal_session_id=terminal_session_id,
                card_hash=card_hash, masked_pan=masked, brand=brand,
                host_reference=host_reference, host_response_code=host_response_code,
                authorized_amount=amount)

    def set_payment_declined(self, payment_id: str, reason_code: int | None,
                             detail: str | None = None) -> None:
        with self._tx():
            row = self._payment_row(payment_id)
            if row["state"] == "declined":
                return
            if row["state"] != "reserving":
                raise BooksError(f"payment {payment_id} is {row['state']}: cannot decline")
            self._set_payment_state(payment_id, row["state"], "declined",
                                    decline_reason_code=reason_code, detail=detail)

    def set_payment_cancelled(self, payment_id: str, detail: str) -> None:
        """No reservation came of it. Only a payment still "reserving" can be cancelled:
        an authorized one holds the driver's money and must be voided instead."""
        with self._tx():
            row = self._payment_row(payment_id)
            if row["state"] == "cancelled":
                return
            if row["state"] != "reserving":
                raise BooksError(f"payment {payment_id} is {row['state']}: cannot cancel "
                                 "(void an authorized payment)")
            self._set_payment_state(payment_id, row["state"], "cancelled", detail=detail)

    def move_payment(self, payment_id: str, connector_id: int) -> None:
        """A Tap to Start authorization moves to the connector that was plugged in."""
        with self._tx() as db:
            row = self._payment_row(payment_id)
            if row["connector_id"] == connector_id:
                return
            db.execute("UPDATE payments SET connector_id = ?, updated_at = ? WHERE id = ?",
                       (connector_id, self.clock(), payment_id))
            self._note("payment_moved", payment_id, None, src=row["connector_id"],
                       dst=connector_id)

    def purge_card_hashes(self, older_than_s: float) -> int:
        """Forget the card hash of every finalised payment last changed more than
        `older_than_s` ago: Tap to Stop needs it only while the payment is open.
        Returns how many were purged (journaled as one entry)."""
        cutoff = self.clock() - older_than_s
        marks = ", ".join("?" * len(OPEN_PAYMENT_STATES))
        with self._tx() as db:
            n = db.execute(f"UPDATE payments SET card_hash = NULL WHERE card_hash IS NOT NULL "
                           f"AND state NOT IN ({marks}) AND updated_at < ?",
                           (*OPEN_PAYMENT_STATES, cutoff)).rowcount
            if n:
                self._note("card_hashes_purged", None, None, count=n, older_than_s=older_than_s)
        return n

    def payment(self, payment_id: str) -> Payment | None:
        row = self.db.execute("SELECT * FROM payments WHERE id = ?", (payment_id,)).fetchone()
        return _from_row(Payment, row) if row else None

    def open_payments(self) -> list[Payment]:
        """Payments a restart must finish: reserving (outcome unknown), authorized
        (money held, nothing queued yet) and committing/voiding (queued, unanswered)."""
        marks = ", ".join("?" * len(OPEN_PAYMENT_STATES))
        rows = self.db.execute(f"SELECT * FROM payments WHERE state IN ({marks}) "
                               "ORDER BY created_at, rowid", OPEN_PAYMENT_STATES)
        return [_from_row(Payment, r) for r in rows]

    # -------------------------------------------------------------- sessions

    def create_session(self, *, connector_id: int, payment_id: str | None,
                       at: float | None = None, state: str = "starting") -> str:
        if state not in SESSION_STATES or state == "ended":
            raise ValueError(f"a session cannot start as {state!r}")
        sid = _new_id()
        at = self.clock() if at is None else at
        with self._tx() as db:
            if payment_id is not None:
                self._payment_row(payment_id)
            db.execute("INSERT INTO sessions (id, connector_id, payment_id, state, started_at) "
                       "VALUES (?, ?, ?, ?, ?)", (sid, connector_id, payment_id, state, at))
            self._note("session_" + state, payment_id, sid, connector=connector_id)
        return sid

    def set_session_state(self, session_id: str, state: str) -> None:
        if state not in SESSION_STATES or state == "ended":
            raise ValueError(f"unknown session state {state!r} (use end_session to end)")
        with self._tx() as db:
            row = self._session_row(session_id)
            if row["state"] == state:
                return
            if row["state"] == "ended":
                raise BooksError(f"session {session_id} has ended")
            db.execute("UPDATE sessions SET state = ? WHERE id = ?", (state, session_id))
            self._note("session_" + state, row["payment_id"], session_id, **{"from": row["state"]})

    def update_session_meter(self, session_id: str, energy_wh: int, at: float,
                             cost: int) -> None:
        """A meter reading (not journaled: one a second would drown the journal)."""
        if energy_wh < 0 or cost < 0:
            raise ValueError("energy and cost must be >= 0")
        with self._tx() as db:
            cur = db.execute("UPDATE sessions SET energy_wh = ?, meter_at = ?, cost = ? "
                             "WHERE id = ? AND state != 'ended'", (energy_wh, at, cost, session_id))
            if cur.rowcount == 0:
                row = self._session_row(session_id)
                raise BooksError(f"session {session_id} is {row['state']}: meter not recorded")

    def end_session(self, session_id: str, reason: str, at: float,
                    breakdown_json: str | None = None) -> None:
        """The session is over, with an explicit stop reason. Ending twice keeps the first."""
        if not reason:
            raise ValueError("a session ends with an explicit stop reason")
        if breakdown_json is not None:
            json.loads(breakdown_json)   # refuse garbage now, not when a receipt is rebuilt
        with self._tx() as db:
            row = self._session_row(session_id)
            if row["state"] == "ended":
                return
            db.execute("UPDATE sessions SET state = 'ended', ended_at = ?, stop_reason = ?, "
                       "breakdown_json = ? WHERE id = ?", (at, reason, breakdown_json, session_id))
            self._note("session_ended", row["payment_id"], session_id, reason=reason,
                       energy_wh=row["energy_wh"], cost=row["cost"], **{"from": row["state"]})

    def session(self, session_id: str) -> Session | None:
        row = self.db.execute("SELECT * FROM sessions WHERE id = ?", (session_id,)).fetchone()
        return _from_row(Session, row) if row else None

    def open_sessions(self) -> list[Session]:
        rows = self.db.execute("SELECT * FROM sessions WHERE state != 'ended' "
                               "ORDER BY started_at, rowid")
        return [_from_row(Session, r) for r in rows]

    # -------------------------------------------------------------- money outbox

    def queue_finalisation(self, payment_id: str, kind: str, amount: int = 0) -> MoneyCommand:
        """Queue the payment's one Commit (of at most the authorized amount) or Void.

        Idempotent: if a Commit or Void already exists for the payment, that command is
        returned unchanged, whatever is asked now: a payment is finalised once. Updates
        not yet answered are dropped: the final amount never counts on them."""
        if kind not in ("commit", "void"):
            raise ValueError(f"finalisation is commit or void, not {kind!r}")
        if amount < 0:
            raise ValueError("amount must be >= 0")
        if kind == "void":
            amount = 0
        elif amount == 0:
            raise ValueError("a commit of 0 is a void")
        with self._tx() as db:
            existing = db.execute("SELECT * FROM money_commands WHERE payment_id = ? "
                                  "AND kind IN ('commit', 'void') ORDER BY id DESC LIMIT 1",
                                  (payment_id,)).fetchone()
            if existing is not None:
                if (existing["kind"], existing["amount"]) != (kind, amount):
                    self._note("finalisation_ignored", payment_id, None, asked=kind,
                               amount=amount, existing=existing["kind"],
                               existing_amount=existing["amount"])
                return _from_row(MoneyCommand, existing)
            p = self._payment_row(payment_id)
            if p["state"] != "authorized":
                raise BooksError(f"payment {payment_id} is {p['state']}: nothing to {kind}")
            if amount > p["authorized_amount"]:
                # Payment is guaranteed only up to the authorization: bill that, say so.
                self._note("commit_clamped", payment_id, None, asked=amount,
                           authorized=p["authorized_amount"])
                amount = p["authorized_amount"]
                if amount == 0:
                    kind = "void"
            now = self.clock()
            dropped = db.execute(
                "UPDATE money_commands SET state = 'dropped', done_at = ?, "
                "last_error = 'superseded by finalisation' WHERE payment_id = ? "
                "AND kind = 'update' AND state IN ('due', 'sent')", (now, payment_id)).rowcount
            if dropped:
                self._note("updates_dropped", payment_id, None, count=dropped)
            # next_at 0: due at once, whatever clock the finaliser runs on.
            cid = db.execute(
                "INSERT INTO money_commands (payment_id, kind, terminal_session_id, amount, "
                "state, next_at, created_at) VALUES (?, ?, ?, ?, 'due', 0, ?)",
                (payment_id, kind, p["terminal_session_id"], amount, now)).lastrowid
            self._note("command_queued", payment_id, None, command=cid, kind=kind, amount=amount)
            self._set_payment_state(payment_id, p["state"],
                                    "committing" if kind == "commit" else "voiding")
            return _from_row(MoneyCommand, self._command_row(cid))

    def queue_update(self, payment_id: str, amount: int) -> MoneyCommand:
        """Ask for a new authorized amount (incremental authorization)."""
        if amount <= 0:
            raise ValueError("an update asks for a positive amount")
        with self._tx() as db:
            p = self._payment_row(payment_id)
            if p["state"] != "authorized":
                raise BooksError(f"payment {payment_id} is {p['state']}: cannot update")
            cid = db.execute(
                "INSERT INTO money_commands (payment_id, kind, terminal_session_id, amount, "
                "state, next_at, created_at) VALUES (?, 'update', ?, ?, 'due', 0, ?)",
                (payment_id, p["terminal_session_id"], amount, self.clock())).lastrowid
            self._note("command_queued", payment_id, None, command=cid, kind="update",
                       amount=amount)
            return _from_row(MoneyCommand, self._command_row(cid))

    def due_commands(self, now: float) -> list[MoneyCommand]:
        """Commands to send now, oldest first. A "sent" command is due again too: a crash
        or lost answer leaves it there, and it must be resent because we cannot know
        whether the terminal got it. Per payment only the oldest unfinished command is
        due, so a Commit never overtakes an Update of the same payment."""
        rows = self.db.execute(
            "SELECT * FROM money_commands c WHERE c.state IN ('due', 'sent') AND c.next_at <= ? "
            "AND NOT EXISTS (SELECT 1 FROM money_commands e WHERE e.payment_id = c.payment_id "
            "AND e.state IN ('due', 'sent') AND e.id < c.id) ORDER BY c.created_at, c.id", (now,))
        return [_from_row(MoneyCommand, r) for r in rows]

    def mark_sent(self, command_id: int) -> None:
        """The intent, written before the bytes leave: attempts counts every send."""
        with self._tx() as db:
            row = self._command_row(command_id)
            if row["state"] not in UNFINISHED:
                raise BooksError(f"money command {command_id} is {row['state']}: not sending it")
            db.execute("UPDATE money_commands SET state = 'sent', attempts = attempts + 1, "
                       "sent_at = ? WHERE id = ?", (self.clock(), command_id))
            self._note("command_sent", row["payment_id"], None, command=command_id,
                       kind=row["kind"], amount=row["amount"], attempt=row["attempts"] + 1)

    def mark_retry(self, command_id: int, error: str, next_at: float) -> None:
        """No answer (link down, timeout): due again at next_at. Attempts are kept: the
        terminal may have got it."""
        with self._tx() as db:
            row = self._command_row(command_id)
            if row["state"] not in UNFINISHED:
                return   # answered meanwhile: nothing to retry
            db.execute("UPDATE money_commands SET state = 'due', last_error = ?, next_at = ? "
                       "WHERE id = ?", (error, next_at, command_id))
            self._note("command_retry", row["payment_id"], None, command=command_id,
                       kind=row["kind"], error=error, next_at=next_at)

    def mark_done(self, command_id: int) -> None:
        """Result OK: the payment is committed/voided, or its authorized amount updated."""
        with self._tx():
            self._finish_command(self._command_row(command_id), ok=True, detail=None)

    def mark_refused(self, command_id: int, detail: str) -> str:
        """Result NOT OK; returns the command's resulting state.

        The rule that keeps a driver from paying twice:
        - Commit/Void on its first attempt (attempts <= 1): the terminal refused it:
          command "refused", payment "failed" (a technician looks at it).
        - Commit/Void already sent before (attempts > 1): the earlier attempt reached the
          terminal and closed the session, so NOT OK now means "nothing left to close":
          treated as done (committed/voided), journaled as assumed. The cost of being
          wrong is an uncollected amount, never a second charge.
        - Update: always "refused"; the authorized amount stays as it was and the journey
          stops charging within it.
        An outcome for a command dropped meanwhile is journaled and returns "dropped".
        """
        with self._tx():
            return self._finish_command(self._command_row(command_id), ok=False, detail=detail)

    def _finish_command(self, row: sqlite3.Row, ok: bool, detail: str | None) -> str:
        db, cid, pid, kind = self.db, row["id"], row["payment_id"], row["kind"]
        now = self.clock()
        if row["state"] == "dropped":
            self._note("late_outcome", pid, None, command=cid, kind=kind, ok=ok, detail=detail)
            if ok and kind == "update":   # the terminal holds more now: record the truth
                db.execute("UPDATE payments SET authorized_amount = ?, updated_at = ? "
                           "WHERE id = ?", (row["amount"], now, pid))
            return "dropped"
        if row["state"] == "done" or (row["state"] == "refused" and not ok):
            return row["state"]   # answered already: a repeated or late answer changes nothing
        if row["state"] == "refused":
            raise BooksError(f"money command {cid} was refused; a later OK needs a technician")
        assumed = not ok and kind != "update" and row["attempts"] > 1
        state = "done" if ok or assumed else "refused"
        db.execute("UPDATE money_commands SET state = ?, done_at = ?, last_error = ? "
                   "WHERE id = ?", (state, now, detail, cid))
        self._note("command_" + state, pid, None, command=cid, kind=kind, amount=row["amount"],
                   attempts=row["attempts"], detail=detail, assumed=assumed)
        p = self._payment_row(pid)
        if kind == "update":
            if ok:
                db.execute("UPDATE payments SET authorized_amount = ?, updated_at = ? "
                           "WHERE id = ?", (row["amount"], now, pid))
                self._note("payment_updated", pid, None, authorized=row["amount"],
                           was=p["authorized_amount"])
        elif state == "done":
            self._set_payment_state(
                pid, p["state"], "committed" if kind == "commit" else "voided",
                final_amount=row["amount"] if kind == "commit" else 0,
                **({"detail": "assumed closed by an earlier attempt"} if assumed else {}))
        else:
            self._set_payment_state(pid, p["state"], "failed", detail=detail)
        return state

    def command(self, command_id: int) -> MoneyCommand | None:
        row = self.db.execute("SELECT * FROM money_commands WHERE id = ?",
                              (command_id,)).fetchone()
        return _from_row(MoneyCommand, row) if row else None

    def commands(self, payment_id: str) -> list[MoneyCommand]:
        rows = self.db.execute("SELECT * FROM money_commands WHERE payment_id = ? ORDER BY id",
                               (payment_id,))
        return [_from_row(MoneyCommand, r) for r in rows]

    def refinalise(self, payment_id: str, kind: str, amount: int = 0) -> MoneyCommand:
        """A technician's Commit (of at most the hold) or Void of a payment whose
        finalisation the terminal refused ("failed"): queued like any other, before
        anything is sent. Refuses (BooksError) a payment in any other state."""
        if kind not in ("commit", "void"):
            raise ValueError(f"finalisation is commit or void, not {kind!r}")
        with self._tx() as db:
            p = self._payment_row(payment_id)
            if p["state"] != "failed":
                raise BooksError(f"payment {payment_id} is {p['state']}: only a failed "
                                 "finalisation can be sent again")
            if kind == "void":
                amount = 0
            elif not 0 < amount <= p["authorized_amount"]:
                raise BooksError(f"payment {payment_id}: a commit must be between 1 and the "
                                 f"hold ({p['authorized_amount']}), not {amount}")
            cid = db.execute(
                "INSERT INTO money_commands (payment_id, kind, terminal_session_id, amount, "
                "state, next_at, created_at) VALUES (?, ?, ?, ?, 'due', 0, ?)",
                (payment_id, kind, p["terminal_session_id"], amount, self.clock())).lastrowid
            self._note("command_queued", payment_id, None, command=cid, kind=kind, amount=amount,
                       by="technician")
            self._set_payment_state(payment_id, "failed",
                                    "committing" if kind == "commit" else "voiding")
            return _from_row(MoneyCommand, self._command_row(cid))

    def payments_in(self, *states: str) -> list[Payment]:
        marks = ", ".join("?" * len(states))
        rows = self.db.execute(f"SELECT * FROM payments WHERE state IN ({marks}) "
                               "ORDER BY created_at, rowid", states)
        return [_from_row(Payment, r) for r in rows]

    def unfinished_commands(self) -> list[MoneyCommand]:
        rows = self.db.execute("SELECT * FROM money_commands WHERE state IN ('due', 'sent') "
                               "ORDER BY created_at, id")
        return [_from_row(MoneyCommand, r) for r in rows]

    def last_commands(self, kind: str, limit: int = 1) -> list[MoneyCommand]:
        rows = self.db.execute("SELECT * FROM money_commands WHERE kind = ? AND state = 'done' "
                               "ORDER BY done_at DESC, id DESC LIMIT ?", (kind, limit))
        return [_from_row(MoneyCommand, r) for r in rows]

    def recent_sessions(self, limit: int = 50) -> list[Session]:
        rows = self.db.execute("SELECT * FROM sessions ORDER BY started_at DESC, rowid DESC "
                               "LIMIT ?", (limit,))
        return [_from_row(Session, r) for r in rows]

    def session_for_payment(self, payment_id: str) -> Session | None:
        row = self.db.execute("SELECT * FROM sessions WHERE payment_id = ? "
                              "ORDER BY started_at DESC LIMIT 1", (payment_id,)).fetchone()
        return _from_row(Session, row) if row else None

    def receipt_for_session(self, session_id: str) -> ReceiptRecord | None:
        return self._receipt(self.db.execute(
            "SELECT * FROM receipts WHERE session_id = ? ORDER BY created_at DESC LIMIT 1",
            (session_id,)).fetchone())

    # -------------------------------------------------------------- service mode

    def audit(self, actor: str, action: str, target: str, result: str, **detail: Any) -> None:
        """A technician's action, with its result. Never a PIN, card hash or PAN."""
        with self._tx() as db:
            db.execute("INSERT INTO audit (at, actor, action, target, result, detail_json) "
                       "VALUES (?, ?, ?, ?, ?, ?)",
                       (self.clock(), actor, action, str(target), result,
                        json.dumps(detail, default=_json_default, sort_keys=True)))

    def audit_entries(self, limit: int = 200) -> list[AuditEntry]:
        """The newest `limit` entries, oldest first."""
        rows = self.db.execute("SELECT * FROM (SELECT * FROM audit ORDER BY id DESC LIMIT ?) "
                               "ORDER BY id", (limit,))
        return [AuditEntry(r["id"], r["at"], r["actor"], r["action"], r["target"], r["result"],
                           json.loads(r["detail_json"])) for r in rows]

    def pin_lockout(self) -> PinLockout:
        r = self.db.execute("SELECT * FROM pin_lockout WHERE id = 1").fetchone()
        return PinLockout(r["failures"], r["lockouts"], r["locked_until"])

    def set_pin_lockout(self, state: PinLockout) -> None:
        with self._tx() as db:
            db.execute("UPDATE pin_lockout SET failures = ?, lockouts = ?, locked_until = ? "
                       "WHERE id = 1", (state.failures, state.lockouts, state.locked_until))

    def out_of_service(self) -> dict[int, float]:
        """Connector id -> since when a technician took it out of service."""
        return {r[0]: r[1] for r in self.db.execute(
            "SELECT connector_id, since FROM connector_service ORDER BY connector_id")}

    def set_out_of_service(self, connector_id: int, out: bool, note: str = "") -> bool:
        """Returns whether anything changed."""
        with self._tx() as db:
            if out:
                changed = db.execute("INSERT OR IGNORE INTO connector_service (connector_id, "
                                     "since, note) VALUES (?, ?, ?)",
                                     (connector_id, self.clock(), note)).rowcount
            else:
                changed = db.execute("DELETE FROM connector_service WHERE connector_id = ?",
                                     (connector_id,)).rowcount
            if changed:
                self._note("connector_out_of_service" if out else "connector_in_service",
                           None, None, connector=connector_id)
            return bool(changed)

    # -------------------------------------------------------------- receipts

    def save_receipt(self, token: str, short_ref: str, payment_id: str | None,
                     session_id: str | None, data: dict) -> None:
        """Store (or replace, by token) a receipt's data as JSON."""
        text = json.dumps(data, default=_json_default, sort_keys=True)
        now = self.clock()
        with self._tx() as db:
            db.execute(
                "INSERT INTO receipts (token, short_ref, payment_id, session_id, data_json, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (token) DO "
                "UPDATE SET short_ref = excluded.short_ref, payment_id = excluded.payment_id, "
                "session_id = excluded.session_id, data_json = excluded.data_json, "
                "updated_at = excluded.updated_at",
                (token, short_ref, payment_id, session_id, text, now, now))
            self._note("receipt_saved", payment_id, session_id, short_ref=short_ref)

    def _receipt(self, row: sqlite3.Row | None) -> ReceiptRecord | None:
        if row is None:
            return None
        return ReceiptRecord(row["token"], row["short_ref"], row["payment_id"],
                             row["session_id"], json.loads(row["data_json"]),
                             row["created_at"], row["updated_at"])

    def receipt_by_token(self, token: str) -> ReceiptRecord | None:
        return self._receipt(self.db.execute("SELECT * FROM receipts WHERE token = ?",
                                             (token,)).fetchone())

    def receipt_by_short_ref(self, short_ref: str) -> ReceiptRecord | None:
        """As typed by a driver (case and surrounding blanks ignored). Short references
        are short: should two ever collide, the newest wins."""
        return self._receipt(self.db.execute(
            "SELECT * FROM receipts WHERE short_ref = ? COLLATE NOCASE "
            "ORDER BY created_at DESC, rowid DESC LIMIT 1", (short_ref.strip(),)).fetchone())

    # -------------------------------------------------------------- journal

    def journal(self, kind: str, /, *, payment_id: str | None = None,
                session_id: str | None = None, **detail: Any) -> None:
        """Append an event for technicians (its own transaction). No card hashes."""
        with self._tx():
            self._note(kind, payment_id, session_id, **detail)

    def journal_entries(self, *, payment_id: str | None = None, session_id: str | None = None,
                        limit: int = 500) -> list[JournalEntry]:
        """The newest `limit` entries (oldest first), optionally for one payment/session."""
        where, args = [], []
        if payment_id is not None:
            where.append("payment_id = ?")
            args.append(payment_id)
        if session_id is not None:
            where.append("session_id = ?")
            args.append(session_id)
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        rows = self.db.execute(f"SELECT * FROM (SELECT * FROM journal {clause} ORDER BY id DESC "
                               "LIMIT ?) ORDER BY id", (*args, limit))
        return [JournalEntry(r["id"], r["at"], r["kind"], r["payment_id"], r["session_id"],
                             json.loads(r["detail_json"])) for r in rows]

    # -------------------------------------------------------------- numbers

    def stats(self) -> dict:
        """The books in numbers (JSON-ready): soak tests, service mode, headless summary."""
        db = self.db

        def count(table: str) -> dict[str, int]:
            return {r[0]: r[1] for r in db.execute(
                f"SELECT state, COUNT(*) FROM {table} GROUP BY state ORDER BY state")}

        payments, commands = count("payments"), count("money_commands")
        return {
            "payments": payments,
            "open_payments": sum(payments.get(s, 0) for s in OPEN_PAYMENT_STATES),
            "sessions": count("sessions"),
            "commands": commands,
            "open_commands": sum(commands.get(s, 0) for s in UNFINISHED),
            "committed_total": db.execute("SELECT COALESCE(SUM(final_amount), 0) FROM payments "
                                          "WHERE state = 'committed'").fetchone()[0],
            "last_reference": db.execute("SELECT value FROM counters "
                                         "WHERE name = 'reference'").fetchone()[0],
            "schema_version": self.schema_version(),
        }

    summary = stats
