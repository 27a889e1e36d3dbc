"""The report page: valid, accessible HTML; self-contained; complete; reproducible; written whole or not at all."""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import html5lib
import pytest
import typer
from markupsafe import escape
from typer.testing import CliRunner

from csto import __version__
from csto.errors import CstoError
from csto.record.load import load_record
from csto.record.query import cases, timeline
from csto.report import layers
from csto.report.build import build_report as build

from . import CREATED, DRAWS, SEED, built_report, scenario_files, shipped_session, use_test_cache


def build_report(out: Path, **kw: Any) -> Path:
    """``build_report`` on the shipped session."""
    return build(shipped_session(), out, **kw)


XHTML = "{http://www.w3.org/1999/xhtml}"
EXTERNAL = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)


@pytest.fixture(scope="module")
def page() -> Path:
    return built_report("a")


@pytest.fixture(scope="module")
def text(page: Path) -> str:
    return page.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def tree(text: str) -> Any:
    # strict: any parse error (unclosed or misnested tags, stray end tags, bad doctype) raises
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=True).parse(text)


def _all(tree: Any, tag: str) -> list[Any]:
    return list(tree.iter(f"{XHTML}{tag}"))


def _text(el: Any) -> str:
    return "".join(el.itertext()).strip()


# --- valid, accessible HTML ----------------------------------------------------------------------


def test_page_parses_as_strict_html5(tree: Any, text: str) -> None:
    assert text.startswith("<!DOCTYPE html>")
    root = tree.getroot() if hasattr(tree, "getroot") else tree
    html = root if root.tag == f"{XHTML}html" else _all(tree, "html")[0]
    assert html.get("lang") == "en"
    assert _all(tree, "title") and _text(_all(tree, "title")[0])
    metas = {m.get("name"): m.get("content") for m in _all(tree, "meta")}
    assert "width=device-width" in metas["viewport"]


def test_tags_balance_in_stdlib_parser(text: str) -> None:
    """An independent check with the standard library's parser: every opened element is closed."""
    void = {"meta", "link", "br", "img", "input", "hr", "source", "col", "area", "base", "wbr"}

    class Balance(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.stack: list[str] = []
            self.errors: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag not in void:
                self.stack.append(tag)

        def handle_endtag(self, tag: str) -> None:
            if not self.stack or self.stack[-1] != tag:
                self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else '-'}>")
                return
            self.stack.pop()

    p = Balance()
    p.feed(text)
    p.close()
    assert p.errors == []
    assert p.stack == []


def test_structure_and_accessibility(tree: Any) -> None:
    h1 = _all(tree, "h1")
    assert len(h1) == 1
    ids = {el.get("id") for el in tree.iter() if el.get("id")}
    for section in ("timeline", "map", "cases", "figures", "validation", "scenarios", "main"):
        assert section in ids, section
    assert _all(tree, "main") and _all(tree, "footer") and _all(tree, "nav")
    for table in _all(tree, "table"):
        captions = list(table.iter(f"{XHTML}caption"))
        assert captions and _text(captions[0]), "every table has a caption"
        assert list(table.iter(f"{XHTML}th")), "every table has header cells"
    for img in _all(tree, "img"):
        assert img.get("alt"), "every image has alt text"
    charts = [el for el in tree.iter() if "chart" in (el.get("class") or "").split()]
    assert len(charts) >= 3
    for chart in charts:
        assert chart.get("role") == "img"
        assert len(chart.get("aria-label") or "") > 40, "each figure describes itself"
        assert chart.get("tabindex") == "0", "each figure can take keyboard focus"
    for region in (el for el in tree.iter() if el.get("role") == "region"):
        assert region.get("tabindex") == "0" and region.get("aria-labelledby")
    # headings do not skip a level
    levels = [
        int(el.tag[-1])
        for el in tree.iter()
        if re.fullmatch(rf"{re.escape(XHTML)}h[1-6]", str(el.tag))
    ]
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels


# --- self-contained ------------------------------------------------------------------------------


def test_references_no_outside_resource(tree: Any, text: str) -> None:
    for el in tree.iter():
        for attr in ("src", "href", "srcset", "poster", "data", "action", "formaction"):
            value = el.get(attr)
            if value is not None:
                assert not EXTERNAL.match(value), f"<{el.tag}> {attr}={value}"
    for el in _all(tree, "script"):
        assert el.get("src") is None, "scripts are inlined"
    for el in _all(tree, "link"):
        assert (el.get("href") or "").startswith("data:"), "links are data: URLs"
    styles = " ".join(_text(s) for s in _all(tree, "style"))
    styles += " ".join(el.get("style") or "" for el in tree.iter())
    assert not re.search(r"url\(\s*['\"]?\s*(https?:)?//", styles, re.IGNORECASE)
    assert not re.search(r"@import", styles)
    # the page's own markup (outside the inlined scripts) names no web address at all
    markup = re.sub(r"<script\b.*?</script>", "", text, flags=re.DOTALL | re.IGNORECASE)
    assert not re.search(r"https?://", markup)


