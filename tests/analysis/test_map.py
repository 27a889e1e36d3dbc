"""The map: the shipped record's members by status on a day, on boundaries shipped with the package."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from csto.analysis.charts.map import LABELS, MARGIN, map_chart, map_rows, topology
from csto.analysis.charts.render import spec
from csto.record.query import members
from csto.record.record import Record

from . import data_values


def _rows(record: Record, day: str) -> dict[str, dict[str, Any]]:
    return {r["iso3"]: r for r in map_rows(record, dt.date.fromisoformat(day))}


def test_members_are_coloured_by_their_status_on_the_day(
    record: Record, month_record: Record
) -> None:
    rows = _rows(record, "2000-01-01")
    belonging = {m.state for m in members(record, "2000-01-01")}
    assert {k for k, r in rows.items() if r["category"] == "member"} == belonging
    assert rows["UZB"]["category"] == "withdrawn"
    # seed 003's 2005 return is deprecated
    assert _rows(record, "2005-06-01")["UZB"]["category"] == "withdrawn"
    # between the note on suspension and the Council's decision
    assert _rows(record, "2012-09-01")["UZB"]["category"] == "exit_pending"
    assert _rows(month_record, "2006-08-10")["UZB"]["category"] == "uncertain"


def test_chart_names_the_day_and_every_state(record: Record) -> None:
    day = dt.date(2012, 9, 1)
    s = spec(map_chart(record, day))
    assert s["title"]["text"] == "The alliance on 2012-09-01"
    assert "UZB: exit pending" in s["description"]
    rows = map_rows(record, day)
    labels = {v["name"] for v in data_values(s) if "lon" in v}
    assert labels == {LABELS[r["iso3"]][0] for r in rows if r["iso3"] in LABELS}
    assert "Uzbekistan" in labels


def test_boundaries_ship_with_the_package() -> None:
    topo = topology()
    isos = {g["properties"]["iso3"] for g in topo["objects"]["countries"]["geometries"]}
    assert {"ARM", "AZE", "BLR", "GEO", "KAZ", "KGZ", "RUS", "TJK", "UZB"} <= isos
    used = set()

    def walk(a: Any) -> None:
        if isinstance(a, int):
            used.add(a if a >= 0 else ~a)
        else:
            for x in a:
                walk(x)

    for g in topo["objects"]["countries"]["geometries"]:
        walk(g["arcs"])
    assert used == set(range(len(topo["arcs"]))), "every arc is used and every reference resolves"


# -- framing and labels, read off the rendered SVG ---------------------------------------------------

_NUMBER_PAIR = re.compile(r"(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)")
_LABEL = re.compile(
    r'<text aria-label="lon: [^"]*"[^>]*text-anchor="(\w+)"[^>]*'
    r'transform="translate\(([-\d.]+),([-\d.]+)\)"[^>]*font-size="([\d.]+)px"([^>]*)>([^<]*)</text>'
)
_VIEW = re.compile(r'class="background" aria-hidden="true" d="M0,0h([\d.]+)v([\d.]+)h')


def _svg(record: Record, day: str) -> str:
    from csto.analysis.charts.render import to_svg

    return to_svg(map_chart(record, dt.date.fromisoformat(day)))


def _shape_points(svg: str, country: str) -> list[tuple[float, float]]:
    """Every vertex of the country's shapes (Vega writes geoshapes with absolute M/L commands, in the
    view's coordinates, each path labelled with its tooltip)."""
    paths = re.findall(rf'<path aria-label="[^"]*Country: {country};[^"]*"[^>]*\sd="([^"]+)"', svg)
    assert paths, f"no shape drawn for {country}"
    return [(float(x), float(y)) for d in paths for x, y in _NUMBER_PAIR.findall(d)]


def _label_boxes(svg: str) -> list[tuple[str, float, float, float, float]]:
    """The box of every state label (name and status; not the halos beneath them): its text, left, top,
    right and bottom, from the anchor and the font size (DejaVu Sans: at most 0.68 em a character in
    bold, 0.6 em in regular; ascent 0.8 em, descent 0.25 em)."""
    boxes = []
    for anchor, x, y, size, rest, text in _LABEL.findall(svg):
        if "stroke=" in rest:
            continue
        x0, y0, em = float(x), float(y), float(size)
        width = len(text) * em * (0.68 if 'font-weight="bold"' in rest else 0.6)
        left = {"start": x0, "middle": x0 - width / 2, "end": x0 - width}[anchor]
        boxes.append((text, left, y0 - 0.8 * em, left + width, y0 + 0.25 * em))
    return boxes


def test_the_frame_holds_every_state_that_ever_belonged(record: Record) -> None:
    """Fitted to the region: Russia's north-east (Chukotka) is not cut flat at the top or the right."""
    svg = _svg(record, "2024-06-01")
    width, height = (float(v) for v in _VIEW.search(svg).groups())  # type: ignore[union-attr]
    assert (width, height) == (680, 500)
    for name, *_ in LABELS.values():
        pts = _shape_points(svg, name)
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        assert min(xs) >= 0 and max(xs) <= width and min(ys) >= 0 and max(ys) <= height, name
    ys = [y for _, y in _shape_points(svg, "Russia")]
    xs = [x for x, _ in _shape_points(svg, "Russia")]
    assert min(ys) >= MARGIN - 1, "Russia's north-east reaches the top of the frame"
    assert max(xs) <= width - MARGIN + 1


@pytest.mark.parametrize("day", ["1995-06-01", "2006-09-01", "2012-09-01", "2024-06-01"])
def test_labels_do_not_collide_and_stay_in_the_frame(record: Record, day: str) -> None:
    """Every state's name and status (the Caucasus and Central Asia included) has room of its own."""
    svg = _svg(record, day)
    boxes = _label_boxes(svg)
    names = {b[0] for b in boxes}
    assert {"Armenia", "Azerbaijan", "Georgia", "Uzbekistan", "Tajikistan", "Kyrgyzstan"} <= names
    for i, a in enumerate(boxes):
        assert a[1] >= 0 and a[2] >= 0 and a[3] <= 680 and a[4] <= 500, f"{a[0]} leaves the frame"
        for b in boxes[i + 1 :]:
            apart = a[3] <= b[1] or b[3] <= a[1] or a[4] <= b[2] or b[4] <= a[2]
            assert apart, f"labels {a[0]!r} and {b[0]!r} overlap on {day}"


def test_each_label_says_the_status_so_greyscale_print_tells_them_apart(record: Record) -> None:
    s = spec(map_chart(record, dt.date(2012, 9, 1)))
    labels = {v["name"]: v["status"] for v in data_values(s) if "lon" in v}
    assert labels["Uzbekistan"] == "exit pending"
    assert labels["Georgia"] == "withdrawn" and labels["Russia"] == "member"
