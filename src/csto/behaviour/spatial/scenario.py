"""Scenario input for the spatial bargaining model: one validated scenario, built from arrays or read
from a KTAB CSV (:mod:`.csvio`).

Source: ``shared/ktab/ALGORITHM.md``, section "Scales and inputs", and ``shared/ktab/README.md``
(the CSV layout). The checks made here and in :mod:`.csvio` are the ones ALGORITHM.md lists:

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
* every number must be finite (``1e999`` is refused, not read as infinity).

Numbers are kept the way the "two traps" section of ALGORITHM.md requires: a position or salience
is stored as ``float(text) / 100.0``, exactly the double smpc holds.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from csto.errors import CstoError

MIN_ACTORS = 3
MAX_ACTORS = 250
MAX_CAPABILITY = 1e8

MODEL_DECIMALS = 2
"""Decimals of the model's own grid on the 0–100 scale: a moved position is rounded to 1e-4 on the
[0, 1] scale (ALGORITHM.md step 4), i.e. to 0.01 on the 0–100 scale."""


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


def readonly(a: NDArray[np.float64]) -> NDArray[np.float64]:
    """A read-only float64 copy of ``a`` (same shape)."""
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
        encoding: the text encoding a CSV was read in (``"ascii"``, ``"utf-8"``, ``"utf-8-sig"``,
            ``"cp1252"``, …); ``None`` for a scenario built from arrays.
        decimals: the most decimals written in any position cell of a CSV (``None`` from arrays);
            see :attr:`print_decimals`.
    """

    name: str
    description: str
    actor_names: tuple[str, ...]
    actor_descriptions: tuple[str, ...]
    dimension_names: tuple[str, ...]
    capability: NDArray[np.float64]
    positions: NDArray[np.float64]
    saliences: NDArray[np.float64]
    encoding: str | None = None
    decimals: int | None = None

    @property
    def n_actors(self) -> int:
        """N, the number of actors."""
        return len(self.actor_names)

    @property
    def n_dims(self) -> int:
        """D, the number of issue dimensions."""
        return len(self.dimension_names)

    @property
    def print_decimals(self) -> int:
        """Decimals to print positions with on the 0–100 scale: the input's precision, but never
        fewer than the model's own grid (:data:`MODEL_DECIMALS`), since a position that moved lies on
        that grid. At this precision every final position prints exactly (no ``41.010000000000005``).
        """
        return max(self.decimals or 0, MODEL_DECIMALS)

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
        decimals: int | None = None,
    ) -> SpatialScenario:
        """Build and validate a scenario from arrays.

        ``positions`` and ``saliences`` have shape (N, D) (a 1-D array is taken as D = 1). With
        ``scale="percent"`` (the default, like the CSV) they are on the 0–100 scale and are divided
        by 100 exactly as the CSV reader does; with ``scale="unit"`` they are already on [0, 1].
        The same checks as :func:`.csvio.read_ktab_csv` apply; failures raise :class:`ScenarioError`.
        ``decimals`` is the precision the inputs were given to on the 0–100 scale, if known (see
        :attr:`print_decimals`).
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
        check_names(names)
        return cls(
            name=name,
            description=description,
            actor_names=names,
            actor_descriptions=descs,
            dimension_names=dims,
            capability=readonly(cap),
            positions=readonly(pos / factor),
            saliences=readonly(sal / factor),
            decimals=decimals,
        )


def _check_capability(value: float, who: str) -> None:
    if not math.isfinite(value):
        raise ScenarioError(f"actor {who}: capability {value:g} is not a finite number")
    if value < 0.0 or value > MAX_CAPABILITY:
        raise ScenarioError(f"actor {who}: capability {value:g} is outside [0, 1e8]")
    if value == 0.0:
        raise ScenarioError(f"actor {who}: capability 0 (smpc rejects a non-positive vote weight)")


def _check_percent(value: float, what: str, who: str, k: int) -> None:
    if not math.isfinite(value):
        raise ScenarioError(f"actor {who}: {what} on dimension {k + 1} is not a finite number")
    if value < 0.0 or value > 100.0:
        raise ScenarioError(
            f"actor {who}: {what} {value:g} on dimension {k + 1} is outside [0, 100]"
        )


def check_names(names: Sequence[str]) -> None:
    """Raise :class:`ScenarioError` if an actor name is empty or used twice."""
    seen: set[str] = set()
    for a in names:
        if not a:
            raise ScenarioError("an actor name is empty")
        if a in seen:
            raise ScenarioError(f"actor name {a!r} is used twice")
        seen.add(a)