def test_charts_are_drawn_by_the_inlined_vega(text: str) -> None:
    assert "window.vegaEmbed=" in text
    assert text.count('"mark"') + text.count('"layer"') >= 3
    assert '"url"' not in re.sub(r"<script>\s*const n=.*?</script>", "", text, flags=re.DOTALL)


# --- complete ------------------------------------------------------------------------------------


def test_holds_every_case_id(text: str) -> None:
    ids = [c.id for c in cases(load_record(), alliance="csto")]
    assert ids
    for cid in ids:
        assert f'id="case-{cid}"' in text, cid


def test_holds_every_member_state(text: str) -> None:
    record = load_record()
    ever = {h.state for h in timeline(record)}
    assert len(ever) == 9
    for iso3 in ever:
        assert record.states[iso3].name in text, iso3


def test_holds_every_figure_of_the_seeds(text: str) -> None:
    from csto.analysis.figures import figures

    for f in figures(load_record()):
        assert f'id="figure-{f.id}"' in text


def test_footer_traces_the_run(text: str) -> None:
    footer = text[text.index("<footer>") :]
    assert __version__ in footer
    assert shipped_session().data_hash in footer
    assert f"<dd>{SEED}</dd>" in footer and f"<dd>{DRAWS}</dd>" in footer
    assert f"<dd>{CREATED}</dd>" in footer


def test_scenarios_have_sections(page: Path, text: str) -> None:
    """Each scenario's section shows the real forecast of ``simulate`` (same seed and draws)."""
    for path in scenario_files():
        assert path.name in text
        result = layers.scenario(shipped_session(), path, seed=SEED, draws=DRAWS)
        assert result.title in text
        assert (page.parent / f"tornado-{result.id}.svg").is_file()
        # the forecast carries its model's validation verdict
        assert str(escape(result.forecast["verdict"]["sentence"])) in text
        for p in result.forecast["probabilities"].values():
            assert f"{p:.3f}" in text
        low, high = result.forecast["intervals"]["0"]
        assert f"{low:.3f} – {high:.3f}" in text
    assert text.count("Outcome probabilities") == len(scenario_files())
    assert "Pivotal actor:</strong>" in text


def test_the_scenarios_section_never_repeats_a_generated_paragraph(tree: Any) -> None:
    """Readings that agree share one row; each scenario's date is shown as the file gives it."""
    section = next(s for s in _all(tree, "section") if s.get("aria-labelledby") == "scenarios")
    texts = [
        _text(el)
        for tag in ("p", "td", "figcaption", "li")
        for el in section.iter(f"{XHTML}{tag}")
        if len(_text(el)) > 60
    ]
    repeated = {t for t in texts if texts.count(t) > 1}
    assert not repeated, f"repeated in the scenarios section: {sorted(repeated)[:2]}"
    for path in scenario_files():
        crisis = shipped_session().crisis(path)
        assert f"Dated {crisis.date.edtf}." in _text(section)


def test_cases_section_carries_the_verdicts(text: str) -> None:
    """The cases table's leave-one-out probabilities are forecasts too: their models' verdicts follow."""
    section = text[text.index('id="cases"') : text.index("</section>", text.index('id="cases"'))]
    v = layers.validation(shipped_session(), seed=SEED, draws=DRAWS)
    assert str(escape(v.goal["sentence"])) in section
    for model in {p.model for p in v.predictions}:
        assert str(escape(v.verdicts[model]["sentence"])) in section


def test_validation_section(page: Path, text: str) -> None:
    section = text[
        text.index('id="validation"') : text.index("</section>", text.index('id="validation"'))
    ]
    for word in (
        "RPS",
        "Brier",
        "Log loss",
        "Binary Brier",
        "baseline",
        "As of the day before each case began",
        "Leave-one-out",
    ):
        assert word in section
    assert "Every coding variant" in section
    v = layers.validation(shipped_session(), seed=SEED, draws=DRAWS)
    assert str(escape(v.goal["sentence"])) in section
    for verdict in v.verdicts.values():
        assert str(escape(verdict["sentence"])) in section
    assert (page.parent / "calibration.png").is_file()
    # the cases table shows each model's leave-one-out probability of what happened
    assert "Leave-one-out P(outcome that happened)" in text


def test_reliability_bins_are_sized_to_the_data() -> None:
    from csto.analysis.loo import LooPrediction
    from csto.report.context import reliability_bins

    def rows(n: int) -> list[LooPrediction]:
        return [
            LooPrediction(model="m", case=str(i), observed=0, probabilities=[1, 0, 0, 0])
            for i in range(n)
        ]

    assert reliability_bins(rows(9)) == 3 and reliability_bins(rows(81)) == 9
    assert reliability_bins(rows(1000)) == 10


# --- figure files --------------------------------------------------------------------------------


def test_each_figure_is_written_as_png_and_svg(page: Path, text: str) -> None:
    names = re.findall(r'id="fig-([a-z0-9-]+)"', text)
    assert {"timeline", "map"} <= set(names)
    for name in names:
        png, svg = page.parent / f"{name}.png", page.parent / f"{name}.svg"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert png.stat().st_size > 5000
        assert svg.read_text(encoding="utf-8").lstrip().startswith("<svg")
        assert f'href="{name}.png"' in text


