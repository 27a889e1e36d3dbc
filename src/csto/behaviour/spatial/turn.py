"""One bargaining turn of the spatial model, vectorised over actors and draws.

Source: ``shared/ktab/ALGORITHM.md``, "One turn (state t → t+1)", steps 1–6, under smpc's
defaults (Linear, Conditional PCE, Deterministic, Proportional, OneThird, Mid, SemiCommit, S2P2,
InitOnlyInterp, identity accommodation so each actor's ideal point is its current position).

Every array has a leading draw axis S (S = 1 for a single scenario). Positions and saliences are
on the [0, 1] scale. Floating-point sums and products run in smpc's loop order (first index
first) so that results agree with smpc bit for bit; that is why several reductions below are
explicit loops over one axis with the other axes vectorised, rather than ``np.sum``.

Assumptions where ALGORITHM.md leaves a choice open:

* Order of an actor's candidate bargains (step 5; it only matters for exact ties of the PCE
  argmax): status quo first, then the bargains involving the actor by ascending initiator index
  (its own bargain sits at its own index). smpc fills these lists from several threads, so its
  order is not fixed.
* When every PCE probability in step 2 is equal, R = 0 for all (see :func:`pce.big_r`).
* "Own-perspective" utilities ``U_i(i, ·)`` use ``r_ii = (2R_i + R_i)/3`` as computed in floating
  point, while the bargain positions in step 5 are valued with ``R_n`` itself, as smpc does (the
  two can differ in the last bit).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from csto.behaviour.spatial.pce import big_r, coalitions, option_pce, victory_probabilities
from csto.behaviour.spatial.utility import distances, round4, utility

Array = NDArray[np.float64]
IntArray = NDArray[np.intp]
BoolArray = NDArray[np.bool_]

MIN_CHALLENGE_COALITION = 1e-10
"""Starting strength of each side in a challenge (step 3)."""
MIN_SIGNIFICANT_GAIN = 1e-5
"""A target is chosen only if its expected gain exceeds this (step 3)."""
BARGAIN_MIN_WEIGHT = 1e-6
"""Added to the initiator's weight in the S2P2 interpolation (step 4)."""
SAME_POSITION_TOL = 1e-3
"""Positions closer than this (Euclidean, [0, 1] scale; 0.1 on 0–100) count as one (step 6)."""


@dataclass(frozen=True)
class Assessment:
    """What a state implies before anyone moves (steps 1–2).

    ``d``: (S, N, N) distances d(i, j); ``risk``: (S, N) risk attitudes R_i;
    ``r_est``: (S, N, N) ``r_est[h, i] = (2R_h + R_i)/3``, h's estimate of i's risk attitude.
    """

    d: Array
    risk: Array
    r_est: Array

    def own_utilities(self) -> Array:
        """``U[n, q] = U_n(n, q) = U(d(n, q); r_nn)``: each actor's own view (S, N, N)."""
        idx = np.arange(self.d.shape[-1])
        r_self = self.r_est[:, idx, idx]
        return utility(self.d, r_self[:, :, None])


def total_salience(saliences: Array) -> Array:
    """Σ_d s_d per actor, summed in dimension order: (S, N, D) → (S, N)."""
    tot = np.zeros(saliences.shape[:-1], dtype=np.float64)
    for k in range(saliences.shape[-1]):
        tot += saliences[..., k]
    return tot


def assess(positions: Array, saliences: Array, capability: Array) -> Assessment:
    """Steps 1–2: distances, risk-neutral PCE over all N positions, R_i and r_hi ("OneThird")."""
    d = distances(positions, saliences, positions)
    p = option_pce(capability, 1.0 - d)
    risk = big_r(p)
    r_est = ((2.0 * risk)[:, :, None] + risk[:, None, :]) / 3.0
    return Assessment(d=d, risk=risk, r_est=r_est)


