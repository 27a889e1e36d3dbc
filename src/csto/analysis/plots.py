"""The report's figures, one function a figure, each returning an Altair chart (it renders inline in Jupyter).

Why Altair (Vega-Lite): a figure is a declarative JSON spec, so the same object renders inline in a
notebook, becomes an interactive HTML figure with tooltips, and becomes PNG or SVG for a paper; the spec is
deterministic, so the report is byte-identical for the same data. ``vl-convert-python`` renders PNG and SVG
with no browser and no network (Vega runs in its embedded engine), and ships the Vega, Vega-Lite and
Vega-Embed JavaScript that :func:`save` and the report inline into HTML, so nothing is fetched from a CDN.
Vega-Lite draws TopoJSON natively, which the map needs. Plotly's static export (kaleido) needs a Chrome of
its own, and Matplotlib has no HTML tooltips.

* :func:`timeline_figure` — membership over time, one row per state that ever belonged;
* :func:`map_figure` — the region on a date, members by status;
* :func:`gap_figure` — the treaty's requirement beside what the alliance did, per case and reading;
* :func:`calibration_figure` — reliability of the behaviour models' leave-one-out predictions;
* :func:`tornado_figure` — a scenario's sensitivity to each input;
* :func:`save` — PNG, SVG or a self-contained HTML file.

Altair and vl-convert are imported inside the functions, so importing this module is cheap.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csto.errors import CstoError

if TYPE_CHECKING:
    import altair as alt

    from csto.record.record import Record

    Figure = alt.TopLevelMixin

STATUS_COLOURS: dict[str, str] = {
    "accession_pending": "#009E73",
    "signatory": "#56B4E9",
    "member": "#0072B2",
    "exit_pending": "#F0E442",
    "participation_frozen": "#E69F00",
    "suspended": "#D55E00",
    "withdrawn": "#B8B8B8",
}
"""Okabe–Ito colours (distinguishable with the common colour-vision deficiencies)."""

STATUS_LABELS: dict[str, str] = {
    "accession_pending": "accession pending (between the decision and the act)",
    "exit_pending": "exit pending (still a member in law)",
    "member": "member",
    "signatory": "signatory (treaty not yet in force)",
    "participation_frozen": "participation frozen",
    "suspended": "suspended",
    "withdrawn": "withdrawn",
}
MAP_EXTRA = {"uncertain": "#CC79A7", "never a member": "#F2F2F2"}
VERDICT_COLOURS: dict[str, str] = {
    "honoured": "#009E73",
    "answered beyond the text": "#0072B2",
    "not triggered": "#DDDDDD",
    "refused": "#D55E00",
    "contested": "#E69F00",
    "no mechanism": "#8C8C8C",
}
LEVEL_NAMES = ("no action", "statement", "consultations", "military assistance")
FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
WIDTH = 680


def _day(value: str | dt.date | None, default: dt.date | None = None) -> dt.date:
    from csto.record.dates import parse_day

    if value is None or value == "today":
        return default or dt.date.today()
    return parse_day(value)


def _finish(chart: Any, description: str, title: str, subtitle: str | list[str] = "") -> Any:
    """Common look: title, accessible description, fonts, no border."""
    import altair as alt

    return (
        chart.properties(
            title=alt.TitleParams(title, subtitle=subtitle or alt.Undefined, anchor="start"),
            description=description,
        )
        .configure(font=FONT, background="white", padding=8)
        .configure_view(stroke=None)
        .configure_title(fontSize=15, subtitleFontSize=11, subtitleColor="#444")
        .configure_axis(labelFontSize=11, titleFontSize=11)
        .configure_legend(labelFontSize=11, titleFontSize=11, labelLimit=260)
    )


def _when(value: Any) -> Any:
    """A partial date from EDTF text or an already parsed date."""
    from csto.record.dates import parse_date

    return value if hasattr(value, "earliest") else parse_date(value)


def _iso(day: dt.date) -> str:
    return day.isoformat()


# --- membership timeline -------------------------------------------------------------------------


def timeline_rows(rec: Record, today: dt.date | None = None) -> list[dict[str, Any]]:
    """One row per drawn segment: the certain core of each status interval and its imprecise ends.

    A start or end known only to the month or year (or given as one of several dates) spans every day it
    could be; that span is drawn as a fade (``part`` is ``start`` or ``end``) rather than a sharp day.
    """
    from csto.record.dates import parse_date
    from csto.record.query import timeline

    today = today or dt.date.today()
    one = dt.timedelta(days=1)
    first: dict[str, dt.date] = {}
    rows: list[dict[str, Any]] = []
    for h in timeline(rec):
        if h.start is None:
            continue
        start = parse_date(h.start)
        end = parse_date(h.end) if h.end is not None else None
        s0, s1 = start.earliest, start.latest
        e0, e1 = (end.earliest, end.latest) if end is not None else (today, today)
        name = rec.states[h.state].name
        first[name] = min(first.get(name, s0), s0)
        base = {
            "state": name,
            "status": h.status,
            "label": STATUS_LABELS.get(h.status, h.status),
            "from": start.describe() if hasattr(start, "describe") else h.start,
            "to": end.describe() if end is not None else "(ongoing)",
            "precision": f"start: {h.start_precision or '?'}; end: {h.end_precision or 'open'}",
            "sources": ", ".join(h.sources),
            "alternatives": ", ".join(h.alternatives) or "none",
        }
        if e0 > s1:
            rows.append({**base, "part": "core", "x": _iso(s1), "x2": _iso(e0)})
        if s1 > s0:
            rows.append({**base, "part": "start", "x": _iso(s0), "x2": _iso(s1 + one)})
        if end is not None and e1 > e0:
            rows.append({**base, "part": "end", "x": _iso(e0), "x2": _iso(e1 + one)})
        if end is not None and e1 == e0 and s1 >= e0:  # a one-day interval: draw the day
            rows.append({**base, "part": "core", "x": _iso(s0), "x2": _iso(e1 + one)})
    order = sorted(first, key=lambda n: (first[n], n))
    for r in rows:
        r["order"] = order.index(r["state"])
    return rows


def _gradient(colour: str, fade_in: bool) -> dict[str, Any]:
    clear = "rgba(255, 255, 255, 0)"
    stops = [{"offset": 0, "color": clear}, {"offset": 1, "color": colour}]
    if not fade_in:
        stops = [{"offset": 0, "color": colour}, {"offset": 1, "color": clear}]
    return {"gradient": "linear", "x1": 0, "x2": 1, "y1": 0, "y2": 0, "stops": stops}


def timeline_figure(rec: Record, *, today: str | dt.date | None = None) -> Any:
    """Membership of the alliance over time: one row per state that ever belonged, coloured by status.

    The alliance's phases (the Collective Security Treaty, 1992; the Organization, 2002) are shaded; an
    imprecise start or end fades in or out across every day it could be. Hovering a bar lists its sources.
    """
    import altair as alt

    day = _day(today)
    rows = timeline_rows(rec, day)
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
    alliance = rec.alliance("csto")
    phases = [
        {
            "phase": f"{p.abbreviation} ({_when(p.start).earliest.year})",
            "x": _iso(_when(p.start).earliest),
            "x2": _iso(_when(p.end).latest if p.end else day),
            "name": p.name,
            "description": p.description,
        }
        for p in alliance.phases
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
    edges = [{"x": f"{first_year}-01-01", "edge": "start"}, {"x": _iso(day), "edge": "today"}]
    layers.append(
        alt.Chart(alt.Data(values=edges))
        .mark_rule(color="#222", strokeWidth=1)
        .encode(x=xs, opacity=alt.condition(alt.datum.edge == "today", alt.value(1), alt.value(0)))
    )
    chart = alt.layer(*layers).properties(width=WIDTH, height=30 * len(states) + 20)
    chart = chart.resolve_scale(color="independent")
    return _finish(
        chart,
        f"Membership timeline of the Collective Security Treaty Organization, {first_year} to "
        f"{day.isoformat()}: one row per state that ever belonged ({', '.join(states)}), bars coloured "
        "by status. Faded bar ends with a bracket beneath mark dates known only to the month or year.",
        "Who belonged, and with what status",
        [
            "Faded end with a bracket: the date is known only to the month or year (or the sources differ);",
            "the bracket spans every day it could be. Shaded: the treaty (CST) and the organization (CSTO).",
        ],
    )


# --- map -----------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _topology() -> dict[str, Any]:
    from importlib.resources import files

    text = files("csto.data").joinpath("geo/region-110m.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def map_rows(rec: Record, on: str | dt.date = "today") -> list[dict[str, Any]]:
    """Every state with a standing on ``on``: its map category, status, certainty and reason."""
    from csto.record.query import members

    rows = []
    for m in members(rec, _day(on), all_states=True):
        statuses = m.status.split("|")
        category = statuses[0] if len(statuses) == 1 else "uncertain"
        rows.append(
            {
                "iso3": m.state,
                "category": category,
                "status": m.status.replace("|", " or ").replace("_", " "),
                "certainty": m.certainty,
                "reason": m.reason[:200],
                "sources": ", ".join(m.sources),
            }
        )
    return rows


LABELS: dict[str, tuple[str, float, float, int]] = {
    "RUS": ("Russia", 95.0, 62.0, 0),
    "KAZ": ("Kazakhstan", 67.0, 48.5, 0),
    "UZB": ("Uzbekistan", 64.0, 41.4, 6),
    "KGZ": ("Kyrgyzstan", 76.5, 42.9, 34),
    "TJK": ("Tajikistan", 71.0, 38.6, 30),
    "BLR": ("Belarus", 28.0, 53.5, -8),
    "ARM": ("Armenia", 44.6, 40.2, -38),
    "AZE": ("Azerbaijan", 47.7, 38.2, -6),
    "GEO": ("Georgia", 43.5, 42.3, -36),
}
"""Label positions (longitude, latitude, horizontal nudge in pixels) of the states that ever belonged."""


def map_figure(rec: Record, on: str | dt.date = "today") -> Any:
    """The region on a date: each state that ever belonged, coloured by its status on that date."""
    import altair as alt

    day = _day(on)
    rows = map_rows(rec, day)
    present = [s for s in STATUS_COLOURS if any(r["category"] == s for r in rows)]
    if any(r["category"] == "uncertain" for r in rows):
        present.append("uncertain")
    domain = [*present, "never a member"]
    palette = {**STATUS_COLOURS, **MAP_EXTRA}
    topo = alt.InlineData(
        values=_topology(), format=alt.DataFormat(type="topojson", feature="countries")
    )
    fields = ["category", "status", "certainty", "reason", "sources"]
    chart = (
        alt.Chart(topo)
        .mark_geoshape(stroke="#ffffff", strokeWidth=0.6)
        .transform_lookup(
            lookup="properties.iso3",
            from_=alt.LookupData(alt.Data(values=rows), key="iso3", fields=fields),
            default="never a member",
        )
        .transform_calculate(
            category="datum.category || 'never a member'",
            status="datum.status === 'never a member' ? 'not in the alliance' : datum.status",
            certainty="datum.certainty === 'never a member' ? '' : datum.certainty",
            reason="datum.reason === 'never a member' ? '' : datum.reason",
            sources="datum.sources === 'never a member' ? '' : datum.sources",
        )
        .encode(
            color=alt.Color(
                "category:N",
                scale=alt.Scale(domain=domain, range=[palette[d] for d in domain]),
                legend=alt.Legend(
                    title=f"Status on {day.isoformat()}",
                    orient="bottom",
                    direction="horizontal",
                    labelExpr="replace(datum.label, '_', ' ')",
                    symbolStrokeColor="#999",
                ),
            ),
            tooltip=[
                alt.Tooltip("properties.name:N", title="Country"),
                alt.Tooltip("status:N", title="Status"),
                alt.Tooltip("certainty:N", title="Certainty"),
                alt.Tooltip("reason:N", title="Why"),
                alt.Tooltip("sources:N", title="Sources"),
            ],
        )
    )
    present_states = {r["iso3"] for r in rows}
    texts = [
        alt.Chart(alt.Data(values=[{"name": n, "lon": lon, "lat": lat}]))
        .mark_text(fontSize=11, fontWeight="bold", color="#111", dx=dx)
        .encode(longitude="lon:Q", latitude="lat:Q", text="name:N")
        for iso3, (n, lon, lat, dx) in LABELS.items()
        if iso3 in present_states
    ]
    chart = (
        alt.layer(chart, *texts)
        .project(
            type="conicEqualArea",
            rotate=[-72, 0, 0],
            parallels=[40, 65],
            center=[0, 50],
            scale=430,
            translate=[WIDTH / 2 - 40, 275],
        )
        .properties(width=WIDTH, height=450)
    )
    names = {r["iso3"]: r["status"] for r in rows}
    summary = "; ".join(f"{k}: {v}" for k, v in sorted(names.items()))
    return _finish(
        chart,
        f"Map of the region on {day.isoformat()}, states coloured by their status in the alliance "
        f"({summary}); other countries in light grey.",
        f"The alliance on {day.isoformat()}",
        "Natural Earth 1:110m boundaries (de facto lines; no position on disputed territory).",
    )


# --- the gap -------------------------------------------------------------------------------------


def _get(row: Any, *names: str, default: Any = None) -> Any:
    for name in names:
        if isinstance(row, Mapping):
            if name in row:
                return row[name]
        elif hasattr(row, name):
            return getattr(row, name)
    return default


def gap_figure(rows: Iterable[Any]) -> Any:
    """Per case (oldest first) and reading: the verdict, with the level required and the level done."""
    import altair as alt

    data = []
    for r in rows:
        required, actual = _get(r, "required"), _get(r, "actual")
        data.append(
            {
                "case": _get(r, "case"),
                "title": _get(r, "title", default=_get(r, "case")),
                "date": str(_get(r, "date", default="")),
                "reading": _get(r, "reading"),
                "verdict": _get(r, "verdict"),
                "levels": f"{required} → {actual}",
                "required": f"{required} ({LEVEL_NAMES[int(required)]})",
                "actual": f"{actual} ({LEVEL_NAMES[int(actual)]})",
                "reason": str(_get(r, "reason", default=""))[:240],
            }
        )
    if not data:
        raise CstoError("no gap rows to plot")
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
    text = base.mark_text(fontSize=11).encode(
        text="levels:N",
        color=alt.condition(
            alt.FieldOneOfPredicate(
                field="verdict", oneOf=["refused", "answered beyond the text", "no mechanism"]
            ),
            alt.value("white"),
            alt.value("#111"),
        ),
    )
    chart = alt.layer(cells, text).properties(width=110 * len(readings), height=24 * len(cases))
    return _finish(
        chart,
        f"The gap between the treaty and practice: for {len(cases)} crises and {len(readings)} readings of "
        "the treaty, the outcome level required beside the level the alliance reached, coloured by verdict.",
        "What the treaty required, and what the alliance did",
        "Each cell: level required → level done (0 no action, 1 statement, 2 consultations, 3 military).",
    )


# --- calibration ---------------------------------------------------------------------------------


def reliability_rows(predictions: Iterable[Any], bins: int = 5) -> list[dict[str, Any]]:
    """Per model and probability bin: mean predicted probability, observed frequency and count.

    Every (case, level) pair counts once: its predicted probability against whether that level happened.
    """
    acc: dict[tuple[str, int], list[float]] = {}
    for p in predictions:
        model = str(_get(p, "model"))
        observed = int(_get(p, "observed", "actual", "outcome"))
        probs = _get(p, "probabilities")
        if isinstance(probs, Mapping):
            probs = [float(probs.get(k, probs.get(str(k), 0.0))) for k in range(4)]
        for level, prob in enumerate(probs):
            b = min(int(float(prob) * bins), bins - 1)
            cell = acc.setdefault((model, b), [0.0, 0.0, 0.0])
            cell[0] += float(prob)
            cell[1] += 1.0 if level == observed else 0.0
            cell[2] += 1
    out = []
    for (model, b), (ps, hits, n) in sorted(acc.items()):
        out.append(
            {
                "model": model,
                "bin": f"{b / bins:.1f}–{(b + 1) / bins:.1f}",
                "predicted": round(ps / n, 4),
                "observed": round(hits / n, 4),
                "n": int(n),
            }
        )
    return out


def calibration_figure(predictions: Iterable[Any], *, bins: int = 5) -> Any:
    """Reliability plot of leave-one-out predictions: predicted probability against observed frequency.

    ``predictions`` holds rows with ``model``, ``observed`` (level 0–3) and ``probabilities`` (four
    numbers), from the behaviour layer's leave-one-out validation.
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
    return _finish(
        chart,
        f"Reliability plot for {', '.join(models)}: mean predicted probability of each outcome level "
        f"against how often it happened, in {bins} bins; a calibrated model lies on the diagonal.",
        "Calibration of the leave-one-out forecasts",
        "Every case × outcome level counts once; point size: predictions in the bin.",
    )


