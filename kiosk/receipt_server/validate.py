"""The upload body's schema: a receipt as `Receipt.to_dict()` writes it.

`parse(raw)` returns the Receipt and its canonical JSON, or raises Invalid
naming the field ("breakdown.lines[0].amount: must be a whole number").
Strict: unknown fields are refused, so nothing unchecked is ever stored.
"""
from __future__ import annotations

import json
import re
from datetime import datetime

from kiosk.receipts.model import STATUSES, Receipt

TOKEN = re.compile(r"^[A-Za-z0-9_-]{22,64}$")     # >= 22 base64url chars: >= 128 bits


class Invalid(ValueError):
    def __init__(self, field: str, problem: str):
        super().__init__(f"{field}: {problem}" if field else problem)
        self.field = field


def _int(v):   return isinstance(v, int) and not isinstance(v, bool)
def _str(v):   return isinstance(v, str)


def _time(v):
    if not isinstance(v, str):
        return False
    try:
        datetime.fromisoformat(v.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


# field -> (required, test, what it must be)
FIELDS = {
    "station_id": (True, _str, "text"),
    "station_name": (True, _str, "text"),
    "connector_id": (True, _int, "a whole number"),
    "token": (True, _str, "text"),
    "short_ref": (True, _str, "text"),
    "started_at": (True, _time, "an ISO 8601 time"),
    "stopped_at": (True, _time, "an ISO 8601 time"),
    "session_ref": (False, _str, "text"),
    "energy_wh": (True, _int, "a whole number"),
    "breakdown": (False, lambda v: v is None or isinstance(v, dict), "an object or null"),
    "authorized_amount": (True, _int, "a whole number (minor units)"),
    "total": (True, _int, "a whole number (minor units)"),
    "currency": (True, lambda v: _str(v) and re.fullmatch(r"[A-Z]{3}", v), "a 3-letter currency code"),
    "minor_units": (True, lambda v: _int(v) and 0 <= v <= 4, "a whole number from 0 to 4"),
    "masked_pan": (False, _str, "text"),
    "brand": (False, _str, "text"),
    "host_reference": (False, _str, "text"),
    "host_response_code": (False, _str, "text"),
    "terminal_reference": (False, _str, "text"),
    "status": (True, lambda v: v in STATUSES, f"one of {', '.join(STATUSES)}"),
    "stop_reason": (False, _str, "text"),
    "language": (False, _str, "text"),
    "evse_id": (False, _str, "text"),
    "helpline": (False, _str, "text"),
    "duration_s": (False, _int, "a whole number"),
}
LINE = {"kind": (_str, "text"), "quantity": (_int, "a whole number"), "unit": (_str, "text"),
        "unit_price": (_int, "a whole number"), "amount": (_int, "a whole number"),
        "included": (lambda v: isinstance(v, bool), "true or false")}
BREAKDOWN = {"net": _int, "vat": _int, "total": _int, "currency": _str, "minor_units": _int}
MAX_TEXT = 200


def _check_breakdown(b: dict) -> None:
    for key, test in BREAKDOWN.items():
        if key not in b:
            raise Invalid(f"breakdown.{key}", "is missing")
        if not test(b[key]):
            raise Invalid(f"breakdown.{key}", "has the wrong type")
    lines = b.get("lines", [])
    if not isinstance(lines, list) or len(lines) > 20:
        raise Invalid("breakdown.lines", "must be a list of at most 20 lines")
    for n, line in enumerate(lines):
        if not isinstance(line, dict):
            raise Invalid(f"breakdown.lines[{n}]", "must be an object")
        for key in line:
            if key not in LINE:
                raise Invalid(f"breakdown.lines[{n}].{key}", "unknown field")
        for key, (test, what) in LINE.items():
            if key == "included" and key not in line:
                continue
            if key not in line:
                raise Invalid(f"breakdown.lines[{n}].{key}", "is missing")
            if not test(line[key]):
                raise Invalid(f"breakdown.lines[{n}].{key}", f"must be {what}")
    unknown = set(b) - set(BREAKDOWN) - {"lines"}
    if unknown:
        raise Invalid(f"breakdown.{sorted(unknown)[0]}", "unknown field")


def parse(raw: bytes, token: str) -> tuple[Receipt, str]:
    """The receipt in `raw` (UTF-8 JSON) for URL token `token`, and its canonical JSON."""
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise Invalid("", f"the body is not JSON ({e.__class__.__name__}: {str(e)[:80]})") from None
    except RecursionError:          # [[[[...]]]] within the size limit
        raise Invalid("", "the body is nested too deeply to be a receipt") from None
    if not isinstance(body, dict):
        raise Invalid("", "the body must be a JSON object")
    for key in body:
        if key not in FIELDS:
            raise Invalid(str(key)[:40], "unknown field")
    for key, (required, test, what) in FIELDS.items():
        if key not in body:
            if required:
                raise Invalid(key, "is missing")
            continue
        if not test(body[key]):
            raise Invalid(key, f"must be {what}")
        if isinstance(body[key], str) and len(body[key]) > MAX_TEXT:
            raise Invalid(key, f"must be at most {MAX_TEXT} characters")
    if body["token"] != token:
        raise Invalid("token", "does not match the token in the URL")
    for key in ("energy_wh", "authorized_amount", "total"):
        if body[key] < 0:
            raise Invalid(key, "must not be negative")
    if body["authorized_amount"] and body["total"] > body["authorized_amount"]:
        raise Invalid("total", "is more than authorized_amount")
    if body["status"] != "paid" and body["total"] != 0:
        raise Invalid("total", f"must be 0 for a {body['status']} receipt")
    if sum(ch.isdigit() for ch in body.get("masked_pan", "")) > 10:
        raise Invalid("masked_pan", "must be masked (at most the first six and last four digits)")
    if body.get("breakdown") is not None:
        _check_breakdown(body["breakdown"])
    try:
        receipt = Receipt.from_dict(body)
    except (ValueError, TypeError, KeyError) as e:
        raise Invalid("", f"not a receipt: {str(e)[:120]}") from None
    if receipt.stopped_at < receipt.started_at:
        raise Invalid("stopped_at", "is before started_at")
    return receipt, json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def valid_token(token: str) -> bool:
    return bool(TOKEN.match(token))
