"""The Debian package, for real, on this machine: `make deb`'s script builds it
from the locked wheels, dpkg installs it, the installed kiosk runs the demo
scenario headless as the ev-kiosk user with the installed configuration, an
upgrade to a newer version keeps the technician's configuration and the books,
remove keeps the books, purge deletes them.

Needs root and dpkg-buildpackage/debhelper (.ci/run installs them); skips,
saying why, without. It changes this machine (the package, the ev-kiosk user)
and purges the package at the end; a lock keeps two runs from overlapping."""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONFIG = Path("/etc/ev-kiosk/station.toml")
STATE = Path("/var/lib/ev-kiosk")
KIOSK = "/opt/ev-kiosk/bin/ev-kiosk"
pytestmark = pytest.mark.timeout(900)


def _why_not() -> str | None:
    if os.geteuid() != 0:
        return "installing a package needs root"
    for tool in ("dpkg-deb", "dpkg-buildpackage", "dh", "runuser"):
        if shutil.which(tool) is None:
            return f"no {tool} here (Debian: apt install dpkg-dev debhelper)"
    if not Path("/usr/bin/python3").exists():
        return "no /usr/bin/python3 (the package's interpreter)"
    return None


def run(*cmd: str, timeout: float = 300, **kw) -> subprocess.CompletedProcess:
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kw)
    assert done.returncode == 0, f"{' '.join(cmd)}: exit {done.returncode}\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done


# Test speed only, the same package and the same dpkg steps: gzip at level 1 rather than 9
# (each build of the ~210 MB tree took ~45 s of gzip on shared cores), and no fsync per
# unpacked file (this machine's crash safety is not what the test is about).
FAST_BUILD = {"DPKG_DEB_COMPRESSOR_LEVEL": "1"}
FAST_DPKG = ("--force-unsafe-io",)


def dpkg(*args: str) -> subprocess.CompletedProcess:
    """dpkg, waiting (bounded) while someone else's apt or dpkg holds its lock."""
    end = time.monotonic() + 300
    while True:
        done = subprocess.run(["dpkg", *FAST_DPKG, *args], capture_output=True, text=True,
                              timeout=300)
        if done.returncode == 0 or "lock" not in done.stderr or time.monotonic() > end:
            assert done.returncode == 0, f"dpkg {' '.join(args)}:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
            return done
        time.sleep(2)


def installed_version() -> str | None:
    done = subprocess.run(["dpkg-query", "-W", "-f", "${Status} ${Version}", "ev-kiosk"],
                          capture_output=True, text=True)
    words = done.stdout.split()
    return words[-1] if done.returncode == 0 and "installed" in words[:3] else None


def committed_payments() -> list[tuple]:
    with sqlite3.connect(f"file:{STATE / 'books.sqlite3'}?mode=ro", uri=True) as db:
        return db.execute("SELECT id, final_amount FROM payments WHERE state = 'committed'").fetchall()


