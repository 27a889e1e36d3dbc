"""A CSTO crisis (a record case or a scenario file) as a spatial bargaining scenario.

The members bargain over one issue, the alliance's response on the outcome scale (0 no action ·
1 statement · 2 consultations, a mission or non-troop aid · 3 forces deployed), written on KTAB's
0–100 scale as ``level × 100 / 3``. Each member's inputs are the ones the consensus model uses,
from :func:`csto.behaviour.factors.prepare` (which cites the coded inputs and the record):

* **capability**: the centre (mean) of the member's coded capability, times its vote share (the
  probability that it is in good standing on the crisis date). A member with no vote (Armenia's
  frozen participation, Uzbekistan's suspension) is left out, since the model needs a positive
  capability (smpc rejects a zero vote weight); it is listed in :attr:`CrisisScenario.absent`.
  Assumption: in the PCE a vote counts ``capability × utility difference``, so scaling capability by
  the vote share gives each member its expected say. Capability enters raw, as the project's
  bargaining model passes it to the spatial model (the consensus model's exponent π is not used).
* **salience**: the centre of the coded salience (0–1), × 100, at least :data:`MIN_SALIENCE`
  (0.1, the floor :mod:`csto.behaviour.bargaining` uses), since an actor with no salience has no
  defined distance.
* **position**: the centre of the scenario's ``actors`` override where it gives one; otherwise —
  **a modelling assumption** — the consensus model's position function
  (:func:`csto.behaviour.positions.positions`) evaluated at the centres of every input, without
  the decision noise, clipped to 0–3, with the weights calibrated on the historical cases
  (:func:`csto.behaviour.simulate.fitted_model`, seed :data:`~csto.behaviour.simulate.CALIBRATION_SEED`,
  the crisis itself left out when it is a case), as the project's bargaining model does. The
  function is linear in the inputs (the one product, ``victim_is_russia × russia_at_war``, is of
  independent inputs) and the logistic noise has mean 0, so this is the mean of the unclipped
  position over the Monte Carlo draws of ``csto simulate``.

Positions and saliences are rounded to 0.01 on the 0–100 scale (the model's own grid), so that the
scenario run here and the KTAB CSV written by :func:`ktab_csv` are the same numbers. Nothing is drawn
at random here: the only random step is the calibration, with its fixed, recorded seed.

The settled level is the probability-weighted mean outcome rounded to the nearest level, with the
Article 4 cap of the consensus and bargaining models (no level 3 unless assistance was requested):
the rule of :func:`csto.behaviour.bargaining.settle`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from csto.behaviour.consensus import CalibratedModel, ConsensusModel
from csto.behaviour.factors import CrisisInputs, prepare
from csto.behaviour.inputs import MEMBER_FACTORS, Inputs
from csto.behaviour.positions import Params, positions
from csto.behaviour.sampling import Sampled
from csto.behaviour.simulate import CALIBRATION_SEED, data_hash, fitted_model
from csto.behaviour.spatial.csvio import write_ktab_csv
from csto.behaviour.spatial.model import MAX_ITER, SpatialResult, run
from csto.behaviour.spatial.scenario import MIN_ACTORS, SpatialScenario
from csto.crisis import Crisis, Distribution
from csto.errors import CstoError
from csto.record.record import Record
from csto.treaty.rulebook import RuleBook

MODEL = "spatial"
VERSION = "1.0"
"""Version of the mapping from a crisis to the spatial model (with the model, KTAB smpc's defaults)."""

DIMENSION = "Response Position"
"""The issue's name (the position column's header in a KTAB CSV)."""
LEVELS = 3.0
"""The top of the outcome scale (0–3)."""
MIN_SALIENCE = 0.1
"""Smallest salience given to a member, on the 0–100 scale."""
GRID_DECIMALS = 2
"""Positions and saliences are rounded to this many decimals on the 0–100 scale."""
LEVEL_DECIMALS = 2
"""Decimals of the 0–3 levels printed and in JSON."""

PositionFrom = Literal["scenario", "consensus model"]


@dataclass(frozen=True)
class BargainActor:
    """One member as an actor of the spatial model.

    ``vote``: probability of good standing on the crisis date (0–1); ``capability``: coded
    capability × vote (raw units of the inputs file); ``salience``: 0–100; ``position``: the
    preferred outcome level, 0–3; ``position_from``: where the position comes from.
    """

    iso3: str
    role: str
    vote: float
    capability: float
    salience: float
    position: float
    position_from: PositionFrom


@dataclass(frozen=True, eq=False)
class CrisisScenario:
    """A crisis's spatial scenario and how it was built.

    ``scenario`` is what the model runs (and :func:`ktab_csv` writes); ``actors`` are its rows in
    order; ``absent`` lists ``(iso3, reason)`` for members without a vote; ``params`` are the
    calibrated position weights; ``request_level`` (0–3) is what was asked (the Article 4 cap);
    ``calibration`` records the model, version, seed and left-out case of the calibration.
    """

    crisis_id: str
    title: str
    day: dt.date
    coded: bool
    request_level: float
    required_level: int
    actors: tuple[BargainActor, ...]
    absent: tuple[tuple[str, str], ...]
    params: Params
    scenario: SpatialScenario
    calibration: dict[str, Any]
    data_hash: str


def _centre(dist: Distribution | None) -> float:
    return 0.0 if dist is None else float(dist.center)


def central_positions(
    prepared: CrisisInputs, params: Params, *, clip: bool = True
) -> NDArray[np.float64]:
    """(N,) each member's position (0–3) at the centres of its inputs: the consensus model's
    position function with no noise, clipped to 0–3 unless ``clip`` is false; an override's centre
    where the crisis gives one.
    """
    n = len(prepared.actors)
    pos = np.array(
        [_centre(a.position) if a.position is not None else np.nan for a in prepared.actors]
    )
    d = Sampled(
        factors={k: np.array([v.center]) for k, v in prepared.factors.items()},
        capability=np.array([[_centre(a.capability) for a in prepared.actors]]),
        salience=np.array([[_centre(a.salience) for a in prepared.actors]]),
        favours=np.array([[_centre(a.favours_adversary) for a in prepared.actors]]),
        cost=np.array([[sum(_centre(a.get(m)) for m in MEMBER_FACTORS) for a in prepared.actors]]),
        position=pos[None, :],
        has_position=~np.isnan(pos)[None, :],
        vote=np.array([[a.vote for a in prepared.actors]]),
        noise=np.zeros((1, n)),
        is_russia=np.array([a.iso3 == "RUS" for a in prepared.actors]),
        is_requester=np.array([a.role == "requester" for a in prepared.actors]),
    )
    out: NDArray[np.float64] = positions(params, d)[0]
    return np.clip(out, 0.0, LEVELS) if clip else out


def build_scenario(
    prepared: CrisisInputs, params: Params
) -> tuple[SpatialScenario, tuple[BargainActor, ...], tuple[tuple[str, str], ...]]:
    """The spatial scenario of a prepared crisis with position weights ``params`` (see the module
    docstring): ``(scenario, actors, absent)``.

    Raises :class:`~csto.errors.CstoError` when fewer than 3 members have a vote.
    """
    x = central_positions(prepared, params)
    actors: list[BargainActor] = []
    percent: list[float] = []
    absent: list[tuple[str, str]] = []
    for j, a in enumerate(prepared.actors):
        if a.vote <= 0.0:
            absent.append((a.iso3, f"not in good standing on {prepared.day}: no vote"))
            continue
        capability = max(_centre(a.capability), 1e-9) * a.vote
        salience = round(max(min(_centre(a.salience), 1.0) * 100.0, MIN_SALIENCE), GRID_DECIMALS)
        percent.append(round(float(x[j]) * 100.0 / LEVELS, GRID_DECIMALS))
        position = percent[-1] * LEVELS / 100.0
        actors.append(
            BargainActor(
                iso3=a.iso3,
                role=a.role,
                vote=a.vote,
                capability=capability,
                salience=salience,
                position=position,
                position_from="scenario" if a.position is not None else "consensus model",
            )
        )
    if len(actors) < MIN_ACTORS:
        raise CstoError(
            f"crisis {prepared.crisis_id}: {len(actors)} members have a vote on {prepared.day}; "
            f"the bargaining model needs at least {MIN_ACTORS}"
        )
    scenario = SpatialScenario.from_arrays(
        [a.capability for a in actors],
        [[v] for v in percent],
        [[a.salience] for a in actors],
        name=prepared.crisis_id,
        description=prepared.title,
        actor_names=[a.iso3 for a in actors],
        actor_descriptions=[a.role for a in actors],
        dimension_names=[DIMENSION],
        decimals=GRID_DECIMALS,
    )
    return scenario, tuple(actors), tuple(absent)


def crisis_scenario(
    crisis: Crisis, record: Record, inputs: Inputs, rules: RuleBook
) -> CrisisScenario:
    """Prepare ``crisis`` (:func:`~csto.behaviour.factors.prepare`), calibrate the position weights
    on the historical cases (leaving ``crisis`` out when it is one) and build its spatial scenario.

    Raises :class:`~csto.errors.CstoError` as :func:`prepare` and :func:`build_scenario` do.
    """
    prepared = prepare(crisis, record, inputs, rules)
    fitted = fitted_model("consensus", record, inputs, rules, crisis.case)
    assert isinstance(fitted, CalibratedModel)
    scenario, actors, absent = build_scenario(prepared, fitted.params)
    return CrisisScenario(
        crisis_id=prepared.crisis_id,
        title=prepared.title,
        day=prepared.day,
        coded=prepared.coded,
        request_level=float(prepared.factors["request_level"].center),
        required_level=prepared.required_level if prepared.required_level is not None else 0,
        actors=actors,
        absent=absent,
        params=fitted.params,
        scenario=scenario,
        calibration={
            "model": ConsensusModel.name,
            "model_version": ConsensusModel.version,
            "seed": CALIBRATION_SEED,
            "left_out": crisis.case,
        },
        data_hash=data_hash(record, inputs, rules),
    )


def to_level(value: float) -> float:
    """A position on KTAB's 0–100 scale as an outcome level (0–3), rounded to :data:`LEVEL_DECIMALS`."""
    return round(float(value) * LEVELS / 100.0, LEVEL_DECIMALS)


def settled_level(mean_level: float, request_level: float) -> int:
    """The settled mean (0–3) rounded to a level, capped at 2 when less than assistance was asked
    (the rule of :func:`csto.behaviour.bargaining.settle`)."""
    level = int(np.clip(np.rint(mean_level), 0, 3))
    return 2 if request_level < 2.5 and level > 2 else level


@dataclass(frozen=True, eq=False)
class CrisisBargain:
    """The spatial model run on a crisis: its scenario (``setup``) and the run (``result``)."""

    setup: CrisisScenario
    result: SpatialResult

    @property
    def mean_level(self) -> float:
        """The probability-weighted mean of the distinct final positions, 0–3 (unrounded)."""
        return float(self.result.forecast_mean[0]) * LEVELS / 100.0

    @property
    def level(self) -> int:
        """The settled level (0–3): :func:`settled_level`."""
        return settled_level(self.mean_level, self.setup.request_level)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the crisis, what reproduces the run (model, version, calibration, data hash),
        the actors with their inputs and final positions (0–3), the forecast and the final options."""
        s, r = self.setup, self.result
        final = r.final_positions[:, 0]
        return {
            "crisis": s.crisis_id,
            "title": s.title,
            "date": s.day.isoformat(),
            "coded": s.coded,
            "model": MODEL,
            "model_version": VERSION,
            "data_hash": s.data_hash,
            "calibration": s.calibration,
            "position_weights": s.params.to_dict(),
            "actors": [
                {
                    "actor": a.iso3,
                    "role": a.role,
                    "vote": round(a.vote, 6),
                    "capability": round(a.capability, 6),
                    "salience": a.salience,
                    "position": round(a.position, LEVEL_DECIMALS),
                    "position_from": a.position_from,
                    "final_position": to_level(final[i]),
                }
                for i, a in enumerate(s.actors)
            ],
            "absent": [{"actor": iso3, "reason": why} for iso3, why in s.absent],
            "turns": r.turns,
            "forecast": {
                "mean_level": round(self.mean_level, LEVEL_DECIMALS),
                "most_probable_level": to_level(r.forecast_mode[0]),
                "tie": r.tie,
                **({"tied_levels": [to_level(v) for v in r.forecast_modes[:, 0]]} if r.tie else {}),
                "settled_level": self.level,
                "required_level": s.required_level,
            },
            "final_options": [
                {"level": to_level(pos[0]), "probability": round(float(p), 6)}
                for pos, p in zip(r.final_options, r.final_option_probs, strict=True)
            ],
        }


def bargain(
    crisis: Crisis,
    record: Record,
    inputs: Inputs,
    rules: RuleBook,
    *,
    max_turns: int = MAX_ITER,
) -> CrisisBargain:
    """Run the spatial model on ``crisis`` (:func:`crisis_scenario`, then :func:`.model.run`).

    Deterministic given the data (its hash is in the result). Raises
    :class:`~csto.errors.CstoError` as :func:`crisis_scenario` does.
    """
    setup = crisis_scenario(crisis, record, inputs, rules)
    return CrisisBargain(setup=setup, result=run(setup.scenario, max_turns=max_turns))


def ktab_csv(
    crisis: Crisis, record: Record, inputs: Inputs, rules: RuleBook, path: str | Path
) -> CrisisScenario:
    """Write ``crisis``'s spatial scenario (:func:`crisis_scenario`) as a KTAB CSV that smpc and
    :func:`.csvio.read_ktab_csv` read: one dimension, ``Response Position`` (level × 100/3), actors
    the members with a vote (ISO codes, their role as the description). Returns what was written.

    Raises :class:`~csto.errors.CstoError` as :func:`crisis_scenario` does, and
    :class:`.ScenarioError` when the file cannot be written.
    """
    setup = crisis_scenario(crisis, record, inputs, rules)
    write_ktab_csv(setup.scenario, path)
    return setup
