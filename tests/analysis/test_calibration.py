"""The calibration chart, drawn from real leave-one-out folds of the shipped case base (few draws)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from csto.analysis.charts.calibration import calibration_chart, reliability_rows
from csto.analysis.charts.render import spec
from csto.analysis.loo import LooPrediction, loo_predictions
from csto.behaviour.validate import Score
from csto.errors import CstoError
from csto.session import Csto

MODELS = ("consensus", "strict", "base-rate")


@pytest.fixture(scope="module")
def scores(session: Csto) -> list[Score]:
    return session.validate(models=MODELS, seed=1, draws=20)


@pytest.fixture(scope="module")
def predictions(scores: list[Score]) -> list[LooPrediction]:
    return loo_predictions(scores)


def test_one_prediction_per_model_and_case(
    scores: list[Score], predictions: list[LooPrediction]
) -> None:
    cases = [f.case for f in scores[0].folds]
    assert len(cases) == len(set(cases)) > 3
    assert [(p.model, p.case) for p in predictions] == [(m, c) for m in MODELS for c in cases]
    by_key = {(s.model, f.case): f for s in scores for f in s.folds}
    for p in predictions:
        fold = by_key[(p.model, p.case)]
        assert (p.observed, p.probabilities) == (fold.observed, fold.probabilities)


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
    assert set(per_model) == set(ALL) and len(set(per_model.values())) == 1
    assert spec(calibration_chart(v.predictions))["description"].startswith("Reliability plot")
