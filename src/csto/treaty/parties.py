"""Party status over a crisis's span of days, from the record's standing (and cited parties).

A crisis dated "2010" may fall on any day of 2010: its status is read on the first and last day of its span
and on every day inside it where a membership interval may begin or end. The same answer throughout gives
that answer; a change inside the span gives ``contested``.

Assumption (stated once, used by every rule): a member whose standing is not good — participation frozen
(Armenia since 2024) — still belongs to the treaty, so whether it may claim the treaty's protection is
``contested``, not ``not_met``. Suspended and withdrawn states do not belong: ``not_met``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from csto.record.dates import Truth
from csto.record.membership import STATUS_PROFILE, Status
from csto.record.query import MemberRow, belongs, standing
from csto.record.record import Record
from csto.treaty.results import CONTESTED, MET, NOT_MET, unique
from csto.treaty.results import Status as Result

if TYPE_CHECKING:
    from csto.crisis import Crisis
    from csto.treaty.rulebook import TreatyDef


def span(crisis: Crisis) -> tuple[dt.date, dt.date]:
    """The first and last day the crisis date may stand for."""
    return crisis.date.earliest, crisis.date.latest


def good_standing(row: MemberRow) -> Truth:
    """Is the standing good (a full member or signatory) on every status the row allows?"""
    names = [*row.status.split("|"), *row.alternatives]
    flags = {
        bool(STATUS_PROFILE[Status(s)]["good_standing"]) if s != "none" else False for s in names
    }
    if flags == {True}:
        return Truth.YES
    if flags == {False}:
        return Truth.NO
    return Truth.UNCERTAIN


def _days(record: Record, iso3: str, alliance: str, lo: dt.date, hi: dt.date) -> list[dt.date]:
    days = {lo, hi}
    for m in record.memberships_of(iso3, alliance):
        for when in (m.start, m.end):
            if when is None:
                continue
            for day in (when.earliest, when.latest):
                if lo < day <= hi:
                    days.add(day)
                    days.add(day - dt.timedelta(days=1))
    return sorted(d for d in days if lo <= d <= hi)


def _on(
    record: Record, treaty: TreatyDef, iso3: str, day: dt.date
) -> tuple[Result, str, tuple[str, ...]]:
    name = record.label(iso3)
    row = standing(record, iso3, day, treaty.alliance)
    if row is None:
        for party in treaty.cited_parties:
            if party.state == iso3:
                if day >= party.as_of.earliest:
                    return (
                        MET,
                        f"{name} is named a {treaty.alliance.upper()} member as of {party.as_of.edtf} "
                        "(no accession or exit date in the record; assumed to continue)",
                        tuple(party.claims),
                    )
                return (
                    CONTESTED,
                    f"{name} is named a {treaty.alliance.upper()} member only as of "
                    f"{party.as_of.edtf}; the record has no accession date",
                    tuple(party.claims),
                )
        return NOT_MET, f"{name} has no {treaty.alliance.upper()} status in the record", ()
    claims = tuple(row.claims)
    good, bel = good_standing(row), belongs(row)
    text = f"{name}: {row.status} ({row.reason})"
    if good is Truth.YES:
        return MET, f"{text}, a member in good standing", claims
    if bel is Truth.YES and good is Truth.NO:
        return (
            CONTESTED,
            f"{text}: still a party but not in good standing — whether it may claim the treaty's "
            "protection the text does not say",
            claims,
        )
    if bel is Truth.NO:
        return NOT_MET, f"{text}: not a party", claims
    return CONTESTED, f"{text}: the record cannot tell its standing on {day.isoformat()}", claims


def party_status(
    record: Record, treaty: TreatyDef, iso3: str, lo: dt.date, hi: dt.date
) -> tuple[Result, str, tuple[str, ...]]:
    """Is ``iso3`` a party in good standing throughout ``[lo, hi]``? (status, reason, claim ids)."""
    results = [
        (d, *_on(record, treaty, iso3, d)) for d in _days(record, iso3, treaty.alliance, lo, hi)
    ]
    statuses = {r[1] for r in results}
    claims = unique(c for r in results for c in r[3])
    if len(statuses) == 1:
        _, status, reason, _ = results[0]
        when = f"on {lo.isoformat()}" if lo == hi else f"from {lo.isoformat()} to {hi.isoformat()}"
        return status, f"{reason} — {when}", claims
    parts = "; ".join(f"{d.isoformat()}: {s.replace('_', ' ')}" for d, s, _, _ in results)
    return (
        CONTESTED,
        f"{record.label(iso3)}'s standing changes within the crisis span ({parts})",
        claims,
    )


def belongs_on(record: Record, alliance: str, iso3: str, day: dt.date) -> Truth:
    """Does ``iso3`` belong to ``alliance`` on ``day`` (record memberships only)?"""
    row = standing(record, iso3, day, alliance)
    return Truth.NO if row is None else belongs(row)


def belongs_throughout(
    record: Record, treaty: TreatyDef, iso3: str, lo: dt.date, hi: dt.date
) -> tuple[Truth, str, tuple[str, ...]]:
    """Does ``iso3`` belong to the treaty (any status that belongs, cited parties included) on every day?"""
    answers: set[Truth] = set()
    reasons: list[str] = []
    claims: list[str] = []
    for day in _days(record, iso3, treaty.alliance, lo, hi):
        row = standing(record, iso3, day, treaty.alliance)
        if row is not None:
            answers.add(belongs(row))
            reasons.append(f"{row.status} on {day.isoformat()}")
            claims.extend(row.claims)
            continue
        cited = [p for p in treaty.cited_parties if p.state == iso3]
        if cited:
            answers.add(Truth.YES if day >= cited[0].as_of.earliest else Truth.UNCERTAIN)
            reasons.append(f"named a member as of {cited[0].as_of.edtf}")
            claims.extend(cited[0].claims)
        else:
            answers.add(Truth.NO)
            reasons.append(f"no {treaty.alliance.upper()} status on {day.isoformat()}")
    truth = answers.pop() if len(answers) == 1 else Truth.UNCERTAIN
    return truth, "; ".join(dict.fromkeys(reasons)), unique(claims)


def parties_on(record: Record, treaty: TreatyDef, day: dt.date) -> list[str]:
    """The states that are parties in good standing on ``day`` (record memberships and cited parties)."""
    states = {m.state for m in record.memberships if m.alliance == treaty.alliance}
    states |= {p.state for p in treaty.cited_parties}
    return sorted(s for s in states if _on(record, treaty, s, day)[0] == MET)
