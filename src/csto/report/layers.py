"""The report's view of the treaty and behaviour layers, taken through their public functions only.

Each function returns what the report shows, or an :class:`Unavailable` that says plainly why not (the layer
is not installed yet, or it failed on this data); the report prints that reason and never stubs a number.
Behaviour results are read by name (``probabilities``, ``model``, ``brier`` …), from objects or dicts, so the
report follows the layer's documented JSON shape rather than its classes.
"""

from __future__ import annotations

import importlib
import inspect
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from csto.record.record import Record

LEVELS = (0, 1, 2, 3)


@dataclass(frozen=True)
class Unavailable:
    """A section the report cannot fill, and why."""

    reason: str

    def __str__(self) -> str:
        return f"not available: {self.reason}"


@dataclass(frozen=True)
class Validation:
    """Leave-one-out scores per model and baseline, and the predictions behind them."""

    scores: list[dict[str, Any]]
    predictions: list[dict[str, Any]]
    seed: int
    draws: int

    def probability_of_outcome(self, case: str) -> dict[str, float]:
        """Each model's leave-one-out probability of the level that happened in ``case``."""
        return {
            p["model"]: p["probabilities"][p["observed"]]
            for p in self.predictions
            if p["case"] == case
        }


@dataclass(frozen=True)
class Forecast:
    """The behaviour model's answer for one crisis: outcome probabilities and what drives them."""

    model: str
    probabilities: list[dict[str, Any]]
    contributions: list[dict[str, Any]]
    sensitivity: list[dict[str, Any]]
    pivotal: str | None


@dataclass(frozen=True)
class ScenarioResult:
    """One scenario: the treaty's requirement and the model's forecast (either may be unavailable)."""

    path: Path
    id: str
    title: str
    description: str
    required: list[dict[str, Any]] | Unavailable
    forecast: Forecast | Unavailable
    notes: list[str] = field(default_factory=list)

    @property
    def sensitivity(self) -> list[dict[str, Any]]:
        return [] if isinstance(self.forecast, Unavailable) else self.forecast.sensitivity


def get(obj: Any, *names: str, default: Any = None) -> Any:
    """The first of ``names`` found on ``obj`` (attribute or key); dotted names walk nested values."""
    for name in names:
        cur: Any = obj
        ok = True
        for part in name.split("."):
            if isinstance(cur, Mapping) and part in cur:
                cur = cur[part]
            elif not isinstance(cur, Mapping) and hasattr(cur, part):
                cur = getattr(cur, part)
            else:
                ok = False
                break
        if ok:
            return cur() if callable(cur) and not isinstance(cur, type) else cur
    return default


def _public(module: str, name: str) -> Callable[..., Any] | Unavailable:
    """The function ``module.name``: exported by the package, or defined in its submodule ``name``."""
    try:
        mod = importlib.import_module(module)
    except ImportError as exc:
        return Unavailable(f"the {module} layer cannot be imported ({exc})")
    fn = getattr(mod, name, None)
    if fn is None or inspect.ismodule(fn):
        try:
            fn = getattr(importlib.import_module(f"{module}.{name}"), name, None)
        except ImportError:
            fn = None
    if not callable(fn):
        return Unavailable(f"{module}.{name}() does not exist yet")
    return fn


