"""The seeds' figures recomputed from the raw record, each beside the author's number and quote."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from csto.analysis.figures import Figure, figures
from csto.record import query
from csto.record.record import Record


@pytest.fixture(scope="module")
def by_id(record: Record) -> dict[str, Figure]:
    return {f.id: f for f in figures(record)}


def test_every_figure_names_a_claim_with_its_quote(
    record: Record, by_id: dict[str, Figure]
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


def test_secretary_general_russian_years(record: Record, by_id: dict[str, Figure]) -> None:
    fig = by_id["sg-russian-years"]
    years = _russian_sg_years(record)
    assert years == pytest.approx(15.2, abs=0.05)
    assert fig.recomputed == round(years, 1) == 15.2
    assert fig.author_value == 16
    assert fig.status == "differs"
    assert fig.reason and "15.2" in fig.reason
    assert fig.claim == "s001-sg-russians-16-of-20"
    assert "16 YEARS" in (fig.quote or "")


def test_peak_members(record: Record, by_id: dict[str, Figure]) -> None:
    fig = by_id["peak-members"]
    # recomputed independently: the most states belonging on any day an interval starts or ends
    days = {m.start.earliest for m in record.memberships} | {
        m.end.latest for m in record.memberships if m.end is not None
    }
    peak = max(len(query.members(d, record=record)) for d in days)
    assert peak == 9
    assert len(query.members("1993-12-31", record=record)) == 9
    assert (fig.recomputed, fig.author_value, fig.status) == (9, 8, "differs")
    assert fig.reason and "Tajikistan" in fig.reason
    assert fig.claim == "s001-csto-peak-eight-members"


def test_joint_staff_only_russians_since_2012(record: Record, by_id: dict[str, Figure]) -> None:
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


def test_joint_staff_non_russian_years_cannot_be_reproduced(by_id: dict[str, Figure]) -> None:
    fig = by_id["joint-staff-non-russian-years"]
    assert (fig.status, fig.recomputed) == ("cannot reproduce", None)
    assert fig.reason and "Tikhonovsky" in fig.reason


def test_six_members_in_2022(by_id: dict[str, Figure]) -> None:
    fig = by_id["six-members-2022"]
    assert (fig.recomputed, fig.status) == (6, "reproduced")


def test_uzbekistan_second_membership(by_id: dict[str, Figure]) -> None:
    fig = by_id["uzbekistan-second-membership"]
    assert fig.recomputed == [6, 7]  # one span per return date the sources give (2006, 2005)
    assert (fig.author_value, fig.status) == (7, "reproduced")


def test_operation_length(by_id: dict[str, Figure]) -> None:
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
