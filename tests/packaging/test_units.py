"""The systemd units pass `systemd-analyze verify` (no root, nothing installed:
the kiosk's path is pointed at an executable that exists here), and systemd's
own security analysis finds the hardening in force."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UNITS = ("ev-kiosk.service", "ev-kiosk-linuxfb.service")


@pytest.fixture
def units(tmp_path):
    if shutil.which("systemd-analyze") is None:
        pytest.skip("no systemd-analyze here (Debian: systemd)")
    for name in UNITS:
        text = (ROOT / "packaging" / "systemd" / name).read_text()
        (tmp_path / name).write_text(text.replace("/opt/ev-kiosk/bin/ev-kiosk", sys.executable))
    return tmp_path


def test_systemd_analyze_verify_passes(units):
    done = subprocess.run(["systemd-analyze", "verify", *(str(units / n) for n in UNITS)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and not done.stderr.strip(), done.stderr


@pytest.mark.parametrize("name", UNITS)
def test_the_hardening_is_in_force(units, name):
    done = subprocess.run(["systemd-analyze", "security", "--offline=yes", str(units / name)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = {line.split()[1] for line in done.stdout.splitlines() if line.startswith("✓")}
    for hardening in ("NoNewPrivileges=", "PrivateTmp=", "ProtectSystem=",
                      "ProtectKernelModules=", "RestrictSUIDSGID="):
        assert hardening in lines, f"{name}: {hardening} not in force"
