"""``csto simulate``, ``csto validate``, ``csto sweep``: the behaviour models from the command line.

Thin over :mod:`csto.behaviour`; NumPy, pandas and the models are imported inside the commands so that
the CLI starts fast. A progress bar (on standard error) appears for runs that take more than a second.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from csto.cli.progress import LazyProgress
from csto.cli.session import DatabaseOpt, DataDirOpt, open_session
from csto.errors import CstoError

MODEL_NAMES = ("consensus", "bargaining", "strict", "base-rate")


def register(app: typer.Typer) -> None:
    """Add ``simulate``, ``validate`` and ``sweep`` to ``app``."""
    app.command("simulate")(simulate)
    app.command("validate")(validate)
    app.command("sweep")(sweep)


def _check_model(model: str) -> None:
    if model not in MODEL_NAMES:
        raise CstoError(f"unknown model {model!r}; choose one of {', '.join(MODEL_NAMES)}")


def simulate(
    target: Annotated[
        str,
        typer.Argument(
            help="A case id (see `csto cases`) or a scenario YAML file.", show_default=False
        ),
    ],
    model: Annotated[
        str, typer.Option("--model", help="consensus | bargaining | strict | base-rate")
    ] = "consensus",
    draws: Annotated[int, typer.Option("--draws", help="Monte Carlo draws.")] = 4000,
    seed: Annotated[
        int, typer.Option("--seed", help="Seed of the draws (same seed, same output).")
    ] = 0,
    json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    data_dir: DataDirOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """Forecast how the alliance responds: P(level 0–3) with intervals, members' weight, and why."""
    _check_model(model)
    from csto.behaviour.simulate import check_draws

    check_draws(draws)
    session = open_session(data_dir, database)
    bar = LazyProgress("simulating", total=None)
    try:
        result = session.simulate(
            target, model=model, draws=draws, seed=seed, tick=lambda m: bar.tick(m)
        )
    finally:
        bar.close()
    if json:
        from csto.cli.output import emit_json

        emit_json(result)
        return
    _print_simulation(result)


def _print_simulation(r: dict[str, Any]) -> None:
    from csto.behaviour.core import LEVEL_NAMES
    from csto.cli.output import table

    rows = [
        {
            "level": f"{lv} {LEVEL_NAMES[int(lv)]}",
            "probability": f"{p:.3f}",
            "95% interval": "{:.3f}–{:.3f}".format(*r["intervals"][lv]),
        }
        for lv, p in r["probabilities"].items()
    ]
    caption = (
        f"model {r['model']} {r['model_version']} · seed {r['seed']} · {r['draws']} draws · "
        f"data {r['data_hash'][:12]} · expected level {r['expected_level']:.2f}"
    )
    table(
        rows,
        ["level", "probability", "95% interval"],
        title=f"{r['title']} ({r['date']})",  # the date as given: a month stays a month
        caption=caption,
    )
    if r.get("contributions") and "weight" in r["contributions"][0]:
        table(
            r["contributions"],
            ["actor", "role", "vote", "weight", "mean_position", "p_blocks_next_level"],
            title="Members: vote, weight in the Council (capability^π × salience), position, blocking",
        )
    if r.get("sensitivity"):
        table(
            r["sensitivity"][:10],
            [
                "input",
                "low",
                "high",
                "expected_low",
                "expected_high",
                "p_ge2_low",
                "p_ge2_high",
                "swing",
            ],
            title=f"Sensitivity (top 10 of {len(r['sensitivity'])}); pivotal actor: {r.get('pivotal_actor')}",
        )


def validate(
    json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the leave-one-out run.")] = 0,
    draws: Annotated[int, typer.Option("--draws", help="Monte Carlo draws per prediction.")] = 2000,
    folds: Annotated[
        bool, typer.Option("--folds", help="Include each held-out case's prediction.")
    ] = False,
    data_dir: DataDirOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """Leave-one-out over the historical cases: accuracy, Brier score, log loss, per model and baseline."""
    from csto.behaviour.registry import MODELS
    from csto.behaviour.simulate import check_draws
    from csto.behaviour.validate import validate as run

    check_draws(draws)
    session = open_session(data_dir, database)
    cases = session.historical_cases()
    bar = LazyProgress("leave-one-out", total=len(MODELS) * len(cases))
    try:
        scores = run(cases, seed=seed, draws=draws, progress=lambda: bar.tick())
    finally:
        bar.close()
    rows = [s.to_dict(folds=folds) for s in scores]
    if json:
        from csto.cli.output import emit_json

        emit_json(rows)
        return
    from csto.cli.output import table

    table(
        rows,
        ["model", "model_version", "accuracy", "brier", "log_loss", "n_cases", "verdict"],
        title=f"Leave-one-out over {len(cases)} historical cases (seed {seed}, {draws} draws)",
        caption="Lower Brier and log loss are better. A model must beat both baselines on both.",
    )


def _parse_vary(text: str) -> tuple[str, tuple[float, float, int]]:
    try:
        name, spec = text.split("=", 1)
        low, high, steps = spec.split(":")
        lo, hi, n = float(low), float(high), float(steps)
    except ValueError:
        raise CstoError(
            f"--vary {text!r}: expected NAME=LOW:HIGH:STEPS, e.g. RUS.position=0:3:7"
        ) from None
    if not name.strip():
        raise CstoError(f"--vary {text!r}: the name is empty")
    if n != int(n):
        raise CstoError(f"--vary {text!r}: STEPS must be a whole number")
    return name.strip(), (lo, hi, int(n))


def sweep(
    file: Annotated[
        str, typer.Argument(help="A scenario YAML file or a case id.", show_default=False)
    ],
    vary: Annotated[
        list[str],
        typer.Option("--vary", help="NAME=LOW:HIGH:STEPS, e.g. RUS.position=0:3:7 (repeatable)."),
    ],
    model: Annotated[
        str, typer.Option("--model", help="consensus | bargaining | strict | base-rate")
    ] = "consensus",
    draws: Annotated[int, typer.Option("--draws", help="Monte Carlo draws per grid point.")] = 2000,
    seed: Annotated[int, typer.Option("--seed", help="Seed (the same for every grid point).")] = 0,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the table to FILE.parquet or FILE.csv.")
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Dask scheduler ADDRESS (needs dask.distributed)."),
    ] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", help="Local processes (default: one per core).")
    ] = None,
    data_dir: DataDirOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """A grid over inputs (actor positions, capabilities, saliences, case factors) as a tidy table."""
    _check_model(model)
    if out is not None and out.suffix not in (".parquet", ".csv"):
        raise CstoError(f"--out {out}: the file must end in .parquet or .csv")
    if workers is not None and workers < 1:
        raise CstoError(f"--workers must be at least 1, got {workers}")
    from csto.behaviour.sweep import sweep as run

    ranges = dict(_parse_vary(v) for v in vary)
    session = open_session(data_dir, database)
    with LazyProgress("sweep: grid points") as bar:
        frame = run(
            session.record,
            session.inputs,
            session.rules,
            session.crisis(file),
            ranges,
            model=model,
            draws=draws,
            seed=seed,
            scheduler=scheduler,
            workers=workers,
            progress=lambda done, total: bar.progress.update(bar.task, completed=done, total=total),
        )
    if out is None:
        import sys

        frame.to_csv(sys.stdout, index=False)
        return
    if out.suffix == ".parquet":
        frame.to_parquet(out, index=False)
    else:
        frame.to_csv(out, index=False)
    typer.echo(f"wrote {len(frame)} rows to {out}", err=True)
