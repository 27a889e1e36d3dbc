"""The calibration chart: a reliability diagram of the behaviour models' leave-one-out forecasts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from csto.analysis.charts.style import finish
from csto.errors import CstoError

if TYPE_CHECKING:
    import altair as alt

    from csto.analysis.loo import LooPrediction


def reliability_rows(predictions: Sequence[LooPrediction], bins: int = 5) -> list[dict[str, Any]]:
    """Per model and probability bin: the mean predicted probability, the observed frequency and the count.

    Every (case, level) pair counts once: its predicted probability against whether that level happened
    (the reliability diagram of Murphy and Winkler, "A general framework for forecast verification",
    *Monthly Weather Review* 115, 1987, applied to each level of a four-level forecast). Probabilities fall
    into ``bins`` equal bins of [0, 1], 1.0 into the last. Rows are sorted by model, then bin; ``bin`` is
    its range as text, ``predicted`` and ``observed`` are rounded to four places.
    """
    acc: dict[tuple[str, int], list[float]] = {}
    for p in predictions:
        for level, prob in enumerate(p.probabilities):
            b = min(int(prob * bins), bins - 1)
            cell = acc.setdefault((p.model, b), [0.0, 0.0, 0.0])
            cell[0] += prob
            cell[1] += 1.0 if level == p.observed else 0.0
            cell[2] += 1
    return [
        {
            "model": model,
            "bin": f"{b / bins:.1f}–{(b + 1) / bins:.1f}",
            "predicted": round(ps / n, 4),
            "observed": round(hits / n, 4),
            "n": int(n),
        }
        for (model, b), (ps, hits, n) in sorted(acc.items())
    ]


def calibration_chart(predictions: Sequence[LooPrediction], *, bins: int = 5) -> alt.TopLevelMixin:
    """Reliability diagram of leave-one-out ``predictions``: per model, the mean predicted probability of
    each bin (:func:`reliability_rows`) against the observed frequency, point size the count; a calibrated
    model lies on the dashed diagonal.

    Raises :class:`~csto.errors.CstoError` when ``predictions`` is empty.
    """
    import altair as alt

    rows = reliability_rows(predictions, bins)
    if not rows:
        raise CstoError("no leave-one-out predictions to plot")
    scale = alt.Scale(domain=[0, 1])
    diagonal = (
        alt.Chart(alt.Data(values=[{"p": 0.0}, {"p": 1.0}]))
        .mark_line(color="#888", strokeDash=[5, 4])
        .encode(x=alt.X("p:Q", scale=scale), y=alt.Y("p:Q", scale=scale))
    )
    base = alt.Chart(alt.Data(values=rows)).encode(
        x=alt.X("predicted:Q", scale=scale, title="Predicted probability (leave-one-out)"),
        y=alt.Y("observed:Q", scale=scale, title="Observed frequency"),
        color=alt.Color(
            "model:N",
            scale=alt.Scale(scheme="dark2"),
            legend=alt.Legend(title="Model", orient="bottom"),
        ),
    )
    lines = base.mark_line(strokeWidth=1.5, opacity=0.8)
    points = base.mark_circle(opacity=0.9).encode(
        size=alt.Size(
            "n:Q", title="Predictions in bin", scale=alt.Scale(range=[30, 300]), legend=None
        ),
        tooltip=[
            alt.Tooltip("model:N", title="Model"),
            alt.Tooltip("bin:N", title="Bin"),
            alt.Tooltip("predicted:Q", title="Mean predicted", format=".2f"),
            alt.Tooltip("observed:Q", title="Observed", format=".2f"),
            alt.Tooltip("n:Q", title="Predictions"),
        ],
    )
    chart = alt.layer(diagonal, lines, points).properties(width=360, height=360)
    models = sorted({r["model"] for r in rows})
    return finish(
        chart,
        f"Reliability plot for {', '.join(models)}: mean predicted probability of each outcome level "
        f"against how often it happened, in {bins} bins; a calibrated model lies on the diagonal.",
        "Calibration of the leave-one-out forecasts",
        "Every case × outcome level counts once; point size: predictions in the bin.",
    )
