"""Tariff arithmetic, checked against hand-computed examples and properties.

Every expected amount below is worked out by hand in the comment next to it:
exact rational first, then one half-up rounding per line."""
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk import config
from kiosk.journey import pricing
from kiosk.journey.pricing import Tariff, format_money, quote, round_half_up


def T(**kw) -> Tariff:
    """A tariff with nothing charged unless given, and no VAT unless given."""
    return Tariff(**{"vat_percent_bp": 0, **kw})


def kinds(b) -> dict:
    return {line.kind: line.amount for line in b.lines}


# ----------------------------------------------------------------- rounding

@pytest.mark.parametrize("x, expected", [
    (Fraction(0), 0), (Fraction(1, 2), 1), (Fraction(49, 100), 0), (Fraction(3, 2), 2),
    (Fraction(5, 2), 3),                     # half-up, not banker's rounding (round() gives 2)
    (Fraction(4999, 1000), 5), (Fraction(-1, 2), -1), (Fraction(-3, 10), 0), (7, 7),
])
def test_round_half_up(x, expected):
    assert round_half_up(x) == expected


# ----------------------------------------------------------------- worked examples

def test_energy_039_per_kwh_times_12_345_kwh():
    # 12 345 Wh x 39 / 1000 = 481.455 -> 481
    b = quote(T(energy_per_kwh=39), 12_345, 0, 0)
    assert b.lines == (pricing.CostLine("energy", 12_345, "kWh", 39, 481),)
    assert (b.net, b.vat, b.total) == (481, 0, 481)


@pytest.mark.parametrize("wh, expected", [
    (500, 20),     # 500 x 39 / 1000 = 19.5   -> 20 (exact half goes up)
    (499, 19),     # 499 x 39 / 1000 = 19.461 -> 19
    (501, 20),     # 501 x 39 / 1000 = 19.539 -> 20
    (12, 0),       # 12 x 39 / 1000 = 0.468   -> 0
    (13, 1),       # 13 x 39 / 1000 = 0.507   -> 1
])
def test_energy_rounding_half_up_edges(wh, expected):
    assert quote(T(energy_per_kwh=39), wh, 0, 0).total == expected


def test_energy_is_rounded_once_not_per_kwh():
    # 30 Wh at 0.50/kWh = 30 x 50 / 1000 = 1.5 -> 2. Rounding each 10 Wh
    # (0.5 -> 1) and adding would give 3.
    assert quote(T(energy_per_kwh=50), 30, 0, 0).total == 2


def test_per_minute_price_is_pro_rata_per_second():
    # 0.05/min for 1 h 30 min 30 s = 5430 s: 5430 x 5 / 60 = 452.5 -> 453
    b = quote(T(time_per_minute=5), 0, 5430, 0)
    assert b.lines == (pricing.CostLine("time", 5430, "min", 5, 453),)
    # 59 s at 0.05/min = 4.9166 -> 5; 6 s = 0.5 -> 1; 5 s = 0.4166 -> 0
    assert [quote(T(time_per_minute=5), 0, s, 0).total for s in (59, 6, 5)] == [5, 1, 0]


def test_session_fee_only_when_something_was_delivered():
    t = T(energy_per_kwh=39, session_fee=50)
    assert quote(t, 0, 0, 0).lines == () and quote(t, 0, 0, 0).total == 0   # voidable
    # 1 Wh: 0.039 -> 0 energy, plus 0.50 session fee
    assert kinds(quote(t, 1, 0, 0)) == {"energy": 0, "session_fee": 50}
    # 10 kWh: 390 + 50
    assert quote(t, 10_000, 0, 0).total == 440


