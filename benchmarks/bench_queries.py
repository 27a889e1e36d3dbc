"""In-process time of the as-of queries: a day, a year, a state outside the record. A measurement, not a
test: it reports, it never asserts on time.

Run: python benchmarks/bench_queries.py [--runs N]

Reports the median over ``--runs`` of ``members`` on a day and over a year (every state of the record),
``offices`` on a day, and ``describe_state`` for a state outside the record, once cold (country_converter
imported and its table read) and then warm.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from csto.record import query
from csto.record.load import load_record


def median_time(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    record = load_record()
    t0 = time.perf_counter()
    query.describe_state(record, "Moldova")
    cold = time.perf_counter() - t0
    cases = {
        "members on 2000-01-01": lambda: query.members(record, "2000-01-01"),
        "members in 2006 (a year)": lambda: query.members(record, "2006"),
        "members in 1992/2026": lambda: query.members(record, "1992/2026"),
        "offices on 2019-06-01": lambda: query.offices(record, "2019-06-01"),
        "describe_state Moldova (warm)": lambda: query.describe_state(record, "Moldova"),
    }
    print(f"describe_state Moldova (cold, country_converter loaded): {cold * 1000:.0f} ms")
    for name, fn in cases.items():
        print(f"{name}: median {median_time(fn, args.runs) * 1000:.1f} ms over {args.runs} runs")


if __name__ == "__main__":
    main()
