"""Three readings of the same text, side by side.

They differ on one question the text leaves open — is a crisis from *inside* the victim (domestic unrest, an
armed group based in the victim state) "aggression (armed attack …)"? — and agree on everything else
(membership, territory, request: the record decides those).

* ``strict`` — the text as written: aggression is an armed attack from outside; domestic unrest is not
  aggression, even when the requester calls it so. Where the sources establish outside backing, the question
  is ``contested`` (backing is not an armed attack, but the text does not settle it).
* ``framing`` — the requester's framing taken at its word: unrest framed as external aggression (Tokayev's
  "terrorist bands" with external support, Kazakhstan 2022) is aggression.
* ``precedent`` — the alliance's own earlier cases decide (:mod:`csto.treaty.precedent`): before January
  2022 the latest precedent is Osh 2010, refused as "internal"; from Kazakhstan 2022 on, unrest framed as
  external aggression was answered.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from csto.errors import CstoError
from csto.record.record import Record
from csto.treaty.evidence import case_claims
from csto.treaty.precedent import deciding
from csto.treaty.results import CONTESTED, MET, NOT_MET, Status, unique

ReadingId = Literal["strict", "framing", "precedent"]

_FRAMING_PROPS = ("case.framing", "case.official_narrative", "case.external_backing")


@dataclass(frozen=True)
class Reading:
    id: ReadingId
    title: str
    description: str


READINGS: dict[str, Reading] = {
    "strict": Reading(
        "strict",
        "the text as written",
        "Aggression is an armed attack from outside; domestic unrest is not aggression.",
    ),
    "framing": Reading(
        "framing",
        "the requester's framing",
        "The requester's framing is taken at its word: unrest framed as external aggression is aggression.",
    ),
    "precedent": Reading(
        "precedent",
        "the alliance's precedent",
        "The alliance's earlier answers to internal crises decide (Osh 2010 refused; Kazakhstan 2022 answered).",
    ),
}


def reading(name: str) -> Reading:
    """A reading by id; an unknown one is an error that lists the known ones."""
    if name not in READINGS:
        raise CstoError(f"Unknown reading {name!r}. Known readings: {', '.join(READINGS)}.")
    return READINGS[name]


@dataclass(frozen=True)
class InternalCrisis:
    """What a reading needs to know of a crisis whose adversary is inside the victim."""

    case: str | None
    victim: str
    first_day: dt.date
    framed_as_aggression: bool
    external_backing: bool | None


def internal_as_aggression(
    record: Record, crisis: InternalCrisis, how: Reading
) -> tuple[Status, str, tuple[str, ...]]:
    """Does ``how`` read an internal crisis as aggression? (status, reason, claim ids)."""
    own = case_claims(record, crisis.case, _FRAMING_PROPS)
    if how.id == "framing":
        if crisis.framed_as_aggression:
            return (
                MET,
                "the requester framed the crisis as external aggression; this reading takes it at its word",
                own,
            )
        status, reason, cites = _strict(crisis, own)
        return status, f"not framed as external aggression, so as under the text: {reason}", cites
    if how.id == "precedent":
        found, skipped = deciding(
            record, crisis.first_day, crisis.framed_as_aggression, exclude=crisis.case
        )
        passed = (
            " (passed over, as it reached only crises framed as aggression: "
            + "; ".join(p.describe() for p in skipped)
            + ")"
            if skipped
            else ""
        )
        if found is None:
            status, reason, cites = _strict(crisis, own)
            return (
                status,
                f"no earlier precedent in the record{passed}, so the text decides: {reason}",
                cites,
            )
        response = case_claims(
            record, found.case, ("case.framing", "case.response", "case.response_to_request")
        )
        status = MET if found.answered else NOT_MET
        verb = (
            "counts as aggression" if found.answered else "is not aggression (an internal matter)"
        )
        return (
            status,
            f"by precedent {found.describe()}, it {verb}{passed}",
            unique((*own, *response)),
        )
    return _strict(crisis, own)


def _strict(crisis: InternalCrisis, own: tuple[str, ...]) -> tuple[Status, str, tuple[str, ...]]:
    if crisis.external_backing:
        return (
            CONTESTED,
            "the sources establish outside backing, but the text asks for an armed attack; whether backed "
            "unrest is one the text does not settle",
            own,
        )
    framed = (
        "; the requester framed it as external aggression, but no source establishes outside backing"
        if crisis.framed_as_aggression
        else ""
    )
    return (
        NOT_MET,
        f"a crisis from inside the victim (domestic unrest, an internal armed group) is not an armed "
        f"attack from outside{framed}",
        own,
    )
