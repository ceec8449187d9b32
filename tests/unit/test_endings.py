"""Why a session ended, what the driver is told, and the session fee the station
waives when it ended a session early (issue 11, item 2). Amounts worked by hand."""
import pytest

from kiosk import config
from kiosk.journey import endings, pricing
from kiosk.journey.prompts import LANGUAGES, PromptId, render
from kiosk.receipts.model import Receipt
from kiosk.receipts.render import render_text

# 0.39 per kWh and 0.50 per session, 21 % VAT included; no fee under 100 Wh.
T = pricing.Tariff(energy_per_kwh=39, session_fee=50, vat_percent_bp=2100,
                   min_energy_wh_for_fee=100)
MONEY = {"amount": 0, "currency": "EUR", "minor_units": 2}


def test_min_energy_for_fee_defaults_to_100_wh_and_is_validated():
    assert config.embedded_demo().tariff.min_energy_wh_for_fee == 100
    cfg = config.from_mapping({"tariff": {"min_energy_wh_for_fee": 250}})
    assert cfg.tariff.min_energy_wh_for_fee == 250
    with pytest.raises(config.ConfigError, match=r"^tariff.min_energy_wh_for_fee: must not be negative"):
        config.from_mapping({"tariff": {"min_energy_wh_for_fee": -1}})
    with pytest.raises(config.ConfigError, match=r"^tariff.min_energy_wh_for_fee: must be a whole number"):
        config.from_mapping({"tariff": {"min_energy_wh_for_fee": 0.5}})


@pytest.mark.parametrize("energy_wh,station_ended,waived", [
    (60, True, True),        # a fault after 60 Wh: under 100 Wh, no fee
    (99, True, True),
    (100, True, False),      # 100 Wh is enough: the fee stands
    (60, False, False),      # the driver stopped early: the fee stands
])
def test_session_fee_waived_only_when_the_station_ended_it_early(energy_wh, station_ended, waived):
    assert pricing.session_fee_waived(T, energy_wh, station_ended) is waived


def test_no_fee_to_waive_when_the_tariff_has_none():
    assert not pricing.session_fee_waived(pricing.Tariff(energy_per_kwh=39), 10, True)


def test_waived_quote_has_a_zero_line_in_place_of_the_fee():
    # 60 Wh x 0.39/kWh = 2.34 cents -> 2; fee 0.50 waived -> total 0.02;
    # VAT in it: 2 x 21/121 = 0.347 -> 0.
    q = pricing.quote(T, 60, 40, 0, waive_session_fee=True)
    assert [(ln.kind, ln.amount) for ln in q.lines] == [("energy", 2), ("session_fee_waived", 0),
                                                         ("vat", 0)]
    assert q.total == 2 and q.vat == 0
    # Not waived: 2 + 50 = 52; VAT 52 x 21/121 = 9.02 -> 9.
    q = pricing.quote(T, 60, 40, 0)
    assert [(ln.kind, ln.amount) for ln in q.lines] == [("energy", 2), ("session_fee", 50),
                                                         ("vat", 9)]
    assert q.total == 52


@pytest.mark.parametrize("reason,station", [
    ("tap_to_stop", False), ("unplugged", False), ("ui_stop", False), ("ev_stopped", False),
    ("ev_full", False), ("limit_reached", False), ("update_refused", False),
    ("fault", True), ("charger_lost", True), ("charger_no_start", True),
    ("plug_timeout", False), ("cancelled", False)])
def test_who_ended_it(reason, station):
    assert endings.station_caused(reason) is station


def test_a_driver_stop_before_plug_in_is_a_cancel():
    assert endings.before_plug_in("ui_stop") == "cancelled"
    assert endings.before_plug_in("tap_to_stop") == "cancelled"
    assert endings.before_plug_in("fault") == "fault"


