"""Sweeps: a grid over inputs, one simulation per grid point, as a tidy table.

``vary`` maps an input name to ``(low, high, steps)``: ``ISO.position``, ``ISO.capability``,
``ISO.salience`` (or another actor input such as ``KAZ.sanctions_exposure``) or a case factor
(``russia_at_war``, ``request_level``, …). Every grid point runs with the same seed (common random
numbers). Points run in local processes (:mod:`concurrent.futures`) by default; ``scheduler=ADDRESS``
sends them to a Dask cluster (``dask.distributed``: the ``csto[dask]`` extra, ``pip install "csto[dask]"``).
``tests/behaviour/test_sweep_dask.py`` runs a sweep on a local cluster and checks it gives the same table.

The table is tidy: one row per grid point and level, with the varied inputs as columns, then ``level``,
``probability``, ``low``, ``high``, ``expected_level``, ``model``, ``seed`` and ``draws``.

Every value of the grid is checked as a scenario's value is (:func:`input_range`): finite, and in the
input's range (an actor's position 0–3, salience 0–1, capability > 0; the other actor inputs and the case
factors 0–1, ``request_level`` 0–3).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING, Any

import numpy as np

from csto.behaviour.factors import FACTOR_RANGE, CrisisInputs, check_weights, point, prepare
from csto.behaviour.inputs import Inputs
from csto.crisis import ACTOR_RANGES, Crisis
from csto.errors import CstoError
from csto.record.record import Record
from csto.treaty.rulebook import RuleBook

if TYPE_CHECKING:
    import pandas as pd

Range = tuple[float, float, int]
MAX_POINTS = 100_000
CONNECT_TIMEOUT = 5
"""Seconds to wait for a Dask scheduler before giving up with a clear error."""


def grid(vary: dict[str, Range]) -> list[dict[str, float]]:
    """Every combination of the varied values; impossible ranges raise :class:`CstoError`."""
    if not vary:
        raise CstoError("nothing to vary: give at least one --vary NAME=LOW:HIGH:STEPS")
    axes = []
    for name, (low, high, steps) in vary.items():
        if not all(math.isfinite(x) for x in (low, high, steps)):
            raise CstoError(
                f"{name}: LOW, HIGH and STEPS must be finite numbers, got {low:g}:{high:g}:{steps:g}"
            )
        if steps < 1 or int(steps) != steps:
            raise CstoError(f"{name}: STEPS must be a positive integer, got {steps}")
        if low > high:
            raise CstoError(f"{name}: LOW ({low:g}) is above HIGH ({high:g})")
        if steps == 1 and low != high:
            raise CstoError(f"{name}: one step needs LOW = HIGH")
        if steps > MAX_POINTS:  # before NumPy is asked for the axis (1e300 steps: no such array)
            raise CstoError(f"{name}: {steps:g} steps; the grid's limit is {MAX_POINTS:,} points")
        axes.append([float(v) for v in np.linspace(low, high, int(steps))])
    total = int(np.prod([len(a) for a in axes]))
    if total > MAX_POINTS:
        raise CstoError(f"the grid has {total:,} points; the limit is {MAX_POINTS:,}")
    names = list(vary)
    return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*axes)]


def input_range(name: str) -> tuple[float, float]:
    """The range of the input ``name``: an actor's capability, position and salience as in a scenario
    (:data:`csto.crisis.ACTOR_RANGES`), its other inputs (``favours_adversary`` and the cost factors) 0–1;
    a case factor 0–1 but ``request_level`` 0–3 (:data:`csto.behaviour.factors.FACTOR_RANGE`)."""
    if "." in name:
        return ACTOR_RANGES.get(name.split(".", 1)[1], (0.0, 1.0))
    return FACTOR_RANGE.get(name, (0.0, 1.0))


def apply(inputs: CrisisInputs, values: dict[str, float]) -> CrisisInputs:
    """``inputs`` with each named input set to a point value. Raises :class:`CstoError` for an unknown
    name, a value outside :func:`input_range`, or members left with no weight
    (:func:`csto.behaviour.factors.check_weights`)."""
    for name, value in values.items():
        if not math.isfinite(value):
            raise CstoError(f"{name}: the value must be a finite number, got {value:g}")
        inputs = inputs.with_input(name, point(value))
        lo, hi = input_range(name)
        if not lo <= value <= hi:
            raise CstoError(
                f"{inputs.crisis_id}: {name} must lie in [{lo:g}, {hi:g}], got {value:g}"
            )
    check_weights(inputs)
    return inputs


def _point(job: tuple[Any, CrisisInputs, dict[str, float], int, int, str]) -> list[dict[str, Any]]:
    model, inputs, values, draws, seed, name = job
    pred = model.clone(seed).predict(apply(inputs, values), draws)
    rows = []
    for level, (p, (lo, hi)) in enumerate(zip(pred.probabilities, pred.intervals, strict=True)):
        rows.append(
            {
                **values,
                "level": level,
                "probability": round(p, 6),
                "low": round(lo, 6),
                "high": round(hi, 6),
                "expected_level": round(pred.expected_level, 6),
                "model": name,
                "seed": seed,
                "draws": draws,
            }
        )
    return rows


def _dask_map(
    address: str, jobs: list[Any], done: Callable[[], None]
) -> list[list[dict[str, Any]]]:
    try:
        from dask.distributed import Client  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        raise CstoError(
            "--scheduler needs dask.distributed, which is not installed "
            "(pip install 'csto[dask]'); without --scheduler the sweep runs in local processes"
        ) from None
    from dask.distributed import as_completed  # type: ignore[import-not-found, unused-ignore]

    try:
        client = Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        raise CstoError(
            f"--scheduler {address}: cannot reach the dask.distributed scheduler there ({exc})"
        ) from None
    with client:
        futures = client.map(_point, jobs, pure=False)
        for _ in as_completed(futures):
            done()
        return list(client.gather(futures))


def sweep(
    record: Record,
    inputs: Inputs,
    rules: RuleBook,
    crisis: Crisis,
    vary: dict[str, Range],
    model: str = "consensus",
    draws: int = 2000,
    seed: int = 0,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """Run ``model`` (fitted on the historical cases of ``record`` and ``inputs``) on every point of the
    grid over ``vary``; a tidy DataFrame (see the module docstring). ``progress(done, total)`` is called
    as grid points finish. Raises :class:`~csto.errors.CstoError` for unknown names, impossible ranges
    or draws."""
    import pandas as pd

    from csto.behaviour.simulate import check_draws, fitted_model

    check_draws(draws)
    if seed < 0:
        raise CstoError(f"--seed must be a non-negative integer, got {seed}")
    prepared = prepare(crisis, record, inputs, rules)
    points = grid(vary)
    for values in points[:1] + points[-1:]:
        apply(prepared, values)  # fail fast on unknown names and impossible values
    fitted = fitted_model(model, record, inputs, rules, crisis.case)
    jobs = [(fitted, prepared, values, draws, seed, model) for values in points]
    finished = [0]

    def done() -> None:
        finished[0] += 1
        if progress is not None:
            progress(finished[0], len(jobs))

    results: list[list[dict[str, Any]]] = []
    if scheduler is not None:
        results = _dask_map(scheduler, jobs, done)
    elif workers == 1 or len(jobs) == 1:
        for j in jobs:
            results.append(_point(j))
            done()
    else:
        processes = min(workers, len(jobs)) if workers is not None else None
        with ProcessPoolExecutor(max_workers=processes) as pool:
            for rows in pool.map(_point, jobs, chunksize=max(1, len(jobs) // 32)):
                results.append(rows)
                done()
    return pd.DataFrame([row for rows in results for row in rows])
