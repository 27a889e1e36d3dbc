"""The figures: one function a figure, each an Altair chart that saves as PNG, SVG and self-contained HTML."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from csto.analysis import plots
from csto.errors import CstoError
from csto.record.load import load_record
from csto.record.query import members, timeline

TODAY = dt.date(2026, 11, 1)


@pytest.fixture(scope="module")
def record() -> Any:
    return load_record()


@pytest.fixture(scope="module")
def month_record(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A copy of the record in which Uzbekistan's 2006 protocol is dated to the month only.

    Every shipped membership boundary is dated to the day, so the imprecise-date drawing is tested on a copy.
    """
    from csto.record.load import load_record_from
    from datacopy import copy_data

    root = copy_data(tmp_path_factory.mktemp("month") / "data")
    path = root / "memberships.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in (
        ("  start: 2006-06-23\n  end: 2006-08-16\n", "  start: 2006-06-23\n  end: 2006-08\n"),
        ("  status: member\n  start: 2006-08-16\n", "  status: member\n  start: 2006-08\n"),
    ):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return load_record_from(root)


def test_timeline_has_one_row_per_state_that_ever_belonged(record: Any) -> None:
    rows = plots.timeline_rows(record, TODAY)
    ever = {record.states[h.state].name for h in timeline(record)}
    assert {r["state"] for r in rows} == ever
    assert all(r["sources"] for r in rows), "every interval lists its sources for the tooltip"


def test_imprecise_ends_are_drawn_as_spans_not_days(month_record: Any, record: Any) -> None:
    rows = plots.timeline_rows(month_record, TODAY)
    uzb_return = [
        r
        for r in rows
        if r["state"] == "Uzbekistan" and r["status"] == "member" and r["part"] == "start"
    ]
    # a return dated to the month only: the fade spans every day of August 2006
    assert [(r["x"], r["x2"]) for r in uzb_return] == [("2006-08-01", "2006-09-01")]
    # the shipped record dates every boundary to the day: no fades at all
    assert {r["part"] for r in plots.timeline_rows(record, TODAY)} == {"core"}
    # day-precision ends (the treaty's entry into force) have no fade
    rus = [r for r in rows if r["state"] == "Russia"]
    assert {r["part"] for r in rus} == {"core"}


def test_timeline_spec_marks_phases_and_fades(month_record: Any) -> None:
    spec = plots.spec(plots.timeline_figure(month_record, today=TODAY))
    text = str(spec)
    assert "CST (1992)" in text and "CSTO (2002)" in text
    assert "'gradient': 'linear'" in text
    assert spec["description"].startswith("Membership timeline")


def test_map_colours_members_by_status_on_the_date(record: Any, month_record: Any) -> None:
    rows = {r["iso3"]: r for r in plots.map_rows(record, "2000-01-01")}
    belonging = {m.state for m in members(record, "2000-01-01")}
    assert {k for k, r in rows.items() if r["category"] == "member"} == belonging
    assert rows["UZB"]["category"] == "withdrawn"
    assert {r["iso3"]: r for r in plots.map_rows(record, "2005-06-01")}["UZB"]["category"] == (
        "withdrawn"  # seed 003's 2005 return is deprecated
    )
    assert {r["iso3"]: r for r in plots.map_rows(record, "2012-09-01")}["UZB"]["category"] == (
        "exit_pending"  # between the note on suspension and the Council's decision
    )
    uncertain = {r["iso3"]: r for r in plots.map_rows(month_record, "2006-08-10")}
    assert uncertain["UZB"]["category"] == "uncertain"


def test_map_boundaries_ship_with_the_package() -> None:
    topo = plots._topology()
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


def test_gap_figure_from_rows() -> None:
    rows = [
        {"case": "a", "reading": "strict", "required": 3, "actual": 2, "verdict": "refused"},
        {"case": "a", "reading": "framing", "required": 2, "actual": 2, "verdict": "honoured"},
    ]
    spec = plots.spec(plots.gap_figure(rows))
    assert "3 → 2" in str(spec)
    with pytest.raises(CstoError):
        plots.gap_figure([])


def test_reliability_rows_bin_every_case_and_level() -> None:
    preds = [
        {"model": "m", "observed": 0, "probabilities": [0.9, 0.1, 0.0, 0.0]},
        {"model": "m", "observed": 1, "probabilities": [0.1, 0.7, 0.1, 0.1]},
    ]
    rows = plots.reliability_rows(preds, bins=5)
    assert sum(r["n"] for r in rows) == 8
    top = next(r for r in rows if r["bin"] == "0.8–1.0")
    assert top == {"model": "m", "bin": "0.8–1.0", "predicted": 0.9, "observed": 1.0, "n": 1}
    spec = plots.spec(plots.calibration_figure(preds))
    assert "Reliability plot" in spec["description"]


def test_tornado_puts_the_widest_swing_on_top() -> None:
    rows = plots.tornado_rows(
        [
            {"input": "small", "at_low": 1.0, "at_high": 1.1, "base": 1.05},
            {"input": "big", "at_low": 0.2, "at_high": 2.8, "base": 1.05},
        ]
    )
    assert [r["input"] for r in rows] == ["big", "small"]
    spec = plots.spec(plots.tornado_figure(rows))
    assert spec["description"].endswith("(big, small).")


@pytest.mark.parametrize("suffix", [".png", ".svg", ".html"])
def test_save_writes_each_format(tmp_path: Path, suffix: str, record: Any) -> None:
    path = plots.save(plots.map_figure(record, "2010-01-01"), tmp_path / f"map{suffix}")
    data = path.read_bytes()
    assert len(data) > 1000
    if suffix == ".png":
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
    if suffix == ".svg":
        assert data.lstrip().startswith(b"<svg")
    if suffix == ".html":
        text = data.decode("utf-8")
        assert "window.vegaEmbed=" in text
        outside = re.sub(r"<script>.*?</script>", "", text, flags=re.DOTALL)
        assert not re.search(r"https?://", outside)
    assert [p.name for p in tmp_path.iterdir()] == [path.name], "no temporary file left"


def test_save_rejects_unknown_formats(tmp_path: Path) -> None:
    with pytest.raises(CstoError, match=r"\.png, \.svg or \.html"):
        plots.save(
            plots.gap_figure(
                [{"case": "a", "reading": "r", "required": 0, "actual": 0, "verdict": "x"}]
            ),
            tmp_path / "x.jpg",
        )


def test_svg_is_reproducible(record: Any) -> None:
    fig = plots.timeline_figure(record, today=TODAY)
    assert plots.to_svg(fig) == plots.to_svg(fig)


def test_figures_render_inline_in_jupyter(record: Any) -> None:
    fig = plots.timeline_figure(record, today=TODAY)
    assert hasattr(fig, "_repr_mimebundle_")
