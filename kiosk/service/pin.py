"""The service PIN: stored only as a salted scrypt hash whose parameters travel in
the hash string, compared in constant time; and the lock-out rule (5 wrong PINs in
a row lock the pad for 1 minute, each further lock-out twice as long, at most 1 hour).

Pure: no I/O, no clock (callers pass `now`); the lock-out state is kept in the books.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

MAX_WRONG = 5
FIRST_LOCK_S = 60
MAX_LOCK_S = 3600
PIN_DIGITS = (4, 12)
# scrypt's cost: about 50 ms on the kiosk's CPU, 16 MB of memory.
N, R, P, DKLEN = 2 ** 14, 8, 1, 32


class PinHashError(ValueError):
    """service.pin_hash is not a hash `ev-kiosk set-pin` wrote (one line)."""


def check_pin_format(pin: str) -> None:
    lo, hi = PIN_DIGITS
    if not (pin.isascii() and pin.isdigit() and lo <= len(pin) <= hi):
        raise ValueError(f"a service PIN is {lo} to {hi} digits")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)


def hash_pin(pin: str, *, salt: bytes | None = None, n: int = N, r: int = R, p: int = P) -> str:
    """`scrypt$n=16384,r=8,p=1$SALT$KEY` (base64 without padding)."""
    check_pin_format(pin)
    salt = secrets.token_bytes(16) if salt is None else salt
    key = _derive(pin, salt, n, r, p, DKLEN)
    return f"scrypt$n={n},r={r},p={p}${_b64(salt)}${_b64(key)}"


def _derive(pin: str, salt: bytes, n: int, r: int, p: int, dklen: int) -> bytes:
    return hashlib.scrypt(pin.encode("ascii"), salt=salt, n=n, r=r, p=p, dklen=dklen,
                          maxmem=256 * r * n + 2 ** 20)


@dataclass(frozen=True)
class PinHash:
    n: int
    r: int
    p: int
    salt: bytes
    key: bytes


def parse_hash(text: str) -> PinHash:
    """Raises PinHashError with a line that says what is wrong (never the hash itself)."""
    parts = text.split("$")
    if len(parts) != 4 or parts[0] != "scrypt":
        raise PinHashError("service.pin_hash: not a hash written by `ev-kiosk set-pin` "
                           "(expected scrypt$n=…,r=…,p=…$salt$key)")
    try:
        params = dict(kv.split("=", 1) for kv in parts[1].split(","))
        n, r, p = int(params["n"]), int(params["r"]), int(params["p"])
        salt, key = _unb64(parts[2]), _unb64(parts[3])
    except (ValueError, KeyError):
        raise PinHashError("service.pin_hash: its parameters, salt or key cannot be read; "
                           "set the PIN again with `ev-kiosk set-pin`") from None
    if n < 2 or n & (n - 1) or not 1 <= r <= 64 or not 1 <= p <= 16 or n > 2 ** 20:
        raise PinHashError(f"service.pin_hash: scrypt parameters n={n}, r={r}, p={p} are not "
                           "usable (n a power of two up to 2^20, r 1-64, p 1-16)")
    if len(salt) < 8 or len(key) < 16:
        raise PinHashError("service.pin_hash: salt or key too short; set the PIN again with "
                           "`ev-kiosk set-pin`")
    return PinHash(n, r, p, salt, key)


def verify_pin(pin: str, text: str) -> bool:
    """Constant time in the PIN's value: the whole key is always derived and compared."""
    h = parse_hash(text)
    candidate = _derive(pin if pin.isascii() else "", h.salt, h.n, h.r, h.p, len(h.key))
    return hmac.compare_digest(candidate, h.key)


# ------------------------------------------------------------------ lock-out

@dataclass(frozen=True)
class Lockout:
    failures: int = 0        # wrong PINs in a row
    lockouts: int = 0        # lock-outs in a row (reset by the right PIN)
    locked_until: float = 0.0

    def seconds_left(self, now: float) -> int:
        return max(0, int(self.locked_until - now + 0.999))

    def after_wrong(self, now: float) -> "Lockout":
        failures = self.failures + 1
        if failures < MAX_WRONG:
            return Lockout(failures, self.lockouts, self.locked_until)
        lock = min(FIRST_LOCK_S * 2 ** self.lockouts, MAX_LOCK_S)
        return Lockout(0, self.lockouts + 1, now + lock)

    def after_right(self) -> "Lockout":
        return Lockout()

    @property
    def tries_left(self) -> int:
        return MAX_WRONG - self.failures
