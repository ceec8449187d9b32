"""The receipt as a driver sees it: a mobile-first HTML page and a PDF.

Both are drawn from one list of sections (`sections`), in the driver's
language, with the kiosk's own words (kiosk.receipts.render) plus the few that
only the web page needs. The card shows as its last four digits only.
"""
from __future__ import annotations

import html
from datetime import datetime
from zoneinfo import ZoneInfo

from kiosk.journey.pricing import format_decimal
from kiosk.journey.prompts import cost_line_label
from kiosk.receipts.model import Receipt
from kiosk.receipts.render import LABELS, STOP_REASONS, _hms, _line_detail, _money

LANGUAGES = ("en", "nl", "de", "fr")

WEB: dict[str, dict[str, str]] = {
    "en": {"date": "Date", "operator": "Operator", "vat_number": "VAT number",
           "address": "Address", "reserved": "Reserved on your card",
           "released": "Released", "terminal_reference": "Terminal reference",
           "charged": "Total charged", "pdf": "Download PDF", "reason": "Reason",
           "not_found": "Receipt not found",
           "not_found_text": "Check the link or scan the QR code on the charger again. "
                             "A receipt can take a minute to arrive after charging."},
    "nl": {"date": "Datum", "operator": "Exploitant", "vat_number": "Btw-nummer",
           "address": "Adres", "reserved": "Gereserveerd op uw kaart",
           "released": "Vrijgegeven", "terminal_reference": "Terminalreferentie",
           "charged": "Totaal afgeschreven", "pdf": "PDF downloaden", "reason": "Reden",
           "not_found": "Bon niet gevonden",
           "not_found_text": "Controleer de link of scan de QR-code op de laadpaal opnieuw. "
                             "Een bon kan na het laden een minuut onderweg zijn."},
    "de": {"date": "Datum", "operator": "Betreiber", "vat_number": "USt-IdNr.",
           "address": "Adresse", "reserved": "Auf Ihrer Karte reserviert",
           "released": "Freigegeben", "terminal_reference": "Terminalreferenz",
           "charged": "Belastet insgesamt", "pdf": "PDF herunterladen", "reason": "Grund",
           "not_found": "Beleg nicht gefunden",
           "not_found_text": "Prüfen Sie den Link oder scannen Sie den QR-Code an der "
                             "Ladesäule erneut. Ein Beleg kann nach dem Laden eine Minute "
                             "brauchen."},
    "fr": {"date": "Date", "operator": "Exploitant", "vat_number": "N° de TVA",
           "address": "Adresse", "reserved": "Réservé sur votre carte",
           "released": "Libéré", "terminal_reference": "Référence terminal",
           "charged": "Total débité", "pdf": "Télécharger le PDF", "reason": "Motif",
           "not_found": "Reçu introuvable",
           "not_found_text": "Vérifiez le lien ou scannez à nouveau le QR code de la borne. "
                             "Un reçu peut mettre une minute à arriver après la charge."},
}


