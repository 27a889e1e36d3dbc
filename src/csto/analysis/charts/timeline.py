"""The membership timeline: one row per state that ever belonged, its status intervals as coloured bars."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from csto.analysis.charts.style import (
    STATUS_COLOURS,
    STATUS_INK,
    STATUS_LABELS,
    STATUS_SHORT,
    WIDTH,
    finish,
)

if TYPE_CHECKING:
    import altair as alt

    from csto.record.record import Record

_ONE_DAY = dt.timedelta(days=1)


def timeline_rows(record: Record, today: dt.date) -> list[dict[str, Any]]:
    """The chart's data: one row per drawn segment of a status interval of the CSTO in ``record``.

    A segment is the certain core of an interval (``part`` ``core``) or one of its imprecise ends (``start``
    or ``end``): a start or end known only to the month or year (or given as one of several dates) spans
    every day it could be, from ``x`` to ``x2`` (ISO days, ``x2`` exclusive), and is drawn as a fade. An
    open interval runs to ``today``. Each row also carries the state's name, the status and its label, the
    dates as the record gives them, their precision, the sources and the alternatives the sources also give
    (for the tooltip), ``order``: the state's row, by the earliest day it could have joined, and the bar's
    label: ``short`` (the status's short name), ``ink`` (its text colour), ``mid`` (the segment's middle
    day) and ``labelled`` (whether the label fits in the bar).
    """
    from csto.record.dates import parse_date
    from csto.record.query import timeline

    first: dict[str, dt.date] = {}
    rows: list[dict[str, Any]] = []
    for h in timeline(record):
        if h.start is None:
            continue
        start = parse_date(h.start)
        end = parse_date(h.end) if h.end is not None else None
        s0, s1 = start.earliest, start.latest
        e0, e1 = (end.earliest, end.latest) if end is not None else (today, today)
        name = record.states[h.state].name
        first[name] = min(first.get(name, s0), s0)
        base = {
            "state": name,
            "status": h.status,
            "label": STATUS_LABELS.get(h.status, h.status),
            "from": start.describe(),
            "to": end.describe() if end is not None else "(ongoing)",
            "precision": f"start: {h.start_precision or '?'}; end: {h.end_precision or 'open'}",
            "sources": ", ".join(h.sources),
            "alternatives": ", ".join(h.alternatives) or "none",
        }
        if e0 > s1:
            rows.append({**base, "part": "core", "x": s1.isoformat(), "x2": e0.isoformat()})
        if s1 > s0:
            rows.append(
                {**base, "part": "start", "x": s0.isoformat(), "x2": (s1 + _ONE_DAY).isoformat()}
            )
        if end is not None and e1 > e0:
            rows.append(
                {**base, "part": "end", "x": e0.isoformat(), "x2": (e1 + _ONE_DAY).isoformat()}
            )
        if end is not None and e1 == e0 and s1 >= e0:  # a one-day interval: draw the day
            rows.append(
                {**base, "part": "core", "x": s0.isoformat(), "x2": (e1 + _ONE_DAY).isoformat()}
            )
    order = sorted(first, key=lambda n: (first[n], n))
    span = max(1, (today - min(first.values())).days) if first else 1
    for r in rows:
        r["order"] = order.index(r["state"])
        _label(r, span)
    return rows


def _label(row: dict[str, Any], span_days: int) -> None:
    """Give ``row`` its bar label: the status's short name (:data:`STATUS_SHORT`), its text colour, the
    middle day of the segment, and whether the label fits inside the bar at the chart's width (a core
    segment only; 6.5 px a character at 10 px bold, plus a margin)."""
    x, x2 = dt.date.fromisoformat(row["x"]), dt.date.fromisoformat(row["x2"])
    short = STATUS_SHORT.get(row["status"], row["status"].replace("_", " "))
    width = WIDTH * (x2 - x).days / span_days
    row["short"] = short
    row["ink"] = STATUS_INK.get(row["status"], "#000000")
    row["mid"] = (x + (x2 - x) / 2).isoformat()
    row["labelled"] = row["part"] == "core" and width >= 6.5 * len(short) + 10


def _gradient(colour: str, fade_in: bool) -> dict[str, Any]:
    """A left-to-right Vega gradient from transparent to ``colour`` (or back, when not ``fade_in``)."""
    clear = "rgba(255, 255, 255, 0)"
    stops = [{"offset": 0, "color": clear}, {"offset": 1, "color": colour}]
    if not fade_in:
        stops = [{"offset": 0, "color": colour}, {"offset": 1, "color": clear}]
    return {"gradient": "linear", "x1": 0, "x2": 1, "y1": 0, "y2": 0, "stops": stops}


def timeline_chart(record: Record, today: dt.date) -> alt.TopLevelMixin:
    """Membership of the CSTO over time, up to ``today``: one row per state that ever belonged (oldest
    first), its status intervals coloured by status (:data:`~csto.analysis.charts.style.STATUS_COLOURS`).

    The alliance's phases (the Collective Security Treaty, 1992; the Organization, 2002) are shaded; an
    imprecise start or end fades in or out across every day it could be, with a bracket beneath. Hovering
    a bar lists its sources. Raises :class:`~csto.errors.UnknownNameError` when ``record`` has no CSTO.
    """
    import altair as alt

    rows = timeline_rows(record, today)
    states = sorted(
        {r["state"] for r in rows}, key=lambda n: next(r["order"] for r in rows if r["state"] == n)
    )
    present = [s for s in STATUS_COLOURS if any(r["status"] == s for r in rows)]
    y = alt.Y("state:N", sort=states, title=None, axis=alt.Axis(labelFontSize=12, labelPadding=6))
    first_year = int(min(r["x"] for r in rows)[:4])
    # no explicit domain (Vega-Lite warns on one in layered charts): the edges are drawn as data
    x_scale = alt.Scale(type="utc", nice=False)
    # the scale and axis are declared once, on the first layer; the others share them
    x = alt.X("x:T", scale=x_scale, title=None, axis=alt.Axis(format="%Y", tickCount=12, grid=True))
    xs = alt.X("x:T", title=None)
    tooltip = [
        alt.Tooltip("state:N", title="State"),
        alt.Tooltip("label:N", title="Status"),
        alt.Tooltip("from:N", title="From"),
        alt.Tooltip("to:N", title="To"),
        alt.Tooltip("precision:N", title="Precision"),
        alt.Tooltip("alternatives:N", title="Sources also say"),
        alt.Tooltip("sources:N", title="Sources"),
    ]
    colour = alt.Color(
        "status:N",
        scale=alt.Scale(domain=present, range=[STATUS_COLOURS[s] for s in present]),
        legend=alt.Legend(
            title="Status",
            orient="bottom",
            direction="horizontal",
            labelExpr="replace(datum.label, '_', ' ')",
        ),
    )
    base = alt.Chart(alt.Data(values=rows)).encode(x=xs, x2="x2:T", y=y, tooltip=tooltip)
    layers: list[Any] = []
    phases = [
        {
            "phase": f"{p.abbreviation} ({p.start.earliest.year})",
            "x": p.start.earliest.isoformat(),
            "x2": (p.end.latest if p.end else today).isoformat(),
            "name": p.name,
            "description": p.description,
        }
        for p in record.alliance("csto").phases
    ]
    if phases:
        pbase = alt.Chart(alt.Data(values=phases))
        layers.append(
            pbase.mark_rect(opacity=0.5).encode(
                x=x,
                x2="x2:T",
                color=alt.Color(
                    "phase:N",
                    scale=alt.Scale(range=["#F3F0E6", "#E8EEF3"]),
                    legend=None,
                ),
                tooltip=[
                    alt.Tooltip("name:N", title="Phase"),
                    alt.Tooltip("description:N", title=""),
                ],
            )
        )
        layers.append(pbase.mark_rule(color="#555", strokeDash=[4, 3]).encode(x=xs))
        layers.append(
            pbase.mark_text(
                align="left",
                baseline="bottom",
                dx=4,
                dy=-4,
                fontSize=12,
                fontWeight="bold",
                color="#333",
            ).encode(x=xs, y=alt.value(0), text="phase:N")
        )
    layers.append(
        base.transform_filter(alt.datum.part == "core")
        .mark_bar(height=16)
        .encode(color=colour, x=xs if phases else x)
    )
    for status in present:
        for part, fade_in in (("start", True), ("end", False)):
            if not any(r["status"] == status and r["part"] == part for r in rows):
                continue
            layers.append(
                base.transform_filter(
                    (alt.datum.part == part) & (alt.datum.status == status)
                ).mark_bar(height=16, color=_gradient(STATUS_COLOURS[status], fade_in))
            )
            # a bracket under the faded span: every day it covers is possible
            layers.append(
                base.transform_filter(
                    (alt.datum.part == part) & (alt.datum.status == status)
                ).mark_rule(color="#333", strokeWidth=1.2, yOffset=11)
            )
    # the status written on every bar wide enough to hold it: greyscale print still tells them apart
    layers.append(
        alt.Chart(alt.Data(values=rows))
        .transform_filter(alt.datum.labelled)
        .mark_text(fontSize=10, fontWeight="bold", baseline="middle")
        .encode(
            x=alt.X("mid:T", title=None),
            y=y,
            text="short:N",
            color=alt.Color("ink:N", scale=None),
            tooltip=tooltip,
        )
    )
    edges = [
        {"x": f"{first_year}-01-01", "edge": "start"},
        {"x": today.isoformat(), "edge": "today"},
    ]
    layers.append(
        alt.Chart(alt.Data(values=edges))
        .mark_rule(color="#222", strokeWidth=1)
        .encode(x=xs, opacity=alt.condition(alt.datum.edge == "today", alt.value(1), alt.value(0)))
    )
    chart = alt.layer(*layers).properties(width=WIDTH, height=30 * len(states) + 20)
    chart = chart.resolve_scale(color="independent")
    return finish(
        chart,
        f"Membership timeline of the Collective Security Treaty Organization, {first_year} to "
        f"{today.isoformat()}: one row per state that ever belonged ({', '.join(states)}), bars coloured "
        "by status and labelled with it where the bar is wide enough. Faded bar ends with a bracket beneath mark dates known only to the month or year.",
        "Who belonged, and with what status",
        [
            "Faded end with a bracket: the date is known only to the month or year (or the sources differ);",
            "the bracket spans every day it could be. Shaded: the treaty (CST) and the organization (CSTO).",
        ],
    )
