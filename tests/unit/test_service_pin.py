"""The service PIN: scrypt hash, constant-time check, the lock-out rule, set-pin."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from kiosk import config
from kiosk.service.client import with_pin_hash
from kiosk.service.pin import (Lockout, PinHashError, check_pin_format, hash_pin, parse_hash,
                               verify_pin)

FAST = dict(n=2 ** 10, r=8, p=1)    # quick for tests; the parameters travel in the string


def test_hash_carries_its_parameters_and_a_fresh_salt():
    a, b = hash_pin("4711", **FAST), hash_pin("4711", **FAST)
    assert a.startswith("scrypt$n=1024,r=8,p=1$") and a != b          # salted
    assert "4711" not in a
    assert verify_pin("4711", a) and verify_pin("4711", b)
    assert not verify_pin("4712", a) and not verify_pin("", a) and not verify_pin("٤٧١١", a)
    h = parse_hash(a)
    assert (h.n, h.r, h.p, len(h.salt), len(h.key)) == (1024, 8, 1, 16, 32)


@pytest.mark.parametrize("bad", ["1234", "sha256$abc", "scrypt$n=1000,r=8,p=1$AAAAAAAAAAA$" + "A" * 43,
                                 "scrypt$n=1024$AAAAAAAAAAA$" + "A" * 43, "scrypt$n=1024,r=8,p=1$!!$!!"])
def test_a_bad_hash_is_one_line_naming_the_key(bad):
    with pytest.raises(PinHashError) as e:
        parse_hash(bad)
    assert str(e.value).startswith("service.pin_hash: ") and "\n" not in str(e.value)
    with pytest.raises(config.ConfigError, match=r"^service\.pin_hash: "):
        config.from_mapping({"service": {"pin_hash": bad}})


@pytest.mark.parametrize("pin", ["123", "1234567890123", "12a4", "", " 1234"])
def test_pin_format(pin):
    with pytest.raises(ValueError):
        check_pin_format(pin)


def test_five_wrong_lock_for_a_minute_then_doubling_up_to_an_hour():
    lo, now = Lockout(), 1000.0
    for n in range(4):
        lo = lo.after_wrong(now)
        assert lo.seconds_left(now) == 0 and lo.tries_left == 4 - n
    lo = lo.after_wrong(now)                       # the fifth
    assert lo.seconds_left(now) == 60 and lo.seconds_left(now + 60) == 0
    locks = [60]
    for _ in range(7):                              # 5 more wrong after each lock-out
        now = lo.locked_until
        for _ in range(5):
            lo = lo.after_wrong(now)
        locks.append(lo.seconds_left(now))
    assert locks == [60, 120, 240, 480, 960, 1920, 3600, 3600]
    assert lo.after_right() == Lockout()           # the right PIN forgives


def test_with_pin_hash_keeps_everything_else():
    text = '# station\n[station]\nname = "x"\n\n[service]\nexport_dir = "/media"\n'
    out = with_pin_hash(text, "scrypt$H")
    assert out == ('# station\n[station]\nname = "x"\n\n[service]\npin_hash = "scrypt$H"\n'
                   'export_dir = "/media"\n')
    again = with_pin_hash(out, "scrypt$I")
    assert again == out.replace("scrypt$H", "scrypt$I")
    assert with_pin_hash('[station]\nname = "x"', "scrypt$H") == (
        '[station]\nname = "x"\n\n[service]\npin_hash = "scrypt$H"\n')


def _set_pin(path, stdin: str):
    return subprocess.run([sys.executable, "-m", "kiosk.cli", "set-pin", "--config", str(path)],
                          input=stdin, capture_output=True, text=True, timeout=30)


def test_set_pin_asks_twice_and_writes_only_the_hash(tmp_path):
    path = tmp_path / "station.toml"
    path.write_text('[station]\nname = "Depot"\n')
    path.chmod(0o640)
    differ = _set_pin(path, "1234\n1235\n")
    assert differ.returncode == 2 and "differ" in differ.stderr
    assert path.read_text() == '[station]\nname = "Depot"\n'          # nothing lost
    short = _set_pin(path, "12\n12\n")
    assert short.returncode == 2 and "4 to 12 digits" in short.stderr
    ok = _set_pin(path, "24680\n24680\n")
    assert ok.returncode == 0, ok.stderr
    assert "24680" not in path.read_text() + ok.stdout + ok.stderr
    cfg = config.load(path)
    assert verify_pin("24680", cfg.service.pin_hash) and cfg.station.name == "Depot"
    assert path.stat().st_mode & 0o777 == 0o640


@pytest.mark.skipif(os.geteuid() != 0, reason="giving the file another group needs root")
def test_set_pin_as_root_keeps_the_files_owner_and_group(tmp_path):
    # The package's station.toml is root:ev-kiosk 0640 (the kiosk reads it, nobody else);
    # set-pin run by root must not leave it root:root, which the kiosk could not read.
    path = tmp_path / "station.toml"
    path.write_text('[station]\nname = "Depot"\n')
    path.chmod(0o640)
    os.chown(path, 0, 65534)                     # nogroup standing in for ev-kiosk
    ok = _set_pin(path, "24680\n24680\n")
    assert ok.returncode == 0, ok.stderr
    st = path.stat()
    assert (st.st_uid, st.st_gid, st.st_mode & 0o777) == (0, 65534, 0o640)
