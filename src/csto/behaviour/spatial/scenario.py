"""Scenario input for the spatial bargaining model: the KTAB CSV format and programmatic arrays.

Source: ``shared/ktab/ALGORITHM.md``, section "Scales and inputs", and ``shared/ktab/README.md``
(the CSV layout). The checks made here are the ones ALGORITHM.md lists:

* 3 ≤ actors ≤ 250 and at least one dimension;
* every position and salience in [0, 100];
* the saliences of one actor sum to at most 100 (a running sum, checked after every cell);
* capability in [0, 1e8];
* the numbers of rows and columns match the counts on line 1.

Assumptions beyond ALGORITHM.md, each because smpc would accept the file and then abort (or the
output would be ambiguous) later:

* a capability of exactly 0 is rejected: smpc's vote function refuses a non-positive weight;
* an actor whose saliences are all 0 is rejected: its salience-weighted distance is 0/0 in smpc;
* actor names must be non-empty and unique, because results are keyed by actor name;
* extra non-empty fields after the fourth on line 1 are ignored (``dummyData_6Dim.csv`` has one);
  empty trailing fields and surrounding spaces are ignored everywhere; blank lines are skipped;
  a field may be double-quoted, but a quoted field may not span lines.

Numbers are kept the way the "two traps" section of ALGORITHM.md requires: a position or salience
is stored as ``float(text) / 100.0``, exactly the double smpc holds.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from csto.errors import CstoError

MIN_ACTORS = 3
MAX_ACTORS = 250
MAX_CAPABILITY = 1e8

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


class ScenarioError(CstoError, ValueError):
    """An input scenario that does not validate.

    For a file the message names the file and the 1-based line number; ``path`` and ``line`` are
    kept as attributes (``None`` for a scenario built from arrays).
    """

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.reason = message
        if path is not None and line is not None:
            text = f"{path}, line {line}: {message}"
        elif path is not None:
            text = f"{path}: {message}"
        else:
            text = message
        super().__init__(text)


def _frozen(a: NDArray[np.float64]) -> NDArray[np.float64]:
    a = np.array(a, dtype=np.float64, copy=True)
    a.setflags(write=False)
    return a


@dataclass(frozen=True, eq=False)
class SpatialScenario:
    """One spatial bargaining scenario (immutable; arrays are read-only).

    Attributes:
        name, description: from line 1 of a KTAB CSV (free text).
        actor_names, actor_descriptions: one per actor, in input order.
        dimension_names: one per issue dimension (the position column headers of a KTAB CSV).
        capability: shape (N,), raw capability ("Power"/"Influence"), > 0.
        positions: shape (N, D), on the [0, 1] scale (input / 100).
        saliences: shape (N, D), on the [0, 1] scale (input / 100); each row sums to ≤ 1.
    """

    name: str
    description: str
    actor_names: tuple[str, ...]
    actor_descriptions: tuple[str, ...]
    dimension_names: tuple[str, ...]
    capability: NDArray[np.float64]
    positions: NDArray[np.float64]
    saliences: NDArray[np.float64]

    @property
    def n_actors(self) -> int:
        return len(self.actor_names)

    @property
    def n_dims(self) -> int:
        return len(self.dimension_names)

    @classmethod
    def from_arrays(
        cls,
        capability: ArrayLike,
        positions: ArrayLike,
        saliences: ArrayLike,
        *,
        name: str = "scenario",
        description: str = "",
        actor_names: Sequence[str] | None = None,
        actor_descriptions: Sequence[str] | None = None,
        dimension_names: Sequence[str] | None = None,
        scale: Literal["percent", "unit"] = "percent",
    ) -> SpatialScenario:
        """Build and validate a scenario from arrays.

        ``positions`` and ``saliences`` have shape (N, D) (a 1-D array is taken as D = 1). With
        ``scale="percent"`` (the default, like the CSV) they are on the 0–100 scale and are divided
        by 100 exactly as the CSV reader does; with ``scale="unit"`` they are already on [0, 1].
        The same checks as :func:`read_ktab_csv` apply; failures raise :class:`ScenarioError`.
        """
        cap = np.asarray(capability, dtype=np.float64)
        pos = np.asarray(positions, dtype=np.float64)
        sal = np.asarray(saliences, dtype=np.float64)
        if pos.ndim == 1:
            pos = pos[:, None]
        if sal.ndim == 1:
            sal = sal[:, None]
        if cap.ndim != 1:
            raise ScenarioError(f"capability must be 1-D, got shape {cap.shape}")
        if pos.ndim != 2 or sal.shape != pos.shape or pos.shape[0] != cap.shape[0]:
            raise ScenarioError(
                "shapes do not agree: capability "
                f"{cap.shape}, positions {pos.shape}, saliences {sal.shape} (need (N,), (N,D), (N,D))"
            )
        n, d = pos.shape
        if d < 1:
            raise ScenarioError("there must be at least one dimension")
        if not MIN_ACTORS <= n <= MAX_ACTORS:
            raise ScenarioError(f"{n} actors; the model needs {MIN_ACTORS} to {MAX_ACTORS}")
        if scale not in ("percent", "unit"):
            raise ScenarioError(f"scale must be 'percent' or 'unit', not {scale!r}")
        factor = 100.0 if scale == "percent" else 1.0
        pct_pos = pos if scale == "percent" else pos * 100.0
        pct_sal = sal if scale == "percent" else sal * 100.0
        for i in range(n):
            who = actor_names[i] if actor_names is not None and i < len(actor_names) else str(i)
            _check_capability(float(cap[i]), who)
            for k in range(d):
                _check_percent(float(pct_pos[i, k]), "position", who, k)
                _check_percent(float(pct_sal[i, k]), "salience", who, k)
            total = 0.0
            for k in range(d):
                total += float(pct_sal[i, k])
                if total > 100.0 * (1.0 + 1e-12):
                    raise ScenarioError(f"actor {who}: saliences sum to {total:g} > 100")
            if not np.any(sal[i] > 0.0):
                raise ScenarioError(f"actor {who}: all saliences are 0 (distance undefined)")
        names = (
            tuple(str(a) for a in actor_names)
            if actor_names is not None
            else tuple(f"A{i}" for i in range(n))
        )
        descs = (
            tuple(str(a) for a in actor_descriptions)
            if actor_descriptions is not None
            else tuple("" for _ in range(n))
        )
        dims = (
            tuple(str(x) for x in dimension_names)
            if dimension_names is not None
            else tuple(f"Dim{k}" for k in range(d))
        )
        if len(names) != n or len(descs) != n or len(dims) != d:
            raise ScenarioError("actor names/descriptions or dimension names have the wrong length")
        _check_names(names)
        return cls(
            name=name,
            description=description,
            actor_names=names,
            actor_descriptions=descs,
            dimension_names=dims,
            capability=_frozen(cap),
            positions=_frozen(pos / factor),
            saliences=_frozen(sal / factor),
        )


def _check_capability(value: float, who: str) -> None:
    if not math.isfinite(value) or value < 0.0 or value > MAX_CAPABILITY:
        raise ScenarioError(f"actor {who}: capability {value:g} is outside [0, 1e8]")
    if value == 0.0:
        raise ScenarioError(f"actor {who}: capability 0 (smpc rejects a non-positive vote weight)")


def _check_percent(value: float, what: str, who: str, k: int) -> None:
    if not math.isfinite(value) or value < 0.0 or value > 100.0:
        raise ScenarioError(
            f"actor {who}: {what} {value:g} on dimension {k + 1} is outside [0, 100]"
        )


def _check_names(names: Sequence[str]) -> None:
    seen: set[str] = set()
    for a in names:
        if not a:
            raise ScenarioError("an actor name is empty")
        if a in seen:
            raise ScenarioError(f"actor name {a!r} is used twice")
        seen.add(a)


def _fields(line: str) -> list[str]:
    """Split one CSV line, strip spaces, and drop trailing empty fields."""
    row = next(csv.reader([line], skipinitialspace=True), [])
    cells = [c.strip() for c in row]
    while cells and cells[-1] == "":
        cells.pop()
    return cells


def read_ktab_csv(path: str | Path) -> SpatialScenario:
    """Read a KTAB SMP scenario CSV (ALGORITHM.md "Scales and inputs"; README.md for the layout).

    Line 1: ``name, description, nActors, nDims``; line 2: header ``Actor, Description, Power,
    Pos1, Sal1, Pos2, Sal2, …``; then one row per actor. Raises :class:`ScenarioError` naming the
    file, the line and the problem.
    """
    p = Path(path)
    where = str(path)

    def fail(line: int | None, message: str) -> ScenarioError:
        return ScenarioError(message, path=where, line=line)

    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise fail(None, f"cannot read the file ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise fail(line, "the file is not UTF-8 text") from None

    rows: list[tuple[int, list[str]]] = []
    for number, source in enumerate(text.splitlines(), start=1):
        try:
            cells = _fields(source)
        except csv.Error as exc:
            raise fail(number, f"cannot parse the line as CSV ({exc})") from None
        if cells:
            rows.append((number, cells))
    if not rows:
        raise fail(None, "the file is empty")

    def number_in(cells: list[str], col: int, line: int, label: str) -> float:
        cell = cells[col]
        if not _NUMBER.fullmatch(cell):
            raise fail(line, f"column {col + 1} ({label}): {cell!r} is not a number")
        return float(cell)

    def count_in(cells: list[str], col: int, line: int, label: str) -> int:
        value = number_in(cells, col, line, label)
        if not value.is_integer():
            raise fail(line, f"column {col + 1} ({label}): {cells[col]!r} is not a whole number")
        return int(value)

    line1, head = rows[0]
    if len(head) < 4:
        raise fail(
            line1,
            "the first line needs 4 fields (name, description, number of actors, number of "
            f"dimensions), found {len(head)}",
        )
    scen_name, scen_desc = head[0], head[1]
    n_act = count_in(head, 2, line1, "number of actors")
    n_dim = count_in(head, 3, line1, "number of dimensions")
    if n_dim < 1:
        raise fail(line1, f"number of dimensions is {n_dim}; it must be at least 1")
    if not MIN_ACTORS <= n_act <= MAX_ACTORS:
        raise fail(line1, f"number of actors is {n_act}; it must be {MIN_ACTORS} to {MAX_ACTORS}")

    n_cols = 3 + 2 * n_dim
    if len(rows) < 2:
        raise fail(None, "the header line (line 2) is missing")
    line2, header = rows[1]
    if len(header) != n_cols:
        raise fail(
            line2,
            f"the header has {len(header)} columns, but {n_dim} dimension(s) need {n_cols} "
            "(Actor, Description, Power, then a position and a salience per dimension)",
        )
    dim_names = tuple(header[3 + 2 * k] for k in range(n_dim))
    labels = ["actor", "description", "capability"]
    for k in range(n_dim):
        labels += [f"position {k + 1}", f"salience {k + 1}"]

    body = rows[2:]
    if len(body) != n_act:
        if len(body) > n_act:
            raise fail(
                body[n_act][0], f"line 1 declares {n_act} actors, but there are {len(body)} rows"
            )
        last = body[-1][0] if body else line2
        raise fail(last, f"line 1 declares {n_act} actors, but only {len(body)} rows follow")

    names: list[str] = []
    descs: list[str] = []
    cap = np.empty(n_act, dtype=np.float64)
    pos = np.empty((n_act, n_dim), dtype=np.float64)
    sal = np.empty((n_act, n_dim), dtype=np.float64)
    seen: dict[str, int] = {}
    for i, (line, cells) in enumerate(body):
        if len(cells) != n_cols:
            raise fail(
                line, f"expected {n_cols} columns for {n_dim} dimension(s), found {len(cells)}"
            )
        name = cells[0]
        if not name:
            raise fail(line, "the actor name is empty")
        if name in seen:
            raise fail(line, f"actor name {name!r} was already used on line {seen[name]}")
        seen[name] = line
        names.append(name)
        descs.append(cells[1])
        c = number_in(cells, 2, line, "capability")
        if not 0.0 <= c <= MAX_CAPABILITY:
            raise fail(line, f"capability {cells[2]} is outside [0, 1e8]")
        if c == 0.0:
            raise fail(line, "capability is 0; smpc rejects a non-positive vote weight")
        cap[i] = c
        running = 0.0
        for k in range(n_dim):
            x = number_in(cells, 3 + 2 * k, line, labels[3 + 2 * k])
            s = number_in(cells, 4 + 2 * k, line, labels[4 + 2 * k])
            if not 0.0 <= x <= 100.0:
                raise fail(
                    line, f"position {cells[3 + 2 * k]} on dimension {k + 1} is outside [0, 100]"
                )
            if not 0.0 <= s <= 100.0:
                raise fail(
                    line, f"salience {cells[4 + 2 * k]} on dimension {k + 1} is outside [0, 100]"
                )
            running += s
            if running > 100.0:
                raise fail(line, f"the saliences of actor {name} sum to {running:g}, more than 100")
            pos[i, k] = x / 100.0
            sal[i, k] = s / 100.0
        if running == 0.0:
            raise fail(line, f"all saliences of actor {name} are 0; its distances are undefined")

    return SpatialScenario(
        name=scen_name,
        description=scen_desc,
        actor_names=tuple(names),
        actor_descriptions=tuple(descs),
        dimension_names=dim_names,
        capability=_frozen(cap),
        positions=_frozen(pos),
        saliences=_frozen(sal),
    )
