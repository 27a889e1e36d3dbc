"""The map: the shipped record's members by status on a day, on boundaries shipped with the package."""

from __future__ import annotations

import datetime as dt
from typing import Any

from csto.analysis.charts.map import LABELS, map_chart, map_rows, topology
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