@pytest.mark.parametrize("lang", [code for code, _ in LANGUAGES])
@pytest.mark.parametrize("reason", sorted(endings.REASONS))
def test_every_ending_says_why_in_every_language(reason, lang):
    """Charged or not, every reason gives a title and words of its own; a station
    ending never says 'Thank you'."""
    for charged in (True, False):
        p = endings.ending_prompt(reason, connector=1, charged=charged,
                                  money={**MONEY, "amount": 52}, energy_wh=60, reference="K7QM-4TZP")
        t, b = render(p, lang)
        assert t and b, (reason, charged)
        if endings.station_caused(reason):
            assert p.id != PromptId.RECEIPT
            assert not t.startswith(("Thank", "Bedankt", "Vielen Dank", "Merci"))
        if reason == "cancelled":
            assert p.id == PromptId.CANCELLED
    en = render(endings.ending_prompt(reason, connector=1, charged=True, money=MONEY), "en")[1]
    other = {render(endings.ending_prompt(r, connector=1, charged=True, money=MONEY), "en")[1]
             for r in endings.REASONS - {reason}}
    assert en not in other or reason in ("plug_timeout", "cancelled"), "a reason lost in a shared text"


def test_station_ending_words_in_english():
    p = endings.ending_prompt("fault", connector=1, charged=True, money={**MONEY, "amount": 2},
                              energy_wh=60, reference="K7QM-4TZP", fee_waived=True)
    assert render(p, "en") == (
        "Charging stopped: charger fault",
        "A charger fault stopped charging. 0.06\u00a0kWh delivered, €0.02 charged. "
        "No session fee. Reference: K7QM-4TZP")
    p = endings.ending_prompt("cancelled", connector=1, charged=False, money=MONEY)
    assert render(p, "en") == ("Cancelled — nothing charged",
                               "The reservation on your card is released.")


def test_receipt_text_names_the_reason_and_the_waived_fee():
    q = pricing.quote(T, 60, 40, 0, waive_session_fee=True)
    r = Receipt(station_id="S", station_name="Station", connector_id=1, token="t",
                short_ref="K7QM-4TZP", started_at=0, stopped_at=40, energy_wh=60, breakdown=q,
                authorized_amount=5000, total=2, stop_reason="fault")
    text = render_text(r, "en")
    assert "charger fault" in text
    assert "Session fee waived" in text
    assert "No session fee: the station ended the session early." in " ".join(text.split())
    assert "Session fee waived" not in render_text(
        Receipt(station_id="S", station_name="Station", connector_id=1, token="t",
                short_ref="K7QM-4TZP", started_at=0, stopped_at=40, energy_wh=60,
                breakdown=pricing.quote(T, 60, 40, 0), authorized_amount=5000, total=52,
                stop_reason="unplugged"), "en")


def test_evse_id_one_for_the_station_or_one_per_connector():
    one = config.from_mapping({"station": {"evse_id": "NL*EVK*E1234"}})
    assert config.evse_id(one, 1) == config.evse_id(one, 2) == "NL*EVK*E1234"
    each = config.from_mapping({"station": {"evse_id": ["NL*EVK*E1*1", "NL*EVK*E1*2"]}})
    assert (config.evse_id(each, 1), config.evse_id(each, 2)) == ("NL*EVK*E1*1", "NL*EVK*E1*2")
    assert config.evse_id(config.embedded_demo(), 1) == ""
    with pytest.raises(config.ConfigError, match=r"^station.evse_id: 1 given, one per connector"):
        config.from_mapping({"station": {"evse_id": ["NL*EVK*E1*1"]}})      # 2 connectors
    with pytest.raises(config.ConfigError, match=r"^station.evse_id: must be text or a list"):
        config.from_mapping({"station": {"evse_id": [1, 2]}})


def test_receipt_text_names_the_charge_point_and_the_helpline():
    r = Receipt(station_id="S", station_name="Station", connector_id=2, token="t",
                short_ref="K7QM-4TZP", started_at=0, stopped_at=40, energy_wh=60,
                breakdown=pricing.quote(T, 60, 40, 0), total=52, stop_reason="charger_lost",
                evse_id="NL*EVK*E1*2", helpline="+31 20 123 4567")
    text = render_text(r, "nl")
    assert "NL*EVK*E1*2" in text and "+31 20 123 4567" in text and "Hulp" in text
    assert Receipt.from_dict(r.to_dict()) == r
