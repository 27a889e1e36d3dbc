"""Calibration by coordinate search (no SciPy): maximise the log-likelihood of the observed levels.

The inputs of each training case are drawn once (common random numbers), so the likelihood is a
deterministic function of the parameters and the search is reproducible from the generator's seed. Each
sweep tries every grid value of one parameter with the others fixed and keeps the best; sweeps repeat
until none improves. A small ridge pulls towards the starting point, to break ties on flat stretches.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from csto.behaviour.blocking import levels_of
from csto.behaviour.core import SMOOTHING, Case
from csto.behaviour.positions import GRID, Params
from csto.behaviour.sampling import Sampled, sample

MAX_SWEEPS = 4
RIDGE = 0.01


def log_likelihood(params: Params, data: list[tuple[Sampled, int]]) -> float:
    """Σ log P(observed level), with Jeffreys-smoothed Monte Carlo frequencies."""
    total = 0.0
    for d, outcome in data:
        levels = levels_of(params, d)
        n = levels.shape[0]
        hits = float(np.count_nonzero(levels == outcome))
        p = (hits + SMOOTHING) / (n + 4 * SMOOTHING)
        total += float(np.log((1 - params.tremble) * p + params.tremble / 4))
    return total


def _penalty(params: Params, start: Params) -> float:
    out = 0.0
    for name, grid in GRID.items():
        span = max(grid) - min(grid)
        out += ((getattr(params, name) - getattr(start, name)) / span) ** 2
    return RIDGE * out


def coordinate_search(
    objective: Any, start: Params, grid: dict[str, tuple[float, ...]], max_sweeps: int = MAX_SWEEPS
) -> tuple[Params, float, int]:
    """Maximise ``objective(params)`` one coordinate at a time over ``grid``."""
    best, best_value = start, objective(start)
    sweeps = 0
    for _ in range(max_sweeps):
        sweeps += 1
        improved = False
        for name, values in grid.items():
            for v in values:
                if v == getattr(best, name):
                    continue
                cand = best.with_(**{name: v})
                value = objective(cand)
                if value > best_value + 1e-12:
                    best, best_value, improved = cand, value, True
        if not improved:
            break
    return best, best_value, sweeps


def calibrate(
    cases: list[Case], rng: np.random.Generator, draws: int = 400, start: Params | None = None
) -> tuple[Params, dict[str, Any]]:
    """Fit the consensus parameters on ``cases``; returns the parameters and a summary."""
    start = start or Params()
    if not cases:
        return start, {"cases": [], "log_likelihood": 0.0}
    data = [(sample(inputs, rng, draws), outcome) for inputs, outcome in cases]

    def objective(p: Params) -> float:
        return log_likelihood(p, data) - _penalty(p, start)

    best, _, sweeps = coordinate_search(objective, start, GRID)
    return best, {
        "cases": [inputs.crisis_id for inputs, _ in cases],
        "log_likelihood": round(log_likelihood(best, data), 6),
        "calibration_draws": draws,
        "sweeps": sweeps,
    }
