"""The gap chart, drawn from the real ``gap()`` rows of a session over the shipped record."""

from __future__ import annotations

import pytest

from csto.analysis.charts.gap import gap_chart
from csto.analysis.charts.render import spec
from csto.analysis.charts.style import LEVEL_NAMES, VERDICT_COLOURS
from csto.errors import CstoError
from csto.session import Csto

from . import data_values


def test_one_cell_per_case_and_reading(session: Csto) -> None:
    rows = session.gap()
    s = spec(gap_chart(rows))
    cells = data_values(s)
    assert [(c["case"], c["reading"]) for c in cells] == [(r.case, r.reading) for r in rows]
    for cell, row in zip(cells, rows, strict=True):
        assert cell["levels"] == f"{row.required} → {row.actual}"
        assert cell["required"] == f"{row.required} ({LEVEL_NAMES[row.required]})"
        assert cell["verdict"] == row.verdict and cell["title"] == row.title
    cases = list(dict.fromkeys(r.case for r in rows))
    assert s["layer"][0]["encoding"]["y"]["sort"] == cases, "cases in gap()'s order, oldest first"
    assert f"for {len(cases)} crises" in s["description"]


def test_verdicts_take_the_style_colours(session: Csto) -> None:
    rows = session.gap()
    scale = spec(gap_chart(rows))["layer"][0]["encoding"]["color"]["scale"]
    assert set(scale["domain"]) == {r.verdict for r in rows}
    assert scale["range"] == [VERDICT_COLOURS[v] for v in scale["domain"]]
    assert "refused" in scale["domain"], "the shipped record has a refusal (Armenia, 2022)"


def test_no_rows_is_an_error() -> None:
    with pytest.raises(CstoError, match="no gap rows"):
        gap_chart([])