@pytest.mark.parametrize("idle_s, minutes, fee", [
    (0, None, 0),
    (30 * 60, None, 0),            # exactly the 30 min grace: free
    (30 * 60 + 1, 1, 10),          # one second over: one started minute, 0.10
    (45 * 60, 15, 150),            # 15 min x 0.10
    (45 * 60 + 59, 16, 160),       # 15 min 59 s: 16 started minutes
    (10 * 3600, 570, 1000),        # 570 min x 0.10 = 57.00, capped at 10.00
])
def test_idle_fee_with_grace_and_cap(idle_s, minutes, fee):
    t = T(idle_fee_per_minute=10, idle_grace_minutes=30, idle_fee_cap=1000)
    b = quote(t, 0, 0, idle_s)
    assert b.amount_of("idle_fee") == fee == b.total
    if minutes is not None:
        assert b.lines[0].quantity == minutes


def test_idle_fee_without_cap():
    # 570 min x 0.10 = 57.00, no cap
    assert quote(T(idle_fee_per_minute=10, idle_grace_minutes=30), 0, 0, 10 * 3600).total == 5700


def demo_like(include_vat: bool) -> Tariff:
    return Tariff(energy_per_kwh=39, session_fee=50, vat_percent_bp=2100,
                  prices_include_vat=include_vat)


def test_vat_included():
    # 481 (12.345 kWh) + 50 = 531 gross; VAT = 531 x 21/121 = 92.157 -> 92; net 439
    b = quote(demo_like(True), 12_345, 0, 0)
    assert (b.total, b.vat, b.net) == (531, 92, 439)
    vat = b.lines[-1]
    assert (vat.kind, vat.quantity, vat.unit_price, vat.amount, vat.included) == (
        "vat", 439, 2100, 92, True)
    assert b.total == sum(line.amount for line in b.lines if not line.included)


def test_vat_excluded():
    # 531 net; VAT = 531 x 0.21 = 111.51 -> 112; total 643
    b = quote(demo_like(False), 12_345, 0, 0)
    assert (b.net, b.vat, b.total) == (531, 112, 643)
    assert b.lines[-1].included is False
    assert b.total == sum(line.amount for line in b.lines)


def test_ocpi_energy_start_fee_and_max_price():
    # OCPI-style public tariff: 0.25/kWh + 0.50 start fee, max price 20.00 (incl. VAT)
    t = Tariff(energy_per_kwh=25, session_fee=50, max_price=2000, vat_percent_bp=2100)
    # 50 kWh: 12.50 + 0.50 = 13.00, under the maximum; VAT 1300 x 21/121 = 225.62 -> 226
    b = quote(t, 50_000, 0, 0)
    assert (b.total, b.vat, b.net) == (1300, 226, 1074)
    assert "max_price_cap" not in kinds(b)
    # 100 kWh: 25.00 + 0.50 = 25.50 -> capped by -5.50 to 20.00;
    # VAT 2000 x 21/121 = 347.107 -> 347, net 1653
    b = quote(t, 100_000, 0, 0)
    assert kinds(b) == {"energy": 2500, "session_fee": 50, "max_price_cap": -550, "vat": 347}
    assert (b.total, b.vat, b.net) == (2000, 347, 1653)


def test_max_price_with_net_prices_caps_what_the_driver_pays():
    # Net prices + 21 % VAT, max 20.00 paid. Largest net n with n + VAT(n) <= 2000:
    # 1653 + 347.13 -> 347 = 2000 fits; 1654 + 347.34 -> 347 = 2001 does not.
    t = Tariff(energy_per_kwh=25, max_price=2000, vat_percent_bp=2100, prices_include_vat=False)
    b = quote(t, 100_000, 0, 0)                       # 25.00 net
    assert kinds(b)["max_price_cap"] == 1653 - 2500
    assert (b.net, b.vat, b.total) == (1653, 347, 2000)


def test_ocpi_time_price_per_hour():
    # 2.00/h charging time, per second: 1 h 45 min = 6300 s x 200/3600 = 350
    b = quote(T(time_per_hour=200), 0, 6300, 0)
    assert b.lines == (pricing.CostLine("time", 6300, "h", 200, 350),)
    # 100 s x 200/3600 = 5.555 -> 6
    assert quote(T(time_per_hour=200), 0, 100, 0).total == 6


