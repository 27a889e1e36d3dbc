"""The consensus model of the Collective Security Council: the highest level no member blocks.

Level L is **blocked** when the capability-weighted salience of the voting members whose position is
below L exceeds κ: with weights ω_i = c_i^π / Σ_j c_j^π over the members in good standing,
``B(L) = Σ_{i: x_i < L} ω_i s_i > κ``. Since B(L) grows with L the unblocked levels form a prefix and the
response is its top. π (Russia's preponderance) and κ are calibrated. The seeds' mechanism: "The January
6th decision to intervene required Russia's blessing, as Moscow provided the lion's share of the troops"
(s002-decision-required-russia).

Article 4 acts "at the request of that State Party" (s000-cst-article-4-text): military assistance (3)
is capped at consultations (2) when less than assistance was requested.

Monotone by construction: raising any member's position (Russia's included) can only remove it from the
blocking sets, so the response never falls. Positions: :mod:`csto.behaviour.positions`.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
from numpy.typing import NDArray

from csto.behaviour.core import Case, Model, Prediction, member_cases
from csto.behaviour.factors import CrisisInputs
from csto.behaviour.positions import Params, positions
from csto.behaviour.sampling import Array, Sampled, sample


def respond(
    x: Array, vote: Array, capability: Array, salience: Array, request: Array, p: Params
) -> NDArray[np.intp]:
    """(S,) response levels from (S, N) positions, votes, capabilities, saliences and (S,) requests."""
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
    return respond(positions(p, d), d.vote, d.capability, d.salience, d.factors["request_level"], p)


class CalibratedModel(Model):
    """A model with calibrated :class:`Params` (and the record of how they were calibrated)."""

    def __init__(
        self, seed: int | np.random.SeedSequence | None = None, params: Params | None = None
    ) -> None:
        super().__init__(seed)
        self.params = params or Params()
        self.calibration: dict[str, Any] = {}


class ConsensusModel(CalibratedModel):
    """Highest level no member blocks; Russia's preponderance π and the threshold κ calibrated."""

    name: ClassVar[str] = "consensus"
    label: ClassVar[str] = "the consensus model"
    version: ClassVar[str] = "1.1"
    classifier: ClassVar[dict[str, Any]] = {
        "stochastic": True,
        "uses_capability": True,
        "uses_salience": True,
        "uses_positions": True,
        "calibrated": True,
        "monotone_in_positions": True,
        "baseline": False,
        "predicts": "member",
    }

    def fit(self, cases: list[Case], draws: int = 1000) -> ConsensusModel:
        from csto.behaviour.calibrate import calibrate

        self.params, self.calibration = calibrate(
            member_cases(cases), self.rng, draws=draws, start=self.params
        )
        return self

    def sample(self, inputs: CrisisInputs, draws: int) -> Sampled:
        return sample(inputs, self.rng, draws)

    def levels(self, d: Sampled) -> NDArray[np.intp]:
        return levels_of(self.params, d)

    def predict(self, inputs: CrisisInputs, draws: int = 2000) -> Prediction:
        d = self.sample(inputs, draws)
        return Prediction.from_levels(self.levels(d), self.params.tremble, sampled=d)

    def fitted(self) -> dict[str, Any]:
        return {"params": self.params.to_dict(), **self.calibration}
