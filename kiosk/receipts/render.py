"""Plain-text receipts: 40 monospace columns, amounts right-aligned.

The same text serves the receipt page, the screen "photograph this" fallback
and a log line for support. Only the masked PAN appears; the token does not
(it is the key to the receipt, not part of it): pass `url` to print the link.
"""
from __future__ import annotations

import textwrap

from kiosk.journey.pricing import format_decimal, format_money
from kiosk.journey.prompts import cost_line_label

from .model import Receipt, iso

WIDTH = 40

LABELS: dict[str, dict[str, str]] = {
    "en": {"title": "CHARGING RECEIPT", "station": "Station", "connector": "Connector",
           "session": "Session", "reference": "Reference", "status": "Status",
           "start": "Start", "stop": "Stop", "duration": "Duration", "energy": "Energy",
           "stop_reason": "Stop reason", "net": "Net", "vat": "VAT", "vat_incl": "incl.",
           "total": "TOTAL", "authorized": "Authorized", "tariff_total": "Tariff amount",
           "capped": "Capped at the authorized amount.", "card": "Card", "brand": "Brand",
           "host_reference": "Host reference", "response_code": "Response code",
           "language": "Language", "link": "Receipt online", "help": "Help",
           "paid": "PAID", "voided": "VOIDED", "declined": "DECLINED", "free": "FREE",
           "failed": "FAILED",
           "note_voided": "Nothing was charged: the reservation on your card is released.",
           "note_declined": "The card was declined. Nothing was charged.",
           "note_free": "Card payment was unavailable: this session is free of charge.",
           "note_failed": "The payment failed. Nothing was charged.",
           "note_fee_waived": "No session fee: the station ended the session early."},
    "nl": {"title": "LAADBON", "station": "Station", "connector": "Aansluiting",
           "session": "Sessie", "reference": "Referentie", "status": "Status",
           "start": "Start", "stop": "Einde", "duration": "Duur", "energy": "Energie",
           "stop_reason": "Reden einde", "net": "Netto", "vat": "Btw", "vat_incl": "incl.",
           "total": "TOTAAL", "authorized": "Gereserveerd", "tariff_total": "Volgens tarief",
           "capped": "Begrensd op het gereserveerde bedrag.", "card": "Kaart", "brand": "Merk",
           "host_reference": "Transactieref.", "response_code": "Antwoordcode",
           "language": "Taal", "link": "Bon online", "help": "Hulp",
           "paid": "BETAALD", "voided": "GEANNULEERD", "declined": "GEWEIGERD",
           "free": "GRATIS", "failed": "MISLUKT",
           "note_voided": "Er is niets afgeschreven: de reservering wordt vrijgegeven.",
           "note_declined": "De kaart is geweigerd. Er is niets afgeschreven.",
           "note_free": "Kaartbetaling was niet mogelijk: deze sessie is gratis.",
           "note_failed": "De betaling is mislukt. Er is niets afgeschreven.",
           "note_fee_waived": "Geen starttarief: het station beëindigde de sessie vroegtijdig."},
    "de": {"title": "LADEBELEG", "station": "Station", "connector": "Anschluss",
           "session": "Sitzung", "reference": "Referenz", "status": "Status",
           "start": "Beginn", "stop": "Ende", "duration": "Dauer", "energy": "Energie",
           "stop_reason": "Endegrund", "net": "Netto", "vat": "MwSt.", "vat_incl": "inkl.",
           "total": "GESAMT", "authorized": "Reserviert", "tariff_total": "Laut Tarif",
           "capped": "Auf den reservierten Betrag begrenzt.", "card": "Karte",
           "brand": "Marke", "host_reference": "Transaktionsref.",
           "response_code": "Antwortcode", "language": "Sprache", "link": "Beleg online",
           "help": "Hilfe",
           "paid": "BEZAHLT", "voided": "STORNIERT", "declined": "ABGELEHNT",
           "free": "KOSTENLOS", "failed": "FEHLGESCHLAGEN",
           "note_voided": "Es wurde nichts belastet: die Reservierung wird freigegeben.",
           "note_declined": "Die Karte wurde abgelehnt. Es wurde nichts belastet.",
           "note_free": "Kartenzahlung war nicht möglich: diese Sitzung ist kostenlos.",
           "note_failed": "Die Zahlung ist fehlgeschlagen. Es wurde nichts belastet.",
           "note_fee_waived": "Keine Startgebühr: die Station hat den Vorgang vorzeitig beendet."},
    "fr": {"title": "REÇU DE RECHARGE", "station": "Station", "connector": "Connecteur",
           "session": "Session", "reference": "Référence", "status": "Statut",
           "start": "Début", "stop": "Fin", "duration": "Durée", "energy": "Énergie",
           "stop_reason": "Motif de fin", "net": "HT", "vat": "TVA", "vat_incl": "incl.",
           "total": "TOTAL", "authorized": "Réservé", "tariff_total": "Selon le tarif",
           "capped": "Plafonné au montant réservé.", "card": "Carte", "brand": "Réseau",
           "host_reference": "Réf. transaction", "response_code": "Code réponse",
           "language": "Langue", "link": "Reçu en ligne", "help": "Aide",
           "paid": "PAYÉ", "voided": "ANNULÉ", "declined": "REFUSÉ", "free": "GRATUIT",
           "failed": "ÉCHOUÉ",
           "note_voided": "Rien n'a été débité : la réservation est libérée.",
           "note_declined": "La carte a été refusée. Rien n'a été débité.",
           "note_free": "Paiement par carte indisponible : cette session est gratuite.",
           "note_failed": "Le paiement a échoué. Rien n'a été débité.",
           "note_fee_waived": "Sans frais de session : la borne a mis fin à la session."},
}

