"""Wall time of building the report of the shipped data (goal: under 10 s on one core). A measurement, not a test.

Each run is a fresh process pinned to one core (``taskset`` where available), as a user's ``csto report``
is: it loads the record, runs the treaty's gap and the leave-one-out validation once (the model's draws
are computed once and feed the cases table, the scores and the calibration chart), draws every chart and
writes the page with its PNG and SVG files. The first run starts from an empty cache (the validation is
computed, then cached on disk); the others find it there, as every later ``csto report`` on the same data,
seed and draws does.

Run: python benchmarks/bench_report.py [--runs N] [--draws N] [--scenario FILE ...]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CODE = """
import sys, time
from csto.record.load import shipped_dir
from csto.report.build import build_report
from csto.session import session_from
steps = [("opening the session", time.perf_counter())]
session = session_from(shipped_dir(), None)
def progress(step, i, n):
    steps.append((step, time.perf_counter()))
build_report(session, sys.argv[1], draws=int(sys.argv[2]), seed=0, created="2026-11-01",
             scenarios=sys.argv[3:], progress=progress)
end = time.perf_counter()
marks = steps + [("end", end)]
totals = {}
for (name, t), (_, t_next) in zip(marks, marks[1:]):
    key = name.split(" (fold")[0]
    totals[key] = totals.get(key, 0.0) + t_next - t
for name, seconds in totals.items():
    print(f"{seconds:7.2f} s  {name}")
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--draws", type=int, default=2000)
    parser.add_argument("--scenario", action="append", default=[])
    args = parser.parse_args()
    pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    cache = Path(tempfile.mkdtemp(prefix="csto-bench-cache-"))
    env = {**os.environ, "CSTO_CACHE_DIR": str(cache)}
    times = []
    for run in range(args.runs):
        out = Path(tempfile.mkdtemp(prefix="csto-bench-report-"))
        cmd = [*pin, sys.executable, "-c", CODE, str(out), str(args.draws), *args.scenario]
        start = time.perf_counter()
        proc = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env)
        times.append(time.perf_counter() - start)
        if run < 2:
            print(f"steps of run {run + 1} ({'empty cache' if run == 0 else 'cached validation'}):")
            print(proc.stdout.rstrip())
        shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    where = "one core" if pin else "unpinned"
    print(
        f"csto report (draws={args.draws}, scenarios={len(args.scenario)}, {where}): "
        f"first run (empty cache) {times[0]:.2f} s"
    )
    if len(times) > 1:
        print(
            f"later runs (cached validation): median {statistics.median(times[1:]):.2f} s, "
            f"min {min(times[1:]):.2f} s over {len(times) - 1} runs (goal < 10 s)"
        )


if __name__ == "__main__":
    main()
