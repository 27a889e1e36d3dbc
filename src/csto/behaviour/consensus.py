"""The consensus model of the Collective Security Council: the highest level no member blocks.

The rule (:mod:`csto.behaviour.blocking`): level L is blocked when the capability-weighted salience of the
voting members whose position is below L exceeds κ, with weights ∝ capability^π; the response is the
highest unblocked level, capped at consultations (2) when less than military assistance was requested
(Article 4, s000-cst-article-4-text). π (Russia's preponderance) and κ are calibrated
(:mod:`csto.behaviour.calibrate`). The seeds' mechanism: "The January 6th decision to intervene required
Russia's blessing, as Moscow provided the lion's share of the troops" (s002-decision-required-russia).

Monotone by construction: raising any member's position (Russia's included) can only remove it from the
blocking sets, so the response never falls. Positions: :mod:`csto.behaviour.positions`.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
from numpy.typing import NDArray

from csto.behaviour.blocking import levels_of
from csto.behaviour.calibrate import calibrate
from csto.behaviour.core import Case, Model, Prediction, member_cases
from csto.behaviour.factors import CrisisInputs
from csto.behaviour.positions import Params
from csto.behaviour.sampling import Sampled, sample


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
