"""The seeds' quantitative statements, recomputed from the raw record and set beside the authors' numbers.

One function per figure; each returns a :class:`Figure` that names the claim with the author's number and
quote, the value recomputed from the record, the method, and, where the two differ or the record cannot
settle it, the reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any, Literal

from csto.record.load import load_record
from csto.record.membership import STATUS_PROFILE
from csto.record.record import Record

Status = Literal["reproduced", "differs", "cannot reproduce"]


@dataclass(frozen=True)
class Figure:
    id: str
    statement: str
    author_value: Any
    recomputed: Any
    status: Status
    method: str
    reason: str | None
    source: str
    claim: str
    quote: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _figure(
    rec: Record,
    fid: str,
    statement: str,
    claim_id: str,
    recomputed: Any,
    status: Status,
    method: str,
    reason: str | None = None,
) -> Figure:
    claim = rec.claims[claim_id]
    return Figure(
        fid,
        statement,
        claim.value,
        recomputed,
        status,
        method,
        reason,
        claim.source,
        claim_id,
        claim.quote,
    )


def _years(start: dt.date, end: dt.date) -> float:
    return max(0.0, (end - start).days / 365.2425)


def sg_russian_years(rec: Record) -> Figure:
    """Russians' years as Secretary General in the 20 years from 2003 (seed 001: 16)."""
    lo, hi = dt.date(2003, 1, 1), dt.date(2023, 1, 1)
    weighted = weighted_no_acting = 0.0
    calendar: set[int] = set()
    for t in rec.tenures:
        if t.office != "secretary-general" or t.nationality != "RUS" or t.start is None:
            continue
        start = max(t.start.earliest, lo)
        end = min((t.end.latest + dt.timedelta(days=1)) if t.end else hi, hi)
        if end <= start:
            continue
        weighted += _years(start, end)
        if not t.acting:
            weighted_no_acting += _years(start, end)
        calendar.update(range(start.year, (end - dt.timedelta(days=1)).year + 1))
    value = round(weighted, 1)
    status: Status = "reproduced" if round(weighted) == 16 else "differs"
    return _figure(
        rec,
        "sg-russian-years",
        "Years a Russian held the Secretary General's office, 2003–2022",
        "s001-sg-russians-16-of-20",
        value,
        status,
        "sum of Russian tenures (acting included) within 2003-01-01 – 2022-12-31, in years",
        f"Time-weighted the record gives {value} years ({weighted_no_acting:.1f} without the acting "
        f"Secretary General); a Russian held the office in {len(calendar)} of the 20 calendar years. "
        "The author's 16 falls between these counts; the author does not say how years were counted.",
    )


def joint_staff_non_russian(rec: Record) -> Figure:
    """Non-Russian Chiefs of the Joint Staff: 'less than nine years', only in the initial period."""
    chiefs = [t for t in rec.tenures if t.office == "chief-of-joint-staff"]
    unknown = [
        t.holder for t in chiefs if t.start is None or (t.end is None and t.nationality != "RUS")
    ]
    non_russian = sorted(
        {f"{t.holder} ({t.nationality})" for t in chiefs if t.nationality != "RUS"}
    )
    return _figure(
        rec,
        "joint-staff-non-russian-years",
        "Years non-Russians chaired the Joint Staff (2002–2023)",
        "s001-joint-staff-non-russian-years",
        None,
        "cannot reproduce",
        "sum of non-Russian tenures of the Chief of the Joint Staff",
        "The record's list of chiefs is incomplete before 2012 (dates unknown for "
        + ", ".join(unknown)
        + "); non-Russian chiefs on record: "
        + ", ".join(non_russian)
        + ".",
    )


