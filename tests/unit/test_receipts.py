"""Receipts: the JSON round trip the books rely on, ids a driver can type and
nobody can guess, URL joining, and the plain-text rendering."""
from __future__ import annotations

import json
import math
import random
import re
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.journey import pricing
from kiosk.receipts.model import (SHORT_REF_ALPHABET, STATUSES, Receipt, mask_pan,
                                  new_receipt_ids, normalize_short_ref, receipt_url)
from kiosk.receipts.render import WIDTH, render_text

TARIFF = pricing.Tariff(energy_per_kwh=39, time_per_minute=2, session_fee=50,
                        idle_fee_per_minute=10, idle_grace_minutes=30, idle_fee_cap=1000,
                        vat_percent_bp=2100, prices_include_vat=True)
T0 = datetime(2024, 5, 1, 14, 3, 0, tzinfo=timezone.utc)
PAN = "4761739001010119"


def make(**over) -> Receipt:
    breakdown = pricing.quote(TARIFF, 12_345, 3_723, 45 * 60)
    token, ref = new_receipt_ids(random.Random(7))
    values = dict(station_id="EVK-DEMO-1", station_name="ev-kiosk demo station",
                  connector_id=2, session_ref="sess-42", token=token, short_ref=ref,
                  started_at=T0, stopped_at=T0 + timedelta(seconds=3_723 + 45 * 60),
                  energy_wh=12_345, breakdown=breakdown, authorized_amount=5_000,
                  total=breakdown.total, currency="EUR", minor_units=2,
                  masked_pan="476173******0119", brand="VISA", host_reference="HREF-778899",
                  host_response_code="00", status="paid", stop_reason="unplugged")
    values.update(over)
    return Receipt(**values)


# --------------------------------------------------------------------------- model

def test_round_trip_through_json_is_exact():
    r = make()
    d = json.loads(json.dumps(r.to_dict()))
    back = Receipt.from_dict(d)
    assert back == r
    assert back.breakdown.lines == r.breakdown.lines
    assert back.duration_s == r.duration_s == 3_723 + 2_700
    assert d["started_at"] == "2024-05-01T14:03:00Z"


@settings(max_examples=60, deadline=None)
@given(energy=st.integers(0, 200_000), charging=st.integers(0, 36_000),
       idle=st.integers(0, 36_000), reserved=st.integers(0, 20_000),
       status=st.sampled_from(STATUSES), start=st.integers(1_600_000_000, 1_900_000_000))
def test_round_trip_property(energy, charging, idle, reserved, status, start):
    b = pricing.quote(TARIFF, energy, charging, idle)
    r = make(energy_wh=energy, breakdown=b, authorized_amount=reserved,
             total=min(b.total, reserved), status=status, started_at=start,
             stopped_at=start + charging + idle)
    back = Receipt.from_dict(json.loads(json.dumps(r.to_dict())))
    assert back == r
    assert back.net + back.vat == back.total
    assert 0 <= back.vat <= back.total


def test_times_accept_epoch_seconds_and_render_iso():
    r = make(started_at=T0.timestamp(), stopped_at=T0.timestamp() + 90)
    assert r.started_at == T0 and r.duration_s == 90
    assert r.to_dict()["stopped_at"] == "2024-05-01T14:04:30Z"


def test_derived_figures_come_from_the_breakdown():
    r = make()
    assert r.idle_fee == 150            # 45 min idle, 30 min grace: 15 started minutes
    assert r.vat == r.breakdown.vat and r.net == r.breakdown.net
    assert r.vat_rate_bp == 2100 and not r.capped


def test_capped_total_scales_vat_down():
    b = pricing.quote(TARIFF, 12_345, 0, 0)
    r = make(breakdown=b, authorized_amount=300, total=300)
    assert r.capped
    assert r.vat == 52          # 300 * 21/121 = 52.07
    assert r.net + r.vat == 300


def test_unknown_status_is_refused():
    with pytest.raises(ValueError):
        make(status="maybe")


def test_a_full_pan_is_never_kept():
    r = make(masked_pan=PAN)
    assert PAN not in json.dumps(r.to_dict())
    assert r.masked_pan.endswith("0119") and r.masked_pan.count("*") == 12
    assert mask_pan("4761 7390 0101 0119") == "************0119"
    assert mask_pan("476173******0119") == "476173******0119"
    assert mask_pan("") == ""


def test_tokens_are_unique_urlsafe_and_128_bits():
    tokens = [new_receipt_ids()[0] for _ in range(10_000)]
    assert len(set(tokens)) == len(tokens)
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{22,}", t) for t in tokens)
    # 16 random bytes: 21 full base64url characters (126 bits) plus 2 bits in the last.
    # Each full character should use all 64 symbols about evenly.
    counts = Counter("".join(t[:21] for t in tokens))
    assert len(counts) == 64
    expected = sum(counts.values()) / 64
    assert all(abs(n - expected) < 0.2 * expected for n in counts.values())


def test_short_refs_use_the_unambiguous_alphabet():
    refs = [new_receipt_ids()[1] for _ in range(2_000)]
    assert all(re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}", r) for r in refs)
    used = set("".join(refs).replace("-", ""))
    assert used <= set(SHORT_REF_ALPHABET) and not used & set("ILOU")
    assert len(used) == 32
    assert len(set(refs)) > 1_990    # 40 bits: collisions are rare, not impossible


