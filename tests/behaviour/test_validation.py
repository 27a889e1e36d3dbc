"""Leave-one-out validation: reproducible from its seed, scores computed right, verdicts honest."""

from __future__ import annotations

import math

import pytest

from csto.behaviour.baselines import BaseRate, StrictTreatyBaseline
from csto.behaviour.calibrate import coordinate_search
from csto.behaviour.positions import Params
from csto.behaviour.validate import brier, score, validate

from .behaviour_helpers import cases

MODELS = ("consensus", "strict", "base-rate")


@pytest.fixture(scope="module")
def scores() -> list:
    return validate(cases(), models=MODELS, seed=7, draws=300)


def test_loo_is_reproducible_from_its_seed(scores: list) -> None:
    again = validate(cases(), models=MODELS, seed=7, draws=300)
    assert [s.to_dict(folds=True) for s in again] == [s.to_dict(folds=True) for s in scores]


def test_every_case_is_held_out_once(scores: list) -> None:
    for s in scores:
        assert [f.case for f in s.folds] == [c.crisis_id for c, _ in cases()]
        assert (
            s.n_cases == len(cases()) == 21
        )  # every CST/CSTO case of the case base, coded in inputs.yaml


def test_verdicts_compare_with_both_baselines(scores: list) -> None:
    by = {s.model: s for s in scores}
    consensus = by["consensus"]
    beats = all(
        consensus.brier < by[b].brier and consensus.log_loss < by[b].log_loss
        for b in ("strict", "base-rate")
    )
    assert consensus.beats_baselines is beats
    assert consensus.verdict.startswith("beats" if beats else "does not beat")
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
