"""The map: the region on a day, each state that ever belonged coloured by its status in the CSTO."""

from __future__ import annotations

import datetime as dt
import functools
import json
from typing import TYPE_CHECKING, Any

from csto.analysis.charts.style import MAP_EXTRA, STATUS_COLOURS, WIDTH, finish

if TYPE_CHECKING:
    import altair as alt

    from csto.record.record import Record

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


@functools.lru_cache(maxsize=1)
def topology() -> dict[str, Any]:
    """The region's boundaries shipped with the package (``csto/data/geo/region-110m.json``): TopoJSON
    from Natural Earth's 1:110m countries, one geometry per country with its ``iso3`` and ``name``."""
    from importlib.resources import files

    text = files("csto.data").joinpath("geo/region-110m.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


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


def map_chart(record: Record, day: dt.date) -> alt.TopLevelMixin:
    """The region on ``day`` in a conic equal-area projection: each state that ever belonged coloured by
    its status on that day (:data:`~csto.analysis.charts.style.STATUS_COLOURS`, plus ``uncertain`` and
    ``never a member``), named, with its status, certainty, reason and sources on hover.

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
        alt.layer(shapes, *texts)
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
    return finish(
        chart,
        f"Map of the region on {day.isoformat()}, states coloured by their status in the alliance "
        f"({summary}); other countries in light grey.",
        f"The alliance on {day.isoformat()}",
        "Natural Earth 1:110m boundaries (de facto lines; no position on disputed territory).",
    )
