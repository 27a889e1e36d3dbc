"""The gap: per case and reading of the treaty, the level required beside the level the alliance reached."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from csto.analysis.charts.style import (
    LEVEL_NAMES,
    VERDICT_COLOURS,
    VERDICT_INK,
    VERDICT_SHORT,
    finish,
)
from csto.errors import CstoError

if TYPE_CHECKING:
    import altair as alt

    from csto.treaty.gap import GapRow


def gap_chart(rows: Sequence[GapRow]) -> alt.TopLevelMixin:
    """A grid of cases (in the order of ``rows``: :func:`csto.treaty.gap.gap` gives them oldest first) by
    readings, each cell coloured by its verdict (:data:`~csto.analysis.charts.style.VERDICT_COLOURS`) and
    labelled ``required → done`` (outcome levels 0–3) and the verdict's short name (so greyscale print
    still tells the verdicts apart); the tooltip gives the case, date, levels and why.

    Raises :class:`~csto.errors.CstoError` when ``rows`` is empty.
    """
    import altair as alt

    if not rows:
        raise CstoError("no gap rows to plot")
    data = [
        {
            "case": r.case,
            "title": r.title,
            "date": r.date,
            "reading": r.reading,
            "verdict": r.verdict,
            "levels": f"{r.required} → {r.actual}",
            "cell": f"{r.required} → {r.actual} · {VERDICT_SHORT.get(r.verdict, r.verdict)}",
            "required": f"{r.required} ({LEVEL_NAMES[r.required]})",
            "actual": f"{r.actual} ({LEVEL_NAMES[r.actual]})",
            "reason": r.reason[:240],
        }
        for r in rows
    ]
    cases = list(dict.fromkeys(d["case"] for d in data))
    readings = list(dict.fromkeys(d["reading"] for d in data))
    verdicts = [v for v in VERDICT_COLOURS if any(d["verdict"] == v for d in data)]
    verdicts += sorted({d["verdict"] for d in data} - set(verdicts))
    base = alt.Chart(alt.Data(values=data)).encode(
        x=alt.X(
            "reading:N", sort=readings, title="Reading", axis=alt.Axis(orient="top", labelAngle=0)
        ),
        y=alt.Y("case:N", sort=cases, title=None),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color(
            "verdict:N",
            scale=alt.Scale(
                domain=verdicts, range=[VERDICT_COLOURS.get(v, "#777") for v in verdicts]
            ),
            legend=alt.Legend(title="Verdict", orient="bottom", direction="horizontal", columns=3),
        ),
        tooltip=[
            alt.Tooltip("title:N", title="Case"),
            alt.Tooltip("date:N", title="Date"),
            alt.Tooltip("reading:N", title="Reading"),
            alt.Tooltip("verdict:N", title="Verdict"),
            alt.Tooltip("required:N", title="Required"),
            alt.Tooltip("actual:N", title="Done"),
            alt.Tooltip("reason:N", title="Why"),
        ],
    )
    light_ink = [v for v in verdicts if VERDICT_INK.get(v, "#000000").upper() == "#FFFFFF"]
    text = base.mark_text(fontSize=11).encode(
        text="cell:N",
        color=alt.condition(
            alt.FieldOneOfPredicate(field="verdict", oneOf=light_ink),
            alt.value("#FFFFFF"),
            alt.value("#000000"),
        ),
    )
    chart = alt.layer(cells, text).properties(width=150 * len(readings), height=24 * len(cases))
    return finish(
        chart,
        f"The gap between the treaty and practice: for {len(cases)} crises and {len(readings)} readings of "
        "the treaty, the outcome level required beside the level the alliance reached, coloured by verdict.",
        "What the treaty required, and what the alliance did",
        "Each cell: level required → level done (0 no action, 1 statement, 2 consultations, 3 military).",
    )
