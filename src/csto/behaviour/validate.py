"""Leave-one-out validation: each historical case predicted by a model fitted without it.

For every model and baseline: accuracy (the most probable level is the observed one), the multi-class
Brier score (Σ over levels of (p − 1{observed})², averaged over cases; 0 is perfect, 2 the worst) and the
log loss (−mean log p(observed)). A model *beats the baselines* when both its Brier score and its log
loss are lower than those of both baselines; otherwise it is reported as not beating them. The held-out
case never enters the fit. Each fold's model gets its own child of ``SeedSequence(seed)``, so the whole
table is reproducible from ``seed``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from csto.behaviour.core import Case, Prediction
from csto.behaviour.registry import MODELS

BASELINES = ("strict", "base-rate")


@dataclass(frozen=True)
class Fold:
    case: str
    observed: int
    probabilities: list[float]


@dataclass(frozen=True)
class Score:
    model: str
    model_version: str
    accuracy: float
    brier: float
    log_loss: float
    n_cases: int
    beats_baselines: bool | None
    verdict: str
    folds: list[Fold] = field(default_factory=list)

    def to_dict(self, folds: bool = False) -> dict[str, Any]:
        out = asdict(self)
        if not folds:
            out.pop("folds")
        return out


def brier(p: list[float] | tuple[float, ...], observed: int) -> float:
    return float(sum((q - (1.0 if i == observed else 0.0)) ** 2 for i, q in enumerate(p)))


def loo_predictions(
    name: str,
    cases: list[Case],
    seed: int = 0,
    draws: int = 2000,
    progress: Callable[[], None] | None = None,
) -> list[Prediction]:
    """One prediction per case, each by a model of kind ``name`` fitted on the other cases."""
    cls = MODELS[name]
    seeds = np.random.SeedSequence(seed).spawn(len(cases))
    out = []
    for k, (inputs, _) in enumerate(cases):
        model = cls(seed=seeds[k])
        model.fit([c for j, c in enumerate(cases) if j != k])
        out.append(model.predict(inputs, draws))
        if progress is not None:
            progress()
    return out


def score(name: str, cases: list[Case], preds: list[Prediction]) -> Score:
    folds = [
        Fold(inputs.crisis_id, level, [round(p, 6) for p in pred.probabilities])
        for (inputs, level), pred in zip(cases, preds, strict=True)
    ]
    n = len(cases)
    acc = sum(int(np.argmax(f.probabilities)) == f.observed for f in folds) / n
    bs = sum(brier(f.probabilities, f.observed) for f in folds) / n
    ll = -sum(math.log(max(f.probabilities[f.observed], 1e-12)) for f in folds) / n
    return Score(
        name, MODELS[name].version, round(acc, 6), round(bs, 6), round(ll, 6), n, None, "", folds
    )


def validate(
    cases: list[Case],
    models: tuple[str, ...] = tuple(MODELS),
    seed: int = 0,
    draws: int = 2000,
    progress: Callable[[], None] | None = None,
) -> list[Score]:
    """Leave-one-out scores of every model and baseline on ``cases`` (from
    :func:`csto.behaviour.history.historical_cases`), with the verdict against the baselines."""
    scores = {m: score(m, cases, loo_predictions(m, cases, seed, draws, progress)) for m in models}
    base = [scores[b] for b in BASELINES if b in scores]
    out = []
    for m, s in scores.items():
        if m in BASELINES or not base:
            out.append(
                Score(
                    **{
                        **asdict(s),
                        "folds": s.folds,
                        "verdict": "baseline" if m in BASELINES else "",
                    }
                )
            )
            continue
        beats = all(s.brier < b.brier and s.log_loss < b.log_loss for b in base)
        losers = [b.model for b in base if not (s.brier < b.brier and s.log_loss < b.log_loss)]
        verdict = (
            "beats both baselines"
            if beats
            else "does not beat "
            + " or ".join(
                "base rate" if b == "base-rate" else "the strict treaty reading" for b in losers
            )
        )
        out.append(
            Score(**{**asdict(s), "folds": s.folds, "beats_baselines": beats, "verdict": verdict})
        )
    return out
