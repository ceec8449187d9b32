"""The commissioning probe as a technician runs it: a real process against the
terminal simulator in another process, over TCP. Exit codes and the one line."""
from __future__ import annotations

import socket
import subprocess
import sys
import threading

import pytest

pytestmark = pytest.mark.timeout(90)


@pytest.fixture(scope="module")
def terminal_url():
    proc = subprocess.Popen([sys.executable, "-m", "kiosk.cli", "sim-terminal", "--port", "0",
                             "--auto-tap", "0.2", "--auth-delay", "0.05"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    assert "tcp://" in line, line
    yield line.strip().split()[-1]
    proc.terminate()
    proc.wait(10)


def probe(*args: str, timeout: float = 40) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kiosk.cli", "probe", *args],
                          capture_output=True, text=True, timeout=timeout)


def test_test_payment_is_approved_and_voided_with_every_step_printed(terminal_url):
    run = probe("--terminal", terminal_url, "--test-payment", "1.00")
    assert run.returncode == 0, run.stderr
    out = run.stdout
    for step in ("bring-up complete", "terminal state ENABLED", "link round trip",
                 "start session: reserve 1.00", "card read: VISA 476173", "approved: session",
                 "voided: session", "probe OK"):
        assert step in out, (step, out)
    assert out.index("card read") < out.index("approved") < out.index("voided")


def test_status_only_without_a_payment(terminal_url):
    run = probe("--terminal", terminal_url)
    assert run.returncode == 0 and "terminal state ENABLED" in run.stdout
    assert "start session" not in run.stdout


@pytest.mark.parametrize("amount, code, line", [
    ("1.09", 6, "probe FAILED: declined: insufficient funds (0x09)"),
    ("1.05", 6, "probe FAILED: declined: refer to issuer (0x05)"),
    ("1.97", 7, "probe FAILED: host unreachable"),
    ("1.98", 5, "probe FAILED: no card was presented in time"),
])
def test_payment_failures_have_their_own_exit_code_and_one_line(terminal_url, amount, code, line):
    run = probe("--terminal", terminal_url, "--test-payment", amount)
    assert run.returncode == code, run.stdout + run.stderr
    errors = run.stderr.strip().splitlines()
    assert len(errors) == 1 and errors[0].lower().startswith(line.lower()), errors


def test_nothing_listening_on_the_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    run = probe("--terminal", f"tcp://127.0.0.1:{port}")
    assert run.returncode == 3
    assert run.stderr.strip().splitlines() == [
        f"probe FAILED: cannot connect: nothing listens on 127.0.0.1:{port} (connection refused)"]


def test_a_silent_peer_gives_no_echo_to_synchronize():
    # Something listens but never speaks PSP (a wrong port, a printer, ...).
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    held = []

    def accept():
        try:
            conn, _ = server.accept()
            held.append(conn)          # keep it open, read nothing
        except OSError:
            pass
    threading.Thread(target=accept, daemon=True).start()
    try:
        run = probe("--terminal", f"tcp://127.0.0.1:{port}", "--timeout", "0.3")
    finally:
        server.close()
        for c in held:
            c.close()
    assert run.returncode == 4, run.stdout + run.stderr
    assert run.stderr.startswith("probe FAILED: bring-up failed:")
    assert len(run.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("args, words", [
    (["--terminal", "http://10.0.0.1"], "probe: "),
    (["--terminal", "tcp://127.0.0.1:3201", "--test-payment", "abc"], "is not an amount"),
    (["--terminal", "tcp://127.0.0.1:3201", "--test-payment", "1.005"], "at most 2 decimals"),
])
def test_bad_arguments_exit_2(args, words):
    run = probe(*args)
    assert run.returncode == 2 and words in run.stderr


def test_the_in_process_simulator_url(tmp_path):
    run = probe("--terminal", "sim", "--test-payment", "2.50")
    assert run.returncode == 0, run.stderr
    assert "voided" in run.stdout
