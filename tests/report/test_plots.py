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


def test_timeline_has_one_row_per_state_that_ever_belonged(record: Any) -> None:
    rows = plots.timeline_rows(record, TODAY)
    ever = {record.states[h.state].name for h in timeline(record)}
    assert {r["state"] for r in rows} == ever
    assert all(r["sources"] for r in rows), "every interval lists its sources for the tooltip"


def test_imprecise_ends_are_drawn_as_spans_not_days(record: Any) -> None:
    rows = plots.timeline_rows(record, TODAY)
    uzb_return = [
        r
        for r in rows
        if r["state"] == "Uzbekistan" and r["status"] == "member" and r["part"] == "start"
    ]
    # the return is dated 2005 by one seed and 2006 by others: the fade spans both years
    assert [(r["x"], r["x2"]) for r in uzb_return] == [("2005-01-01", "2007-01-01")]
    # day-precision ends (the treaty's entry into force) have no fade
    rus = [r for r in rows if r["state"] == "Russia"]
    assert {r["part"] for r in rus} == {"core"}


def test_timeline_spec_marks_phases_and_fades(record: Any) -> None:
    spec = plots.spec(plots.timeline_figure(record, today=TODAY))
    text = str(spec)
    assert "CST (1992)" in text and "CSTO (2002)" in text
    assert "'gradient': 'linear'" in text
    assert spec["description"].startswith("Membership timeline")


def test_map_colours_members_by_status_on_the_date(record: Any) -> None:
    rows = {r["iso3"]: r for r in plots.map_rows(record, "2000-01-01")}
    belonging = {m.state for m in members(record, "2000-01-01")}
    assert {k for k, r in rows.items() if r["category"] == "member"} == belonging
    assert rows["UZB"]["category"] == "withdrawn"
    assert plots.map_rows(record, "2005-06-01")  # inside Uzbekistan's uncertain return
    uncertain = {r["iso3"]: r for r in plots.map_rows(record, "2005-06-01")}
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
