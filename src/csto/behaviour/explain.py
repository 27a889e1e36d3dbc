"""Why a prediction: a sensitivity table (tornado-ready) and the pivotal actor.

Every run below reuses the prediction's seed (common random numbers), so differences come from the input
changed, not from Monte Carlo noise.

* Sensitivity: each case factor and each member's capability, salience and position is set to the low
  and then the high end of its range — the bounds of its distribution, or its natural range when it is a
  point (factors 0–1, the request level 0–3, positions 0–3, saliences 0–1, capabilities ×½ and ×2) — and
  the expected level and P(level ≥ 2) are recomputed. Rows are sorted by swing (|high − low| of the
  expected level), largest first.
* Pivotal actor: the voting member whose position, moved from 0 to 3, moves the expected level most
  (None when no position moves it, as for the baselines).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from csto.behaviour.core import Model
from csto.behaviour.factors import FACTOR_RANGE, CrisisInputs, point
from csto.behaviour.inputs import CASE_FACTORS
from csto.crisis import Distribution


@dataclass(frozen=True)
class SensitivityRow:
    input: str
    low: float
    high: float
    expected_low: float
    expected_high: float
    p_ge2_low: float
    p_ge2_high: float
    swing: float

    def to_dict(self) -> dict[str, Any]:
        return {k: (round(v, 6) if isinstance(v, float) else v) for k, v in asdict(self).items()}


def _range(name: str, dist: Distribution | None) -> tuple[float, float]:
    if dist is not None and dist.kind != "point":
        return dist.bounds
    if name.endswith(".capability") and dist is not None:
        return dist.center / 2, dist.center * 2
    if name.endswith(".position"):
        return 0.0, 3.0
    return FACTOR_RANGE.get(name, (0.0, 1.0))


def sweepable(inputs: CrisisInputs) -> list[str]:
    """Inputs the sensitivity table sweeps: the case factors and each voter's three actor inputs."""
    names = list(CASE_FACTORS)
    for a in inputs.actors:
        if a.vote > 0:
            names += [f"{a.iso3}.capability", f"{a.iso3}.salience", f"{a.iso3}.position"]
    return names


def _run(model: Model, seed: Any, inputs: CrisisInputs, draws: int) -> tuple[float, float]:
    pred = model.clone(seed).predict(inputs, draws)
    return pred.expected_level, pred.p_at_least_2


def sensitivity(
    model: Model, inputs: CrisisInputs, seed: Any, draws: int, names: list[str] | None = None
) -> list[SensitivityRow]:
    rows = []
    for name in names or sweepable(inputs):
        lo, hi = _range(name, inputs.get_input(name))
        e_lo, p_lo = _run(model, seed, inputs.with_input(name, point(lo)), draws)
        e_hi, p_hi = _run(model, seed, inputs.with_input(name, point(hi)), draws)
        rows.append(SensitivityRow(name, lo, hi, e_lo, e_hi, p_lo, p_hi, abs(e_hi - e_lo)))
    return sorted(rows, key=lambda r: (-r.swing, r.input))


def pivotal(model: Model, inputs: CrisisInputs, seed: Any, draws: int) -> dict[str, Any]:
    """The voter whose position change (0 → 3) moves the expected level most, with every voter's swing."""
    swings: dict[str, float] = {}
    for a in inputs.actors:
        if a.vote <= 0:
            continue
        e0, _ = _run(model, seed, inputs.with_actor(a.iso3, "position", point(0.0)), draws)
        e3, _ = _run(model, seed, inputs.with_actor(a.iso3, "position", point(3.0)), draws)
        swings[a.iso3] = round(e3 - e0, 6)
    actor = max(swings, key=lambda k: (abs(swings[k]), k)) if swings else None
    if actor is not None and swings[actor] == 0:
        actor = None  # no member's position matters (e.g. a baseline)
    return {"actor": actor, "swings": swings}
