"""Leave-one-out validation: reproducible from its seed, scores computed right, verdicts honest."""

from __future__ import annotations

import math

import pytest

from csto.behaviour.baselines import BaseRate, StrictTreatyBaseline
from csto.behaviour.calibrate import coordinate_search
from csto.behaviour.positions import Params
from csto.behaviour.registry import MODELS
from csto.behaviour.validate import Score, brier, score, validate
from sessions import LOO_DRAWS, LOO_SEED

from .behaviour_helpers import cases


@pytest.mark.slow  # the leave-one-out validation (the loo fixture)
def test_loo_covers_every_registered_model(loo: list[Score]) -> None:
    assert [s.model for s in loo] == list(MODELS)
    assert [s.model_version for s in loo] == [cls.version for cls in MODELS.values()]


@pytest.mark.slow  # the leave-one-out validation (the loo fixture)
def test_loo_is_reproducible_from_its_seed(loo: list[Score]) -> None:
    """The same seed gives the same folds; a model's folds do not depend on which other models run."""
    subset = ("consensus", "strict", "base-rate")
    again = validate(cases(), models=subset, seed=LOO_SEED, draws=LOO_DRAWS)
    by = {s.model: s for s in loo}
    assert [s.to_dict(folds=True) for s in again] == [by[m].to_dict(folds=True) for m in subset]


@pytest.mark.slow  # the leave-one-out validation (the loo fixture)
def test_every_case_is_held_out_once(loo: list[Score]) -> None:
    for s in loo:
        assert [f.case for f in s.folds] == [c.crisis_id for c, _ in cases()]
        assert (
            s.n_cases == len(cases()) == 21
        )  # every CST/CSTO case of the case base, coded in inputs.yaml


@pytest.mark.slow  # the leave-one-out validation (the loo fixture)
def test_verdicts_compare_with_both_baselines(loo: list[Score]) -> None:
    by = {s.model: s for s in loo}
    for name in ("consensus", "bargaining"):
        model = by[name]
        beats = all(
            model.brier < by[b].brier and model.log_loss < by[b].log_loss
            for b in ("strict", "base-rate")
        )
        assert model.beats_baselines is beats
        assert model.verdict.startswith("beats" if beats else "does not beat")
    assert by["strict"].verdict == by["base-rate"].verdict == "baseline"


def test_base_rate_is_laplace_smoothed_training_frequency() -> None:
    cs = cases()
    held_out = next(i for i, (_, lv) in enumerate(cs) if lv == 3)
    model = BaseRate().fit([c for i, c in enumerate(cs) if i != held_out])
    pred = model.predict(cs[held_out][0])
    counts = [0, 0, 0, 0]
    for i, (_, lv) in enumerate(cs):
        if i != held_out:
            counts[lv] += 1
    assert pred.probabilities == pytest.approx([(c + 1) / (len(cs) - 1 + 4) for c in counts])


def test_scores_by_hand() -> None:
    assert brier([1, 0, 0, 0], 0) == 0
    assert brier([0, 1, 0, 0], 0) == 2
    cs = cases()[:2]
    from csto.behaviour.core import Prediction

    preds = [Prediction.from_probabilities([0.7, 0.1, 0.1, 0.1], 10)] * 2
    s = score("base-rate", cs, preds)
    assert s.log_loss == pytest.approx(-math.log(0.7), abs=1e-6)
    assert s.accuracy == 1.0


def test_strict_baseline_uses_the_treaty_engine() -> None:
    by_id = {c.crisis_id: c for c, _ in cases()}
    baseline = StrictTreatyBaseline().fit(cases())
    pred = baseline.predict(by_id["armenia-2022"])
    assert pred.extra["required_level"] == 3
    assert pred.extra["strict_reading"] == "treaty"
    assert baseline.predict(by_id["kazakhstan-2022"]).extra["required_level"] == 0


def test_coordinate_search_finds_the_grid_maximum() -> None:
    grid = {"b0": (-2.0, -1.0, 0.0, 1.0), "kappa": (0.1, 0.2, 0.3)}
    best, value, _ = coordinate_search(
        lambda p: -((p.b0 - 1.0) ** 2) - (p.kappa - 0.2) ** 2, Params(), grid
    )
    assert (best.b0, best.kappa) == (1.0, 0.2)
    assert value == pytest.approx(0.0)
