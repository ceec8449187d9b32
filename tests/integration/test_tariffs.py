"""Every kind of tariff end to end, with amounts worked out by hand.

The real PSP client over TCP to the terminal simulator, the simulated charger, real
books; nothing here calls kiosk/journey/pricing.py. Time is manual (Kiosk
manual_time): the charger moves only in `advance`, in steps of exactly 12 s at the
power the vehicle is limited to, so a session delivers

    energy_wh = floor(steps * power_w * 12 s / 3600)  =  floor(seconds * power_w / 3600)

and the journey's wall clock moves only when the test adds idle seconds. Each row
below is a tariff, what is delivered, and the amount the terminal must commit, with
the arithmetic in the comment. Rounding is half up, once per line.
"""
from __future__ import annotations

import pytest

from kiosk.journey.snapshot import Phase

from kiosk_harness import Kiosk

pytestmark = pytest.mark.timeout(30)

NOTHING = {"energy_per_kwh": 0, "time_per_minute": 0, "time_per_hour": 0, "session_fee": 0,
           "idle_fee_per_minute": 0, "idle_fee_per_hour": 0, "idle_grace_minutes": 0,
           "idle_fee_cap": 0, "max_price": 0, "vat_percent_bp": 2100, "prices_include_vat": True}

# name: (tariff, power W, charging s, idle s after the stop, energy Wh, lines, total)
TARIFFS = {
    # 12,345 W for 3,600 s = 12,345 Wh. 12,345 Wh x 0.39/kWh = 481.455 -> 4.81.
    # VAT 21 % included: 481 x 21/121 = 83.48 -> 0.83.
    "energy only": (dict(energy_per_kwh=39), 12_345, 3_600, 0, 12_345,
                    {"energy": 481, "vat": 83}, 481),
    # 7,230 W for 1,512 s (126 steps) = 3,036.6 -> 3,036 Wh; x 0.25 = 75.9 -> 0.76.
    # time 1,512 s x 0.03/min = 1,512 x 3/60 = 75.6 -> 0.76. 76 + 76 = 1.52.
    # VAT included: 152 x 21/121 = 26.38 -> 0.26.
    "energy + time": (dict(energy_per_kwh=25, time_per_minute=3), 7_230, 1_512, 0, 3_036,
                      {"energy": 76, "time": 76, "vat": 26}, 152),
    # 11,000 W for 1,200 s = 3,666.67 -> 3,666 Wh; x 0.39 = 142.974 -> 1.43. Session fee 0.50.
    # Idle 40 min 1 s = 2,401 s, grace 30 min: 601 s billable = 11 started minutes
    # x 0.10 = 1.10 (under the 1.50 cap). 143 + 50 + 110 = 3.03; VAT 303 x 21/121 = 52.59 -> 0.53.
    "session fee + idle per minute, grace, cap": (
        dict(energy_per_kwh=39, session_fee=50, idle_fee_per_minute=10, idle_grace_minutes=30,
             idle_fee_cap=150), 11_000, 1_200, 2_401, 3_666,
        {"energy": 143, "session_fee": 50, "idle_fee": 110, "vat": 53}, 303),
    # The same 3,666 Wh -> 1.43. Idle 27 min = 1,620 s, grace 10 min: 1,020 s = 17 minutes
    # at 2.00/h = 17 x 200/60 = 56.67 -> 0.57. 143 + 57 = 2.00; VAT 200 x 21/121 = 34.71 -> 0.35.
    "idle per hour": (
        dict(energy_per_kwh=39, idle_fee_per_hour=200, idle_grace_minutes=10), 11_000, 1_200,
        1_620, 3_666, {"energy": 143, "idle_fee": 57, "vat": 35}, 200),
    # 14,000 W for 3,600 s = 14,000 Wh x 0.39 = 5.46, + 0.50 fee = 5.96, capped at the 5.00
    # maximum price (a -0.96 line). VAT included: 500 x 21/121 = 86.78 -> 0.87.
    "max price": (dict(energy_per_kwh=39, session_fee=50, max_price=500), 14_000, 3_600, 0,
                  14_000, {"energy": 546, "session_fee": 50, "max_price_cap": -96, "vat": 87},
                  500),
    # Net prices: 12,350 W for 3,600 s = 12,350 Wh x 0.30 = 370.5 -> 3.71 (the half rounds
    # up). VAT 21 % on top: 371 x 0.21 = 77.91 -> 0.78. 371 + 78 = 4.49.
    "VAT exclusive": (dict(energy_per_kwh=30, prices_include_vat=False), 12_350, 3_600, 0,
                      12_350, {"energy": 371, "vat": 78}, 449),
}


async def charge(k: Kiosk, power_w: int, seconds: int, energy_wh: int) -> None:
    """Plug In to Start on connector 1, then `seconds` of charging at `power_w`."""
    k.charger.set_power(1, power_w)            # the vehicle's limit, before it is plugged
    k.charger.plug(1)
    await k.shows(1, Phase.PRESENT_CARD)
    await k.tap("visa")
    await k.wait("charging", connector=1)
    k.charger.advance(seconds)
    await k.until(lambda: k.view.connector(1).energy_wh == energy_wh, 5,
                  f"{energy_wh} Wh on the screen")


@pytest.mark.parametrize("name", list(TARIFFS))
async def test_each_tariff_commits_the_hand_worked_amount(tmp_path, name):
    tariff, power_w, seconds, idle_s, energy_wh, lines, total = TARIFFS[name]
    async with Kiosk(tmp_path, {"tariff": {**NOTHING, **tariff}}, manual_time=True) as k:
        await charge(k, power_w, seconds, energy_wh)
        if idle_s:
            await k.tap("visa")                 # stop by card; the car stays in the bay
            await k.shows(1, Phase.IDLE_FEE)
            k.wall_now += idle_s
        k.charger.unplug(1)
        end = await k.wait("session_end", connector=1)
        assert (end["energy_wh"], end["amount"], end["status"]) == (energy_wh, total, "paid")
        receipt = (await k.shows(1, Phase.RECEIPT)).receipt
        assert {line.kind: line.amount for line in receipt.lines} == lines
        assert receipt.total == total
        await k.wait("money_command", kind="commit", state="done", payment=end["payment"])
        s = k.terminal_session(end["payment"])
        assert (s.status, s.committed_amount) == ("committed", total)
        assert k.books.payment(end["payment"]).state == "committed"
        assert k.books.payment(end["payment"]).final_amount == total


async def test_idle_per_hour_is_shown_while_the_car_stays(tmp_path):
    # 2.00/h from the first idle minute: after 30 idle minutes, 30 x 200/60 = 1.00 so far;
    # the screen's cost is the energy's 1.43 (as in the table) plus that: 2.43.
    tariff = {**NOTHING, "energy_per_kwh": 39, "idle_fee_per_hour": 200}
    async with Kiosk(tmp_path, {"tariff": tariff}, manual_time=True) as k:
        await charge(k, 11_000, 1_200, 3_666)
        await k.tap("visa")
        await k.shows(1, Phase.IDLE_FEE)
        k.wall_now += 30 * 60
        # The idle fee is worked out with each snapshot, the running cost on the idle
        # phase's once-a-second tick.
        await k.until(lambda: (k.view.connector(1).idle_fee, k.view.connector(1).cost)
                      == (100, 243), 5, "1.00 idle fee and 2.43 so far shown")
        assert k.view.connector(1).prompt.id == "idle_fee_running"