STOP_REASONS: dict[str, dict[str, str]] = {
    "en": {"unplugged": "unplugged", "ev_full": "battery full", "ev_stopped": "stopped by car",
           "tap_to_stop": "card tapped", "ui_stop": "stopped on screen",
           "limit_reached": "amount reached", "fault": "charger fault",
           "charger_lost": "charger offline", "plug_timeout": "not plugged in",
           "charger_no_start": "charging did not start", "cancelled": "cancelled",
           "update_refused": "bank refused more"},
    "nl": {"unplugged": "losgekoppeld", "ev_full": "accu vol", "ev_stopped": "gestopt door auto",
           "tap_to_stop": "kaart aangeboden", "ui_stop": "gestopt op scherm",
           "limit_reached": "bedrag bereikt", "fault": "storing lader",
           "charger_lost": "lader offline", "plug_timeout": "niet aangesloten",
           "charger_no_start": "laden niet gestart", "cancelled": "geannuleerd",
           "update_refused": "bank weigerde meer"},
    "de": {"unplugged": "ausgesteckt", "ev_full": "Akku voll", "ev_stopped": "vom Auto beendet",
           "tap_to_stop": "Karte vorgehalten", "ui_stop": "am Bildschirm beendet",
           "limit_reached": "Betrag erreicht", "fault": "Störung",
           "charger_lost": "Ladesäule offline", "plug_timeout": "nicht eingesteckt",
           "charger_no_start": "Laden nicht gestartet", "cancelled": "abgebrochen",
           "update_refused": "Bank lehnte mehr ab"},
    "fr": {"unplugged": "débranché", "ev_full": "batterie pleine", "ev_stopped": "arrêt véhicule",
           "tap_to_stop": "carte présentée", "ui_stop": "arrêt à l'écran",
           "limit_reached": "montant atteint", "fault": "défaut borne",
           "charger_lost": "borne hors ligne", "plug_timeout": "non branché",
           "charger_no_start": "charge non démarrée", "cancelled": "annulé",
           "update_refused": "banque a refusé plus"},
}


def _lang(lang: str | None) -> str:
    code = (lang or "en").replace("-", "_").split("_")[0].lower()
    return code if code in LABELS else "en"


def _money(amount: int, r: Receipt, lang: str) -> str:
    return format_money(amount, r.currency, r.minor_units, lang)


def _hms(seconds: int) -> str:
    h, rest = divmod(max(0, int(seconds)), 3600)
    return f"{h}:{rest // 60:02d}:{rest % 60:02d}"


