"""The baselines every model must beat, each a registered :class:`~csto.behaviour.core.Model`.

All smoothing is Jeffreys' (add ½ to every count: the posterior mean under the Jeffreys Beta(½, ½) or
Dirichlet(½, …, ½) prior), so no level ever gets probability zero.

* :class:`BaseRate` (``base-rate``) — how often the scored case's alliance responded at each level in the
  training cases: (n_k + ½) / (n + 2) over the four levels. With no training case of that alliance it is
  uniform.
* :class:`RequestBaseRate` (``request-base-rate``) — the base rate over every alliance's training cases in
  the same cell of *request made* (yes/no) × *kind of threat* (:data:`csto.record.case.Threat`),
  Jeffreys-smoothed; when the cell has no training case it backs off to the unconditioned pooled rate.
* :class:`ReferenceClass` (``reference-class``) — the level frequencies of the *other* alliances' training
  cases (NATO, ANZUS, Rio, Arab League, GCC, ECOWAS, SADC, CIS): a prior for the CSTO estimated without a
  single CST/CSTO case, never refitted on them.
* :class:`StrictTreatyBaseline` (``strict``) — the level the CST's strict reading requires
  (:func:`csto.treaty.assess`), with the Jeffreys-smoothed share of CST/CSTO training cases in which the
  alliance did what it required; the other levels share the rest. The CST applies to CST/CSTO cases only.

The compromise model, the baseline of the bargaining model, is in :mod:`csto.behaviour.bargaining`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from csto.behaviour.core import Case, Model, Prediction
from csto.behaviour.factors import CrisisInputs

JEFFREYS = 0.5
"""Pseudo-count added to every level (the Jeffreys prior)."""

REFERENCE = "csto"
"""The alliance the reference class leaves out: its prior is estimated on every other alliance."""


def strict_level(inputs: CrisisInputs) -> int | None:
    """The level the treaty's strict reading requires, computed by :func:`~csto.behaviour.factors.prepare`
    (``None`` for another alliance's case)."""
    return inputs.required_level


def _counts(cases: list[Case]) -> list[int]:
    out = [0, 0, 0, 0]
    for _, level in cases:
        out[level] += 1
    return out


def _smoothed(counts: list[int], **extra: Any) -> Prediction:
    n = sum(counts)
    return Prediction.from_probabilities(
        [c + JEFFREYS for c in counts], max(n, 1), cases=n, **extra
    )


_BASELINE: dict[str, Any] = {
    "stochastic": False,
    "uses_capability": False,
    "uses_salience": False,
    "uses_positions": False,
    "calibrated": True,
    "baseline": True,
}


class StrictTreatyBaseline(Model):
    """What the treaty's strict reading requires, as a smoothed forecast (CST/CSTO cases only)."""

    name: ClassVar[str] = "strict"
    label: ClassVar[str] = "the strict treaty reading"
    version: ClassVar[str] = "2.0"
    classifier: ClassVar[dict[str, Any]] = {**_BASELINE, "predicts": "csto"}

    def __init__(self, seed: Any = None) -> None:
        super().__init__(seed)
        self.hits, self.n = 0, 0

    def fit(self, cases: list[Case]) -> StrictTreatyBaseline:
        usable = [(strict_level(i), lv) for i, lv in cases if strict_level(i) is not None]
        self.n = len(usable)
        self.hits = sum(req == level for req, level in usable)
        return self

    @property
    def p_hit(self) -> float:
        return (self.hits + JEFFREYS) / (self.n + 2 * JEFFREYS)

    def predict(self, inputs: CrisisInputs, draws: int = 0) -> Prediction:
        level = strict_level(inputs)
        if level is None:
            raise ValueError(f"the CST does not apply to {inputs.crisis_id} ({inputs.alliance})")
        probs = [(1 - self.p_hit) / 3] * 4
        probs[level] = self.p_hit
        return Prediction.from_probabilities(
            probs, max(self.n, 1), required_level=level, strict_reading="treaty"
        )

    def fitted(self) -> dict[str, Any]:
        return {"hits": self.hits, "cases": self.n, "p_required_level": round(self.p_hit, 6)}


class BaseRate(Model):
    """The Jeffreys-smoothed frequency of each level in the training cases of the same alliance."""

    name: ClassVar[str] = "base-rate"
    label: ClassVar[str] = "the alliance's base rate"
    version: ClassVar[str] = "2.0"
    classifier: ClassVar[dict[str, Any]] = {**_BASELINE, "predicts": "case"}

    def __init__(self, seed: Any = None) -> None:
        super().__init__(seed)
        self.counts: dict[str, list[int]] = {}

    def fit(self, cases: list[Case]) -> BaseRate:
        self.counts = {}
        for inputs, level in cases:
            self.counts.setdefault(inputs.alliance, [0, 0, 0, 0])[level] += 1
        return self

    def predict(self, inputs: CrisisInputs, draws: int = 0) -> Prediction:
        return _smoothed(self.counts.get(inputs.alliance, [0, 0, 0, 0]))

    def fitted(self) -> dict[str, Any]:
        return {
            "counts": {
                a: {str(i): c for i, c in enumerate(n)} for a, n in sorted(self.counts.items())
            }
        }


def cell(inputs: CrisisInputs) -> str:
    """The request-and-threat cell of a case: ``request:external_attack``, ``no-request:internal_unrest``…"""
    made = "request" if inputs.request_made else "no-request"
    return f"{made}:{inputs.case_factors.get('threat', 'unknown')}"


class RequestBaseRate(Model):
    """The pooled base rate conditioned on whether a request was made and on the kind of threat."""

    name: ClassVar[str] = "request-base-rate"
    label: ClassVar[str] = "the request-conditioned base rate"
    version: ClassVar[str] = "1.0"
    classifier: ClassVar[dict[str, Any]] = {**_BASELINE, "predicts": "case"}

    def __init__(self, seed: Any = None) -> None:
        super().__init__(seed)
        self.cells: dict[str, list[int]] = {}
        self.pooled = [0, 0, 0, 0]

    def fit(self, cases: list[Case]) -> RequestBaseRate:
        self.cells = {}
        for inputs, level in cases:
            self.cells.setdefault(cell(inputs), [0, 0, 0, 0])[level] += 1
        self.pooled = _counts(cases)
        return self

    def predict(self, inputs: CrisisInputs, draws: int = 0) -> Prediction:
        counts = self.cells.get(cell(inputs))
        if counts is None:
            return _smoothed(self.pooled, backed_off=True)
        return _smoothed(counts)

    def fitted(self) -> dict[str, Any]:
        return {"cells": {k: list(v) for k, v in sorted(self.cells.items())}, "pooled": self.pooled}


class ReferenceClass(Model):
    """Level frequencies of the other alliances' cases: a prior for the CSTO never fitted on its cases."""

    name: ClassVar[str] = "reference-class"
    label: ClassVar[str] = "the reference-class prior"
    version: ClassVar[str] = "1.0"
    classifier: ClassVar[dict[str, Any]] = {**_BASELINE, "predicts": "case"}

    def __init__(self, seed: Any = None) -> None:
        super().__init__(seed)
        self.counts = [0, 0, 0, 0]

    def fit(self, cases: list[Case]) -> ReferenceClass:
        self.counts = _counts([c for c in cases if c[0].alliance != REFERENCE])
        return self

    def predict(self, inputs: CrisisInputs, draws: int = 0) -> Prediction:
        return _smoothed(self.counts)

    def fitted(self) -> dict[str, Any]:
        return {"counts": {str(i): c for i, c in enumerate(self.counts)}, "left_out": REFERENCE}
