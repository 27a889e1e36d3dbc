"""Coded inputs cite existing claims; scenarios run; bad files, unknown actors and impossible values fail clearly."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from csto.behaviour.factors import prepare
from csto.behaviour.history import case_ids
from csto.behaviour.inputs import load_inputs, load_inputs_from
from csto.behaviour.simulate import simulate
from csto.errors import CstoError, DataFileError
from csto.record.load import load_record

from .behaviour_helpers import SCENARIOS

SEEDS = Path(os.environ.get("CSTO_SEEDS_DIR", Path(__file__).parents[3] / "shared" / "seeds"))
RESPONSE_PROPERTIES = {"case.response", "case.decision", "event.outcome", "body.used"}
"""Claim properties that report a response: never evidence for a factor of the same case (no leakage)."""


def test_every_coded_input_cites_existing_claims() -> None:
    record, inputs = load_record(), load_inputs()
    known = set(record.claims)
    missing = [(where, cid) for where, cid in inputs.cited() if cid not in known]
    assert not missing


def test_no_case_factor_rests_on_a_claim_that_reports_that_case_s_response() -> None:
    record = load_record()
    leaks = []
    for where, cid in load_inputs().cited():
        case = where.split(".", 1)[0]
        if case not in record.cases or cid not in record.claims:
            continue
        claim = record.claims[cid]
        event = record.events.get(claim.subject)
        own = claim.subject == case or (event is not None and event.case == case)
        if own and claim.property in RESPONSE_PROPERTIES:
            leaks.append((where, cid))
    assert not leaks


def test_every_coded_case_has_an_outcome() -> None:
    # issue 12 admitted cases that inputs.yaml does not code yet; case_ids leaves them out, and every case
    # the inputs code must still be a record case with an outcome level
    inputs, record = load_inputs(), load_record()
    ids = case_ids(record, inputs)
    assert ids and all(inputs.coding(cid) is not None for cid in ids)
    assert {c.case for c in inputs.cases} == set(ids)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_shipped_scenarios_simulate(path: Path) -> None:
    out = simulate(str(path), draws=300, seed=1, explain=False)
    assert sum(out["probabilities"].values()) == pytest.approx(1.0, abs=1e-5)
    assert set(out["probabilities"]) == {"0", "1", "2", "3"}


def test_a_bad_scenario_file_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ntitle: t\ndate: 2027-01-01\nvictim: KAZ\nrequested: teleport\n", "utf-8")
    with pytest.raises(DataFileError, match=r"bad.yaml:5: requested"):
        simulate(str(bad), draws=10)


def test_an_unknown_actor_in_a_scenario_is_an_error(tmp_path: Path) -> None:
    f = tmp_path / "s.yaml"
    f.write_text(
        "id: s\ntitle: t\ndate: 2027-01-01\nvictim: KAZ\nactors:\n  UZB: {position: 2}\n", "utf-8"
    )
    with pytest.raises(CstoError, match=r"UZB.*not a member"):
        simulate(str(f), draws=10)
    f.write_text(
        "id: s\ntitle: t\ndate: 2027-01-01\nvictim: KAZ\nactors:\n  XXX: {position: 2}\n", "utf-8"
    )
    with pytest.raises(CstoError, match="unknown state 'XXX'"):
        simulate(str(f), draws=10)


def test_an_impossible_override_is_an_error(tmp_path: Path) -> None:
    f = tmp_path / "s.yaml"
    f.write_text(
        "id: s\ntitle: t\ndate: 2027-01-01\nvictim: KAZ\nactors:\n  RUS: {position: [1, 5]}\n",
        "utf-8",
    )
    with pytest.raises(CstoError, match=r"RUS.position must lie in \[0, 3\]"):
        simulate(str(f), draws=10)


@pytest.mark.parametrize("draws", [0, -5])
def test_impossible_draws_are_an_error(draws: int) -> None:
    with pytest.raises(CstoError, match="--draws"):
        simulate("kazakhstan-2022", draws=draws)


def test_a_bad_inputs_file_names_the_line(tmp_path: Path) -> None:
    f = tmp_path / "inputs.yaml"
    f.write_text("version: 1\nsalience: {}\nprofiles: {}\ncases: []\n", "utf-8")
    with pytest.raises(DataFileError, match=r"inputs\.yaml"):
        load_inputs_from(f)


def test_scenario_factors_are_derived_from_the_crisis_fields() -> None:
    from csto.crisis import load_scenario

    record = load_record()
    path = next(p for p in SCENARIOS if p.stem == "north-kazakhstan-unrest")
    inputs = prepare(load_scenario(path, record), record, load_inputs())
    assert not inputs.coded
    assert inputs.factors["request_level"].value == 3
    assert inputs.factors["regime_threat"].bounds == (0.6, 1.0)
    assert inputs.factors["russia_at_war"].value == 1
