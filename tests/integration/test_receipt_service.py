"""The receipt service as a real process (uvicorn on 127.0.0.1), driven over HTTP:
the upload API's rules (per-station keys, idempotency, validation, size limit),
the receipt page and PDF, and what an attacker gets (only the same 404)."""
from __future__ import annotations

import http.client
import json
import random
import shutil
import string
import subprocess

import httpx
import pytest
from receipt_helpers import OPERATOR, STATION_KEYS

from kiosk.journey.pricing import CostBreakdown, CostLine
from kiosk.receipts.model import Receipt, new_receipt_ids

pytest.importorskip("starlette", reason="the receipt service needs ev-kiosk[receipts]")
pytestmark = pytest.mark.timeout(90)

S1, S2 = "EVK-TEST-1", "EVK-TEST-2"


def auth(station: str) -> dict:
    return {"Authorization": f"Bearer {STATION_KEYS[station]}"}


def paid_receipt(station: str = S1, **over) -> Receipt:
    # Worked by hand: 12.000 kWh x 0.35 = 4.20, session fee 0.50, total 4.70 (gross).
    # VAT 21 % included: net = 470 / 1.21 = 388.43 -> 388, VAT = 470 - 388 = 82.
    breakdown = CostBreakdown((CostLine("energy", 12000, "kWh", 35, 420),
                               CostLine("session_fee", 1, "session", 50, 50),
                               CostLine("vat", 388, "bp", 2100, 82, True)),
                              net=388, vat=82, total=470, currency="EUR", minor_units=2)
    token, ref = new_receipt_ids()
    values = dict(station_id=station, station_name="Test station", connector_id=1, token=token,
                  short_ref=ref, started_at="2026-11-29T10:00:00Z",
                  stopped_at="2026-11-29T10:42:30Z", energy_wh=12000, breakdown=breakdown,
                  authorized_amount=5000, total=470, masked_pan="476173******0119",
                  brand="VISA", host_reference="HOST-77812", host_response_code="00",
                  terminal_reference="4242", status="paid", stop_reason="unplugged",
                  session_ref="s-1")
    values.update(over)
    return Receipt(**values)


def put(client, service, receipt_or_dict, station=S1, token=None, **kw):
    body = receipt_or_dict.to_dict() if isinstance(receipt_or_dict, Receipt) else receipt_or_dict
    token = token or body["token"]
    return client.put(f"{service.base}/api/v1/receipts/{token}", json=body,
                      headers={**auth(station), **kw.pop("headers", {})}, **kw)


@pytest.fixture
def service(receipt_service):
    return receipt_service()


@pytest.fixture
def client():
    with httpx.Client(timeout=10) as c:
        yield c


def test_upload_then_page_in_each_language_and_pdf(service, client):
    r = paid_receipt()
    assert put(client, service, r).status_code == 201
    page = client.get(f"{service.base}/r/{r.token}", headers={"Accept-Language": "en-GB,en"})
    assert page.status_code == 200 and page.headers["content-language"] == "en"
    text = page.text
    for expected in ("Test station", "Laadstraat 1, 1011 AB Amsterdam",   # name and address
                     "29 Nov 2026", "11:00:00 CET", "11:42:30 CET",       # 10:00Z in Amsterdam
                     "0:42:30", "12.000\u00a0kWh", "€4.20", "€0.50",       # duration, energy, lines
                     "VAT 21%", "€0.82", "€3.88", "€4.70",                  # VAT, net, total
                     "€50.00", "€45.30",                                    # reserved, 50.00 - 4.70
                     "VISA •••• 0119", "4242", "HOST-77812", r.short_ref,   # card, references
                     OPERATOR[0], f"VAT number {OPERATOR[1]}", f'href="{r.token}.pdf"'):
        assert expected in text, expected
    assert "476173" not in text                                # never more than the last four
    nl = client.get(f"{service.base}/r/{r.token}",
                    headers={"Accept-Language": "fr;q=0.5, nl-BE;q=0.9, de;q=0.1"}).text
    assert "Totaal afgeschreven" in nl and "€\u00a04,70" in nl and "Btw-nummer" in nl
    de = client.get(f"{service.base}/r/{r.token}", headers={"Accept-Language": "de"}).text
    assert "Belastet insgesamt" in de and "4,70\u00a0€" in de and "29.11.2026" in de
    fr = client.get(f"{service.base}/r/{r.token}?lang=fr").text
    assert "Total débité" in fr and "4,70\u00a0€" in fr

    pdf = client.get(f"{service.base}/r/{r.token}.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is missing: the PDF's text is not checked")
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf.content,
                         capture_output=True, timeout=30).stdout.decode()
    assert "Total charged: €4.70" in out and "VISA **** 0119" in out and "476173" not in out


