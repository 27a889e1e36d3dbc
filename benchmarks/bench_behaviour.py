"""Benchmark of the behaviour models (a script, not a test: it reports, it never asserts on time).

    /work/venv/bin/python benchmarks/bench_behaviour.py [--draws N] [--bargaining-draws N] [--full]

Reports, on one core (NumPy's own threading aside):
* the consensus model on the CSTO case (kazakhstan-2022, 6 actors) and on a synthetic 200-actor case:
  draws/s and actor-draws/s of the decision kernel (positions + blocking rule, inputs already drawn),
  and end to end (drawing the inputs included); the speed-up over the per-draw Python oracle of
  ``tests/behaviour/behaviour_oracle.py`` on the same draws;
* the bargaining model (the spatial engineer's ``run_batch``) on 6 actors × 1,000 draws and on
  200 actors × ``--bargaining-draws`` draws (1,000 with ``--full``; otherwise extrapolated linearly and
  labelled as such).
Issue targets: ≥ 10^6 actor-draws/s and ≥ 100× the oracle for the consensus model; bargaining with 200
actors × 1,000 draws in under ten seconds.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.behaviour.behaviour_oracle import consensus_levels

from csto.behaviour.bargaining import settle
from csto.behaviour.consensus import ConsensusModel
from csto.behaviour.factors import ActorInputs, CrisisInputs, point, uniform
from csto.behaviour.history import historical_cases
from csto.behaviour.sampling import sample


def synthetic(n: int) -> CrisisInputs:
    """A crisis with ``n`` voting members: Russia plus n − 1 small members with uncertain inputs."""
    actors = [
        ActorInputs(
            iso3="RUS" if i == 0 else f"A{i:03d}",
            role="requester" if i == 1 else "member",
            vote=1.0,
            capability=uniform(60, 90) if i == 0 else uniform(1, 10),
            salience=uniform(0.2, 1.0),
            favours_adversary=uniform(0, 0.5),
            sanctions_exposure=uniform(0, 0.8),
            domestic_opinion_against=uniform(0, 0.5),
            ties_china=point(0.0),
        )
        for i in range(n)
    ]
    factors = {
        "request_level": point(3),
        "regime_threat": uniform(0, 1),
        "aggression": uniform(0, 1),
        "russia_at_war": point(1),
        "russia_is_aggressor": point(0),
        "victim_is_russia": point(0),
        "adversary_member": point(0),
        "adversary_russian_partner": point(0),
    }
    import datetime as dt

    return CrisisInputs(
        "synthetic", f"synthetic {n}", dt.date(2027, 1, 1), False, factors, tuple(actors)
    )


def best_of(fn, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def bench_consensus(label: str, inputs: CrisisInputs, draws: int, oracle_draws: int) -> None:
    model = ConsensusModel(seed=1)
    n = len(inputs.actors)
    d = sample(inputs, model.rng, draws)
    kernel = best_of(lambda: model.levels(d))
    e2e = best_of(lambda: model.predict(inputs, draws))
    small = sample(inputs, model.rng, oracle_draws)
    t_oracle = best_of(lambda: consensus_levels(model.params, small), repeat=1) / oracle_draws
    t_vec = kernel / draws
    assert model.levels(small).tolist() == consensus_levels(model.params, small)
    print(
        f"consensus  {label:<22} N={n:<4} draws={draws:<8} kernel {draws / kernel:>12,.0f} draws/s "
        f"{draws * n / kernel:>14,.0f} actor-draws/s | end-to-end {draws / e2e:>10,.0f} draws/s "
        f"{draws * n / e2e:>13,.0f} actor-draws/s | oracle {1 / t_oracle:>8,.0f} draws/s, "
        f"speed-up ×{t_oracle / t_vec:,.0f} (kernel), ×{t_oracle / (e2e / draws):,.0f} (end-to-end)"
    )


def bench_bargaining(label: str, inputs: CrisisInputs, draws: int, target: int) -> None:
    model = ConsensusModel(seed=2)
    d = sample(inputs, model.rng, draws)
    t = time.perf_counter()
    settle(model.params, d)
    took = time.perf_counter() - t
    n = len(inputs.actors)
    note = (
        ""
        if draws == target
        else f" → {took * target / draws:,.1f} s for {target} draws (extrapolated)"
    )
    print(
        f"bargaining {label:<22} N={n:<4} draws={draws:<8} {took:8.2f} s, {draws / took:,.1f} draws/s{note}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--draws", type=int, default=200_000)
    ap.add_argument("--bargaining-draws", type=int, default=20)
    ap.add_argument("--full", action="store_true", help="run bargaining 200 × 1,000 in full")
    args = ap.parse_args()
    kaz = next(c for c, _ in historical_cases() if c.crisis_id == "kazakhstan-2022")
    bench_consensus("CSTO (kazakhstan-2022)", kaz, args.draws, 2_000)
    bench_consensus("synthetic", synthetic(200), max(args.draws // 40, 1000), 200)
    bench_bargaining("CSTO (kazakhstan-2022)", kaz, 1000, 1000)
    bench_bargaining(
        "synthetic", synthetic(200), 1000 if args.full else args.bargaining_draws, 1000
    )


if __name__ == "__main__":
    main()
