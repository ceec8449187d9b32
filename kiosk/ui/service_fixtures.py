"""Service pages as the gallery shows them: ServiceBridge states with realistic
values (what a desk on a two-connector station would give), no backend."""
from __future__ import annotations

from kiosk.journey.pricing import format_money
from kiosk.ui.service_bridge import ServiceBridge

T0 = 1_795_000_000.0      # a fixed clock: the gallery comes out the same every run


def _status() -> dict:
    return {
        "version": "0.1.0", "uptime_s": 3 * 86400 + 4 * 3600 + 12 * 60,
        "data_dir": "/var/lib/ev-kiosk", "disk_free_bytes": 11_811_160_064,
        "renderer": "software (auto: no GPU render node)",
        "terminal": {"url": "tcp://192.168.10.20:3201", "link": "ready", "since": T0 - 7380,
                     "psp_state": "WAIT_CARD", "transaction_running": False,
                     "last_rtt_ms": 38.4, "last_error": "terminal stopped answering (no reply "
                     "to Get Status within 5 s)", "payment_unavailable": False},
        "connectors": [
            {"id": 1, "phase": "charging", "plugged": True, "out_of_service": False,
             "charger_online": True, "faults": [], "energy_wh": 12_430, "power_w": 10_950,
             "cost": 535, "reserved": 5000, "payment": "a1", "session": "s1"},
            {"id": 2, "phase": "out_of_service", "plugged": False, "out_of_service": True,
             "charger_online": True, "faults": [{"code": "RCD-TRIP", "blocking": True}],
             "energy_wh": 0, "power_w": 0, "cost": 0, "reserved": 0, "payment": None,
             "session": None}],
        "books": {"open_payments": 2, "commands_waiting": 1, "next_attempt_at": T0 + 240,
                  "last_commit": {"payment": "9f2c", "amount": 1287, "at": T0 - 1500},
                  "committed_total": 0},
        "held": True,
    }


def _holds() -> list[dict]:
    return [
        {"payment": "3f9a1c07b2e4d815", "connector": 1, "state": "failed", "age_s": 2 * 3600 + 840,
         "reserved": 5000, "currency": "EUR", "delivered": 1287, "energy_wh": 12_870,
         "commit_suggested": 1287, "detail": "terminal answered Result NOT OK",
         "command": {"kind": "commit", "amount": 1287, "state": "refused", "attempts": 1,
                     "next_at": 0, "error": "terminal answered Result NOT OK"},
         "actions": ["commit", "void"]},
        {"payment": "81d0e6aa42c9f310", "connector": 2, "state": "voiding", "age_s": 1260,
         "reserved": 5000, "currency": "EUR", "delivered": 0, "energy_wh": 0,
         "commit_suggested": 0, "detail": None,
         "command": {"kind": "void", "amount": 0, "state": "due", "attempts": 4,
                     "next_at": T0 + 30, "error": "terminal not connected"},
         "actions": []}]


def _sessions() -> list[dict]:
    out = []
    for n, (kwh, cost, reason) in enumerate(((12_870, 1287, "tap_to_stop"),
                                             (31_200, 1267, "unplugged"),
                                             (0, 0, "plug_timeout"),
                                             (8_450, 380, "limit_reached"))):
        out.append({"session": f"s{n}", "connector": 1 + n % 2, "payment": f"p{n}",
                    "state": "ended", "started_at": T0 - 3600 * (n + 1), "ended_at": T0,
                    "energy_wh": kwh, "cost": cost, "stop_reason": reason,
                    "receipt": {"short_ref": f"K7Q{n}-M2XD", "token": f"tok{n}", "total": cost,
                                "status": "paid" if cost else "voided"}})
    return out


def _wire() -> list[str]:
    from kiosk.psp.wirelog import WireRecord
    frames = [("H>T", "Get Status", "CC 02 3C 26 30"), ("T>H", "Status", "AA 04 3C 26 08 00 1E"),
              ("H>T", "Start Session", "CC 0A 3C 34 00 00 13 88 00 00 00 2A 7F"),
              ("T>H", "Result", "AA 03 3C 00 00 E9"),
              ("T>H", "Card Read", "AA 34 3C 34 2F DF F0 06 28 " + "2A " * 12 + "…"),
              ("H>T", "Auth Session", "CC 02 3C 36 40"), ("T>H", "Result", "AA 03 3C 00 00 E9"),
              ("T>H", "Session Approved", "AA 62 3C 31 00 00 00 2A 5B DF F0 06 28 2A 2A …"),
              ("H>T", "UI Request", "CC 71 3C 28 74 79 70 65 00 74 65 6D 70 …"),
              ("T>H", "Result", "AA 03 3C 00 00 E9")]
    return [str(WireRecord(5120.0 + n * 0.041, d, h, name)) for n, (d, name, h) in
            enumerate(frames * 3)]


PROBE = ["probe: tcp://192.168.10.20:3201",
         "  14:02:11  bring-up complete in 412 ms (status, reset, synchronize, protocol v3, "
         "setup, enable)",
         "  14:02:11  terminal state ENABLED, transaction running: no",
         "  14:02:11  link round trip (Get Status x5): min 31.2 ms, median 36.8 ms, max 44.0 ms",
         "  14:02:12  start session: reserve 1.00, reference 721905; waiting up to 60 s for a card",
         "  14:02:15  card read: VISA 476173******0119",
         "  14:02:16  approved: session 42, VISA 476173******0119, host reference SIM000123, "
         "response code 00",
         "  14:02:16  voided: session 42, the reservation of 1.00 is released",
         "probe OK"]


STATES = ("pin", "pin_wrong", "pin_locked", "pin_unset", "status", "terminal", "payments",
          "receipt_again", "connectors", "system")


def apply(service: ServiceBridge, name: str) -> str:
    """Set the bridge to the named state; returns the overlay page to show."""
    service._clock = lambda: T0
    service._money = lambda v: format_money(v, "EUR", 2, "en")
    base = {"pinConfigured": True, "lockedFor": 0, "triesLeft": 5, "pinWrong": False,
            "unlocked": False, "message": "", "messageOk": True}
    if name == "pin":
        service.show_fixture(base)
    elif name == "pin_wrong":
        service.show_fixture({**base, "pinWrong": True, "triesLeft": 2})
    elif name == "pin_locked":
        service.show_fixture({**base, "pinWrong": True, "lockedFor": 118, "triesLeft": 5})
    elif name == "pin_unset":
        service.show_fixture({**base, "pinConfigured": False})
    else:
        s = _status()
        service.show_fixture({**base, "unlocked": True, "status": service.format_status(s),
                              "connectors": [service.format_connector(c)
                                             for c in s["connectors"]],
                              "holds": [service.format_hold(h) for h in _holds()],
                              "sessions": [service.format_session(r) for r in _sessions()],
                              "receiptUrl": "", "receiptRef": "", "wire": _wire(),
                              "probe": PROBE if name == "terminal" else [],
                              "exportDir": "/media/usb0", "testPayment": "€1.00"})
        if name == "receipt_again":
            service._receipt_base = "https://receipts.example.com/r/"
            service.showReceipt("tok0", "K7Q0-M2XD")
    return {"connectors": "connectors", "payments": "payments", "terminal": "terminal",
            "system": "system", "receipt_again": "payments"}.get(name, "status")