def test_ocpi_parking_time_per_hour_as_idle_fee():
    # Parking (idle) 2.00/h per started minute, no grace:
    # 90 s -> 2 min x 200/60 = 6.667 -> 7; 60 min -> 200; 61 min 1 s -> 62 min = 206.67 -> 207
    t = T(idle_fee_per_hour=200)
    assert [quote(t, 0, 0, s).total for s in (90, 3600, 3661)] == [7, 200, 207]
    assert quote(t, 0, 0, 90).lines[0].unit == "h"


def test_full_session_all_lines_in_order():
    # 0.39/kWh, 0.02/min, 0.50 fee, 0.10/min idle after 30 min, 21 % incl.
    # 20 kWh = 780; 2 h = 120 min x 2 = 240; fee 50; idle 40 min -> 10 min = 100; total 1170
    # VAT 1170 x 21/121 = 203.06 -> 203
    t = Tariff(energy_per_kwh=39, time_per_minute=2, session_fee=50, idle_fee_per_minute=10,
               idle_grace_minutes=30, vat_percent_bp=2100)
    b = quote(t, 20_000, 7200, 40 * 60)
    assert [line.kind for line in b.lines] == ["energy", "time", "session_fee", "idle_fee", "vat"]
    assert (b.total, b.vat, b.net) == (1170, 203, 967)


def test_quote_refuses_negative_quantities():
    with pytest.raises(ValueError):
        quote(T(), -1, 0, 0)


# ----------------------------------------------------------------- configuration

def test_config_default_tariff_is_the_documented_one():
    t = config.embedded_demo().tariff
    assert t == Tariff(currency="EUR", minor_units=2, energy_per_kwh=39, session_fee=50,
                       idle_fee_per_minute=10, idle_grace_minutes=30, idle_fee_cap=1000,
                       vat_percent_bp=2100, prices_include_vat=True)
    assert Tariff.from_mapping({k: v for k, v in config.DEFAULT_TARIFF.items()}) == t  # None ok


@pytest.mark.parametrize("data, message", [
    ({"colour": "red"}, "tariff.colour: unknown key"),
    ({"energy_per_kwh": 0.39}, "tariff.energy_per_kwh: must be a whole number of minor units"),
    ({"energy_per_kwh": "39"}, "tariff.energy_per_kwh: must be a whole number"),
    ({"session_fee": True}, "tariff.session_fee: must be a whole number"),
    ({"idle_fee_cap": -1}, "tariff.idle_fee_cap: must not be negative"),
    ({"currency": "eur"}, "tariff.currency: must be a three-letter ISO 4217 code"),
    ({"currency": "EURO"}, "tariff.currency"),
    ({"minor_units": 7}, "tariff.minor_units: must be between 0 and 4"),
    ({"vat_percent_bp": 21.0}, "tariff.vat_percent_bp: must be a whole number"),
    ({"vat_percent_bp": 10_001}, "tariff.vat_percent_bp: must be at most"),
    ({"prices_include_vat": 1}, "tariff.prices_include_vat: must be true or false"),
    ({"time_per_minute": 2, "time_per_hour": 120}, "tariff.time_per_hour: give"),
    ({"idle_fee_per_minute": 2, "idle_fee_per_hour": 120}, "tariff.idle_fee_per_hour: give"),
])
def test_from_mapping_names_the_key(data, message):
    with pytest.raises(ValueError) as e:
        Tariff.from_mapping(data)
    assert str(e.value).startswith(message)


def test_config_reports_tariff_errors_as_config_errors():
    with pytest.raises(config.ConfigError, match=r"^tariff\.energy_per_kwh: must not be negative"):
        config.from_mapping({"tariff": {"energy_per_kwh": -1}})
    cfg = config.from_mapping({"tariff": {"max_price": 2000, "time_per_hour": 200}})
    assert (cfg.tariff.max_price, cfg.tariff.time_per_hour) == (2000, 200)


