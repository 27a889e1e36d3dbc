"""Which claims bear on a day, which deprecated claims stand beside an answer, and the record's horizon.

The rules every as-of answer follows (``docs/explanation/record-design.md`` explains them):

* **A claim bears on a day** when its ``time`` does not begin after that day: the earliest day its time
  may stand for is on or before the day (``2022-01-15`` bears on 2023-01-01, not on 1995-06-01; a year
  ``2005`` bears from 2005-01-01). A claim without a ``time`` bears from the start of the membership
  interval that cites it (the boundary it supports). An answer cites only the claims that bear on its day.
* **Deprecated claims stand beside an answer**: those cited by the interval the answer comes from that bear
  on the day, and those about the state's membership (subject the state, property ``membership.*``) whose
  time contains the day. They never decide the status; the answer's reason names each with its rank reason.
* **The horizon** ("last evidence") of a state's membership in an alliance is the date of the latest dated
  claim about it that is not deprecated, among

  (a) the claims (and alternative claims) of its membership intervals in the alliance;
  (b) claims whose subject is the state and whose property is ``membership.*``, unless the value names
      another alliance (``x-civ2010-suspended`` says ``ecowas``);
  (c) claims on the alliance, one of its phases or one of its instruments whose property is
      ``alliance.members`` or ``membership.*`` and whose value lists the state.

  A claim's date is its ``time`` (the end of an interval ``a/b``, the start of an open one ``a/..``).
  Dates compare by the earliest day they may stand for, so a year ``2025`` is not later evidence than
  ``2025-12-11``; a tie goes to the finer precision, then to the claim id. An answer on a day after the
  last day the horizon may stand for is ``assumed``: nothing in the record says the status changed, and
  nothing says it still held.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from csto.record.claim import Claim
from csto.record.dates import When, parse_interval
from csto.record.membership import Membership
from csto.record.record import Record

MEMBERSHIP = "membership."
"""The property namespace of claims about a state's membership."""

_PRECISION = {"year": 0, "month": 1, "day": 2}


@dataclass(frozen=True)
class Horizon:
    """The last evidence about a state's membership: the date (``when``) and the claim that gives it."""

    when: When
    claim: str

    @property
    def last_day(self) -> dt.date:
        """The last day the horizon's date may stand for; answers after it are ``assumed``."""
        return self.when.latest

    def text(self) -> str:
        """The date as printed: EDTF without its uncertainty marks (``2022-10~`` → ``2022-10``)."""
        return self.when.edtf.rstrip("?~%")


def claim_date(claim: Claim) -> When | None:
    """The date a claim speaks of: its time, or the end of its time interval (the start if open)."""
    if claim.time is None:
        return None
    span = parse_interval(claim.time)
    if span.end is not None and "/" in claim.time:
        return span.end
    return span.start


def bears_on(claim: Claim, day: dt.date, boundary: When | None = None) -> bool:
    """Does ``claim`` bear on ``day``? Its time must not begin after the day; a claim without a time bears
    from ``boundary`` (the start of the interval that cites it), or always when none is given."""
    if claim.time is None:
        return boundary is None or boundary.earliest <= day
    start = parse_interval(claim.time).start
    return start is None or start.earliest <= day


def _names(value: object, iso3: str) -> bool:
    if isinstance(value, list):
        return iso3 in value
    if isinstance(value, dict):
        return iso3 in value
    return False


def membership_claims(record: Record, iso3: str, alliance: str = "csto") -> list[Claim]:
    """The claims about ``iso3``'s membership in ``alliance`` (rules a–c of the module docstring),
    deprecated ones included, in the record's order."""
    cited: dict[str, None] = {}
    for m in record.memberships_of(iso3, alliance):
        cited.update(dict.fromkeys([*m.claims, *m.alternative_claims]))
    other_alliances = set(record.alliances) - {alliance}
    own = {alliance}
    if alliance in record.alliances:
        own |= {p.id for p in record.alliances[alliance].phases}
    own |= {i.id for i in record.instruments.values() if i.alliance == alliance}
    out: list[Claim] = []
    for claim in record.claims.values():
        if claim.id in cited:
            out.append(claim)
        elif claim.subject == iso3 and claim.property.startswith(MEMBERSHIP):
            if not (isinstance(claim.value, str) and claim.value in other_alliances):
                out.append(claim)
        elif (
            claim.subject in own
            and (claim.property == "alliance.members" or claim.property.startswith(MEMBERSHIP))
            and _names(claim.value, iso3)
        ):
            out.append(claim)
    return out


def last_evidence(record: Record, iso3: str, alliance: str = "csto") -> Horizon | None:
    """The horizon of ``iso3``'s membership in ``alliance`` (None when no claim about it is dated).

    Cached on the record (which is not changed after it is built).
    """
    key = ("horizon", iso3, alliance)
    if key in record.memo:
        cached: Horizon | None = record.memo[key]
        return cached
    best: tuple[tuple[dt.date, int], Horizon] | None = None
    for claim in sorted(membership_claims(record, iso3, alliance), key=lambda c: c.id):
        if claim.rank == "deprecated":
            continue
        when = claim_date(claim)
        if when is None:
            continue
        # the latest earliest day wins, then the finer precision; on a full tie the smaller id stays
        rank = (when.earliest, _PRECISION[when.precision])
        if best is None or rank > best[0]:
            best = (rank, Horizon(when, claim.id))
    horizon = best[1] if best is not None else None
    record.memo[key] = horizon
    return horizon


def deprecated_beside(
    record: Record, iso3: str, day: dt.date, intervals: Iterable[Membership]
) -> list[Claim]:
    """The deprecated claims shown beside ``iso3``'s answer on ``day`` (see the module docstring)."""
    out: dict[str, Claim] = {}
    for m in intervals:
        for cid in (*m.claims, *m.alternative_claims):
            claim = record.claims[cid]
            if claim.rank == "deprecated" and bears_on(claim, day, m.start):
                out.setdefault(cid, claim)
    for claim in record.claims.values():
        if (
            claim.rank == "deprecated"
            and claim.subject == iso3
            and claim.property.startswith(MEMBERSHIP)
            and claim.time is not None
        ):
            span = parse_interval(claim.time)
            lo = span.start.earliest if span.start is not None else dt.date.min
            hi = span.end.latest if span.end is not None else dt.date.max
            if lo <= day <= hi:
                out.setdefault(claim.id, claim)
    return list(out.values())


def deprecated_note(record: Record, claim: Claim) -> str:
    """One sentence naming a deprecated claim beside an answer: who gives what, and why it is deprecated.

    ``seed-003 gives 2005 (s003-uzb-rejoined-2005), deprecated: Uzbekistan's return was decided …``
    """
    value = claim.value if not isinstance(claim.value, list) else ", ".join(map(str, claim.value))
    reason = (claim.rank_reason or "").rstrip().removesuffix(".")
    return f"{claim.source} gives {value} ({claim.id}), deprecated: {reason}"
