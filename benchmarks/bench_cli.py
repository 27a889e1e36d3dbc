"""Wall time of `csto members --on 2000-01-01` (goal: under 0.3 s). A measurement, not a test.

Run: python benchmarks/bench_cli.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    cmd = [
        sys.executable,
        "-c",
        "from csto.cli.app import main; main()",
        "members",
        "--on",
        "2000-01-01",
        "--json",
    ]
    subprocess.run(cmd, check=True, capture_output=True)  # warm the file cache
    times = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    print(
        f"csto members --on 2000-01-01: median {statistics.median(times):.3f} s, "
        f"min {min(times):.3f} s, max {max(times):.3f} s over {args.runs} runs (goal < 0.3 s)"
    )


if __name__ == "__main__":
    main()
