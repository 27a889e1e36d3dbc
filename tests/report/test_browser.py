"""A real browser opens the report from disk: Playwright for Python driving Debian's Chromium, headless.

The page must load with no console error and no request outside ``file:``/``data:``, draw every figure,
show a tooltip with the interval's sources, and make a screenshot that is not blank. Install what it
needs with ``bash scripts/install-browser.sh``; the tests skip, saying why, only where Chromium or
Playwright cannot be had.
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from . import built_report

CHROMIUM = os.environ.get("CSTO_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def _why_not() -> str | None:
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        return f"no Chromium at {CHROMIUM} (run: bash scripts/install-browser.sh)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -e '.[dev]')"
    return None


pytestmark = [
    pytest.mark.slow,  # a real browser
    pytest.mark.skipif(_why_not() is not None, reason=str(_why_not())),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="module")
def loaded(browser: Any) -> Iterator[tuple[Any, list[tuple[str, str]], list[str]]]:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    messages: list[tuple[str, str]] = []
    outside: list[str] = []
    page.on("console", lambda m: messages.append((m.type, m.text)))
    page.on("pageerror", lambda e: messages.append(("pageerror", str(e))))
    page.on(
        "request",
        lambda r: (
            outside.append(r.url) if not r.url.startswith(("file:", "data:", "blob:")) else None
        ),
    )
    page.goto(built_report("a").resolve().as_uri())
    page.wait_for_function(
        "document.querySelectorAll('.chart').length > 0 && "
        "document.querySelectorAll('.chart[data-rendered=true]').length === "
        "document.querySelectorAll('.chart').length",
        timeout=30_000,
    )
    yield page, messages, outside
    page.close()


def test_page_loads_without_console_errors(loaded: Any) -> None:
    _, messages, _ = loaded
    errors = [m for m in messages if m[0] in ("error", "pageerror")]
    assert errors == []
    warnings = [m for m in messages if m[0] == "warning"]
    assert warnings == [], "Vega warnings point at a faulty spec"


def test_page_fetches_nothing(loaded: Any) -> None:
    _, _, outside = loaded
    assert outside == []


def test_every_figure_is_drawn_as_svg(loaded: Any) -> None:
    page, _, _ = loaded
    charts = page.eval_on_selector_all(
        ".chart", "els => els.map(e => e.querySelectorAll('svg path, svg rect').length)"
    )
    assert charts and all(n > 10 for n in charts), charts


def test_timeline_tooltip_lists_the_sources(loaded: Any) -> None:
    page, _, _ = loaded
    chart = page.locator("#fig-timeline svg")
    chart.scroll_into_view_if_needed()
    # hover the middle of Russia's row, a long member bar
    bars = page.locator(
        "#fig-timeline path[aria-roledescription='bar'], #fig-timeline .role-mark path"
    )
    target = None
    for i in range(bars.count()):
        label = bars.nth(i).get_attribute("aria-label") or ""
        if "Russia" in label and "member" in label:
            target = bars.nth(i)
            break
    assert target is not None, "the bars carry accessible labels"
    target.hover(force=True)
    tip = page.locator("#vg-tooltip-element")
    tip.wait_for(state="visible", timeout=5_000)
    text = tip.inner_text()
    assert "Sources" in text and "seed-" in text


def test_screenshot_is_not_blank(loaded: Any, tmp_path: Path) -> None:
    from PIL import Image, ImageStat

    page, _, _ = loaded
    page.evaluate("window.scrollTo(0, 0)")
    shot = tmp_path / "report.png"
    png = page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 10_000
    image = Image.open(io.BytesIO(png)).convert("L")
    stddev = ImageStat.Stat(image).stddev[0]
    colours = len(Image.open(io.BytesIO(png)).convert("RGB").getcolors(maxcolors=1 << 20) or [])
    assert stddev > 20, f"screenshot looks blank (grey-level standard deviation {stddev:.1f})"
    assert colours > 50


def test_keyboard_reaches_the_figures(loaded: Any) -> None:
    page, _, _ = loaded
    page.evaluate("window.scrollTo(0, 0)")
    page.locator("body").focus()
    seen = set()
    for _ in range(40):
        page.keyboard.press("Tab")
        seen.add(page.evaluate("document.activeElement && document.activeElement.id"))
    assert "fig-timeline" in seen


def test_readable_on_a_phone(browser: Any) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    page.goto(built_report("a").resolve().as_uri())
    page.wait_for_selector("#fig-timeline[data-rendered=true]", timeout=30_000)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, (
        "the page itself does not scroll sideways (wide tables scroll in their own box)"
    )
    chart_width = page.evaluate(
        "document.querySelector('#fig-timeline svg').getBoundingClientRect().width"
    )
    assert chart_width <= 390
    page.close()