def same_position_groups(positions: Array, tol: float = SAME_POSITION_TOL) -> IntArray:
    """Group actors whose positions are closer than ``tol`` (step 6).

    Greedy in actor order, as smpc does: actor i joins the first earlier representative within
    ``tol`` (Euclidean norm), else becomes a representative itself. Returns (S, N): the index of
    each actor's representative (an actor is a representative iff ``rep[s, i] == i``).
    """
    s_, n_, d_ = positions.shape
    rep = np.empty((s_, n_), dtype=np.intp)
    is_rep = np.zeros((s_, n_), dtype=np.bool_)
    rep[:, 0] = 0
    is_rep[:, 0] = True
    for i in range(1, n_):
        diff = positions[:, :i, :] - positions[:, i, None, :]
        sq = np.zeros((s_, i), dtype=np.float64)
        for k in range(d_):
            sq += diff[..., k] * diff[..., k]
        close = (np.sqrt(sq) < tol) & is_rep[:, :i]
        found = close.any(axis=1)
        rep[:, i] = np.where(found, close.argmax(axis=1), i)
        is_rep[:, i] = ~found
    return rep


def winning_probabilities(
    positions: Array, capability: Array, assessment: Assessment
) -> tuple[Array, IntArray]:
    """Step 6: PCE over the distinct positions with own-perspective utilities, capability weights.

    Returns ``(prob, rep)``: ``prob`` (S, N) is the probability of the distinct position held by
    each representative actor (0 for actors that are not representatives) and ``rep`` (S, N) is
    from :func:`same_position_groups`. The probability printed for actor i is ``prob[rep[i]]``.
    """
    rep = same_position_groups(positions)
    is_rep = rep == np.arange(rep.shape[1])[None, :]
    prob = option_pce(capability, assessment.own_utilities(), valid=is_rep)
    return prob, rep


def printed_probabilities(positions: Array, prob: Array, rep: IntArray) -> Array:
    """Per-actor winning probability the way smpc prints it (step 6), shape (S, N).

    smpc looks up, for actor i, the *last* representative (in actor order) whose position is
    within the tolerance of i's — not necessarily the representative of i's own group when groups
    chain (A~B, B~C, A≁C). This reproduces that lookup; the PCE itself (``prob`` over the
    representatives) is unaffected.
    """
    s_, n_, d_ = positions.shape
    is_rep = rep == np.arange(n_)[None, :]
    diff = positions[:, :, None, :] - positions[:, None, :, :]
    sq = np.zeros((s_, n_, n_), dtype=np.float64)
    for k in range(d_):
        sq += diff[..., k] * diff[..., k]
    close = (np.sqrt(sq) < SAME_POSITION_TOL) & is_rep[:, None, :]
    last = n_ - 1 - close[:, :, ::-1].argmax(axis=2)
    out: Array = np.take_along_axis(prob, last, axis=1)
    return out


def choose_targets(
    assessment: Assessment, total_sal: Array, weight: Array
) -> tuple[IntArray, Array, Array]:
    """Step 3: each actor's best target from its own perspective (h = i).

    ``total_sal``: (S, N) Σ_d s_d; ``weight``: (S, N) total salience × capability.
    Returns ``(target, p_win, gain)``: ``target`` (S, N) the chosen j or −1; ``p_win`` (S, N, N)
    P(i beats j) from i's perspective; ``gain`` (S, N, N) the expected gain EU(i → j).

    U(i, i) = U(j, j) = 1 exactly (distance 0), which the formulas below use.
    """
    d, r_est = assessment.d, assessment.r_est
    s_, n_, _ = d.shape
    idx = np.arange(n_)
    r_self = r_est[:, idx, idx]
    u_ij = utility(d, r_self[:, :, None])  # U_i(i, j)
    u_ji = utility(np.swapaxes(d, 1, 2), r_est)  # U_i(j, i) = U(d(j, i); r_ij)
    contrib_i = weight[:, :, None] * (1.0 - u_ij)
    contrib_j = weight[:, None, :] * (u_ji - 1.0)
    ch_ij0 = (MIN_CHALLENGE_COALITION + np.maximum(contrib_i, 0.0)) + np.maximum(contrib_j, 0.0)
    ch_ji0 = (MIN_CHALLENGE_COALITION - np.minimum(contrib_i, 0.0)) - np.minimum(contrib_j, 0.0)
    ch_ij = ch_ij0.copy()
    ch_ji = ch_ji0.copy()
    buf = np.empty((s_, n_, n_), dtype=np.float64)
    for n in range(n_):
        r_in = r_est[:, :, n]  # i's estimate of n's risk attitude, over i
        dn = d[:, n, :]  # d(n, ·)
        u_ni = utility(dn, r_in)  # U_i(n, i), over i
        u_nj = (1.0 - dn[:, None, :]) * (1.0 + dn[:, None, :] * r_in[:, :, None])  # U_i(n, j)
        if np.any(dn > 1.0):
            u_nj = utility(np.broadcast_to(dn[:, None, :], u_nj.shape), r_in[:, :, None])
        w_n = weight[:, n, None, None]
        v0 = w_n * (u_ni[:, :, None] - u_nj)
        c_ni = ch_ij0 + np.maximum(v0, 0.0)
        c_nj = ch_ji0 - np.minimum(v0, 0.0)
        p_in = c_ni / (c_ni + c_nj)
        p_jn = 1.0 - p_in
        two_ni = u_ni + u_ni
        two_nj = u_nj + u_nj
        # semi-commit: A = p(2U(n,i) + U(n,n)) + (1−p)3U(n,j); B = p·3U(n,i) + (1−p)(2U(n,j) + U(n,n))
        a = p_in * (two_ni + 1.0)[:, :, None] + p_jn * (two_nj + u_nj)
        b = p_in * (two_ni + u_ni)[:, :, None] + p_jn * (two_nj + 1.0)
        np.subtract(a, b, out=buf)
        buf *= w_n
        buf[:, n, :] = 0.0  # n is the initiator
        buf[:, :, n] = 0.0  # n is the target
        ch_ij += np.maximum(buf, 0.0)
        ch_ji -= np.minimum(buf, 0.0)
    tot = ch_ij + ch_ji
    p_ij = ch_ij / tot
    p_ji = ch_ji / tot
    s_j = total_sal[:, None, :]
    eu_contest = p_ij * 2.0 + p_ji * (u_ij + u_ij)
    eu_challenge = (1.0 - s_j) * 2.0 + s_j * eu_contest
    gain = eu_challenge - (1.0 + u_ij)
    ok = gain > MIN_SIGNIFICANT_GAIN
    ok[:, idx, idx] = False
    masked = np.where(ok, gain, -np.inf)
    best = masked.argmax(axis=2)
    has = np.take_along_axis(ok, best[:, :, None], axis=2)[:, :, 0]
    target = np.where(has, best, -1).astype(np.intp)
    return target, p_ij, gain


