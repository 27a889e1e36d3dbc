"""``build_report``: one self-contained HTML page, with each chart beside it as PNG and SVG.

Everything is computed once, on one session (:class:`csto.session.Csto`): the leave-one-out validation (the costly part)
runs once (or comes from the cache) and feeds the cases table, the scores and the calibration chart. Files are written into a
temporary directory inside ``out_dir`` and renamed into place, the page last, so an interrupted run leaves
no half-written file. The same data, seed, draws and ``created`` date give byte-identical files.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csto.errors import CstoError
from csto.files import ensure_dir

if TYPE_CHECKING:
    from csto.session import Csto

Progress = Callable[[str, int, int], None]
"""Called before each step with its description, its index (from 0) and the number of steps."""


@dataclass
class Chart:
    """One chart of the report: its file stem, heading, caption and Vega-Lite spec."""

    name: str
    heading: str
    caption: str
    chart: Any

    def __post_init__(self) -> None:
        from csto.analysis.charts.render import spec

        self.chart = spec(self.chart)  # converted (and validated) once

    @property
    def description(self) -> str:
        return str(self.chart.get("description", self.caption))


def _date(value: str | dt.date | None, default: dt.date) -> dt.date:
    from csto.record.dates import parse_day

    if value is None or value == "today":
        return default
    return value if isinstance(value, dt.date) else parse_day(value)


def _template() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("csto.report", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    return env.get_template("report.html.j2")


def _asset(name: str) -> str:
    from importlib.resources import files

    return files("csto.report").joinpath("assets", name).read_text(encoding="utf-8")


def build_report(
    session: Csto,
    out_dir: str | Path = "report",
    on: str | dt.date | None = None,
    scenarios: Sequence[str | Path] = (),
    draws: int = 2000,
    seed: int = 0,
    created: str | dt.date | None = None,
    *,
    progress: Progress | None = None,
    cache: bool = True,
) -> Path:
    """Write ``out_dir/report.html`` and each chart as PNG and SVG, from ``session``'s data (the
    shipped record with the team's accepted claims); return the page's path.

    ``on`` is the map's date (default: ``created``, or today); ``created`` fixes the date in the footer
    and the timeline's right edge, so the output is byte-identical for the same seed and data.
    ``cache`` keeps the leave-one-out validation on disk (:mod:`csto.cache`) for the next run.
    """
    from csto.analysis.charts.calibration import calibration_chart
    from csto.analysis.charts.gap import gap_chart
    from csto.analysis.charts.map import map_chart
    from csto.analysis.charts.render import embed_script, javascript_bundle, svg_to_png, to_svg
    from csto.analysis.charts.timeline import timeline_chart
    from csto.analysis.charts.tornado import tornado_chart
    from csto.palette import css as palette_css
    from csto.record.case import OUTCOME_LABELS
    from csto.report import context, layers
    from csto.version import __version__

    if draws < 1:
        raise CstoError("--draws must be at least 1")
    out = ensure_dir(Path(out_dir))
    made = _date(created, dt.date.today())
    day = _date(on, made)
    paths = [Path(s) for s in scenarios]
    for p in paths:
        if not p.is_file():
            raise CstoError(f"no such scenario file: {p}")
    steps = [
        "loading the record",
        "the treaty's gap",
        "validation",
        *(f"scenario {p.name}" for p in paths),
        "drawing the charts",
        "writing the page",
    ]
    step = iter(range(len(steps)))

    def tick() -> None:
        i = next(step)
        if progress is not None:
            progress(steps[i], i, len(steps))

    tick()
    record = session.record
    tick()
    gap = session.gap()
    tick()

    def fold(done: int, total: int) -> None:
        if progress is not None:
            i = steps.index("validation")
            progress(f"validation (prediction {done} of {total})", i, len(steps))

    validation = layers.validation(session, seed=seed, draws=draws, cache=cache, progress=fold)
    results: list[layers.ScenarioResult] = []
    for p in paths:
        tick()
        results.append(layers.scenario(session, p, seed=seed, draws=draws))

    tick()
    charts = [
        Chart(
            "timeline",
            "Membership timeline",
            "Status intervals of every state that ever belonged; hover a bar for its sources.",
            timeline_chart(record, made),
        ),
        Chart(
            "map",
            f"The region on {day.isoformat()}",
            f"Members by status on {day.isoformat()}; hover a country for the reason and sources.",
            map_chart(record, day),
        ),
    ]
    charts.append(
        Chart(
            "gap",
            "The gap",
            "The treaty's requirement beside what the alliance did, per case and reading.",
            gap_chart(gap),
        )
    )
    if validation.predictions:
        charts.append(
            Chart(
                "calibration",
                "Calibration",
                "Leave-one-out predicted probability against observed frequency, in bins sized "
                "to the number of cases.",
                calibration_chart(
                    validation.predictions, bins=context.reliability_bins(validation.predictions)
                ),
            )
        )
    scenario_views: list[dict[str, Any]] = []
    for r in results:
        view = context.scenario_view(r, record)
        if r.sensitivity:
            name = f"tornado-{r.id}"
            view["figure"] = name
            charts.append(
                Chart(
                    name,
                    f"Sensitivity: {r.title}",
                    f"How the forecast for {r.title} moves as each input sweeps its range; "
                    "widest swing on top.",
                    tornado_chart(r.sensitivity, baseline=r.expected_level, title=r.title),
                )
            )
        scenario_views.append(view)
    # a model's verdict is printed in full once; a later forecast of the same model points back to the
    # one before it, so no generated paragraph repeats
    last_of: dict[str, str] = {}
    for view in scenario_views:
        view["verdict_as"] = last_of.get(view["model"])
        last_of[view["model"]] = view["title"]

    svgs = {c.name: to_svg(c.chart) for c in charts}
    rendered = {name: (svg_to_png(svg), svg.encode("utf-8")) for name, svg in svgs.items()}

    tick()
    page = _template().render(
        title="The Collective Security Treaty Organization: membership, crises, the treaty and forecasts",
        css=_asset("report.css"),
        palette=palette_css(),
        vega=javascript_bundle(),
        embed=embed_script({f"fig-{c.name}": c.chart for c in charts}),
        charts={c.name: c for c in charts},
        on=day.isoformat(),
        cases=context.case_rows(record, gap, validation),
        outcome_labels=OUTCOME_LABELS,
        reference_count=sum(1 for c in record.cases.values() if c.alliance != "csto"),
        reference_alliances=len(
            {c.alliance for c in record.cases.values() if c.alliance != "csto"}
        ),
        readings=context.readings_of(gap),
        figures=context.figure_rows(session.figures()),
        validation=validation,
        score_tables=context.score_tables(validation),
        variant_rows=context.variant_rows(validation),
        models=sorted({p.model for p in validation.predictions}),
        scenarios=scenario_views,
        level_names=context.LEVEL_NAMES,
        version=__version__,
        data_hash=session.data_hash,
        seed=seed,
        draws=draws,
        created=made.isoformat(),
        favicon=base64.b64encode(_asset("favicon.svg").encode("utf-8")).decode("ascii"),
    )
    files: dict[str, bytes] = {}
    for name, (png, svg) in rendered.items():
        files[f"{name}.png"] = png
        files[f"{name}.svg"] = svg
    files["report.html"] = page.encode("utf-8")
    _write_all(out, files)
    return out / "report.html"


def _write_all(out: Path, files: dict[str, bytes]) -> None:
    """Write every file into a temporary directory in ``out``, then rename each into place, the page last."""
    try:
        tmp = Path(tempfile.mkdtemp(prefix=".csto-report-", dir=out))
    except OSError as exc:
        raise CstoError(f"cannot write to {out}: {exc.strerror or exc}") from None
    try:
        for name, content in files.items():
            (tmp / name).write_bytes(content)
            os.chmod(tmp / name, 0o644)
        order = sorted(files, key=lambda n: n == "report.html")
        for name in order:
            os.replace(tmp / name, out / name)
    except OSError as exc:
        raise CstoError(f"cannot write the report to {out}: {exc.strerror or exc}") from None
    finally:
        with contextlib.suppress(OSError):
            shutil.rmtree(tmp)
