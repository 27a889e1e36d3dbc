"""The verdict that travels with every forecast: one sentence and a skill interval from validation.

A model's verdict (:func:`verdict_of`) is its ranked-probability-score skill against the best baseline
(the baseline, other than itself, with the lowest mean RPS) under the time-ordered protocol ("as of the
day before"), the default coding and the widest scope of cases it can predict, with the paired bootstrap
95% interval of :func:`csto.behaviour.scoring.compare`. When the interval includes zero the sentence says
plainly that the model is not shown to beat the best baseline; when it lies below zero, that it does worse.

Forecasts never wait for a validation run: :func:`forecast_verdict` reads the validation cached for the
session's data (:mod:`csto.cache`, keyed by :func:`validation_key`), which ships with the package for the
shipped data and the default seed and draws; for other data without a cached validation it falls back on
the shipped one and says so.

The model specification (:func:`spec_hash`): the fingerprint of the models' code (the behaviour package
without the validation harness and the front-end helpers listed in :data:`HARNESS`), their declared
versions and the inputs' hash. ``frozen-spec.json`` records the specification as it was before the
enlarged case base was first scored; every validation reports whether the specification has changed since.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from csto import cache as disk
from csto.behaviour.registry import MODELS

DEFAULT_SEED = 0
DEFAULT_DRAWS = 2000
"""The validation shipped with the package (and used for every forecast's verdict)."""

PRIMARY = {"protocol": "time-ordered", "variant": "default", "score": "rps"}

HARNESS = (
    "behaviour/validate.py",
    "behaviour/scoring.py",
    "behaviour/protocols.py",
    "behaviour/verdict.py",
    "behaviour/simulate.py",
    "behaviour/explain.py",
    "behaviour/sweep.py",
    "behaviour/forecast.py",
    "behaviour/validation_result.py",
)
"""Modules of ``csto.behaviour`` that score, explain or run the models but do not define them."""

FROZEN_SPEC = "frozen-spec.json"

SCOPE_NOUN = {
    "member": "CST/CSTO cases coded member by member",
    "csto": "CST/CSTO cases",
    "all": "cases of every alliance",
}


def spec_hash(inputs_hash: str) -> dict[str, Any]:
    """The specification of the models now: ``spec_hash``, ``models_fingerprint``, ``model_versions``,
    ``inputs_hash``."""
    fingerprint = disk.code_fingerprint("behaviour", exclude=HARNESS)
    versions = {name: cls.version for name, cls in sorted(MODELS.items())}
    text = json.dumps([fingerprint, versions, inputs_hash], sort_keys=True)
    return {
        "spec_hash": hashlib.sha256(text.encode()).hexdigest(),
        "models_fingerprint": fingerprint,
        "model_versions": versions,
        "inputs_hash": inputs_hash,
    }


def frozen_spec() -> dict[str, Any] | None:
    """The frozen specification shipped in ``csto/data/derived/frozen-spec.json``, if any."""
    path = disk.shipped_dir() / FROZEN_SPEC
    if not path.is_file():
        return None
    value: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return value


def validation_key(data_hash: str, seed: int = DEFAULT_SEED, draws: int = DEFAULT_DRAWS) -> str:
    """The cache key of a validation: the data hash, the models' versions, the code's fingerprint, the
    package version, the seed and the draws (:func:`csto.cache.key`)."""
    versions = {name: cls.version for name, cls in MODELS.items()}
    return disk.key("validation", data_hash, seed=seed, draws=draws, models=versions)


def _run(result: dict[str, Any], scope: str) -> dict[str, Any] | None:
    for run in result["runs"]:
        if (run["protocol"], run["variant"], run["scope"]) == (
            PRIMARY["protocol"],
            PRIMARY["variant"],
            scope,
        ):
            found: dict[str, Any] = run
            return found
    return None


def _fmt(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.2f}"


def verdict_of(result: dict[str, Any], model: str) -> dict[str, Any]:
    """The verdict of ``model`` in a validation ``result`` (:func:`csto.behaviour.validate.validate`)."""
    info = result["models"].get(model)
    label = MODELS[model].label if model in MODELS else model
    if info is None:
        return {
            "model": model,
            "validated": False,
            "beats_baseline": False,
            "sentence": f"{label.capitalize()} was not validated: its forecasts have no verdict.",
        }
    scope = info["predicts"]
    run = _run(result, scope)
    rows = run["scores"] if run else []
    others = [r for r in rows if result["models"][r["model"]]["baseline"] and r["model"] != model]
    if run is None or not others or run["n_cases"] < 2:
        return {
            "model": model,
            "validated": False,
            "beats_baseline": False,
            "sentence": f"{label.capitalize()} has too few past cases to be validated.",
        }
    best = min(others, key=lambda r: r["rps"])["model"]
    cmp = next(
        c
        for c in run["comparisons"]
        if c["model"] == model and c["baseline"] == best and c["score"] == PRIMARY["score"]
    )
    lo, hi = cmp["skill_interval"]
    n = run["n_cases"]
    head = (
        f"On {n} past {SCOPE_NOUN[scope]}, each forecast as of the day before it began, {label}'s RPS "
        f"skill against {MODELS[best].label} (the best baseline) is {_fmt(cmp['skill'])} "
        f"[{_fmt(lo)}, {_fmt(hi)}]"
    )
    beats = lo is not None and lo > 0
    if beats:
        tail = ": it beats the best baseline."
    elif hi is not None and hi < 0:
        tail = f": it does worse than {MODELS[best].label}, the best baseline."
    else:
        tail = ": the interval includes zero, so this model is not shown to beat the best baseline."
    changed = result["spec"]["changed"]
    if changed:
        tail += " (The model specification has changed since it was frozen.)"
    return {
        "model": model,
        "validated": True,
        "sentence": head + tail,
        "skill": cmp["skill"],
        "interval": [lo, hi],
        "baseline": best,
        "n_cases": n,
        "protocol": PRIMARY["protocol"],
        "variant": PRIMARY["variant"],
        "scope": scope,
        "score": PRIMARY["score"],
        "p_value": cmp["p_value"],
        "beats_baseline": beats,
        "spec_changed": changed,
    }


def verdicts(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The verdict of every model in ``result``."""
    return {m: verdict_of(result, m) for m in result["models"]}


def goal(result: dict[str, Any]) -> dict[str, Any]:
    """Whether the issue's goal is met: some model (not a baseline) has an RPS skill against the best
    baseline whose 95% interval lies above zero under the time-ordered protocol."""
    models = [m for m, info in result["models"].items() if not info["baseline"]]
    winners = [m for m in models if result["verdicts"][m]["beats_baseline"]]
    if winners:
        sentence = (
            "Under the time-ordered protocol, "
            + ", ".join(MODELS[m].label for m in winners)
            + " beat the best baseline: the 95% interval of the RPS skill lies above zero."
        )
    else:
        sentence = (
            "Under the time-ordered protocol no model's RPS skill against the best baseline has a 95% "
            "interval above zero: no model is shown to beat the best baseline."
        )
    return {"met": bool(winners), "models": winners, "sentence": sentence}


def shipped_validation() -> dict[str, Any] | None:
    """The validation shipped with the package (for the shipped data, default seed and draws)."""
    for path in sorted(disk.shipped_dir().glob("validation-*.json*")):
        key = path.name.removeprefix("validation-").split(".")[0]
        value = disk.load("validation", key)
        return value if isinstance(value, dict) else None
    return None


def forecast_verdict(data_hash: str, model: str) -> dict[str, Any]:
    """The verdict printed beside a forecast of ``model`` on the data ``data_hash``: from the validation
    cached for that data, else from the shipped validation (saying so), never by running one."""
    hit = disk.load("validation", validation_key(data_hash))
    source = "this data"
    if not isinstance(hit, dict) or "verdicts" not in hit:
        hit = shipped_validation()
        source = "the shipped record"
    if hit is None or "verdicts" not in hit:
        label = MODELS[model].label if model in MODELS else model
        return {
            "model": model,
            "validated": False,
            "beats_baseline": False,
            "sentence": f"No validation of {label} is on record: run `csto validate`.",
            "source": None,
        }
    out = dict(hit["verdicts"].get(model) or verdict_of(hit, model))
    out["source"] = source
    if source != "this data" and out.get("validated"):
        out["sentence"] += (
            " (Validated on the shipped record: run `csto validate` to validate on this data.)"
        )
    return out
