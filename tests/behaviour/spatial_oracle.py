"""Test oracle: a plain, loop-by-loop implementation of the spatial model in pure Python.

Written straight from ``shared/ktab/ALGORITHM.md`` ("One turn", steps 1–6, and the stopping
rule), one actor at a time, with no NumPy. It keeps smpc's order of floating-point operations
(sums and products over the first index first) so that it agrees with the vectorised model
exactly. It is slow (O(N³) Python steps per turn) and meant only for tests.

Conventions shared with the model (where ALGORITHM.md leaves a choice):
* candidates of actor k in step 5: status quo, then bargains involving k by initiator index;
* R_i = 0 for all when every PCE probability of step 2 is equal;
* own-perspective utilities use r_ii = (2R_i + R_i)/3; bargain positions in step 5 use R_n.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

Vec = list[float]
Mat = list[list[float]]


def dist(ideal: Vec, sal: Vec, pos: Vec) -> float:
    """Step 1: sqrt(Σ ((x_i − x_j)·s_i)² / Σ s_i²)."""
    num = 0.0
    den = 0.0
    for k in range(len(ideal)):
        t = (ideal[k] - pos[k]) * sal[k]
        num = num + t * t
        den = den + sal[k] * sal[k]
    return math.sqrt(num / den)


def util(d: float, r: float) -> float:
    """Step 1: (1−d)(1+d·r) for d ≤ 1, else (1−d)(1+r)."""
    if d <= 1.0:
        return (1.0 - d) * (1.0 + d * r)
    return (1.0 - d) * (1.0 + r)


def round4(x: float) -> float:
    """Step 4: round half up to 4 decimals."""
    return math.floor(0.5 + x * 10000.0) / 10000.0


def scalar_pce(weights: Vec, u: Mat, options: list[int]) -> Vec:
    """Capability-weighted, proportional, linear, conditional PCE over ``options`` (columns of u).

    Returns the probabilities in the order of ``options``.
    """
    m = len(options)
    c = [[1e-8] * m for _ in range(m)]
    for a in range(m):
        for b in range(m):
            if a == b:
                continue
            total = 1e-8
            for k in range(len(weights)):
                v = weights[k] * (u[k][options[a]] - u[k][options[b]])
                if v > 0.0:
                    total = total + v
            c[a][b] = total
    probs = []
    for a in range(m):
        p = 1.0
        for b in range(m):
            pab = 0.5 if a == b else c[a][b] / (c[a][b] + c[b][a])
            p = p * pab
        probs.append(p)
    s = 0.0
    for p in probs:
        s = s + p
    return [p / s for p in probs]


@dataclass
class TurnInfo:
    risk: Vec
    own_util: Mat  # U_n(n, q)
    reps: list[int]  # representative actor per actor
    printed_probs: Vec
    option_probs: Vec  # probabilities of the representatives, in actor order
    targets: list[int] = field(default_factory=list)


def assess(x: Mat, s: Mat, c: Vec) -> tuple[Mat, Vec, Mat]:
    """Steps 1–2: distances, risk attitudes R and r_est[h][i] = (2R_h + R_i)/3."""
    n = len(x)
    d = [[dist(x[i], s[i], x[j]) for j in range(n)] for i in range(n)]
    u0 = [[1.0 - d[i][j] for j in range(n)] for i in range(n)]
    p = scalar_pce(c, u0, list(range(n)))
    p_min = min(p)
    p_max = max(p)
    if p_max == p_min:
        risk = [0.0] * n
    else:
        risk = [(3.0 * pi - (p_max + 2.0 * p_min)) / (2.0 * (p_max - p_min)) for pi in p]
    r_est = [[(2.0 * risk[h] + risk[i]) / 3.0 for i in range(n)] for h in range(n)]
    return d, risk, r_est


def winning(x: Mat, c: Vec, own: Mat) -> tuple[list[int], Vec, Vec]:
    """Step 6: greedy groups (tolerance 1e-3), PCE over representatives, printed lookup."""
    n = len(x)

    def close(a: int, b: int) -> bool:
        sq = 0.0
        for k in range(len(x[a])):
            diff = x[a][k] - x[b][k]
            sq = sq + diff * diff
        return math.sqrt(sq) < 1e-3

    reps: list[int] = []
    rep_of: list[int] = []
    for i in range(n):
        found = -1
        for r in reps:
            if close(i, r):
                found = r
                break
        if found < 0:
            reps.append(i)
            found = i
        rep_of.append(found)
    probs = scalar_pce(c, own, reps)
    printed = []
    for i in range(n):
        last = -1
        for a, r in enumerate(reps):
            if close(i, r):
                last = a
        printed.append(probs[last])
    return rep_of, probs, printed


def step(x: Mat, s: Mat, c: Vec) -> tuple[Mat, TurnInfo]:
    """One turn (steps 1–5) from state x; also returns the state's step-6 probabilities."""
    n = len(x)
    dims = len(x[0])
    d, risk, r_est = assess(x, s, c)
    own = [[util(d[i][q], r_est[i][i]) for q in range(n)] for i in range(n)]
    rep_of, option_probs, printed = winning(x, c, own)
    info = TurnInfo(risk, own, rep_of, printed, option_probs)

    s_tot = []
    for i in range(n):
        t = 0.0
        for k in range(dims):
            t = t + s[i][k]
        s_tot.append(t)
    w = [s_tot[i] * c[i] for i in range(n)]

    # Step 3: best target of each actor, from its own perspective (h = i), using
    # i's utility matrix U_i(a, b) = U(d(a, b); r_ia).
    bargains: list[tuple[int, int, Vec, Vec]] = []  # (initiator, receiver, pos_i, pos_j)
    for i in range(n):
        ui = [[util(d[a][b], r_est[i][a]) for b in range(n)] for a in range(n)]
        best_j = -1
        best_eu = -1.0
        best_p = 0.0
        for j in range(n):
            if j == i:
                continue
            uii, uij = ui[i][i], ui[i][j]
            uji, ujj = ui[j][i], ui[j][j]
            ci = w[i] * (uii - uij)
            cj = w[j] * (uji - ujj)
            chij, chji = 1e-10, 1e-10
            if ci > 0.0:
                chij = chij + ci
            if ci < 0.0:
                chji = chji - ci
            if cj > 0.0:
                chij = chij + cj
            if cj < 0.0:
                chji = chji - cj
            base_ij, base_ji = chij, chji
            for m in range(n):
                if m in (i, j):
                    continue
                uni, unj, unn = ui[m][i], ui[m][j], ui[m][m]
                v0 = w[m] * (uni - unj)
                cni = base_ij + v0 if v0 > 0.0 else base_ij
                cnj = base_ji - v0 if v0 < 0.0 else base_ji
                pin = cni / (cni + cnj)
                pjn = 1.0 - pin
                a = pin * (uni + uni + unn) + pjn * (unj + unj + unj)
                b = pin * (uni + uni + uni) + pjn * (unj + unj + unn)
                vm = w[m] * (a - b)
                if vm > 0.0:
                    chij = chij + vm
                if vm < 0.0:
                    chji = chji - vm
            pij = chij / (chij + chji)
            pji = chji / (chij + chji)
            contest = pij * (uii + uii) + pji * (uij + uij)
            challenge = (1.0 - s_tot[j]) * (uii + uii) + s_tot[j] * contest
            eu = challenge - (uii + uij)
            if eu > 1e-5 and eu > best_eu:
                best_j, best_eu, best_p = j, eu, pij
        info.targets.append(best_j)
        if best_j < 0:
            continue
        # Step 4: S2P2 bargain from i's perspective.
        j = best_j
        p, q = best_p, 1.0 - best_p
        bi, bj = [], []
        for k in range(dims):
            wi = (s[i][k] * s[i][k]) * (p * p)
            wj = (s[j][k] * s[j][k]) * (q * q)
            den = wi + 1e-6 + wj
            bi.append(round4(((wi + 1e-6) * x[i][k] + wj * x[j][k]) / den))
            bj.append(round4((wi * x[i][k] + (1e-6 + wj) * x[j][k]) / den))
        bargains.append((i, j, bi, bj))

    # Step 5: each actor picks the most probable of its candidates.
    def value(nn: int, b: tuple[int, int, Vec, Vec] | None) -> float:
        if b is None:
            total = 0.0
            for q in range(n):
                total = total + own[nn][q]
            return total / n
        bi_, bj_ = b[0], b[1]
        total = util(dist(x[nn], s[nn], b[2]), risk[nn]) + util(dist(x[nn], s[nn], b[3]), risk[nn])
        for q in range(n):
            if q not in (bi_, bj_):
                total = total + own[nn][q]
        return total / n

    new_x: Mat = []
    for k in range(n):
        cands: list[tuple[int, int, Vec, Vec] | None] = [None]
        cands += [b for b in bargains if k in (b[0], b[1])]
        u = [[value(nn, b) for b in cands] for nn in range(n)]
        probs = scalar_pce(c, u, list(range(len(cands))))
        best = 0
        for a in range(1, len(probs)):
            if probs[a] > probs[best]:
                best = a
        chosen = cands[best]
        if chosen is None:
            new_x.append(list(x[k]))
        elif chosen[0] == k:
            new_x.append(list(chosen[2]))
        else:
            new_x.append(list(chosen[3]))
    return new_x, info


def move_length(a: Mat, b: Mat) -> float:
    total = 0.0
    for i in range(len(a)):
        sq = 0.0
        for k in range(len(a[i])):
            diff = a[i][k] - b[i][k]
            sq = sq + diff * diff
        total = total + math.sqrt(sq)
    return total


def run(x0: Mat, s: Mat, c: Vec, max_turns: int = 100) -> tuple[list[Mat], list[Vec], int]:
    """Turns until the stopping rule holds; returns (states, printed probabilities, turns)."""
    states = [x0]
    probs: list[Vec] = []
    first = 0.0
    t = 0
    while True:
        new, info = step(states[-1], s, c)
        probs.append(info.printed_probs)
        t += 1
        delta = move_length(new, states[-1])
        if t == 1:
            first = delta
        states.append(new)
        if t >= max_turns or (t >= 2 and delta / (first + 1e-4) < 0.02):
            break
    d, _, r_est = assess(states[-1], s, c)
    n = len(c)
    own = [[util(d[i][q], r_est[i][i]) for q in range(n)] for i in range(n)]
    probs.append(winning(states[-1], c, own)[2])
    return states, probs, t
