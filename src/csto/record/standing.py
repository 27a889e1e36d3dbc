"""A state's standing in an alliance on one day: status, certainty, the reasons and claims that bear on it.

How certain an answer is (:data:`csto.record.rows.Certainty`), from the weakest down:

* ``uncertain``: the day falls where a boundary's precision is coarser than a day (a boundary dated
  ``2012`` and the day 2012-03-01), so more than one status (or none) is possible;
* ``contested``: the interval the answer comes from has an alternative status, or a boundary that the
  sources give as a set of dates (``[2005,2006]``) or mark uncertain (``2024-08-31?``); such an answer is
  never ``certain``, whatever the day;
* ``assumed``: the day lies after the horizon, the last evidence about the state's membership
  (:func:`csto.record.evidence.last_evidence`): nothing in the record says the status changed since;
* ``certain`` otherwise.

The reasons and claims of an answer are those that bear on the day (:func:`csto.record.evidence.bears_on`),
and the deprecated claims that bear on it are named beside it, never deciding it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from csto.record.dates import OneOf, Truth
from csto.record.evidence import (
    Horizon,
    bears_on,
    deprecated_beside,
    deprecated_note,
    last_evidence,
)
from csto.record.membership import STATUS_PROFILE, Membership, Status
from csto.record.record import Record
from csto.record.rows import Certainty, MemberRow

WEAKNESS: dict[Certainty, int] = {"certain": 0, "assumed": 1, "contested": 2, "uncertain": 3}
"""Certainties from the strongest to the weakest (a period's certainty is its weakest span's)."""


def sources_of(record: Record, claim_ids: Iterable[str]) -> list[str]:
    """The sources of ``claim_ids``, in order, without repeats."""
    return list(dict.fromkeys(record.claims[cid].source for cid in claim_ids))


def added_by(record: Record, claim_ids: Iterable[str]) -> list[str]:
    """Who added the team claims among ``claim_ids`` (empty for shipped claims)."""
    return list(dict.fromkeys(w for cid in claim_ids if (w := record.claims[cid].added_by)))


def since(record: Record, m: Membership) -> str:
    """``member since 1994-04-20 (day precision): The Collective Security Treaty enters into force``."""
    text = f"{m.status.value} since {m.start.describe()}"
    if m.start_event is not None and m.start_event in record.events:
        text += f": {record.events[m.start_event].title}"
    return text


def contest_reasons(m: Membership) -> list[str]:
    """Why an interval is contested: its alternative statuses and its disputed or uncertain boundaries."""
    out = []
    if m.alternatives:
        out.append("sources disagree: also given as " + ", ".join(a.value for a in m.alternatives))
    for label, when in (("start", m.start), ("end", m.end)):
        if when is not None and (isinstance(when, OneOf) or when.uncertain):
            out.append(f"the {label} is given as {when.describe()}")
    return out


@dataclass(frozen=True)
class Answer:
    """A day's standing with its reason in parts: ``main`` (the status since its start, one per possible
    interval) and ``notes`` (why it is contested, the deprecated claims beside it, the horizon)."""

    row: MemberRow
    main: list[str]
    notes: list[str]


def standing(record: Record, iso3: str, day: dt.date, alliance: str = "csto") -> MemberRow | None:
    """``iso3``'s standing in ``alliance`` on ``day``, or None if it certainly had no status then.

    See the module docstring for the certainty; ``reason`` joins, in order, the status since its start
    (with the act that made it), why it is contested, the deprecated claims beside it and, past the
    horizon, ``assumed unchanged since <date>``.
    """
    answer = standing_answer(record, iso3, day, alliance)
    return answer.row if answer is not None else None


def standing_answer(
    record: Record, iso3: str, day: dt.date, alliance: str = "csto"
) -> Answer | None:
    """:func:`standing` with its reason in parts (for answers over a period)."""
    candidates: list[tuple[Membership, Truth, str]] = []
    for m in record.memberships_of(iso3, alliance):
        truth, why = m.interval.holds_on(day)
        if truth is not Truth.NO:
            candidates.append((m, truth, why))
    if not candidates:
        return None
    certain = [c for c in candidates if c[1] is Truth.YES]
    chosen = certain if certain else candidates
    intervals = [c[0] for c in chosen]
    statuses = [m.status.value for m in intervals]
    main = [
        since(record, m) if t is Truth.YES else f"{m.status.value} {why}" for m, t, why in chosen
    ]
    contested = any(m.contested for m in intervals)
    certainty: Certainty
    if certain and len(chosen) == 1:
        certainty = "contested" if contested else "certain"
    else:
        # the day falls in a window where the start or end of an interval is not precise enough
        certainty = "uncertain"
        if len(chosen) == 1 and chosen[0][0].start.earliest <= day:
            statuses.append("none")
    notes = [text for m in intervals for text in contest_reasons(m)]

    claims = [
        cid
        for m in intervals
        for cid in (*m.claims, *m.alternative_claims)
        if bears_on(record.claims[cid], day, m.start)
    ]
    if not claims:
        claims = [cid for m in intervals for cid in (*m.claims, *m.alternative_claims)]
        notes.append(f"no claim of the interval is dated on or before {day.isoformat()}")
    deprecated = deprecated_beside(record, iso3, day, intervals)
    for claim in deprecated:
        notes.append(deprecated_note(record, claim))
        claims.append(claim.id)
    horizon = last_evidence(record, iso3, alliance)
    if horizon is not None and day > horizon.last_day:
        notes.append(horizon_note(record, horizon))
        claims.append(horizon.claim)
        if certainty == "certain":
            certainty = "assumed"
    claims = list(dict.fromkeys(claims))
    row = MemberRow(
        state=iso3,
        name=record.states[iso3].name,
        status="|".join(dict.fromkeys(statuses)),
        certainty=certainty,
        reason="; ".join([*main, *notes]),
        contested=contested,
        alternatives=sorted({a.value for m in intervals for a in m.alternatives}),
        sources=sources_of(record, claims),
        claims=claims,
        added_by=added_by(record, claims),
        deprecated=[c.id for c in deprecated],
        last_evidence=horizon.when.edtf if horizon is not None else None,
        since=intervals[0].start.edtf if len(intervals) == 1 else None,
    )
    return Answer(row, main, notes)


def horizon_note(record: Record, horizon: Horizon) -> str:
    """``assumed unchanged since 2022-01-15: the last evidence about its membership is … (seed-002)``."""
    source = record.claims[horizon.claim].source
    return (
        f"assumed unchanged since {horizon.text()}: the last evidence about its membership is "
        f"{horizon.claim} ({source})"
    )


def belongs(row: MemberRow) -> Truth:
    """Does a standing count as belonging to the alliance (member, signatory, exit pending, frozen)?

    For a row answered for a period: ``yes`` if the state belonged throughout, ``no`` if on no day, and
    ``uncertain`` otherwise (it belonged for part of the period, or perhaps).
    """
    if row.period is not None:
        return {"throughout": Truth.YES, "no": Truth.NO}.get(row.period.belonged, Truth.UNCERTAIN)
    flags = {
        STATUS_PROFILE[Status(s)]["belongs"] if s != "none" else False
        for s in row.status.split("|")
    }
    flags |= {STATUS_PROFILE[Status(a)]["belongs"] for a in row.alternatives}
    if flags == {True}:
        return Truth.YES
    if flags == {False}:
        return Truth.NO
    return Truth.UNCERTAIN
