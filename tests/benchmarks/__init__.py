"""Benchmarks: `python -m tests.benchmarks [name ...]` (make bench). Not part of make test.

Each bench_<name>.py module in this package has a `run()` that prints its report and
returns a dict of figures; the runner discovers them by file name.
"""
