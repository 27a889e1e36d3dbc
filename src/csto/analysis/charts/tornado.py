"""The tornado chart: what moves a scenario's forecast, one bar per input swept across its range."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from csto.analysis.charts.style import finish
from csto.errors import CstoError

if TYPE_CHECKING:
    import altair as alt

    from csto.behaviour.explain import SensitivityRow


def tornado_rows(sensitivity: Sequence[SensitivityRow], baseline: float) -> list[dict[str, Any]]:
    """The chart's data: per input, the expected level with the input at the low (``at_low``) and the
    high end (``at_high``) of its range, the range as text, the ``swing`` \\|at_high − at_low\\| and the
    ``base`` the bars start from (``baseline``), widest swing first (ties keep their order)."""
    out: list[dict[str, Any]] = [
        {
            "input": r.input,
            "base": baseline,
            "at_low": r.expected_low,
            "at_high": r.expected_high,
            "range": f"{r.low} – {r.high}",
            "swing": abs(r.expected_high - r.expected_low),
        }
        for r in sensitivity
    ]
    out.sort(key=lambda r: -float(r["swing"]))
    return out


def tornado_chart(
    sensitivity: Sequence[SensitivityRow],
    *,
    baseline: float,
    title: str | None = None,
    metric: str = "expected outcome level",
    top: int = 15,
) -> alt.TopLevelMixin:
    """Tornado chart of a scenario's sensitivity table (:func:`csto.behaviour.explain.sensitivity`): for
    each input swept across its range, the ``metric`` with the input at its low and at its high end,
    drawn as two bars from ``baseline`` (the forecast's own value, with every input as coded: the
    ``expected_level`` of :func:`csto.behaviour.simulate.simulate`), which is the vertical line.

    The ``top`` widest swings are drawn, widest on top; inputs that move nothing are left out and counted
    in the subtitle. ``title`` names the scenario. Raises :class:`~csto.errors.CstoError` when
    ``sensitivity`` is empty.
    """
    import altair as alt

    every = tornado_rows(sensitivity, baseline)
    if not every:
        raise CstoError("no sensitivity rows to plot")
    moving = [r for r in every if r["swing"] > 1e-9] or every[:1]
    rows = moving[:top]
    left_out = len(every) - len(rows)
    data = []
    for r in rows:
        for end in ("low", "high"):
            data.append({**r, "end": f"input at its {end} end", "value": r[f"at_{end}"]})
    order = [r["input"] for r in rows]
    bars = (
        alt.Chart(alt.Data(values=data))
        .mark_bar(height=14)
        .encode(
            y=alt.Y("input:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
            x=alt.X("base:Q", title=metric),
            x2="value:Q",
            color=alt.Color(
                "end:N",
                scale=alt.Scale(
                    domain=["input at its low end", "input at its high end"],
                    range=["#56B4E9", "#D55E00"],
                ),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("input:N", title="Input"),
                alt.Tooltip("range:N", title="Range swept"),
                alt.Tooltip("at_low:Q", title="Outcome at low end", format=".3f"),
                alt.Tooltip("at_high:Q", title="Outcome at high end", format=".3f"),
                alt.Tooltip("base:Q", title="Baseline", format=".3f"),
            ],
        )
    )
    rule = (
        alt.Chart(alt.Data(values=[{"base": baseline}])).mark_rule(color="#222").encode(x="base:Q")
    )
    chart = alt.layer(bars, rule).properties(width=420, height=22 * len(order) + 10)
    return finish(
        chart,
        f"Tornado chart{' for ' + title if title else ''}: the {metric} when each input is set to the low "
        f"and the high end of its range, widest swing first ({', '.join(order[:5])}).",
        f"What moves the forecast{': ' + title if title else ''}",
        f"Vertical line: the baseline {metric} ({baseline:.2f})."
        + (f" {left_out} inputs with a smaller or no effect are not drawn." if left_out else ""),
    )
