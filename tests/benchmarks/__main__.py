"""Run the benchmarks: every bench_*.py module of this package, or the ones named.

    python -m tests.benchmarks            # all
    python -m tests.benchmarks codec ui   # bench_codec.py and bench_ui.py only
"""
from __future__ import annotations

import argparse
import importlib
import sys
import time
import traceback
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def discover() -> list[str]:
    """Short names of the benchmark modules: bench_codec.py -> "codec"."""
    return sorted(p.stem.removeprefix("bench_") for p in PACKAGE_DIR.glob("bench_*.py"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", help="benchmarks to run (default: all); "
                        "'codec' or 'bench_codec' both name bench_codec.py")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    args = parser.parse_args(argv)

    available = discover()
    if args.list:
        print("\n".join(available))
        return 0
    wanted = [n.removeprefix("bench_").removesuffix(".py") for n in args.names] or available
    unknown = [n for n in wanted if n not in available]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; available: {', '.join(available)}",
              file=sys.stderr)
        return 2

    package = __spec__.parent if __spec__ else "tests.benchmarks"
    failed = []
    results: dict[str, dict] = {}
    for name in wanted:
        print(f"== bench_{name} " + "=" * max(0, 60 - len(name)), flush=True)
        start = time.perf_counter()
        try:
            module = importlib.import_module(f"{package}.bench_{name}")
            run = getattr(module, "run", None)
            if run is None:
                print(f"bench_{name}.py has no run(); skipped")
                continue
            results[name] = run() or {}
        except Exception:
            traceback.print_exc()
            failed.append(name)
        print(f"-- bench_{name}: {time.perf_counter() - start:.1f} s\n", flush=True)
    if failed:
        print(f"benchmark(s) crashed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
