"""Leave-one-out predictions as typed rows: one row per model and held-out case.

:func:`csto.behaviour.validate.validate` returns, among its JSON, each case's forecast per protocol and model
under the default coding (``predictions``). The report's validation layer and the calibration chart use the
leave-one-out ones, one :class:`LooPrediction` per model and case.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import Field

from csto.record.rows import Row


class LooPrediction(Row):
    """A model's leave-one-out forecast of one case: ``probabilities`` of outcome levels 0–3 (four numbers
    summing to 1) from the model fitted without ``case``, and the level ``observed`` (0–3)."""

    model: str
    case: str
    observed: int = Field(ge=0, le=3)
    probabilities: list[float] = Field(min_length=4, max_length=4)


def loo_predictions(result: Mapping[str, Any], protocol: str = "loo") -> list[LooPrediction]:
    """The forecasts of one protocol (``loo`` or ``time-ordered``) in a validation result (the JSON of
    :func:`csto.behaviour.validate.validate`), in its order, as rows."""
    return [
        LooPrediction(
            model=p["model"],
            case=p["case"],
            observed=p["observed"],
            probabilities=list(p["probabilities"]),
        )
        for p in result["predictions"]
        if p["protocol"] == protocol
    ]
