"""Answers over a period (``members --on 2006``, ``offices --on 2012-06``): who belonged throughout, who at
some point, who changed status and on which day, by which act.

A state's standing can change only on the days a membership boundary may begin or end (the earliest and
latest day of each start and end), on the day after its horizon (when an answer becomes ``assumed``) and
where a deprecated claim about its membership starts or stops standing beside the answer.
Between two such days it is the same, so a period is cut at those days, the standing is read on the first
and last day of each piece, and consecutive pieces with the same status and certainty are joined into
:class:`~csto.record.rows.StatusSpan` s. A status change is a day where the status differs from the day
before; it names the act (``start_event``) of the interval that begins that day.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable

from csto.record.dates import Span, Truth, parse_interval
from csto.record.evidence import bears_on, last_evidence, membership_claims
from csto.record.record import Record
from csto.record.rows import (
    Belonged,
    Certainty,
    MemberPeriod,
    MemberRow,
    StatusChange,
    StatusSpan,
)
from csto.record.standing import (
    WEAKNESS,
    Answer,
    added_by,
    belongs,
    sources_of,
    standing_answer,
)

DAY = dt.timedelta(days=1)


def change_days(record: Record, iso3: str, span: Span, alliance: str = "csto") -> list[dt.date]:
    """The first day of the period and every later day in it on which the standing may change."""
    days = {span.first}
    for m in record.memberships_of(iso3, alliance):
        for when in (m.start, m.end):
            if when is not None:
                days |= {when.earliest, when.latest}
    horizon = last_evidence(record, iso3, alliance)
    if horizon is not None:
        days.add(horizon.last_day + DAY)
    for claim in membership_claims(record, iso3, alliance):
        if claim.rank == "deprecated" and claim.time is not None:
            # where a deprecated claim starts or stops standing beside the answer
            told = parse_interval(claim.time)
            if told.start is not None:
                days.add(told.start.earliest)
            if told.end is not None:
                days.add(told.end.latest + DAY)
    return sorted(d for d in days if span.first <= d <= span.last)


def _pieces(
    record: Record, iso3: str, span: Span, alliance: str
) -> list[tuple[dt.date, dt.date, Answer | None, Answer | None]]:
    """(first day, last day, answer on the first day, answer on the last day) of each piece."""
    days = change_days(record, iso3, span, alliance)
    ends = [d - DAY for d in days[1:]] + [span.last]
    return [
        (
            lo,
            hi,
            standing_answer(record, iso3, lo, alliance),
            standing_answer(record, iso3, hi, alliance) if hi != lo else None,
        )
        for lo, hi in zip(days, ends, strict=True)
    ]


def _key(answer: Answer | None) -> tuple[str, Certainty]:
    """Status and certainty; a day without a status is ``none``, certainly."""
    return ("none", "certain") if answer is None else (answer.row.status, answer.row.certainty)


def member_period(
    record: Record, iso3: str, span: Span, alliance: str = "csto"
) -> MemberRow | None:
    """``iso3``'s standing over ``span``, with its spans and status changes; None if it had no status
    on any day of it."""
    pieces = _pieces(record, iso3, span, alliance)
    if all(first is None and last is None for _, _, first, last in pieces):
        return None
    # join consecutive pieces with the same status and certainty
    runs: list[list[tuple[dt.date, dt.date, Answer | None, Answer | None]]] = []
    for piece in pieces:
        if runs and _key(runs[-1][0][2]) == _key(piece[2]):
            runs[-1].append(piece)
        else:
            runs.append([piece])
    spans: list[StatusSpan] = []
    truths: set[Truth] = set()
    claims: list[str] = []
    notes: list[str] = []
    deprecated: list[str] = []
    for run in runs:
        answer = run[0][2]
        status, certainty = _key(answer)
        spans.append(
            StatusSpan(
                status=status,
                certainty=certainty,
                first=run[0][0].isoformat(),
                last=run[-1][1].isoformat(),
                reason="; ".join([*answer.main, *answer.notes]) if answer else "no status",
            )
        )
        truths.add(belongs(answer.row) if answer else Truth.NO)
        for _, _, a, b in run:
            for ans in (a, b):
                if ans is not None:
                    claims.extend(ans.row.claims)
                    notes.extend(n for n in ans.notes if n not in notes)
                    deprecated.extend(ans.row.deprecated)
    changes = _changes(record, iso3, alliance, runs)
    main = (
        [_change_text(c) for c in changes]
        if changes
        else next(a.main for _, _, a, _ in pieces if a is not None)
    )
    claims = list(dict.fromkeys(claims))
    first_answer = next(a for _, _, a, _ in pieces if a is not None)
    belonged: Belonged = (
        "throughout"
        if truths == {Truth.YES}
        else "at some point"
        if Truth.YES in truths
        else "possibly"
        if Truth.UNCERTAIN in truths
        else "no"
    )
    horizon = last_evidence(record, iso3, alliance)
    return MemberRow(
        state=iso3,
        name=record.states[iso3].name,
        status=" → ".join(_dedupe_runs(s.status for s in spans)),
        certainty=max((s.certainty for s in spans), key=WEAKNESS.__getitem__),
        reason="; ".join([*main, *notes]),
        contested=any(a.row.contested for _, _, a, _ in pieces if a is not None),
        alternatives=sorted(
            {alt for _, _, a, _ in pieces if a is not None for alt in a.row.alternatives}
        ),
        sources=sources_of(record, claims),
        claims=claims,
        added_by=added_by(record, claims),
        deprecated=list(dict.fromkeys(deprecated)),
        last_evidence=horizon.when.edtf if horizon is not None else None,
        since=first_answer.row.since if len(spans) == 1 else None,
        period=MemberPeriod(
            first=span.first.isoformat(),
            last=span.last.isoformat(),
            belonged=belonged,
            changed=bool(changes),
            spans=spans,
            changes=changes,
        ),
    )


def _dedupe_runs(items: Iterable[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        if not out or out[-1] != item:
            out.append(item)
    return out


def _changes(
    record: Record,
    iso3: str,
    alliance: str,
    runs: list[list[tuple[dt.date, dt.date, Answer | None, Answer | None]]],
) -> list[StatusChange]:
    out: list[StatusChange] = []
    for before, after in itertools.pairwise(runs):
        old, new = _key(before[0][2])[0], _key(after[0][2])[0]
        if old == new:
            continue
        day = after[0][0]
        opened = [
            m
            for m in record.memberships_of(iso3, alliance)
            if m.status.value == new and m.start.latest == day
        ]
        event = opened[0].start_event if opened else None
        answer = after[0][2]
        claims = (
            [
                cid
                for cid in (*opened[0].claims, *opened[0].alternative_claims)
                if bears_on(record.claims[cid], day, opened[0].start)
                and record.claims[cid].rank != "deprecated"  # never decides the change
            ]
            if opened
            else (answer.row.claims if answer else [])
        )
        out.append(
            StatusChange(
                day=day.isoformat(),
                before=old,
                after=new,
                event=event,
                title=record.events[event].title if event and event in record.events else None,
                claims=claims,
            )
        )
    return out


def _change_text(change: StatusChange) -> str:
    """``2006-06-23: withdrawn → accession_pending (The Collective Security Council's Minsk …)``."""
    text = f"{change.day}: {change.before} → {change.after}"
    return text + (f" ({change.title})" if change.title else "")
