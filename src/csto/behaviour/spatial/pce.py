"""Coalitions, victory probabilities and the probabilistic Condorcet election (PCE).

ALGORITHM.md step 2 (coalitions over actor positions, conditional PCE, risk attitudes), step 5
(scalar PCE over bargains) and step 6 (PCE over distinct positions) all use the same pieces,
under smpc's defaults: Proportional voting, Linear victory probabilities, Conditional PCE.

* A vote of actor k for option a over b is ``w_k·(u_ka − u_kb)``.
* ``C(a, b) = 1e-8 + Σ_k max(vote, 0)``, summed over k in order.
* ``P(a > b) = C(a, b) / (C(a, b) + C(b, a))``, 0.5 on the diagonal.
* Conditional PCE: ``p_a ∝ Π_b P(a > b)`` (the product over b in order, diagonal included),
  divided by the in-order sum.

All functions take a leading draw axis S.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

MIN_COALITION = 1e-8


def coalitions(weights: Array, utils: Array) -> Array:
    """Coalition strengths ``C[s, a, b]`` for options a over b.

    ``weights``: (S, N) voting weights; ``utils``: (S, N, O) utility to actor n of option o.
    Returns (S, O, O); the diagonal is 1e-8.
    """
    s_, n_, o_ = utils.shape
    c = np.full((s_, o_, o_), MIN_COALITION, dtype=np.float64)
    for n in range(n_):
        u = utils[:, n, :]
        v = weights[:, n, None, None] * (u[:, :, None] - u[:, None, :])
        np.maximum(v, 0.0, out=v)
        c += v
    return c


def victory_probabilities(c: Array) -> Array:
    """``P[s, a, b] = C(a, b) / (C(a, b) + C(b, a))`` with 0.5 on the diagonal (Linear model)."""
    ct = np.swapaxes(c, -1, -2)
    p = c / (c + ct)
    idx = np.arange(c.shape[-1])
    p[..., idx, idx] = 0.5
    return p


def conditional_pce(p: Array, valid: BoolArray | None = None) -> Array:
    """Conditional PCE over options: ``p_a ∝ Π_b P(a > b)``, normalised by the in-order sum.

    ``p``: (S, O, O). ``valid``: optional (S, O) mask of the options that take part (the others
    get probability 0 and do not enter any product). Returns (S, O).
    """
    s_, o_, _ = p.shape
    prod = np.ones((s_, o_), dtype=np.float64)
    for b in range(o_):
        col = p[:, :, b]
        if valid is not None:
            col = np.where(valid[:, b, None], col, 1.0)
        prod *= col
    if valid is not None:
        prod = np.where(valid, prod, 0.0)
    total = np.zeros(s_, dtype=np.float64)
    for a in range(o_):
        total += prod[:, a]
    return prod / total[:, None]


def option_pce(weights: Array, utils: Array, valid: BoolArray | None = None) -> Array:
    """Scalar PCE: probabilities (S, O) of options given weights (S, N) and utilities (S, N, O)."""
    return conditional_pce(victory_probabilities(coalitions(weights, utils)), valid)


def big_r(p: Array) -> Array:
    """Risk attitudes from PCE probabilities, "Mid" range (ALGORITHM.md step 2).

    ``R_i = (3p_i − (p_max + 2p_min)) / (2(p_max − p_min))``, in [−0.5, 1].

    Assumption: when all p_i are equal (p_max = p_min, e.g. every actor at one position) the
    formula is 0/0; smpc then aborts the run. Here every R_i is set to 0 (risk neutral) instead.
    """
    p_min = p.min(axis=-1, keepdims=True)
    p_max = p.max(axis=-1, keepdims=True)
    span = 2.0 * (p_max - p_min)
    num = 3.0 * p - (p_max + 2.0 * p_min)
    flat = span == 0.0
    with np.errstate(invalid="ignore", divide="ignore"):
        r = num / np.where(flat, 1.0, span)
    return np.where(flat, 0.0, r)
