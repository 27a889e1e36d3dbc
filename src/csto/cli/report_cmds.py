"""``csto report`` (the one-page report) and ``csto plot`` (each chart alone); heavy imports are lazy."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from csto.cli.output import text
from csto.cli.session import DatabaseOpt, DataDirOpt, open_session
from csto.errors import CstoError

if TYPE_CHECKING:
    import altair as alt

    from csto.session import Csto

OnOpt = Annotated[
    str | None,
    typer.Option("--on", help="Date of the map, YYYY-MM-DD (default: today)."),
]
DrawsOpt = Annotated[int, typer.Option("--draws", min=1, help="Monte Carlo draws per prediction.")]
SeedOpt = Annotated[int, typer.Option("--seed", help="Seed of the models' random generator.")]


class ChartName(str, Enum):
    timeline = "timeline"
    map = "map"
    gap = "gap"
    calibration = "calibration"
    tornado = "tornado"


def register(app: typer.Typer) -> None:
    app.command("report")(report)
    app.command("plot")(plot)


def report(
    out: Annotated[
        Path, typer.Option("--out", help="Directory to write report.html and the charts to.")
    ] = Path("report"),
    on: OnOpt = None,
    scenario: Annotated[
        list[Path] | None,
        typer.Option(
            "--scenario", help="A scenario YAML file (repeatable): adds a scenario section."
        ),
    ] = None,
    draws: DrawsOpt = 2000,
    seed: SeedOpt = 0,
    created: Annotated[
        str | None,
        typer.Option(
            "--created", help="Date to stamp as the creation date (makes the output reproducible)."
        ),
    ] = None,
    data_dir: DataDirOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """Build the report: one self-contained HTML page, with every chart beside it as PNG and SVG."""
    from csto.cli.output import progress, visible
    from csto.report.build import build_report

    session = open_session(data_dir, database)
    with progress() as bar:
        task = bar.add_task("report: starting", total=None)

        def step(description: str, index: int, total: int) -> None:
            bar.update(
                task, description=f"report: {visible(description)}", completed=index, total=total
            )

        path = build_report(
            session,
            out,
            on=on,
            scenarios=scenario or [],
            draws=draws,
            seed=seed,
            created=created,
            progress=step,
        )
    text(str(path.resolve()))


def plot(
    chart_name: Annotated[
        ChartName, typer.Argument(metavar="CHART", help="Which chart.", case_sensitive=False)
    ],
    out: Annotated[Path, typer.Option("--out", help="Output file: .png, .svg or .html.")],
    on: OnOpt = None,
    scenario: Annotated[
        Path | None,
        typer.Option("--scenario", help="Scenario YAML file (the tornado chart needs one)."),
    ] = None,
    draws: DrawsOpt = 2000,
    seed: SeedOpt = 0,
    data_dir: DataDirOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """One chart alone: timeline, map, gap, calibration or tornado."""
    from csto.analysis.charts.render import save
    from csto.report import layers

    if out.suffix.lower() not in (".png", ".svg", ".html", ".htm"):
        raise CstoError(f"--out {out}: use a .png, .svg or .html file")
    _check_plot_options(chart_name, on=on, scenario=scenario, draws=draws, seed=seed)
    from csto.cli.progress import working

    with working(f"drawing the {chart_name.value} chart"):
        session = open_session(data_dir, database)
        chart: alt.TopLevelMixin
        if chart_name is ChartName.timeline:
            from csto.analysis.charts.timeline import timeline_chart

            chart = timeline_chart(session.record, dt.date.today())
        elif chart_name is ChartName.map:
            from csto.analysis.charts.map import map_chart
            from csto.record.dates import parse_day

            chart = map_chart(session.record, parse_day(on or "today"))
        elif chart_name is ChartName.gap:
            from csto.analysis.charts.gap import gap_chart

            chart = gap_chart(session.gap())
        elif chart_name is ChartName.calibration:
            from csto.analysis.charts.calibration import calibration_chart

            validation = layers.validation(session, seed=seed, draws=draws)
            chart = calibration_chart(validation.predictions)
        else:
            chart = _tornado(session, scenario, seed=seed, draws=draws)
        saved = save(chart, out)
    text(str(saved.resolve()))


PLOT_OPTIONS = {
    "--on": (ChartName.map,),
    "--scenario": (ChartName.tornado,),
    "--draws": (ChartName.calibration, ChartName.tornado),
    "--seed": (ChartName.calibration, ChartName.tornado),
}
"""The charts each option of ``csto plot`` applies to."""


def _check_plot_options(
    chart: ChartName, *, on: str | None, scenario: Path | None, draws: int, seed: int
) -> None:
    """Refuse an option the chart would ignore (a value other than the default)."""
    given = {"--on": on is not None, "--scenario": scenario is not None}
    given |= {"--draws": draws != 2000, "--seed": seed != 0}
    for option, charts in PLOT_OPTIONS.items():
        if given[option] and chart not in charts:
            names = " and ".join(c.value for c in charts)
            raise CstoError(f"{option} applies to the {names} chart, not to {chart.value}")


def _tornado(session: Csto, scenario: Path | None, *, seed: int, draws: int) -> alt.TopLevelMixin:
    from csto.analysis.charts.tornado import tornado_chart
    from csto.report import layers

    if scenario is None:
        raise CstoError("the tornado chart needs a scenario: add --scenario FILE")
    if not scenario.is_file():
        raise CstoError(f"no such scenario file: {scenario}")
    result = layers.scenario(session, scenario, seed=seed, draws=draws)
    if not result.sensitivity:
        raise CstoError("tornado chart not available: the model returned no sensitivity table")
    return tornado_chart(result.sensitivity, baseline=result.expected_level, title=result.title)
