"""The README's short tour, run line by line as a new user would after a plain install.

Each command of the tour's shell block runs as a subprocess (the ``csto`` script installed beside this
Python) in one fresh temporary directory, in order (a later line may read what an earlier one wrote),
with no ``CSTO_*`` variables, a fresh home directory (so no team store and no cache) and every HTTP(S)
proxy pointed at a closed local port (so a command that reached for the network would fail). The
tour's Python block runs the same way. Each line must succeed without a traceback and do what its
comment promises.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

README = Path(__file__).resolve().parents[2] / "README.md"
TIMEOUT = 600


def _tour_blocks() -> tuple[list[str], str]:
    """The shell lines and the Python code of the README's "A short tour" section."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## A short tour", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```(\w*)\n(.*?)```", section, flags=re.S)
    shell = [line for line in blocks[0][1].splitlines() if line.strip()]
    python = next(code for lang, code in blocks if lang == "python")
    return shell, python


SHELL, PYTHON = _tour_blocks()


def _csto() -> str:
    beside = Path(sys.executable).with_name("csto")
    found = str(beside) if beside.exists() else shutil.which("csto")
    assert found, "the csto script is not installed (pip install -e .)"
    return found


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A working directory and the environment of a plain install."""
    root = tmp_path_factory.mktemp("tour")
    home = root / "home"
    work = root / "work"
    home.mkdir()
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CSTO_")}
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_CONFIG_HOME=str(home / "config"),
        NO_PROXY="",
        no_proxy="",
    )
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        env[name] = "http://127.0.0.1:9"
    return work, env


@pytest.fixture(scope="module")
def tour(plain: tuple[Path, dict[str, str]]) -> list[subprocess.CompletedProcess[str]]:
    """Every shell line of the tour, run in order in the same directory."""
    work, env = plain
    runs = []
    for line in SHELL:
        argv = shlex.split(line, comments=True)
        assert argv[0] == "csto", line
        runs.append(
            subprocess.run(
                [_csto(), *argv[1:]],
                cwd=work,
                env=env,
                capture_output=True,
                text=True,
                timeout=TIMEOUT,
                check=False,
            )
        )
    return runs


def _members_json(out: str, work: Path) -> None:
    rows = {r["state"]: r for r in json.loads(out)}
    assert rows["UZB"]["status"] == "exit_pending"


def _export(out: str, work: Path) -> None:
    assert len(list((work / "out").glob("*.parquet"))) >= 5


def _export_ktab(out: str, work: Path) -> None:
    lines = (work / "kz.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("kazakhstan-2022,") and "wrote kz.csv" in out
    assert lines[1] == "Actor,Description,Power,Response Position,Response Salience"


def _check(out: str, work: Path) -> None:
    assert "record valid" in out
    assert "seed quotes not checked" in out and "--seeds DIR" in out


def _bargain_case(out: str, work: Path) -> None:
    assert "settled level" in out and "KGZ" in out
    lines = (work / "border.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("kyrgyz-tajik-2022,")
    assert lines[1] == "Actor,Description,Power,Response Position,Response Salience"


def _bargain_csv(out: str, work: Path) -> None:
    # written as UTF-8 (the case's title has a dash); plain ASCII if it had none
    assert re.search(r"read border\.csv as (utf-8|ascii);", out), out
    assert "Forecast (0–100 scale)" in out


def _report(out: str, work: Path) -> None:
    page = Path(out.strip())
    assert page == (work / "report" / "report.html").resolve()
    assert "<html" in page.read_text(encoding="utf-8")[:500].lower()


def _plot(out: str, work: Path) -> None:
    assert "<svg" in (work / "timeline.svg").read_text(encoding="utf-8")[:1000]


CHECKS: dict[str, Callable[[str, Path], None]] = {
    "csto members --on 2012-09-01 --json": _members_json,
    "csto sql ": lambda out, _: _contains(out, "UZB"),
    "csto export --format": _export,
    "csto export ktab": _export_ktab,
    "csto check": _check,
    "csto bargain kyrgyz-tajik-2022": _bargain_case,
    "csto bargain border.csv": _bargain_csv,
    "csto simulate ": lambda out, _: _contains(out, "seed 7"),
    "csto validate": lambda out, _: _contains(out, "Model specification"),
    "csto report ": _report,
    "csto plot timeline": _plot,
}


def _contains(out: str, text: str) -> None:
    assert text in out


def test_the_tour_names_no_file_outside_a_plain_install() -> None:
    commands = [shlex.split(line, comments=True) for line in SHELL]
    for argv in commands:
        assert not any(a.startswith(("../", "src/", "shared/")) or "/shared/" in a for a in argv), (
            argv
        )
    assert ["csto", "check"] in commands
    assert any(argv[:2] == ["csto", "bargain"] for argv in commands)


@pytest.mark.parametrize(
    "index", range(len(SHELL)), ids=[line.split("#")[0].strip() for line in SHELL]
)
def test_tour_line(
    index: int,
    tour: list[subprocess.CompletedProcess[str]],
    plain: tuple[Path, dict[str, str]],
) -> None:
    line, done = SHELL[index], tour[index]
    assert done.returncode == 0, f"{line}\n{done.stderr}"
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout
    assert done.stdout.strip(), f"{line} printed nothing"
    for prefix, check in CHECKS.items():
        if line.startswith(prefix):
            check(done.stdout, plain[0])


def test_tour_python_block(plain: tuple[Path, dict[str, str]]) -> None:
    work, env = plain
    done = subprocess.run(
        [sys.executable, "-c", PYTHON + "\nprint(len(csto.tables()['state_year']))\n"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.split()[-1]) > 100
