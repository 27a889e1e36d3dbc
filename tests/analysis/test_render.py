"""Rendering: SVG, PNG and self-contained HTML, written whole; reproducible; offline."""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

import pytest

import csto
from csto.analysis.charts import render
from csto.analysis.charts.gap import gap_chart
from csto.analysis.charts.map import map_chart
from csto.analysis.charts.timeline import timeline_chart
from csto.errors import CstoError
from csto.record.record import Record
from csto.session import Csto

DAY = dt.date(2010, 1, 1)


@pytest.mark.parametrize("suffix", [".png", ".svg", ".html"])
def test_save_writes_each_format(tmp_path: Path, suffix: str, record: Record) -> None:
    path = render.save(map_chart(record, DAY), tmp_path / f"map{suffix}")
    data = path.read_bytes()
    assert len(data) > 1000
    if suffix == ".png":
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
    if suffix == ".svg":
        assert data.lstrip().startswith(b"<svg")
        assert b"The alliance on 2010-01-01" in data
    if suffix == ".html":
        text = data.decode("utf-8")
        assert "window.vegaEmbed=" in text
        outside = re.sub(r"<script>.*?</script>", "", text, flags=re.DOTALL)
        assert not re.search(r"https?://", outside), "nothing is fetched from outside the page"
        assert 'aria-label="Map of the region on 2010-01-01' in text
    assert [p.name for p in tmp_path.iterdir()] == [path.name], "no temporary file left"


def test_save_rejects_unknown_formats(tmp_path: Path, session: Csto) -> None:
    with pytest.raises(CstoError, match=r"\.png, \.svg or \.html"):
        render.save(gap_chart(session.gap()), tmp_path / "x.jpg")
    assert list(tmp_path.iterdir()) == []


def test_svg_is_reproducible_whatever_was_drawn_before(
    record: Record, month_record: Record
) -> None:
    """Vega numbers gradients and clip paths with a counter that runs across charts; the SVG must not
    depend on what was drawn before it."""
    first = render.to_svg(map_chart(record, DAY))
    faded = render.to_svg(timeline_chart(month_record, dt.date(2026, 11, 1)))
    assert render.to_svg(map_chart(record, DAY)) == first
    assert 'id="clip0"' in first and 'id="gradient_0"' in faded


def test_a_spec_renders_as_its_chart(record: Record) -> None:
    chart = map_chart(record, DAY)
    s = render.spec(chart)
    assert "$schema" not in s
    assert render.spec(s) is s
    assert render.to_svg(s) == render.to_svg(chart)


def test_embed_script_cannot_close_its_script_element() -> None:
    script = render.embed_script({"fig": {"description": "</script><b>x</b>"}})
    assert "</script>" not in script and "<\\/script>" in script


def test_the_vega_bundle_is_kept_in_the_disk_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CSTO_CACHE_DIR", str(tmp_path))
    bundle = render.javascript_bundle.__wrapped__()
    kept = list(tmp_path.glob("vega-bundle-*.json"))
    assert len(kept) == 1 and "vegaEmbed" in bundle
    assert render.javascript_bundle.__wrapped__() == bundle


def test_analysis_imports_no_layer_above_it() -> None:
    """``csto.analysis`` sits below the report, the server and the CLI: it never imports them."""
    above = ("csto.report", "csto.serve", "csto.cli")
    root = Path(csto.__file__).parent / "analysis"
    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            found += [(path.name, n) for n in names if n.startswith(above)]
    assert found == []
