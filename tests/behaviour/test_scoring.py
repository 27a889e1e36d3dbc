"""The scores against hand-computed values, and the paired comparison against SciPy's own bootstrap and
permutation test."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from csto.behaviour.scoring import (
    binary_brier,
    brier,
    compare,
    compare_many,
    log_loss,
    rps,
    skill,
)

# Two forecasts of four ordered levels, and what happened.
P = [[0.1, 0.2, 0.3, 0.4], [0.7, 0.1, 0.1, 0.1]]
OBS = [2, 3]


def test_rps_by_hand() -> None:
    # case 1: F = (0.1, 0.3, 0.6), O = (0, 0, 1): 0.01 + 0.09 + 0.16 = 0.26, / 3
    # case 2: F = (0.7, 0.8, 0.9), O = (0, 0, 0): 0.49 + 0.64 + 0.81 = 1.94, / 3
    assert rps(P, OBS) == pytest.approx([0.26 / 3, 1.94 / 3])


def test_rps_rewards_probability_near_the_outcome() -> None:
    near = rps([[0.0, 0.0, 1.0, 0.0]], [3])[0]
    far = rps([[1.0, 0.0, 0.0, 0.0]], [3])[0]
    assert near == pytest.approx(1 / 3)
    assert far == pytest.approx(1.0)
    # the multi-class Brier score cannot tell them apart: both put nothing on the outcome
    assert brier([[0.0, 0.0, 1.0, 0.0]], [3])[0] == brier([[1.0, 0.0, 0.0, 0.0]], [3])[0] == 2.0


def test_log_loss_and_brier_by_hand() -> None:
    assert log_loss(P, OBS) == pytest.approx([-math.log(0.3), -math.log(0.1)])
    # case 1: 0.01 + 0.04 + 0.49 + 0.16; case 2: 0.49 + 0.01 + 0.01 + 0.81
    assert brier(P, OBS) == pytest.approx([0.70, 1.32])
    # a zero probability on the outcome is floored: large, finite
    assert log_loss([[1.0, 0.0, 0.0, 0.0]], [1])[0] == pytest.approx(-math.log(1e-12))


def test_binary_brier_of_level_two_or_more() -> None:
    # P(level ≥ 2): 0.7 and 0.2; both cases reached level 2 or more
    assert binary_brier(P, OBS) == pytest.approx([0.09, 0.64])
    assert binary_brier(P, [0, 1]) == pytest.approx([0.49, 0.04])


def test_skill_score() -> None:
    assert skill(0.1, 0.2) == pytest.approx(0.5)
    assert skill(0.3, 0.2) == pytest.approx(-0.5)
    assert math.isnan(skill(0.1, 0.0))


def test_bad_shapes_are_refused() -> None:
    with pytest.raises(ValueError):
        rps([0.5, 0.5], [0])
    with pytest.raises(ValueError):
        rps(P, [0, 4])
    with pytest.raises(ValueError):
        compare([0.1, 0.2], [0.1])


def _pair(n: int = 40) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(5)
    probs = rng.dirichlet(np.ones(4), size=n)
    other = rng.dirichlet(np.ones(4), size=n)
    observed = rng.integers(0, 4, size=n)
    return rps(probs, observed), rps(other, observed)


def test_bootstrap_interval_is_scipys_paired_bootstrap() -> None:
    a, b = _pair()
    got = compare(a, b, seed=11)
    boot_rng, perm_rng = (np.random.default_rng(s) for s in np.random.SeedSequence(11).spawn(2))

    def diff(x: np.ndarray, y: np.ndarray, axis: int) -> np.ndarray:
        return x.mean(axis=axis) - y.mean(axis=axis)

    ref = stats.bootstrap(
        (a, b), diff, paired=True, vectorized=True, n_resamples=2000, method="BCa", rng=boot_rng
    )
    assert got.difference_interval == pytest.approx(
        (ref.confidence_interval.low, ref.confidence_interval.high), abs=1e-9
    )
    perm = stats.permutation_test(
        (a, b), diff, permutation_type="samples", vectorized=True, n_resamples=1999, rng=perm_rng
    )
    assert got.p_value == pytest.approx(perm.pvalue)
    assert got.difference == pytest.approx(a.mean() - b.mean())
    assert got.skill == pytest.approx(1 - a.mean() / b.mean())
    lo, hi = got.skill_interval
    assert lo < got.skill < hi


def test_a_forecaster_compared_with_itself() -> None:
    a, _ = _pair()
    c = compare(a, a)
    assert c.difference == 0 and c.difference_interval == (0.0, 0.0)
    assert c.skill == 0 and c.p_value == 1.0 and not c.better


def test_a_clearly_better_forecaster_is_shown_better() -> None:
    rng = np.random.default_rng(3)
    observed = rng.integers(0, 4, size=60)
    sharp = np.full((60, 4), 0.02)
    sharp[np.arange(60), observed] = 0.94
    flat = np.full((60, 4), 0.25)
    c = compare(rps(sharp, observed), rps(flat, observed), seed=1)
    assert c.better and c.skill_interval[0] > 0.5
    assert c.p_value < 0.01


def test_batched_comparisons_equal_single_ones() -> None:
    a, b = _pair()
    batch = compare_many(np.stack([a, a * 2]), np.stack([b, b * 2]), ("rps", "brier"), seed=4)
    single = compare(a, b, "rps", seed=4)
    assert batch[0].difference_interval == pytest.approx(single.difference_interval)
    assert batch[0].p_value == pytest.approx(single.p_value)
    assert batch[1].skill == pytest.approx(batch[0].skill)


def test_comparisons_are_reproducible_from_their_seed() -> None:
    a, b = _pair()
    assert compare(a, b, seed=9) == compare(a, b, seed=9)
