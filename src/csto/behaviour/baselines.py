"""Two baselines every model must beat: the treaty's strict reading and the base rate.

* :class:`StrictTreatyBaseline` predicts the level the treaty's strict reading requires
  (:func:`csto.treaty.assess`, reading ``strict``, computed when the crisis's inputs are prepared), smoothed:
  the required level gets the Laplace-smoothed share of training cases in which the alliance did what the
  strict reading required, the other levels share the rest.
* :class:`BaseRate` predicts the Laplace-smoothed frequencies of the levels in the training cases.
"""

from __future__ import annotations

from typing import Any, ClassVar

from csto.behaviour.core import Case, Model, Prediction
from csto.behaviour.factors import CrisisInputs


def strict_level(inputs: CrisisInputs) -> int:
    """The level the treaty's strict reading requires, computed by :func:`~csto.behaviour.factors.prepare`."""
    return inputs.required_level


class StrictTreatyBaseline(Model):
    """What the treaty's strict reading requires, as a smoothed forecast."""

    name: ClassVar[str] = "strict"
    version: ClassVar[str] = "1.0"
    classifier: ClassVar[dict[str, Any]] = {
        "stochastic": False,
        "uses_capability": False,
        "uses_salience": False,
        "uses_positions": False,
        "calibrated": True,
        "baseline": True,
    }

    def __init__(self, seed: Any = None) -> None:
        super().__init__(seed)
        self.hits, self.n = 0, 0

    def fit(self, cases: list[Case]) -> StrictTreatyBaseline:
        self.n = len(cases)
        self.hits = sum(strict_level(inputs) == level for inputs, level in cases)
        return self

    @property
    def p_hit(self) -> float:
        return (self.hits + 1) / (self.n + 2)

    def predict(self, inputs: CrisisInputs, draws: int = 0) -> Prediction:
        level = strict_level(inputs)
        probs = [(1 - self.p_hit) / 3] * 4
        probs[level] = self.p_hit
        return Prediction.from_probabilities(
            probs, max(self.n, 1), required_level=level, strict_reading="treaty"
        )

    def fitted(self) -> dict[str, Any]:
        return {"hits": self.hits, "cases": self.n, "p_required_level": round(self.p_hit, 6)}


class BaseRate(Model):
    """The frequency of each level in the training cases (Laplace-smoothed)."""

    name: ClassVar[str] = "base-rate"
    version: ClassVar[str] = "1.0"
    classifier: ClassVar[dict[str, Any]] = {
        "stochastic": False,
        "uses_capability": False,
        "uses_salience": False,
        "uses_positions": False,
        "calibrated": True,
        "baseline": True,
    }

    def __init__(self, seed: Any = None) -> None:
        super().__init__(seed)
        self.counts = [0, 0, 0, 0]

    def fit(self, cases: list[Case]) -> BaseRate:
        self.counts = [0, 0, 0, 0]
        for _, level in cases:
            self.counts[level] += 1
        return self

    def predict(self, inputs: CrisisInputs, draws: int = 0) -> Prediction:
        n = sum(self.counts)
        return Prediction.from_probabilities([c + 1 for c in self.counts], max(n, 1))

    def fitted(self) -> dict[str, Any]:
        return {"counts": {str(i): c for i, c in enumerate(self.counts)}}
