"""``simulate``: one crisis (a case id or a scenario file), one model → probabilities, contributions, why.

The model is fitted on the historical cases with a fixed calibration seed (:data:`CALIBRATION_SEED`);
when the crisis is itself a historical case, that case is left out of the fit, so its prediction is the
leave-one-out one, never an in-sample fit. The run's own ``seed`` drives the Monte Carlo draws and the
explanation (common random numbers), and is recorded with the model's version and the data's hash; the
same seed gives the same output, byte for byte, in JSON.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import numpy as np

from csto.behaviour.core import Model, Prediction
from csto.behaviour.factors import CrisisInputs, prepare
from csto.behaviour.inputs import Inputs, load_inputs
from csto.behaviour.positions import Params, positions
from csto.behaviour.registry import model_class
from csto.crisis import Crisis, resolve
from csto.errors import CstoError
from csto.record.load import load_record
from csto.record.record import Record

DEFAULT_DRAWS = 4000
CALIBRATION_SEED = 20220106
"""Seed of every calibration run by :func:`fitted_model` (the date of the Kazakhstan decision)."""
MAX_DRAWS = 10_000_000
EXPLAIN_DRAWS = {"bargaining": 200}
"""Draws per run of the explanation, by model (default: the run's draws, at most 2000)."""

Tick = Callable[[str], None]


def data_hash(record: Record, inputs: Inputs) -> str:
    """SHA-256 over the record's hash and the inputs file's hash."""
    return hashlib.sha256(f"{record.data_hash}:{inputs.hash}".encode()).hexdigest()


def check_draws(draws: int) -> None:
    if not 1 <= draws <= MAX_DRAWS:
        raise CstoError(f"--draws must be between 1 and {MAX_DRAWS:,}, got {draws}")


@lru_cache(maxsize=32)
def _fitted(name: str, exclude: str | None, record_hash: str, inputs_hash: str) -> Model:
    from csto.behaviour.history import historical_cases

    cases = [c for c in historical_cases(load_record(), load_inputs()) if c[0].crisis_id != exclude]
    return model_class(name)(seed=CALIBRATION_SEED).fit(cases)


def fitted_model(name: str, exclude: str | None = None) -> Model:
    """A model of kind ``name`` fitted on the shipped historical cases, minus ``exclude``."""
    model_class(name)
    record, inputs = load_record(), load_inputs()
    return _fitted(name, exclude, record.data_hash, inputs.hash)


def _round(x: float) -> float:
    return float(round(x, 6))


def contributions(model: Model, inputs: CrisisInputs, pred: Prediction) -> list[dict[str, Any]]:
    """Per member: vote, weight in the Council (ω·s), mean position, P(blocks the next level)."""
    d = pred.extra.get("sampled")
    params: Params | None = getattr(model, "params", None)
    if d is None or params is None or pred.levels is None:
        return [{"actor": a.iso3, "role": a.role, "vote": _round(a.vote)} for a in inputs.actors]
    x = positions(params, d)
    w = d.vote * d.capability**params.pi
    total = w.sum(axis=1, keepdims=True)
    w = np.divide(w, total, out=np.zeros_like(w), where=total > 0) * d.salience
    nxt = pred.levels[:, None] + 1
    blocks = (d.vote > 0) & (x < nxt) & (nxt <= 3)
    rows = []
    for j, a in enumerate(inputs.actors):
        rows.append(
            {
                "actor": a.iso3,
                "role": a.role,
                "vote": _round(a.vote),
                "weight": _round(float(w[:, j].mean())),
                "mean_position": _round(float(np.clip(x[:, j], 0, 3).mean())),
                "p_blocks_next_level": _round(float(blocks[:, j].mean())),
            }
        )
    return rows


def run(
    crisis: Crisis,
    model: str = "consensus",
    draws: int = DEFAULT_DRAWS,
    seed: int = 0,
    *,
    explain: bool = True,
    tick: Tick | None = None,
) -> dict[str, Any]:
    """Simulate ``crisis``; a JSON-ready dict (see the module docstring)."""
    check_draws(draws)
    if seed < 0:
        raise CstoError(f"--seed must be a non-negative integer, got {seed}")
    record, inputs = load_record(), load_inputs()
    prepared = prepare(crisis, record, inputs)
    step = tick or (lambda _msg: None)
    step("calibrating")
    fitted = fitted_model(model, crisis.case)
    step("simulating")
    m = fitted.clone(seed)
    pred = m.predict(prepared, draws)
    out: dict[str, Any] = {
        "crisis": crisis.id,
        "title": crisis.title,
        "date": prepared.day.isoformat(),
        "coded": prepared.coded,
        "model": model,
        "model_version": fitted.version,
        "classifier": fitted.classifier,
        "seed": seed,
        "draws": draws,
        "data_hash": data_hash(record, inputs),
        "record_hash": record.data_hash,
        "inputs_hash": inputs.hash,
        "probabilities": {str(i): _round(p) for i, p in enumerate(pred.probabilities)},
        "intervals": {str(i): [_round(a), _round(b)] for i, (a, b) in enumerate(pred.intervals)},
        "expected_level": _round(pred.expected_level),
        "most_likely_level": pred.mode,
        "contributions": contributions(fitted, prepared, pred),
        "factors": {k: v.model_dump(exclude_none=True) for k, v in prepared.factors.items()},
        "factor_claims": prepared.claims,
        "calibration": {
            **_jsonable(fitted.fitted()),
            "seed": CALIBRATION_SEED,
            "left_out": crisis.case,
        },
    }
    for key in ("required_level", "strict_reading", "settled_mean"):
        if key in pred.extra:
            value = pred.extra[key]
            out[key] = _round(value) if isinstance(value, float) else value
    if explain:
        from csto.behaviour.explain import pivotal, sensitivity

        n = min(draws, EXPLAIN_DRAWS.get(model, 2000))
        step("explaining")
        out["sensitivity"] = [r.to_dict() for r in sensitivity(fitted, prepared, seed, n)]
        piv = pivotal(fitted, prepared, seed, n)
        out["pivotal_actor"] = piv["actor"]
        out["pivotal_swings"] = piv["swings"]
        out["explanation_draws"] = n
    return out


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, float):
        return _round(value)
    return value


def simulate(
    target: str | Crisis,
    model: str = "consensus",
    draws: int = DEFAULT_DRAWS,
    seed: int = 0,
    *,
    explain: bool = True,
    tick: Tick | None = None,
) -> dict[str, Any]:
    """Simulate a case id, a scenario file path or a :class:`Crisis`."""
    model_class(model)
    crisis = target if isinstance(target, Crisis) else resolve(str(target), load_record())
    return run(crisis, model, draws, seed, explain=explain, tick=tick)
