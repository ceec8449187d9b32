"""The lock files hold every dependency pyproject.toml declares, with hashes,
and never the PySide6 release that breaks the kiosk."""
from __future__ import annotations

import importlib.util
import shutil
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("check_lock", ROOT / "tools" / "check_lock.py")
check_lock = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_lock)


def test_the_locks_cover_pyproject():
    assert check_lock.problems() == []


def test_every_pin_has_a_hash():
    for lock in ("runtime.lock", "test.lock"):
        text = (ROOT / "requirements" / lock).read_text()
        lines = text.splitlines()
        assert any(check_lock.PIN.match(line) for line in lines), lock
        # each pin continues with at least one --hash line
        for i, line in enumerate(lines):
            if check_lock.PIN.match(line):
                assert lines[i + 1].strip().startswith("--hash=sha256:"), f"{lock}: {line}"


def test_pyside6_6_12_0_is_excluded():
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    pyside = next(Requirement(d) for d in deps if d.lower().startswith("pyside6"))
    assert "6.12.0" not in pyside.specifier and "6.11.3" in pyside.specifier
    for lock in ("runtime.lock", "test.lock"):
        assert check_lock.pins(ROOT / "requirements" / lock)["pyside6-essentials"] != "6.12.0"


def test_a_dependency_added_without_make_lock_is_named(tmp_path):
    shutil.copytree(ROOT / "requirements", tmp_path / "requirements")
    pyproject = (ROOT / "pyproject.toml").read_text().replace(
        '"qasync>=0.27",', '"qasync>=0.27",\n    "tomli-w>=1",').replace(
        '"pytest>=8",', '"pytest>=99",')
    (tmp_path / "pyproject.toml").write_text(pyproject)
    found = check_lock.problems(tmp_path)
    assert any(p.startswith("runtime.lock: tomli-w is not pinned") for p in found), found
    assert any(p.startswith("test.lock: pytest==") and "pytest>=99" in p for p in found), found