# --- tornado -------------------------------------------------------------------------------------


def tornado_rows(sensitivity: Iterable[Any]) -> list[dict[str, Any]]:
    """Normalise sensitivity rows: input name, the outcome at its low and high end, and the baseline."""
    out: list[dict[str, Any]] = []
    for r in sensitivity:
        name = _get(r, "input", "name", "factor", "parameter", "variable")
        actor = _get(r, "actor", default=None)
        label = f"{actor}: {name}" if actor and str(actor) not in str(name) else str(name)
        at_low = float(_get(r, "at_low", "expected_low", "outcome_low", "value_low", "y_low"))
        at_high = float(_get(r, "at_high", "expected_high", "outcome_high", "value_high", "y_high"))
        base = float(
            _get(r, "base", "baseline", "centre", "center", default=(at_low + at_high) / 2)
        )
        lo, hi = _get(r, "low", default=None), _get(r, "high", default=None)
        out.append(
            {
                "input": label,
                "base": base,
                "at_low": at_low,
                "at_high": at_high,
                "range": f"{lo} – {hi}" if lo is not None else "",
                "swing": abs(at_high - at_low),
            }
        )
    out.sort(key=lambda r: -float(r["swing"]))
    return out


def tornado_figure(
    sensitivity: Iterable[Any],
    *,
    title: str | None = None,
    metric: str = "expected outcome level",
    top: int = 15,
) -> Any:
    """Tornado chart: for each input swept across its range, the outcome at its low and high end.

    ``sensitivity`` holds rows with the input's name (``input``), the outcome with the input at the low
    (``at_low``, or ``expected_low``) and the high end (``at_high``) of its range, and the baseline
    (``base``); the widest swing is on top. The ``top`` widest are drawn; inputs that move nothing are
    counted in the subtitle.
    """
    import altair as alt

    every = tornado_rows(sensitivity)
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
    base_value = rows[0]["base"]
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
        alt.Chart(alt.Data(values=[{"base": base_value}]))
        .mark_rule(color="#222")
        .encode(x="base:Q")
    )
    chart = alt.layer(bars, rule).properties(width=420, height=22 * len(order) + 10)
    return _finish(
        chart,
        f"Tornado chart{' for ' + title if title else ''}: the {metric} when each input is set to the low "
        f"and the high end of its range, widest swing first ({', '.join(order[:5])}).",
        f"What moves the forecast{': ' + title if title else ''}",
        f"Vertical line: the baseline {metric} ({base_value:.2f})."
        + (f" {left_out} inputs with a smaller or no effect are not drawn." if left_out else ""),
    )


