"""The one place that reaches into the journey's station. Each function here runs
on the station's loop between two inputs (posted as journey.station.Call through
the same inbox as every card tap and charger event), so it needs no locks and sees
the station exactly as the journey does.
"""
from __future__ import annotations

from kiosk.charger import port as ch
from kiosk.journey.snapshot import Phase
from kiosk.journey.station import ACTIVE, Station, it

from .errors import NOT_FOUND, REFUSED, ServiceError

# Phases in which the charging cable must stay locked.
CHARGING = {Phase.STARTING, Phase.CHARGING, Phase.SUSPENDED, Phase.STOP_CONFIRM, Phase.STOPPING}
# A driver half-way through starting: service mode hides the screen, so these end.
STARTING_ON_SCREEN = {Phase.CHOOSING, Phase.PRESENT_CARD, Phase.DECLINED}


def _conn(st: Station, cid: int):
    c = st.conns.get(cid)
    if c is None:
        raise ServiceError(NOT_FOUND, f"no connector {cid} (this station has "
                                      f"{', '.join(map(str, st.conns))})")
    return c


def connectors(st: Station) -> list[dict]:
    return [{"id": c.cid, "phase": c.phase.value, "plugged": c.plugged,
             "out_of_service": not c.enabled, "charger_online": c.charger_online,
             "faults": [{"code": k, "blocking": v} for k, v in sorted(c.faults.items())],
             "energy_wh": c.energy_wh, "power_w": c.power_w, "cost": c.cost,
             "reserved": c.reserved, "payment": c.payment_id, "session": c.session_id}
            for c in st.conns.values()]


def journey_status(st: Station) -> dict:
    return {"terminal_ready": st.terminal_ready, "payment_unavailable": st.payment_unavailable,
            "held": st.held, "connectors": connectors(st)}


def payments_in_use(st: Station) -> dict[str, int]:
    """Payment id -> connector, for every payment a live journey still owns."""
    owned = {c.payment_id: c.cid for c in st.conns.values()
             if c.payment_id and c.phase in ACTIVE}
    if st.auth_payment:
        owned[st.auth_payment] = st.auth_cid or 0
    return owned


async def hold(st: Station, on: bool) -> bool:
    """A technician holds the screen (on) or gives it back. Sessions go on; nothing
    new starts; a driver half-way through starting on the screen starts over."""
    changed = st.held != on
    st.held = on
    if on:
        for c in st.conns.values():
            if c.phase == Phase.STOP_CONFIRM:
                await st._on_cancel_stop(it.CancelStop(c.cid))
            elif c.phase in STARTING_ON_SCREEN:
                st._to_idle(c)
        st.focus = None
    st._last_mirror = None      # the terminal's display changes at once
    return changed


def set_out_of_service(st: Station, cid: int, out: bool) -> dict:
    c = _conn(st, cid)
    changed = st.books.set_out_of_service(cid, out)
    c.enabled = not out
    if c.phase in (Phase.AVAILABLE, Phase.OUT_OF_SERVICE) or c.phase in STARTING_ON_SCREEN:
        st._to_idle(c)      # a session in progress ends first, then the connector rests
    return {"connector": cid, "changed": changed, "phase": c.phase.value,
            "session_continues": c.phase in ACTIVE}


async def unlock(st: Station, cid: int) -> dict:
    c = _conn(st, cid)
    if c.phase in CHARGING:
        raise ServiceError(REFUSED, f"connector {cid} is charging; stop the session before "
                                    "unlocking the cable")
    try:
        await st.charger.unlock(cid)
    except ch.ChargerUnavailable as e:
        raise ServiceError(REFUSED, f"connector {cid}: the charger refused to unlock ({e})")
    return {"connector": cid, "unlocked": True}


async def clear_faults(st: Station, cid: int) -> dict:
    c = _conn(st, cid)
    if not c.faults:
        raise ServiceError(REFUSED, f"connector {cid} has no fault to clear")
    clear = getattr(st.charger, "clear_fault", None)
    if clear is None:
        raise ServiceError(REFUSED, "this charger cannot clear a fault remotely")
    codes = sorted(c.faults)
    for code in codes:
        clear(cid, code)      # the charger's FaultCleared events update the journey
    return {"connector": cid, "cleared": codes}


def finalise(st: Station, payment_id: str, kind: str, amount: int = 0) -> dict:
    """A technician's Commit or Void of a stuck hold: written to the books here, sent
    by the finaliser like every money command."""
    books = st.books
    p = books.payment(payment_id)
    if p is None:
        raise ServiceError(NOT_FOUND, f"no payment {payment_id}")
    owner = payments_in_use(st).get(payment_id)
    if owner is not None:
        raise ServiceError(REFUSED, f"payment {payment_id} belongs to the session on connector "
                                    f"{owner}; it is finalised when that session ends")
    if kind == "commit" and amount > p.authorized_amount:
        raise ServiceError(REFUSED, f"payment {payment_id}: {amount} is more than the hold "
                                    f"({p.authorized_amount})")
    if kind == "commit" and amount <= 0:
        raise ServiceError(REFUSED, "a commit needs an amount above 0 (use void for nothing)")
    if p.state == "failed":
        cmd = books.refinalise(payment_id, kind, amount)
    elif p.state == "authorized":
        cmd = books.queue_finalisation(payment_id, kind, amount)
    elif p.state in ("committing", "voiding"):
        raise ServiceError(REFUSED, f"payment {payment_id} is {p.state}: its command is being "
                                    "sent; wait for the terminal's answer")
    else:
        raise ServiceError(REFUSED, f"payment {payment_id} is {p.state}: nothing to {kind}")
    st.finaliser_wakeup.set()
    return {"payment": payment_id, "command": cmd.id, "kind": cmd.kind, "amount": cmd.amount}
