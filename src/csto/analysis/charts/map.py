"""The map: the region on a day, each state that ever belonged coloured by its status in the CSTO."""

from __future__ import annotations

import datetime as dt
import functools
import json
from typing import TYPE_CHECKING, Any, Literal

from csto.analysis.charts.style import MAP_EXTRA, STATUS_COLOURS, WIDTH, finish
from csto.palette import STATUSES

if TYPE_CHECKING:
    import altair as alt

    from csto.record.record import Record

LABELS: dict[str, tuple[str, float, float, float, float, str]] = {
    "RUS": ("Russia", 97.0, 62.0, 97.0, 62.0, "center"),
    "KAZ": ("Kazakhstan", 67.5, 48.6, 67.5, 48.6, "center"),
    "BLR": ("Belarus", 22.5, 57.5, 27.8, 53.6, "right"),
    "GEO": ("Georgia", 38.0, 47.0, 43.6, 42.2, "right"),
    "ARM": ("Armenia", 39.5, 40.8, 44.8, 40.2, "right"),
    "AZE": ("Azerbaijan", 46.5, 34.5, 47.6, 40.3, "right"),
    "UZB": ("Uzbekistan", 58.0, 33.5, 63.0, 41.2, "center"),
    "TJK": ("Tajikistan", 75.0, 33.0, 71.0, 38.6, "left"),
    "KGZ": ("Kyrgyzstan", 80.0, 40.5, 74.8, 41.5, "left"),
}
"""Where each state that ever belonged is named: the label's longitude and latitude, the point inside the
state that a leader line joins it to when the two differ, and the label's alignment on its point (the small states of the Caucasus and Central Asia
are named beside the map's crowd, each on its own line). ``tests/analysis/test_map.py`` renders the map and
checks that no two labels overlap."""

MARGIN = 12
"""Pixels kept free between the region and the edge of the map's frame."""

LABEL_ROOM = 56
"""Pixels kept free below the region for the labels of the states on its southern edge."""


