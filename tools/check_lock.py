"""Is every requirement that pyproject.toml declares pinned in the lock files?

`make` installs from requirements/*.lock with --require-hashes, so a dependency
added to pyproject.toml without `make lock` would be missing from a fresh
machine's .venv (and from the Debian package). This names what is missing:

    python tools/check_lock.py            # exit 1 and one line per problem
"""
from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def pins(lock: Path) -> dict[str, str]:
    found = {}
    for line in lock.read_text().splitlines():
        m = PIN.match(line)
        if m:
            found[canonicalize_name(m.group(1))] = m.group(2)
    return found


def declared(pyproject: Path, extras: bool) -> list[Requirement]:
    project = tomllib.loads(pyproject.read_text())["project"]
    reqs = [Requirement(r) for r in project.get("dependencies", [])]
    if extras:
        for group in project.get("optional-dependencies", {}).values():
            reqs += [Requirement(r) for r in group if not r.startswith(project["name"])]
    return reqs


def problems(root: Path = ROOT) -> list[str]:
    out = []
    build = [Requirement(line) for line in (root / "requirements/build.in").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    for lock_name, reqs in (("runtime.lock", declared(root / "pyproject.toml", extras=False)),
                            ("test.lock", declared(root / "pyproject.toml", extras=True) + build)):
        lock = root / "requirements" / lock_name
        pinned = pins(lock)
        for req in reqs:
            if req.marker and not req.marker.evaluate({"extra": ""}):
                continue
            version = pinned.get(canonicalize_name(req.name))
            if version is None:
                out.append(f"{lock_name}: {req.name} is not pinned (pyproject.toml asks for {req}); run `make lock`")
            elif not req.specifier.contains(version, prereleases=True):
                out.append(f"{lock_name}: {req.name}=={version} does not satisfy {req}; run `make lock`")
    return out


if __name__ == "__main__":
    found = problems()
    for line in found:
        print(f"check_lock: {line}", file=sys.stderr)
    sys.exit(1 if found else 0)