def test_deterministic_with_an_rng():
    assert new_receipt_ids(random.Random(3)) == new_receipt_ids(random.Random(3))
    assert new_receipt_ids(random.Random(3)) != new_receipt_ids(random.Random(4))
    token, _ = new_receipt_ids(random.Random(3))
    assert len(token) == 22 and math.log2(64) * len(token) >= 128


def test_typed_short_refs_are_normalized():
    assert normalize_short_ref(" k7qm 4tzp ") == "K7QM-4TZP"
    assert normalize_short_ref("K7QM4TZP") == "K7QM-4TZP"
    assert normalize_short_ref("k7qm-4tzo") == "K7QM-4TZ0"     # O read as zero
    assert normalize_short_ref("1LI0-0000") == "1110-0000"
    assert normalize_short_ref("K7QM-4TZ") is None
    assert normalize_short_ref("K7QM-4TZU") is None


@pytest.mark.parametrize("base, url", [
    ("https://r.example.com/r/", "https://r.example.com/r/TOK"),
    ("https://r.example.com/r", "https://r.example.com/r/TOK"),
    ("https://r.example.com", "https://r.example.com/TOK"),
    ("https://r.example.com/", "https://r.example.com/TOK"),
    ("https://r.example.com/r/?site=7&x=1", "https://r.example.com/r/TOK?site=7&x=1"),
    ("https://r.example.com/r?site=7", "https://r.example.com/r/TOK?site=7"),
])
def test_receipt_url_joining(base, url):
    assert receipt_url(base, "TOK") == url


def test_receipt_url_quotes_the_token():
    assert receipt_url("https://r.example/r/", "a/b c") == "https://r.example/r/a%2Fb%20c"
    token, _ = new_receipt_ids()
    assert receipt_url("https://r.example/r/", token).endswith("/" + token)


# --------------------------------------------------------------------------- rendering

def _lines(text: str) -> list[str]:
    return text.rstrip("\n").split("\n")


def test_text_has_every_field_and_fits_40_columns():
    r = make()
    text = render_text(r)
    assert all(len(line) <= WIDTH for line in _lines(text))
    for needle in ("ev-kiosk demo station", "EVK-DEMO-1", "sess-42", r.short_ref, "PAID",
                   "2024-05-01T14:03:00Z", "2024-05-01T15:50:03Z", "1:47:03", "12.345 kWh",
                   "unplugged", "Energy", "Charging time", "Session fee", "Idle fee",
                   "VAT 21% (incl.)", "TOTAL", "€50.00", "476173******0119", "VISA",
                   "HREF-778899", "Response code"):
        assert needle in text, needle
    b = r.breakdown
    total_line = next(line for line in _lines(text) if line.startswith("TOTAL"))
    assert total_line.endswith(pricing.format_money(b.total, "EUR", 2)) and len(total_line) == WIDTH
    for kind in ("energy", "time", "session_fee", "idle_fee"):
        assert pricing.format_money(b.amount_of(kind), "EUR", 2) in text
    assert r.token not in text            # the key to the receipt is not part of it


def test_amounts_are_right_aligned():
    for line in _lines(render_text(make())):
        if "€" in line and not line.startswith("  "):
            assert len(line) == WIDTH and line[-1].isdigit()


def test_no_pan_beyond_the_masked_form():
    text = render_text(make(masked_pan=PAN))
    assert PAN not in text and "************0119" in text
    assert not re.search(r"\d{11,}", text.replace(" ", ""))


def test_voided_receipt_says_nothing_was_charged():
    r = make(status="voided", total=0, energy_wh=0, breakdown=pricing.quote(TARIFF, 0, 0, 0),
             stop_reason="plug_timeout")
    text = render_text(r)
    assert "VOIDED" in text and "Nothing was charged" in text and "not plugged in" in text
    assert "Energy  " not in text.replace("Energy      ", "")   # no cost lines
    assert re.search(r"^TOTAL +€0\.00$", text, re.M)


def test_capped_receipt_shows_the_tariff_amount():
    b = pricing.quote(TARIFF, 12_345, 0, 0)
    text = render_text(make(breakdown=b, authorized_amount=300, total=300))
    assert "Tariff amount" in text and "Capped at the authorized amount." in text
    assert re.search(r"^TOTAL +€3\.00$", text, re.M)


@pytest.mark.parametrize("lang, words", [
    ("nl", ("LAADBON", "BETAALD", "Aansluiting", "€\u00a050,00", "Btw 21%")),
    ("de", ("LADEBELEG", "BEZAHLT", "Anschluss", "50,00\u00a0€", "MwSt. 21%")),
    ("fr", ("REÇU DE RECHARGE", "PAYÉ", "Connecteur", "50,00\u00a0€", "TVA 21%")),
    ("xx", ("CHARGING RECEIPT", "PAID", "€50.00")),
])
def test_languages(lang, words):
    text = render_text(make(), lang)
    for w in words:
        assert w in text, w
    assert all(len(line) <= WIDTH for line in _lines(text))


def test_language_defaults_to_the_receipts_own():
    assert "LADEBELEG" in render_text(make(language="de"))


def test_long_values_wrap_within_the_width():
    text = render_text(make(station_name="A very long station name " * 3,
                            session_ref="x" * 60),
                       url="https://receipts.example.com/r/" + "T" * 30)
    assert all(len(line) <= WIDTH for line in _lines(text))
    assert "x" * 40 in text
