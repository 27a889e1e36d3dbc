"""What the report shows of the treaty and behaviour layers, computed on one session.

Each function calls the layer's function through the session (:class:`csto.session.Csto`) and reads the
result's real shape; an error is not hidden: it propagates, and the report fails with it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csto import cache as disk
from csto.analysis.loo import LooPrediction, loo_predictions

if TYPE_CHECKING:
    from csto.behaviour.explain import SensitivityRow
    from csto.session import Csto

LEVELS = (0, 1, 2, 3)


@dataclass(frozen=True)
class Validation:
    """Leave-one-out scores per model and baseline (``scores``: the JSON of
    :class:`csto.behaviour.validate.Score`), and the predictions behind them (one
    :class:`~csto.analysis.loo.LooPrediction` per model and case)."""

    scores: list[dict[str, Any]]
    predictions: list[LooPrediction]
    seed: int
    draws: int

    def probability_of_outcome(self, case: str) -> dict[str, float]:
        """Each model's leave-one-out probability of the level that happened in ``case``."""
        return {p.model: p.probabilities[p.observed] for p in self.predictions if p.case == case}


@dataclass(frozen=True)
class ScenarioResult:
    """One scenario: what the treaty requires under each reading, and the model's forecast (the JSON of
    :func:`csto.behaviour.simulate.simulate`)."""

    path: Path
    id: str
    title: str
    description: str
    required: list[dict[str, Any]]
    forecast: dict[str, Any]

    @property
    def expected_level(self) -> float:
        """The forecast's expected outcome level (0–3), every input as coded."""
        return float(self.forecast["expected_level"])

    @property
    def sensitivity(self) -> list[SensitivityRow]:
        """The forecast's sensitivity table (empty when the model gave none) as typed rows."""
        from csto.behaviour.explain import SensitivityRow

        return [SensitivityRow(**row) for row in self.forecast.get("sensitivity", [])]


def validation_key(session: Csto, seed: int, draws: int) -> str:
    """The cache key of the leave-one-out validation: the session's data hash, the models' versions, the
    code's fingerprint, the package version, the seed and the draws (:mod:`csto.cache`)."""
    from csto.behaviour.registry import MODELS

    versions = {name: cls.version for name, cls in MODELS.items()}
    return disk.key("validation", session.data_hash, seed=seed, draws=draws, models=versions)


def validation(
    session: Csto,
    *,
    seed: int,
    draws: int,
    cache: bool = True,
    progress: Callable[[], None] | None = None,
) -> Validation:
    """Leave-one-out validation (:meth:`csto.session.Csto.validate`), computed once and cached on disk."""
    k = validation_key(session, seed, draws) if cache else ""
    hit = disk.load("validation", k) if cache else None
    if isinstance(hit, dict):
        kept = [LooPrediction.model_validate(p) for p in hit["predictions"]]
        return Validation(hit["scores"], kept, seed, draws)
    scores = session.validate(seed=seed, draws=draws, progress=progress)
    rows = [s.to_dict() for s in scores]
    predictions = loo_predictions(scores)
    if cache:
        payload = {"scores": rows, "predictions": [p.to_dict() for p in predictions]}
        disk.store("validation", k, payload)
    return Validation(rows, predictions, seed, draws)


def required_levels(session: Csto, crisis: Any) -> list[dict[str, Any]]:
    """The level each reading of the CST requires in ``crisis`` (:meth:`csto.session.Csto.assess`)."""
    assessment = session.assess(crisis)
    return [
        {
            "reading": name,
            "title": ra.title,
            "required": ra.required_level,
            "contested": ra.contested_level,
            "summary": ra.summary,
        }
        for name, ra in assessment.readings.items()
    ]


def scenario(session: Csto, path: Path, *, seed: int, draws: int) -> ScenarioResult:
    """One scenario file: the treaty's requirement and the model's forecast."""
    crisis = session.crisis(path)
    return ScenarioResult(
        path=path,
        id=crisis.id,
        title=crisis.title,
        description=crisis.description or "",
        required=required_levels(session, crisis),
        forecast=session.simulate(crisis, seed=seed, draws=draws),
    )