def joint_staff_russians_since_2012(rec: Record) -> Figure:
    chiefs = sorted(
        (t for t in rec.tenures if t.office == "chief-of-joint-staff" and t.start is not None),
        key=lambda t: t.start.earliest if t.start else dt.date.min,
    )
    last_non_russian = max(
        (t.end.latest for t in chiefs if t.nationality != "RUS" and t.end is not None), default=None
    )
    after = [
        t for t in chiefs if last_non_russian and t.start and t.start.earliest >= last_non_russian
    ]
    ok = bool(after) and all(t.nationality == "RUS" for t in after)
    return _figure(
        rec,
        "joint-staff-russians-since-2012",
        "Only Russians have chaired the Joint Staff since 2012",
        "s001-joint-staff-russians-since-2012",
        f"only Russians since {last_non_russian}",
        "reproduced" if ok and last_non_russian and last_non_russian.year == 2012 else "differs",
        "nationality of every chief whose tenure starts after the last non-Russian's ends",
        f"The last non-Russian chief left on {last_non_russian}; chiefs since: "
        + ", ".join(f"{t.holder} ({t.nationality})" for t in after)
        + ".",
    )


def forces_used(rec: Record) -> Figure:
    """How often the alliance's forces were used (seed 001: once, Kazakhstan, January 2022)."""
    used = [
        c
        for c in rec.cases.values()
        if c.alliance == "csto" and c.outcome_level is not None and int(c.outcome_level) == 3
    ]
    claim_id = "s001-figure-forces-used-once"
    n = len(used)
    return _figure(
        rec,
        "forces-used",
        "Times the alliance's forces were used",
        claim_id,
        n,
        "reproduced" if n == 1 else "differs",
        "cases coded at outcome level 3 (military assistance)",
        "Cases at level 3: " + (", ".join(c.id for c in used) or "none") + ".",
    )


def members_fought(rec: Record) -> Figure:
    """Armed conflicts between members (seed 001: at least four) — from the record's clashes."""
    from csto.record.query import belongs, standing

    pairs = []
    for ev in sorted(rec.events.values(), key=lambda e: e.start.earliest):
        if ev.type.value not in ("armed_clash", "war", "incursion"):
            continue
        states = sorted(
            {
                p.actor
                for p in ev.participants
                if p.role.value in ("belligerent", "adversary", "target", "requester")
                and p.actor in rec.states
            }
        )
        both = []
        for s in states:
            row = standing(rec, s, ev.start.latest)
            if row is not None and belongs(row).value == "yes":
                both.append(s)
        if len(both) >= 2:
            pairs.append(f"{'–'.join(both)} ({ev.start.edtf}, {ev.id})")
    claim_id = next(
        (c.id for c in rec.claims.values() if c.property == "alliance.member_armed_conflicts"), ""
    )
    n = len(pairs)
    author = rec.claims[claim_id].value if claim_id else 4
    status: Status = "reproduced" if n >= (author if isinstance(author, int) else 4) else "differs"
    return (
        _figure(
            rec,
            "members-fought",
            "Armed conflicts between states that were both members at the time",
            claim_id,
            n,
            status,
            "armed clashes, wars and incursions whose state participants both belonged to the alliance on the date",
            "Counted: "
            + ("; ".join(pairs) or "none")
            + ". The author also counts Armenia–Azerbaijan over Nagorno-Karabakh, which no seed dates (in "
            "the 2020 war Azerbaijan was no longer a member), and Kyrgyzstan–Uzbekistan in Osh (2010), which "
            "the record codes as internal unrest with Uzbekistan as no belligerent (see the conflict on "
            "osh-2010 case.kind).",
        )
        if claim_id
        else Figure(
            "members-fought",
            "Armed conflicts between members",
            4,
            n,
            "cannot reproduce",
            "armed clashes between members",
            "no claim with the author's number is in the record",
            "",
            "",
            None,
        )
    )


def peak_members(rec: Record) -> Figure:
    """Peak number of states in the alliance at one time (seed 001: eight)."""
    days = sorted(
        {m.start.latest for m in rec.memberships} | {m.end.latest for m in rec.memberships if m.end}
    )
    best, best_day = 0, None
    for day in days:
        n = 0
        for iso3 in {m.state for m in rec.memberships}:
            for m in rec.memberships_of(iso3):
                truth, _ = m.interval.holds_on(day)
                if truth.value == "yes" and STATUS_PROFILE[m.status]["belongs"]:
                    n += 1
        if n > best:
            best, best_day = n, day
    return _figure(
        rec,
        "peak-members",
        "Largest number of states in the alliance at one time",
        "s001-csto-peak-eight-members",
        best,
        "reproduced" if best == 8 else "differs",
        "maximum over dates of the states whose status certainly counts as belonging",
        f"{best} states belonged on {best_day}: seed 001 lists five Tashkent signatories (without "
        "Tajikistan) and three 1993 accessions, which makes eight; seeds 000 and 003 include Tajikistan, which "
        "makes nine.",
    )


