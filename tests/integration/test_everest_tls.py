"""mqtts:// with a CA file, a user and a password, against a real Mosquitto with
a TLS listener and a password file (certificates made by openssl for the test)."""
from __future__ import annotations

import logging
import shutil
import subprocess

import pytest

from kiosk.charger.everest import EverestCharger, EverestSettings

from broker import MISSING, MOSQUITTO, Mosquitto

pytestmark = pytest.mark.timeout(60)


def _run(*cmd, cwd):
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, timeout=30)


@pytest.fixture(scope="module")
def tls_broker(tmp_path_factory):
    if MOSQUITTO is None:
        pytest.skip(MISSING)
    for tool in ("openssl", "mosquitto_passwd"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (it comes with openssl / mosquitto)")
    d = tmp_path_factory.mktemp("tls")
    _run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
         "-keyout", "ca.key", "-out", "ca.pem", "-subj", "/CN=ev-kiosk test CA", cwd=d)
    _run("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "server.key",
         "-out", "server.csr", "-subj", "/CN=127.0.0.1", cwd=d)
    (d / "san.ext").write_text("subjectAltName=IP:127.0.0.1\n")
    _run("openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
         "-CAcreateserial", "-days", "2", "-out", "server.pem", "-extfile", "san.ext", cwd=d)
    _run("mosquitto_passwd", "-b", "-c", "passwd", "kiosk", "s3cret", cwd=d)
    (d / "passwd").chmod(0o600)
    other = tmp_path_factory.mktemp("other-ca")
    _run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
         "-keyout", "ca.key", "-out", "ca.pem", "-subj", "/CN=someone else", cwd=other)
    broker = Mosquitto(d / "broker", extra=(
        f"cafile {d / 'ca.pem'}\ncertfile {d / 'server.pem'}\nkeyfile {d / 'server.key'}\n"
        f"allow_anonymous false\npassword_file {d / 'passwd'}\n")).start()
    yield broker, d / "ca.pem", other / "ca.pem"
    broker.stop()


async def _connects(port: int, ca, user: str, password: str, wait: float = 3) -> bool:
    s = EverestSettings(url=f"mqtts://127.0.0.1:{port}", modules=("m1",), token_provider="t",
                        ca_file=str(ca), username=user, password=password, backoff=(5.0,))
    charger = EverestCharger(s)
    await charger.start(ready_within_s=0.1)
    try:
        return await charger.wait_connected(wait)
    finally:
        await charger.close()


async def test_mqtts_with_the_ca_file_and_the_login_connects(tls_broker):
    broker, ca, _ = tls_broker
    assert await _connects(broker.port, ca, "kiosk", "s3cret")


async def test_a_wrong_password_or_an_unknown_ca_is_refused_and_said(tls_broker, caplog):
    broker, ca, other_ca = tls_broker
    caplog.set_level(logging.WARNING, logger="kiosk.charger.everest")
    assert not await _connects(broker.port, ca, "kiosk", "wrong", wait=1)
    assert not await _connects(broker.port, other_ca, "kiosk", "s3cret", wait=1)
    said = [r.getMessage() for r in caplog.records]
    assert any(f"127.0.0.1:{broker.port}" in m and "authori" in m.lower() for m in said), said
    assert any("certificate" in m.lower() for m in said), said


async def test_the_bench_peer_and_the_kiosk_both_over_mqtts(tls_broker, tmp_path):
    # examples/everest.toml on the TLS broker: a tap, a plug-in, and charging starts.
    from kiosk import config
    from kiosk.app import Backend
    broker, ca, _ = tls_broker
    cfg = config.load(__import__("pathlib").Path(__file__).resolve().parents[2] / "examples" / "everest.toml")
    charger = {**cfg.charger.values, "mqtt_url": f"mqtts://127.0.0.1:{broker.port}",
               "mqtt_ca_file": str(ca), "mqtt_username": "kiosk", "mqtt_password": "s3cret"}
    cfg = config.from_mapping({"charger": charger, "terminal": {"auto_tap_s": 0.2},
                               "station": {"data_dir": str(tmp_path)}}, "<tls>")
    events: list[dict] = []
    backend = Backend(cfg, emit=events.append)
    await backend.start()
    try:
        assert await backend.charger.wait_connected(5) and await backend.peer.wait_connected(5)
        backend.controls.apply("plug", connector=1)
        import asyncio
        loop = asyncio.get_running_loop()
        end = loop.time() + 10
        while not any(e.get("event") == "charging" for e in events) and loop.time() < end:
            await asyncio.sleep(0.05)
        assert any(e.get("event") == "charging" and e.get("connector") == 1 for e in events), events[-10:]
    finally:
        await backend.stop()
