"""``simulate``: one crisis (a case id or a scenario file), one model → probabilities, contributions, why.

The model is fitted on the historical cases with a fixed calibration seed (:data:`CALIBRATION_SEED`);
when the crisis is itself a historical case, that case is left out of the fit, so its prediction is the
leave-one-out one, never an in-sample fit. The run's own ``seed`` drives the Monte Carlo draws and the
explanation (common random numbers), and is recorded with the model's version and the data's hash; the
same seed gives the same output, byte for byte, in JSON.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import numpy as np

from csto.behaviour.core import Model, Prediction
from csto.behaviour.factors import CrisisInputs, prepare
from csto.behaviour.forecast import Forecast
from csto.behaviour.history import case_base
from csto.behaviour.inputs import Inputs
from csto.behaviour.positions import Params, positions
from csto.behaviour.registry import model_class
from csto.crisis import Crisis
from csto.errors import CstoError
from csto.record.record import Record
from csto.treaty.rulebook import RuleBook

DEFAULT_DRAWS = 4000
CALIBRATION_SEED = 20220106
"""Seed of every calibration run by :func:`fitted_model` (the date of the Kazakhstan decision)."""
MAX_DRAWS = 10_000_000
EXPLAIN_DRAWS = {"bargaining": 200}
"""Draws per run of the explanation, by model (default: the run's draws, at most 2000)."""

Tick = Callable[[str], None]


def data_hash(record: Record, inputs: Inputs, rules: RuleBook | None = None) -> str:
    """SHA-256 over the record's hash, the inputs file's hash and (when given) the rules' hash."""
    parts = [record.data_hash, inputs.hash, *([rules.hash] if rules is not None else [])]
    return hashlib.sha256(":".join(parts).encode()).hexdigest()


def check_draws(draws: int) -> None:
    if not 1 <= draws <= MAX_DRAWS:
        raise CstoError(f"--draws must be between 1 and {MAX_DRAWS:,}, got {draws}")


_FITTED: OrderedDict[tuple[str, ...], Model] = OrderedDict()
_FIT_LOCK = threading.Lock()


def fitted_model(
    name: str,
    record: Record,
    inputs: Inputs,
    rules: RuleBook,
    exclude: str | None = None,
) -> Model:
    """A model of kind ``name`` fitted on the case base of ``record`` (every alliance's cases; a model uses
    those it can), minus the case
    ``exclude`` (its prediction is then the leave-one-out one), with :data:`CALIBRATION_SEED`.

    Fits are cached in memory by the model's name and declared version, the left-out case and the hash of
    exactly the data used (never by object identity). Raises :class:`~csto.errors.CstoError` for an
    unknown model.
    """
    cls = model_class(name)
    key = (name, cls.version, exclude or "", data_hash(record, inputs, rules))
    with _FIT_LOCK:
        hit = _FITTED.get(key)
    if hit is not None:
        return hit
    cases = [c for c in case_base(record, inputs, rules) if c[0].crisis_id != exclude]
    model = cls(seed=CALIBRATION_SEED).fit(cases)
    with _FIT_LOCK:
        _FITTED[key] = model
        while len(_FITTED) > 32:
            _FITTED.popitem(last=False)
    return model


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


def simulate(
    record: Record,
    inputs: Inputs,
    rules: RuleBook,
    crisis: Crisis,
    model: str = "consensus",
    draws: int = DEFAULT_DRAWS,
    seed: int = 0,
    *,
    explain: bool = True,
    tick: Tick | None = None,
    verdict: dict[str, Any] | None = None,
) -> Forecast:
    """Simulate ``crisis`` with ``model`` fitted on the historical cases of ``record`` and ``inputs``.

    Returns a :class:`~csto.behaviour.forecast.Forecast` (a JSON-ready dict): the crisis's ``date`` as it
    was given (EDTF: ``2027-10`` stays a month) and the ``day`` the model evaluates (the middle of that
    date's range), P(level 0–3) with 95% Monte Carlo intervals, the expected and most likely level, contributions by member, the sensitivity table and pivotal actor (``explain``), and the seed,
    model version and data hash that reproduce it, and ``verdict`` (the model's validation verdict, from
    :func:`csto.behaviour.verdict.forecast_verdict`, given by the caller; ``None``: not looked up).
    Raises :class:`~csto.errors.CstoError` for an unknown model, draws outside 1–10,000,000 or a negative
    seed.
    """
    model_class(model)
    check_draws(draws)
    if seed < 0:
        raise CstoError(f"--seed must be a non-negative integer, got {seed}")
    prepared = prepare(crisis, record, inputs, rules)
    step = tick or (lambda _msg: None)
    step("calibrating")
    fitted = fitted_model(model, record, inputs, rules, crisis.case)
    step("simulating")
    m = fitted.clone(seed)
    pred = m.predict(prepared, draws)
    out: dict[str, Any] = {
        "crisis": crisis.id,
        "title": crisis.title,
        "date": crisis.date.edtf,
        "day": prepared.day.isoformat(),
        "coded": prepared.coded,
        "model": model,
        "model_version": fitted.version,
        "classifier": fitted.classifier,
        "seed": seed,
        "draws": draws,
        "data_hash": data_hash(record, inputs, rules),
        "record_hash": record.data_hash,
        "inputs_hash": inputs.hash,
        "verdict": verdict,
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
    return Forecast(out)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, float):
        return _round(value)
    return value
