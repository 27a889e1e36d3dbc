"""The seeds' figures recomputed from the raw record, each beside the author's number and quote."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from csto.analysis.figures import Statistic, figures
from csto.record.record import Record


@pytest.fixture(scope="module")
def by_id(record: Record) -> dict[str, Statistic]:
    return {f.id: f for f in figures(record)}


def test_every_figure_names_a_claim_with_its_quote(
    record: Record, by_id: dict[str, Statistic]
) -> None:
    assert len(by_id) == len(figures(record))  # ids are unique
    for fig in by_id.values():
        assert fig.status in ("reproduced", "differs", "cannot reproduce"), fig.id
        assert fig.method, fig.id
        if fig.status != "reproduced":
            assert fig.reason, f"{fig.id} {fig.status} without a reason"
        if not fig.claim:
            assert fig.status == "cannot reproduce", fig.id
            continue
        claim = record.claims[fig.claim]
        assert fig.quote == claim.quote and fig.quote, fig.id
        assert fig.source == claim.source, fig.id
        assert fig.author_value == claim.value, fig.id
        assert record.sources[fig.source].kind == "seed", fig.id
        assert json.loads(json.dumps(fig.to_dict(), default=str))["id"] == fig.id


def _russian_sg_years(record: Record) -> float:
    """Time-weighted years a Russian was Secretary General in 2003-01-01 .. 2022-12-31 (end inclusive)."""
    lo, hi = dt.date(2003, 1, 1), dt.date(2023, 1, 1)
    days = 0
    for t in record.tenures:
        if t.office == "secretary-general" and t.nationality == "RUS":
            assert t.start is not None and t.end is not None
            start = max(t.start.earliest, lo)
            end = min(t.end.latest + dt.timedelta(days=1), hi)
            days += max(0, (end - start).days)
    return days / 365.2425


def test_secretary_general_russian_years(record: Record, by_id: dict[str, Statistic]) -> None:
    fig = by_id["sg-russian-years"]
    years = _russian_sg_years(record)
    assert years == pytest.approx(15.2, abs=0.05)
    assert fig.recomputed == round(years, 1) == 15.2
    assert fig.author_value == 16
    assert fig.status == "differs"
    assert fig.reason and "15.2" in fig.reason
    assert fig.claim == "s001-sg-russians-16-of-20"
    assert "16 YEARS" in (fig.quote or "")


def _parties_on(record: Record, day: dt.date) -> set[str]:
    """States whose interval on ``day`` certainly holds and binds them (member, exit window, frozen)."""
    return {
        m.state
        for m in record.memberships
        if m.alliance == "csto"
        and m.status.value in ("member", "exit_pending", "participation_frozen")
        and m.interval.holds_on(day)[0].value == "yes"
    }


def test_peak_members(record: Record, by_id: dict[str, Statistic]) -> None:
    fig = by_id["peak-members"]
    # recomputed independently: the most parties on any day an interval starts or ends
    days = {m.start.earliest for m in record.memberships} | {
        m.end.latest for m in record.memberships if m.end is not None
    }
    peak = max(len(_parties_on(record, d)) for d in days)
    assert peak == 9
    nine = {"ARM", "AZE", "BLR", "GEO", "KAZ", "KGZ", "RUS", "TJK", "UZB"}
    # on 1993-12-31 the nine were only signatories: none was yet bound by the treaty
    assert _parties_on(record, dt.date(1993, 12, 31)) == set()
    assert _parties_on(record, dt.date(1994, 4, 19)) == set()
    assert _parties_on(record, dt.date(1994, 4, 20)) == nine
    assert _parties_on(record, dt.date(1999, 4, 20)) == nine  # the last day of the first term
    assert len(_parties_on(record, dt.date(1999, 4, 21))) == 6
    assert (fig.recomputed, fig.author_value, fig.status) == (9, 8, "differs")
    assert fig.reason and "1994-04-20 to 1999-04-20" in fig.reason and "Tajikistan" in fig.reason
    assert "1993-12-31" in fig.reason and "only signatories" in fig.reason
    assert fig.claim == "s001-csto-peak-eight-members"


def test_members_fought_counts_karabakh_1994(by_id: dict[str, Statistic]) -> None:
    fig = by_id["members-fought"]
    assert (fig.recomputed, fig.author_value, fig.status) == (3, 4, "differs")
    assert fig.reason is not None
    assert "ARM–AZE (karabakh-war-1988-1994: both parties 1994-04-20 – 1994-05-12)" in fig.reason
    assert fig.reason.count("KGZ–TJK") == 2
    # two targets of the same incursion did not fight each other
    assert "incursions-1999-2000" not in fig.reason
    assert "Osh" in fig.reason


def test_joint_staff_only_russians_since_2012(record: Record, by_id: dict[str, Statistic]) -> None:
    fig = by_id["joint-staff-russians-since-2012"]
    assert fig.status == "reproduced"
    chiefs = [t for t in record.tenures if t.office == "chief-of-joint-staff"]
    # every non-Russian chief had left by the end of 2012 ...
    foreign = [t for t in chiefs if t.nationality != "RUS"]
    assert foreign and all(t.end is not None and t.end.latest.year == 2012 for t in foreign)
    # ... and everyone who may have held the post after 2012 is Russian
    after = [t for t in chiefs if t.end is None or t.end.latest > dt.date(2012, 12, 31)]
    assert {t.holder for t in after} >= {
        "Alexander Studenikin",
        "Anatoly Sidorov",
        "Andrei Serdyukov",
    }
    assert {t.nationality for t in after} == {"RUS"}
    assert "2012" in str(fig.recomputed)
    assert fig.quote == "Since 2012, the chair has been held exclusively by Russians."


def test_joint_staff_non_russian_years_cannot_be_reproduced(by_id: dict[str, Statistic]) -> None:
    fig = by_id["joint-staff-non-russian-years"]
    assert (fig.status, fig.recomputed) == ("cannot reproduce", None)
    assert fig.reason and "Tikhonovsky" in fig.reason


def test_six_members_in_2022(by_id: dict[str, Statistic]) -> None:
    fig = by_id["six-members-2022"]
    assert (fig.recomputed, fig.status) == (6, "reproduced")


def test_uzbekistan_second_membership(by_id: dict[str, Statistic]) -> None:
    fig = by_id["uzbekistan-second-membership"]
    # from the Sochi protocol (2006-08-16) to the Council's decision to suspend (2012-12-19)
    assert fig.recomputed == round(
        (dt.date(2012, 12, 19) - dt.date(2006, 8, 16)).days / 365.2425, 1
    )
    assert fig.recomputed == 6.3
    assert (fig.author_value, fig.status) == (7, "differs")
    assert fig.reason and "2005" in fig.reason and "deprecates" in fig.reason
    assert "5.9" in fig.reason and "6.5" in fig.reason


def test_operation_length(by_id: dict[str, Statistic]) -> None:
    fig = by_id["operation-length"]
    assert fig.status == "reproduced"
    assert fig.recomputed == "7 days to the start of withdrawal, 13 to its end"


def test_forces_used_counts_level_three_cases(full_record: Record, record: Record) -> None:
    shipped = {f.id: f for f in figures(record)}["forces-used"]
    level3 = [c for c in record.cases.values() if c.outcome_level == 3 and c.alliance == "csto"]
    assert shipped.recomputed == len(level3)
    # the synthetic copy adds one level-3 case
    fig = {f.id: f for f in figures(full_record)}["forces-used"]
    assert fig.recomputed == len(level3) + 1
    assert fig.reason and "zz-test-case" in fig.reason


def test_nato_membership_comparisons(record: Record, by_id: dict[str, Statistic]) -> None:
    """Seed 001's NATO comparisons, recomputed from NATO's accession dates."""
    fig = by_id["nato-members-2023"]
    assert (fig.author_value, fig.recomputed, fig.status) == (31, 31, "reproduced")
    assert "FIN" in (fig.reason or "") and "SWE" not in (fig.reason or "")
    conflicts = by_id["nato-member-conflicts"]
    assert conflicts.status == "cannot reproduce" and "Cyprus" in (conflicts.reason or "")


@pytest.mark.parametrize(
    ("day", "count"),
    [("2020-01-01", 29), ("2021-01-01", 30), ("2023-06-01", 31), ("2024-06-01", 32)],
)
def test_nato_members_through_the_query(record: Record, day: str, count: int) -> None:
    from csto.record.query import members

    rows = members(record, day, "nato")
    assert len(rows) == count
    assert all(r.status == "member" and r.sources for r in rows)
