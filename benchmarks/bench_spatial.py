"""Benchmark of the spatial bargaining model (a script, not a test).

Reports, with the machine's CPU count:

1. for each KTAB example CSV: turns and wall time of ``run``, and the speed-up over the
   pure-Python test oracle (``tests/behaviour/spatial_oracle.py``) per turn — the oracle is timed
   on at most ``--oracle-turns`` turns and its per-turn time compared with the model's;
2. draws per second of ``run_batch`` on dummyData-a040/a080/a160 and on a synthetic 200-actor
   scenario, for ``--draws`` draws (default 1000) or as many as fit in ``--budget`` seconds per
   case, in which case the time for all draws is extrapolated linearly (and marked so).

The draws perturb the scenario: capability × lognormal(0, 0.2), positions + normal(0, 5 points)
clipped to [0, 100] and rounded to 0.01, saliences × uniform(0.9, 1.1) (rescaled where an
actor's total would exceed 100). All randomness comes from ``numpy.random.default_rng(--seed)``.

Usage::

    PYTHONPATH=src python benchmarks/bench_spatial.py [--ktab DIR] [--draws 1000] [--budget 60]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "tests" / "behaviour"))

from csto.behaviour.spatial import SpatialScenario, read_ktab_csv, run, run_batch  # noqa: E402

FILES = [
    "SOE-Policy",
    "SOE-Competitive",
    "SOE-Pol-Comp",
    "dummyData_3Dim",
    "dummyData_6Dim",
    "dummyData-a040",
    "dummyData-a080",
    "dummyData-a160",
]
GOAL_SECONDS = 10.0  # the goal: 200 actors × 1,000 draws


def synthetic(n: int, seed: int) -> SpatialScenario:
    rng = np.random.default_rng(seed)
    cap = np.round(rng.uniform(1.0, 200.0, n), 2)
    pos = np.round(rng.uniform(0.0, 100.0, (n, 1)), 2)
    sal = np.round(rng.uniform(10.0, 90.0, (n, 1)), 2)
    return SpatialScenario.from_arrays(cap, pos, sal, name=f"synthetic-{n}")


def perturb(
    sc: SpatialScenario, draws: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n, d = sc.positions.shape
    cap = sc.capability[None] * rng.lognormal(0.0, 0.2, (draws, n))
    pos = np.clip(sc.positions[None] * 100.0 + rng.normal(0.0, 5.0, (draws, n, d)), 0.0, 100.0)
    pos = np.round(pos, 2) / 100.0
    sal = sc.saliences[None] * rng.uniform(0.9, 1.1, (draws, n, d))
    tot = sal.sum(axis=2, keepdims=True)
    sal = np.where(tot > 1.0, sal / tot, sal)
    sal = np.floor(sal * 10000.0) / 10000.0
    return cap, pos, sal


def bench_files(ktab: Path, oracle_turns: int) -> list[dict[str, object]]:
    import spatial_oracle as oracle

    rows: list[dict[str, object]] = []
    for name in FILES:
        path = ktab / f"{name}.csv"
        if not path.exists():
            print(f"  {name}: not found, skipped")
            continue
        sc = read_ktab_csv(path)
        t0 = time.perf_counter()
        res = run(sc)
        model_s = time.perf_counter() - t0
        sal, cap = sc.saliences.tolist(), sc.capability.tolist()
        k = min(oracle_turns, res.turns)
        t0 = time.perf_counter()
        for t in range(k):
            oracle.step(res.positions[t].tolist(), sal, cap)
        oracle_per_turn = (time.perf_counter() - t0) / k
        model_per_turn = model_s / res.turns
        row = {
            "file": name,
            "actors": sc.n_actors,
            "dims": sc.n_dims,
            "turns": res.turns,
            "run_seconds": round(model_s, 4),
            "oracle_seconds_per_turn": round(oracle_per_turn, 4),
            "oracle_turns_timed": k,
            "speedup_over_oracle": round(oracle_per_turn / model_per_turn, 1),
            "forecast_mean": [round(float(v), 3) for v in res.forecast_mean],
        }
        rows.append(row)
        print(
            f"  {name:16s} N={sc.n_actors:3d} D={sc.n_dims} turns={res.turns:3d} "
            f"run={model_s:7.3f}s  oracle/turn={oracle_per_turn:7.3f}s (timed {k} turns)  "
            f"speed-up ×{row['speedup_over_oracle']}"
        )
    return rows


def bench_batch(
    name: str, sc: SpatialScenario, draws: int, budget: float, seed: int
) -> dict[str, object]:
    """Run ``draws`` perturbed draws in slices; stop early (and extrapolate) past ``budget`` s.

    The first slice has 2 draws to estimate the rate; later slices are sized to take about a
    fifth of the budget (capped at run_batch's default chunk), so the budget is not overshot by
    much.
    """
    rng = np.random.default_rng(seed)
    cap, pos, sal = perturb(sc, draws, rng)
    n = sc.n_actors
    chunk = max(1, 2_000_000 // (n * n))
    done = 0
    turns: list[int] = []
    step = min(2, draws)
    t0 = time.perf_counter()
    while done < draws:
        hi = min(draws, done + step)
        res = run_batch(cap[done:hi], pos[done:hi], sal[done:hi])
        turns += res.turns.tolist()
        done = hi
        elapsed = time.perf_counter() - t0
        if elapsed > budget:
            break
        rate = done / elapsed
        step = int(max(1, min(chunk, rate * budget / 5, (budget - elapsed) * rate)))
    elapsed = time.perf_counter() - t0
    rate = done / elapsed
    extrapolated = done < draws
    total = elapsed if not extrapolated else draws / rate
    return {
        "scenario": name,
        "actors": n,
        "draws_requested": draws,
        "draws_run": done,
        "seconds": round(elapsed, 2),
        "draws_per_second": round(rate, 3),
        "seconds_for_all_draws": round(total, 1),
        "extrapolated": extrapolated,
        "mean_turns": round(float(np.mean(turns)), 2),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument(
        "--ktab",
        type=Path,
        default=Path(os.environ.get("CSTO_KTAB_DIR", REPO.parent / "shared" / "ktab")),
    )
    ap.add_argument("--draws", type=int, default=1000)
    ap.add_argument("--budget", type=float, default=60.0, help="seconds per batch case")
    ap.add_argument("--oracle-turns", type=int, default=2)
    ap.add_argument("--seed", type=int, default=12345)
    ap.add_argument("--json", type=Path, help="also write the results to this file")
    args = ap.parse_args()

    print(f"CPUs: {os.cpu_count()}  NumPy {np.__version__}")
    print("KTAB files (run, and speed-up over the pure-Python oracle per turn):")
    files = bench_files(args.ktab, args.oracle_turns)

    print(f"run_batch, {args.draws} perturbed draws (budget {args.budget:.0f} s per case):")
    cases = [
        (n, read_ktab_csv(args.ktab / f"{n}.csv"))
        for n in ("dummyData-a040", "dummyData-a080", "dummyData-a160")
        if (args.ktab / f"{n}.csv").exists()
    ]
    cases.append(("synthetic-200", synthetic(200, args.seed)))
    batches = []
    for name, sc in cases:
        row = bench_batch(name, sc, args.draws, args.budget, args.seed)
        batches.append(row)
        note = " (EXTRAPOLATED from the draws run)" if row["extrapolated"] else ""
        print(
            f"  {name:16s} N={sc.n_actors:3d}: {row['draws_run']} draws in {row['seconds']} s, "
            f"{row['draws_per_second']} draws/s, mean turns {row['mean_turns']}; "
            f"{args.draws} draws ≈ {row['seconds_for_all_draws']} s{note}"
        )
    big = batches[-1]
    verdict = "met" if float(big["seconds_for_all_draws"]) <= GOAL_SECONDS else "NOT met"  # type: ignore[arg-type]
    print(
        f"Goal (200 actors × 1,000 draws in ≤ {GOAL_SECONDS:.0f} s on this machine): {verdict} "
        f"— {big['seconds_for_all_draws']} s {'(extrapolated)' if big['extrapolated'] else ''}"
    )
    if args.json:
        args.json.write_text(json.dumps({"files": files, "batch": batches}, indent=2))


if __name__ == "__main__":
    main()
