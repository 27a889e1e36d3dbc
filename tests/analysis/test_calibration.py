"""The calibration chart, drawn from real leave-one-out folds of the shipped case base (few draws)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from csto.analysis.charts.calibration import calibration_chart, reliability_rows
from csto.analysis.charts.render import spec
from csto.analysis.loo import LooPrediction, loo_predictions
from csto.errors import CstoError
from csto.session import Csto

MODELS = ("ordinal", "strict", "base-rate")


@pytest.fixture(scope="module")
def result(session: Csto) -> dict[str, Any]:
    return session.validate(models=MODELS, seed=1, draws=20, cache=False, reuse_predictions=False)


@pytest.fixture(scope="module")
def predictions(result: dict[str, Any]) -> list[LooPrediction]:
    return loo_predictions(result)


def test_one_prediction_per_model_and_case(
    result: dict[str, Any], predictions: list[LooPrediction]
) -> None:
    raw = [p for p in result["predictions"] if p["protocol"] == "loo"]
    assert len(raw) == len(predictions) and len({(p.model, p.case) for p in predictions}) == len(
        raw
    )
    assert {p.model for p in predictions} == set(MODELS)
    for row, p in zip(raw, predictions, strict=True):
        assert (p.model, p.case, p.observed, p.probabilities) == (
            row["model"],
            row["case"],
            row["observed"],
            row["probabilities"],
        )


def test_every_case_and_level_counts_once(predictions: list[LooPrediction]) -> None:
    rows = reliability_rows(predictions, bins=5)
    per_model = Counter(p.model for p in predictions)
    assert {r["model"] for r in rows} == set(MODELS)
    for model, n_cases in per_model.items():
        mine = [r for r in rows if r["model"] == model]
        assert sum(r["n"] for r in mine) == 4 * n_cases
        # one level happened per case, and each case's probabilities sum to 1
        assert sum(r["observed"] * r["n"] for r in mine) == pytest.approx(n_cases, abs=0.01)
        assert sum(r["predicted"] * r["n"] for r in mine) == pytest.approx(n_cases, abs=0.01)
        assert all(0 <= r["predicted"] <= 1 and 0 <= r["observed"] <= 1 for r in mine)
    # with a single bin, every model's mean forecast and observed frequency are both a quarter
    one = reliability_rows(predictions, bins=1)
    assert [(r["model"], r["bin"]) for r in one] == [(m, "0.0–1.0") for m in sorted(MODELS)]
    assert all(r["predicted"] == pytest.approx(0.25, abs=1e-4) for r in one)
    assert all(r["observed"] == 0.25 for r in one)


def test_a_certain_forecast_falls_in_the_last_bin() -> None:
    """The edge of the binning rule, which the shipped models' forecasts never reach."""
    certain = LooPrediction(model="m", case="c", observed=0, probabilities=[1.0, 0.0, 0.0, 0.0])
    rows = reliability_rows([certain], bins=5)
    assert rows[-1] == {"model": "m", "bin": "0.8–1.0", "predicted": 1.0, "observed": 1.0, "n": 1}
    assert rows[0] == {"model": "m", "bin": "0.0–0.2", "predicted": 0.0, "observed": 0.0, "n": 3}


def test_chart_names_the_models(predictions: list[LooPrediction]) -> None:
    s = spec(calibration_chart(predictions))
    assert s["description"].startswith(f"Reliability plot for {', '.join(sorted(MODELS))}:")
    with pytest.raises(CstoError, match="no leave-one-out predictions"):
        calibration_chart([])


def test_the_reports_validation_holds_typed_predictions(
    session: Csto, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The report's validation (the shipped derived result for the default seed and draws) feeds the
    chart as it is: typed rows, one per model and case."""
    from csto.behaviour.registry import MODELS as ALL
    from csto.report.layers import validation

    monkeypatch.setenv("CSTO_CACHE_DIR", str(tmp_path))

    v = validation(session, seed=0, draws=2000)
    assert v.predictions and all(isinstance(p, LooPrediction) for p in v.predictions)
    per_model = Counter(p.model for p in v.predictions)
    assert set(per_model) == set(ALL)
    # one prediction per case each model can predict: the cases of its widest scope
    runs = {(r["protocol"], r["variant"], r["scope"]): r for r in v.result["runs"]}
    for model, n in per_model.items():
        scope = v.result["models"][model]["predicts"]
        assert n == runs[("loo", "default", scope)]["n_cases"], model
    assert spec(calibration_chart(v.predictions))["description"].startswith("Reliability plot")
