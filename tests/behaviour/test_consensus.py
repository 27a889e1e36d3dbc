"""The consensus model: oracle agreement, reproducibility, monotonicity, votes, probabilities."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csto.behaviour.bargaining import BargainingModel
from csto.behaviour.blocking import respond
from csto.behaviour.consensus import ConsensusModel
from csto.behaviour.core import Prediction, filtered_models
from csto.behaviour.positions import GRID, Params
from csto.behaviour.registry import MODELS
from csto.behaviour.sampling import sample

from .behaviour_helpers import armenia_again, cases
from .behaviour_oracle import consensus_levels

FAST = settings(max_examples=60, deadline=None)


@pytest.mark.parametrize("k", range(9))  # the cases inputs.yaml codes (issue 12)
def test_oracle_and_vectorised_agree_on_every_case(k: int) -> None:
    inputs, _ = cases()[k]
    model = ConsensusModel(seed=k, params=Params(b0=-1.0, sigma=0.7, pi=1.5, kappa=0.25))
    d = sample(inputs, model.rng, 300)
    assert model.levels(d).tolist() == consensus_levels(model.params, d)


def test_oracle_agrees_on_a_scenario_with_overrides_and_a_frozen_member() -> None:
    inputs = armenia_again()
    model = ConsensusModel(seed=5)
    d = sample(inputs, model.rng, 500)
    assert model.levels(d).tolist() == consensus_levels(model.params, d)


def test_same_seed_same_result_different_seed_different_draws() -> None:
    inputs = armenia_again()
    a = ConsensusModel(seed=11).predict(inputs, 1000)
    b = ConsensusModel(seed=11).predict(inputs, 1000)
    c = ConsensusModel(seed=12).predict(inputs, 1000)
    assert a.probabilities == b.probabilities and a.intervals == b.intervals
    assert a.levels is not None and c.levels is not None
    assert not np.array_equal(a.levels, c.levels)


def test_bargaining_same_seed_same_result() -> None:
    inputs = armenia_again()
    a = BargainingModel(seed=3).predict(inputs, 50)
    b = BargainingModel(seed=3).predict(inputs, 50)
    assert a.probabilities == b.probabilities


@st.composite
def councils(draw: st.DrawFn) -> tuple[np.ndarray, ...]:
    n = draw(st.integers(3, 9))
    s = draw(st.integers(1, 20))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 4, (s, n))
    vote = (rng.random((s, n)) < 0.8).astype(float)
    cap = rng.uniform(0.1, 100, (s, n))
    sal = rng.uniform(0, 1, (s, n))
    req = rng.choice([0.0, 2.0, 3.0], s)
    return x, vote, cap, sal, req


params_st = st.builds(
    Params,
    pi=st.sampled_from(GRID["pi"]),
    kappa=st.sampled_from(GRID["kappa"]),
)


@FAST
@given(councils(), params_st, st.integers(0, 8), st.floats(0, 3))
def test_raising_a_position_never_lowers_the_response(
    council: tuple[np.ndarray, ...], p: Params, who: int, raise_by: float
) -> None:
    x, vote, cap, sal, req = council
    who %= x.shape[1]
    before = respond(x, vote, cap, sal, req, p)
    y = x.copy()
    y[:, who] += raise_by
    after = respond(y, vote, cap, sal, req, p)
    assert np.all(after >= before)


@FAST
@given(st.integers(0, 2**32 - 1), st.floats(0, 3), st.floats(0, 3))
def test_raising_russias_position_never_lowers_the_response_in_a_scenario(
    seed: int, a: float, b: float
) -> None:
    from csto.behaviour.factors import point

    inputs = armenia_again()
    low, high = sorted((a, b))
    model = ConsensusModel(seed=seed)
    lower = model.clone(seed).levels(
        sample(inputs.with_actor("RUS", "position", point(low)), np.random.default_rng(seed), 100)
    )
    upper = model.clone(seed).levels(
        sample(inputs.with_actor("RUS", "position", point(high)), np.random.default_rng(seed), 100)
    )
    assert np.all(upper >= lower)


@FAST
@given(councils(), params_st, st.integers(0, 8), st.floats(-5, 5))
def test_a_member_without_a_vote_cannot_change_the_response(
    council: tuple[np.ndarray, ...], p: Params, who: int, shift: float
) -> None:
    x, vote, cap, sal, req = council
    who %= x.shape[1]
    vote = vote.copy()
    vote[:, who] = 0.0
    y = x.copy()
    y[:, who] += shift
    assert np.array_equal(respond(x, vote, cap, sal, req, p), respond(y, vote, cap, sal, req, p))


def test_armenia_frozen_in_2027_has_no_vote_and_its_position_does_not_matter() -> None:
    inputs = armenia_again()
    arm = inputs.actors[inputs.index("ARM")]
    assert arm.vote == 0.0
    from csto.behaviour.factors import point

    low = ConsensusModel(seed=1).predict(inputs.with_actor("ARM", "position", point(0)), 500)
    high = ConsensusModel(seed=1).predict(inputs.with_actor("ARM", "position", point(3)), 500)
    assert low.probabilities == high.probabilities


def test_suspended_uzbekistan_is_not_among_the_members_after_2012() -> None:
    by_id = {c.crisis_id: c for c, _ in cases()}
    assert "UZB" in by_id["osh-2010"].names
    assert "UZB" not in by_id["kazakhstan-2022"].names


@FAST
@given(st.integers(0, 2**32 - 1), st.integers(1, 400), st.floats(0, 0.3))
def test_probabilities_sum_to_one(seed: int, draws: int, tremble: float) -> None:
    inputs = armenia_again()
    model = ConsensusModel(seed=seed, params=Params(tremble=tremble))
    pred = model.predict(inputs, draws)
    assert sum(pred.probabilities) == pytest.approx(1.0)
    assert all(0 < p < 1 for p in pred.probabilities)
    for lo, hi in pred.intervals:
        assert 0 <= lo <= hi <= 1


def test_wilson_interval_brackets_the_frequency() -> None:
    pred = Prediction.from_levels(np.array([0, 0, 1, 3, 3, 3]))
    assert pred.draws == 6
    assert pred.intervals[3][0] < 0.5 < pred.intervals[3][1]


def test_classifier_profiles_filter_models() -> None:
    baselines = filtered_models(list(MODELS.values()), {"baseline": True})
    assert {m.name for m in baselines} == {
        "strict",
        "base-rate",
        "request-base-rate",
        "reference-class",
        "compromise",
    }
    case_level = filtered_models(list(MODELS.values()), {"predicts": "case", "baseline": False})
    assert [m.name for m in case_level] == ["ordinal"]
    assert ConsensusModel.classifier["monotone_in_positions"] is True
