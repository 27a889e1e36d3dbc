"""``csto bargain FILE``: run the spatial bargaining model on a KTAB scenario CSV.

NumPy and the model are imported inside the command so that the CLI starts fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer


def register(app: typer.Typer) -> None:
    """Add the ``bargain`` command to ``app``."""
    app.command("bargain")(bargain)


def bargain(
    file: Annotated[Path, typer.Argument(help="A KTAB SMP scenario CSV.", show_default=False)],
    json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    max_turns: Annotated[
        int, typer.Option("--max-turns", min=1, help="Stop after this many turns at most.")
    ] = 100,
) -> None:
    """Forecast a spatial bargaining scenario (KTAB smpc-compatible expected-utility model).

    Prints a per-turn summary and the forecast per dimension on the 0–100 scale: the
    probability-weighted mean of the distinct final positions and the most probable one.
    """
    from csto.behaviour.spatial import ScenarioError, read_ktab_csv, run
    from csto.cli.output import emit_json, error

    try:
        scenario = read_ktab_csv(file)
    except ScenarioError as exc:
        error(str(exc))
        raise typer.Exit(code=2) from None
    result = run(scenario, max_turns=max_turns)
    if json:
        data = result.to_dict()
        data.pop("history", None)
        emit_json(data)
        return
    _print_tables(result)


def _print_tables(result: Any) -> None:
    import numpy as np
    from rich.console import Console
    from rich.table import Table

    sc = result.scenario
    console = Console()
    dims = list(sc.dimension_names)

    turns = Table(
        title=f"{sc.name}: {sc.n_actors} actors, {sc.n_dims} dimension(s), {result.turns} turns",
        header_style="bold",
    )
    turns.add_column("turn", justify="right")
    turns.add_column("proposals", justify="right")
    turns.add_column("moved", justify="right")
    turns.add_column("total move", justify="right")
    turns.add_column("distinct", justify="right")
    for dim in dims:
        turns.add_column(f"mean {dim}", justify="right")
    for t in range(result.turns + 1):
        pos = result.positions[t]
        if t == 0:
            proposals = moved = total = "—"
        else:
            proposals = str(int(np.sum(result.targets[t - 1] >= 0)))
            moved = str(int(np.sum(np.any(pos != result.positions[t - 1], axis=1))))
            total = f"{result.deltas[t - 1] * 100.0:.2f}"
        distinct = _distinct_count(pos)
        means = [f"{v:.2f}" for v in pos.mean(axis=0) * 100.0]
        turns.add_row(str(t), proposals, moved, total, str(distinct), *means)
    console.print(turns)

    fc = Table(title="Forecast (0–100 scale)", header_style="bold")
    fc.add_column("dimension")
    fc.add_column("probability-weighted mean", justify="right")
    fc.add_column("most probable position", justify="right")
    for k, dim in enumerate(dims):
        fc.add_row(dim, f"{result.forecast_mean[k]:.2f}", f"{result.forecast_mode[k]:.2f}")
    console.print(fc)


def _distinct_count(pos: Any) -> int:
    import numpy as np

    from csto.behaviour.spatial.turn import same_position_groups

    rep = same_position_groups(pos[None])[0]
    return int(np.sum(rep == np.arange(rep.shape[0])))
