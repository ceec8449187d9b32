"""The receipt QR, scanned and opened as a driver would: the kiosk (real QML
offscreen, backend, simulators) finishes a session and uploads the receipt to
the receipt service (a real uvicorn process); the URL decoded from the kiosk's
own receipt screenshot is opened in headless Chromium (Debian's package) at a
phone's size in two languages, and the total read from the rendered page and
from the PDF's text is what the terminal committed."""
from __future__ import annotations

import html
import re
import shutil
import struct
import subprocess
from pathlib import Path

import httpx
import pytest

pytest.importorskip("PySide6.QtQuick")
pytest.importorskip("pytestqt")
pytest.importorskip("starlette", reason="the receipt service needs ev-kiosk[receipts]")

from receipt_helpers import STATION_KEYS, euros  # noqa: E402

from flow_helpers import Flow, decode_qr, flow_config  # noqa: E402

pytestmark = pytest.mark.timeout(90)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PHONE = (390, 844)


def chromium(url: str, lang: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    """Headless Chromium with the phone's viewport and the driver's Accept-Language."""
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         "--no-first-run", "--force-device-scale-factor=1", f"--user-data-dir={profile}",
         f"--window-size={PHONE[0]},{PHONE[1]}", f"--accept-lang={lang}", *args, url],
        capture_output=True, timeout=60)


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", head[16:24])


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium here (Debian: apt install chromium)")
def test_scan_the_kiosk_qr_and_open_the_receipt_in_chromium(qtbot, tmp_path, receipt_service):
    service = receipt_service()
    cfg = flow_config(tmp_path / "kiosk", {
        "station": {"id": "EVK-TEST-1", "receipt_base_url": f"{service.base}/r/"},
        "charger": {"connectors": 1},
        "receipts": {"upload_url": f"{service.base}/api/v1/receipts/",
                     "station_key": STATION_KEYS["EVK-TEST-1"]}})
    k = Flow(qtbot, cfg, control_panel=True)
    try:
        k.wait_ready()
        k.tap("visa")
        k.wait_screen("plug_in")
        k.controls.plug(1)
        k.wait_screen("charging")
        k.until(lambda: k.find_events("charging") and k.stat("statEnergy") not in ("", "0.0", "0.00"),
                "energy delivered")
        k.controls.unplug(1)
        k.wait_screen("receipt")
        end = k.wait_event("session_end")
        k.until(lambda: [s for s in k.sessions() if s.status == "committed"], "committed")
        (session,) = k.sessions()
        committed = session.committed_amount
        assert committed == end["amount"] > 0
        # The kiosk's own receipt screen, as a phone's camera sees it.
        qr = k.button("receiptQr")
        k.until(lambda: qr.property("progress") == 1.0 and decode_qr(k.grab()), "QR drawn")
        shot = k.grab()
        shot.save(str(tmp_path / "kiosk-receipt.png"))
        (url,) = decode_qr(shot)
        assert url == end["receipt_url"] and url.startswith(f"{service.base}/r/")
        # The demo's control panel shows the same URL as a link to click.
        from PySide6.QtCore import QObject

        def panel_link() -> str:
            (panel,) = [w for w in k.kiosk.engine.rootObjects()
                        if w.property("title") == "Simulator controls"]
            return panel.findChild(QObject, "panelReceiptUrl").property("text")
        k.until(lambda: f'href="{url}"' in panel_link(), "the receipt link on the panel")
        k.wait_event("receipt_uploaded")
    finally:
        k.close()

    totals = {}
    for lang, header in (("en", "en-GB,en"), ("nl", "nl-NL,nl")):
        png = tmp_path / f"receipt-page-{lang}.png"
        run = chromium(url, header, tmp_path / f"profile-{lang}", f"--screenshot={png}")
        assert png.exists(), run.stderr.decode()[-1000:]
        assert png_size(png) == PHONE
        dom = chromium(url, header, tmp_path / f"profile-{lang}", "--dump-dom").stdout.decode()
        found = re.search(r'id="total">([^<]+)<', dom)
        assert found, dom[:500]
        totals[lang] = html.unescape(found.group(1))
        assert f'lang="{lang}"' in dom
    # Worked out from the terminal's books, formatted as each language writes money.
    assert totals == {"en": euros(committed, "en"), "nl": euros(committed, "nl")}

    pdf = httpx.get(url + ".pdf", timeout=10)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is missing: the PDF's text is not checked")
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True,
                          timeout=30).stdout.decode()
    assert f"Total charged: {euros(committed)}" in text
