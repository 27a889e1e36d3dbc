"""The models' common core, after Mesa: ``Model(seed=…)`` owns the only random generator.

Every model class carries a ``classifier`` profile (after Axelrod) that callers can filter on, a
``name`` and a ``version``. A model is fitted on historical cases (:meth:`Model.fit`, which may do
nothing) and predicts the probability of each outcome level for a crisis (:meth:`Model.predict`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
from numpy.typing import NDArray

from csto.behaviour.factors import CrisisInputs

LEVELS = (0, 1, 2, 3)
LEVEL_NAMES = ("no action", "statement", "consultations or fact-finding", "military assistance")
SMOOTHING = 0.5
"""Jeffreys smoothing of Monte Carlo frequencies: p = (n + ½) / (draws + 2) keeps log loss finite."""

Z95 = 1.959963984540054


def wilson(count: float, n: float, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of a binomial proportion (95% by default)."""
    if n <= 0:
        return 0.0, 1.0
    p = count / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class Prediction:
    """P(level 0–3) for one crisis, with 95% intervals and (for simulation models) the draws' levels."""

    probabilities: tuple[float, float, float, float]
    intervals: tuple[tuple[float, float], ...]
    draws: int
    levels: NDArray[np.intp] | None = field(default=None, repr=False, compare=False)
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def expected_level(self) -> float:
        return float(sum(lv * p for lv, p in zip(LEVELS, self.probabilities, strict=True)))

    @property
    def p_at_least_2(self) -> float:
        return float(self.probabilities[2] + self.probabilities[3])

    @property
    def mode(self) -> int:
        return int(np.argmax(self.probabilities))

    @classmethod
    def from_levels(
        cls, levels: NDArray[np.intp], tremble: float = 0.0, **extra: Any
    ) -> Prediction:
        """Smoothed frequencies of the draws' levels, mixed with a uniform ``tremble`` share."""
        n = int(levels.shape[0])
        counts = np.bincount(levels, minlength=4)[:4]

        def mix(p: float) -> float:
            return float((1 - tremble) * p + tremble / 4)

        probs = tuple(mix((c + SMOOTHING) / (n + 4 * SMOOTHING)) for c in counts)
        intervals = tuple(tuple(mix(b) for b in wilson(float(c), n)) for c in counts)
        return cls(probs, intervals, n, levels, dict(extra))  # type: ignore[arg-type]

    @classmethod
    def from_probabilities(cls, probs: list[float], n: int, **extra: Any) -> Prediction:
        """Closed-form probabilities; intervals are Wilson intervals for ``n`` observations."""
        total = sum(probs)
        p = tuple(float(x / total) for x in probs)
        intervals = tuple(wilson(x * n, n) for x in p)
        return cls(p, intervals, 0, None, dict(extra))  # type: ignore[arg-type]


Case = tuple[CrisisInputs, int]
"""A historical case for fitting: its inputs and the observed outcome level."""

CLASSIFIER: dict[str, tuple[type, str]] = {
    "stochastic": (
        bool,
        "predictions are Monte Carlo draws from the model's generator: the seed matters",
    ),
    "uses_capability": (bool, "members' capabilities enter the prediction"),
    "uses_salience": (bool, "members' saliences enter the prediction"),
    "uses_positions": (bool, "members' preferred outcome levels enter the prediction"),
    "calibrated": (bool, "fit() learns from the training cases"),
    "baseline": (bool, "a reference every model must beat, not a model of the decision"),
    "monotone_in_positions": (
        bool,
        "raising any member's position never lowers the response (only where uses_positions)",
    ),
    "predicts": (str, "what the model needs to predict a case: one of PREDICTS"),
    "pooling": (str, "how a model fitted across alliances shares strength between them (optional)"),
}
"""The keys of :attr:`Model.classifier`: key → (type of its value, meaning). Every key is required except
``monotone_in_positions``, which a model declares exactly when it ``uses_positions``, and ``pooling``, which a
model fitted across alliances declares. The contract test
(``tests/behaviour/model_contract.py``) checks every registered model against this table."""


PREDICTS = ("member", "csto", "case")
"""What a model needs to predict a case (``classifier["predicts"]``): ``member`` the member-level inputs of
``inputs.yaml`` (CST/CSTO cases it codes, and scenarios), ``csto`` the CST's required level (every CST/CSTO
case and scenario), ``case`` only the case-level factors (every case of every alliance)."""


class Model:
    """Base class: a seed, the only generator, a classifier profile, fit and predict.

    A subclass sets ``name`` (its key in :data:`csto.behaviour.registry.MODELS`), ``version`` (a non-empty
    string, changed whenever its predictions change) and ``classifier`` (the keys of :data:`CLASSIFIER`).
    ``fit`` is given every training case available (of every alliance); a model uses those it can (a
    member-level model the cases ``inputs.yaml`` codes, the reference class the other alliances' cases).
    ``classifier["predicts"]`` (one of :data:`PREDICTS`) says which cases it can predict; see
    :meth:`can_predict`. ``label`` names the model in a sentence.
    """

    name: ClassVar[str] = "model"
    label: ClassVar[str] = "the model"
    version: ClassVar[str] = "0"
    classifier: ClassVar[dict[str, Any]] = {}

    @classmethod
    def can_predict(cls, inputs: CrisisInputs) -> bool:
        """Can this kind of model predict the crisis ``inputs``?"""
        needs = cls.classifier.get("predicts", "member")
        if needs == "member":
            return inputs.member_level
        if needs == "csto":
            return inputs.required_level is not None
        return bool(inputs.case_factors)

    def __init__(self, seed: int | np.random.SeedSequence | None = None) -> None:
        self.seed = seed
        self.rng = np.random.default_rng(seed)

    def fit(self, cases: list[Case]) -> Model:
        """Calibrate on historical cases (never the one predicted). Returns self."""
        return self

    def predict(self, inputs: CrisisInputs, draws: int = 2000) -> Prediction:
        raise NotImplementedError

    def fitted(self) -> dict[str, Any]:
        """What fit() learned, JSON-ready."""
        return {}

    def clone(self, seed: int | np.random.SeedSequence | None) -> Model:
        """A model with the same fitted state and a fresh generator from ``seed``."""
        other = object.__new__(type(self))
        other.__dict__.update(self.__dict__)
        other.seed = seed
        other.rng = np.random.default_rng(seed)
        return other


def member_cases(cases: list[Case]) -> list[Case]:
    """The training cases a member-level model can use: those ``inputs.yaml`` codes member by member."""
    return [c for c in cases if c[0].member_level]


def filtered_models(models: list[type[Model]], profile: dict[str, Any]) -> list[type[Model]]:
    """Model classes whose classifier matches every key of ``profile`` (Axelrod's filtered_strategies)."""
    return [m for m in models if all(m.classifier.get(k) == v for k, v in profile.items())]