def test_declined_and_voided_receipts_say_nothing_was_charged_and_why(service, client):
    declined = paid_receipt(total=0, status="declined", authorized_amount=0, energy_wh=0,
                            stop_reason="declined: insufficient_funds")
    voided = paid_receipt(total=0, status="voided", energy_wh=0, stop_reason="plug_timeout")
    for r in (declined, voided):
        assert put(client, service, r).status_code == 201
    page = client.get(f"{service.base}/r/{declined.token}").text
    assert "DECLINED" in page and "The card was declined. Nothing was charged." in page
    assert "Reason" in page and "insufficient funds" in page and "€0.00" in page
    page = client.get(f"{service.base}/r/{voided.token}").text
    assert "VOIDED" in page and "the reservation on your card is released" in page
    assert "not plugged in" in page and "€50.00" in page          # reserved, all released


def test_same_receipt_again_is_200_a_different_one_409_and_nothing_changes(service, client):
    r = paid_receipt()
    assert put(client, service, r).status_code == 201
    # Key order and spacing do not make it different.
    shuffled = json.dumps(dict(reversed(list(r.to_dict().items()))), indent=2)
    again = client.put(f"{service.base}/api/v1/receipts/{r.token}", content=shuffled,
                       headers=auth(S1))
    assert again.status_code == 200 and again.json() == {"status": "unchanged"}
    changed = {**r.to_dict(), "total": 400}
    refused = put(client, service, changed)
    assert refused.status_code == 409 and refused.json()["field"] == "token"
    assert "€4.70" in client.get(f"{service.base}/r/{r.token}").text


def test_wrong_or_missing_key_is_401_and_nothing_is_stored(service, client):
    r = paid_receipt()
    url = f"{service.base}/api/v1/receipts/{r.token}"
    for headers in ({}, {"Authorization": "Bearer not-a-key-of-any-station"},
                    {"Authorization": STATION_KEYS[S1]},                 # no scheme
                    {"Authorization": f"Basic {STATION_KEYS[S1]}"}):
        response = client.put(url, json=r.to_dict(), headers=headers)
        assert response.status_code == 401, headers
        assert response.headers["www-authenticate"] == "Bearer"
    assert client.get(f"{service.base}/r/{r.token}").status_code == 404
    assert client.get(f"{service.base}/healthz").json() == {"status": "ok", "receipts": 0}


def test_another_stations_token_or_identity_is_refused(service, client):
    r = paid_receipt(S1)
    assert put(client, service, r, S1).status_code == 201
    # Station 2's key on station 1's token: refused, whether the body says S1 or S2.
    as_s2 = put(client, service, paid_receipt(S2, token=r.token, short_ref=r.short_ref), S2)
    assert as_s2.status_code == 403 and as_s2.json()["field"] == "token"
    impersonating = put(client, service, paid_receipt(S1), S2)
    assert impersonating.status_code == 403 and impersonating.json()["field"] == "station_id"
    assert client.get(f"{service.base}/healthz").json()["receipts"] == 1
    assert "Laadstraat 1," in client.get(f"{service.base}/r/{r.token}").text


def test_ten_thousand_random_tokens_get_only_the_same_404(service, client):
    stored = paid_receipt()
    assert put(client, service, stored).status_code == 201
    rng = random.Random(20261129)
    alphabet = string.ascii_letters + string.digits + "-_"
    bodies, statuses = set(), set()
    # One keep-alive connection of the standard library: a quarter of httpx's cost per
    # request, and the path goes out exactly as written.
    conn = http.client.HTTPConnection("127.0.0.1", service.port, timeout=10)
    try:
        for n in range(10_000):
            if n % 10 == 0:       # malformed ones too: short, long, odd characters
                token = "".join(rng.choice(alphabet + ".~%20") for _ in range(rng.randrange(1, 90)))
            else:
                token = "".join(rng.choice(alphabet) for _ in range(22))
            conn.request("GET", f"/r/{token}")
            response = conn.getresponse()
            statuses.add(response.status)
            bodies.add(response.read())
    finally:
        conn.close()
    assert statuses == {404}
    assert len(bodies) == 1 and b"Receipt not found" in bodies.pop()
    assert client.get(f"{service.base}/r/{stored.token}").status_code == 200


