"""Any real state resolves: the COW state table, country_converter, and what the queries say about states
outside the record ("never a member of the CST/CSTO", never "unknown state")."""

from __future__ import annotations

import pytest

from csto.errors import NotInRecordError, UnknownNameError
from csto.record import query
from csto.record.countries import Country, cow_states, resolve
from csto.record.record import Record


def test_the_cow_table() -> None:
    rows = cow_states()
    assert len(rows) == 217  # COW State System Membership List, v2016
    assert len({r.ccode for r in rows}) == len(rows)
    isos = [r.iso3 for r in rows if r.iso3]
    assert len(isos) == len(set(isos)), "no two COW states share an ISO code"
    gone = {r.ccode: r.cow_name for r in rows if r.iso3 is None}
    assert gone[315] == "Czechoslovakia" and gone[260] == "German Federal Republic"
    assert len(gone) == 22


def test_the_cow_table_agrees_with_the_record(record: Record) -> None:
    by_code = {r.ccode: r for r in cow_states()}
    for state in record.states.values():
        assert state.cow is not None, state.iso3
        row = by_code[state.cow]
        assert (row.iso3, row.cow_abb) == (state.iso3, state.cow_abb), state.iso3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("345", Country("Yugoslavia/Serbia", "SRB", 345, "YUG")),  # a COW code
        ("YUG", Country("Yugoslavia/Serbia", "SRB", 345, "YUG")),  # a COW abbreviation
        ("Serbia", Country("Serbia", "SRB", 345, "YUG")),
        ("359", Country("Moldova", "MDA", 359, "MLD")),
        ("498", Country("Moldova", "MDA", 359, "MLD")),  # ISO numeric: no COW state has 498
        ("MDA", Country("Moldova", "MDA", 359, "MLD")),
        ("md", Country("Moldova", "MDA", 359, "MLD")),
        ("Republic of Moldova", Country("Moldova", "MDA", 359, "MLD")),
        ("SWZ", Country("Eswatini", "SWZ", 572, "SWA")),  # ISO wins over COW's SWZ (Switzerland)
        ("NA", Country("Namibia", "NAM", 565, "NAM")),  # not read as a missing value
        ("Czechoslovakia", Country("Czechoslovakia", None, 315, "CZE")),  # COW's name before ISO's
    ],
)
def test_resolve(text: str, expected: Country) -> None:
    assert resolve(text) == expected


def test_resolve_nothing() -> None:
    assert resolve("Narnia") is None
    assert resolve("999") is None
    assert resolve("  ") is None


def test_record_names_come_first(record: Record) -> None:
    assert record.state("365").iso3 == "RUS"  # the record's own COW code
    assert record.state("SLV").iso3 == "SLV"  # ISO's El Salvador, not COW's Slovenia
    assert record.state("Slovenia").iso3 == "SVN"
    assert record.state("BY").iso3 == "BLR"
    assert record.state("Republic of Kazakhstan").iso3 == "KAZ"


def test_a_state_outside_the_record(record: Record) -> None:
    found = record.find_state("Moldova")
    assert isinstance(found, Country) and found.label == "Moldova (MDA, COW 359)"
    with pytest.raises(NotInRecordError) as info:
        record.state("345")
    assert str(info.value) == (
        "Yugoslavia/Serbia (SRB, COW 345) is not a state of the record: never a member of the CST/CSTO"
    )
    assert not isinstance(info.value, UnknownNameError)


@pytest.mark.parametrize(
    ("text", "summary"),
    [
        ("Moldova", "Moldova (MDA, COW 359): never a member of the CST/CSTO"),
        ("Serbia", "Serbia (SRB, COW 345): never a member of the CST/CSTO"),
        ("345", "Yugoslavia/Serbia (SRB, COW 345): never a member of the CST/CSTO"),
        ("Czechoslovakia", "Czechoslovakia (COW 315): never a member of the CST/CSTO"),
        ("China", "China (CHN, COW 710): never a member of the CST/CSTO"),
        ("Byelorussia", "Belarus (BLR, COW 370): in the CST/CSTO from 1993-12-31"),
    ],
)
def test_describe_state(record: Record, text: str, summary: str) -> None:
    row = query.describe_state(record, text)
    assert row.summary == summary
    assert row.ever_member is ("in the" in summary)
    assert row.to_dict()["query"] == text


def test_states_outside_the_record_in_every_query(record: Record) -> None:
    assert query.history(record, "Moldova") == []
    assert query.events(record, state="Serbia") == []
    with pytest.raises(UnknownNameError, match="Unknown state 'Narnia'"):
        query.history(record, "Narnia")
