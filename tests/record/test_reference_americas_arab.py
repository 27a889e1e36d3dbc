"""The reference cases of batch ref-americas-arab (issue 12): requests to the Rio Treaty's Organ of
Consultation, the Arab League and the GCC. A few cases are pinned (requester, outcome level, article) so that a
later edit of the data that changes them is deliberate; the rest checks what every case of the batch must have.
"""

from __future__ import annotations

import pytest

from csto.record.record import Record

BATCH_ALLIANCES = {"rio": "USA", "arab-league": "EGY", "gcc": "SAU"}


def _batch(record: Record) -> list:
    return [c for c in record.cases.values() if c.alliance in BATCH_ALLIANCES]


def test_reference_alliances_and_leaders(record: Record) -> None:
    for aid, leader in BATCH_ALLIANCES.items():
        alliance = record.alliances[aid]
        assert alliance.role == "reference"
        assert alliance.leader == leader


def test_batch_size_and_clause(record: Record) -> None:
    cases = _batch(record)
    assert len(cases) >= 16
    assert {c.clause for c in cases} == {"a"}
    assert sum(c.alliance == "rio" for c in cases) >= 12


@pytest.mark.parametrize(
    ("case_id", "requester", "level", "article"),
    [
        ("rio-costa-rica-1948", "CRI", 2, "Rio Treaty Art. 6"),
        ("rio-venezuela-1964", "VEN", 2, "Rio Treaty Arts. 6 and 8"),
        ("rio-bolivia-1962", "BOL", 2, "Rio Treaty"),
        ("rio-argentina-1982", "ARG", 2, "Rio Treaty Art. 6"),
        ("rio-september-11-2001", "BRA", 2, "Rio Treaty (Organ of Consultation, Arts. 11–12)"),
        ("al-kuwait-1990", "KWT", 3, "Arab League Joint Defence Treaty (1950) Art. 2"),
        ("al-lebanon-1958", "LBN", 2, "Arab League Pact (complaint to the Council)"),
        ("gcc-bahrain-2011", "BHR", 3, "GCC Joint Defence Agreement (2000)"),
    ],
)
def test_pinned_cases(
    record: Record, case_id: str, requester: str, level: int, article: str
) -> None:
    case = record.cases[case_id]
    assert case.requester == requester
    assert case.outcome_level == level
    assert case.article == article


def test_contested_codings_are_variants(record: Record) -> None:
    sept11 = record.cases["rio-september-11-2001"]
    assert sept11.under("invoked-by-usa").requester == "USA"
    deprecated = record.claims["x-raa-rio-invoked-once-since-usa-2001"]
    assert deprecated.rank == "deprecated"
    assert "x-raa-us01-brazil-request" in deprecated.rank_grounds
    assert (
        record.cases["gcc-kuwait-1990"].under("peninsula-shield-did-not-fight").outcome_level == 1
    )
    assert record.cases["al-kuwait-1990"].under("pact-moot").outcome_level == 1
    assert record.cases["rio-argentina-1982"].under("us-refusal").outcome_level == 0


def test_every_case_cites_external_evidence(record: Record) -> None:
    for case in _batch(record):
        assert case.factors is not None, case.id
        assert case.outcome_claims, case.id
        assert case.requester is not None, case.id
        for cid in case.outcome_claims:
            assert record.claims[cid].external, (case.id, cid)
        for name in type(case.factors).model_fields:
            factor = getattr(case.factors, name)
            assert factor.note, (case.id, name)
        for variant in case.variants:
            assert variant.claims and variant.note, (case.id, variant.name)


def test_factor_values_known(record: Record) -> None:
    cases = {c.id: c for c in _batch(record)}
    assert cases["rio-panama-1964"].factors.adversary_member.value is True
    assert cases["rio-panama-1964"].factors.requester_alignment.value == "distant"
    assert cases["rio-argentina-1982"].factors.adversary_leader_partner.value is True
    assert cases["rio-venezuela-1964"].factors.leader_at_war.value is True
    assert cases["gcc-bahrain-2011"].factors.threat.value == "internal_unrest"
