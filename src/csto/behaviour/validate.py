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
from typing import TYPE_CHECKING, Any

import numpy as np

from csto.behaviour.core import Case, Prediction
from csto.behaviour.registry import MODELS
from csto.record.rows import Tabular

if TYPE_CHECKING:
    import pandas as pd

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


class Scores(list[Score], Tabular):
    """The scores of :func:`validate`, one :class:`Score` per model and baseline (a ``list``).

    :meth:`to_frame` gives one row per model: ``model``, ``model_version``, ``accuracy`` (fraction of
    cases whose most probable level happened), ``brier`` (multi-class Brier score, 0–2, lower is better),
    ``log_loss`` (nats, lower is better), ``n_cases``, ``beats_baselines`` and ``verdict``.
    """

    def to_frame(self) -> pd.DataFrame:
        """One row per model and baseline (see the class docstring); no folds."""
        import pandas as pd

        return pd.DataFrame([s.to_dict() for s in self])

    def folds_frame(self) -> pd.DataFrame:
        """One row per model and held-out case: ``model``, ``case``, ``observed`` (its outcome level)
        and ``p0``–``p3``, the leave-one-out probability of each level."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "model": s.model,
                    "case": f.case,
                    "observed": f.observed,
                    **{f"p{i}": p for i, p in enumerate(f.probabilities)},
                }
                for s in self
                for f in s.folds
            ]
        )

    def html_heading(self) -> str:
        """What the scores are, in one sentence."""
        n = max((s.n_cases for s in self), default=0)
        return (
            f"<p><strong>Leave-one-out validation</strong> over {n} historical cases: "
            "lower Brier score and log loss are better.</p>"
        )


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
) -> Scores:
    """Leave-one-out scores of every model and baseline on ``cases`` (from
    :func:`csto.behaviour.history.historical_cases`), with the verdict against the baselines, as
    :class:`Scores` (a list with :meth:`~Scores.to_frame`). ``progress`` is called after each fold."""
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
    return Scores(out)
