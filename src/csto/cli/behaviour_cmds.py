"""``csto simulate``, ``csto validate``, ``csto sweep``: the behaviour models from the command line.

Thin over :mod:`csto.behaviour`; NumPy, pandas and the models are imported inside the commands so that
the CLI starts fast. A progress bar (on standard error) appears for runs that take more than a second.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated, Any

import typer

from csto.cli.progress import LazyProgress
from csto.cli.session import DatabaseOpt, DataDirOpt, open_session
from csto.errors import CstoError

MODEL_NAMES = (
    "consensus",
    "bargaining",
    "ordinal",
    "strict",
    "base-rate",
    "request-base-rate",
    "reference-class",
    "compromise",
)


MAX_WORKERS = 256
"""The most local processes a sweep may start."""


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
    model: Annotated[str, typer.Option("--model", help=" | ".join(MODEL_NAMES))] = "consensus",
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
    from csto.cli.output import table, text

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
    verdict = (r.get("verdict") or {}).get("sentence", "This model has no validation verdict.")
    text(f"How good is this forecast? {verdict}")
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
    seed: Annotated[int, typer.Option("--seed", help="Seed of the fits, draws and resamples.")] = 0,
    draws: Annotated[int, typer.Option("--draws", help="Monte Carlo draws per prediction.")] = 2000,
    variant: Annotated[
        str, typer.Option("--variant", help="Coding variant shown in the tables (JSON: all).")
    ] = "default",
    data_dir: DataDirOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """Score every model and baseline on the case base: RPS, log loss, Brier, with paired intervals.

    Two protocols (leave-one-out; time-ordered, as of the day before each case) and every coding variant;
    the verdict of each model is its RPS skill against the best baseline under the time-ordered protocol.
    """
    from csto.behaviour.simulate import check_draws

    check_draws(draws)
    if seed < 0:
        raise CstoError(f"--seed must be a non-negative integer, got {seed}")
    session = open_session(data_dir, database)
    session._check_variant(variant)
    bar = LazyProgress("validating", total=None)

    def tick(done: int, total: int) -> None:
        bar.progress.update(bar.task, total=total)
        bar.tick(f"validating: prediction {done} of {total}")

    try:
        result = session.validate(seed=seed, draws=draws, progress=tick)
    finally:
        bar.close()
    if json:
        from csto.cli.output import emit_json

        emit_json(result)
        return
    _print_validation(result, variant)


def _print_validation(result: dict[str, Any], variant: str) -> None:
    from csto.behaviour.protocols import PROTOCOL_TEXT
    from csto.behaviour.validate import SCOPE_TEXT
    from csto.cli.output import table, text

    baselines = {m for m, info in result["models"].items() if info["baseline"]}
    for run in result["runs"]:
        if run["variant"] != variant or not run["scores"]:
            continue
        rows = []
        for r in run["scores"]:
            others = [
                o for o in run["scores"] if o["model"] in baselines and o["model"] != r["model"]
            ]
            best = min(others, key=lambda o: o["rps"])["model"] if others else None
            c = next(
                (
                    c
                    for c in run["comparisons"]
                    if c["model"] == r["model"] and c["baseline"] == best and c["score"] == "rps"
                ),
                None,
            )
            rows.append(
                {
                    "model": r["model"],
                    "rps": r["rps"],
                    "log_loss": r["log_loss"],
                    "brier": r["brier"],
                    "binary_brier": r["binary_brier"],
                    "rps skill [95%]": "—"
                    if c is None or c["skill"] is None
                    else "{:.2f} [{}, {}]".format(
                        c["skill"],
                        *(f"{x:.2f}" if x is not None else "n/a" for x in c["skill_interval"]),
                    ),
                    "against": best or "—",
                }
            )
        table(
            rows,
            ["model", "rps", "log_loss", "brier", "binary_brier", "rps skill [95%]", "against"],
            title=f"{PROTOCOL_TEXT[run['protocol']].capitalize()} · {run['n_cases']} "
            f"{SCOPE_TEXT[run['scope']]} · variant {run['variant']}",
        )
    spec = result["spec"]
    frozen = spec.get("frozen") or {}
    text(
        f"Model specification {spec['spec_hash'][:12]}"
        + (
            f": changed since it was frozen ({str(frozen.get('spec_hash', 'none'))[:12]}, "
            f"{frozen.get('frozen_on')}): {_spec_changes(spec, frozen)}. The scores are those of the "
            "code and inputs as they are now (docs/explanation/validation.md, 'The frozen "
            "specification')."
            if spec["changed"]
            else f", as frozen on {frozen.get('frozen_on')}."
        )
    )
    for v in result["verdicts"].values():
        text(f"{v['model']}: {v['sentence']}")
    text(result["goal"]["sentence"])


def _spec_changes(spec: dict[str, Any], frozen: dict[str, Any]) -> str:
    """What differs between the specification now and as frozen, in words."""
    if not frozen:
        return "no specification was frozen"
    changes = []
    if spec.get("inputs_hash") != frozen.get("inputs_hash"):
        changes.append("the coded inputs")
    now, then = spec.get("model_versions", {}), frozen.get("model_versions", {})
    moved = sorted(m for m in now.keys() | then.keys() if now.get(m) != then.get(m))
    if moved:
        changes.append("the versions of " + ", ".join(moved))
    if spec.get("models_fingerprint") != frozen.get("models_fingerprint"):
        changes.append("the models' code" + (" (versions unchanged)" if not moved else ""))
    return "; ".join(changes) if changes else "the specification's hash"


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
    if not all(math.isfinite(x) for x in (lo, hi, n)):
        raise CstoError(f"--vary {text!r}: LOW, HIGH and STEPS must be finite numbers")
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
    model: Annotated[str, typer.Option("--model", help=" | ".join(MODEL_NAMES))] = "consensus",
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
    if workers is not None and not 1 <= workers <= MAX_WORKERS:
        raise CstoError(f"--workers must be between 1 and {MAX_WORKERS}, got {workers}")
    if workers is not None and scheduler is not None:
        raise CstoError(
            "--workers counts local processes; with --scheduler the cluster's workers run"
        )
    from csto.behaviour.sweep import sweep as run

    ranges: dict[str, tuple[float, float, int]] = {}
    for spec in vary:
        name, axis = _parse_vary(spec)
        iso3, dot, field = name.partition(".")
        key = f"{iso3.upper()}.{field}" if dot else name
        if key in ranges:
            raise CstoError(f"--vary {key} is given twice; vary each input once")
        ranges[key] = axis
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
    from csto.cli.output import text

    text(f"wrote {len(frame)} rows to {out}", err=True)
