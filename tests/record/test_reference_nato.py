"""The NATO and ANZUS reference cases (ref-nato batch): a few codings pinned, and the batch's invariants."""

from __future__ import annotations

import pytest

from csto.record.load import load_record


@pytest.mark.parametrize(
    ("case", "requester", "level", "article"),
    [
        ("nato-turkey-gulf-1991", "TUR", 3, None),
        ("nato-article-5-2001", "USA", 3, "NATO Art. 5"),
        ("nato-turkey-iraq-2003", "TUR", 3, "NATO Art. 4"),
        ("nato-turkey-jet-2012", "TUR", 2, "NATO Art. 4"),
        ("nato-turkey-akcakale-2012", "TUR", 2, "NATO Art. 4"),
        ("nato-turkey-patriots-2012", "TUR", 3, None),
        ("nato-poland-crimea-2014", "POL", 3, "NATO Art. 4"),
        ("nato-turkey-suruc-2015", "TUR", 2, "NATO Art. 4"),
        ("nato-turkey-idlib-2020", "TUR", 2, "NATO Art. 4"),
        ("nato-eastern-flank-2022", "POL", 3, "NATO Art. 4"),
        ("nato-poland-drones-2025", "POL", 3, "NATO Art. 4"),
        ("nato-estonia-airspace-2025", "EST", 2, "NATO Art. 4"),
        ("anzus-australia-2001", "AUS", 3, "ANZUS Art. IV"),
    ],
)
def test_pinned_codings(case: str, requester: str, level: int, article: str | None) -> None:
    c = load_record().cases[case]
    assert (c.requester, c.outcome_level, c.article) == (requester, level, article)
    assert c.clause == "a"


def test_article_5_requester_is_contested() -> None:
    c = load_record().cases["nato-article-5-2001"]
    assert c.victim == "USA"
    assert c.under("allies-initiative").requester == "CAN"
    assert c.factors is not None and c.factors.leader_at_war.value is False


def test_variants_change_the_coding() -> None:
    cases = load_record().cases
    assert cases["nato-poland-crimea-2014"].under("consultations-only").outcome_level == 2
    assert cases["nato-eastern-flank-2022"].under("requester-first-listed").requester == "BGR"
    assert (
        cases["nato-turkey-idlib-2020"].under("patriot-request").requested == "military_assistance"
    )
    factors = cases["nato-turkey-idlib-2020"].factors
    assert factors is not None and factors.requester_alignment.value == "moderate"


def test_batch_invariants() -> None:
    record = load_record()
    batch = [c for c in record.cases.values() if c.alliance in ("nato", "anzus")]
    assert len(batch) >= 14
    for c in batch:
        assert c.clause == "a" and c.requester is not None and c.factors is not None, c.id
        # the requester belongs to the alliance on the day of the case
        if c.alliance == "nato":
            day = c.start.earliest
            assert any(
                m.state == c.requester
                and m.alliance == "nato"
                and m.status.value == "member"
                and m.interval.holds_on(day)[0].value == "yes"
                for m in record.memberships
            ), c.id
        for cid in c.outcome_claims:
            assert record.claims[cid].rank != "deprecated", (c.id, cid)
    assert record.alliances["nato"].leader == "USA"
    assert record.alliances["anzus"].leader == "USA"
    assert record.alliances["anzus"].role == "reference"


def test_every_external_claim_of_the_batch_is_logged() -> None:
    from pathlib import Path

    import yaml

    record = load_record()
    root = Path(__file__).resolve().parents[2]
    log = yaml.safe_load(
        (root / "docs" / "verification" / "ref-nato.yaml").read_text(encoding="utf-8")
    )
    logged = {entry["claim"]: entry for entry in log}
    batch = [
        c
        for c in record.claims.values()
        if c.external and record.sources[c.source].id.startswith("ext-rn-")
    ]
    assert len(batch) >= 100
    for claim in batch:
        entry = logged[claim.id]
        assert entry["url"] == record.sources[claim.source].url, claim.id
        assert entry["query"] and str(entry["checked"]) == "2026-11-29", claim.id
