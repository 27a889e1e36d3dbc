"""Charts in a notebook, offline: the MIME bundle a csto chart gives Jupyter holds everything (the static
SVG, Vega inlined) and no ``http(s)://`` address, and a browser with every request refused draws it."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from csto.analysis.charts.gap import gap_chart
from csto.analysis.charts.map import map_chart
from csto.analysis.charts.render import mimebundle
from csto.analysis.charts.timeline import timeline_chart
from csto.record.record import Record
from csto.session import Csto

URL = re.compile(r"https?://", re.IGNORECASE)


def _bundle(chart: Any) -> dict[str, str]:
    """What IPython asks a chart for when it displays it."""
    out = chart._repr_mimebundle_()
    return out[0] if isinstance(out, tuple) else out


@pytest.fixture(scope="module")
def bundles(record: Record, session: Csto) -> dict[str, dict[str, str]]:
    day = dt.date(2024, 6, 1)
    return {
        "timeline": _bundle(timeline_chart(record, day)),
        "map": _bundle(map_chart(record, day)),
        "gap": _bundle(gap_chart(session.gap())),
    }


def test_csto_charts_use_the_offline_renderer(bundles: dict[str, dict[str, str]]) -> None:
    import altair as alt

    assert alt.renderers.active == "csto"
    for name, bundle in bundles.items():
        assert set(bundle) == {"text/html", "text/plain"}, name
        html = bundle["text/html"]
        assert "<svg" in html and "vegaEmbed(" in html, name
        assert "Membership timeline" in bundles["timeline"]["text/plain"]


def test_the_bundle_holds_no_address(bundles: dict[str, dict[str, str]]) -> None:
    for name, bundle in bundles.items():
        for mime, text in bundle.items():
            found = URL.search(text)
            assert found is None, f"{name} {mime}: {text[found.start() - 60 : found.end() + 40]!r}"


def test_the_renderer_is_registered_with_altair_for_any_chart() -> None:
    import altair as alt

    assert "csto" in alt.renderers.names()
    chart = alt.Chart(alt.Data(values=[{"x": 1, "y": 2}])).mark_point().encode(x="x:Q", y="y:Q")
    with alt.renderers.enable("csto"):
        bundle = _bundle(chart)
    assert URL.search(bundle["text/html"]) is None and "<svg" in bundle["text/html"]


CHROMIUM = os.environ.get("CSTO_CHROMIUM", "/usr/bin/chromium")


@pytest.mark.slow  # a real browser
@pytest.mark.skipif(
    not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)), reason=f"no Chromium at {CHROMIUM}"
)
def test_a_browser_with_no_network_draws_the_interactive_chart(record: Record) -> None:
    """The notebook's output cell, as Jupyter would show it, in Chromium with every request aborted."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    html = mimebundle(map_chart(record, dt.date(2012, 9, 1)))["text/html"]
    requests: list[str] = []
    errors: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"], headless=True
        )
        page = browser.new_page()
        page.route("**/*", lambda route: (requests.append(route.request.url), route.abort()))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.set_content(f"<!DOCTYPE html><html><body>{html}</body></html>")
        page.wait_for_selector(".csto-chart[data-rendered=true]", timeout=20_000)
        drawn = page.locator(".csto-chart .vega-embed svg .mark-shape path").count()
        browser.close()
    assert not errors and not requests
    assert drawn > 50, "the interactive map draws the countries"
