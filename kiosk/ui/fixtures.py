"""Realistic StationViews for every screen: screenshots, UI tests, QML work
without a backend. Texts come from the real prompt catalog and prices from the
real pricing code, so what the gallery shows is what a driver would read.

    from kiosk.ui import fixtures
    view = fixtures.build("charging", language="nl")
"""
from __future__ import annotations

from dataclasses import replace

from kiosk.journey import pricing
from kiosk.journey import price_table
from kiosk.journey.prompts import LANGUAGES, Prompt, PromptId, cost_line_label, per_unit, render
from kiosk.journey.snapshot import (ConnectorView, CostLineView, Phase, PriceView, PromptView,
                                    ReceiptView, StationView, TerminalLink)

TARIFF = pricing.Tariff(energy_per_kwh=39, time_per_minute=5, session_fee=50,
                        idle_fee_per_minute=10, idle_grace_minutes=30, idle_fee_cap=1000,
                        vat_percent_bp=2100, prices_include_vat=True)
RESERVATION = 5000
AMOUNTS = (2000, 4000, 6000, 8000)
RECEIPT_URL = "https://receipts.example.com/r/q7Rk2mXv9TLpW4sYb8NcJA"
RECEIPT_REF = "K7QM-4TZP"
STATION = "Parking De Kade · Station 2"
HELPLINE = "+31 20 123 4567"

# Not in the prompt catalog (a station-wide blocking fault has no prompt id yet).
_BLOCKING = {
    "en": ("Out of service", "This charging station cannot be used right now. "
                             "Our service team has been notified."),
    "nl": ("Buiten gebruik", "Dit laadstation kan nu niet worden gebruikt. "
                             "Onze servicedienst is gewaarschuwd."),
    "de": ("Außer Betrieb", "Diese Ladestation kann derzeit nicht genutzt werden. "
                            "Unser Service-Team ist informiert."),
    "fr": ("Hors service", "Cette borne de recharge est indisponible pour le moment. "
                           "Notre service technique a été prévenu."),
}
_IDLE = {"en": "{fee}/min after {grace} min, max {cap}",
         "nl": "{fee}/min na {grace} min, max {cap}",
         "de": "{fee}/Min. nach {grace} Min., max. {cap}",
         "fr": "{fee}/min après {grace} min, max {cap}"}
_VAT = {"en": "incl. {p}% VAT", "nl": "incl. {p}% btw", "de": "inkl. {p} % MwSt.",
        "fr": "TVA {p} % incluse"}

SCREENS = (
    "available", "choose_connector", "amount", "present_card", "authorizing", "declined",
    "declined_host_offline", "plug_in", "charging", "stop_confirm", "stopping", "idle_fee",
    "receipt", "receipt_idle_fee", "blocking_fault", "banner", "payment_may_be_unavailable",
    "charger_offline", "out_of_service", "two_connectors", "one_of_two_out_of_service", "voided",
    *("ended_fault", "ended_charger_lost", "ended_fault_nothing_charged", "voided_no_start",
      "cancelled", "no_card", "idle_fee_grace", "charging_banner", "two_connectors_plug_in"),
    "available_per_hour",
)
# The endings and error screens of issue 11: the gallery shows them in every language.
ENDINGS = ("ended_fault", "ended_charger_lost", "ended_fault_nothing_charged", "voided_no_start",
           "cancelled", "no_card", "voided", "declined_host_offline", "payment_may_be_unavailable",
           "receipt")


def money(amount: int, lang: str) -> str:
    return pricing.format_money(amount, TARIFF.currency, TARIFF.minor_units, lang)


def _m(amount: int) -> dict:
    return {"amount": amount, "currency": TARIFF.currency, "minor_units": TARIFF.minor_units}


def prompt(pid: PromptId, lang: str, **params) -> PromptView:
    t, d = render(Prompt.of(pid, **params), lang)
    return PromptView(pid.value, t, d)


def price_view(lang: str) -> PriceView:
    pd = pricing.price_display(TARIFF)
    return PriceView(
        energy_per_kwh=money(pd.energy_per_kwh, lang),
        time_price=per_unit(money(pd.time_per_minute, lang), "min", lang),
        session_fee=money(pd.session_fee, lang),
        idle_fee=_IDLE[lang].format(fee=money(pd.idle_fee_per_minute, lang),
                                    grace=pd.idle_grace_minutes, cap=money(pd.idle_fee_cap, lang)),
        reservation=money(RESERVATION, lang),
        vat_note=_VAT[lang].format(p=f"{pd.vat_percent_bp / 100:g}"),
        idle_fee_charged=bool(pd.idle_fee_per_minute))


