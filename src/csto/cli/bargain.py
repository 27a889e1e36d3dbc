"""``csto bargain TARGET``: the spatial bargaining model (KTAB smpc-compatible) on a KTAB scenario CSV,
or on a CSTO crisis (a case id or a scenario YAML file) with ``--ktab OUT.csv`` to write its scenario.

NumPy, rich and the model are imported inside the command so that the CLI starts fast. Everything
that comes from a file or the record is printed literally (rich markup off).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from csto.cli.session import DatabaseOpt, DataDirOpt

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from csto.behaviour.crisis_bargain import CrisisBargain
    from csto.behaviour.spatial import SpatialResult


def register(app: typer.Typer) -> None:
    """Add the ``bargain`` command to ``app``."""
    app.command("bargain")(bargain)


def bargain(
    target: Annotated[
        str,
        typer.Argument(
            help="A KTAB scenario CSV (FILE.csv), a scenario YAML file or a case id (see `csto cases`).",
            show_default=False,
        ),
    ],
    ktab: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--ktab",
            help="Also write the crisis's scenario as a KTAB CSV (smpc reads it) to this file.",
            show_default=False,
        ),
    ] = None,
    json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    max_turns: Annotated[
        int, typer.Option("--max-turns", min=1, help="Stop after this many turns at most.")
    ] = 100,
    data_dir: DataDirOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """Forecast by spatial bargaining (KTAB smpc-compatible expected-utility model).

    On a KTAB CSV: a per-turn summary and the forecast per dimension on the 0–100 scale (the
    probability-weighted mean of the distinct final positions and the most probable one, with ties
    shown). On a case or scenario: the members bargain over the response level (0–3) from the
    consensus model's inputs; prints each member's inputs and final position, and the settled level.
    """
    from csto.errors import CstoError

    try:
        if target.lower().endswith(".csv"):
            if ktab is not None:
                raise CstoError(
                    "--ktab writes a case's or scenario's bargaining input; "
                    f"{target} is already a KTAB CSV"
                )
            _ktab_file(Path(target), json=json, max_turns=max_turns)
        else:
            _crisis(
                target, ktab, json=json, max_turns=max_turns, data_dir=data_dir, database=database
            )
    except CstoError as exc:
        from csto.cli.output import error

        error(str(exc))
        raise typer.Exit(code=exc.exit_code) from None


def _console() -> Console:
    from csto.cli.output import console

    return console()


def _table(title: str, columns: list[tuple[str, bool]], caption: str | None = None) -> Table:
    """A table whose title, caption and cells are literal text; ``columns``: (header, right-aligned)."""
    from rich.table import Table

    from csto.cli.output import literal

    t = Table(
        title=literal(title),
        caption=literal(caption) if caption else None,
        header_style="bold",
    )
    for header, right in columns:
        t.add_column(literal(header), justify="right" if right else "left", overflow="fold")
    return t


def _row(t: Table, *cells: str) -> None:
    from csto.cli.output import literal

    t.add_row(*(literal(c) for c in cells))


# --- a KTAB CSV ---------------------------------------------------------------------------------


def _ktab_file(path: Path, *, json: bool, max_turns: int) -> None:
    from csto.behaviour.spatial import read_ktab_csv, run
    from csto.files import check_input

    check_input(path)  # a bounded regular file: not /dev/zero, a pipe or a huge file
    scenario = read_ktab_csv(path)
    result = run(scenario, max_turns=max_turns)
    if json:
        from csto.cli.output import emit_json

        data = result.to_dict()
        data.pop("history", None)
        emit_json(data)
        return
    _print_ktab(result, path)


def _print_ktab(result: SpatialResult, path: Path) -> None:
    import numpy as np

    sc = result.scenario
    dec = sc.print_decimals
    dims = list(sc.dimension_names)
    console = _console()
    turns = _table(
        f"{sc.name}: {sc.n_actors} actors, {sc.n_dims} dimension(s), {result.turns} turns",
        [("turn", True), ("proposals", True), ("moved", True), ("total move", True)]
        + [("distinct", True)]
        + [(f"mean {dim}", True) for dim in dims],
        caption=f"read {path} as {sc.encoding}; positions on the 0–100 scale",
    )
    for t in range(result.turns + 1):
        pos = result.positions[t]
        if t == 0:
            proposals = moved = total = "—"
        else:
            proposals = str(int(np.sum(result.targets[t - 1] >= 0)))
            moved = str(int(np.sum(np.any(pos != result.positions[t - 1], axis=1))))
            total = f"{result.deltas[t - 1] * 100.0:.2f}"
        means = [f"{v:.{dec}f}" for v in pos.mean(axis=0) * 100.0]
        _row(turns, str(t), proposals, moved, total, str(_distinct_count(pos)), *means)
    console.print(turns)

    fc = _table(
        "Forecast (0–100 scale)",
        [
            ("dimension", False),
            ("probability-weighted mean", True),
            ("most probable position", True),
        ],
        caption=(
            "A tie: several distinct final positions share the largest probability; all are shown."
            if result.tie
            else None
        ),
    )
    for k, dim in enumerate(dims):
        if result.tie:
            tied = " = ".join(f"{v:.{dec}f}" for v in result.forecast_modes[:, k])
            mode = f"tie: {tied}"
        else:
            mode = f"{result.forecast_mode[k]:.{dec}f}"
        _row(fc, dim, f"{result.forecast_mean[k]:.{dec}f}", mode)
    console.print(fc)


def _distinct_count(pos: Any) -> int:
    import numpy as np

    from csto.behaviour.spatial.turn import same_position_groups

    rep = same_position_groups(pos[None])[0]
    return int(np.sum(rep == np.arange(rep.shape[0])))


# --- a CSTO crisis ------------------------------------------------------------------------------


def _crisis(
    target: str,
    ktab: Path | None,
    *,
    json: bool,
    max_turns: int,
    data_dir: Path | None,
    database: str | None,
) -> None:
    from csto.behaviour.crisis_bargain import bargain as run_crisis
    from csto.behaviour.spatial import write_ktab_csv
    from csto.cli.session import open_session

    session = open_session(data_dir, database)
    crisis = session.crisis(target)
    out = run_crisis(crisis, session.record, session.inputs, session.rules, max_turns=max_turns)
    if ktab is not None:
        write_ktab_csv(out.setup.scenario, ktab)
    if json:
        from csto.cli.output import emit_json

        data = out.to_dict()
        if ktab is not None:
            data["ktab_csv"] = str(ktab)
        emit_json(data)
        return
    _print_crisis(out, target)
    if ktab is not None:
        from csto.cli.output import text

        text(
            f"wrote {ktab}: the members' bargaining input in KTAB format (csto bargain {ktab}, "
            f"or KTAB's smpc --csv {ktab}); positions are levels × 100/3"
        )


def _print_crisis(out: CrisisBargain, target: str) -> None:
    from csto.behaviour.core import LEVEL_NAMES

    data = out.to_dict()
    console = _console()
    cal = data["calibration"]
    left_out = f" ({cal['left_out']} left out)" if cal["left_out"] else ""
    actors = _table(
        f"{data['title']} ({data['date']}): members bargaining over the response level (0–3)",
        [
            ("actor", False),
            ("role", False),
            ("vote", True),
            ("capability", True),
            ("salience (0–100)", True),
            ("position", True),
            ("position from", False),
            ("final position", True),
        ],
    )
    for a in data["actors"]:
        _row(
            actors,
            a["actor"],
            a["role"],
            f"{a['vote']:g}",
            f"{a['capability']:g}",
            f"{a['salience']:g}",
            f"{a['position']:.2f}",
            a["position_from"],
            f"{a['final_position']:.2f}",
        )
    console.print(actors)

    from csto.cli.output import text as say

    for row in data["absent"]:
        say(f"{row['actor']} left out: {row['reason']}")
    say(
        f"model {data['model']} {data['model_version']} · {data['turns']} turns · position weights "
        f"of the {cal['model']} model {cal['model_version']}, calibrated with seed {cal['seed']}"
        f"{left_out} · data {data['data_hash'][:12]}"
    )

    f = data["forecast"]
    fc = _table("Forecast (outcome levels 0–3)", [("", False), ("level", True)])
    _row(fc, "probability-weighted mean", f"{f['mean_level']:.2f}")
    if f["tie"]:
        _row(fc, "most probable (tie)", " = ".join(f"{v:.2f}" for v in f["tied_levels"]))
    else:
        _row(fc, "most probable", f"{f['most_probable_level']:.2f}")
    settled = f["settled_level"]
    _row(fc, "settled level", f"{settled} {LEVEL_NAMES[settled]}")
    required = f["required_level"]
    _row(fc, "required by the treaty (strict reading)", f"{required} {LEVEL_NAMES[required]}")
    console.print(fc)
    say(
        "Positions marked 'consensus model' are the consensus model's position function at the "
        "centres of the inputs (a modelling assumption; see csto.behaviour.crisis_bargain). "
        f"For uncertainty over the inputs: csto simulate {target} --model bargaining."
    )