def _call(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call ``fn`` with the keyword arguments its signature accepts."""
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return fn(*args, **kwargs)
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return fn(*args, **kwargs)
    return fn(*args, **{k: v for k, v in kwargs.items() if k in params})


def _fail(what: str, exc: Exception) -> Unavailable:
    return Unavailable(f"{what} failed: {type(exc).__name__}: {exc}")


# --- treaty --------------------------------------------------------------------------------------


def gap_rows(record: Record) -> list[Any] | Unavailable:
    """``csto.treaty.gap()`` on the record: one row per case and reading."""
    fn = _public("csto.treaty", "gap")
    if isinstance(fn, Unavailable):
        return fn
    try:
        return list(_call(fn, record=record))
    except Exception as exc:  # a layer in progress may fail: say so in the report
        return _fail("csto.treaty.gap()", exc)


def required_levels(target: Any, record: Record) -> list[dict[str, Any]] | Unavailable:
    """``csto.treaty.assess()`` on a crisis: the level required under each reading."""
    fn = _public("csto.treaty", "assess")
    if isinstance(fn, Unavailable):
        return fn
    try:
        assessment = _call(fn, target, record=record)
    except Exception as exc:  # a layer in progress may fail: say so in the report
        return _fail("csto.treaty.assess()", exc)
    readings = get(assessment, "readings", default={})
    return [
        {
            "reading": name,
            "title": get(ra, "title", default=name),
            "required": int(get(ra, "required_level", default=0)),
            "contested": int(get(ra, "contested_level", default=0)),
            "summary": str(get(ra, "summary", default="")),
        }
        for name, ra in dict(readings).items()
    ]


# --- behaviour -----------------------------------------------------------------------------------


def _probabilities(value: Any) -> list[float]:
    if isinstance(value, Mapping):
        return [float(value.get(lv, value.get(str(lv), 0.0))) for lv in LEVELS]
    return [float(x) for x in value]


def _score_rows(result: Any) -> list[dict[str, Any]]:
    rows = get(result, "scores", "models", "rows", "summary", default=result)
    if isinstance(rows, Mapping):
        rows = [{"model": k, **dict(v)} for k, v in rows.items()]
    out = []
    for r in rows or []:
        model = get(r, "model", "name")
        brier = get(r, "brier", "brier_score")
        if model is None or brier is None:
            continue
        verdict = str(get(r, "verdict", "note", default="") or "")
        out.append(
            {
                "model": str(model),
                "baseline": bool(get(r, "baseline", "is_baseline", default=False))
                or verdict == "baseline",
                "accuracy": float(get(r, "accuracy", default=math.nan)),
                "brier": float(brier),
                "log_loss": float(get(r, "log_loss", "logloss", default=math.nan)),
                "cases": int(get(r, "n_cases", "cases", "n", default=0) or 0),
                "note": verdict,
            }
        )
    return out


def _prediction_rows(result: Any) -> list[dict[str, Any]]:
    preds = get(result, "predictions", "loo", default=None)
    rows: list[Any] = []
    if preds is None and isinstance(result, Iterable) and not isinstance(result, Mapping):
        # a list of per-model scores, each with its leave-one-out folds
        for score in result:
            model = get(score, "model", "name")
            for fold in get(score, "folds", default=[]) or []:
                rows.append({"model": model, "case": None, "row": fold})
    elif isinstance(preds, Mapping):  # {model: [rows]} or {model: {case: row}}
        for model, value in preds.items():
            items = value.items() if isinstance(value, Mapping) else ((None, v) for v in value)
            for case, v in items:
                rows.append({"model": model, "case": case, "row": v})
    elif isinstance(preds, Iterable):
        rows = [{"model": None, "case": None, "row": v} for v in preds]
    out = []
    for item in rows:
        r = item["row"]
        probs = get(r, "probabilities", "probs", "p")
        observed = get(r, "observed", "actual", "outcome")
        model = get(r, "model", default=item["model"])
        case = get(r, "case", "case_id", "crisis", default=item["case"])
        if probs is None or observed is None or model is None or case is None:
            continue
        out.append(
            {
                "model": str(model),
                "case": str(case),
                "observed": int(observed),
                "probabilities": _probabilities(probs),
            }
        )
    return out


def validation(
    record: Record,
    *,
    seed: int,
    draws: int,
    cache: bool = True,
    progress: Callable[[], None] | None = None,
) -> Validation | Unavailable:
    """Leave-one-out validation from ``csto.behaviour.validate``, computed once and cached on disk."""
    from csto.report import cache as disk

    fn = _public("csto.behaviour", "validate")
    if isinstance(fn, Unavailable):
        return fn
    k = disk.key("validation", record.data_hash, seed=seed, draws=draws) if cache else ""
    hit = disk.load("validation", k) if cache else None
    if isinstance(hit, dict):
        return Validation(hit["scores"], hit["predictions"], seed, draws)
    try:
        result = _call(fn, record=record, seed=seed, draws=draws, progress=progress)
    except Exception as exc:  # a layer in progress may fail: say so in the report
        return _fail("csto.behaviour.validate()", exc)
    scores, predictions = _score_rows(result), _prediction_rows(result)
    if not scores:
        return Unavailable("csto.behaviour.validate() returned no scores the report can read")
    if cache:
        disk.store("validation", k, {"scores": scores, "predictions": predictions})
    return Validation(scores, predictions, seed, draws)


def forecast(crisis: Any, record: Record, *, seed: int, draws: int) -> Forecast | Unavailable:
    """``csto.behaviour.simulate`` on a crisis, read by the names of its documented JSON."""
    fn = _public("csto.behaviour", "simulate")
    if isinstance(fn, Unavailable):
        return fn
    try:
        result = _call(fn, crisis, record=record, seed=seed, draws=draws)
    except Exception as exc:  # a layer in progress may fail: say so in the report
        return _fail("csto.behaviour.simulate()", exc)
    probs = _probabilities(get(result, "probabilities", default=[]))
    if len(probs) != len(LEVELS):
        return Unavailable(
            "csto.behaviour.simulate() returned no probabilities the report can read"
        )
    intervals = get(result, "intervals", default=None)
    if isinstance(intervals, Mapping):
        intervals = [intervals.get(lv, intervals.get(str(lv))) for lv in LEVELS]
    prob_rows = [
        {
            "level": lv,
            "p": p,
            "low": float(intervals[lv][0]) if intervals and intervals[lv] is not None else None,
            "high": float(intervals[lv][1]) if intervals and intervals[lv] is not None else None,
        }
        for lv, p in zip(LEVELS, probs, strict=True)
    ]
    contributions = get(result, "contributions", "expected_contributions", default=[]) or []
    if isinstance(contributions, Mapping):
        contributions = [{"actor": k, "value": v} for k, v in contributions.items()]
    sensitivity = [
        _row(r) for r in get(result, "sensitivity", "explanation.sensitivity", default=[]) or []
    ]
    base = get(result, "expected_level", default=None)
    if base is not None:  # the tornado's centre line: the run's own expected level
        sensitivity = [{"base": float(base), **r} for r in sensitivity]
    pivotal = get(result, "pivotal", "pivotal_actor", "explanation.pivotal", default=None)
    if pivotal is not None and not isinstance(pivotal, str):
        pivotal = str(get(pivotal, "actor", "iso3", "name", default=pivotal))
    return Forecast(
        model=str(get(result, "model", default="")),
        probabilities=prob_rows,
        contributions=[_row(c) for c in contributions],
        sensitivity=sensitivity,
        pivotal=pivotal,
    )


def _row(value: Any) -> dict[str, Any]:
    if isinstance(value, Mapping):
        return dict(value)
    if hasattr(value, "to_dict"):
        return dict(value.to_dict())
    return dict(vars(value))


def scenario(path: Path, record: Record, *, seed: int, draws: int) -> ScenarioResult:
    """One scenario file: the treaty's requirement (``assess``) and the model's forecast (``simulate``)."""
    from csto.crisis import load_scenario

    crisis = load_scenario(path, record)  # a bad file is the user's error: let it raise
    return ScenarioResult(
        path=path,
        id=str(getattr(crisis, "id", None) or path.stem),
        title=str(getattr(crisis, "title", None) or path.stem),
        description=str(getattr(crisis, "description", None) or ""),
        required=required_levels(crisis, record),
        forecast=forecast(crisis, record, seed=seed, draws=draws),
    )
