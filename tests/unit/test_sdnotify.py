"""The notify protocol without systemd: datagrams to a socket the test owns."""
from __future__ import annotations

import os
import socket

from kiosk import sdnotify


def test_without_notify_socket_nothing_is_sent():
    assert sdnotify.notify("READY=1", env={}) is False


def test_a_path_socket_and_an_abstract_socket_both_receive(tmp_path):
    path = tmp_path / "n.sock"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as s:
        s.bind(str(path))
        assert sdnotify.notify("STATUS=terminal ready", env={"NOTIFY_SOCKET": str(path)})
        assert s.recv(100) == b"STATUS=terminal ready"
    name = f"ev-kiosk-test-{os.getpid()}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as s:
        s.bind("\0" + name)
        assert sdnotify.notify("READY=1", env={"NOTIFY_SOCKET": "@" + name})
        assert s.recv(100) == b"READY=1"


def test_a_socket_nobody_listens_on_is_reported_not_raised(tmp_path):
    assert sdnotify.notify("READY=1", env={"NOTIFY_SOCKET": str(tmp_path / "gone")}) is False


def test_watchdog_interval_is_half_of_watchdog_sec_and_only_for_this_process():
    assert sdnotify.watchdog_interval({"WATCHDOG_USEC": "30000000"}) == 15.0       # 30 s / 2
    assert sdnotify.watchdog_interval({"WATCHDOG_USEC": "30000000",
                                       "WATCHDOG_PID": str(os.getpid())}) == 15.0
    assert sdnotify.watchdog_interval({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1"}) is None
    assert sdnotify.watchdog_interval({}) is None
    assert sdnotify.watchdog_interval({"WATCHDOG_USEC": "soon"}) is None


def test_log_lines_carry_the_journal_priority_when_stderr_is_the_journal(tmp_path):
    import logging
    import subprocess
    import sys
    child = ("import os, sys\n"
             "st = os.fstat(2)\n"         # what systemd sets when stderr is the journal
             "os.environ['JOURNAL_STREAM'] = f'{st.st_dev}:{st.st_ino}'\n"
             "from kiosk import cli\n"
             "sys.exit(cli.main(sys.argv[1:]))\n")
    scenario = tmp_path / "quick.toml"
    scenario.write_text('[[step]]\nat = 0.5\ndo = "end"\n')
    err = tmp_path / "stderr"
    with err.open("w") as f:
        done = subprocess.run([sys.executable, "-c", child, "--headless", "--data-dir", str(tmp_path),
                               "--scenario", str(scenario)], stderr=f, stdout=subprocess.DEVNULL,
                              timeout=60)
    lines = err.read_text().splitlines()
    assert done.returncode == 0, lines
    assert any(line.startswith("<6>kiosk.psp.client: terminal up") for line in lines), lines
    assert all(line[:3] in ("<3>", "<4>", "<6>", "<7>") for line in lines), lines
    rec = logging.LogRecord("kiosk.psp.client", logging.WARNING, __file__, 1, "link lost", None, None)
    assert sdnotify.JournalFormatter("%(message)s").format(rec) == "<4>kiosk.psp.client: link lost"
    assert sdnotify.stderr_is_journal({"JOURNAL_STREAM": "0:0"}) is False
