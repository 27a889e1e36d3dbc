"""Validation: the baselines by hand, the protocols, the output's shape, reproducibility, honest verdicts."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from csto.behaviour.baselines import (
    BaseRate,
    ReferenceClass,
    RequestBaseRate,
    StrictTreatyBaseline,
    cell,
)
from csto.behaviour.calibrate import coordinate_search
from csto.behaviour.positions import Params
from csto.behaviour.protocols import hindsight, knowable, training
from csto.behaviour.registry import MODELS, baselines
from csto.behaviour.scoring import SCORES
from csto.behaviour.validate import SCOPES, validate
from csto.behaviour.verdict import verdict_of

from .behaviour_helpers import cases, session

CHEAP = ("ordinal", "strict", "base-rate", "request-base-rate", "reference-class")
"""The models that fit in milliseconds: enough to check the machinery on the whole case base."""


@pytest.fixture(scope="module")
def base() -> list:
    return session().case_base()


@pytest.fixture(scope="module")
def result() -> dict:
    s = session()
    variant = next(v for v in s.record.cases["osh-2010"].variant_names if v != "default")
    return validate(
        s.record,
        s.inputs,
        s.rules,
        models=CHEAP,
        variants=["default", variant],
        seed=3,
        cache=False,
    )


# --- the baselines ---------------------------------------------------------------------------------


def test_base_rate_is_the_jeffreys_smoothed_frequency_of_the_same_alliance(base: list) -> None:
    held = next(i for i, (c, _) in enumerate(base) if c.alliance == "csto")
    train = [c for i, c in enumerate(base) if i != held]
    counts = [0, 0, 0, 0]
    for c, level in train:
        if c.alliance == "csto":
            counts[level] += 1
    pred = BaseRate().fit(train).predict(base[held][0])
    n = sum(counts)
    assert pred.probabilities == pytest.approx([(k + 0.5) / (n + 2) for k in counts])


def test_request_base_rate_conditions_on_the_cell_and_backs_off(base: list) -> None:
    model = RequestBaseRate().fit(base)
    inputs = base[0][0]
    counts = [0, 0, 0, 0]
    for c, level in base:
        if cell(c) == cell(inputs):
            counts[level] += 1
    n = sum(counts)
    assert model.predict(inputs).probabilities == pytest.approx(
        [(k + 0.5) / (n + 2) for k in counts]
    )
    odd = dataclasses.replace(inputs, case_factors={**inputs.case_factors, "threat": "never-seen"})
    pooled = [0, 0, 0, 0]
    for _, level in base:
        pooled[level] += 1
    backed = model.predict(odd)
    assert backed.extra["backed_off"]
    assert backed.probabilities == pytest.approx([(k + 0.5) / (len(base) + 2) for k in pooled])


def test_reference_class_never_uses_a_csto_case(base: list) -> None:
    model = ReferenceClass().fit(base)
    others = [level for c, level in base if c.alliance != "csto"]
    assert sum(model.counts) == len(others)
    csto_only = ReferenceClass().fit([c for c in base if c[0].alliance == "csto"])
    assert csto_only.counts == [0, 0, 0, 0]


def test_strict_baseline_uses_the_treaty_engine() -> None:
    by_id = {c.crisis_id: c for c, _ in cases()}
    baseline = StrictTreatyBaseline().fit(cases())
    pred = baseline.predict(by_id["armenia-2022"])
    assert pred.extra["required_level"] == 3
    assert pred.extra["strict_reading"] == "treaty"
    assert baseline.predict(by_id["kazakhstan-2022"]).extra["required_level"] == 0


def test_each_model_predicts_the_cases_it_can(base: list) -> None:
    member = [c for c, _ in base if c.member_level]
    other = [c for c, _ in base if c.alliance != "csto"]
    assert member and other
    assert all(MODELS["consensus"].can_predict(c) for c in member)
    assert not any(MODELS["consensus"].can_predict(c) for c in other)
    assert not any(MODELS["strict"].can_predict(c) for c in other)
    assert all(MODELS["ordinal"].can_predict(c) for c, _ in base)
    assert set(baselines()) == {
        "strict",
        "base-rate",
        "request-base-rate",
        "reference-class",
        "compromise",
    }


def test_the_compromise_model_is_the_bargaining_models_baseline() -> None:
    cs = cases()
    model = MODELS["compromise"](seed=1).fit(cs[1:])
    pred = model.predict(cs[0][0], 300)
    assert sum(pred.probabilities) == pytest.approx(1.0)
    assert 0.0 <= pred.extra["settled_mean"] <= 3.0


# --- the protocols ---------------------------------------------------------------------------------


def test_leave_one_out_leaves_out_only_the_case(base: list) -> None:
    assert [c[0].crisis_id for c in training("loo", base, 4)] == [
        c[0].crisis_id for i, c in enumerate(base) if i != 4
    ]


def test_time_ordered_fits_only_on_cases_that_ended_before(base: list) -> None:
    for k, (inputs, _) in enumerate(base):
        train = training("time-ordered", base, k)
        assert all(c.end < inputs.start for c, _ in train)
        assert inputs.crisis_id not in {c.crisis_id for c, _ in train}
        later = [c for c, _ in base if c.end < inputs.start]
        assert len(train) == len(later)


def test_hindsight_rule(base: list) -> None:
    s = session()
    record = s.record
    claim = next(
        c for c in record.claims.values() if not c.derived_from and record.sources[c.source].date
    )
    published = record.sources[claim.source].date
    assert published is not None
    assert knowable(record, claim.id, published.latest + dt.timedelta(days=1))
    assert not knowable(record, claim.id, published.earliest)
    assert not knowable(record, "no-such-claim", dt.date(2100, 1, 1))
    other = next(c for c, _ in base if c.alliance != "csto")
    row = hindsight(record, other)
    assert set(row) == {"case", "day", "knowable", "hindsight"}
    assert sorted(row["knowable"] + row["hindsight"]) == sorted(
        f"case.{k}" for k in other.case_claims
    )
    member = next(c for c, _ in base if c.member_level)
    names = set(hindsight(record, member)["hindsight"]) | set(hindsight(record, member)["knowable"])
    assert any(n.startswith("coded.") for n in names) and any(n.startswith("RUS.") for n in names)


# --- the output ------------------------------------------------------------------------------------


def test_every_protocol_variant_and_scope_is_scored(result: dict) -> None:
    keys = {(r["protocol"], r["variant"], r["scope"]) for r in result["runs"]}
    assert keys == {
        (p, v, s) for p in ("loo", "time-ordered") for v in result["variants"] for s in SCOPES
    }
    everything = next(
        r for r in result["runs"] if r["scope"] == "all" and r["variant"] == "default"
    )
    assert everything["n_cases"] == len(session().case_base())
    for run in result["runs"]:
        for row in run["scores"]:
            assert {"rps", "log_loss", "brier", "binary_brier", "accuracy", "n_cases"} <= set(row)
            assert row["n_cases"] == run["n_cases"]


def test_comparisons_against_each_baseline_with_intervals_and_p_values(result: dict) -> None:
    run = next(r for r in result["runs"] if r["scope"] == "all" and r["protocol"] == "time-ordered")
    models = {r["model"] for r in run["scores"]}
    pairs = {(c["model"], c["baseline"], c["score"]) for c in run["comparisons"]}
    for m in models:
        for b in set(baselines()) & models - {m}:
            for s in SCORES:
                assert (m, b, s) in pairs
    for c in run["comparisons"]:
        lo, hi = c["difference_interval"]
        assert lo <= c["difference"] <= hi
        assert 0 < c["p_value"] <= 1


def test_a_variant_changes_the_scored_outcome(result: dict) -> None:
    variant = result["variants"][1]
    runs = {
        r["variant"]: r for r in result["runs"] if r["scope"] == "csto" and r["protocol"] == "loo"
    }
    i = runs["default"]["cases"].index("osh-2010")
    assert runs["default"]["observed"][i] != runs[variant]["observed"][i]


def test_reproducible_from_its_seed(result: dict) -> None:
    s = session()
    again = validate(
        s.record, s.inputs, s.rules, models=CHEAP, variants=result["variants"], seed=3, cache=False
    )
    assert again == result


def test_spec_is_recorded_beside_the_frozen_one(result: dict) -> None:
    spec = result["spec"]
    assert len(spec["spec_hash"]) == 64 and spec["inputs_hash"] == session().inputs.hash
    assert spec["frozen"] is not None
    assert spec["changed"] == (spec["frozen"]["spec_hash"] != spec["spec_hash"])


def test_verdict_sentences_are_honest(result: dict) -> None:
    for m, v in result["verdicts"].items():
        assert v["validated"]
        lo, hi = v["interval"]
        assert f"[{lo:.2f}, {hi:.2f}]" in v["sentence"]
        if lo <= 0 <= hi:
            assert "not shown to beat the best baseline" in v["sentence"]
        assert v["beats_baseline"] == (lo > 0)
        assert v["protocol"] == "time-ordered" and v["baseline"] != m
    assert result["goal"]["met"] == any(
        v["beats_baseline"]
        for m, v in result["verdicts"].items()
        if not result["models"][m]["baseline"]
    )


def test_a_verdict_that_beats_the_baseline_says_so(result: dict) -> None:
    fake = {**result, "runs": [dict(r) for r in result["runs"]]}
    for run in fake["runs"]:
        run["comparisons"] = [
            {**c, "skill": 0.3, "skill_interval": [0.1, 0.5]} for c in run["comparisons"]
        ]
    v = verdict_of(fake, "ordinal")
    assert v["beats_baseline"] and "it beats the best baseline" in v["sentence"]


def test_coordinate_search_finds_the_grid_maximum() -> None:
    grid = {"b0": (-2.0, -1.0, 0.0, 1.0), "kappa": (0.1, 0.2, 0.3)}
    best, value, _ = coordinate_search(
        lambda p: -((p.b0 - 1.0) ** 2) - (p.kappa - 0.2) ** 2, Params(), grid
    )
    assert (best.b0, best.kappa) == (1.0, 0.2)
    assert value == pytest.approx(0.0)