# An OCPI-style tariff stated per hour, with a maximum price (issue 17): the price
# table must show 2.00/h as such, not as 0.03/min, and the maximum.
TARIFF_PER_HOUR = pricing.Tariff(energy_per_kwh=39, time_per_hour=200, idle_fee_per_hour=200,
                                 idle_grace_minutes=30, idle_fee_cap=1000, max_price=3000,
                                 vat_percent_bp=2100, prices_include_vat=True)


def price_view_per_hour(lang: str) -> PriceView:
    """Through the journey's own formatting (kiosk.journey.price_table)."""
    return price_table.price_view(TARIFF_PER_HOUR, lambda a: money(a, lang), RESERVATION, lang)


def connector(cid: int, phase: Phase, lang: str, **kw) -> ConnectorView:
    """A connector in `phase` with the prompt the journey would show and
    plausible figures for the phase."""
    P = PromptId
    reserved = kw.pop("reserved", RESERVATION)
    energy = kw.pop("energy_wh", 0)
    cost = kw.pop("cost", 0)
    base = dict(id=cid, label=str(cid), connector_type="Type 2", max_power_w=22000, phase=phase,
                reserved=0, reserved_text="", cost=cost, cost_text=money(cost, lang),
                energy_wh=energy, evse_id=f"NL*EVK*E1234*{cid}")
    if phase == Phase.AVAILABLE:
        p = prompt(P.IDLE_TAP_OR_PLUG, lang, connector=cid, **_m(reserved))
    elif phase == Phase.CHOOSING:
        p = prompt(P.CHOOSE_AMOUNT, lang, connector=cid)
    elif phase == Phase.PRESENT_CARD:
        p = prompt(P.PRESENT_CARD, lang, connector=cid, **_m(reserved))
    elif phase == Phase.AUTHORIZING:
        p = prompt(P.AUTHORIZING, lang, connector=cid)
    elif phase == Phase.DECLINED:
        p = prompt(P.DECLINED, lang, connector=cid)
    elif phase == Phase.PLUG_IN:
        p = prompt(P.PLUG_IN, lang, connector=cid, seconds=kw.get("seconds_total", 300))
    elif phase in (Phase.CHARGING, Phase.STARTING, Phase.SUSPENDED):
        p = prompt(P.CHARGING, lang, connector=cid, energy_wh=energy, **_m(cost))
    elif phase == Phase.STOP_CONFIRM:
        p = prompt(P.TAP_SAME_CARD_TO_STOP, lang, connector=cid)
    elif phase in (Phase.STOPPING, Phase.FINALISING):
        p = prompt(P.STOPPING, lang, connector=cid)
    elif phase == Phase.IDLE_FEE:
        p = prompt(P.IDLE_FEE_RUNNING, lang, connector=cid, **_m(kw.get("idle_fee", 0)))
    elif phase == Phase.RECEIPT:
        r = kw["receipt"]
        p = prompt(P.RECEIPT, lang, connector=cid, reason="tap_to_stop", reference=r.short_ref,
                   **_m(r.total))
    elif phase == Phase.CHARGER_OFFLINE:
        p = prompt(P.CHARGER_OFFLINE, lang, connector=cid)
    else:
        p = prompt(P.OUT_OF_SERVICE, lang, connector=cid)
    if phase in (Phase.PLUG_IN, Phase.CHARGING, Phase.STARTING, Phase.SUSPENDED,
                 Phase.STOP_CONFIRM, Phase.STOPPING, Phase.IDLE_FEE, Phase.FINALISING):
        base.update(reserved=reserved, reserved_text=money(reserved, lang),
                    card_hint="•••• 0019", plugged=phase != Phase.PLUG_IN)
    if "idle_fee" in kw:
        kw["idle_fee_text"] = money(kw["idle_fee"], lang)
    base.update(kw)
    return ConnectorView(prompt=p, **base)


