"""Who held an office on a day or over a period (``offices --on 2019-06-01``, ``--on 2012``).

A tenure's ``end`` is its holder's last day in office (both ends included). A tenure **certainly** covers
the days from the latest day its start may stand for to the earliest day its end may stand for; it
**may** cover the days from the earliest possible start to the latest possible end. A missing start is
unknown (the holder is attested, not dated), so such a tenure is never certain; a missing end is
"still in office" for the office's latest tenure and unknown for an earlier one. An office has one holder
at a time, so a tenure that only may cover the period is left out when another tenure of the same office
certainly covers all of it (Baluyevsky, attested in 2006 only, is not listed for 2019).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from csto.record.body import Tenure
from csto.record.dates import Span
from csto.record.record import Record
from csto.record.rows import OfficeRow
from csto.record.standing import sources_of


def _current(record: Record, t: Tenure) -> bool:
    """Is ``t`` the office's latest tenure (no other starts after it)?"""
    mine = t.start.earliest if t.start is not None else dt.date.min
    return not any(
        u is not t and u.office == t.office and u.start is not None and u.start.earliest > mine
        for u in record.tenures
    )


def _certain_span(record: Record, t: Tenure) -> tuple[dt.date, dt.date] | None:
    if t.start is None:
        return None
    if t.end is not None:
        return t.start.latest, t.end.earliest
    return (t.start.latest, dt.date.max) if _current(record, t) else None


def _possible_span(t: Tenure) -> tuple[dt.date, dt.date]:
    lo = t.start.earliest if t.start is not None else dt.date.min
    hi = t.end.latest if t.end is not None else dt.date.max
    return lo, hi


def _reason(record: Record, t: Tenure, certain: bool, throughout: bool, span: Span) -> str:
    start = t.start.describe() if t.start is not None else "an unknown date"
    end = t.end.describe() if t.end is not None else None
    if end is None:
        end = "now" if _current(record, t) else "an unknown date"
    text = f"{'acting ' if t.acting else ''}in office from {start} to {end}"
    if certain and not throughout:
        text += f": part of {span.text}"
    if not certain:
        why = []
        if t.start is None:
            why.append("its start is unknown")
        elif t.start.latest > span.last or t.start.precision != "day":
            why.append(f"it began {t.start.describe()}")
        if t.end is None and not _current(record, t):
            why.append("its end is unknown")
        elif t.end is not None and (t.end.earliest < span.first or t.end.precision != "day"):
            why.append(f"it ended {t.end.describe()}")
        text += f": may have held it on {span.text} ({', '.join(why) or 'imprecise dates'})"
    return text


def office_row(record: Record, t: Tenure, **judged: Any) -> OfficeRow:
    """``t`` as a row: its office's title, holder, dates (EDTF) and sources; ``judged`` adds the certainty
    and reason of an as-of answer (:func:`tenures_on`)."""
    return OfficeRow(
        office=t.office,
        title=record.offices[t.office].title,
        holder=t.holder,
        nationality=t.nationality,
        acting=t.acting,
        start=t.start.edtf if t.start else None,
        end=t.end.edtf if t.end else None,
        note=t.note,
        sources=sources_of(record, t.claims),
        **judged,
    )


def tenures_on(record: Record, span: Span, office: str | None = None) -> list[OfficeRow]:
    """The tenures that may cover some day of ``span`` (of one office id, if given), in office order,
    each with its certainty, reason and whether it covers the whole span (see the module docstring)."""
    found: list[tuple[Tenure, bool, bool]] = []
    for t in record.tenures:
        if office is not None and t.office != office:
            continue
        lo, hi = _possible_span(t)
        if hi < span.first or lo > span.last:
            continue
        sure = _certain_span(record, t)
        certain = sure is not None and sure[0] <= span.last and sure[1] >= span.first
        throughout = sure is not None and sure[0] <= span.first and sure[1] >= span.last
        found.append((t, certain, throughout))
    settled = {t.office for t, _, throughout in found if throughout}
    rows = []
    for t, certain, throughout in sorted(
        found,
        key=lambda f: (f[0].office, f[0].start.earliest if f[0].start else dt.date.min),
    ):
        if not certain and t.office in settled:
            continue
        rows.append(
            office_row(
                record,
                t,
                certainty="certain" if certain else "uncertain",
                reason=_reason(record, t, certain, throughout, span),
                throughout=throughout,
            )
        )
    return rows
