"""Pricing edges that the mutation pass (make mutate) showed no test pinned down,
each worked out by hand."""
from __future__ import annotations

from kiosk.journey import pricing
from kiosk.journey.pricing import Tariff, quote


def T(**kw) -> Tariff:
    return Tariff(**{"vat_percent_bp": 0, **kw})


def test_what_a_reservation_buys_ignores_time_and_idle_prices():
    # 0.39/kWh and 7.00 held: 17,961 Wh x 39/1000 = 700.479 -> 7.00; 17,962 Wh = 700.518
    # -> 7.01. A time price (1.00 per second) or an idle fee (1.00 per minute) is not part
    # of it: the screen says how much energy the hold buys.
    for t in (T(energy_per_kwh=39), T(energy_per_kwh=39, time_per_minute=6000),
              T(energy_per_kwh=39, idle_fee_per_minute=100)):
        assert pricing.energy_for_amount(t, 700) == 17_961


def test_the_largest_net_within_a_gross_cap_of_one_cent():
    # Net prices, 50 % VAT, a 0.01 maximum price: 1 net + 0.5 -> 1 VAT = 0.02 > 0.01, so
    # nothing net fits and the driver pays 0.00.
    t = T(energy_per_kwh=100, vat_percent_bp=5000, prices_include_vat=False, max_price=1)
    b = quote(t, 1_000, 0, 0)
    assert (b.net, b.vat, b.total) == (0, 0, 0)
    assert b.amount_of("max_price_cap") == -100


def test_the_largest_net_within_a_gross_cap_is_the_largest():
    # Net, 21 % VAT, 5.00 maximum: 413 net + 86.73 -> 87 VAT = 5.00; 414 + 86.94 -> 87 = 5.01.
    t = T(energy_per_kwh=100, vat_percent_bp=2100, prices_include_vat=False, max_price=500)
    b = quote(t, 10_000, 0, 0)
    assert (b.net, b.vat, b.total) == (413, 87, 500)
    # 9.00 maximum at 21 %: 744 net + 156.24 -> 156 = 9.00; 745 + 156.45 -> 156 = 9.01. The
    # first guess (900 x 10000 // 12100 + 1 = 744) fits at once.
    t = T(energy_per_kwh=100, vat_percent_bp=2100, prices_include_vat=False, max_price=900)
    assert (quote(t, 10_000, 0, 0).net, quote(t, 10_000, 0, 0).total) == (744, 900)


def test_the_limits_of_a_tariff():
    import pytest
    assert Tariff(minor_units=4).minor_units == 4               # 0.0001 is the finest unit
    with pytest.raises(ValueError, match="tariff.minor_units: must be between 0 and 4, not 5"):
        Tariff(minor_units=5)
    assert Tariff(vat_percent_bp=10_000).vat_percent_bp == 10_000    # 100 % is the most
    with pytest.raises(ValueError, match=r"tariff.vat_percent_bp: must be at most 10000 "):
        Tariff(vat_percent_bp=10_001)
    with pytest.raises(ValueError, match="energy_wh: must be a whole number not below 0, "
                                         "not True"):
        quote(T(energy_per_kwh=39), True, 0, 0)


def test_a_waived_session_fee_is_a_line_of_zero():
    # 100 Wh at 0.39 = 0.039 -> 0.04; the 0.50 fee shown as waived, 0.00.
    b = quote(T(energy_per_kwh=39, session_fee=50), 100, 0, 0, waive_session_fee=True)
    assert [(line.kind, line.quantity, line.unit, line.unit_price, line.amount)
            for line in b.lines] == [("energy", 100, "kWh", 39, 4),
                                     ("session_fee_waived", 1, "session", 50, 0)]
    assert b.total == 4