def receipt(lang: str, energy_wh: int = 12430, charging_s: int = 2052,
            idle_s: int = 0, waive_session_fee: bool = False) -> ReceiptView:
    q = pricing.quote(TARIFF, energy_wh, charging_s, idle_s, waive_session_fee=waive_session_fee)
    lines = tuple(CostLineView(line.kind, cost_line_label(line.kind, lang), line.amount,
                               money(line.amount, lang)) for line in q.lines)
    return ReceiptView(url=RECEIPT_URL, short_ref=RECEIPT_REF, status="paid", total=q.total,
                       total_text=money(q.total, lang), lines=lines, card_hint="•••• 0019",
                       energy_wh=energy_wh, duration_s=charging_s + idle_s)


def station(lang: str, connectors: tuple[ConnectorView, ...], focus: int | None = None,
            **kw) -> StationView:
    base = dict(station_name=STATION, language=lang, languages=LANGUAGES,
                connectors=connectors, price=price_view(lang),
                amount_choices=tuple((a, money(a, lang)) for a in AMOUNTS), focus=focus,
                terminal=TerminalLink.READY, helpline=HELPLINE, seq=1)
    base.update(kw)
    return StationView(**base)


def _charging(cid: int, lang: str, **kw) -> ConnectorView:
    q = pricing.quote(TARIFF, 12430, 2052, 0)
    args = dict(energy_wh=12430, power_w=21800, duration_s=2052, cost=q.total)
    args.update(kw)
    return connector(cid, Phase.CHARGING, lang, **args)


