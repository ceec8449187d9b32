"""The report of `make mutate`: mutmut's results for the money code, in figures, and
every surviving mutant either explained (tools/mutation_survivors.toml) or listed as
unexplained with its diff. Exit 1 while any survivor is unexplained.

    python tools/mutation_report.py [MUTANT_GLOB ...]     # after `mutmut run`

A survivor is explained by an entry naming its function (a glob) and a regular
expression that its diff matches (and, with case_only, whose lines differ only in
letter case inside SQL text or a sqlite3.Row key), with the reason: "equivalent" (no
behaviour changes) or "not money" (only a log line, an event's wording or a journal
detail changes: no amount committed or voided, no state the books record for one).
Writes docs/mutation-report.md: the figures and every survivor with its diff and why.
"""
from __future__ import annotations

import fnmatch
import re
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTMUT = str(Path(sys.executable).parent / "mutmut")
FILES = {"kiosk.journey.pricing": "pricing.py", "kiosk.journey.finaliser": "finaliser.py",
         "kiosk.store.books": "books.py", "kiosk.journey.station": "station.py"}


def results() -> dict[str, str]:
    out = subprocess.run([MUTMUT, "results", "--all", "true"], capture_output=True, text=True,
                         cwd=ROOT, check=True).stdout
    found = {}
    for line in out.splitlines():
        name, sep, status = line.strip().rpartition(": ")
        if sep:
            found[name] = status
    return found


def diff(name: str) -> str:
    out = subprocess.run([MUTMUT, "show", name], capture_output=True, text=True, cwd=ROOT).stdout
    return "\n".join(line for line in out.splitlines()
                     if line[:1] in "+-" and not line.startswith(("+++", "---")))


SQL_WORDS = re.compile(r"\?|\b(select|update|insert|delete|where|values|from|set|order by|"
                       r"limit|collate)\b", re.I)


def case_only(d: str) -> bool:
    """The mutant only changed letter case in SQL text without quoted values, or in a
    sqlite3.Row key: both are case-insensitive in SQLite ('due' is not, so SQL with
    quoted values never counts)."""
    minus = [line[1:] for line in d.splitlines() if line.startswith("-")]
    plus = [line[1:] for line in d.splitlines() if line.startswith("+")]
    if len(minus) != len(plus) or not minus:
        return False
    for a, b in zip(minus, plus):
        if a == b:
            continue
        if a.lower() != b.lower():
            return False
        i = next(k for k in range(len(a)) if a[k] != b[k])
        q = a.rfind('"', 0, i)
        e = a.find('"', i)
        if q < 0 or e < 0:
            return False
        literal = a[q + 1:e]
        # sqlite3.Row objects in books.py: row, p (a payment row), existing
        row_key = re.search(r"\b(row|p|existing)\[$", a[:q]) and re.fullmatch(r"[a-z_]+", literal)
        quoted = re.compile(r"'[^']*'")
        sql = SQL_WORDS.search(literal) and quoted.findall(literal) == quoted.findall(b[q + 1:e])
        if not (row_key or sql):
            return False
    return True


def function_of(name: str) -> str:
    return name.rsplit("__mutmut_", 1)[0]


def main(patterns: list[str]) -> int:
    rules = tomllib.loads((ROOT / "tools" / "mutation_survivors.toml").read_text())["survivor"]
    wanted = {n: s for n, s in results().items()
              if not patterns or any(fnmatch.fnmatch(n, p) for p in patterns)}
    counts: Counter = Counter()
    by_file: dict[str, Counter] = {}
    unexplained, explained, survivors = [], Counter(), []
    for name, status in sorted(wanted.items()):
        module = next((m for m in FILES if name.startswith(m + ".")), "other")
        by_file.setdefault(FILES.get(module, module), Counter())[status] += 1
        counts[status] += 1
        if status != "survived":
            continue
        d, fn = diff(name), function_of(name)
        rule = next((r for r in rules if fnmatch.fnmatch(fn, r["function"])
                     and re.search(r.get("match", ""), d, re.M)
                     and (not r.get("case_only") or case_only(d))), None)
        if rule is None:
            unexplained.append((name, d))
        else:
            explained[rule["reason"]] += 1
            by_file[FILES.get(module, module)]["survived: " + rule["reason"]] += 1
            survivors.append((name, d, rule))

    total = sum(counts.values())
    figures = (f"mutants {total}, killed {counts['killed'] + counts['timeout']} (of them "
               f"{counts['timeout']} by timeout), survived {counts['survived']}: equivalent "
               f"{explained['equivalent']}, not money {explained['not money']}, unexplained "
               f"{len(unexplained)}; no test reaches {counts['no tests']}; not run "
               f"{counts['not checked']}")
    files = [f"{file}: " + ", ".join(f"{k} {v}" for k, v in sorted(c.items()))
             for file, c in sorted(by_file.items())]
    print(figures, *files, sep="\n  ")
    for name, d in unexplained:
        print(f"\nUNEXPLAINED {name}\n{d}")
    out = ["# Mutation testing of the money code", "",
           "Written by `make mutate` (tools/mutation_report.py; the reasons are in "
           "tools/mutation_survivors.toml). Every surviving mutant, with its diff and why it "
           "may survive.", "", "```", figures, *files, "```", ""]
    for name, d, rule in survivors + [(n, d, None) for n, d in unexplained]:
        reason = rule["reason"] if rule else "UNEXPLAINED"
        why = " ".join(rule["why"].split()) if rule else ""
        out += [f"- `{name}` — **{reason}**: {why}", "", "  ```diff",
                *("  " + line for line in d.splitlines()), "  ```", ""]
    (ROOT / "docs" / "mutation-report.md").write_text("\n".join(out))
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