@functools.lru_cache(maxsize=1)
def topology() -> dict[str, Any]:
    """The region's boundaries shipped with the package (``csto/data/geo/region-110m.json``): TopoJSON
    from Natural Earth's 1:110m countries, one geometry per country with its ``iso3`` and ``name``."""
    from importlib.resources import files

    text = files("csto.data").joinpath("geo/region-110m.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def region_points(iso3s: set[str]) -> list[list[float]]:
    """Every boundary point (longitude, latitude; rounded to 0.1°) of the states ``iso3s`` in
    :func:`topology`, decoded from its quantised, delta-encoded arcs: the geometry the map's projection is
    fitted to, so the whole of each state (Russia's north-east included) lies inside the frame."""
    topo = topology()
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs: set[int] = set()

    def collect(node: Any) -> None:
        if isinstance(node, int):
            arcs.add(node if node >= 0 else ~node)
        else:
            for item in node:
                collect(item)

    for g in topo["objects"]["countries"]["geometries"]:
        if g["properties"]["iso3"] in iso3s:
            collect(g["arcs"])
    points: set[tuple[float, float]] = set()
    for i in sorted(arcs):
        x = y = 0
        for dx, dy in topo["arcs"][i]:
            x, y = x + dx, y + dy
            points.add((round(x * sx + tx, 1), round(y * sy + ty, 1)))
    return [list(p) for p in sorted(points)]


def map_rows(record: Record, day: dt.date) -> list[dict[str, Any]]:
    """The chart's data: every state with a standing in the CSTO on ``day``
    (:func:`csto.record.query.members` with ``all_states``), one row each: ``iso3``, the map ``category``
    (its status, or ``uncertain`` when the day cannot tell several apart), the status as text, the
    certainty, the reason (at most 200 characters) and the sources."""
    from csto.record.query import members

    rows = []
    for m in members(record, day, all_states=True):
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


def _short(category: str) -> str:
    return STATUSES[category].short if category in STATUSES else category


def map_chart(record: Record, day: dt.date) -> alt.TopLevelMixin:
    """The region on ``day`` in a conic equal-area projection fitted to every state that ever belonged
    (:func:`region_points`, :data:`MARGIN` pixels inside the frame, :data:`LABEL_ROOM` below): each coloured by its status on that
    day (:data:`~csto.analysis.charts.style.STATUS_COLOURS`, plus ``uncertain`` and ``never a member``),
    named with its status written beneath (:data:`LABELS`; a leader line where the name stands beside a
    small state), with its status, certainty, reason and sources on hover.

    Boundaries: :func:`topology`. Raises :class:`~csto.errors.UnknownNameError` when ``record`` has no CSTO.
    """
    import altair as alt

    rows = map_rows(record, day)
    present = [s for s in STATUS_COLOURS if any(r["category"] == s for r in rows)]
    if any(r["category"] == "uncertain" for r in rows):
        present.append("uncertain")
    domain = [*present, "never a member"]
    palette = {**STATUS_COLOURS, **MAP_EXTRA}
    topo = alt.InlineData(
        values=topology(), format=alt.DataFormat(type="topojson", feature="countries")
    )
    fields = ["category", "status", "certainty", "reason", "sources"]
    shapes = (
        alt.Chart(topo)
        .mark_geoshape(stroke="#ffffff", strokeWidth=0.6, clip=True)
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
    short = {r["iso3"]: _short(r["category"]) for r in rows}
    labels = [
        {
            "name": name,
            "status": short[iso3],
            "lon": lon,
            "lat": lat,
            "lon2": lon2,
            "lat2": lat2,
            "lead": (lon, lat) != (lon2, lat2),
            "align": align,
        }
        for iso3, (name, lon, lat, lon2, lat2, align) in LABELS.items()
        if iso3 in present_states
    ]
    place = {"longitude": "lon:Q", "latitude": "lat:Q"}
    lbase = alt.Chart(alt.Data(values=labels))
    leaders = (
        lbase.transform_filter(alt.datum.lead)
        .mark_rule(color="#333", strokeWidth=0.8)
        .encode(**place, longitude2="lon2:Q", latitude2="lat2:Q")
    )
    # each label twice: a white halo beneath, then the text, so it reads on any fill
    text: dict[str, Any] = {"fontSize": 11, "fontWeight": "bold", "baseline": "bottom"}
    status: dict[str, Any] = {"fontSize": 9.5, "baseline": "top", "dy": 1}
    halo: dict[str, Any] = {"stroke": "white", "strokeWidth": 3, "strokeJoin": "round"}
    aligns: tuple[tuple[Literal["center", "left", "right"], int], ...] = (
        ("center", 0),
        ("left", 3),
        ("right", -3),
    )
    texts = [
        lbase.transform_filter(alt.datum.align == align)
        .mark_text(**look, **ink, align=align, dx=dx)
        .encode(**place, text=f"{field}:N")
        for align, dx in aligns
        if any(lab["align"] == align for lab in labels)
        for field, look in (("name", text), ("status", status))
        for ink in (halo, {"color": "#000"})
    ]
    height = 500
    points = region_points(present_states)
    fit = {
        "type": "Feature",
        "properties": {},
        "geometry": {"type": "MultiPoint", "coordinates": points},
    }
    chart = (
        alt.layer(shapes, leaders, *texts)
        .project(
            type="conicEqualArea",
            rotate=[-72, 0, 0],
            parallels=[40, 65],
            fit=fit,
            extent=[[MARGIN, MARGIN], [WIDTH - MARGIN, height - LABEL_ROOM]],
        )
        .properties(width=WIDTH, height=height)
    )
    names = {r["iso3"]: r["status"] for r in rows}
    summary = "; ".join(f"{k}: {v}" for k, v in sorted(names.items()))
    return finish(
        chart,
        f"Map of the region on {day.isoformat()}, states coloured by their status in the alliance "
        f"({summary}); other countries in light grey.",
        f"The alliance on {day.isoformat()}",
        "Natural Earth 1:110m boundaries (de facto lines; no position on disputed territory).",
    )
