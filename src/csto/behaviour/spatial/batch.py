"""Many perturbed copies of one scenario at once, for Monte Carlo over uncertain inputs.

The same turn kernels as :func:`.model.run` (ALGORITHM.md steps 1–6) with the draw axis S
vectorised, so draw s of :func:`run_batch` gives exactly what :func:`.model.run` gives on a
scenario built from the same arrays. Each draw stops on its own (ALGORITHM.md "Stopping rule");
finished draws are dropped from the working arrays. The draw axis is processed in chunks so that
the (chunk, N, N) temporaries stay bounded in memory.

Inputs are on the model's internal scale: positions and saliences on [0, 1] (as in
:class:`.SpatialScenario`), capability raw. This module draws nothing at random: the caller makes
the draws (with its own ``numpy.random.Generator``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from csto.behaviour.spatial.model import (
    MAX_ITER,
    MIN_DELTA_RATIO,
    MIN_ITER,
    MIN_SIG_DELTA,
    forecast_from,
)
from csto.behaviour.spatial.scenario import MAX_ACTORS, MAX_CAPABILITY, MIN_ACTORS, ScenarioError
from csto.behaviour.spatial.turn import (
    Assessment,
    advance,
    assess,
    printed_probabilities,
    total_salience,
    winning_probabilities,
)
from csto.behaviour.spatial.utility import move_lengths

Array = NDArray[np.float64]
IntArray = NDArray[np.intp]

DEFAULT_CHUNK_ELEMENTS = 2_000_000
"""Target size (elements) of one (chunk, N, N) temporary; sets the default chunk of draws."""


@dataclass(frozen=True, eq=False)
class BatchResult:
    """Outcome of :func:`run_batch`, one row per draw.

    Attributes:
        final_positions: (S, N, D) on the [0, 1] scale.
        turns: (S,) number of bargaining turns of each draw.
        forecast_mean: (S, D) probability-weighted mean of the distinct final positions, 0–100.
        forecast_mode: (S, D) most probable distinct final position, 0–100 (the lowest of them
            on a tie; see :func:`.model.forecast_from`).
        mode_tied: (S,) whether two or more distinct final positions tie for most probable.
        final_win_probs: (S, N) each actor's final winning probability (as smpc prints it).
    """

    final_positions: Array
    turns: IntArray
    forecast_mean: Array
    forecast_mode: Array
    mode_tied: NDArray[np.bool_]
    final_win_probs: Array

    @property
    def n_draws(self) -> int:
        return int(self.turns.shape[0])

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready arrays (positions on the 0–100 scale)."""
        return {
            "draws": self.n_draws,
            "turns": self.turns.tolist(),
            "forecast_mean": self.forecast_mean.tolist(),
            "forecast_mode": self.forecast_mode.tolist(),
            "mode_tied": self.mode_tied.tolist(),
            "final_positions": (self.final_positions * 100.0).tolist(),
        }


def _validate(cap: Array, pos: Array, sal: Array) -> tuple[Array, Array, Array]:
    if pos.ndim == 2:
        pos = pos[:, :, None]
    if sal.ndim == 2:
        sal = sal[:, :, None]
    if cap.ndim != 2 or pos.ndim != 3 or sal.shape != pos.shape or pos.shape[:2] != cap.shape:
        raise ScenarioError(
            "run_batch needs capability (S, N), positions (S, N, D), saliences (S, N, D); got "
            f"{cap.shape}, {pos.shape}, {sal.shape}"
        )
    n = cap.shape[1]
    if not MIN_ACTORS <= n <= MAX_ACTORS:
        raise ScenarioError(f"{n} actors; the model needs {MIN_ACTORS} to {MAX_ACTORS}")
    if pos.shape[2] < 1:
        raise ScenarioError("there must be at least one dimension")
    if not (np.all(np.isfinite(cap)) and np.all(cap > 0.0) and np.all(cap <= MAX_CAPABILITY)):
        raise ScenarioError("every capability must be in (0, 1e8]")
    if not (np.all(pos >= 0.0) and np.all(pos <= 1.0)):
        raise ScenarioError("positions must be on the [0, 1] scale")
    if not (np.all(sal >= 0.0) and np.all(sal <= 1.0)):
        raise ScenarioError("saliences must be on the [0, 1] scale")
    if np.any(total_salience(sal) > 1.0 + 1e-12):
        raise ScenarioError("the saliences of an actor sum to more than 1")
    if np.any(~np.any(sal > 0.0, axis=2)):
        raise ScenarioError("an actor has all saliences 0 (distance undefined)")
    return cap, pos, sal


