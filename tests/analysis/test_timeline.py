"""The membership timeline, drawn from the shipped record (and a copy with a month-precision boundary)."""

from __future__ import annotations

import datetime as dt

from csto.analysis.charts.render import spec
from csto.analysis.charts.style import STATUS_COLOURS
from csto.analysis.charts.timeline import timeline_chart, timeline_rows
from csto.record.query import timeline
from csto.record.record import Record

from . import data_values

TODAY = dt.date(2026, 11, 1)


def test_one_row_per_state_that_ever_belonged(record: Record) -> None:
    rows = timeline_rows(record, TODAY)
    ever = {record.states[h.state].name for h in timeline(record)}
    assert {r["state"] for r in rows} == ever
    assert all(r["sources"] for r in rows), "every interval lists its sources for the tooltip"
    order = {r["state"]: r["order"] for r in rows}
    assert sorted(order.values())[0] == 0 and len(set(order.values())) == len(ever)


def test_open_intervals_run_to_the_day_given(record: Record) -> None:
    rows = timeline_rows(record, TODAY)
    open_ = [r for r in rows if r["to"] == "(ongoing)"]
    assert open_, "the shipped record has current members"
    assert {r["x2"] for r in open_} == {TODAY.isoformat()}
    later = timeline_rows(record, dt.date(2030, 1, 1))
    assert {r["x2"] for r in later if r["to"] == "(ongoing)"} == {"2030-01-01"}


def test_imprecise_ends_are_drawn_as_spans_not_days(month_record: Record, record: Record) -> None:
    rows = timeline_rows(month_record, TODAY)
    uzb_return = [
        r
        for r in rows
        if r["state"] == "Uzbekistan" and r["status"] == "member" and r["part"] == "start"
    ]
    # a return dated to the month only: the fade spans every day of August 2006
    assert [(r["x"], r["x2"]) for r in uzb_return] == [("2006-08-01", "2006-09-01")]
    # the shipped record dates every boundary to the day: no fades at all
    assert {r["part"] for r in timeline_rows(record, TODAY)} == {"core"}
    # day-precision ends (the treaty's entry into force) have no fade
    assert {r["part"] for r in rows if r["state"] == "Russia"} == {"core"}


def test_spec_marks_phases_fades_and_the_day(month_record: Record) -> None:
    s = spec(timeline_chart(month_record, TODAY))
    text = str(s)
    assert "CST (1992)" in text and "CSTO (2002)" in text
    assert "'gradient': 'linear'" in text
    assert s["description"].startswith("Membership timeline")
    assert s["description"].split(":")[0].endswith(f"to {TODAY.isoformat()}")
    edges = [v for v in data_values(s) if "edge" in v]
    assert edges[-1] == {"x": TODAY.isoformat(), "edge": "today"}


def test_status_colours_follow_the_style(record: Record) -> None:
    s = spec(timeline_chart(record, TODAY))
    statuses = {v["status"] for v in data_values(s) if "status" in v}
    scales = [
        layer["encoding"]["color"]["scale"]
        for layer in s["layer"]
        if layer.get("encoding", {}).get("color", {}).get("field") == "status"
    ]
    assert len(scales) == 1
    assert set(scales[0]["domain"]) == statuses
    assert scales[0]["range"] == [STATUS_COLOURS[d] for d in scales[0]["domain"]]


def test_charts_render_inline_in_jupyter(record: Record) -> None:
    chart = timeline_chart(record, TODAY)
    bundle = chart._repr_mimebundle_()
    assert isinstance(bundle, (dict, tuple)) and bundle


def test_wide_bars_say_their_status_so_greyscale_print_tells_them_apart(record: Record) -> None:
    from csto.analysis.charts.style import STATUS_SHORT

    rows = timeline_rows(record, dt.date(2026, 1, 1))
    labelled = [r for r in rows if r["labelled"]]
    assert {(r["state"], r["short"]) for r in labelled} >= {
        ("Uzbekistan", "suspended"),
        ("Armenia", "member"),
        ("Georgia", "withdrawn"),
    }
    assert all(r["part"] == "core" and r["short"] == STATUS_SHORT[r["status"]] for r in labelled)
    s = spec(timeline_chart(record, dt.date(2026, 1, 1)))
    texts = [
        layer
        for layer in s["layer"]
        if layer.get("encoding", {}).get("text", {}).get("field") == "short"
    ]
    assert len(texts) == 1 and texts[0]["encoding"]["color"]["scale"] is None
