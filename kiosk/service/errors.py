"""One error type for every technician function; its code is the CLI's exit code."""
from __future__ import annotations

BAD_USE = 2        # bad arguments, bad configuration
NOT_FOUND = 3      # no such payment or connector
REFUSED = 4        # e.g. a commit above the hold, a payment already finalised
UNREACHABLE = 5    # the kiosk is not running (or busy with another client)


class ServiceError(Exception):
    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code = code
        self.message = message
