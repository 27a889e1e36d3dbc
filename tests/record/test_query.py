"""As-of queries against the shipped record: who belonged when, histories, offices, claims, conflicts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csto.errors import CstoError, DateError, UnknownNameError
from csto.record import query
from csto.record.claim import Claim
from csto.record.conflicts import conflicts, disagree
from csto.record.dates import PartialDate, Truth
from csto.record.record import Record
from csto.record.rows import MemberRow
from strategies import partial_dates

SIX = ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"]


def _dicts(rows: list[Any]) -> list[dict[str, Any]]:
    """Rows as their JSON (what ``--json`` prints)."""
    return [r.to_dict() for r in rows]


def rows_by_state(on: str, record: Record, **kw: bool) -> dict[str, MemberRow]:
    return {r.state: r for r in query.members(record, on, **kw)}


# -- members as of a date ----------------------------------------------------------------------


def test_1992_six_signatories_including_tajikistan(record: Record) -> None:
    rows = rows_by_state("1992-06-01", record)
    assert sorted(rows) == ["ARM", "KAZ", "KGZ", "RUS", "TJK", "UZB"]
    assert {r.status for r in rows.values()} == {"signatory"}
    assert all(r.certainty == "certain" for r in rows.values())
    # seed 001 omits Tajikistan: the disagreement is visible as a conflict, not silently resolved
    found = {(c.subject, c.property): c for c in conflicts(record)}
    signatories = found[("cst-1992", "instrument.signatories")]
    lists = [sorted(v.value) for v in signatories.values]
    assert sorted(rows) in lists
    assert ["ARM", "KAZ", "KGZ", "RUS", "UZB"] in lists
    by_source = {s: v.value for v in signatories.values for s in v.sources}
    assert "TJK" in by_source["seed-000"] and "TJK" not in by_source["seed-001"]


def test_1995_nine_members(record: Record) -> None:
    rows = rows_by_state("1995-06-01", record)
    assert sorted(rows) == ["ARM", "AZE", "BLR", "GEO", "KAZ", "KGZ", "RUS", "TJK", "UZB"]
    assert {r.status for r in rows.values()} == {"member"}


def test_2000_exactly_the_six(record: Record) -> None:
    rows = query.members(record, "2000-01-01")
    assert [r.state for r in rows] == SIX
    assert all(r.status == "member" and r.certainty == "certain" for r in rows)
    assert all(r.sources and r.claims for r in rows)
    assert all(cid in record.claims for r in rows for cid in r.claims)


def test_2000_with_all_states_shows_the_withdrawn(record: Record) -> None:
    rows = rows_by_state("2000-01-01", record, all_states=True)
    assert {s: rows[s].status for s in ("AZE", "GEO", "UZB")} == dict.fromkeys(
        ("AZE", "GEO", "UZB"), "withdrawn"
    )
    assert query.belongs(rows["UZB"]) is Truth.NO


def test_2005_uzbekistan_withdrawn(record: Record) -> None:
    # seed 003's 2005 return is deprecated: the return was decided on 2006-06-23
    rows = rows_by_state("2005-06-01", record)
    assert sorted(rows) == SIX
    uzb = rows_by_state("2005-06-01", record, all_states=True)["UZB"]
    assert (uzb.status, uzb.certainty) == ("withdrawn", "certain")
    assert query.belongs(uzb) is Truth.NO


def test_2006_uzbekistan_return_window(record: Record) -> None:
    # decided in Minsk on 2006-06-23, protocol signed in Sochi on 2006-08-16
    before = rows_by_state("2006-06-22", record, all_states=True)["UZB"]
    window = rows_by_state("2006-07-01", record, all_states=True)["UZB"]
    after = rows_by_state("2006-08-16", record)["UZB"]
    assert before.status == "withdrawn"
    assert (window.status, window.certainty) == ("accession_pending", "certain")
    assert query.belongs(window) is Truth.NO
    assert (after.status, after.certainty) == ("member", "certain")


def test_1999_exit_window(record: Record) -> None:
    # the protocol of 1999-04-02 was signed without AZE, GEO, UZB; the first term ended on 1999-04-20
    trio = ("AZE", "GEO", "UZB")
    on = {
        d: rows_by_state(d, record, all_states=True)
        for d in ("1999-04-01", "1999-04-02", "1999-04-20", "1999-04-21")
    }
    assert {on["1999-04-01"][s].status for s in trio} == {"member"}
    assert {on["1999-04-02"][s].status for s in trio} == {"exit_pending"}
    assert {on["1999-04-20"][s].status for s in trio} == {"exit_pending"}
    assert {on["1999-04-21"][s].status for s in trio} == {"withdrawn"}
    assert all(on[d][s].certainty == "certain" for d in on for s in trio)
    assert all(query.belongs(on["1999-04-20"][s]) is Truth.YES for s in trio)
    assert sorted(r.state for r in query.members(record, "1999-04-21")) == SIX


def test_2008_uzbekistan_member(record: Record) -> None:
    rows = rows_by_state("2008-01-01", record)
    assert sorted(rows) == sorted([*SIX, "UZB"])
    assert (rows["UZB"].status, rows["UZB"].certainty) == ("member", "certain")


def test_2012_uzbekistan_exit_window(record: Record) -> None:
    # note on suspension 2012-06-28, the Council's decision 2012-12-19
    assert rows_by_state("2012-06-27", record)["UZB"].status == "member"
    window = rows_by_state("2012-09-01", record)["UZB"]
    assert (window.status, window.certainty) == ("exit_pending", "certain")
    assert query.belongs(window) is Truth.YES  # in law still a member
    assert "UZB" not in rows_by_state("2012-12-19", record)


def test_2014_uzbekistan_gone_suspended(record: Record) -> None:
    assert [r.state for r in query.members(record, "2014-01-01")] == SIX
    last = query.history(record, "UZB")[-1]
    assert (last.status, last.start, last.end) == ("suspended", "2012-12-19", None)
    assert (
        last.alternatives == []
    )  # "left" (withdrawn) is deprecated: shown beside, not an alternative
    assert {"s001-uzb-left-2012", "d-uzb-quit-2012-per-003"} <= set(last.claims)
    row = rows_by_state("2014-01-01", record, all_states=True)["UZB"]
    assert (row.status, row.certainty, row.alternatives) == ("suspended", "certain", [])
    assert query.belongs(row) is Truth.NO
    assert {"seed-000", "seed-001"} <= set(row.sources)


def test_2024_armenia_member_then_frozen(record: Record) -> None:
    assert rows_by_state("2024-02-21", record)["ARM"].status == "member"
    arm = rows_by_state("2024-05-01", record)["ARM"]
    assert (arm.status, arm.certainty) == ("participation_frozen", "certain")
    assert query.belongs(arm) is Truth.YES  # a frozen member still belongs
    assert sorted(rows_by_state("2024-05-01", record)) == SIX


def test_2026_armenia_frozen(record: Record) -> None:
    arm = rows_by_state("2026-01-01", record)["ARM"]
    assert arm.status == "participation_frozen"
    # past the last evidence about Armenia's membership (Zakharova, 11 December 2025): assumed
    assert arm.certainty == "assumed"
    assert arm.last_evidence == "2025-12-11"
    assert "assumed unchanged since 2025-12-11" in arm.reason
    # seed 000's 31 August is deprecated as a start date but still cited beside the answer
    assert "s000-arm-frozen" in arm.claims and "x-arm-frozen-2024-02-22" in arm.claims
    assert arm.deprecated == ["s000-arm-frozen"]
    assert (
        "seed-000 gives 2024-08-31? (s000-arm-frozen), deprecated: Not a start date" in arm.reason
    )


def test_before_the_treaty_nobody(record: Record) -> None:
    assert query.members(record, "1992-05-14") == []
    assert [r.state for r in query.members(record, "1992-05-15")] == [
        "ARM",
        "KAZ",
        "KGZ",
        "RUS",
        "TJK",
        "UZB",
    ]


def test_1993_accessions_by_day(record: Record) -> None:
    before = {r.state for r in query.members(record, "1993-09-23")}
    after = {r.state for r in query.members(record, "1993-12-31")}
    assert after - before == {"AZE", "GEO", "BLR"}


def test_members_defaults_to_today(record: Record) -> None:
    assert [r.to_dict() for r in query.members(record)] == [
        r.to_dict() for r in query.members(record, dt.date.today())
    ]


def test_members_rejects_bad_dates_and_periods(record: Record) -> None:
    with pytest.raises(DateError, match="February 2023 has 28 days"):
        query.members(record, "2023-02-30")
    with pytest.raises(DateError, match="cannot be uncertain"):
        query.members(record, "2006?")
    with pytest.raises(DateError, match="not a set of alternatives"):
        query.members(record, "[2005,2006]")
    with pytest.raises(DateError, match="needs both ends"):
        query.members(record, "2006/..")
    with pytest.raises(DateError, match="ends before it starts"):
        query.members(record, "2008/2006")


def test_members_unknown_alliance(record: Record) -> None:
    with pytest.raises(UnknownNameError, match="alliance"):
        query.members(record, "2000-01-01", alliance="warsaw-pact")


def test_member_rows_are_json(record: Record) -> None:
    rows = [r.to_dict() for r in query.members(record, "2005-06-01")]
    assert json.loads(json.dumps(rows)) == rows
    assert {"state", "name", "status", "certainty", "reason", "sources", "claims"} <= set(rows[0])


# -- state lookup ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        ("kyrgyz republic", "KGZ"),
        ("Kyrgyz  Republic ", "KGZ"),
        ("Russian Federation", "RUS"),
        ("russia", "RUS"),
        ("365", "RUS"),
        ("704", "UZB"),
        ("UZB", "UZB"),
        ("uzb", "UZB"),
        ("UZ", "UZB"),
        ("kz", "KAZ"),
        ("KZK", "KAZ"),
        ("GRG", "GEO"),
        ("Byelorussia", "BLR"),
        ("Türkiye", "TUR"),
    ],
)
def test_state_lookup(record: Record, name: str, iso3: str) -> None:
    assert record.state(name).iso3 == iso3
    assert {row.state for row in query.history(record, name)} <= {iso3}


def test_no_name_is_ambiguous_but_iso_codes_win(record: Record) -> None:
    """No two states share a name, except where a COW abbreviation is another state's ISO code; there
    the ISO code wins (COW's SLV is Slovenia, ISO's SLV El Salvador)."""
    owners: dict[str, set[str]] = {}
    for state in record.states.values():
        for name in state.names():
            owners.setdefault(" ".join(name.casefold().split()), set()).add(state.iso3)
    shared = {n: o for n, o in owners.items() if len(o) > 1}
    for name, states in shared.items():
        assert name.upper() in states, (name, states)
        assert record.state(name).iso3 == name.upper()
    assert record.state("Slovenia").cow_abb == "SLV"


def test_unknown_state_suggests(record: Record) -> None:
    with pytest.raises(UnknownNameError) as info:
        record.state("Usbekistan")
    assert info.value.suggestions[0] == "Uzbekistan (UZB)"
    assert "Did you mean: Uzbekistan (UZB)" in str(info.value)
    assert isinstance(info.value, CstoError)
    with pytest.raises(UnknownNameError, match="Uzbekistan"):
        query.history(record, "Usbekistan")
    with pytest.raises(UnknownNameError, match="Kyrgyzstan"):
        record.state("Kirgyzstan")
    # states outside the record are suggested too
    with pytest.raises(UnknownNameError, match=r"Moldova \(MDA\)"):
        record.state("Moldva")


def test_country_converter_name_patterns_resolve_record_states(record: Record) -> None:
    # country_converter's patterns read "Uzbek…" as Uzbekistan: no longer an unknown state
    assert record.state("Uzbekstan").iso3 == "UZB"
    assert record.state("Kyrgyz Rep.").iso3 == "KGZ"
    assert record.state("Russian Fed.").iso3 == "RUS"


# -- history -----------------------------------------------------------------------------------


def test_uzbekistan_history(record: Record) -> None:
    rows = query.history(record, "Uzbekistan")
    assert [(r.status, r.start, r.end) for r in rows] == [
        ("signatory", "1992-05-15", "1994-04-20"),
        ("member", "1994-04-20", "1999-04-02"),
        ("exit_pending", "1999-04-02", "1999-04-21"),
        ("withdrawn", "1999-04-21", "2006-06-23"),
        ("accession_pending", "2006-06-23", "2006-08-16"),
        ("member", "2006-08-16", "2012-06-28"),
        ("exit_pending", "2012-06-28", "2012-12-19"),
        ("suspended", "2012-12-19", None),
    ]
    assert {r.start_precision for r in rows} == {"day"}
    rejoin = rows[5]
    assert {"seed-000", "seed-001", "seed-003"} <= set(rejoin.sources)
    assert "s003-uzb-rejoined-2005" in rejoin.claims
    for row in rows:
        data = row.to_dict()
        assert {"status", "start", "end", "sources"} <= set(data)
        assert json.loads(json.dumps(data)) == data


def test_history_is_contiguous_for_every_state(record: Record) -> None:
    for iso3 in {m.state for m in record.memberships if m.alliance == "csto"}:
        rows = query.history(record, iso3)
        assert rows[0].status == "signatory", iso3
        assert all(a.end == b.start for a, b in itertools.pairwise(rows)), iso3
        assert rows[-1].end is None, iso3


def test_never_a_member(record: Record) -> None:
    assert query.history(record, "China") == []
    for name in ("Moldova", "Serbia", "345", "MDA", "MD", "498", "Republic of Moldova"):
        assert query.history(record, name) == [], name
    assert query.describe_state(record, "China").summary == (
        "China (CHN, COW 710): never a member of the CST/CSTO"
    )
    assert query.describe_state(record, "Uzbekistan").summary == (
        "Uzbekistan (UZB, COW 704): in the CST/CSTO from 1992-05-15"
    )


# -- offices -----------------------------------------------------------------------------------


def test_secretaries_general_in_order(record: Record) -> None:
    sg = [r for r in _dicts(query.offices(record)) if r["office"] == "secretary-general"]
    assert [(r["holder"], r["nationality"], r["acting"]) for r in sg] == [
        ("Nikolai Bordyuzha", "RUS", False),
        ("Valery Semerikov", "RUS", True),
        ("Yuri Khachaturov", "ARM", False),
        ("Valery Semerikov", "RUS", True),
        ("Stanislav Zas", "BLR", False),
        ("Imangali Tasmagambetov", "KAZ", False),
        ("Taalatbek Masadykov", "KGZ", False),
    ]
    assert sg[0]["start"] == "2003-04-28"
    assert sg[-1]["end"] is None
    assert all(r["title"] == "Secretary General" and r["sources"] for r in sg)


def test_chiefs_of_joint_staff(record: Record) -> None:
    chiefs = [r for r in _dicts(query.offices(record)) if r["office"] == "chief-of-joint-staff"]
    dated = [(r["holder"], r["nationality"]) for r in chiefs if r["start"] is not None]
    assert dated == [
        ("Saken Zhasuzakov", "KAZ"),
        ("Alexander Studenikin", "RUS"),
        ("Anatoly Sidorov", "RUS"),
        ("Andrei Serdyukov", "RUS"),
    ]


# -- claims and sources ------------------------------------------------------------------------


def test_claims_about_uzbekistan(record: Record) -> None:
    rows = _dicts(query.claims(record, "UZB"))
    assert rows and all(r["subject"] == "UZB" for r in rows)
    ids = {r["id"] for r in rows}
    assert {"s003-uzb-rejoined-2005", "s000-uzb-rejoined-2006", "s001-uzb-left-2012"} <= ids
    assert [r["id"] for r in _dicts(query.claims(record, "Uzbekistan"))] == [r["id"] for r in rows]
    row = next(r for r in rows if r["id"] == "s003-uzb-rejoined-2005")
    assert row["seed_file"] == record.sources["seed-003"].seed_file
    assert row["value"] == "2005"


def test_claims_about_unknown_subject(record: Record) -> None:
    with pytest.raises(CstoError, match="No claims about 'Narnia'"):
        _dicts(query.claims(record, "Narnia"))
    with pytest.raises(
        CstoError, match=r"No claims about Moldova \(MDA, COW 359\).*never a member"
    ):
        query.claims(record, "Moldova")


def test_all_claims(record: Record) -> None:
    assert len(_dicts(query.claims(record))) == len(record.claims)


def test_sources(record: Record) -> None:
    rows = {r["id"]: r for r in _dicts(query.sources(record))}
    assert {f"seed-00{i}" for i in range(5)} <= set(rows)
    assert sum(r["claims"] for r in rows.values()) == len(record.claims)
    assert rows["seed-001"]["author"] == "Dmitri Stratievski"
    assert all(r["seed_file"] for r in rows.values() if r["kind"] == "seed")


# -- events and cases (on a copy with synthetic items, so counts are known) --------------------


def test_events_filters(full_record: Record) -> None:
    mine = {"zz-test-request", "zz-test-clash"}

    def ids(**kw: str) -> set[str]:
        return {e["id"] for e in _dicts(query.events(full_record, **kw))} & mine

    assert ids() == mine
    assert ids(type="armed_clash") == {"zz-test-clash"}
    assert ids(type="armed-clash") == {"zz-test-clash"}
    assert ids(state="Tajikistan") == {"zz-test-clash"}
    assert ids(state="KAZ") == {"zz-test-request"}
    assert ids(start="2031-02") == {"zz-test-clash"}
    assert ids(end="2031-01") == {"zz-test-request"}
    assert ids(start="2031-03-15", end="2031") == {"zz-test-clash"}  # the clash lasts into March
    assert ids(start="2031-04") == set()
    clash = next(e for e in _dicts(query.events(full_record)) if e["id"] == "zz-test-clash")
    assert clash["participants"] == [
        {"actor": "KGZ", "role": "belligerent"},
        {"actor": "TJK", "role": "belligerent"},
        {"actor": "zz-test-group", "role": "participant"},
    ]
    assert (clash["start"], clash["end"], clash["case"]) == ("2031-02", "2031-03", "zz-test-case")


def test_events_errors(record: Record) -> None:
    with pytest.raises(CstoError, match="Did you mean: armed_clash"):
        _dicts(query.events(record, type="armed-clsh"))
    with pytest.raises(CstoError, match="is before"):
        _dicts(query.events(record, start="2010", end="2009"))
    with pytest.raises(UnknownNameError):
        _dicts(query.events(record, state="Narnia"))


def test_cases(full_record: Record) -> None:
    rows = {c["id"]: c for c in _dicts(query.cases(full_record))}
    case = rows["zz-test-case"]
    assert {"id", "start", "requester", "outcome"} <= set(case)
    assert (case["start"], case["requester"], case["outcome"]) == ("2031-01-05", "KAZ", 3)
    full = query.case(full_record, "zz-test-case").to_dict()
    assert [e["id"] for e in full["events"]] == ["zz-test-request", "zz-test-clash"]
    assert full["citations"][0]["claim"] == "s000-cst-signed-tashkent"
    assert full["citations"][0]["quote"] == full_record.claims["s000-cst-signed-tashkent"].quote


def test_shipped_cases_have_the_keys(record: Record) -> None:
    for case in _dicts(query.cases(record)):
        assert {"id", "start", "requester", "outcome"} <= set(case)
        assert case["outcome"] in (None, 0, 1, 2, 3)


def test_unknown_case(record: Record) -> None:
    with pytest.raises(UnknownNameError, match="Unknown case 'no-such-case'"):
        query.case(record, "no-such-case").to_dict()


# -- conflicts ---------------------------------------------------------------------------------


def _conflict_values(record: Record) -> dict[tuple[str, str], list[object]]:
    return {(c.subject, c.property): [v.value for v in c.values] for c in conflicts(record)}


def test_known_conflicts(record: Record) -> None:
    found = _conflict_values(record)
    assert sorted(found[("UZB", "membership.rejoined")]) == ["2005", "2006"]
    assert sorted(found[("UZB", "membership.change_2012")]) == ["suspended", "withdrawn"]
    assert ("cst-1992", "instrument.signatories") in found
    frozen = found[("ARM", "membership.participation_frozen")]
    assert "2024-02-22" in frozen and "2024-08-31?" in frozen


def test_conflict_values_keep_their_sources(record: Record) -> None:
    conflict = next(
        c for c in conflicts(record) if (c.subject, c.property) == ("UZB", "membership.rejoined")
    )
    by_value = {v.value: v.to_dict() for v in conflict.values}
    assert by_value["2005"]["sources"] == ["seed-003"]
    assert {"seed-000", "seed-001"} <= set(by_value["2006"]["sources"])
    assert all(v.quotes for v in conflict.values)
    assert json.loads(json.dumps(conflict.to_dict())) == conflict.to_dict()


def test_agreeing_claims_are_not_conflicts(record: Record) -> None:
    found = _conflict_values(record)
    # "2002" (seeds 000, 002, 003) and "2002-05" (seed 001): one refines the other
    assert ("csto", "alliance.became_organization") not in found
    assert ("cst-1992", "membership.withdrew_1999") not in found  # the same list twice


def _claim(cid: str, value: object, time: str | None = None) -> Claim:
    return Claim(
        id=cid,
        subject="XXX",
        property="test.date",
        value=value,
        time=time,
        source="seed-000",
        quote="q",
    )


def _only(record: Record, *claims: Claim) -> Record:
    return dataclasses.replace(record, claims={c.id: c for c in claims})


@given(partial_dates("day"), st.sampled_from(["year", "month", "day"]), st.booleans())
@settings(max_examples=60, deadline=None)
def test_refining_dates_never_conflict(
    record: Record, fine: PartialDate, coarse_precision: str, as_int: bool
) -> None:
    coarse = PartialDate(
        fine.year,
        fine.month if coarse_precision != "year" else None,
        fine.day if coarse_precision == "day" else None,
    )
    a = _claim("a", int(coarse.edtf) if as_int and coarse.precision == "year" else coarse.edtf)
    b = _claim("b", fine.edtf, time=fine.edtf)
    assert not disagree(a, b) and not disagree(b, a)
    assert conflicts(_only(record, a, b)) == []


@given(partial_dates(), partial_dates())
@settings(max_examples=60, deadline=None)
def test_disjoint_dates_always_conflict(record: Record, x: PartialDate, y: PartialDate) -> None:
    a, b = _claim("a", x.edtf), _claim("b", y.edtf)
    separate = x.latest < y.earliest or y.latest < x.earliest
    assert disagree(a, b) is separate
    assert bool(conflicts(_only(record, a, b))) is separate


def test_1999_and_1999_04_agree(record: Record) -> None:
    assert conflicts(_only(record, _claim("a", "1999"), _claim("b", "1999-04"))) == []
    assert conflicts(_only(record, _claim("a", 1999), _claim("b", "1999-04-30"))) == []
    [conflict] = conflicts(_only(record, _claim("a", "1999"), _claim("b", "2000-01")))
    assert sorted(v.value for v in conflict.values) == ["1999", "2000-01"]


def test_keywords_conflict_only_when_times_overlap(record: Record) -> None:
    assert (
        conflicts(_only(record, _claim("a", "member", "2005"), _claim("b", "suspended", "2012")))
        == []
    )
    assert (
        conflicts(_only(record, _claim("a", "Member", "2005"), _claim("b", "member ", "2005")))
        == []
    )
    assert (
        len(
            conflicts(
                _only(record, _claim("a", "member", "2005/2012"), _claim("b", "suspended", "2010"))
            )
        )
        == 1
    )
    # long free text is description, not compared
    assert (
        conflicts(
            _only(record, _claim("a", "one two three four"), _claim("b", "five six seven eight"))
        )
        == []
    )