def test_no_temporary_files_left(page: Path) -> None:
    leftovers = [p.name for p in page.parent.iterdir() if p.name.startswith(".")]
    assert leftovers == []


# --- reproducible --------------------------------------------------------------------------------


@pytest.mark.parametrize("tag", ["b", "c"], ids=["recomputed", "from-cache"])
def test_same_seed_data_and_date_give_identical_bytes(page: Path, tag: str) -> None:
    again = built_report(tag)
    first = sorted(p.name for p in page.parent.iterdir())
    assert first == sorted(p.name for p in again.parent.iterdir())
    for name in first:
        assert (page.parent / name).read_bytes() == (again.parent / name).read_bytes(), name


# --- errors and atomic writes --------------------------------------------------------------------


def test_unwritable_directory_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    with pytest.raises(CstoError, match="cannot write"):
        build_report(blocker / "out", draws=10, created=CREATED)


def test_a_failed_write_leaves_nothing_half_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = os.replace

    def failing(src: Any, dst: Any) -> None:
        if str(dst).endswith("report.html"):
            raise OSError(28, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(os, "replace", failing)
    use_test_cache(monkeypatch)
    with pytest.raises(CstoError, match="No space left"):
        build_report(tmp_path, draws=DRAWS, seed=SEED, created=CREATED)
    names = [p.name for p in tmp_path.iterdir()]
    assert "report.html" not in names
    assert not [n for n in names if n.startswith(".")], names


def test_missing_scenario_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CstoError, match="no such scenario file"):
        build_report(tmp_path, scenarios=[tmp_path / "nope.yaml"], created=CREATED)


def test_a_failing_layer_fails_the_report_loudly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An error in a layer is not turned into "not available": the report fails with it."""
    from csto.session import Csto

    def broken(self: Csto, *a: Any, **k: Any) -> Any:
        raise RuntimeError("the validation broke")

    monkeypatch.setattr(Csto, "validate", broken)
    with pytest.raises(RuntimeError, match="the validation broke"):
        build_report(tmp_path, draws=10, created=CREATED, cache=False)
    assert not (tmp_path / "report.html").exists()


def test_validation_rows_come_from_the_real_scores(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cases table's leave-one-out probabilities are the validation's predictions, read as they are."""
    use_test_cache(monkeypatch)
    session = shipped_session()
    v = layers.validation(session, seed=SEED, draws=DRAWS)
    result = session.validate(seed=SEED, draws=DRAWS)
    loo = [p for p in result["predictions"] if p["protocol"] == "loo"]
    fields = ("model", "case", "observed", "probabilities")
    assert loo and [p.to_dict() for p in v.predictions] == [{k: p[k] for k in fields} for p in loo]
    for p in loo:
        assert v.probability_of_outcome(p["case"])[p["model"]] == pytest.approx(
            p["probabilities"][p["observed"]]
        )


# --- command line --------------------------------------------------------------------------------


def _app() -> typer.Typer:
    from csto.cli import report_cmds

    app = typer.Typer()
    report_cmds.register(app)
    return app


def test_cli_report_prints_the_page_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_test_cache(monkeypatch)
    out = tmp_path / "r"
    args = ["--draws", str(DRAWS), "--seed", str(SEED), "--created", CREATED]
    result = CliRunner().invoke(_app(), ["report", "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().endswith(str((out / "report.html").resolve()))
    assert (out / "report.html").is_file() and (out / "timeline.svg").is_file()


RUN_MAIN = (
    "import sys; from csto.cli import app as a, report_cmds\n"
    "if 'report' not in [c.name for c in a.app.registered_commands]: report_cmds.register(a.app)\n"
    "a.main()"
)


def test_cli_unwritable_directory_exits_nonzero_with_a_message(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    proc = subprocess.run(
        [sys.executable, "-c", RUN_MAIN, "report", "--out", str(blocker / "out"), "--draws", "5"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode != 0
    assert "cannot write" in proc.stderr and "Traceback" not in proc.stderr
    assert proc.stdout == ""


def test_cli_plot_writes_one_figure(tmp_path: Path) -> None:
    out = tmp_path / "map.svg"
    result = CliRunner().invoke(_app(), ["plot", "map", "--on", "2000-01-01", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Uzbekistan" in out.read_text(encoding="utf-8") or out.stat().st_size > 1000


def test_cli_plot_rejects_an_unknown_format(tmp_path: Path) -> None:
    result = CliRunner().invoke(_app(), ["plot", "timeline", "--out", str(tmp_path / "x.gif")])
    assert result.exit_code != 0
    assert isinstance(result.exception, CstoError)


def test_cli_tornado_needs_a_scenario(tmp_path: Path) -> None:
    result = CliRunner().invoke(_app(), ["plot", "tornado", "--out", str(tmp_path / "t.png")])
    assert isinstance(result.exception, CstoError)
    assert "--scenario" in str(result.exception)