def pick_language(accept: str | None, fallback: str = "en") -> str:
    """The best of en/nl/de/fr for an Accept-Language header (q-values honoured)."""
    best, best_q = None, 0.0
    for n, part in enumerate((accept or "").split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        code = tag.strip().lower().split("-")[0]
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        q -= n * 1e-6                       # equal q: the earlier one wins
        if code in LANGUAGES and q > best_q:
            best, best_q = code, q
    return best or (fallback if fallback in LANGUAGES else "en")


def last_four(masked_pan: str) -> str:
    digits = [ch for ch in masked_pan if ch.isdigit()]
    return "•••• " + "".join(digits[-4:]) if len(digits) >= 4 else ""


def _local(dt: datetime, tz: str) -> datetime:
    try:
        return dt.astimezone(ZoneInfo(tz))
    except Exception:
        return dt


def sections(r: Receipt, lang: str, *, address: str = "", operator_name: str = "",
             operator_vat: str = "", tz: str = "UTC") -> dict:
    """Everything on the receipt, in order, as plain text: {"title", "status", "note",
    "total", "groups": [[(label, value, css class)]], "footer": [...]}"""
    L, W, money = LABELS[lang], WEB[lang], lambda a: _money(a, r, lang)
    start, stop = _local(r.started_at, tz), _local(r.stopped_at, tz)
    zone = start.strftime("%Z") or tz
    date = {"en": "%d %b %Y", "nl": "%d-%m-%Y", "de": "%d.%m.%Y", "fr": "%d/%m/%Y"}[lang]
    session = [(W["date"], start.strftime(date), ""),
               (L["start"], f"{start:%H:%M:%S} {zone}", ""),
               (L["stop"], f"{stop:%H:%M:%S} {zone}", ""),
               (L["duration"], _hms(r.duration_s), ""),
               (L["energy"], f"{format_decimal(r.energy_wh, 3, lang)}\u00a0kWh", ""),
               (L["connector"], str(r.connector_id), "")]
    if r.stop_reason:
        key = L["stop_reason"] if r.status in ("paid", "voided", "free") else W["reason"]
        # The kiosk writes a decline as "declined: <terminal's reason code>".
        reason = r.stop_reason.removeprefix("declined: ").replace("_", " ")
        session.append((key, STOP_REASONS[lang].get(r.stop_reason, reason), ""))
    costs = []
    for line in (x for x in r.lines if x.kind != "vat"):
        detail = _line_detail(line, r, lang)
        costs.append((cost_line_label(line.kind, lang), money(line.amount), "line"))
        if detail:
            costs.append(("", detail, "detail"))
    if r.capped:
        costs.append((L["tariff_total"], money(r.breakdown.total), ""))
    if r.vat:
        rate = r.vat_rate_bp
        pct = f" {format_decimal(rate, 2, lang).rstrip('0').rstrip('.,')}%" if rate else ""
        costs.append((L["net"], money(r.net), ""))
        costs.append((f"{L['vat']}{pct}", money(r.vat), ""))
    costs.append((W["charged"], money(r.total), "total"))
    payment = []
    if r.authorized_amount:
        payment += [(W["reserved"], money(r.authorized_amount), ""),
                    (W["released"], money(r.authorized_amount - r.total), "")]
    card = last_four(r.masked_pan)
    if card:
        payment.append((L["card"], f"{r.brand} {card}".strip(), ""))
    if r.terminal_reference:
        payment.append((W["terminal_reference"], r.terminal_reference, ""))
    if r.host_reference:
        payment.append((L["host_reference"], r.host_reference, ""))
    if r.host_response_code:
        payment.append((L["response_code"], r.host_response_code, ""))
    refs = [(L["reference"], r.short_ref, "ref")]
    if r.session_ref:
        refs.append((L["session"], r.session_ref, ""))
    footer = [x for x in (operator_name, f"{W['vat_number']} {operator_vat}" if operator_vat else "")
              if x]
    return {"title": L["title"], "station": r.station_name, "address": address,
            "status": L.get(r.status, r.status), "status_key": r.status,
            "note": L.get(f"note_{r.status}", ""), "total": money(r.total),
            "total_label": W["charged"], "groups": [g for g in (session, costs, payment, refs) if g],
            "footer": footer}


_CSS_LINK = '<link rel="stylesheet" href="/static/receipt.css">'


def html_page(s: dict, lang: str, pdf_href: str) -> str:
    e = html.escape
    groups = []
    for group in s["groups"]:
        rows = "".join(
            f'<div class="row {cls}"><span>{e(label)}</span><span>{e(value)}</span></div>'
            for label, value, cls in group)
        groups.append(f'<section>{rows}</section>')
    langs = " ".join(f'<a href="?lang={code}"{" aria-current=true" if code == lang else ""}>'
                     f'{code.upper()}</a>' for code in LANGUAGES)
    footer = "".join(f"<p>{e(x)}</p>" for x in s["footer"])
    note = f'<p class="note">{e(s["note"])}</p>' if s["note"] else ""
    address = f'<p class="address">{e(s["address"])}</p>' if s["address"] else ""
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{e(s["title"])} · {e(s["station"])}</title>{_CSS_LINK}</head>
<body><main>
<header><p class="kicker">{e(s["title"])}</p><h1>{e(s["station"])}</h1>{address}</header>
<div class="hero {e(s["status_key"])}"><span class="status">{e(s["status"])}</span>
<span class="total-label">{e(s["total_label"])}</span>
<span class="amount" id="total">{e(s["total"])}</span>{note}</div>
{"".join(groups)}
<a class="button" href="{e(pdf_href)}">{e(WEB[lang]["pdf"])}</a>
<footer>{footer}<nav class="langs">{langs}</nav></footer>
</main></body></html>
"""


def not_found_page(lang: str) -> str:
    W = WEB[lang]
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>{html.escape(W["not_found"])}</title>{_CSS_LINK}</head>
<body><main><header><h1>{html.escape(W["not_found"])}</h1></header>
<p class="note">{html.escape(W["not_found_text"])}</p></main></body></html>
"""


def pdf_bytes(s: dict) -> bytes:
    """An A6-ish single page; core Helvetica in Windows-1252 (has € and accents)."""
    from fpdf import FPDF

    def t(text: str) -> str:     # what cp1252 cannot hold (the dots of the card) becomes '*'
        return text.replace("•", "*").replace("\u00a0", " ").encode(
            "cp1252", "replace").decode("cp1252")

    pdf = FPDF(format=(105, 230), unit="mm")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_auto_page_break(True, margin=8)
    pdf.set_margins(8, 8, 8)
    pdf.add_page()
    pdf.set_font("Helvetica", "", 8)
    pdf.cell(0, 4, t(s["title"]), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 13)
    pdf.multi_cell(0, 6, t(s["station"]), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 8)
    if s["address"]:
        pdf.multi_cell(0, 4, t(s["address"]), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(0, 5, t(s["status"]), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 8, t(f'{s["total_label"]}: {s["total"]}'), new_x="LMARGIN", new_y="NEXT")
    if s["note"]:
        pdf.set_font("Helvetica", "", 8)
        pdf.multi_cell(0, 4, t(s["note"]), new_x="LMARGIN", new_y="NEXT")
    width = pdf.w - 16
    for group in s["groups"]:
        pdf.ln(1.5)
        pdf.line(8, pdf.get_y(), 8 + width, pdf.get_y())
        pdf.ln(1.5)
        for label, value, cls in group:
            pdf.set_font("Helvetica", "B" if cls == "total" else "", 7 if cls == "detail" else 9)
            y = pdf.get_y()
            pdf.cell(width * 0.55, 4.5, t(label))
            pdf.set_xy(8 + width * 0.45, y)
            pdf.cell(width * 0.55, 4.5, t(value), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Helvetica", "", 8)
    for line in s["footer"]:
        pdf.cell(0, 4, t(line), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
