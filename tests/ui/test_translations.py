"""Every text the QML shows through qsTr has a finished Dutch, German and French
translation: lupdate is run over the QML into a copy of each .ts source, and
whatever it finds new, unfinished or gone is named."""
from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LUPDATE = Path(sys.executable).with_name("pyside6-lupdate")


@pytest.mark.parametrize("lang", ["nl", "de", "fr"])
def test_every_qml_text_is_translated(tmp_path, lang):
    if not LUPDATE.exists():
        pytest.skip(f"no {LUPDATE.name} beside {sys.executable}")
    ts = tmp_path / f"kiosk_{lang}.ts"
    shutil.copy(ROOT / "assets" / "i18n" / ts.name, ts)
    qml = sorted(str(p) for p in (ROOT / "qml").rglob("*.qml"))
    done = subprocess.run([str(LUPDATE), *qml, "-ts", str(ts)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-800:]

    missing = []
    for context in ET.parse(ts).getroot().iter("context"):
        for message in context.iter("message"):
            tr = message.find("translation")
            kind = tr.get("type") if tr is not None else "missing"
            if kind or not (tr.text or "").strip():
                missing.append(f"{context.findtext('name')}: {message.findtext('source')!r}"
                               f" ({kind or 'empty'})")
    assert not missing, (f"assets/i18n/{ts.name} (refresh with `make ts-update`, then "
                         "translate):\n  " + "\n  ".join(missing))