def test_malformed_and_oversized_bodies_are_4xx_naming_the_problem(receipt_service, client):
    service = receipt_service(max_body_bytes=4096)
    r = paid_receipt()
    url = f"{service.base}/api/v1/receipts/{r.token}"

    def problem(response):
        return response.status_code, response.json().get("field"), response.json()["error"]

    big = {**r.to_dict(), "station_name": "x" * 5000}
    assert problem(client.put(url, json=big, headers=auth(S1)))[:2] == (413, "body")
    assert problem(client.put(url, content=b"{not json", headers=auth(S1)))[0] == 422
    assert "not JSON" in problem(client.put(url, content=b"{not json", headers=auth(S1)))[2]
    deep = client.put(url, content=b"[" * 2000 + b"]" * 2000, headers=auth(S1))
    assert problem(deep)[0] == 422 and "nested too deeply" in problem(deep)[2]
    assert problem(client.put(url, json=[1, 2], headers=auth(S1)))[2] == "the body must be a JSON object"
    cases = [({**r.to_dict(), "energy_wh": "12"}, "energy_wh", "must be a whole number"),
             ({k: v for k, v in r.to_dict().items() if k != "total"}, "total", "is missing"),
             ({**r.to_dict(), "status": "maybe"}, "status", "must be one of"),
             ({**r.to_dict(), "total": 6000}, "total", "more than authorized_amount"),
             ({**r.to_dict(), "masked_pan": "4761731234560119"}, "masked_pan", "must be masked"),
             ({**r.to_dict(), "surprise": 1}, "surprise", "unknown field"),
             ({**r.to_dict(), "started_at": "yesterday"}, "started_at", "ISO 8601"),
             ({**r.to_dict(), "token": "A" * 22}, "token", "does not match")]
    bad_line = r.to_dict()
    bad_line["breakdown"]["lines"][0]["amount"] = 4.2
    cases.append((bad_line, "breakdown.lines[0].amount", "must be a whole number"))
    for body, field, words in cases:
        status, named, error = problem(client.put(url, json=body, headers=auth(S1)))
        assert (status, named) == (422, field) and words in error, (field, error)
    short = client.put(f"{service.base}/api/v1/receipts/abc", json=r.to_dict(), headers=auth(S1))
    assert problem(short)[:2] == (400, "token") and "128 bits" in problem(short)[2]
    assert client.get(f"{service.base}/healthz").json()["receipts"] == 0


def test_rate_limit_is_per_client_address(receipt_service):
    service = receipt_service(rate_limit_per_minute=60, rate_limit_burst=5)
    one = httpx.Client(transport=httpx.HTTPTransport(local_address="127.0.0.1"), timeout=10)
    two = httpx.Client(transport=httpx.HTTPTransport(local_address="127.0.0.2"), timeout=10)
    with one, two:
        first = [one.get(f"{service.base}/r/{'A' * 22}").status_code for _ in range(6)]
        assert first == [404] * 5 + [429]
        limited = one.get(f"{service.base}/r/{'A' * 22}")
        assert limited.status_code == 429 and 1 <= int(limited.headers["retry-after"]) <= 2
        assert two.get(f"{service.base}/r/{'A' * 22}").status_code == 404   # another driver
        assert one.get(f"{service.base}/healthz").status_code == 200        # never limited
        # X-Forwarded-For is not believed unless the service is told it sits behind a proxy.
        spoofed = one.get(f"{service.base}/r/{'A' * 22}", headers={"X-Forwarded-For": "203.0.113.9"})
        assert spoofed.status_code == 429


def test_behind_a_proxy_the_limit_is_per_forwarded_address(receipt_service, client):
    service = receipt_service(rate_limit_per_minute=60, rate_limit_burst=2,
                              forwarded_allow_ips="127.0.0.1")
    url = f"{service.base}/r/{'A' * 22}"

    def get(driver: str) -> int:
        return client.get(url, headers={"X-Forwarded-For": driver}).status_code
    assert [get("203.0.113.7") for _ in range(3)] == [404, 404, 429]
    assert get("203.0.113.8") == 404                  # another driver behind the same proxy
    service.stop()
    clients = {json.loads(x)["client"] for x in service.access_log().splitlines()
               if x.startswith("{")}
    assert clients == {"203.0.113.7", "203.0.113.8"}


def test_access_log_is_json_lines_without_tokens(service, client):
    r = paid_receipt()
    put(client, service, r)
    client.get(f"{service.base}/r/{r.token}")
    client.get(f"{service.base}/r/{r.token}.pdf")
    client.get(f"{service.base}/r/{'B' * 22}")
    client.put(f"{service.base}/api/v1/receipts/{r.token}", json=r.to_dict())   # 401
    service.stop()                      # flushes and closes the log
    lines = [json.loads(x) for x in service.access_log().splitlines() if x.startswith("{")]
    assert [(x["method"], x["route"], x["status"]) for x in lines] == [
        ("PUT", "/api/v1/receipts/{token}", 201), ("GET", "/r/{token}", 200),
        ("GET", "/r/{token}.pdf", 200), ("GET", "/r/{token}", 404),
        ("PUT", "/api/v1/receipts/{token}", 401)]
    assert lines[0]["station"] == S1 and "station" not in lines[-1]
    assert r.token not in service.access_log() and "B" * 22 not in service.access_log()


def test_the_page_escapes_what_stations_send_and_keeps_the_token_to_itself(service, client):
    r = paid_receipt(station_name='<script>alert("x")</script> & Co', brand="<b>VISA</b>")
    assert put(client, service, r).status_code == 201
    page = client.get(f"{service.base}/r/{r.token}")
    assert "<script>" not in page.text and "<b>" not in page.text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in page.text
    # The token is in the URL: no Referer to other sites, no shared caches, no indexing,
    # and no script or outside resource on the page at all.
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["cache-control"] == "private, no-store"
    assert page.headers["x-robots-tag"] == "noindex"
    assert page.headers["content-security-policy"].startswith("default-src 'none'")
