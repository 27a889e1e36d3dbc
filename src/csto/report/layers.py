"""What the report shows of the treaty and behaviour layers, computed on one session.

Each function calls the layer's function through the session (:class:`csto.session.Csto`) and reads the
result's real shape; an error is not hidden: it propagates, and the report fails with it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csto.analysis.loo import LooPrediction, loo_predictions

if TYPE_CHECKING:
    from csto.behaviour.explain import SensitivityRow
    from csto.session import Csto

LEVELS = (0, 1, 2, 3)


@dataclass(frozen=True)
class Validation:
    """The validation of every model and baseline (``result``: the JSON of
    :func:`csto.behaviour.validate.validate`), with the seed and draws it was run with."""

    result: dict[str, Any]
    seed: int
    draws: int

    @property
    def predictions(self) -> list[LooPrediction]:
        """Leave-one-out predictions under the default coding, one row per model and case."""
        return loo_predictions(self.result)

    @property
    def verdicts(self) -> dict[str, dict[str, Any]]:
        verdicts: dict[str, dict[str, Any]] = self.result["verdicts"]
        return verdicts

    @property
    def goal(self) -> dict[str, Any]:
        goal: dict[str, Any] = self.result["goal"]
        return goal

    def probability_of_outcome(self, case: str, protocol: str = "loo") -> dict[str, float]:
        """Each model's probability, under ``protocol``, of the level that happened in ``case``."""
        return {
            p["model"]: p["probabilities"][p["observed"]]
            for p in self.result["predictions"]
            if p["case"] == case and p["protocol"] == protocol
        }


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
    """The cache key of the validation: :func:`csto.behaviour.verdict.validation_key` of the session's
    data hash."""
    from csto.behaviour.verdict import validation_key as key

    return key(session.data_hash, seed, draws)


def validation(
    session: Csto,
    *,
    seed: int,
    draws: int,
    cache: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> Validation:
    """The validation (:meth:`csto.session.Csto.validate`), computed once and cached on disk."""
    result = session.validate(seed=seed, draws=draws, progress=progress, cache=cache)
    return Validation(result, seed, draws)


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
