"""Proper scores for ordered outcomes, skill scores, and paired comparisons of two forecasters.

Every score here is *negatively oriented* (0 is a perfect forecast, lower is better) and is returned **per
case**, so that two forecasters scored on the same cases can be compared pair by pair (the paired bootstrap
and the sign-flip permutation test below need the per-case values; scikit-learn's ``log_loss`` and
``brier_score_loss`` return only means, so the per-case scores are one NumPy line each, checked in the tests
against hand-computed values and, for the means, against those definitions).

Forecasts are ``(n, K)`` arrays of probabilities over the ``K`` ordered levels (rows sum to 1) and outcomes
``(n,)`` integer arrays of observed levels in ``0..K-1``.

* :func:`rps` — the ranked probability score (Epstein 1969; Murphy 1971), the primary score: it rewards
  probability put *near* the observed level, which suits an ordered outcome.
* :func:`log_loss` — the ignorance or logarithmic score, −ln p(observed) (Good 1952).
* :func:`brier` — the multi-class Brier score, Σ_k (p_k − o_k)² (Brier 1950), on [0, 2].
* :func:`binary_brier` — the Brier score of the event "level ≥ 2" (the alliance did more than speak), on the
  cases where a request was made.
* :func:`skill` — the skill score 1 − S_model / S_reference (Murphy 1973; Wilks 2011, §8.1.3): 1 perfect,
  0 no better than the reference, negative worse.
* :func:`compare` — for two forecasters on the same cases: the mean score difference with a paired
  bootstrap 95% interval (:func:`scipy.stats.bootstrap`, ``paired=True``, BCa, resampling cases), the skill
  score with its interval from the same resamples, and a sign-flip permutation p-value
  (:func:`scipy.stats.permutation_test`, ``permutation_type="samples"``: under the null the two forecasts of
  each case are exchangeable).
"""

from __future__ import annotations

import warnings
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]

EPS = 1e-12
"""Floor on a probability inside the logarithm, so that the log loss of a zero-probability outcome is large
(27.6) but finite."""

RESAMPLES = 2000
"""Bootstrap resamples per comparison (the issue asks for at least 2,000)."""

PERMUTATIONS = 1999
"""Random sign-flip permutations per comparison (all 2^n of them when 2^n is smaller)."""

SCORES = ("rps", "log_loss", "brier")
"""The scores every comparison reports, the primary one first."""


def _arrays(probabilities: ArrayLike, observed: ArrayLike) -> tuple[FloatArray, NDArray[np.intp]]:
    p = np.asarray(probabilities, dtype=float)
    o = np.asarray(observed, dtype=np.intp)
    if p.ndim != 2 or o.shape != (p.shape[0],):
        raise ValueError(
            f"expected (n, K) probabilities and (n,) outcomes, got {p.shape}, {o.shape}"
        )
    if o.size and (o.min() < 0 or o.max() >= p.shape[1]):
        raise ValueError(f"outcomes must lie in 0..{p.shape[1] - 1}")
    return p, o


def one_hot(observed: ArrayLike, k: int) -> FloatArray:
    """(n, k) indicator rows of the observed levels."""
    o = np.asarray(observed, dtype=np.intp)
    return np.eye(k)[o]


def rps(probabilities: ArrayLike, observed: ArrayLike) -> FloatArray:
    """Per-case ranked probability score, normalised to [0, 1].

    RPS = Σ_{k=0}^{K-2} (F_k − O_k)² / (K − 1), with F and O the cumulative forecast and observed
    distributions (F_k = Σ_{j≤k} p_j; O_k = 1 if observed ≤ k). This is Epstein's (1969) score in Murphy's
    (1971) form, divided by K − 1 so that it lies on [0, 1] whatever the number of levels (the last
    cumulative term is always 0 and is left out). Shapes: (n, K), (n,) → (n,).

    >>> float(rps([[0.0, 1.0, 0.0, 0.0]], [1])[0])
    0.0
    >>> float(rps([[1.0, 0.0, 0.0, 0.0]], [3])[0])
    1.0
    """
    p, o = _arrays(probabilities, observed)
    k = p.shape[1]
    f = np.cumsum(p, axis=1)[:, :-1]
    obs = np.cumsum(one_hot(o, k), axis=1)[:, :-1]
    out: FloatArray = ((f - obs) ** 2).sum(axis=1) / (k - 1)
    return out


