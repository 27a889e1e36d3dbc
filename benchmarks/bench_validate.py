"""Benchmark of ``csto validate`` (a script, not a test: it reports, it never asserts on time).

    python benchmarks/bench_validate.py [--runs N] [--cold]

Times the whole command, ``csto validate --json`` on the full case base (every model and baseline, both
protocols, every coding variant, the paired bootstrap and permutation tests), as a fresh process each run:

* ``shipped``: the default seed and draws, whose result ships with the package (a forecast's verdict is
  read the same way);
* ``predictions cached``: another seed's result recomputed from predictions already in the disk cache
  (the fits are keyed by the content of their training cases and the models' specification, so this is
  the cost of a change of data that touches no case, or of the scoring code): scores, paired
  comparisons, verdicts;
* ``cold`` (with ``--cold``): the same on an empty cache: every model fitted for every held-out case,
  protocol and variant (minutes: the member-level models' calibration dominates).

The issue's target: under 10 s with cached fits, on this machine's two cores.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def report(label: str, times: list[float]) -> None:
    print(
        f"{label:<22} median {statistics.median(times):7.2f} s   "
        f"min {min(times):7.2f} s   max {max(times):7.2f} s   ({len(times)} runs)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cold", action="store_true", help="also time a run on an empty cache")
    ns = parser.parse_args()
    exe = [str(Path(sys.executable).parent / "csto")]
    cache = Path(tempfile.mkdtemp(prefix="csto-bench-validate-"))
    env = {**os.environ, "CSTO_CACHE_DIR": str(cache)}
    print(f"python {sys.version.split()[0]} · {os.cpu_count()} cores · cache {cache}")

    report("shipped", [timed([*exe, "validate", "--json"], env) for _ in range(ns.runs)])

    if ns.cold:
        report("cold", [timed([*exe, "validate", "--json", "--seed", "1"], env)])
    else:
        # fill the prediction cache once (not timed): a run with seed 1
        timed([*exe, "validate", "--json", "--seed", "1"], env)
    times = []
    for _ in range(ns.runs):
        for old in cache.glob("validation-*.json"):
            old.unlink()  # keep the predictions, drop the finished result
        times.append(timed([*exe, "validate", "--json", "--seed", "1"], env))
    report("predictions cached", times)


if __name__ == "__main__":
    main()
