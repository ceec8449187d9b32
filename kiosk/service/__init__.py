"""Service mode: what a technician at the charger (the QML service pages) or over
SSH (`ev-kiosk service`, a Unix socket in the data directory) uses to see what is
wrong and put it right without losing a driver's money.

- pin.py      the service PIN: scrypt hash, constant-time check, lock-out rule (pure)
- errors.py   ServiceError and the exit codes both front-ends share
- access.py   the one module that reaches into the journey: functions run on the
              station's loop through its inbox (journey.station.Call), no locks
- desk.py     ServiceDesk: every technician function once, audited in the books
- server.py   the Unix socket (JSON lines) in front of the desk
- client.py   `ev-kiosk service ...` and `ev-kiosk set-pin`
- bundle.py   the diagnostics bundle (.tar.gz without secrets or card data)
"""