def _take(ass: Assessment, idx: IntArray) -> Assessment:
    return Assessment(d=ass.d[idx], risk=ass.risk[idx], r_est=ass.r_est[idx])


def _run_chunk(
    cap: Array, pos: Array, sal: Array, max_turns: int
) -> tuple[Array, IntArray, Array, Array, NDArray[np.bool_], Array]:
    s_, n_, d_ = pos.shape
    final_x = np.empty_like(pos)
    turns = np.zeros(s_, dtype=np.intp)
    mean = np.empty((s_, d_), dtype=np.float64)
    mode = np.empty((s_, d_), dtype=np.float64)
    tied = np.zeros(s_, dtype=np.bool_)
    wins = np.empty((s_, n_), dtype=np.float64)
    first = np.zeros(s_, dtype=np.float64)

    active = np.arange(s_)
    x, c, s = pos.copy(), cap.copy(), sal.copy()
    tot = total_salience(s)
    ass = assess(x, s, c)
    t = 0
    while active.size:
        out = advance(x, s, c, ass, tot)
        t += 1
        delta = move_lengths(out.positions, x)
        if t == 1:
            first[active] = delta
        x = out.positions
        ass = assess(x, s, c)
        if t >= max_turns:
            stop = np.ones(active.size, dtype=np.bool_)
        elif t >= MIN_ITER:
            stop = delta / (first[active] + MIN_SIG_DELTA) < MIN_DELTA_RATIO
        else:
            stop = np.zeros(active.size, dtype=np.bool_)
        if np.any(stop):
            idx = np.flatnonzero(stop)
            sub = _take(ass, idx)
            prob, rep = winning_probabilities(x[idx], c[idx], sub)
            printed = printed_probabilities(x[idx], prob, rep)
            for a, g in enumerate(active[idx]):
                fc = forecast_from(x[idx[a]], prob[a], rep[a])
                mean[g], mode[g], tied[g] = fc.mean, fc.mode, fc.tie
            final_x[active[idx]] = x[idx]
            wins[active[idx]] = printed
            turns[active[idx]] = t
            keep = np.flatnonzero(~stop)
            active = active[keep]
            x, c, s, tot = x[keep], c[keep], s[keep], tot[keep]
            ass = _take(ass, keep)
    return final_x, turns, mean, mode, tied, wins


def run_batch(
    capability: ArrayLike,
    positions: ArrayLike,
    saliences: ArrayLike,
    max_turns: int = MAX_ITER,
    *,
    chunk_size: int | None = None,
) -> BatchResult:
    """Run the model on S draws of one scenario's inputs.

    ``capability`` (S, N); ``positions`` and ``saliences`` (S, N, D) on the [0, 1] scale
    (a 2-D array is taken as D = 1). ``chunk_size`` draws are processed together (default: as many
    as keep a (chunk, N, N) array near 2 million elements). Raises :class:`ScenarioError` on
    inputs the model cannot take.
    """
    if max_turns < 1:
        raise ValueError("max_turns must be at least 1")
    cap, pos, sal = _validate(
        np.asarray(capability, dtype=np.float64),
        np.asarray(positions, dtype=np.float64),
        np.asarray(saliences, dtype=np.float64),
    )
    s_, n_, _ = pos.shape
    if chunk_size is None:
        chunk_size = max(1, DEFAULT_CHUNK_ELEMENTS // (n_ * n_))
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    parts = [
        _run_chunk(
            cap[a : a + chunk_size], pos[a : a + chunk_size], sal[a : a + chunk_size], max_turns
        )
        for a in range(0, s_, chunk_size)
    ]
    return BatchResult(
        final_positions=np.concatenate([p[0] for p in parts]),
        turns=np.concatenate([p[1] for p in parts]),
        forecast_mean=np.concatenate([p[2] for p in parts]),
        forecast_mode=np.concatenate([p[3] for p in parts]),
        mode_tied=np.concatenate([p[4] for p in parts]),
        final_win_probs=np.concatenate([p[5] for p in parts]),
    )