def s2p2_bargains(
    positions: Array, saliences: Array, target: IntArray, p_win: Array
) -> tuple[Array, Array]:
    """Step 4: S2P2 bargain of each initiator i with its target j, from i's perspective.

    Per dimension ``w_i = s_id² p²``, ``w_j = s_jd² (1−p)²`` with p = P(i beats j); the new
    positions are ``round4(((w_i+1e-6)x_i + w_j x_j)/(w_i+1e-6+w_j))`` for i and
    ``round4((w_i x_i + (w_j+1e-6) x_j)/(w_i+1e-6+w_j))`` for j.
    Returns ``(init_pos, recv_pos)``, each (S, N, D) indexed by initiator; rows of actors without
    a target are meaningless.
    """
    s_, n_, _ = positions.shape
    rows = np.arange(s_)[:, None]
    j = np.where(target >= 0, target, np.arange(n_)[None, :])
    p = np.take_along_axis(p_win, j[:, :, None], axis=2)  # (S, N, 1)
    q = 1.0 - p
    x_i, s_i = positions, saliences
    x_j, s_j = positions[rows, j], saliences[rows, j]
    w_i = (s_i * s_i) * (p * p)
    w_j = (s_j * s_j) * (q * q)
    den = (w_i + BARGAIN_MIN_WEIGHT) + w_j
    init_pos = round4(((w_i + BARGAIN_MIN_WEIGHT) * x_i + w_j * x_j) / den)
    recv_pos = round4((w_i * x_i + (BARGAIN_MIN_WEIGHT + w_j) * x_j) / den)
    return init_pos, recv_pos


def bargain_values(
    positions: Array,
    saliences: Array,
    assessment: Assessment,
    target: IntArray,
    init_pos: Array,
    recv_pos: Array,
) -> Array:
    """Step 5, values: ``V[s, n, o]``, actor n's value of option o (0 = status quo, 1 + i = the
    bargain initiated by i): the mean over all N actors of n's utility of each actor's position,
    the two principals taking the bargain's positions. Unchanged positions are valued with
    ``U_n(n, q)``; the bargain positions with ``U(d; R_n)``. Summation order: initiator, receiver,
    then the others in index order (status quo: all in index order). Returns (S, N, 1 + N).
    """
    s_, n_, _ = positions.shape
    own = assessment.own_utilities()
    r_n = assessment.risk[:, :, None]
    values = np.empty((s_, n_, 1 + n_), dtype=np.float64)
    sq = np.zeros((s_, n_), dtype=np.float64)
    for q in range(n_):
        sq += own[:, :, q]
    values[:, :, 0] = sq / float(n_)
    u_init = utility(distances(positions, saliences, init_pos), r_n)
    u_recv = utility(distances(positions, saliences, recv_pos), r_n)
    acc = u_init + u_recv  # (S, N actors n, N bargains b)
    initiators = np.arange(n_)
    for q in range(n_):
        skip = (initiators[None, :] == q) | (target == q)  # (S, N bargains)
        acc += np.where(skip[:, None, :], 0.0, own[:, :, q, None])
    values[:, :, 1:] = acc / float(n_)
    return values