def log_loss(probabilities: ArrayLike, observed: ArrayLike) -> FloatArray:
    """Per-case logarithmic score −ln p(observed) in nats (Good 1952), with p floored at :data:`EPS`."""
    p, o = _arrays(probabilities, observed)
    out: FloatArray = -np.log(np.maximum(p[np.arange(p.shape[0]), o], EPS))
    return out


def brier(probabilities: ArrayLike, observed: ArrayLike) -> FloatArray:
    """Per-case multi-class Brier score Σ_k (p_k − o_k)² (Brier 1950), on [0, 2]."""
    p, o = _arrays(probabilities, observed)
    out: FloatArray = ((p - one_hot(o, p.shape[1])) ** 2).sum(axis=1)
    return out


def binary_brier(probabilities: ArrayLike, observed: ArrayLike, threshold: int = 2) -> FloatArray:
    """Per-case Brier score (P(level ≥ threshold) − 1{observed ≥ threshold})², on [0, 1]."""
    p, o = _arrays(probabilities, observed)
    q = p[:, threshold:].sum(axis=1)
    out: FloatArray = (q - (o >= threshold)) ** 2
    return out


def score_table(probabilities: ArrayLike, observed: ArrayLike) -> dict[str, FloatArray]:
    """Every per-case score of :data:`SCORES`, by name."""
    return {
        "rps": rps(probabilities, observed),
        "log_loss": log_loss(probabilities, observed),
        "brier": brier(probabilities, observed),
    }


def skill(score: float, reference: float) -> float:
    """The skill score 1 − score / reference (Murphy 1973): NaN when the reference is perfect (0)."""
    return float("nan") if reference == 0 else 1.0 - score / reference


@dataclass(frozen=True)
class Comparison:
    """A forecaster against a reference on the same ``n`` cases, for one score.

    ``difference`` is mean(model) − mean(reference) (negative: the model scores better), with its paired
    bootstrap 95% interval; ``skill`` is 1 − mean(model) / mean(reference) with its interval from the same
    resamples; ``p_value`` is the two-sided sign-flip permutation p-value of the mean difference.
    """

    score: str
    n: int
    model_mean: float
    reference_mean: float
    difference: float
    difference_interval: tuple[float, float]
    skill: float
    skill_interval: tuple[float, float]
    p_value: float

    @property
    def better(self) -> bool:
        """The model is shown to score better: the skill interval lies above zero."""
        return self.skill_interval[0] > 0

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        for k, v in out.items():
            if isinstance(v, float):
                out[k] = _r(v)
            elif isinstance(v, tuple):
                out[k] = [_r(x) for x in v]
        return out


def _r(x: float) -> float | None:
    return None if not np.isfinite(x) else round(float(x), 6)


def _stat(a: FloatArray, b: FloatArray, axis: int) -> FloatArray:
    """(mean difference, skill) of paired samples along ``axis``."""
    ma, mb = a.mean(axis=axis), b.mean(axis=axis)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.stack([ma - mb, 1.0 - ma / mb])


def _diff(a: FloatArray, b: FloatArray, axis: int) -> FloatArray:
    out: FloatArray = a.mean(axis=axis) - b.mean(axis=axis)
    return out


