"""The tornado chart, drawn from the sensitivity table of a real ``simulate`` run on a shipped scenario."""

from __future__ import annotations

import pytest

from csto.analysis.charts.render import spec
from csto.analysis.charts.tornado import tornado_chart, tornado_rows
from csto.behaviour.explain import SensitivityRow
from csto.errors import CstoError
from csto.record.load import record_dir
from csto.report.layers import ScenarioResult, scenario
from csto.session import Csto

from . import data_values


@pytest.fixture(scope="module")
def result(session: Csto) -> ScenarioResult:
    return scenario(
        session, record_dir() / "scenarios" / "belarus-attacked.yaml", seed=3, draws=200
    )


def test_the_forecasts_sensitivity_table_arrives_typed(result: ScenarioResult) -> None:
    rows = result.sensitivity
    assert rows and all(isinstance(r, SensitivityRow) for r in rows)
    assert [r.to_dict() for r in rows] == result.forecast["sensitivity"]


def test_widest_swing_on_top(result: ScenarioResult) -> None:
    rows = tornado_rows(result.sensitivity, result.expected_level)
    swings = [r["swing"] for r in rows]
    assert swings == sorted(swings, reverse=True)
    by_input = {r.input: r for r in result.sensitivity}
    for r in rows:
        source = by_input[r["input"]]
        assert (r["at_low"], r["at_high"]) == (source.expected_low, source.expected_high)
        assert r["range"] == f"{source.low} – {source.high}"
    s = spec(tornado_chart(result.sensitivity, baseline=result.expected_level, title=result.title))
    order = s["layer"][0]["encoding"]["y"]["sort"]
    moving = [r["input"] for r in rows if r["swing"] > 1e-9]
    assert order == moving[:15]
    assert s["description"].endswith(f"({', '.join(order[:5])}).")
    assert s["title"]["text"] == f"What moves the forecast: {result.title}"


def test_bars_start_from_the_forecasts_expected_level(result: ScenarioResult) -> None:
    baseline = result.expected_level
    assert baseline == result.forecast["expected_level"]
    s = spec(tornado_chart(result.sensitivity, baseline=baseline))
    bars = [v for v in data_values(s) if "end" in v]
    assert bars and {b["base"] for b in bars} == {baseline}
    assert {"base": baseline} in data_values(s), "the vertical line is the baseline"
    assert f"({baseline:.2f})." in str(s["title"]["subtitle"])
    # the sweeps reuse the forecast's seed and draws: an input coded at an end of its range gives the
    # forecast itself at that end, so the baseline lies on the bars' scale
    ends = [x for r in result.sensitivity for x in (r.expected_low, r.expected_high)]
    assert any(x == pytest.approx(baseline, abs=1e-9) for x in ends)


def test_inputs_left_out_are_counted(result: ScenarioResult) -> None:
    rows = result.sensitivity
    s = spec(tornado_chart(rows, baseline=result.expected_level, top=3))
    bars = data_values(s)
    assert len({b["input"] for b in bars if "end" in b}) == 3
    assert f"{len(rows) - 3} inputs with a smaller or no effect are not drawn." in str(
        s["title"]["subtitle"]
    )


def test_no_rows_is_an_error() -> None:
    with pytest.raises(CstoError, match="no sensitivity rows"):
        tornado_chart([], baseline=1.0)
