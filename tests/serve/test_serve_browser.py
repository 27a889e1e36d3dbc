"""The web page in Debian's Chromium (Playwright, headless), against ``csto serve`` started on a free
loopback port: the date control changes who is a member; a case opens with its quotes; an editor proposes a
claim, a reviewer accepts it, and it shows in the members and the history; the scenario runs (if the model
exists). Skips only when Chromium or Playwright is missing."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
pytestmark = [
    pytest.mark.slow,  # a real browser and a server in its own process
    pytest.mark.skipif(
        not Path(CHROMIUM).exists()
        or (shutil.which("chromium") is None and not Path(CHROMIUM).exists()),
        reason="Debian's chromium is not installed (apt-get install chromium)",
    ),
]
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

MAIN = "from csto.cli.app import main; main()"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _csto(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CSTO_DATABASE_URL"}
    return subprocess.run(
        [sys.executable, "-c", MAIN, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    data = tmp_path_factory.mktemp("store")
    tokens = {
        role: _csto("users", "add", name, "--role", role, "--data-dir", str(data)).stdout.strip()
        for name, role in (("edna", "editor"), ("rene", "reviewer"))
    }
    port = _free_port()
    log = open(data / "server.log", "w")  # noqa: SIM115
    env = {k: v for k, v in os.environ.items() if k != "CSTO_DATABASE_URL"}
    proc = subprocess.Popen(
        [sys.executable, "-c", MAIN, "serve", "--port", str(port), "--data-dir", str(data)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/api/cases", timeout=2)
            break
        except OSError:
            time.sleep(0.2)
    else:  # pragma: no cover
        proc.kill()
        pytest.fail("the server did not start: " + (data / "server.log").read_text())
    yield {"base": base, "tokens": tokens, "log": data / "server.log"}
    proc.terminate()
    proc.wait(20)
    log.close()
    text = (data / "server.log").read_text()
    for token in tokens.values():
        assert token not in text, "a token reached the server log"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 390, "height": 844})  # a phone-sized window
    pg = context.new_page()
    yield pg
    context.close()


def members(page: Any) -> set[str]:
    return set(
        page.locator("#members tbody tr[data-state]").evaluate_all(
            "rows => rows.map(r => r.dataset.state)"
        )
    )


def test_the_date_control_changes_membership(server: dict[str, Any], page: Any) -> None:
    page.goto(server["base"] + "/")
    page.fill("#on", "2008-06-01")
    page.click("text=Show members")
    page.wait_for_url(re.compile(r"on=2008-06-01"))
    assert "UZB" in members(page)
    page.fill("#on", "2014-06-01")
    page.keyboard.press("Enter")  # by keyboard
    page.wait_for_url(re.compile(r"on=2014-06-01"))
    assert "UZB" not in members(page) and "RUS" in members(page)
    assert page.locator(".tl-row").count() >= 9  # the timeline


def test_open_a_case(server: dict[str, Any], page: Any) -> None:
    page.goto(server["base"] + "/cases")
    link = page.locator("#cases a", has_text="Kursk")
    assert page.locator("#cases .verdict").count() > 0
    link.first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/cases/kursk"))
    assert page.locator("#quotes blockquote").count() > 0
    assert page.locator("h1").inner_text()


def test_propose_accept_and_see_it(server: dict[str, Any], page: Any) -> None:
    base, tokens = server["base"], server["tokens"]
    page.goto(base + "/team")
    page.fill("#token", tokens["editor"])
    page.click("#signin-form button")
    page.wait_for_selector("#propose:not([hidden])")
    page.fill("#c-subject", "UZB")
    page.fill("#c-property", "membership.status")
    page.fill("#c-value", "member")
    page.fill("#c-time", "2016-01-01/2017-01-01")
    page.fill("#c-quote", "Uzbekistan attended every CSTO session in 2016 as a full member.")
    page.fill("#s-title", "Minutes of the Collective Security Council, 2016")
    page.fill("#s-url", "https://example.org/minutes-2016")
    page.click("#propose-form button[type=submit]")
    page.locator("#propose-result", has_text="Proposed").wait_for()
    assert page.locator("#queue").is_hidden()  # editors do not review

    page.click("#signout")
    page.fill("#token", tokens["reviewer"])
    page.click("#signin-form button")
    item = page.locator("#queue-list li", has_text="membership.status")
    item.wait_for()
    item.locator("input").fill("Checked against the minutes")
    item.locator("button", has_text="Accept").click()
    page.locator("#review-result", has_text="accepted").wait_for()

    page.goto(base + "/?on=2016-06-01")
    row = page.locator("#members tr[data-state=UZB]")
    assert "member" in row.inner_text() and "added by edna" in row.inner_text()
    page.goto(base + "/?on=2014-06-01")
    assert "UZB" not in members(page)  # the overlay holds in 2016 only; shipped intervals unchanged
    history = page.request.get(base + "/api/history/UZB").json()
    assert any(h["note"] and "by edna" in h["note"] for h in history)


def test_run_a_scenario(server: dict[str, Any], page: Any) -> None:
    page.goto(server["base"] + "/scenario")
    page.fill("#draws", "500")
    page.click("#scenario-form button[type=submit]")
    page.wait_for_selector("#scenario-result:not([hidden])", timeout=30_000)
    assert page.locator("#chart .bar").count() >= 2
    assert "%" in page.locator("#probabilities").inner_text()
    # the forecast carries its model's validation verdict, with the skill interval
    verdict = page.locator("#verdict").inner_text()
    assert "How good is this forecast?" in verdict and "RPS skill" in verdict and "[" in verdict


# -- one look: the timeline's year axis, tables that read at any width, the shared palette ----------------

WIDTHS = {"phone": (390, 844), "desktop": (1400, 900)}


def _shot(pg: Any, name: str, tmp_path: Path) -> None:
    """A full-page screenshot: into ``tmp_path``, and into ``$CSTO_SCREENSHOT_DIR`` when set (the docs'
    pictures, ``docs/img/``, are made so: ``CSTO_SCREENSHOT_DIR=docs/img pytest -k look``)."""
    png = pg.screenshot(full_page=True)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    (tmp_path / f"{name}.png").write_bytes(png)
    if os.environ.get("CSTO_SCREENSHOT_DIR"):
        out = Path(os.environ["CSTO_SCREENSHOT_DIR"])
        out.mkdir(parents=True, exist_ok=True)
        (out / f"{name}.png").write_bytes(png)


@pytest.fixture(params=sorted(WIDTHS), ids=lambda k: f"{k}-{WIDTHS[k][0]}px")
def sized(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    width, height = WIDTHS[request.param]
    context = browser.new_context(viewport={"width": width, "height": height})
    pg = context.new_page()
    yield pg
    context.close()


def _no_sideways_scroll(pg: Any) -> None:
    overflow = pg.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"


def test_look_timeline_axis_and_member_table(
    server: dict[str, Any], sized: Any, tmp_path: Path
) -> None:
    pg = sized
    width = pg.viewport_size["width"]
    pg.goto(server["base"] + "/?on=2012-09-01")
    # the year axis: labelled ticks left to right under the tracks, none overlapping
    ticks = pg.locator(".tl-axis .tl-tick:visible")
    years = [int(t) for t in ticks.all_inner_texts()]
    assert {1992, 2000, 2010, 2020} <= set(years) and years == sorted(years)
    if width < 600:
        assert 1995 not in years, "minor ticks give way on a phone"
    else:
        assert {1995, 2005, 2015} <= set(years)
    boxes = [ticks.nth(i).bounding_box() for i in range(ticks.count())]
    for a, b in itertools.pairwise(boxes):
        assert a["x"] + a["width"] <= b["x"], "year labels overlap"
    track = pg.locator(".tl-row .tl-track").first.bounding_box()
    assert all(track["x"] - 1 <= b["x"] and b["x"] + b["width"] <= width for b in boxes)
    # the year 2000's tick sits where a bar starting in 2000 would: 8/34 of the way along
    tick2000 = pg.locator(".tl-axis .tl-tick", has_text="2000").bounding_box()
    centre = tick2000["x"] + tick2000["width"] / 2
    expected = (
        track["x"]
        + track["width"]
        * (dt.date(2000, 1, 1) - dt.date(1992, 1, 1)).days
        / (dt.date.today() - dt.date(1992, 1, 1)).days
    )
    assert abs(centre - expected) < 3
    # the same status has the palette's colour here as in the report (member: Okabe-Ito blue)
    badge = pg.locator("#members tr[data-state=RUS] .status").first
    assert badge.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(0, 114, 178)"
    seg = pg.locator(".tl-seg.st-suspended").first
    assert seg.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(213, 94, 0)"
    assert "gradient" in seg.evaluate("e => getComputedStyle(e).backgroundImage"), "a pattern too"
    assert "suspended" in pg.locator(".tl-seg.st-suspended .tl-label:visible").all_inner_texts()
    # every column of the members table is on screen, Why and Sources included
    row = pg.locator("#members tr[data-state=UZB]")
    for cell in ("th", "td.reason", "td.sources"):
        box = row.locator(cell).bounding_box()
        assert box is not None and box["width"] > 40, cell
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, f"{cell} is off screen"
    assert (
        "exit pending" in row.inner_text()
        and "ext-tass-2012-note" in row.locator("td.sources").inner_text()
    )
    display = row.evaluate("e => getComputedStyle(e).display")
    if width < 600:  # a card: each cell headed by its column's name
        assert display == "block"
        label = row.locator("td.reason").evaluate("e => getComputedStyle(e, '::before').content")
        assert label == '"Why"'
    else:
        assert display == "table-row"
    _no_sideways_scroll(pg)
    _shot(pg, f"page-{width}", tmp_path)


def test_look_cases_table_reads_at_every_width(server: dict[str, Any], sized: Any) -> None:
    pg = sized
    width = pg.viewport_size["width"]
    pg.goto(server["base"] + "/cases")
    row = pg.locator("#cases tbody tr", has_text="Kursk").first
    for cell in row.locator("td").all():
        box = cell.bounding_box()
        assert box is not None and box["x"] + box["width"] <= width + 1
    verdict = row.locator(".verdict").first
    assert verdict.is_visible()
    if width < 600:
        headers = row.locator("td").evaluate_all(
            "cells => cells.map(c => getComputedStyle(c, '::before').content)"
        )
        assert headers[:2] == ['"When"', '"What happened"'] and '"Strict text"' in headers
    _no_sideways_scroll(pg)