# --- output --------------------------------------------------------------------------------------


def spec(fig: Any) -> dict[str, Any]:
    """The figure's Vega-Lite spec (without the ``$schema`` address), as a dict; a dict passes through."""
    if isinstance(fig, dict):
        return fig
    out: dict[str, Any] = fig.to_dict()
    out.pop("$schema", None)
    return out


def _vl_version() -> str:
    import altair as alt
    import vl_convert as vlc

    wanted = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    versions = vlc.get_vegalite_versions()
    return wanted if wanted in versions else versions[-1]


def to_svg(fig: Any) -> str:
    """The figure (or its spec) as SVG; clip-path and gradient ids renumbered, so output is reproducible."""
    import vl_convert as vlc

    return _stable_ids(str(vlc.vegalite_to_svg(spec(fig), vl_version=_vl_version())))


def svg_to_png(svg: str, scale: float = 2.0) -> bytes:
    import vl_convert as vlc

    return bytes(vlc.svg_to_png(svg, scale=scale))


def to_png(fig: Any, scale: float = 2.0) -> bytes:
    """The figure as PNG (rasterised from its SVG, so the two files always agree)."""
    return svg_to_png(to_svg(fig), scale)


_SVG_ID = re.compile(r'(id="|url\(#)((?:clip|gradient_)\d+)')