def _row(label: str, value: str) -> list[str]:
    """label ........ value; a value too long to share the line goes right-aligned below."""
    if len(label) + 1 + len(value) <= WIDTH:
        return [label + value.rjust(WIDTH - len(label))]
    out = [label[:WIDTH]]
    for chunk in textwrap.wrap(value, WIDTH, break_long_words=True) or [""]:
        out.append(chunk.rjust(WIDTH))
    return out


def _wrap(text: str, indent: str = "") -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent) or [""]


def _line_detail(line, r: Receipt, lang: str) -> str | None:
    """The quantity x unit price of a cost line, where it says something."""
    price = _money(line.unit_price, r, lang)
    if line.kind == "energy":
        return f"{format_decimal(line.quantity, 3, lang)} kWh x {price}/{line.unit}"
    if line.kind == "time":
        return f"{_hms(line.quantity)} x {price}/{line.unit}"
    if line.kind == "idle_fee":
        return f"{line.quantity} min x {price}/{line.unit}"
    return None


def render_text(receipt: Receipt, lang: str | None = None, *, url: str | None = None) -> str:
    """The receipt as plain text, WIDTH columns, in `lang` (default: the receipt's)."""
    r, lang = receipt, _lang(lang or receipt.language)
    L = LABELS[lang]
    rule, thin = "=" * WIDTH, "-" * WIDTH
    out: list[str] = [L["title"].center(WIDTH).rstrip()]
    out += [s.center(WIDTH).rstrip() for s in _wrap(r.station_name)]
    out.append(rule)
    out += _row(L["station"], r.station_id)
    out += _row(L["connector"], str(r.connector_id))
    if r.evse_id:
        out += _row("EVSE ID", r.evse_id)
    if r.session_ref:
        out += _row(L["session"], r.session_ref)
    out += _row(L["reference"], r.short_ref)
    out += _row(L["status"], L.get(r.status, r.status.upper()))
    out.append(thin)
    out += _row(L["start"], iso(r.started_at))
    out += _row(L["stop"], iso(r.stopped_at))
    out += _row(L["duration"], _hms(r.duration_s))
    out += _row(L["energy"], f"{format_decimal(r.energy_wh, 3, lang)} kWh")
    if r.stop_reason:
        out += _row(L["stop_reason"], STOP_REASONS[lang].get(r.stop_reason, r.stop_reason))

    lines = [line for line in r.lines if line.kind != "vat"]
    if lines:
        out.append(thin)
        for line in lines:
            out += _row(cost_line_label(line.kind, lang), _money(line.amount, r, lang))
            detail = _line_detail(line, r, lang)
            if detail:
                out += _wrap(detail, "  ")
    out.append(thin)
    if r.capped:
        out += _row(L["tariff_total"], _money(r.breakdown.total, r, lang))
        out += _wrap(L["capped"])
    if r.vat:
        rate = r.vat_rate_bp
        pct = f" {format_decimal(rate, 2, lang).rstrip('0').rstrip('.,')}%" if rate else ""
        included = any(getattr(line, "included", False) for line in r.lines if line.kind == "vat")
        out += _row(L["net"], _money(r.net, r, lang))
        out += _row(f"{L['vat']}{pct}" + (f" ({L['vat_incl']})" if included else ""),
                    _money(r.vat, r, lang))
    out += _row(L["total"], _money(r.total, r, lang))
    if r.authorized_amount:
        out += _row(L["authorized"], _money(r.authorized_amount, r, lang))
    note = L.get(f"note_{r.status}")
    if note:
        out += _wrap(note)
    if any(line.kind == "session_fee_waived" for line in r.lines):
        out += _wrap(L["note_fee_waived"])

    if r.masked_pan or r.brand or r.host_reference or r.host_response_code:
        out.append(thin)
        if r.masked_pan:
            out += _row(L["card"], r.masked_pan)
        if r.brand:
            out += _row(L["brand"], r.brand)
        if r.host_reference:
            out += _row(L["host_reference"], r.host_reference)
        if r.host_response_code:
            out += _row(L["response_code"], r.host_response_code)
    if r.helpline:
        out.append(thin)
        out += _row(L["help"], r.helpline)
    if url:
        out.append(thin)
        out.append(L["link"])
        out += [url[i:i + WIDTH] for i in range(0, len(url), WIDTH)]
    out.append(rule)
    return "\n".join(out) + "\n"


__all__ = ["render_text", "WIDTH", "LABELS"]