def test_price_display():
    pd = pricing.price_display(config.embedded_demo().tariff)
    assert (pd.energy_per_kwh, pd.time_per_minute, pd.session_fee, pd.idle_fee_per_minute,
            pd.idle_grace_minutes, pd.idle_fee_cap, pd.max_price) == (39, 0, 50, 10, 30, 1000, 0)
    # 2.00/h is 3.33/min: shown per minute rounded (3), per hour exact (200)
    pd = pricing.price_display(T(time_per_hour=200, idle_fee_per_hour=200))
    assert (pd.time_per_minute, pd.time_per_hour, pd.idle_fee_per_minute,
            pd.idle_fee_per_hour) == (3, 200, 3, 200)
    assert all(isinstance(v, int) for k, v in vars(pd).items() if k != "currency")


def test_energy_for_amount():
    # demo: 50.00 buys 49.50 of energy after the 0.50 fee; 126 935 Wh x 0.039 = 4950.465 -> 4950,
    # one Wh more = 4950.504 -> 4951
    t = config.embedded_demo().tariff
    assert pricing.energy_for_amount(t, 5000) == 126_935
    assert pricing.energy_for_amount(T(), 5000) == 0


# ----------------------------------------------------------------- formatting

@pytest.mark.parametrize("amount, currency, mu, lang, text", [
    (1250, "EUR", 2, "en", "€12.50"),
    (1250, "EUR", 2, "nl", "€\u00a012,50"),
    (1250, "EUR", 2, "de", "12,50\u00a0€"),
    (1250, "EUR", 2, "fr", "12,50\u00a0€"),
    (5, "EUR", 2, "en", "€0.05"),
    (0, "EUR", 2, "de", "0,00\u00a0€"),
    (123456789, "EUR", 2, "en", "€1,234,567.89"),
    (123456789, "EUR", 2, "nl", "€\u00a01.234.567,89"),
    (123456789, "EUR", 2, "de", "1.234.567,89\u00a0€"),
    (123456789, "EUR", 2, "fr", "1\u00a0234\u00a0567,89\u00a0€"),
    (-550, "EUR", 2, "en", "-€5.50"),
    (-550, "EUR", 2, "nl", "€\u00a0-5,50"),
    (-550, "EUR", 2, "fr", "-5,50\u00a0€"),
    (1250, "GBP", 2, "en", "GBP\u00a012.50"),
    (1250, "CHF", 2, "de", "12,50\u00a0CHF"),
    (1234, "JPY", 0, "en", "JPY\u00a01,234"),
    (12345, "KWD", 3, "nl", "KWD\u00a012,345"),
    (1250, "EUR", 2, "es", "€12.50"),       # unknown language: English
    (1250, "EUR", 2, "de_CH", "12,50\u00a0€"),
])
def test_format_money(amount, currency, mu, lang, text):
    assert format_money(amount, currency, mu, lang) == text


# ----------------------------------------------------------------- properties

tariffs = st.builds(
    Tariff,
    energy_per_kwh=st.integers(0, 2000), time_per_minute=st.integers(0, 100),
    session_fee=st.integers(0, 500), idle_fee_per_minute=st.integers(0, 100),
    idle_grace_minutes=st.integers(0, 60), idle_fee_cap=st.integers(0, 5000),
    max_price=st.integers(0, 20_000), vat_percent_bp=st.integers(0, 10_000),
    prices_include_vat=st.booleans())
per_hour_tariffs = st.builds(
    Tariff, energy_per_kwh=st.integers(0, 2000), time_per_hour=st.integers(0, 2000),
    idle_fee_per_hour=st.integers(0, 2000), max_price=st.integers(0, 20_000),
    vat_percent_bp=st.integers(0, 3000), prices_include_vat=st.booleans())
any_tariff = st.one_of(tariffs, per_hour_tariffs)
wh = st.integers(0, 200_000)
secs = st.integers(0, 48 * 3600)


