"""Time to build each chart of the shipped data and render it as SVG and PNG. A measurement, not a test.

Each chart is built from the data the report gives it (the record, ``gap()`` rows, the shipped leave-one-out
validation, a scenario's sensitivity table), then rendered; the data is computed once, outside the timing.
The first render of a process also starts vl-convert's engine, so one warm-up render runs first.

Run: python benchmarks/bench_charts.py [--runs N] [--scenario FILE]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from csto.analysis.charts.calibration import calibration_chart
from csto.analysis.charts.gap import gap_chart
from csto.analysis.charts.map import map_chart
from csto.analysis.charts.render import spec, svg_to_png, to_svg
from csto.analysis.charts.timeline import timeline_chart
from csto.analysis.charts.tornado import tornado_chart
from csto.record.load import record_dir, shipped_dir
from csto.report import layers
from csto.session import session_from


def _median_ms(fn: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _spec(build: Callable[[], Any]) -> dict[str, Any]:
    return spec(build())


def _svg(build: Callable[[], Any]) -> str:
    return to_svg(build())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--scenario", type=Path, default=record_dir() / "scenarios" / "belarus-attacked.yaml"
    )
    args = parser.parse_args()
    session = session_from(shipped_dir(), None)
    day = dt.date(2026, 11, 1)
    gap = session.gap()
    validation = layers.validation(session, seed=0, draws=2000)
    result = layers.scenario(session, args.scenario, seed=0, draws=2000)
    charts: dict[str, Callable[[], Any]] = {
        "timeline": lambda: timeline_chart(session.record, day),
        "map": lambda: map_chart(session.record, day),
        "gap": lambda: gap_chart(gap),
        "calibration": lambda: calibration_chart(validation.predictions),
        "tornado": lambda: tornado_chart(
            result.sensitivity, baseline=result.expected_level, title=result.title
        ),
    }
    to_svg(charts["gap"]())  # warm-up: vl-convert's engine starts on the first render
    print(f"median of {args.runs} runs, in ms (build: chart and its spec; svg; png from the svg)")
    for name, build in charts.items():
        svg = to_svg(build())
        b = _median_ms(partial(_spec, build), args.runs)
        s = _median_ms(partial(_svg, build), args.runs) - b
        p = _median_ms(partial(svg_to_png, svg), args.runs)
        print(f"{name:12s} build {b:7.1f}  svg {s:7.1f}  png {p:7.1f}")


if __name__ == "__main__":
    main()
