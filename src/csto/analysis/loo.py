"""Leave-one-out predictions as typed rows: one row per model and held-out case.

:func:`csto.behaviour.validate.validate` returns a :class:`~csto.behaviour.validate.Score` per model, each
holding its folds (case, observed level, probabilities). The report's validation layer, its on-disk cache
and the calibration chart use them flattened, one :class:`LooPrediction` per model and case.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from pydantic import Field

from csto.record.rows import Row

if TYPE_CHECKING:
    from csto.behaviour.validate import Score


class LooPrediction(Row):
    """A model's leave-one-out forecast of one case: ``probabilities`` of outcome levels 0–3 (four numbers
    summing to 1) from the model fitted without ``case``, and the level ``observed`` (0–3)."""

    model: str
    case: str
    observed: int = Field(ge=0, le=3)
    probabilities: list[float] = Field(min_length=4, max_length=4)


def loo_predictions(scores: Iterable[Score]) -> list[LooPrediction]:
    """Every fold of every score (in the order of ``scores``, then of their folds) as a row."""
    return [
        LooPrediction(
            model=s.model,
            case=f.case,
            observed=f.observed,
            probabilities=list(f.probabilities),
        )
        for s in scores
        for f in s.folds
    ]
