"""Distances and utilities of the spatial model (ALGORITHM.md, "One turn", step 1).

Every function takes a leading draw axis ``S`` (use ``S = 1`` for a single scenario) and is
written so that each floating-point sum runs in the same order as smpc's loops (first index
first), which is what makes results agree bit for bit; see ALGORITHM.md "Checked, and two traps".
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]


def distances(ideals: Array, saliences: Array, targets: Array) -> Array:
    """Salience-weighted, normalised distance from each actor's ideal to each target position.

    ``d[s, i, m] = sqrt( Σ_k ((x_ik − y_mk)·s_ik)² / Σ_k s_ik² )`` (ALGORITHM.md step 1), summed
    over dimensions k in order. Shapes: ideals and saliences (S, N, D), targets (S, M, D);
    returns (S, N, M). An actor whose saliences are all zero gives NaN (such scenarios are
    rejected on input).
    """
    n_dims = ideals.shape[-1]
    ds2 = np.zeros((*ideals.shape[:-1], targets.shape[-2]), dtype=np.float64)
    ss2 = np.zeros(ideals.shape[:-1], dtype=np.float64)
    for k in range(n_dims):
        sk = saliences[..., k]
        t = (ideals[..., :, None, k] - targets[..., None, :, k]) * sk[..., :, None]
        ds2 += t * t
        ss2 += sk * sk
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.sqrt(ds2 / ss2[..., :, None])


def utility(d: Array, r: Array | float) -> Array:
    """Utility of a normalised distance with risk attitude r (ALGORITHM.md step 1).

    ``U(d; r) = (1 − d)(1 + d·r)`` for d ≤ 1 and ``(1 − d)(1 + r)`` for d > 1 (which only
    round-off can produce). ``r`` broadcasts against ``d``.
    """
    u = (1.0 - d) * (1.0 + d * r)
    over = d > 1.0
    if np.any(over):
        u = np.where(over, (1.0 - d) * (1.0 + np.broadcast_to(r, d.shape)), u)
    return u


def round4(x: Array) -> Array:
    """Round half up to 4 decimals on the [0, 1] scale: ``floor(0.5 + 10000·x) / 10000``.

    ALGORITHM.md step 4. smpc truncates ``0.5 + x·10000`` to an integer; for the non-negative
    values that occur that is ``floor``. The result is the double ``k / 10000``.
    """
    return np.floor(0.5 + x * 10000.0) / 10000.0


def move_lengths(new: Array, old: Array) -> Array:
    """Σ_i ‖x_i(t) − x_i(t−1)‖₂ per draw (ALGORITHM.md "Stopping rule"); shapes (S, N, D) → (S,)."""
    diff = new - old
    sq = np.zeros(diff.shape[:-1], dtype=np.float64)
    for k in range(diff.shape[-1]):
        sq += diff[..., k] * diff[..., k]
    norms = np.sqrt(sq)
    total = np.zeros(diff.shape[0], dtype=np.float64)
    for i in range(norms.shape[1]):
        total += norms[:, i]
    return total
