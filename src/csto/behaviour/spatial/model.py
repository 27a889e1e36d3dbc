"""Run the spatial bargaining model on one scenario until it settles.

Source: ``shared/ktab/ALGORITHM.md`` — "One turn" (implemented in :mod:`.turn`), "Stopping
rule" and "What smpc reports". The turn kernels are shared with :mod:`.batch`, so a single run
is the batch computation with one draw.

Stopping rule (smpc's ``SMPModel::configExec``): after step t ≥ 1 let
``D_t = Σ_i ‖x_i(t) − x_i(t−1)‖₂`` on the [0, 1] scale; stop when t ≥ 2 and
``D_t / (D_1 + 1e-4) < 0.02``, or when t reaches ``max_turns`` (100 in smpc).

Forecast (ALGORITHM.md "What smpc reports"): smpc prints no single number; we report the
probability-weighted mean of the distinct final positions and the most probable distinct final
position (first in actor order on a tie), both on the 0–100 scale.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from csto.behaviour.spatial.scenario import SpatialScenario
from csto.behaviour.spatial.turn import (
    advance,
    assess,
    printed_probabilities,
    total_salience,
    winning_probabilities,
)
from csto.behaviour.spatial.utility import move_lengths

Array = NDArray[np.float64]
IntArray = NDArray[np.intp]

MIN_ITER = 2
MAX_ITER = 100
MIN_DELTA_RATIO = 0.02
MIN_SIG_DELTA = 1e-4


def should_stop(turn: int, delta: float, first_delta: float, max_turns: int) -> bool:
    """smpc's stopping rule after ``turn`` steps (ALGORITHM.md "Stopping rule")."""
    if turn >= max_turns:
        return True
    return turn >= MIN_ITER and delta / (first_delta + MIN_SIG_DELTA) < MIN_DELTA_RATIO


def forecast_from(
    positions: Array, prob: Array, rep: IntArray
) -> tuple[Array, Array, IntArray, Array]:
    """Forecast from one final state (one draw): positions (N, D), PCE ``prob`` (N,) over
    representatives, ``rep`` (N,). Returns ``(mean, mode, reps, rep_probs)`` with mean and mode
    on the 0–100 scale, ``reps`` the representative actor indices and ``rep_probs`` their
    probabilities.
    """
    reps = np.flatnonzero(rep == np.arange(rep.shape[0])).astype(np.intp)
    p = prob[reps]
    pts = positions[reps]
    mean = (p[:, None] * pts).sum(axis=0) * 100.0
    mode = pts[int(np.argmax(p))] * 100.0
    return mean, mode, reps, p


@dataclass(frozen=True, eq=False)
class SpatialResult:
    """Outcome of :func:`run`.

    Attributes:
        scenario: the input.
        positions: (T+1, N, D) positions per state on the [0, 1] scale (state 0 = input).
        win_probs: (T+1, N) per state, the winning probability of each actor's position (a PCE
            over distinct positions; actors at the same position share the number, so a row can
            sum to more than 1), looked up the way smpc prints it (see
            :func:`.turn.printed_probabilities`).
        risk: (T+1, N) the risk attitudes R_i estimated in each state.
        targets: (T, N) the target each actor challenged in each turn (−1: none).
        deltas: (T,) the summed move lengths D_t.
        turns: T, the number of bargaining turns (steps between states).
        forecast_mean: (D,) probability-weighted mean of the distinct final positions, 0–100.
        forecast_mode: (D,) the most probable distinct final position, 0–100.
        final_options: (U, D) the distinct final positions, 0–100; ``final_option_probs`` (U,).
    """

    scenario: SpatialScenario
    positions: Array
    win_probs: Array
    risk: Array
    targets: IntArray
    deltas: Array
    turns: int
    forecast_mean: Array
    forecast_mode: Array
    final_options: Array
    final_option_probs: Array

    @property
    def final_positions(self) -> Array:
        """(N, D) final positions on the 0–100 scale."""
        out: Array = self.positions[-1] * 100.0
        return out

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (positions on the 0–100 scale)."""
        sc = self.scenario
        return {
            "scenario": {
                "name": sc.name,
                "description": sc.description,
                "actors": list(sc.actor_names),
                "dimensions": list(sc.dimension_names),
            },
            "turns": self.turns,
            "forecast": {
                dim: {
                    "mean": float(self.forecast_mean[k]),
                    "most_probable": float(self.forecast_mode[k]),
                }
                for k, dim in enumerate(sc.dimension_names)
            },
            "final_positions": {
                name: [float(v) for v in self.final_positions[i]]
                for i, name in enumerate(sc.actor_names)
            },
            "final_options": [
                {"position": [float(v) for v in pos], "probability": float(p)}
                for pos, p in zip(self.final_options, self.final_option_probs, strict=True)
            ],
            "history": [
                {
                    "turn": t,
                    "positions": (self.positions[t] * 100.0).tolist(),
                    "win_probs": self.win_probs[t].tolist(),
                    **({"delta": float(self.deltas[t - 1])} if t > 0 else {}),
                }
                for t in range(self.turns + 1)
            ],
        }


def run(scenario: SpatialScenario, *, max_turns: int = MAX_ITER) -> SpatialResult:
    """Run bargaining turns on ``scenario`` until smpc's stopping rule holds.

    Deterministic: no randomness is involved (ALGORITHM.md, defaults). ``max_turns`` is smpc's
    maxIter (100).
    """
    if max_turns < 1:
        raise ValueError("max_turns must be at least 1")
    x = np.array(scenario.positions, dtype=np.float64)[None]
    sal = np.array(scenario.saliences, dtype=np.float64)[None]
    cap = np.array(scenario.capability, dtype=np.float64)[None]
    tot = total_salience(sal)

    states = [x[0].copy()]
    ass = assess(x, sal, cap)
    risks = [ass.risk[0].copy()]
    prob, rep = winning_probabilities(x, cap, ass)
    wins = [printed_probabilities(x, prob, rep)[0]]
    targets: list[IntArray] = []
    deltas: list[float] = []
    t = 0
    while True:
        out = advance(x, sal, cap, ass, tot)
        t += 1
        delta = float(move_lengths(out.positions, x)[0])
        x = out.positions
        targets.append(out.target[0].copy())
        deltas.append(delta)
        states.append(x[0].copy())
        ass = assess(x, sal, cap)
        risks.append(ass.risk[0].copy())
        prob, rep = winning_probabilities(x, cap, ass)
        wins.append(printed_probabilities(x, prob, rep)[0])
        if should_stop(t, delta, deltas[0], max_turns):
            break

    mean, mode, reps, rep_p = forecast_from(x[0], prob[0], rep[0])
    return SpatialResult(
        scenario=scenario,
        positions=np.stack(states),
        win_probs=np.stack(wins),
        risk=np.stack(risks),
        targets=np.stack(targets),
        deltas=np.asarray(deltas, dtype=np.float64),
        turns=t,
        forecast_mean=mean,
        forecast_mode=mode,
        final_options=x[0][reps] * 100.0,
        final_option_probs=rep_p,
    )
