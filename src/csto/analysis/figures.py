"""The seeds' quantitative statements, recomputed from the raw record and set beside the authors' numbers.

One function per figure; each returns a :class:`Statistic` (an author's number beside the record's) that names the claim with the author's number and
quote, the value recomputed from the record, the method, and, where the two differ or the record cannot
settle it, the reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from itertools import pairwise
from typing import Any, Literal

from csto.record.record import Record
from csto.record.rows import Row

Status = Literal["reproduced", "differs", "cannot reproduce"]


class Statistic(Row):
    """An author's figure beside the value recomputed from the record, with the method and the reason
    where they differ (``status``: reproduced, differs, cannot reproduce)."""

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


def _figure(
    rec: Record,
    fid: str,
    statement: str,
    claim_id: str,
    recomputed: Any,
    status: Status,
    method: str,
    reason: str | None = None,
) -> Statistic:
    claim = rec.claims[claim_id]
    return Statistic(
        id=fid,
        statement=statement,
        author_value=claim.value,
        recomputed=recomputed,
        status=status,
        method=method,
        reason=reason,
        source=claim.source,
        claim=claim_id,
        quote=claim.quote,
    )


def _years(start: dt.date, end: dt.date) -> float:
    return max(0.0, (end - start).days / 365.2425)


def sg_russian_years(rec: Record) -> Statistic:
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


def joint_staff_non_russian(rec: Record) -> Statistic:
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


def joint_staff_russians_since_2012(rec: Record) -> Statistic:
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


def forces_used(rec: Record) -> Statistic:
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


#: Statuses under which the treaty binds a state (in law a member): a signatory before entry into force, a
#: suspended or withdrawn state is not a party.
PARTY_STATUSES = frozenset({"member", "exit_pending", "participation_frozen"})


def party_spans(rec: Record, iso3: str, alliance: str = "csto") -> list[tuple[dt.date, dt.date]]:
    """The days a state was certainly a party, as half-open spans ``[first, end)`` (``date.max`` if ongoing).

    A span starts on the latest day its start may stand for and ends on the earliest day its end may stand
    for, so that imprecise boundaries never count a day that might fall outside.
    """
    spans: list[tuple[dt.date, dt.date]] = []
    for m in rec.memberships_of(iso3, alliance):
        if m.status.value not in PARTY_STATUSES:
            continue
        start = m.start.latest
        end = m.end.earliest if m.end is not None else dt.date.max
        if start < end:
            if (
                spans and spans[-1][1] == start
            ):  # consecutive party statuses (member, then exit_pending)
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
    return spans


def _both_parties(
    rec: Record, a: str, b: str, lo: dt.date, hi: dt.date
) -> tuple[dt.date, dt.date] | None:
    """The first stretch of ``[lo, hi]`` (closed) in which states ``a`` and ``b`` were both parties."""
    for a0, a1 in party_spans(rec, a):
        for b0, b1 in party_spans(rec, b):
            first = max(a0, b0, lo)
            last = min(a1 - dt.timedelta(days=1), b1 - dt.timedelta(days=1), hi)
            if first <= last:
                return first, last
    return None


def _opposed(a: set[str], b: set[str]) -> bool:
    """Were two participants on opposite sides? Two belligerents, or an adversary and its target.

    Two targets of the same adversary (Kyrgyzstan and Uzbekistan in the 1999 incursions) did not fight each
    other.
    """
    sides = {"belligerent", "target", "requester"}
    return ("belligerent" in a and "belligerent" in b) or (
        ("adversary" in a and bool(b & sides)) or ("adversary" in b and bool(a & sides))
    )


def members_fought(rec: Record) -> Statistic:
    """Armed conflicts between members (seed 001: at least four) — from the record's clashes and wars.

    An event counts when two of its state participants on opposite sides were both parties to the treaty on
    at least one day of the event (not only on its first day: a war that began before both were bound
    counts from the day both were).
    """
    pairs = []
    for ev in sorted(rec.events.values(), key=lambda e: e.start.earliest):
        if ev.type.value not in ("armed_clash", "war", "incursion"):
            continue
        roles: dict[str, set[str]] = {}
        for p in ev.participants:
            if p.actor in rec.states:
                roles.setdefault(p.actor, set()).add(p.role.value)
        states = sorted(roles)
        lo, hi = ev.start.earliest, (ev.end or ev.start).latest
        for i, a in enumerate(states):
            for b in states[i + 1 :]:
                if not _opposed(roles[a], roles[b]):
                    continue
                both = _both_parties(rec, a, b, lo, hi)
                if both is None:
                    continue
                when = (
                    ev.start.edtf
                    if both == (lo, hi)
                    else f"both parties {both[0].isoformat()} – {both[1].isoformat()}"
                )
                pairs.append(f"{a}–{b} ({ev.id}: {when})")
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
            "armed clashes, wars and incursions with two state participants on opposite sides (two "
            "belligerents, or an adversary and its target) that were both parties to the treaty (member, "
            "exit_pending or participation_frozen) on at least one day of the event",
            "Counted: "
            + ("; ".join(pairs) or "none")
            + ". Armenia and Azerbaijan count for the last weeks of the 1988–1994 Karabakh war: both became "
            "parties when the treaty came into force on 1994-04-20, and the ceasefire took effect on "
            "1994-05-12 (in the 2020 war and the 2022 clashes Azerbaijan was no longer a member). The "
            "author's fourth, Kyrgyzstan–Uzbekistan in Osh (2010), the record codes as internal unrest with "
            "Uzbekistan as no belligerent (see the conflict on osh-2010 case.kind).",
        )
        if claim_id
        else Statistic(
            id="members-fought",
            statement="Armed conflicts between members",
            author_value=4,
            recomputed=n,
            status="cannot reproduce",
            method="armed clashes between members",
            reason="no claim with the author's number is in the record",
            source="",
            claim="",
            quote=None,
        )
    )


def party_counts(rec: Record, alliance: str = "csto") -> list[tuple[dt.date, dt.date, int]]:
    """How many states were parties, as ``(first, last, count)`` runs of days (both ends inclusive).

    The runs go from the first boundary to the day before the last finite one; after it the count of the
    open-ended intervals holds.
    """
    states = sorted({m.state for m in rec.memberships if m.alliance == alliance})
    spans = {s: party_spans(rec, s, alliance) for s in states}
    days = sorted({d for ss in spans.values() for span in ss for d in span if d != dt.date.max})
    runs: list[tuple[dt.date, dt.date, int]] = []
    for first, nxt in pairwise(days):
        n = sum(1 for ss in spans.values() if any(a <= first < b for a, b in ss))
        last = nxt - dt.timedelta(days=1)
        if runs and runs[-1][2] == n:
            runs[-1] = (runs[-1][0], last, n)
        else:
            runs.append((first, last, n))
    return runs


def peak_members(rec: Record) -> Statistic:
    """Peak number of states in the alliance at one time (seed 001: eight), counting parties only."""
    runs = party_counts(rec)
    best = max((n for _, _, n in runs), default=0)
    held = [(a, b) for a, b, n in runs if n == best]
    when = "; ".join(f"{a.isoformat()} to {b.isoformat()}" for a, b in held)
    signatories = sorted(
        m.state
        for m in rec.memberships
        if m.alliance == "csto"
        and m.status.value == "signatory"
        and m.interval.holds_on(dt.date(1993, 12, 31))[0].value == "yes"
    )
    return _figure(
        rec,
        "peak-members",
        "Largest number of states in the alliance at one time",
        "s001-csto-peak-eight-members",
        best,
        "reproduced" if best == 8 else "differs",
        "maximum over days of the states that were parties (member, exit_pending or participation_frozen); "
        "signatories before the treaty came into force do not count",
        f"{best} states were parties from {when} (both days included): from the treaty's entry into force "
        "until its first term ended for Azerbaijan, Georgia and Uzbekistan, which did not sign the 1999 "
        f"protocol. On 1993-12-31 the {len(signatories)} were only signatories. Seed 001 lists five Tashkent "
        "signatories (without Tajikistan) and three 1993 accessions, which makes eight; seeds 000 and 003 "
        "include Tajikistan, which makes nine.",
    )


def current_members(rec: Record) -> Statistic:
    from csto.record.query import members

    day = dt.date(2022, 1, 15)
    rows = members(rec, day)
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


def operation_length(rec: Record) -> Statistic:
    """Seed 001: 'only one week-long operation in Kazakhstan' — the deployment's length from the record."""
    claim_id = next(
        (c.id for c in rec.claims.values() if c.property == "case.operation_length"), ""
    )
    decision = rec.claims.get("x-kaz-decision-2022-01-06")
    began = rec.claims.get("x-kaz-withdrawal-began-2022-01-13")
    done = rec.claims.get("x-kaz-withdrawal-2022-01-19")
    if not (decision and began and done and claim_id):
        return Statistic(
            id="operation-length",
            statement="Length of the Kazakhstan operation",
            author_value="one week",
            recomputed=None,
            status="cannot reproduce",
            method="decision to end of withdrawal",
            reason="dates missing from the record",
            source="",
            claim=claim_id,
            quote=None,
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


def uzbekistan_years(rec: Record) -> Statistic:
    """Seed 003: rejoined in 2005, quit "seven years later". The record dates both ends to the day."""
    rows = rec.memberships_of("UZB")
    i = next(
        i
        for i, m in enumerate(rows)
        if m.status.value == "member" and m.start.earliest.year >= 2005
    )
    member = rows[i]
    pending_in = rows[i - 1] if i > 0 and rows[i - 1].status.value == "accession_pending" else None
    after = rows[i + 1] if i + 1 < len(rows) else None
    pending_out = after if after is not None and after.status.value == "exit_pending" else None
    start = member.start.earliest
    note = member.end.earliest if member.end is not None else None
    left = pending_out.end.earliest if pending_out is not None and pending_out.end else note
    if note is None or left is None:
        return _figure(
            rec,
            "uzbekistan-second-membership",
            "Years of Uzbekistan's second membership",
            "s003-uzb-quit-seven-years-later",
            None,
            "cannot reproduce",
            "from the return to the suspension",
            "The record does not close Uzbekistan's second membership.",
        )
    value = round(_years(start, left), 1)
    shortest = _years(start, note)
    decided = pending_in.start.earliest if pending_in is not None else start
    longest = _years(decided, left)
    return _figure(
        rec,
        "uzbekistan-second-membership",
        "Years of Uzbekistan's second membership",
        "s003-uzb-quit-seven-years-later",
        value,
        "reproduced" if round(value) == 7 else "differs",
        "years in law a member: from the protocol restoring the membership (start of the member interval) "
        "to the Council's decision to suspend it (end of the exit window)",
        f"{value} years from {start.isoformat()} to {left.isoformat()}; {shortest:.1f} to the suspension "
        f"note ({note.isoformat()}), {longest:.1f} from the Minsk decision ({decided.isoformat()}) to the "
        "Council's decision. Seed 003's seven years count from its 2005 return, which the record deprecates "
        "(the return was decided in June 2006); seed 001 itself speaks of 'the six years that followed'.",
    )


def nato_members(rec: Record) -> Statistic:
    """Seed 001 (September 2023): NATO "now includes 31 states" — from NATO's membership intervals."""
    from csto.record.query import members

    day = dt.date(2023, 9, 1)
    rows = members(rec, day, "nato")
    n = len(rows)
    return _figure(
        rec,
        "nato-members-2023",
        "Number of NATO members when seed 001 was written (September 2023)",
        "s001-nato-31-states",
        n,
        "reproduced" if n == 31 else "differs",
        "states belonging to NATO on 2023-09-01, from their accession dates",
        f"{n} members on {day.isoformat()}: " + ", ".join(r.state for r in rows) + ".",
    )


def nato_member_conflicts(rec: Record) -> Statistic:
    """Seed 001: armed conflict between NATO members erupted once (Turkey and Greece in Cyprus)."""
    from csto.record.query import belongs, standing

    pairs = []
    for ev in sorted(rec.events.values(), key=lambda e: e.start.earliest):
        if ev.type.value not in ("armed_clash", "war", "incursion"):
            continue
        states = sorted({p.actor for p in ev.participants if p.actor in rec.states})
        both = [
            s
            for s in states
            if (row := standing(rec, s, ev.start.latest, "nato")) is not None
            and belongs(row).value == "yes"
        ]
        if len(both) >= 2:
            pairs.append(f"{'–'.join(both)} ({ev.start.edtf}, {ev.id})")
    return _figure(
        rec,
        "nato-member-conflicts",
        "Armed conflicts between NATO members",
        "s001-nato-one-conflict",
        len(pairs) if pairs else None,
        "reproduced" if len(pairs) == 1 else "cannot reproduce",
        "armed clashes and wars in the record whose state participants were both NATO members on the date",
        (
            "Counted: " + "; ".join(pairs) + "."
            if pairs
            else "The record has NATO's membership (32 states with their accession dates) but no event of "
            "the Cyprus war of 1974 or any other clash between NATO members, so the author's count stands as "
            "a claim."
        ),
    )


FIGURES: list[Callable[[Record], Statistic]] = [
    sg_russian_years,
    joint_staff_non_russian,
    joint_staff_russians_since_2012,
    forces_used,
    members_fought,
    nato_members,
    nato_member_conflicts,
    peak_members,
    current_members,
    operation_length,
    uzbekistan_years,
]


def figures(rec: Record) -> list[Statistic]:
    """Every figure, recomputed from the record."""
    return [f(rec) for f in FIGURES]
