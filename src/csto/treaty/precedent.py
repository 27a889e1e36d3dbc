"""The alliance's own precedent: its earlier answers to requests about internal unrest.

A precedent is a record case, ended before the crisis begins, in which a member asked for assistance
against an adversary from inside its own borders (domestic unrest, an internal armed group) and the alliance
answered — gave what was asked: forces (outcome level 3) for a request for military assistance, at least
non-troop aid (level ≥ 2) for a request for assistance — or did not. Osh 2010 is a refusal: troops were asked
for, consultations and equipment given (level 2). Assumptions of the precedent reading:

* the latest precedent decides, except that an answer given to unrest *framed as external aggression*
  (Kazakhstan 2022, "terrorist bands" with external support) reaches only crises framed the same way; an
  unframed crisis falls back on the latest earlier precedent that reaches it;
* a refusal (Osh 2010, "an internal matter of Kyrgyzstan") reaches every later internal crisis until an
  answer overrides it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from csto.record.case import Case
from csto.record.record import Record
from csto.treaty.adversary import origin

_ASKED = {"assistance": 2, "military_assistance": 3}
"""What each kind of request asks for, as the outcome level that answers it."""


@dataclass(frozen=True)
class Precedent:
    case: str
    title: str
    answered: bool
    framed_as_aggression: bool
    outcome: int
    claims: tuple[str, ...]

    def describe(self) -> str:
        verb = "answered" if self.answered else "refused"
        framed = " framed as external aggression" if self.framed_as_aggression else ""
        return f"{self.case} ({self.title}): internal crisis{framed}, request {verb} (level {self.outcome})"


def _is_precedent(record: Record, case: Case) -> bool:
    if case.victim is None or case.outcome_level is None or case.alliance != "csto":
        return False
    if case.requester != case.victim or case.requested not in _ASKED:
        return False
    where, _ = origin(record, case.victim, case.adversary, case.adversary_kind, case.kind)
    return where == "internal"


def precedents(record: Record, until: dt.date, exclude: str | None = None) -> list[Precedent]:
    """Internal-crisis precedents that ended strictly before ``until``, latest first."""
    rows: list[tuple[dt.date, Precedent]] = []
    for case in record.cases.values():
        if case.id == exclude or case.alliance != "csto" or not _is_precedent(record, case):
            continue
        last = (case.end or case.start).latest
        if last >= until or case.outcome_level is None:
            continue
        level = int(case.outcome_level)
        rows.append(
            (
                last,
                Precedent(
                    case=case.id,
                    title=case.title,
                    answered=level >= _ASKED[case.requested],
                    framed_as_aggression=case.framed_as_aggression,
                    outcome=level,
                    claims=tuple(case.claims),
                ),
            )
        )
    return [p for _, p in sorted(rows, key=lambda r: r[0], reverse=True)]


def deciding(
    record: Record, first_day: dt.date, framed: bool, exclude: str | None = None
) -> tuple[Precedent | None, list[Precedent]]:
    """The precedent that decides a crisis beginning on ``first_day``, and those passed over."""
    skipped: list[Precedent] = []
    for p in precedents(record, first_day, exclude):
        if p.answered and p.framed_as_aggression and not framed:
            skipped.append(p)
            continue
        return p, skipped
    return None, skipped
