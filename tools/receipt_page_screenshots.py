#!/usr/bin/env python3
"""The receipt page as a phone shows it: headless Chromium at 390x844.

    python tools/receipt_page_screenshots.py          # tests/ui/screenshots/receipt_page/

Starts the receipt service on a free loopback port with a throw-away database,
uploads fixed receipts (paid, paid with an idle fee capped at the hold, declined,
voided; fixed tokens and times, so the same files come out every time), and
photographs each page in the languages below, plus the first page of a PDF
(pdftoppm). Needs Debian's chromium (and poppler-utils for the PDF).
"""
from __future__ import annotations

import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "tests" / "ui" / "screenshots" / "receipt_page"
KEY = "gallery-station-key-0001"
PHONE = (390, 844)
SHOTS = (("paid", "en"), ("paid", "nl"), ("paid", "de"), ("paid", "fr"),
         ("capped", "en"), ("declined", "en"), ("declined", "de"), ("voided", "en"),
         ("voided", "fr"))
WHOLE = 1500      # one page scrolled all the way: a window this tall shows it at once


def receipts() -> dict:
    from kiosk.journey.pricing import CostBreakdown, CostLine
    from kiosk.receipts.model import Receipt, new_receipt_ids
    rng = random.Random(12)
    common = dict(station_id="EVK-DEMO-1", station_name="Laadplein Centrum", connector_id=2,
                  started_at="2026-11-29T13:05:12Z", stopped_at="2026-11-29T14:17:40Z",
                  masked_pan="476173******0119", brand="VISA", host_reference="A1B2C3D4E5",
                  host_response_code="00", terminal_reference="31337", session_ref="9f3c2a7e51d04b6a",
                  authorized_amount=5000)
    # 21.480 kWh x 0.39 = 8.3772 -> 8.38; session fee 0.50; gross 8.88;
    # net 8.88 / 1.21 = 7.3388 -> 7.34, VAT 1.54.
    paid = CostBreakdown((CostLine("energy", 21480, "kWh", 39, 838),
                          CostLine("session_fee", 1, "session", 50, 50),
                          CostLine("vat", 734, "bp", 2100, 154, True)), 734, 154, 888, "EUR", 2)
    # 92.310 kWh x 0.39 = 36.00; 80 min x 0.05 = 4.00; fee 0.50; idle 100 min x 0.10 = 10.00:
    # 50.50, capped at the 50.00 reserved (-0.50). Net 50.00 / 1.21 = 41.32, VAT 8.68.
    capped = CostBreakdown((CostLine("energy", 92310, "kWh", 39, 3600),
                            CostLine("time", 4800, "min", 5, 400),
                            CostLine("session_fee", 1, "session", 50, 50),
                            CostLine("idle_fee", 100, "min", 10, 1000),
                            CostLine("reserved_cap", 1, "session", -50, -50),
                            CostLine("vat", 4132, "bp", 2100, 868, True)), 4132, 868, 5000, "EUR", 2)
    out = {}
    for name, over in (
            ("paid", dict(energy_wh=21480, breakdown=paid, total=888, status="paid",
                          stop_reason="tap_to_stop")),
            ("capped", dict(energy_wh=92310, breakdown=capped, total=5000, status="paid",
                            stop_reason="unplugged")),
            ("declined", dict(energy_wh=0, total=0, status="declined", authorized_amount=0,
                              stopped_at="2026-11-29T13:05:14Z", host_response_code="51",
                              terminal_reference="", host_reference="",
                              stop_reason="declined: insufficient_funds")),
            ("voided", dict(energy_wh=0, total=0, status="voided", stop_reason="plug_timeout",
                            stopped_at="2026-11-29T13:10:12Z"))):
        token, ref = new_receipt_ids(rng)
        out[name] = Receipt(**{**common, "token": token, "short_ref": ref, **over})
    return out


def main() -> int:
    import httpx
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("receipt_page_screenshots: no chromium here (Debian: apt install chromium)",
              file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "server.toml").write_text(f"""
[server]
port = 0
data_dir = "{tmp}"
[operator]
name = "Voltstraat Laden B.V."
vat_number = "NL001234567B01"
[stations.EVK-DEMO-1]
key = "{KEY}"
address = "Stationsplein 12, 3511 ED Utrecht"
timezone = "Europe/Amsterdam"
""")
        server = subprocess.Popen([sys.executable, "-m", "kiosk.cli", "receipt-server", "--config",
                                   str(tmp / "server.toml")], stdout=subprocess.PIPE, text=True,
                                  stderr=subprocess.DEVNULL)
        try:
            line = server.stdout.readline()
            base = line.strip().rsplit(" ", 1)[-1]
            assert base.startswith("http://"), line
            made = receipts()
            for r in made.values():
                httpx.put(f"{base}/api/v1/receipts/{r.token}", json=r.to_dict(),
                          headers={"Authorization": f"Bearer {KEY}"}, timeout=10).raise_for_status()
            names = []
            for name, lang, height in [(n, lang, PHONE[1]) for n, lang in SHOTS] + [
                    ("paid", "en", WHOLE)]:
                png = OUT / f"{name}-{PHONE[0]}x{height}-{lang}.png"
                subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                                "--hide-scrollbars", "--no-first-run",
                                "--force-device-scale-factor=1", f"--user-data-dir={tmp / 'p'}",
                                f"--window-size={PHONE[0]},{height}", f"--accept-lang={lang}",
                                f"--screenshot={png}", f"{base}/r/{made[name].token}"],
                               capture_output=True, timeout=60, check=True)
                names.append((name if height == PHONE[1] else f"{name} (whole page)", lang,
                              png.name))
                print(png.relative_to(ROOT))
            pdf_png = None
            if shutil.which("pdftoppm"):
                pdf = httpx.get(f"{base}/r/{made['paid'].token}.pdf", timeout=10).content
                (tmp / "r.pdf").write_bytes(pdf)
                subprocess.run(["pdftoppm", "-png", "-r", "110", "-singlefile", str(tmp / "r.pdf"),
                                str(OUT / "paid-pdf-en")], check=True, timeout=60)
                pdf_png = "paid-pdf-en.png"
                print((OUT / pdf_png).relative_to(ROOT))
        finally:
            server.terminate()
            server.wait(10)
    lines = ["# The receipt page", "",
             "What a driver's phone shows after scanning the kiosk's QR code: `GET /r/{token}` "
             "of the receipt service (`ev-kiosk receipt-server`), photographed by headless "
             f"Chromium at {PHONE[0]}×{PHONE[1]} with the language as Accept-Language. Made by "
             "`make screenshots` (tools/receipt_page_screenshots.py) from fixed receipts, so "
             "the same files come out every time.", "",
             "| receipt | language | page |", "| --- | --- | --- |"]
    lines += [f'| {n} | {lang} | <img src="{f}" width="260"> |' for n, lang, f in names]
    if pdf_png:
        lines += ["", "The PDF (`/r/{token}.pdf`, fpdf2), first page:", "",
                  f'<img src="{pdf_png}" width="300">']
    (OUT / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
