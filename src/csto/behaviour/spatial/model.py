"""Run the spatial bargaining model on one scenario until it settles.

Source: ``shared/ktab/ALGORITHM.md`` — "One turn" (implemented in :mod:`.turn`), "Stopping
rule" and "What smpc reports". The turn kernels are shared with :mod:`.batch`, so a single run
is the batch computation with one draw.

Stopping rule (smpc's ``SMPModel::configExec``): after step t ≥ 1 let
``D_t = Σ_i ‖x_i(t) − x_i(t−1)‖₂`` on the [0, 1] scale; stop when t ≥ 2 and
``D_t / (D_1 + 1e-4) < 0.02``, or when t reaches ``max_turns`` (100 in smpc).

Forecast (ALGORITHM.md "What smpc reports"): smpc prints no single number; we report the
probability-weighted mean of the distinct final positions and the most probable distinct final
position, both on the 0–100 scale. Ties among the most probable positions are reported, not hidden:
probabilities within a relative :data:`TIE_RTOL` of the largest count as tied (the PCE sums run in
actor order, so a mathematically exact tie can differ in the last bits when the rows are
reordered); all tied positions are kept, and the single "most probable position" is the lowest of
them (lexicographic on the dimensions), a rule that does not depend on the order of the rows.
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
TIE_RTOL = 1e-9
"""Final-option probabilities this close (relative to the largest) are a tie for most probable."""


def should_stop(turn: int, delta: float, first_delta: float, max_turns: int) -> bool:
    """smpc's stopping rule after ``turn`` steps (ALGORITHM.md "Stopping rule")."""
    if turn >= max_turns:
        return True
    return turn >= MIN_ITER and delta / (first_delta + MIN_SIG_DELTA) < MIN_DELTA_RATIO


@dataclass(frozen=True, eq=False)
class Forecast:
    """The forecast from one final state, on the 0–100 scale.

    ``mean`` (D,): probability-weighted mean of the distinct positions; ``mode`` (D,): the most
    probable distinct position (the lowest of them on a tie); ``modes`` (K, D): every position tied
    for most probable (K = 1 without a tie); ``options`` (U, D): the distinct positions sorted
    lexicographically, with ``probs`` (U,) their probabilities.
    """

    mean: Array
    mode: Array
    modes: Array
    options: Array
    probs: Array

    @property
    def tie(self) -> bool:
        """Whether two or more distinct positions share the largest probability."""
        return int(self.modes.shape[0]) > 1


def forecast_from(positions: Array, prob: Array, rep: IntArray) -> Forecast:
    """Forecast from one final state (one draw): positions (N, D) on [0, 1], PCE ``prob`` (N,)
    over representatives, ``rep`` (N,) each actor's representative (:func:`.turn.winning_probabilities`).
    """
    reps = np.flatnonzero(rep == np.arange(rep.shape[0])).astype(np.intp)
    p = prob[reps]
    pts = positions[reps]
    mean = (p[:, None] * pts).sum(axis=0) * 100.0
    order = np.lexsort(pts.T[::-1])
    pts, p = pts[order], p[order]
    tied = p >= p.max() * (1.0 - TIE_RTOL)
    modes = pts[tied] * 100.0
    return Forecast(mean=mean, mode=modes[0], modes=modes, options=pts * 100.0, probs=p)


def _rounded(values: Array, decimals: int) -> list[float]:
    return [round(float(v), decimals) for v in values]


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
        forecast_mode: (D,) the most probable distinct final position, 0–100 (the lowest of
            them on a tie).
        forecast_modes: (K, D) every distinct final position tied for most probable, 0–100
            (K = 1 without a tie); see :attr:`tie`.
        final_options: (U, D) the distinct final positions, 0–100, sorted lexicographically;
            ``final_option_probs`` (U,).
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
    forecast_modes: Array
    final_options: Array
    final_option_probs: Array

    @property
    def tie(self) -> bool:
        """Whether two or more distinct final positions share the largest probability."""
        return int(self.forecast_modes.shape[0]) > 1

    @property
    def final_positions(self) -> Array:
        """(N, D) final positions on the 0–100 scale."""
        out: Array = self.positions[-1] * 100.0
        return out

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary. Positions are on the 0–100 scale, rounded to the input's precision
        (:attr:`.SpatialScenario.print_decimals`); probabilities to 6 decimals. ``forecast[dim]``
        holds ``mean``, ``most_probable``, ``tie`` and, on a tie, ``tied`` (every tied value)."""
        sc = self.scenario
        dec = sc.print_decimals
        return {
            "scenario": {
                "name": sc.name,
                "description": sc.description,
                "actors": list(sc.actor_names),
                "dimensions": list(sc.dimension_names),
                "encoding": sc.encoding,
                "decimals": dec,
            },
            "turns": self.turns,
            "forecast": {
                dim: {
                    "mean": round(float(self.forecast_mean[k]), dec),
                    "most_probable": round(float(self.forecast_mode[k]), dec),
                    "tie": self.tie,
                    **({"tied": _rounded(self.forecast_modes[:, k], dec)} if self.tie else {}),
                }
                for k, dim in enumerate(sc.dimension_names)
            },
            "final_positions": {
                name: _rounded(self.final_positions[i], dec)
                for i, name in enumerate(sc.actor_names)
            },
            "final_options": [
                {"position": _rounded(pos, dec), "probability": round(float(p), 6)}
                for pos, p in zip(self.final_options, self.final_option_probs, strict=True)
            ],
            "history": [
                {
                    "turn": t,
                    "positions": [_rounded(row, dec) for row in self.positions[t] * 100.0],
                    "win_probs": _rounded(self.win_probs[t], 6),
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

    fc = forecast_from(x[0], prob[0], rep[0])
    return SpatialResult(
        scenario=scenario,
        positions=np.stack(states),
        win_probs=np.stack(wins),
        risk=np.stack(risks),
        targets=np.stack(targets),
        deltas=np.asarray(deltas, dtype=np.float64),
        turns=t,
        forecast_mean=fc.mean,
        forecast_mode=fc.mode,
        forecast_modes=fc.modes,
        final_options=fc.options,
        final_option_probs=fc.probs,
    )
