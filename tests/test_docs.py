"""The documentation cannot rot: the tutorial runs, the site builds strictly, and it fetches nothing.

* every ``console`` block of ``docs/tutorial/*.md`` is run through the ``csto`` command (each line
  ``$ csto …`` must succeed) and every ``pycon`` block is run as one doctest per page (each example must
  print what the page shows);
* ``mkdocs build --strict`` builds the site (Material theme, mkdocstrings) with no warning;
* the built pages, opened from disk in Chromium with every request outside ``file:`` refused, ask for
  nothing (no web font, no CDN script);
* the palette's reference page names every status's colour and pattern.
"""

from __future__ import annotations

import doctest
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
TUTORIALS = sorted((DOCS / "tutorial").glob("*.md"))
FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)


def blocks(page: Path, language: str) -> list[str]:
    """The fenced code blocks of ``page`` in ``language``, in order."""
    return [
        body for lang, body in FENCE.findall(page.read_text(encoding="utf-8")) if lang == language
    ]


@pytest.fixture
def quiet_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No team store and a private cache: the tutorial answers from the shipped record."""
    monkeypatch.delenv("CSTO_DATABASE_URL", raising=False)
    monkeypatch.setenv("CSTO_DATA_DIR", str(tmp_path / "no-store"))
    monkeypatch.chdir(tmp_path)
    yield


def test_there_is_a_tutorial_with_commands_and_examples() -> None:
    assert TUTORIALS
    for page in TUTORIALS:
        assert blocks(page, "console") and blocks(page, "pycon"), page.name


@pytest.mark.parametrize("page", TUTORIALS, ids=lambda p: p.stem)
def test_every_tutorial_command_runs(page: Path, quiet_env: None) -> None:
    from typer.testing import CliRunner

    from csto.cli.app import app

    runner = CliRunner()
    commands = [
        line[2:]
        for block in blocks(page, "console")
        for line in block.splitlines()
        if line.startswith("$ ")
    ]
    assert commands
    for command in commands:
        args = shlex.split(command)
        assert args[0] == "csto", command
        result = runner.invoke(app, args[1:])
        assert result.exit_code == 0, (
            f"{command!r} failed: {result.output[-500:]} {result.exception!r}"
        )
        assert result.stdout.strip(), f"{command!r} printed nothing"


@pytest.mark.parametrize("page", TUTORIALS, ids=lambda p: p.stem)
def test_every_tutorial_example_prints_what_the_page_says(page: Path, quiet_env: None) -> None:
    text = "\n".join(blocks(page, "pycon"))
    test = doctest.DocTestParser().get_doctest(text, {}, page.stem, str(page), 0)
    assert len(test.examples) >= 10
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    out: list[str] = []
    result = runner.run(test, out=out.append)
    assert result.failed == 0, "".join(out)


# -- the site ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built by ``mkdocs build --strict`` (a warning fails the build)."""
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return out


@pytest.mark.slow  # builds the whole site with the API reference
def test_the_site_builds_strictly_with_every_section(site: Path) -> None:
    for page in (
        "index.html",
        "tutorial/first-queries.html",
        "how-to/use-in-a-notebook.html",
        "reference/api.html",
        "reference/look.html",
        "explanation/record-design.html",
    ):
        assert (site / page).is_file(), page
    api = (site / "reference/api.html").read_text(encoding="utf-8")
    for name in (
        "csto.session.Csto",
        "simulate",
        "Forecast",
        "ValidationResult",
        "to_frame",
        "Raises",
    ):
        assert name in api, name
    assert (site / "img/page-390.png").is_file() and (site / "img/page-1400.png").is_file()


CHROMIUM = os.environ.get("CSTO_CHROMIUM", "/usr/bin/chromium")


@pytest.mark.slow  # a real browser
@pytest.mark.skipif(
    not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)), reason=f"no Chromium at {CHROMIUM}"
)
def test_the_site_fetches_nothing_when_viewed(site: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    outside: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"], headless=True
        )
        page = browser.new_page()

        def route(r: object) -> None:
            url = r.request.url  # type: ignore[attr-defined]
            if url.startswith(("file:", "data:", "blob:")):
                r.continue_()  # type: ignore[attr-defined]
            else:
                outside.append(url)
                r.abort()  # type: ignore[attr-defined]

        page.route("**/*", route)
        for name in (
            "index.html",
            "tutorial/first-queries.html",
            "reference/api.html",
            "reference/look.html",
        ):
            page.goto((site / name).as_uri())
            page.wait_for_load_state("load")
            assert page.locator("h1").first.inner_text()
        browser.close()
    assert not outside, f"the site asked for {outside[:3]}"


def test_the_look_page_names_every_status_colour() -> None:
    from csto.palette import STATUSES

    text = (DOCS / "reference" / "look.md").read_text(encoding="utf-8")
    for name, look in STATUSES.items():
        assert f"| `{name}` | `{look.colour}` | {look.pattern} | {look.short} |" in text, name
    assert "../img/page-390.png" in text and "../img/page-1400.png" in text
