"""The result of :func:`csto.behaviour.validate.validate`, typed for a reader.

A :class:`ValidationResult` is the JSON-ready mapping that ``csto validate --json`` prints and the report
reads (so it serialises and caches unchanged), with :meth:`~ValidationResult.to_frame` (every score of
every run), :meth:`~ValidationResult.verdicts_frame`, :meth:`~ValidationResult.predictions_frame` and a
notebook view that leads with the verdicts.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from csto.record.rows import Tabular

if TYPE_CHECKING:
    import pandas as pd


class ValidationResult(dict[str, Any], Tabular):
    """The validation of every model and baseline (a ``dict``; see
    :func:`~csto.behaviour.validate.validate` for every key): ``runs`` (one per protocol, coding variant
    and scope, each with its scores), ``predictions``, ``verdicts`` (one per model), ``goal``, ``spec``,
    ``seed`` and ``draws``.

    Scores: ``rps`` (ranked probability score over the ordered levels 0–3, lower is better), ``log_loss``
    (nats), ``brier`` (multi-class, 0–2), ``accuracy`` (fraction of cases whose most probable level
    happened), each over ``n_cases`` cases.
    """

    @property
    def verdicts(self) -> dict[str, dict[str, Any]]:
        """Each model's verdict: one sentence, whether it beats the best baseline, and its skill."""
        found: dict[str, dict[str, Any]] = self.get("verdicts", {})
        return found

    def to_frame(self) -> pd.DataFrame:
        """One row per run and model: ``protocol``, ``variant``, ``scope``, then the model's row of
        scores (``model``, ``model_version``, ``n_cases`` and every score the run computed)."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "protocol": run["protocol"],
                    "variant": run["variant"],
                    "scope": run["scope"],
                    **row,
                }
                for run in self.get("runs", [])
                for row in run["scores"]
            ]
        )

    def verdicts_frame(self) -> pd.DataFrame:
        """One row per model: its verdict's fields (``model``, ``validated``, ``beats_baseline``,
        ``sentence``, and the skill and interval where validated)."""
        import pandas as pd

        return pd.DataFrame([{"model": m, **v} for m, v in self.verdicts.items()])

    def predictions_frame(self) -> pd.DataFrame:
        """One row per protocol, model and case under the default coding: ``observed`` (the level that
        happened), ``training_cases``, and ``p0``–``p3``, the predicted probability of each level."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    **{k: v for k, v in p.items() if k != "probabilities"},
                    **{f"p{i}": q for i, q in enumerate(p["probabilities"])},
                }
                for p in self.get("predictions", [])
            ]
        )

    def html_heading(self) -> str:
        """The goal's sentence and each model's verdict, above the table of scores."""
        goal = self.get("goal") or {}
        items = "".join(
            f"<li><strong>{escape(m)}</strong>: {escape(str(v.get('sentence', '')))}</li>"
            for m, v in self.verdicts.items()
        )
        head = (
            f"<p><strong>Validation</strong> (seed {self.get('seed')}, {self.get('draws')} draws). "
        )
        return f"{head}{escape(str(goal.get('sentence', '')))}</p><ul>{items}</ul>"