def test_the_breakdown_caps_at_the_amount_reserved():
    # A near-limit session then a parked car: 48.40 + 0.50 + idle 10.00 = 58.90 on a
    # 50.00 hold. Only 50.00 can be collected, so the receipt says so with a negative
    # line, and its VAT is the VAT of 50.00 (867.77 -> 868), not of 58.90.
    t = Tariff(energy_per_kwh=40, session_fee=50, idle_fee_per_minute=10,
               idle_grace_minutes=0, idle_fee_cap=1000, vat_percent_bp=2100)
    b = quote(t, 121_000, 0, 6000, reserved=5000)
    assert kinds(b) == {"energy": 4840, "session_fee": 50, "idle_fee": 1000,
                        "reserved_cap": -890, "vat": 868}
    assert (b.total, b.vat, b.net) == (5000, 868, 4132)
    assert quote(t, 121_000, 0, 6000).total == 5890        # uncapped without a hold
    assert "reserved_cap" not in kinds(quote(t, 10_000, 0, 0, reserved=5000))
    # Net prices: the largest net whose gross fits the hold (4132 + 867.72 -> 868).
    net = Tariff(energy_per_kwh=40, vat_percent_bp=2100, prices_include_vat=False)
    b = quote(net, 150_000, 0, 0, reserved=5000)
    assert (b.net, b.vat, b.total) == (4132, 868, 5000)


@settings(max_examples=300)
@given(any_tariff, wh, secs, secs, st.integers(min_value=0, max_value=20_000))
def test_breakdown_invariants(t, e, c, i, reserved):
    b = quote(t, e, c, i, reserved=reserved)
    assert b.total >= 0 and b.net >= 0 and b.vat >= 0
    assert b.net + b.vat == b.total
    assert b.total == sum(line.amount for line in b.lines if not line.included)
    if t.max_price:
        assert b.total <= t.max_price
    if reserved:
        assert b.total <= reserved
    assert all(line.amount >= 0 for line in b.lines
               if line.kind not in ("max_price_cap", "reserved_cap"))
    assert all(isinstance(line.amount, int) for line in b.lines)


@settings(max_examples=300)
@given(any_tariff, wh, wh, secs, secs, secs)
def test_total_is_monotonic(t, e1, e2, c1, c2, i):
    e1, e2 = sorted((e1, e2))
    c1, c2 = sorted((c1, c2))
    assert quote(t, e1, c1, i).total <= quote(t, e2, c1, i).total
    assert quote(t, e1, c1, i).total <= quote(t, e1, c2, i).total
    assert quote(t, e1, c1, 0).total <= quote(t, e1, c1, i).total


SEARCH_BOUND = 10**12   # energy_for_amount stops doubling here (everything fits a max price)


@given(any_tariff, st.integers(0, 100_000))
def test_energy_for_amount_is_the_most_that_fits(t, amount):
    w = pricing.energy_for_amount(t, amount)
    if not t.energy_per_kwh:
        assert w == 0                               # free energy: the screen says nothing
        return
    assert quote(t, w, 0, 0).total <= amount        # not too much...
    if quote(t, w + 1, 0, 0).total <= amount:       # ...and not too little: one Wh more
        assert w + 1 >= SEARCH_BOUND                # fits only when a max price caps it all
    else:
        assert amount < quote(t, w + 1, 0, 0).total


def test_energy_for_amount_by_hand():
    # 0.39/kWh, no fee: 10.00 = 1,000 cents. 25,653 Wh x 39/1000 = 1,000.467 -> 1,000;
    # 25,654 Wh = 1,000.506 -> 1,001. The most: 25,653.
    assert pricing.energy_for_amount(T(energy_per_kwh=39), 1000) == 25_653
    # 0.30/kWh + 0.50 fee: 3.20 leaves 270 cents for energy. 9,016 Wh x 30/1000 = 270.48
    # -> 270; 9,017 Wh = 270.51 -> 271. The most: 9,016.
    assert pricing.energy_for_amount(T(energy_per_kwh=30, session_fee=50), 320) == 9_016
    # Less than the fee buys nothing.
    assert pricing.energy_for_amount(T(energy_per_kwh=30, session_fee=50), 49) == 0
    # A 2.00 maximum price under a 5.00 hold: every energy fits, the search stops at its bound.
    assert pricing.energy_for_amount(T(energy_per_kwh=30, max_price=200), 500) >= SEARCH_BOUND - 1
