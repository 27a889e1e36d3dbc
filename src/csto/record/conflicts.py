"""Conflicts: claims about the same subject and property that cannot all be true.

Claims are grouped by ``(subject, property)``. Within a group two claims disagree when

* both values are dates (EDTF) whose spans do not overlap (``2005`` vs ``2006``; ``1999`` and ``1999-04``
  agree, one refining the other), whatever their ``time``;
* otherwise, their times may overlap (or one has none) and the values differ: numbers, booleans, short
  keywords (three words at most, compared case-insensitively) and lists (compared as sets).

Longer free-text values are descriptions and are not compared between shipped claims; a team claim (one
with ``added_by``) is compared whatever its value's type — a long text (whitespace- and case-folded) or a
mapping (as canonical JSON) — so a disagreeing accepted claim always shows. Every conflicting value is kept
with the claims, sources and ranks that give it: the record never silently picks one, and a deprecated
claim shows here with its rank.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from csto.errors import DateError
from csto.record.claim import Claim
from csto.record.dates import OneOf, PartialDate, parse_date, parse_interval
from csto.record.record import Record
from csto.record.rows import ConflictRow, ConflictValue


def _as_date(value: Any) -> PartialDate | OneOf | None:
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    try:
        return parse_date(value)
    except DateError:
        return None


def _key(value: Any, *, any_text: bool = False) -> Any:
    """A comparable form of a value, or None for descriptions that are not compared.

    ``any_text`` compares texts of any length and mappings too (for team claims).
    """
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, list):
        return frozenset(str(v).casefold() for v in value)
    if isinstance(value, str):
        words = value.split()
        return " ".join(words).casefold() if len(words) <= 3 or any_text else None
    if isinstance(value, dict) and any_text:
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str).casefold()
    if value is None and any_text:
        return "null"
    return None


def _times_overlap(a: Claim, b: Claim) -> bool:
    if a.time is None or b.time is None:
        return True
    ia, ib = parse_interval(a.time), parse_interval(b.time)
    a0 = ia.start.earliest if ia.start else None
    a1 = ia.end.latest if ia.end else None
    b0 = ib.start.earliest if ib.start else None
    b1 = ib.end.latest if ib.end else None
    return not (
        (a1 is not None and b0 is not None and a1 < b0)
        or (b1 is not None and a0 is not None and b1 < a0)
    )


def disagree(a: Claim, b: Claim) -> bool:
    """Do two claims about the same subject and property contradict each other?"""
    da, db = _as_date(a.value), _as_date(b.value)
    if da is not None and db is not None:
        return da.latest < db.earliest or db.latest < da.earliest
    team = a.added_by is not None or b.added_by is not None
    ka, kb = _key(a.value, any_text=team), _key(b.value, any_text=team)
    if ka is None or kb is None:
        return False
    return _times_overlap(a, b) and ka != kb


def conflicts(record: Record) -> list[ConflictRow]:
    """Every conflict in ``record`` (shipped claims and accepted team claims alike), by subject."""
    groups: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for claim in record.claims.values():
        groups[(claim.subject, claim.property)].append(claim)
    out: list[ConflictRow] = []
    for (subject, prop), claims in sorted(groups.items()):
        if len(claims) < 2:
            continue
        if not any(disagree(a, b) for i, a in enumerate(claims) for b in claims[i + 1 :]):
            continue
        by_value: dict[str, list[Claim]] = defaultdict(list)
        for c in claims:
            by_value[repr(c.value)].append(c)
        values = []
        for cs in by_value.values():
            values.append(
                ConflictValue(
                    value=cs[0].value,
                    claims=[c.id for c in cs],
                    sources=list(dict.fromkeys(c.source for c in cs)),
                    quotes=[c.quote for c in cs if c.quote],
                    external=any(c.external for c in cs),
                    ranks=[c.rank for c in cs],
                    added_by=list(dict.fromkeys(c.added_by for c in cs if c.added_by)),
                )
            )
        out.append(ConflictRow(subject=subject, property=prop, values=values))
    return out
