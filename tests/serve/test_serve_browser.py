"""The web page in Debian's Chromium (Playwright, headless), against ``csto serve`` started on a free
loopback port: the date control changes who is a member; a case opens with its quotes; an editor proposes a
claim, a reviewer accepts it, and it shows in the members and the history; the scenario runs (if the model
exists). Skips only when Chromium or Playwright is missing."""

from __future__ import annotations

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