def current_members(rec: Record) -> Figure:
    from csto.record.query import members

    day = dt.date(2022, 1, 15)
    rows = members(day, record=rec)
    n = len(rows)
    return _figure(
        rec,
        "six-members-2022",
        "Number of members when seed 002 was written (2022-01-15)",
        "s002-members-six-2022",
        n,
        "reproduced" if n == 6 else "differs",
        "states belonging on 2022-01-15",
        "Members: " + ", ".join(r.state for r in rows) + ".",
    )


def operation_length(rec: Record) -> Figure:
    """Seed 001: 'only one week-long operation in Kazakhstan' — the deployment's length from the record."""
    claim_id = next(
        (c.id for c in rec.claims.values() if c.property == "case.operation_length"), ""
    )
    decision = rec.claims.get("x-kaz-decision-2022-01-06")
    began = rec.claims.get("x-kaz-withdrawal-began-2022-01-13")
    done = rec.claims.get("x-kaz-withdrawal-2022-01-19")
    if not (decision and began and done and claim_id):
        return Figure(
            "operation-length",
            "Length of the Kazakhstan operation",
            "one week",
            None,
            "cannot reproduce",
            "decision to end of withdrawal",
            "dates missing from the record",
            "",
            claim_id,
            None,
        )
    d0 = dt.date(2022, 1, 6)
    d1 = dt.date.fromisoformat(str(began.value))
    d2 = dt.date.fromisoformat(str(done.value))
    return _figure(
        rec,
        "operation-length",
        "Length of the Kazakhstan operation (days)",
        claim_id,
        f"{(d1 - d0).days} days to the start of withdrawal, {(d2 - d0).days} to its end",
        "reproduced" if (d1 - d0).days == 7 else "differs",
        "from the CSC decision (2022-01-06) to the start and the end of the withdrawal (external dates)",
        "A week from decision to the start of withdrawal; the last troops left 13 days after the decision.",
    )


def uzbekistan_years(rec: Record) -> Figure:
    """Seed 003: rejoined in 2005, quit 'seven years later'; the other seeds date the return to 2006."""
    m = next(
        m
        for m in rec.memberships_of("UZB")
        if m.status.value == "member" and m.start.earliest.year >= 2005
    )
    end = m.end.earliest.year if m.end else None
    spans = sorted({end - o.year for o in getattr(m.start, "options", [m.start])} if end else set())
    return _figure(
        rec,
        "uzbekistan-second-membership",
        "Years of Uzbekistan's second membership",
        "s003-uzb-quit-seven-years-later",
        spans,
        "reproduced" if 7 in spans else "differs",
        "year of leaving minus year of return, for each return date the sources give",
        "Seven years if the return is dated 2005 (seed 003); six if 2006 (seeds 000, 001, and the 2006 "
        "protocol); seed 001 itself speaks of 'the six years that followed'.",
    )


def nato_member_conflicts(rec: Record) -> Figure:
    """Seed 001: armed conflict between NATO members erupted once (Turkey and Greece in Cyprus)."""
    return _figure(
        rec,
        "nato-member-conflicts",
        "Armed conflicts between NATO members",
        "s001-nato-one-conflict",
        None,
        "cannot reproduce",
        "NATO clashes in the record",
        "The record holds NATO only as a comparison alliance (what seed 001 says of it), with no NATO "
        "membership intervals or events, so the author's count stands as a claim.",
    )


FIGURES: list[Callable[[Record], Figure]] = [
    sg_russian_years,
    joint_staff_non_russian,
    joint_staff_russians_since_2012,
    forces_used,
    members_fought,
    nato_member_conflicts,
    peak_members,
    current_members,
    operation_length,
    uzbekistan_years,
]


def figures(record: Record | None = None) -> list[Figure]:
    """Every figure, recomputed from the record."""
    rec = record if record is not None else load_record()
    return [f(rec) for f in FIGURES]
