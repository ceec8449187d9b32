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