def choose_bargains(
    positions: Array,
    capability: Array,
    target: IntArray,
    values: Array,
    init_pos: Array,
    recv_pos: Array,
) -> tuple[Array, IntArray]:
    """Step 5, choice: each actor k takes its side of the most probable of its candidates.

    Candidates of k: the status quo, the bargain k initiated (if any) and every bargain aimed at
    k, in that order by initiator index (see the module docstring). Their probabilities are the
    scalar PCE with capability weights; argmax, first on ties. Returns ``(new_positions,
    choice)`` where ``choice`` (S, N) is the chosen option (0 = status quo, 1 + i = i's bargain).
    """
    s_, n_, _ = positions.shape
    rows = np.arange(s_)
    has = target >= 0
    initiators = np.arange(n_)
    # involved[s, k, b]: bargain b (initiated by b) involves actor k
    involved = (has[:, None, :] & (initiators[None, :, None] == initiators[None, None, :])) | (
        target[:, None, :] == initiators[None, :, None]
    )
    counts = involved.sum(axis=2)
    m_ = 1 + int(counts.max()) if counts.size else 1
    opts = np.zeros((s_, n_, m_), dtype=np.intp)
    valid = np.zeros((s_, n_, m_), dtype=np.bool_)
    valid[:, :, 0] = True
    ss, kk, bb = np.nonzero(involved)
    slot = np.cumsum(involved, axis=2)[ss, kk, bb]
    opts[ss, kk, slot] = 1 + bb
    valid[ss, kk, slot] = True

    p_all = victory_probabilities(coalitions(capability, values))  # (S, O, O)
    s_idx = rows[:, None, None]
    prod = np.ones((s_, n_, m_), dtype=np.float64)
    for b in range(m_):
        col = p_all[s_idx, opts, opts[:, :, b, None]]  # P(opts[a] beats opts[b]), (S, N, M)
        prod *= np.where(valid[:, :, b, None], col, 1.0)
    prod = np.where(valid, prod, 0.0)
    total = np.zeros((s_, n_), dtype=np.float64)
    for a in range(m_):
        total += prod[:, :, a]
    prob = prod / total[:, :, None]
    pick = prob.argmax(axis=2)
    choice = np.take_along_axis(opts, pick[:, :, None], axis=2)[:, :, 0]

    b_idx = np.maximum(choice - 1, 0)
    k_idx = np.broadcast_to(initiators[None, :], (s_, n_))
    own_bargain = (choice > 0) & (b_idx == k_idx)
    aimed = (choice > 0) & ~own_bargain
    r2 = rows[:, None]
    new = np.where(own_bargain[:, :, None], init_pos, positions)
    new = np.where(aimed[:, :, None], recv_pos[r2, b_idx], new)
    return new, choice


@dataclass(frozen=True)
class TurnOutcome:
    """Result of :func:`advance`: the next positions and what led to them."""

    positions: Array
    target: IntArray
    choice: IntArray


def advance(
    positions: Array,
    saliences: Array,
    capability: Array,
    assessment: Assessment,
    total_sal: Array | None = None,
) -> TurnOutcome:
    """Steps 3–5: one simultaneous move of all actors from an assessed state."""
    if total_sal is None:
        total_sal = total_salience(saliences)
    weight = total_sal * capability
    target, p_win, _ = choose_targets(assessment, total_sal, weight)
    init_pos, recv_pos = s2p2_bargains(positions, saliences, target, p_win)
    values = bargain_values(positions, saliences, assessment, target, init_pos, recv_pos)
    new, choice = choose_bargains(positions, capability, target, values, init_pos, recv_pos)
    return TurnOutcome(positions=new, target=target, choice=choice)
