"""The result of :func:`csto.behaviour.simulate.simulate`: a forecast, typed.

A :class:`Forecast` is the JSON-ready mapping that ``csto simulate --json`` prints and the HTTP API returns
(so it serialises unchanged), with typed accessors for what a reader wants first, :meth:`Forecast.to_frame`
and a notebook view (:meth:`~csto.record.rows.Tabular._repr_html_`) that puts the model's validation
verdict beside the probabilities whenever the forecast carries one.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from csto.behaviour.core import LEVEL_NAMES
from csto.record.rows import Tabular

if TYPE_CHECKING:
    import pandas as pd


class Forecast(dict[str, Any], Tabular):
    """P(outcome level 0–3) for one crisis, with its provenance (a ``dict``; see
    :func:`~csto.behaviour.simulate.simulate` for every key).

    Outcome levels: 0 no action, 1 statement, 2 consultations, a mission or non-troop aid, 3 forces
    deployed. Probabilities are fractions (0–1) from Monte Carlo draws; ``intervals`` are their 95%
    intervals.
    """

    @property
    def probabilities(self) -> dict[int, float]:
        """P(level) for the levels 0–3 (fractions summing to 1)."""
        return {int(k): float(v) for k, v in self["probabilities"].items()}

    @property
    def intervals(self) -> dict[int, tuple[float, float]]:
        """The 95% Monte Carlo interval of each level's probability."""
        return {int(k): (float(v[0]), float(v[1])) for k, v in self["intervals"].items()}

    @property
    def expected_level(self) -> float:
        """The expected outcome level (0–3)."""
        return float(self["expected_level"])

    @property
    def most_likely_level(self) -> int:
        """The most probable outcome level (0–3)."""
        return int(self["most_likely_level"])

    @property
    def verdict(self) -> Any:
        """The model's validation verdict, when the forecast carries one (else ``None``)."""
        return self.get("verdict")

    def to_frame(self) -> pd.DataFrame:
        """One row per outcome level: ``level`` (0–3), ``outcome`` (its name), ``probability``, ``low``
        and ``high`` (the 95% interval), all fractions."""
        import pandas as pd

        intervals = self.intervals
        return pd.DataFrame(
            [
                {
                    "level": level,
                    "outcome": LEVEL_NAMES[level],
                    "probability": p,
                    "low": intervals[level][0],
                    "high": intervals[level][1],
                }
                for level, p in sorted(self.probabilities.items())
            ]
        )

    def contributions_frame(self) -> pd.DataFrame:
        """One row per member: its role, vote, weight and position in the model (as simulated)."""
        import pandas as pd

        return pd.DataFrame(self.get("contributions", []))

    def html_heading(self) -> str:
        """The crisis and its date as given, the model and its provenance, and its verdict."""
        verdict = self.verdict
        sentence = verdict.get("sentence") if isinstance(verdict, dict) else verdict
        said = f"<p><em>Validation:</em> {escape(str(sentence))}</p>" if sentence else ""
        return (
            f"<p><strong>{escape(str(self['title']))}</strong> ({escape(str(self['date']))}): "
            f"{escape(str(self['model']))} model {escape(str(self['model_version']))}, "
            f"seed {self['seed']}, {self['draws']} draws, data {escape(str(self['data_hash'])[:12])}; "
            f"expected level {self.expected_level:.2f}</p>{said}"
        )
