"""Validation: every model and baseline scored on the case base, under two protocols and every coding
variant, with paired intervals against each baseline, and a verdict per model.

For each protocol (:mod:`csto.behaviour.protocols`: leave-one-out, and time-ordered "as of the day
before") and each coding variant (``default`` and every name in :func:`csto.record.query.known_variants`,
the case base recoded by :meth:`csto.record.case.Case.under`), every case of the case base is predicted by
every model that can predict it, fitted on that protocol's training cases. Cases are then scored in three
nested *scopes*, each with the models that can predict all of its cases:

* ``member`` — the CST/CSTO cases ``inputs.yaml`` codes member by member (every model);
* ``csto`` — every CST/CSTO case (the treaty reading, the case-level model, the base rates);
* ``all`` — every case of every alliance (the case-level model and the base rates).

In each scope: the mean ranked probability score (primary), log loss, multi-class Brier score and accuracy
of each model, the binary Brier score of P(level ≥ 2) on the cases where a request was made, and for every
model–baseline pair the paired comparison of :func:`csto.behaviour.scoring.compare` for each score.

Seeds. Each fit gets a generator from ``SeedSequence(seed, spawn_key=(model, training set))`` and each
prediction one from ``(model, training set, case)``, so a result depends on ``seed`` and the data, not on
the order of the work; the comparisons of a run get one from ``(protocol, scope, variant)`` (every pair of the run is compared on the same resampled cases).
Identical fits and comparisons are computed once.

The verdict of a model (:mod:`csto.behaviour.verdict`) comes from the time-ordered protocol, the default
coding and the widest scope it can predict: its RPS skill against the best baseline there (the baseline
with the lowest mean RPS), with the 95% interval.

The specification is frozen (:func:`spec`): the fingerprint of the models' code and the inputs' hash are
recorded in every result beside those frozen before the enlarged case base was scored (``frozen-spec.json``
in ``csto/data/derived``), and a difference is reported as a change after the freeze.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from csto.behaviour.core import Case, Model
from csto.behaviour.factors import CrisisInputs
from csto.behaviour.inputs import Inputs
from csto.behaviour.protocols import PROTOCOLS, hindsight, training
from csto.behaviour.registry import MODELS, baselines
from csto.behaviour.scoring import SCORES, binary_brier, compare_many, score_table
from csto.record.record import Record
from csto.treaty.rulebook import RuleBook

SCOPES = ("member", "csto", "all")
SCOPE_TEXT = {
    "member": "CST/CSTO cases coded member by member",
    "csto": "CST/CSTO cases",
    "all": "cases of every alliance",
}
_WIDEST = {"member": 0, "csto": 1, "case": 2}

Progress = Callable[[int, int], None]


def scope_index(inputs: CrisisInputs) -> int:
    """The narrowest scope a case belongs to: 0 ``member``, 1 ``csto``, 2 ``all``."""
    if inputs.member_level:
        return 0
    return 1 if inputs.required_level is not None else 2


def widest_scope(name: str) -> str:
    """The widest scope model ``name`` can predict every case of."""
    return SCOPES[_WIDEST[MODELS[name].classifier.get("predicts", "member")]]


def _h(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")


def _signature(case: Case) -> str:
    """A hash of what a model sees of a case: its inputs (not the claims behind them) and its level."""
    inputs, level = case
    seen = (
        inputs.crisis_id,
        level,
        inputs.requested,
        inputs.alliance,
        inputs.required_level,
        inputs.start,
        inputs.end,
        sorted(inputs.case_factors.items()),
        sorted((k, repr(v)) for k, v in inputs.factors.items()),
        [repr(dataclasses.replace(a, claims={})) for a in inputs.actors],
        inputs.coded,
    )
    return hashlib.sha256(repr(seen).encode()).hexdigest()


@dataclass
class _Work:
    """Fits and predictions computed once per run, keyed by what they depend on."""

    seed: int
    draws: int
    fits: dict[tuple[str, str], Model] = field(default_factory=dict)
    predictions: dict[str, list[float]] = field(default_factory=dict)
    comparisons: dict[tuple[str, ...], list[dict[str, Any]]] = field(default_factory=dict)
    signatures: dict[int, str] = field(default_factory=dict)
    new: int = 0

    def signature(self, case: Case) -> str:
        """:func:`_signature`, computed once per case object of the run."""
        sig = self.signatures.get(id(case))
        if sig is None:
            sig = self.signatures[id(case)] = _signature(case)
        return sig

    def usable(self, name: str, train: list[Case]) -> tuple[list[Case], str]:
        """The training cases model ``name`` can use, and the hash of their signatures."""
        cls = MODELS[name]
        usable = [c for c in train if cls.can_predict(c[0])]
        sig = hashlib.sha256("|".join(sorted(map(self.signature, usable))).encode()).hexdigest()
        return usable, sig

    def predict(self, name: str, usable: list[Case], sig: str, case: Case) -> list[float]:
        """Model ``name`` fitted on ``usable`` (signature ``sig``) predicts ``case`` (cached)."""
        cls = MODELS[name]
        key = (name, sig, self.signature(case))
        hit = self.predictions.get(":".join(key))
        if hit is not None:
            return hit
        self.new += 1
        model = self.fits.get((name, sig))
        if model is None:
            fit_seed = np.random.SeedSequence(self.seed, spawn_key=(_h(name), _h(sig)))
            model = cls(seed=fit_seed).fit(usable)
            self.fits[(name, sig)] = model
        run_seed = np.random.SeedSequence(self.seed, spawn_key=(_h(name), _h(sig), _h(key[2])))
        pred = model.clone(run_seed).predict(case[0], self.draws)
        out = [round(float(p), 6) for p in pred.probabilities]
        self.predictions[":".join(key)] = out
        return out


PREDICTIONS_VERSION = "1"
"""Bumped when the way a prediction is derived from its training cases changes (seeds, signatures)."""


def predictions_key(seed: int, draws: int) -> str:
    """The disk-cache key of the predictions of a validation run: the package version, the models'
    specification (their code's fingerprint and versions, :func:`csto.behaviour.verdict.spec_hash`),
    :data:`PREDICTIONS_VERSION`, the seed and the draws. Each prediction inside is keyed by the content of
    its training cases and of the case predicted, so a change of data refits only what it touches, and a
    change of the scoring code refits nothing."""
    from csto.behaviour.verdict import spec_hash
    from csto.version import __version__

    models = spec_hash("")
    text = json.dumps(
        [
            __version__,
            models["models_fingerprint"],
            models["model_versions"],
            PREDICTIONS_VERSION,
            seed,
            draws,
        ]
    )
    return hashlib.sha256(text.encode()).hexdigest()


def _variant_cases(
    record: Record, inputs: Inputs, rules: RuleBook, variants: list[str]
) -> dict[str, list[Case]]:
    from csto.behaviour.history import case_base

    default = case_base(record, inputs, rules)
    out = {"default": default}
    for v in variants:
        if v != "default":
            out[v] = case_base(record, inputs, rules, v, default=default)
    return out


def _scores(probs: list[list[float]], observed: list[int], requested: list[bool]) -> dict[str, Any]:
    table = score_table(probs, observed)
    p = np.asarray(probs)
    o = np.asarray(observed)
    asked = np.asarray(requested, dtype=bool)
    out: dict[str, Any] = {k: round(float(v.mean()), 6) for k, v in table.items()}
    out["accuracy"] = round(float((p.argmax(axis=1) == o).mean()), 6)
    out["binary_brier"] = (
        round(float(binary_brier(p[asked], o[asked]).mean()), 6) if asked.any() else None
    )
    out["binary_n"] = int(asked.sum())
    return out


def _comparisons(
    work: _Work,
    scope: str,
    protocol: str,
    variant: str,
    models: list[str],
    probs: dict[str, list[list[float]]],
    observed: list[int],
) -> list[dict[str, Any]]:
    """Every model against every other baseline, for every score: one batched call of
    :func:`~csto.behaviour.scoring.compare_many` (the same resampled cases for every pair)."""
    if len(observed) < 2:
        return []
    tables = {m: score_table(probs[m], observed) for m in models}
    base = [b for b in baselines() if b in models]
    pairs = [(m, b) for m in models for b in base if b != m]
    if not pairs:
        return []
    x = np.stack([tables[m][s] for m, _ in pairs for s in SCORES])
    y = np.stack([tables[b][s] for _, b in pairs for s in SCORES])
    names = tuple(s for _ in pairs for s in SCORES)
    key = (protocol, scope, variant, x.tobytes().hex(), y.tobytes().hex())
    hit = work.comparisons.get(key)
    if hit is None:
        seed = np.random.SeedSequence(work.seed, spawn_key=(_h(protocol), _h(scope), _h(variant)))
        hit = [c.to_dict() for c in compare_many(x, y, names, seed=seed)]
        work.comparisons[key] = hit
    return [
        {"model": m, "baseline": b, **hit[i * len(SCORES) + j]}
        for i, (m, b) in enumerate(pairs)
        for j in range(len(SCORES))
    ]


def run_scope(
    work: _Work,
    protocol: str,
    variant: str,
    scope: str,
    preds: dict[str, dict[str, list[float]]],
    cases: list[Case],
) -> dict[str, Any]:
    """Scores and comparisons of the models that can predict every case of ``scope``."""
    limit = SCOPES.index(scope)
    inside = [c for c in cases if scope_index(c[0]) <= limit]
    models = [m for m in preds if _WIDEST[MODELS[m].classifier.get("predicts", "member")] >= limit]
    ids = [c[0].crisis_id for c in inside]
    observed = [lv for _, lv in inside]
    probs = {m: [preds[m][i] for i in ids] for m in models}
    requested = [c[0].request_made for c in inside]
    scores = []
    for m in models:
        row = {"model": m, "model_version": MODELS[m].version, "n_cases": len(ids)}
        row.update(_scores(probs[m], observed, requested) if ids else {})
        scores.append(row)
    return {
        "protocol": protocol,
        "variant": variant,
        "scope": scope,
        "n_cases": len(ids),
        "cases": ids,
        "observed": observed,
        "scores": scores,
        "comparisons": _comparisons(work, scope, protocol, variant, models, probs, observed)
        if ids
        else [],
    }


def spec(inputs_hash: str) -> dict[str, Any]:
    """The model specification now and as frozen: ``spec_hash`` (SHA-256 of the models' code fingerprint,
    their versions and the inputs' hash), the frozen one from ``frozen-spec.json``, and ``changed``."""
    from csto.behaviour.verdict import frozen_spec, spec_hash

    now = spec_hash(inputs_hash)
    frozen = frozen_spec()
    return {
        **now,
        "frozen": frozen,
        "changed": frozen is None or frozen["spec_hash"] != now["spec_hash"],
    }


def validate(
    record: Record,
    inputs: Inputs,
    rules: RuleBook,
    *,
    models: tuple[str, ...] | None = None,
    variants: list[str] | None = None,
    seed: int = 0,
    draws: int = 2000,
    progress: Progress | None = None,
    cache: bool = True,
) -> dict[str, Any]:
    """Validate ``models`` (default: every registered model and baseline) on the case base of ``record``.

        Returns a JSON-ready dict: ``runs`` (one per protocol, variant and scope: cases, scores, comparisons),
        ``predictions`` (each case's forecast per protocol under the default coding), ``hindsight`` (per
        case, the inputs knowable the day before and those that are hindsight), ``verdicts`` (one per model),
        ``goal`` (whether the best model beats the best baseline under the time-ordered protocol), ``spec``,
        ``seed``, ``draws``. ``progress(done, total)`` is called after each prediction. With ``cache``, the
    predictions are kept on disk (:func:`predictions_key`) and reused by the next run.
    """
    from csto.behaviour.verdict import goal, verdicts
    from csto.record.query import known_variants

    names = tuple(models) if models is not None else tuple(MODELS)
    variant_names = variants if variants is not None else known_variants(record)
    by_variant = _variant_cases(record, inputs, rules, variant_names)
    from csto import cache as disk

    work = _Work(seed, draws)
    pkey = predictions_key(seed, draws)
    cached = disk.load("predictions", pkey) if cache else None
    if isinstance(cached, dict):
        work.predictions.update(cached)
    total = sum(
        sum(MODELS[m].can_predict(c[0]) for c in cases for m in names) * len(PROTOCOLS)
        for cases in by_variant.values()
    )
    done = 0
    runs: list[dict[str, Any]] = []
    predictions: list[dict[str, Any]] = []
    for protocol in PROTOCOLS:
        for variant, cases in by_variant.items():
            preds: dict[str, dict[str, list[float]]] = {m: {} for m in names}
            n_train: dict[str, int] = {}
            for k, case in enumerate(cases):
                train = training(protocol, cases, k)
                n_train[case[0].crisis_id] = len(train)
                groups: dict[str, tuple[list[Case], str]] = {}
                for m in names:
                    if not MODELS[m].can_predict(case[0]):
                        continue
                    group = str(MODELS[m].classifier.get("predicts", "member"))
                    if group not in groups:
                        groups[group] = work.usable(m, train)
                    preds[m][case[0].crisis_id] = work.predict(m, *groups[group], case)
                    done += 1
                    if progress is not None:
                        progress(done, total)
            for scope in SCOPES:
                runs.append(run_scope(work, protocol, variant, scope, preds, cases))
            if variant == "default":
                for inputs_, level in cases:
                    cid = inputs_.crisis_id
                    for m in names:
                        if cid in preds[m]:
                            predictions.append(
                                {
                                    "protocol": protocol,
                                    "model": m,
                                    "case": cid,
                                    "alliance": inputs_.alliance,
                                    "observed": level,
                                    "training_cases": n_train[cid],
                                    "probabilities": preds[m][cid],
                                }
                            )
    out: dict[str, Any] = {
        "seed": seed,
        "draws": draws,
        "resamples": {"bootstrap": _resamples()[0], "permutations": _resamples()[1]},
        "models": {
            m: {
                "version": MODELS[m].version,
                "label": MODELS[m].label,
                "baseline": bool(MODELS[m].classifier.get("baseline")),
                "predicts": widest_scope(m),
            }
            for m in names
        },
        "variants": list(by_variant),
        "runs": runs,
        "predictions": predictions,
        "hindsight": [hindsight(record, c[0]) for c in by_variant["default"]],
        "spec": spec(inputs.hash),
    }
    out["verdicts"] = verdicts(out)
    out["goal"] = goal(out)
    if cache and work.new:
        disk.store("predictions", pkey, work.predictions)
    return json.loads(json.dumps(out, allow_nan=False))


def _resamples() -> tuple[int, int]:
    from csto.behaviour.scoring import PERMUTATIONS, RESAMPLES

    return RESAMPLES, PERMUTATIONS
