"""The consensus rule of the Collective Security Council: the highest level no member blocks.

Level L is **blocked** when the capability-weighted salience of the voting members whose position is
below L exceeds κ: with weights ω_i = c_i^π / Σ_j c_j^π over the members in good standing,
``B(L) = Σ_{i: x_i < L} ω_i s_i > κ``. Since B(L) grows with L the unblocked levels form a prefix and the
response is its top. The seeds' mechanism: "The January 6th decision to intervene required Russia's
blessing, as Moscow provided the lion's share of the troops" (s002-decision-required-russia).

Article 4 acts "at the request of that State Party" (s000-cst-article-4-text): military assistance (3)
is capped at consultations (2) when less than assistance was requested.

Pure functions of the draws and the parameters, shared by the consensus model
(:mod:`csto.behaviour.consensus`) and its calibration (:mod:`csto.behaviour.calibrate`).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from csto.behaviour.positions import Params, positions
from csto.behaviour.sampling import Array, Sampled


def respond(
    x: Array, vote: Array, capability: Array, salience: Array, request: Array, p: Params
) -> NDArray[np.intp]:
    """(S,) response levels 0–3 from (S, N) positions, votes (0/1), capabilities, saliences and (S,)
    requested levels, under the parameters ``p`` (``pi`` and ``kappa`` are used)."""
    w = vote * capability**p.pi
    total = w.sum(axis=1, keepdims=True)
    w = np.divide(w, total, out=np.zeros_like(w), where=total > 0) * salience
    level = np.zeros(x.shape[0], dtype=np.intp)
    open_ = total[:, 0] > 0
    for lv in (1, 2, 3):
        blocked = (w * (x < lv)).sum(axis=1) > p.kappa
        open_ &= ~blocked
        level += open_
    return np.where((request < 2.5) & (level > 2), 2, level)


def levels_of(p: Params, d: Sampled) -> NDArray[np.intp]:
    """(S,) response levels of the draws ``d``: members' positions (:func:`positions`), then :func:`respond`."""
    return respond(positions(p, d), d.vote, d.capability, d.salience, d.factors["request_level"], p)