def _stable_ids(svg: str) -> str:
    """Vega numbers clip paths and gradients with a counter that runs across figures: renumber from 0."""
    names: dict[str, str] = {}

    def rename(m: re.Match[str]) -> str:
        old = m.group(2)
        if old not in names:
            names[old] = f"{'clip' if old.startswith('clip') else 'gradient_'}{len(names)}"
        return m.group(1) + names[old]

    return _SVG_ID.sub(rename, svg)


@functools.lru_cache(maxsize=1)
def javascript_bundle() -> str:
    """Vega, Vega-Lite and Vega-Embed as one script (from vl-convert; defines ``window.vegaEmbed``).

    Bundling takes about a second, so the result is kept in the report's cache, keyed by the versions.
    """
    import vl_convert as vlc

    from csto import cache

    version = _vl_version()
    key = f"{vlc.get_vega_version()}-{version}-{vlc.get_vega_embed_version()}"
    hit = cache.load("vega-bundle", key)
    if isinstance(hit, str):
        return hit
    # the stub marks ``snippet`` as required; omitted, the bundle defines the globals (an empty one is empty)
    bundle = str(vlc.javascript_bundle(vl_version=version))  # type: ignore[call-arg]
    cache.store("vega-bundle", key, bundle)
    return bundle


def embed_script(specs: Mapping[str, dict[str, Any]]) -> str:
    """JavaScript that draws each spec into the element with its id (tooltips on, no action links)."""
    payload = json.dumps(specs, sort_keys=True, separators=(",", ":")).replace("</", "<\\/")
    return (
        f"(function(){{var specs={payload};"
        "Object.keys(specs).forEach(function(id){"
        "var el=document.getElementById(id);if(!el){return;}"
        "vegaEmbed(el,specs[id],{actions:false,renderer:'svg'}).then(function(r){"
        "el.setAttribute('data-rendered','true');}).catch(function(e){"
        "el.textContent='This figure could not be drawn: '+e;});});})();"
    )