def compare(
    model: ArrayLike,
    reference: ArrayLike,
    score: str = "rps",
    *,
    seed: int | np.random.SeedSequence = 0,
    resamples: int = RESAMPLES,
    permutations: int = PERMUTATIONS,
) -> Comparison:
    """Compare per-case scores of a model and a reference scored on the same cases (paired).

    The 95% intervals are BCa intervals of :func:`scipy.stats.bootstrap` with ``paired=True`` (cases resampled
    with replacement, ``resamples`` times); the p-value is that of :func:`scipy.stats.permutation_test` with
    ``permutation_type="samples"`` (random sign flips of the paired differences, or all of them when there are
    fewer than ``permutations``), two-sided. Both draw from generators spawned from ``seed``. When every
    paired difference is the same (e.g. two identical forecasters) the interval is that difference and the
    p-value 1. Raises ``ValueError`` for arrays of different lengths or fewer than two cases.
    """
    a = np.asarray(model, dtype=float)
    b = np.asarray(reference, dtype=float)
    if a.shape != b.shape or a.ndim != 1:
        raise ValueError(f"paired scores must be two (n,) arrays, got {a.shape} and {b.shape}")
    return compare_many(
        a[None, :], b[None, :], (score,), seed=seed, resamples=resamples, permutations=permutations
    )[0]


def compare_many(
    model: ArrayLike,
    reference: ArrayLike,
    scores: tuple[str, ...] = SCORES,
    *,
    seed: int | np.random.SeedSequence = 0,
    resamples: int = RESAMPLES,
    permutations: int = PERMUTATIONS,
) -> list[Comparison]:
    """:func:`compare` for several scores of the same cases at once: ``model`` and ``reference`` are (S, n)
    arrays, one row per name in ``scores``; the cases are resampled together for every score (one
    bootstrap and one permutation call, batched over the rows)."""
    from scipy import stats

    a = np.atleast_2d(np.asarray(model, dtype=float))
    b = np.atleast_2d(np.asarray(reference, dtype=float))
    if a.shape != b.shape or a.shape[0] != len(scores):
        raise ValueError(f"expected two ({len(scores)}, n) arrays, got {a.shape} and {b.shape}")
    n = int(a.shape[1])
    if n < 2:
        raise ValueError("a paired comparison needs at least two cases")
    ss = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    boot_rng, perm_rng = (np.random.default_rng(s) for s in ss.spawn(2))
    ma, mb = a.mean(axis=1), b.mean(axis=1)
    d = a - b
    constant = np.ptp(d, axis=1) == 0
    lo = np.tile(ma - mb, (2, 1)).astype(float)
    hi = lo.copy()
    p_values = np.ones(len(scores))
    with np.errstate(divide="ignore", invalid="ignore"):
        sk = 1.0 - ma / mb
    lo[1], hi[1] = sk, sk
    vary = ~constant
    if vary.any():
        x, y = a[vary], b[vary]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", category=RuntimeWarning)
            warnings.simplefilter("ignore", category=stats.DegenerateDataWarning)
            boot = stats.bootstrap(
                (x, y),
                _stat,
                paired=True,
                vectorized=True,
                n_resamples=resamples,
                confidence_level=0.95,
                method="BCa",
                rng=boot_rng,
                axis=-1,
            )
            blo, bhi = (np.asarray(v, dtype=float) for v in boot.confidence_interval)
            if not (np.all(np.isfinite(blo)) and np.all(np.isfinite(bhi))):
                pct = stats.bootstrap(
                    (x, y),
                    _stat,
                    paired=True,
                    vectorized=True,
                    n_resamples=resamples,
                    method="percentile",
                    rng=boot_rng,
                    axis=-1,
                )
                plo, phi = (np.asarray(v, dtype=float) for v in pct.confidence_interval)
                bad = ~(np.isfinite(blo) & np.isfinite(bhi))
                blo, bhi = np.where(bad, plo, blo), np.where(bad, phi, bhi)
            perm = stats.permutation_test(
                (x, y),
                _diff,
                permutation_type="samples",
                vectorized=True,
                n_resamples=permutations,
                alternative="two-sided",
                rng=perm_rng,
                axis=-1,
            )
        lo[:, vary], hi[:, vary] = blo.reshape(2, -1), bhi.reshape(2, -1)
        p_values[vary] = np.asarray(perm.pvalue, dtype=float).reshape(-1)
    return [
        Comparison(
            name,
            n,
            float(ma[i]),
            float(mb[i]),
            float(ma[i] - mb[i]),
            (float(lo[0, i]), float(hi[0, i])),
            float(sk[i]),
            (float(lo[1, i]), float(hi[1, i])),
            float(p_values[i]),
        )
        for i, name in enumerate(scores)
    ]
