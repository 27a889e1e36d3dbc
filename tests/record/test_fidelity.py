"""The record corrected against primary sources (issue 11): membership windows, ranks, identifiers.

Every test reads the loaded record's memberships, events and claims directly (not through the ``members``
query), so that it pins the data, whatever the query layer does with it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from csto.record.dates import PartialDate
from csto.record.membership import Membership
from csto.record.record import Record

PENDING = {"accession_pending", "exit_pending"}


def timeline(record: Record, iso3: str) -> list[tuple[str, str, str | None, str | None]]:
    """(status, start, end, start_event) of each interval of a state, oldest first."""
    return [
        (m.status.value, m.start.edtf, m.end.edtf if m.end else None, m.start_event)
        for m in record.memberships_of(iso3)
    ]


def status_on(record: Record, iso3: str, day: str) -> str:
    """The one status whose interval certainly holds on ``day`` (fails if none or several)."""
    when = dt.date.fromisoformat(day)
    held = [m for m in record.memberships_of(iso3) if m.interval.holds_on(when)[0].value == "yes"]
    assert len(held) == 1, (iso3, day, [m.status.value for m in held])
    return held[0].status.value


# -- membership windows ------------------------------------------------------------------------


def test_uzbekistan_windows_to_the_day(record: Record) -> None:
    assert timeline(record, "UZB") == [
        ("signatory", "1992-05-15", "1994-04-20", "cst-signed-1992"),
        ("member", "1994-04-20", "1999-04-02", "cst-in-force-1994"),
        ("exit_pending", "1999-04-02", "1999-04-21", "cst-prolongation-protocol-1999-04-02"),
        ("withdrawn", "1999-04-21", "2006-06-23", "cst-prolonged-without-three-1999-04-21"),
        ("accession_pending", "2006-06-23", "2006-08-16", "uzbekistan-return-decided-2006-06-23"),
        ("member", "2006-08-16", "2012-06-28", "uzbekistan-return-protocol-2006-08-16"),
        ("exit_pending", "2012-06-28", "2012-12-19", "uzbekistan-suspension-note-2012-06-28"),
        ("suspended", "2012-12-19", None, "csc-suspends-uzbekistan-2012-12-19"),
    ]


@pytest.mark.parametrize(
    ("day", "status"),
    [
        ("2012-03-01", "member"),  # once "uncertain": the boundary was the year 2012
        ("2012-06-27", "member"),
        ("2012-06-28", "exit_pending"),  # the note on suspension
        ("2012-12-18", "exit_pending"),
        ("2012-12-19", "suspended"),  # the Council's decision
        ("2005-06-01", "withdrawn"),  # seed 003's 2005 return is deprecated
        ("2006-06-22", "withdrawn"),
        ("2006-06-23", "accession_pending"),  # Minsk
        ("2006-08-15", "accession_pending"),
        ("2006-08-16", "member"),  # Sochi protocol
    ],
)
def test_uzbekistan_status_on_the_days_around_each_act(
    record: Record, day: str, status: str
) -> None:
    assert status_on(record, "UZB", day) == status


@pytest.mark.parametrize("iso3", ["AZE", "GEO", "UZB"])
def test_1999_exit_window(record: Record, iso3: str) -> None:
    # every source has them as members on 1999-04-01; the protocol of 1999-04-02 was signed without them;
    # the first term's last day was 1999-04-20, the prolongation runs from 1999-04-21
    assert status_on(record, iso3, "1999-04-01") == "member"
    assert status_on(record, iso3, "1999-04-02") == "exit_pending"
    assert status_on(record, iso3, "1999-04-20") == "exit_pending"
    assert status_on(record, iso3, "1999-04-21") == "withdrawn"
    rows = {m.status.value: m for m in record.memberships_of(iso3) if m.start.earliest.year == 1999}
    assert rows["exit_pending"].start_event == "cst-prolongation-protocol-1999-04-02"
    assert rows["withdrawn"].start_event == "cst-prolonged-without-three-1999-04-21"
    assert "d-cst-exit-window-1999" in rows["exit_pending"].claims


def test_1999_protocol_prolongs_only_for_its_signatories(record: Record) -> None:
    claims = record.claims
    assert claims["x-cst-first-term-ends-1999-04-20"].value == "1999-04-20"
    assert claims["x-cst-prolonged-from-1999-04-21"].value == "1999-04-21"
    for cid in ("x-protocol-1999-not-signed-mfa-by", "x-protocol-1999-not-signed-wikipedia"):
        assert sorted(claims[cid].value) == ["AZE", "GEO", "UZB"]
    protocol = record.events["cst-prolongation-protocol-1999-04-02"]
    assert sorted(protocol.actors(role=None)) == sorted(
        ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK", "AZE", "GEO", "UZB"]
    )
    assert {p.actor for p in protocol.participants if p.role.value == "abstainer"} == {
        "AZE",
        "GEO",
        "UZB",
    }


def test_armenia_frozen_from_february_2024(record: Record) -> None:
    assert timeline(record, "ARM")[-2:] == [
        ("member", "1994-04-20", "2024-02-22", "cst-in-force-1994"),
        ("participation_frozen", "2024-02-22", None, "armenia-freezes-participation-2024"),
    ]
    assert status_on(record, "ARM", "2024-02-21") == "member"
    assert status_on(record, "ARM", "2024-02-22") == "participation_frozen"
    assert (
        status_on(record, "ARM", "2025-12-31") == "participation_frozen"
    )  # no notice, no exit window
    frozen = record.memberships_of("ARM")[-1]
    assert not frozen.alternatives and "s000-arm-frozen" in frozen.alternative_claims
    assert record.events["armenia-freezes-participation-2024"].start.edtf == "2024-02-22"
    assert (
        "armenia-freeze-2024" not in record.cases
    )  # a membership step, not a crisis: an event only


def test_armenia_2024_2025_facts(record: Record) -> None:
    c = record.claims
    assert c["x-arm-contributions-stopped-2024-05-08"].value == "2024-05-08"
    assert c["x-arm-skips-summit-2025-11-27"].value is False
    assert c["x-arm-no-withdrawal-notice-pankin-2025"].value is False
    assert c["x-arm-no-formal-withdrawal-2025-12"].value is False
    assert c["x-arm-remains-member-2025-12-11"].value == "member"
    derived = c["d-arm-no-exit-notice-2025"]
    assert derived.value is False and derived.time == "2024-02-22/2025-12-11"
    for cid in derived.derived_from:
        assert cid in c
    for cid in (
        "x-arm-contributions-stopped-2024-05-08",
        "x-arm-skips-summit-2025-11-27",
        "x-arm-no-withdrawal-notice-pankin-2025",
        "x-arm-remains-member-2025-12-11",
    ):
        assert c[cid].external and record.sources[c[cid].source].url


def test_belarus_both_dates_are_claims(record: Record) -> None:
    blr = record.memberships_of("BLR")
    assert (blr[0].status.value, blr[0].start.edtf, blr[0].end.edtf if blr[0].end else None) == (
        "signatory",
        "1993-12-31",
        "1994-04-20",
    )
    assert blr[0].start_event == "cst-accession-blr-1993-12-31"
    assert blr[1].start.edtf == "1994-04-20" and blr[1].status.value == "member"
    assert "x-blr-signed-1993-04-country-study" in blr[0].alternative_claims
    assert record.claims["d-blr-signed-1993-12-31"].value == "1993-12-31"
    assert record.claims["x-blr-signed-1993-04-country-study"].value == "1993-04"
    assert "ATOP" in (blr[0].note or "") and "1994" in (blr[0].note or "")


def test_every_pending_interval_is_a_window_of_two_dated_acts(record: Record) -> None:
    pending = [m for m in record.memberships if m.status.value in PENDING]
    assert len(pending) == 5  # 1999 for AZE, GEO, UZB; UZB 2006 and 2012
    for m in pending:
        assert m.start_event is not None and m.end is not None, m
        assert m.start.precision == "day" and m.end.precision == "day", m
        nxt = next(n for n in record.memberships_of(m.state) if n.start.edtf == m.end.edtf)
        assert nxt.start_event is not None, nxt


def test_start_events_fall_on_the_interval_start(record: Record) -> None:
    with_events: list[Membership] = [m for m in record.memberships if m.start_event]
    assert len(with_events) >= 25
    for m in with_events:
        assert m.start_event is not None
        event = record.events[m.start_event]
        assert isinstance(m.start, PartialDate) and isinstance(event.start, PartialDate)
        assert event.start.edtf == m.start.edtf, (m.state, m.status, m.start_event)
        assert m.state in event.actors() or "csto" in event.actors(), (m.state, m.start_event)


def test_no_membership_boundary_is_a_bare_year_any_more(record: Record) -> None:
    for m in record.memberships:
        assert m.start.precision == "day", (m.state, m.start.edtf)
        assert m.end is None or m.end.precision == "day", (m.state, m.end)


# -- ranks ---------------------------------------------------------------------------------------

RANKED = {
    # claim: (rank, grounds that must be among its rank_grounds)
    "s003-uzb-rejoined-2005": (
        "deprecated",
        {"x-uzb-return-decided-2006-06-23", "x-uzb-protocol-signed-2006-08-16"},
    ),
    "s000-arm-frozen": ("deprecated", {"x-arm-frozen-2024-02-22", "x-arm-frozen-quote"}),
    "x-arm-frozen-2024-02-22": ("preferred", {"x-arm-frozen-quote"}),
    "x-charter-no-withdrawal": ("deprecated", {"x-csc-2004-rules-withdrawal"}),
    "s000-ukraine-overture-same-year": (
        "deprecated",
        {"x-yanukovych-inaugurated-2010-02-25", "d-ukraine-overture-same-year-2010"},
    ),
    "s001-uzb-left-2012": (
        "deprecated",
        {"x-uzb-suspended-2012-12-19", "x-uzb-csc-agreed-request-2012-12-19"},
    ),
    "d-uzb-quit-2012-per-003": ("deprecated", {"x-uzb-suspended-2012-12-19"}),
    "x-blr-signed-1993-04-country-study": ("deprecated", {"x-blr-voted-to-sign-1993-04"}),
}


@pytest.mark.parametrize("cid", sorted(RANKED))
def test_rank_and_grounds(record: Record, cid: str) -> None:
    rank, grounds = RANKED[cid]
    claim = record.claims[cid]
    assert claim.rank == rank
    assert claim.rank_reason
    assert grounds <= set(claim.rank_grounds)


def test_deprecated_claims_are_kept_and_grounds_are_not_deprecated(record: Record) -> None:
    ranked = [c for c in record.claims.values() if c.rank != "normal"]
    assert {c.id for c in ranked} >= set(RANKED)
    for c in ranked:
        for g in c.rank_grounds:
            assert record.claims[g].rank != "deprecated", (c.id, g)
    # the deprecated seed claims still quote their seeds, unchanged
    assert record.claims["s003-uzb-rejoined-2005"].value == "2005"
    assert record.claims["s000-arm-frozen"].value == "2024-08-31?"


def test_ukraine_overture_is_2010(record: Record) -> None:
    derived = record.claims["d-ukraine-overture-same-year-2010"]
    assert derived.value == "2010" and derived.time == "2010-02-25/2010-12-31"
    assert record.claims["x-yanukovych-inaugurated-2010-02-25"].time == "2010-02-25"
    assert record.events["medvedev-persuades-yanukovych"].start.edtf == "2010"


def test_leaving_is_provided_for(record: Record) -> None:
    rules = record.claims["x-csc-2004-rules-withdrawal"]
    assert rules.time == "2004-06-18" and rules.external
    assert "secession" in (rules.quote or "")
    assert record.events["csc-membership-rules-2004-06-18"].start.edtf == "2004-06-18"
    uzb = record.memberships_of("UZB")[-1]
    assert "no unilateral withdrawal" not in (uzb.note or "")


# -- the organisation's start, the Karabakh war, identifiers -------------------------------------


def test_organisation_start_readings(record: Record) -> None:
    starts = {
        c.id: c.value
        for c in record.claims.values()
        if (c.subject, c.property) == ("csto", "alliance.organization_start")
    }
    assert sorted(set(starts.values())) == ["2002-05-14", "2002-10-07", "2003-09-18"]
    phases = {p.id: p for p in record.alliances["csto"].phases}
    assert phases["cst"].end is not None and phases["cst"].end.edtf == "2002-05-14"
    assert phases["csto"].start.edtf == "2002-05-14"  # the record picks the Council's decision
    assert set(starts) <= set(phases["csto"].claims)
    assert record.claims["x-charter-signed-in-force-mfa-by"].value == "2003-09-18"
    assert record.events["csto-charter-signed-2002-10-07"].start.edtf == "2002-10-07"
    assert record.events["csto-charter-in-force-2003"].start.edtf == "2003-09-18"


def test_karabakh_war_between_members_in_1994(record: Record) -> None:
    war = record.events["karabakh-war-1988-1994"]
    assert (war.start.edtf, war.end.edtf if war.end else None) == ("1988-02-20", "1994-05-12")
    assert {p.actor for p in war.participants if p.role.value == "belligerent"} == {"ARM", "AZE"}
    assert record.claims["d-karabakh-members-at-war-1994"].value == "1994-04-20/1994-05-12"
    assert status_on(record, "ARM", "1994-05-01") == "member"
    assert status_on(record, "AZE", "1994-05-01") == "member"
    assert record.claims["x-karabakh-ceasefire-1994-05-12"].value == "1994-05-12"


def test_external_identifiers(record: Record) -> None:
    csto = record.alliances["csto"]
    assert (csto.atop_id, csto.cow_id) == (4220, 350)
    assert record.alliances["nato"].atop_id is None or record.alliances["nato"].atop_id != 4220
