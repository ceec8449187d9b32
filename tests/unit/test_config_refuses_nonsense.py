"""Issue 10 item 5: a configuration either loads as one the kiosk can run, or is
refused with one line naming the key (exit 2) — never a traceback, never a kiosk
that dies later on a timer that cannot be armed or an amount no field carries.

Each file is a real file read by the real loader; a few go through the real
`ev-kiosk` process. The property test writes random TOML (a tiny writer below:
the standard library reads TOML but does not write it)."""
from __future__ import annotations

import asyncio
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk import config
from kiosk.journey import pricing
from kiosk.psp.messages import StartSession, UpdateSession

# ------------------------------------------------------------------ the named refusals

REFUSED = {
    "infinite timeout": ("[timeouts]\nplug_in_s = inf", "timeouts.plug_in_s"),
    "NaN timeout": ("[timeouts]\nreceipt_s = nan", "timeouts.receipt_s"),
    "zero timeout": ("[timeouts]\ncharger_start_s = 0", "timeouts.charger_start_s"),
    "a year of choosing": ("[timeouts]\nchoice_s = 31536000", "timeouts.choice_s"),
    "keep-alive past the terminal's 20 s idle close": ("[terminal]\nkeepalive_s = 20",
                                                       "terminal.keepalive_s"),
    "keep-alive zero": ("[terminal]\nkeepalive_s = 0", "terminal.keepalive_s"),
    "reservation past 32 bits": ("[payment]\nreservation = 4294967296", "payment.reservation"),
    "reservation above a sane hold": ("[payment]\nreservation = 100001", "payment.reservation"),
    "reservation below the session fee": ("[payment]\nreservation = 40\n[tariff]\nsession_fee = 50",
                                          "payment.reservation"),
    "amount choice past 32 bits": ('[payment]\nstrategy = "driver_cap"\n'
                                   "amount_choices = [2000, 4294967296]", "payment.amount_choices"),
    "incremental step past 32 bits": ("[payment]\nincremental_step = 4294967296",
                                      "payment.incremental_step"),
    "minor units that disagree with ISO 4217": ('[tariff]\ncurrency = "JPY"\nminor_units = 2',
                                                "tariff.minor_units"),
    "unknown currency": ('[tariff]\ncurrency = "XYZ"', "tariff.currency"),
    "receipt URL that is not http(s)": ('[station]\nreceipt_base_url = "javascript:alert(1)"',
                                        "station.receipt_base_url"),
    "receipt URL without a host": ('[station]\nreceipt_base_url = "https:///r/"',
                                   "station.receipt_base_url"),
    "unknown terminal_position": ('[station]\nterminal_position = "upside-down"',
                                  "station.terminal_position"),
    "terminal URL without a host": ('[terminal]\nurl = "tcp://:3201"', "terminal.url"),
    "terminal URL with a port out of range": ('[terminal]\nurl = "tcp://10.0.0.5:70000"',
                                              "terminal.url"),
    "terminal URL with a port that is not a number": ('[terminal]\nurl = "tcp://10.0.0.5:http"',
                                                      "terminal.url"),
    "time_scale zero": ("[charger]\ntime_scale = 0.0", "charger.time_scale"),
    "time_scale absurd": ("[charger]\ntime_scale = 1e12", "charger.time_scale"),
    "a top-level key that should be a table": ("tariff = 5", "[tariff]"),
    "a section given as an array of tables": ('[[station]]\nname = "x"', "[station]"),
    "a top-level string": ('station = "x"', "[station]"),
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_nonsense_is_refused_with_one_line_naming_the_key(tmp_path, name):
    text, key = REFUSED[name]
    path = tmp_path / "station.toml"
    path.write_text(text + "\n")
    with pytest.raises(config.ConfigError) as e:
        config.load(path)
    line = str(e.value)
    assert "\n" not in line and line.startswith(key), line


def test_data_dir_that_is_a_file_or_not_writable_is_refused(tmp_path):
    a_file = tmp_path / "books-here"
    a_file.write_text("not a directory")
    path = tmp_path / "station.toml"
    path.write_text(f'[station]\ndata_dir = "{a_file / "sub"}"\n')
    with pytest.raises(config.ConfigError, match=r"^station.data_dir: .* is not a directory"):
        config.load(path)
    if os.geteuid() == 0:
        return   # root writes anywhere: the permission half cannot fail here
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    path.write_text(f'[station]\ndata_dir = "{locked}"\n')
    with pytest.raises(config.ConfigError, match=r"^station.data_dir: .*not writable"):
        config.load(path)


def test_binary_and_non_utf8_files_are_refused_by_the_kiosk_process(tmp_path):
    """Through the real process: exit 2, one line, for configuration and scenario."""
    binary = tmp_path / "station.toml"
    binary.write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)))
    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes('[station]\nname = "Café"\n'.encode("latin-1"))
    good = tmp_path / "good.toml"
    good.write_text(f'[station]\ndata_dir = "{tmp_path / "data"}"\n')
    scenario = tmp_path / "scenario.toml"
    scenario.write_bytes(b"\xff\xfe[[step]]\x00")
    for args in (["--config", str(binary)], ["--config", str(latin1)],
                 ["--config", str(good), "--scenario", str(scenario)],
                 ["--config", str(tmp_path / "station.toml"), "--headless"]):
        run = subprocess.run([sys.executable, "-m", "kiosk.cli", "--headless", *args],
                             capture_output=True, text=True, timeout=30)
        assert run.returncode == 2, (args, run.stderr[-1500:])
        line = run.stderr.strip()
        assert "\n" not in line and "Traceback" not in line and "UTF-8" in line, line


