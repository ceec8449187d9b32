"""The attract screen's price table (issue 17 item 1): each price in the unit the
tariff states it in, no non-zero price dropped, the maximum price shown.
Expected strings are written out by hand."""
from kiosk.journey import pricing
from kiosk.journey.price_table import price_view


def view(lang="en", **kw):
    t = pricing.Tariff(**{"energy_per_kwh": 39, **kw})
    return price_view(t, lambda a: pricing.format_money(a, "EUR", 2, lang), 5000, lang)


def test_per_hour_time_price_stays_per_hour():
    # 200 minor units per hour = €2.00/h (was shown as 200/60 = 3.33 -> "€0.03/min")
    assert view(time_per_hour=200).time_price == "€2.00/h"


def test_small_per_hour_price_is_not_dropped():
    # 25/h rounded to per minute is 25/60 = 0.42 -> 0 and the row vanished; as stated: €0.25/h
    assert view(time_per_hour=25).time_price == "€0.25/h"


def test_per_minute_price_stays_per_minute():
    assert view(time_per_minute=5).time_price == "€0.05/min"


def test_no_time_price_no_row():
    assert view().time_price == ""


def test_idle_fee_per_hour_stays_per_hour():
    v = view(idle_fee_per_hour=200, idle_grace_minutes=30, idle_fee_cap=1000)
    assert v.idle_fee == "€2.00/h after 30 min, max €10.00"
    assert v.idle_fee_charged


def test_idle_fee_per_minute():
    assert view(idle_fee_per_minute=10, idle_grace_minutes=15).idle_fee == "€0.10/min after 15 min"


def test_max_price_shown_when_the_tariff_has_one():
    assert view(max_price=3000).max_price == "at most €30.00 per session"
    assert view().max_price == ""


def test_other_languages():
    # nl: "€ 2,00" with a no-break space; de/fr: "2,00 €" with a no-break space
    nb = "\u00a0"
    assert view("nl", time_per_hour=200).time_price == f"€{nb}2,00/uur"
    assert view("de", time_per_hour=200).time_price == f"2,00{nb}€/Std."
    assert view("fr", time_per_hour=200).time_price == f"2,00{nb}€/h"
    assert view("de", idle_fee_per_minute=10, idle_grace_minutes=30).idle_fee \
        == f"0,10{nb}€/Min. nach 30 Min."
    assert view("nl", max_price=3000).max_price == f"maximaal €{nb}30,00 per laadsessie"
    assert view("de", max_price=3000).max_price == f"höchstens 30,00{nb}€ pro Ladevorgang"
    assert view("fr", max_price=3000).max_price == f"au maximum 30,00{nb}€ par session"