@pytest.fixture
def machine():
    why = _why_not()
    if why:
        pytest.skip(why)
    with open("/run/lock/ev-kiosk-deb-test.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)           # one run of this test at a time
        if installed_version() is not None:
            pytest.skip("ev-kiosk is installed on this machine already; not touching it")
        try:
            yield
        finally:
            if subprocess.run(["dpkg", "-s", "ev-kiosk"], capture_output=True).returncode == 0:
                subprocess.run(["dpkg", "--purge", "ev-kiosk"], capture_output=True, timeout=120)


def fast_demo(demo: Path, speed: int = 4) -> Path:
    """The demo scenario's steps at `speed`x, in a file the ev-kiosk user can read."""
    steps = tomllib.loads(demo.read_text())["step"]
    assert [s["do"] for s in steps] == ["tap", "plug", "tap", "unplug", "end"], steps
    where = Path(tempfile.mkdtemp(prefix="ev-kiosk-deb-test-"))
    where.chmod(0o755)
    out = where / "demo-fast.toml"
    out.write_text("".join("[[step]]\n" + "".join(
        f"{k} = {json.dumps(v / speed if k == 'at' else v)}\n" for k, v in s.items())
        for s in steps))
    out.chmod(0o644)
    return out


def rebuild(out: Path, version: str) -> Path:
    """The same build tree packaged again as a newer version: debian/rules'
    own gencontrol and builddeb steps (the venv is not assembled twice)."""
    run("make", "-f", "debian/rules", "override_dh_gencontrol", "override_dh_builddeb",
        f"EV_KIOSK_VERSION={version}", cwd=out / "src", timeout=300,
        env={**os.environ, **FAST_BUILD})
    (new,) = out.glob(f"ev-kiosk_{version}_*.deb")
    return new


def test_install_run_upgrade_remove_purge(machine, tmp_path):
    # make deb (its script, into a directory of this test; wheels reused from build/wheels)
    run(str(ROOT / "packaging" / "build-deb.sh"), str(tmp_path / "deb"), timeout=600, cwd=ROOT,
        env={**os.environ, **FAST_BUILD, "PY": sys.executable})
    (deb,) = (tmp_path / "deb").glob("ev-kiosk_*.deb")
    first = run("dpkg-deb", "-f", str(deb), "Version").stdout.strip()

    dpkg("-i", str(deb))
    assert installed_version() == first
    station = CONFIG.read_text()
    assert '\nurl = "sim"' in station and '\ndata_dir = "/var/lib/ev-kiosk"' in station
    groups = run("id", "-nG", "ev-kiosk").stdout.split()
    assert {"dialout", "video", "input"} <= set(groups), groups
    assert STATE.stat().st_uid == int(run("id", "-u", "ev-kiosk").stdout)
    # The station file will hold the PIN's hash and the receipt service's station key:
    # root writes it, the kiosk reads it, other users of the board do not.
    kiosk_gid = int(run("id", "-g", "ev-kiosk").stdout)
    assert (CONFIG.stat().st_uid, CONFIG.stat().st_gid, CONFIG.stat().st_mode & 0o777) == (0, kiosk_gid, 0o640)
    if shutil.which("systemd-analyze"):
        run("systemd-analyze", "verify", "/lib/systemd/system/ev-kiosk.service",
            "/lib/systemd/system/ev-kiosk-linuxfb.service")
    assert run(KIOSK, "check-config", "--config", str(CONFIG)).stdout.startswith(f"{CONFIG}: valid")

    # The installed kiosk, as its own user, on the installed configuration, playing the
    # installed demo scenario's steps 4x faster (25 s -> 6 s; as tests/integration/test_headless.py).
    scenario = fast_demo(Path("/opt/ev-kiosk/app/examples/scenarios/demo.toml"))
    try:
        demo = run("runuser", "-u", "ev-kiosk", "--", KIOSK, "--headless", "--config", str(CONFIG),
                   "--scenario", str(scenario), timeout=120, cwd="/")
    finally:
        shutil.rmtree(scenario.parent, ignore_errors=True)
    summary = json.loads(demo.stdout.splitlines()[-1])
    assert summary["event"] == "summary" and summary["drained"], summary
    assert summary["books"]["payments"] == {"committed": 1}, summary["books"]
    books = committed_payments()
    assert len(books) == 1 and books[0][1] > 0

    # A technician's change to the configuration, then the upgrade.
    CONFIG.write_text(station.replace('name = "ev-kiosk demo station"', 'name = "Parking De Kade"'))
    newer = rebuild(tmp_path / "deb", first + "+1")
    upgrade = dpkg("-i", "--force-confdef", "--force-confold", str(newer))
    assert installed_version() == first + "+1"
    assert f"books {STATE / 'books.sqlite3'} are up to date" in upgrade.stdout + upgrade.stderr
    assert 'name = "Parking De Kade"' in CONFIG.read_text()
    assert (CONFIG.stat().st_gid, CONFIG.stat().st_mode & 0o777) == (kiosk_gid, 0o640)
    assert committed_payments() == books

    dpkg("--remove", "ev-kiosk")
    assert not Path(KIOSK).exists() and not Path("/opt/ev-kiosk/app").exists()
    assert committed_payments() == books                  # remove keeps the books
    assert CONFIG.exists()                                # and the configuration (a conffile)

    dpkg("--purge", "ev-kiosk")
    assert not STATE.exists() and not CONFIG.exists()