def to_html(fig: Any, title: str = "csto figure") -> str:
    """One self-contained HTML page holding the figure (scripts inlined; nothing fetched)."""
    import html

    description = html.escape(str(spec(fig).get("description", title)))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title>"
        "<style>body{font-family:system-ui,sans-serif;margin:1rem}"
        ".fig{overflow-x:auto}</style></head><body>"
        f'<main><div class="fig" id="fig" role="img" aria-label="{description}" tabindex="0"></div></main>'
        f"<script>{javascript_bundle()}</script>"
        f"<script>{embed_script({'fig': spec(fig)})}</script>"
        "</body></html>\n"
    )


def save(fig: Any, path: str | Path) -> Path:
    """Write the figure as PNG, SVG or HTML (by the file's suffix); written whole or not at all."""
    from csto.files import write_atomic

    path = Path(path)
    suffix = path.suffix.lower()
    content: bytes
    if suffix == ".png":
        content = to_png(fig)
    elif suffix == ".svg":
        content = to_svg(fig).encode("utf-8")
    elif suffix in (".html", ".htm"):
        content = to_html(fig, title=path.stem).encode("utf-8")
    else:
        raise CstoError(
            f"cannot save a figure as {suffix or 'a file without a suffix'}: use .png, .svg or .html"
        )
    write_atomic(path, content)
    return path


def figure_names() -> Sequence[str]:
    return ("timeline", "map", "gap", "calibration", "tornado")