def build(screen: str, language: str = "en") -> StationView:
    """The StationView that shows `screen` (one of SCREENS) in `language`."""
    lang = language
    one = lambda phase, **kw: (connector(1, phase, lang, **kw),)  # noqa: E731
    if screen == "available":
        return station(lang, one(Phase.AVAILABLE))
    if screen == "available_per_hour":
        return station(lang, one(Phase.AVAILABLE), price=price_view_per_hour(lang))
    if screen == "choose_connector":
        return station(lang, (connector(1, Phase.AVAILABLE, lang),
                              connector(2, Phase.AVAILABLE, lang)))
    if screen == "amount":
        return station(lang, one(Phase.CHOOSING), focus=1)
    if screen == "present_card":
        return station(lang, one(Phase.PRESENT_CARD), focus=1)
    if screen == "authorizing":
        return station(lang, one(Phase.AUTHORIZING), focus=1)
    if screen == "declined":
        return station(lang, one(Phase.DECLINED), focus=1)
    if screen == "plug_in":
        return station(lang, one(Phase.PLUG_IN, seconds_left=272, seconds_total=300), focus=1)
    if screen == "charging":
        return station(lang, (_charging(1, lang),), focus=1)
    if screen == "stop_confirm":
        c = replace(_charging(1, lang), phase=Phase.STOP_CONFIRM,
                    prompt=prompt(PromptId.TAP_SAME_CARD_TO_STOP, lang, connector=1))
        return station(lang, (c,), focus=1)
    if screen == "stopping":
        c = replace(_charging(1, lang), phase=Phase.STOPPING, power_w=0,
                    prompt=prompt(PromptId.STOPPING, lang, connector=1))
        return station(lang, (c,), focus=1)
    if screen == "idle_fee":
        q = pricing.quote(TARIFF, 12430, 2052, 42 * 60)
        idle = q.amount_of("idle_fee")
        c = connector(1, Phase.IDLE_FEE, lang, energy_wh=12430, duration_s=2052 + 42 * 60,
                      cost=q.total, idle_fee=idle, seconds_left=None, idle_fee_starts_s=0)
        return station(lang, (c,), focus=1)
    if screen == "idle_fee_grace":
        # 10 of the 30 grace minutes gone: no fee yet, and when it starts.
        q = pricing.quote(TARIFF, 12430, 2052, 10 * 60)
        c = replace(connector(1, Phase.IDLE_FEE, lang, energy_wh=12430, duration_s=2052 + 600,
                              cost=q.total, idle_fee=0, seconds_left=None,
                              idle_fee_starts_s=20 * 60),
                    prompt=prompt(PromptId.UNPLUG_TO_FINISH, lang, connector=1))
        return station(lang, (c,), focus=1)
    if screen == "receipt_idle_fee":
        r = receipt(lang, idle_s=42 * 60)          # the longest breakdown a driver sees
        return station(lang, one(Phase.RECEIPT, receipt=r), focus=1)
    if screen == "receipt":
        r = receipt(lang)
        return station(lang, one(Phase.RECEIPT, receipt=r), focus=1)
    if screen == "blocking_fault":
        t, d = _BLOCKING[lang]
        return station(lang, one(Phase.FAULTED, fault="E-STOP"),
                       blocking=PromptView("station_fault", t, d))
    if screen == "charging_banner":     # 800x480 with a banner: the charge point still named
        return station(lang, (_charging(1, lang, energy_wh=740, cost=79),), focus=1,
                       banner=prompt(PromptId.CHARGER_WARNING, lang, connector=1))
    if screen == "banner":
        return station(lang, (_charging(1, lang),), focus=1, terminal=TerminalLink.CONNECTING,
                       banner=prompt(PromptId.TERMINAL_RECONNECTING, lang))
    if screen == "payment_may_be_unavailable":
        c = replace(connector(1, Phase.AVAILABLE, lang),
                    prompt=prompt(PromptId.PAYMENT_MAYBE_UNAVAILABLE, lang, connector=1))
        return station(lang, (c,), terminal=TerminalLink.UNAVAILABLE,
                       banner=prompt(PromptId.PAYMENT_MAYBE_UNAVAILABLE, lang))
    if screen in ("ended_fault", "ended_charger_lost"):
        # A fault after 60 Wh (under min_energy_wh_for_fee: no session fee); the
        # charger lost after 8.21 kWh (the fee stands).
        reason, wh, secs = ("fault", 60, 40) if screen == "ended_fault" else ("charger_lost", 8210, 1500)
        waived = reason == "fault"
        r = receipt(lang, energy_wh=wh, charging_s=secs, waive_session_fee=waived)
        c = replace(connector(1, Phase.RECEIPT, lang, receipt=r, energy_wh=wh),
                    prompt=prompt(PromptId.ENDED_BY_STATION, lang, connector=1, reason=reason,
                                  reference=r.short_ref, energy_wh=wh, fee_waived=int(waived),
                                  **_m(r.total)))
        return station(lang, (c,), focus=1)
    if screen == "ended_fault_nothing_charged":
        c = replace(connector(1, Phase.FAULTED, lang, fault="E-STOP"),
                    prompt=prompt(PromptId.ENDED_NOTHING_CHARGED, lang, connector=1, reason="fault"))
        return station(lang, (c,), focus=1)
    if screen in ("voided_no_start", "cancelled", "no_card"):
        pid = {"voided_no_start": PromptId.VOIDED_NO_START, "cancelled": PromptId.CANCELLED,
               "no_card": PromptId.NO_CARD}[screen]
        c = replace(connector(1, Phase.AVAILABLE, lang), prompt=prompt(pid, lang, connector=1))
        return station(lang, (c,), focus=1)
    if screen == "charger_offline":
        return station(lang, one(Phase.CHARGER_OFFLINE))
    if screen == "out_of_service":
        return station(lang, one(Phase.OUT_OF_SERVICE, fault="GFCI-TRIP"))
    if screen == "two_connectors":
        return station(lang, (_charging(1, lang), connector(2, Phase.AVAILABLE, lang)))
    if screen == "two_connectors_plug_in":    # a driver went Back: their plug-in time stays
        return station(lang, (connector(1, Phase.PLUG_IN, lang, seconds_left=272, seconds_total=300),
                              connector(2, Phase.AVAILABLE, lang)))
    if screen == "declined_host_offline":
        c = replace(connector(1, Phase.DECLINED, lang),
                    prompt=prompt(PromptId.PAYMENT_UNAVAILABLE, lang))
        return station(lang, (c,), focus=1, terminal=TerminalLink.UNAVAILABLE,
                       banner=prompt(PromptId.PAYMENT_MAYBE_UNAVAILABLE, lang))
    if screen == "one_of_two_out_of_service":
        return station(lang, (connector(1, Phase.OUT_OF_SERVICE, lang, fault="GFCI-TRIP"),
                              connector(2, Phase.AVAILABLE, lang)))
    if screen == "voided":
        c = replace(connector(1, Phase.AVAILABLE, lang),
                    prompt=prompt(PromptId.VOIDED_NOT_PLUGGED, lang))
        return station(lang, (c,), focus=1)
    raise KeyError(f"no fixture for screen {screen!r} (known: {', '.join(SCREENS)})")


def expected_title(view: StationView) -> str:
    """The title the screen must show for a fixture (what the tests look for)."""
    from kiosk.ui.bridge import route
    if view.blocking is not None:
        return view.blocking.title
    screen, current = route(view)
    if current is None:
        return ""        # the overview: a static, translated label
    return current.prompt.title
