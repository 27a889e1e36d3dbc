"""The ECOWAS, SADC and CIS reference cases (batch ref-africa-cis, issue 12): a few codings pinned.

Each case is a request by a member to its organisation (clause a). The pins guard the requester, the outcome level,
the article invoked and the contested codings (variants) against silent edits of the data.
"""

from __future__ import annotations

import pytest

from csto.record.record import Record

BATCH = {
    "ecowas": [
        "ecowas-liberia-1990",
        "ecowas-sierra-leone-1997",
        "ecowas-guinea-bissau-1998",
        "ecowas-cote-divoire-2002",
        "ecowas-liberia-2003",
        "ecowas-mali-2012",
        "ecowas-guinea-bissau-2012",
        "ecowas-gambia-2017",
        "ecowas-cote-divoire-2010",
    ],
    "sadc": [
        "sadc-lesotho-1998",
        "sadc-drc-1998",
        "sadc-lesotho-2014",
        "sadc-lesotho-2017",
        "sadc-mozambique-2021",
    ],
    "cis": ["cis-tajikistan-1993", "cis-abkhazia-1994"],
}


@pytest.mark.parametrize(
    ("alliance", "leader"), [("ecowas", "NGA"), ("sadc", "ZAF"), ("cis", "RUS")]
)
def test_reference_alliances(record: Record, alliance: str, leader: str) -> None:
    a = record.alliances[alliance]
    assert a.role == "reference"
    assert a.leader == leader
    for cid in BATCH[alliance]:
        case = record.cases[cid]
        assert case.alliance == alliance
        assert case.clause == "a"
        assert case.requester is not None and case.requester in record.states
        assert case.outcome_claims and case.factors is not None


@pytest.mark.parametrize(
    ("cid", "requester", "requested", "level", "article"),
    [
        ("ecowas-liberia-1990", "LBR", "assistance", 3, None),
        ("ecowas-sierra-leone-1997", "SLE", "military_assistance", 3, None),
        ("ecowas-mali-2012", "MLI", "military_assistance", 3, None),
        ("ecowas-gambia-2017", "GMB", "assistance", 3, None),
        ("ecowas-cote-divoire-2010", "CIV", "military_assistance", 1, None),
        ("sadc-lesotho-2014", "LSO", "military_assistance", 2, None),
        ("sadc-drc-1998", "COD", "military_assistance", 3, None),
        (
            "sadc-mozambique-2021",
            "MOZ",
            "military_assistance",
            3,
            "SADC regional defence pact (Standby Force)",
        ),
        (
            "cis-tajikistan-1993",
            "TJK",
            "military_assistance",
            3,
            "CIS Agreement on Collective Peacekeeping Forces (24 September 1993)",
        ),
        (
            "cis-abkhazia-1994",
            "GEO",
            "military_assistance",
            3,
            "Moscow Agreement on a Cease-fire and Separation of Forces (14 May 1994)",
        ),
    ],
)
def test_pinned_codings(
    record: Record, cid: str, requester: str, requested: str, level: int, article: str | None
) -> None:
    case = record.cases[cid]
    assert case.requester == requester
    assert case.requested == requested
    assert case.outcome_level == level
    assert case.article == article


@pytest.mark.parametrize(
    ("cid", "variant", "field", "value"),
    [
        ("sadc-drc-1998", "not-an-sadc-decision", "outcome_level", 2),
        ("ecowas-guinea-bissau-2012", "no-request-to-ecowas", "requested", "nothing"),
        ("ecowas-guinea-bissau-2012", "outcome-against-requester", "outcome_level", 0),
        ("ecowas-gambia-2017", "incumbent-held-power", "requested", "nothing"),
        ("ecowas-cote-divoire-2010", "financial-measures", "outcome_level", 2),
    ],
)
def test_contested_codings(
    record: Record, cid: str, variant: str, field: str, value: object
) -> None:
    case = record.cases[cid]
    assert variant in case.variant_names
    assert getattr(case.under(variant), field) == value
    assert getattr(case, field) != value


def test_factors_cite_existing_claims(record: Record) -> None:
    """Every factor of the batch cites claims; derived ones name what they follow from."""
    for cids in BATCH.values():
        for cid in cids:
            factors = record.cases[cid].factors
            assert factors is not None
            for name in type(factors).model_fields:
                for claim_id in getattr(factors, name).claims:
                    claim = record.claims[claim_id]
                    assert claim.external or claim.derived, (cid, name, claim_id)


def test_leader_at_war_positive_cases(record: Record) -> None:
    """The two cases where the leading state is coded at war elsewhere (Sierra Leone 1998, Tajikistan 1994)."""
    at_war = {
        cid
        for cids in BATCH.values()
        for cid in cids
        if record.cases[cid].factors.leader_at_war.value is True  # type: ignore[union-attr]
    }
    assert at_war == {"ecowas-guinea-bissau-1998", "cis-abkhazia-1994"}
