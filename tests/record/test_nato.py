"""NATO's membership over time (issue 12): the member count on the dates the issue sets.

Counted straight from the loaded record: the NATO memberships whose status is ``member`` and whose interval
certainly holds on the day (not through the ``members`` query, which is being reworked).
"""

from __future__ import annotations

import datetime as dt

import pytest

from csto.record.dates import Truth
from csto.record.load import load_record
from csto.record.membership import Status


def _nato_members_on(day: dt.date) -> set[str]:
    record = load_record()
    return {
        m.state
        for m in record.memberships
        if m.alliance == "nato"
        and m.status is Status.MEMBER
        and m.interval.holds_on(day)[0] is Truth.YES
    }


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2020-01-01", 29),
        ("2021-01-01", 30),
        ("2023-06-01", 31),
        ("2024-06-01", 32),
    ],
)
def test_nato_member_count(day: str, expected: int) -> None:
    assert len(_nato_members_on(dt.date.fromisoformat(day))) == expected


def test_nato_founders_and_enlargements() -> None:
    founders = {"BEL", "CAN", "DNK", "FRA", "ISL", "ITA", "LUX", "NLD", "NOR", "PRT", "GBR", "USA"}
    # Signed on 4 April 1949, members from the treaty's entry into force on 24 August 1949.
    assert _nato_members_on(dt.date(1949, 8, 1)) == set()
    assert _nato_members_on(dt.date(1949, 8, 24)) == founders
    assert _nato_members_on(dt.date(1952, 2, 18)) == founders | {"GRC", "TUR"}
    assert "DEU" in _nato_members_on(dt.date(1955, 5, 6))
    assert len(_nato_members_on(dt.date(1982, 5, 30))) == 16
    assert len(_nato_members_on(dt.date(1999, 3, 12))) == 19
    assert len(_nato_members_on(dt.date(2004, 3, 29))) == 26
    assert len(_nato_members_on(dt.date(2009, 4, 1))) == 28
    assert "SWE" not in _nato_members_on(dt.date(2024, 3, 6))
    assert "SWE" in _nato_members_on(dt.date(2024, 3, 7))


def test_nato_membership_claims_are_external() -> None:
    record = load_record()
    for m in record.memberships:
        if m.alliance != "nato":
            continue
        for cid in m.claims:
            claim = record.claims[cid]
            assert claim.external and claim.rank != "deprecated", (m.state, cid)