# ------------------------------------------------------------------ random TOML

def _toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return '"' + "".join(c if c.isprintable() and c not in '"\\' else f"\\u{ord(c):04x}"
                             for c in v) + '"'
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f'"{k}" = {_toml_value(x)}' for k, x in v.items()) + "}"
    raise TypeError(v)


def to_toml(doc: dict) -> str:
    out = []
    for section, body in doc.items():
        if isinstance(body, dict):
            out.append(f'["{section}"]')
            out += [f'"{k}" = {_toml_value(v)}' for k, v in body.items()]
        else:
            out.insert(0, f'"{section}" = {_toml_value(body)}')
    return "\n".join(out) + "\n"


scalars = st.one_of(
    st.booleans(),
    st.integers(min_value=-2**63, max_value=2**63 - 1),
    st.sampled_from([0, 1, -1, 19, 20, 50, 5000, 100000, 2**31, 2**32 - 1, 2**32]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["sim", "EUR", "JPY", "KWD", "XYZ", "tcp://127.0.0.1:3201", "tcp://:1",
                     "https://r.example/r/", "ftp://x", "driver_cap", "incremental", "void",
                     "commit", "bottom-left", "/", "/dev/null", "serial:///dev/ttyUSB0"]))
values = st.one_of(scalars, st.lists(scalars, max_size=4),
                   st.dictionaries(st.text(max_size=6), scalars, max_size=3))
SECTIONS = {**{name: list(spec) for name, spec in config.SCHEMA.items()},
            "tariff": list(config.DEFAULT_TARIFF) + ["time_per_hour", "idle_fee_per_hour"]}


@st.composite
def documents(draw):
    doc = {}
    for section in draw(st.lists(st.sampled_from([*SECTIONS, "bogus"]), max_size=5, unique=True)):
        if draw(st.integers(0, 9)) == 0:
            doc[section] = draw(scalars)          # a top-level key of the wrong type
            continue
        keys = SECTIONS.get(section, ["x"]) + ["unknown_key"]
        chosen = draw(st.lists(st.sampled_from(keys), max_size=4, unique=True))
        doc[section] = {k: draw(values) for k in chosen if k != "data_dir"}
    return doc


def runnable(cfg: config.Config) -> None:
    """What the kiosk does with each value at run time, on the real codec and loop."""
    t, p = cfg.terminal, cfg.payment
    assert 0 < t.keepalive_s < 20
    for amount in [p.reservation, *p.amount_choices, p.reservation + p.incremental_step]:
        StartSession(amount=amount, reference=1).encode_payload()
        UpdateSession(session_id=1, amount=amount).encode_payload()
    quote = pricing.quote(cfg.tariff, 100_000, 3600, 3600, reserved=p.reservation)
    assert 0 <= quote.total <= p.reservation
    loop = asyncio.new_event_loop()
    try:
        for value in [*cfg.timeouts.values.values(), cfg.terminal.session_timeout_s]:
            loop.call_later(value, lambda: None).cancel()   # an armable timer
            assert math.isfinite(value) and value > 0
    finally:
        loop.close()
    pricing.format_money(p.reservation, cfg.tariff.currency, cfg.tariff.minor_units, "en")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=documents())
def test_random_toml_loads_runnable_or_is_refused_in_one_line(tmp_path, doc):
    path = tmp_path / "random.toml"
    path.write_text(to_toml(doc), encoding="utf-8")
    try:
        cfg = config.load(path)
    except config.ConfigError as e:
        line = str(e)
        assert line and "\n" not in line, line
        return
    runnable(cfg)
