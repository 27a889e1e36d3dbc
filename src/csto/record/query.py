"""As-of queries over the record: who belonged when, a state's history, events, cases, offices, claims.

Every function takes an optional :class:`~csto.record.record.Record` (default: the shipped one) and returns
typed rows; ``*_frame`` helpers turn them into pandas DataFrames. Answers carry their certainty and the
claims they rest on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from csto.errors import CstoError
from csto.record.dates import Truth, parse_date, parse_day
from csto.record.event import EventType
from csto.record.load import load_record
from csto.record.membership import STATUS_PROFILE, Membership, Status
from csto.record.record import Record


@dataclass(frozen=True)
class MemberRow:
    """A state's standing on a date. ``status`` joins alternatives with ``|`` when it cannot be told."""

    state: str
    name: str
    status: str
    certainty: str
    reason: str
    contested: bool
    alternatives: list[str]
    sources: list[str]
    claims: list[str]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _record(record: Record | None) -> Record:
    return record if record is not None else load_record()


def _sources(record: Record, claim_ids: list[str]) -> list[str]:
    out: list[str] = []
    for cid in claim_ids:
        sid = record.claims[cid].source
        if sid not in out:
            out.append(sid)
    return out


def standing(record: Record, iso3: str, day: dt.date, alliance: str = "csto") -> MemberRow | None:
    """The state's status on ``day``, with certainty; None if it certainly had no status then."""
    candidates: list[tuple[Membership, Truth, str]] = []
    for m in record.memberships_of(iso3, alliance):
        truth, reason = m.interval.holds_on(day)
        if truth is not Truth.NO:
            candidates.append((m, truth, reason))
    if not candidates:
        return None
    state = record.states[iso3]
    certain = [c for c in candidates if c[1] is Truth.YES]
    chosen = certain if certain else candidates
    statuses = [c[0].status.value for c in chosen]
    alternatives = sorted({a.value for c in chosen for a in c[0].alternatives})
    claims = [cid for c in chosen for cid in (*c[0].claims, *c[0].alternative_claims)]
    reasons = [f"{c[0].status.value} {c[2]}" for c in chosen]
    contested = any(c[0].contested for c in chosen)
    if certain and len(chosen) == 1:
        m = chosen[0][0]
        certainty = "certain"
        if m.alternatives:
            certainty = "contested"
            reasons.append("sources disagree: also given as " + ", ".join(alternatives))
    else:
        # the day falls in a window where the start or end of an interval is not precise enough
        certainty = "uncertain"
        if len(chosen) == 1 and chosen[0][0].start.earliest <= day:
            statuses.append("none")
    return MemberRow(
        state=iso3,
        name=state.name,
        status="|".join(dict.fromkeys(statuses)),
        certainty=certainty,
        reason="; ".join(reasons),
        contested=contested,
        alternatives=alternatives,
        sources=_sources(record, claims),
        claims=list(dict.fromkeys(claims)),
    )


def belongs(row: MemberRow) -> Truth:
    """Does a standing count as belonging to the alliance (member, signatory, frozen)?"""
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


def members(
    on: str | dt.date = "today",
    alliance: str = "csto",
    record: Record | None = None,
    *,
    all_states: bool = False,
) -> list[MemberRow]:
    """States that belonged to the alliance on a date (certainly or possibly), with status and sources.

    >>> [m.state for m in members("2000-01-01")]
    ['ARM', 'BLR', 'KAZ', 'KGZ', 'RUS', 'TJK']
    """
    rec = _record(record)
    rec.alliance(alliance)
    day = parse_day(on)
    rows: list[MemberRow] = []
    for iso3 in sorted(rec.states):
        row = standing(rec, iso3, day, alliance)
        if row is None:
            continue
        if all_states or belongs(row) is not Truth.NO:
            rows.append(row)
    return rows


@dataclass(frozen=True)
class HistoryRow:
    """One status interval of a state, as EDTF text, with sources."""

    state: str
    status: str
    start: str | None
    end: str | None
    start_precision: str | None
    end_precision: str | None
    alternatives: list[str]
    note: str | None
    sources: list[str]
    claims: list[str]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def history(state: str, alliance: str = "csto", record: Record | None = None) -> list[HistoryRow]:
    """The status intervals of a state (any name or code), oldest first."""
    rec = _record(record)
    iso3 = rec.state(state).iso3
    rows = []
    for m in rec.memberships_of(iso3, alliance):
        claims = [*m.claims, *m.alternative_claims]
        rows.append(
            HistoryRow(
                state=iso3,
                status=m.status.value,
                start=m.start.edtf,
                end=m.end.edtf if m.end is not None else None,
                start_precision=m.start.precision,
                end_precision=m.end.precision if m.end is not None else None,
                alternatives=[a.value for a in m.alternatives],
                note=m.note,
                sources=_sources(rec, claims),
                claims=claims,
            )
        )
    return rows


def _bound(text: str | None, which: str) -> dt.date | None:
    if text is None:
        return None
    when = parse_date(text)
    return when.earliest if which == "start" else when.latest


def events(
    start: str | None = None,
    end: str | None = None,
    type: str | None = None,
    state: str | None = None,
    record: Record | None = None,
) -> list[dict[str, Any]]:
    """Events that may fall in ``[start, end]`` (partial dates allowed), of a type, involving a state."""
    rec = _record(record)
    lo, hi = _bound(start, "start"), _bound(end, "end")
    if lo and hi and hi < lo:
        raise CstoError(f"--to {end} is before --from {start}")
    etype = None
    if type is not None:
        try:
            etype = EventType(type.replace("-", "_").lower())
        except ValueError:
            import difflib

            names = [t.value for t in EventType]
            close = difflib.get_close_matches(type, names, n=3, cutoff=0.4)
            hint = (
                f" Did you mean: {', '.join(close)}?"
                if close
                else f" Known types: {', '.join(names)}."
            )
            raise CstoError(f"Unknown event type {type!r}.{hint}") from None
    iso3 = rec.state(state).iso3 if state else None
    out = []
    for ev in sorted(rec.events.values(), key=lambda e: (e.start.earliest, e.id)):
        last = (ev.end or ev.start).latest
        if (lo and last < lo) or (hi and ev.start.earliest > hi):
            continue
        if etype and ev.type is not etype:
            continue
        if iso3 and iso3 not in ev.actors():
            continue
        out.append(event_dict(rec, ev.id))
    return out


def event_dict(rec: Record, event_id: str) -> dict[str, Any]:
    ev = rec.event(event_id)
    return {
        "id": ev.id,
        "type": ev.type.value,
        "title": ev.title,
        "start": ev.start.edtf,
        "end": ev.end.edtf if ev.end is not None else None,
        "place": ev.place,
        "participants": [{"actor": p.actor, "role": p.role.value} for p in ev.participants],
        "outcome": ev.outcome,
        "case": ev.case,
        "sources": _sources(rec, ev.claims),
        "claims": list(ev.claims),
    }


def case_dict(rec: Record, case_id: str, *, full: bool = False) -> dict[str, Any]:
    c = rec.case(case_id)
    out: dict[str, Any] = {
        "id": c.id,
        "title": c.title,
        "kind": c.kind,
        "start": c.start.edtf,
        "end": c.end.edtf if c.end is not None else None,
        "requester": c.requester,
        "victim": c.victim,
        "adversary": c.adversary,
        "adversary_kind": c.adversary_kind,
        "territory": c.territory,
        "requested": c.requested,
        "response": c.response,
        "outcome": int(c.outcome_level) if c.outcome_level is not None else None,
        "sources": _sources(rec, c.claims),
    }
    if full:
        out.update(
            {
                "trigger": c.trigger,
                "external_backing": c.external_backing,
                "framing": c.framing,
                "note": c.note,
                "events": [event_dict(rec, e) for e in c.events],
                "citations": rec.cite(c.claims),
            }
        )
    return out


def cases(record: Record | None = None) -> list[dict[str, Any]]:
    """Every case, oldest first, with requester, what was asked and the outcome level (0–3)."""
    rec = _record(record)
    ordered = sorted(rec.cases.values(), key=lambda c: (c.start.earliest, c.id))
    return [case_dict(rec, c.id) for c in ordered]


def case(case_id: str, record: Record | None = None) -> dict[str, Any]:
    """One case in full: its events and the verbatim quotes it rests on."""
    return case_dict(_record(record), case_id, full=True)


def offices(record: Record | None = None) -> list[dict[str, Any]]:
    """Every tenure of every office, in order."""
    rec = _record(record)
    rows = []
    for t in sorted(
        rec.tenures, key=lambda t: (t.office, t.start.earliest if t.start else dt.date.min)
    ):
        rows.append(
            {
                "office": t.office,
                "title": rec.offices[t.office].title,
                "holder": t.holder,
                "nationality": t.nationality,
                "acting": t.acting,
                "start": t.start.edtf if t.start else None,
                "end": t.end.edtf if t.end else None,
                "note": t.note,
                "sources": _sources(rec, t.claims),
            }
        )
    return rows


def claims(about: str | None = None, record: Record | None = None) -> list[dict[str, Any]]:
    """Claims, optionally about one subject (a state by any name, a case, an office, …)."""
    rec = _record(record)
    subject: str | None = None
    if about:
        subject = about
        subjects = {c.subject for c in rec.claims.values()}
        if about not in subjects:
            try:
                subject = rec.state(about).iso3
            except CstoError:
                import difflib

                close = difflib.get_close_matches(about, sorted(subjects), n=3, cutoff=0.5)
                raise CstoError(
                    f"No claims about {about!r}."
                    + (f" Did you mean: {', '.join(close)}?" if close else "")
                ) from None
    return [
        claim_dict(rec, c.id)
        for c in rec.claims.values()
        if subject is None or c.subject == subject
    ]


def claim_dict(rec: Record, claim_id: str) -> dict[str, Any]:
    c = rec.claim(claim_id)
    src = rec.sources[c.source]
    return {
        "id": c.id,
        "subject": c.subject,
        "property": c.property,
        "value": c.value,
        "time": c.time,
        "source": c.source,
        "seed_file": src.seed_file,
        "quote": c.quote,
        "external": c.external,
        "derived_from": list(c.derived_from),
        "note": c.note,
        "added_by": c.added_by,
    }


def sources(record: Record | None = None) -> list[dict[str, Any]]:
    rec = _record(record)
    counts: dict[str, int] = {}
    for c in rec.claims.values():
        counts[c.source] = counts.get(c.source, 0) + 1
    return [
        {**s.model_dump(mode="json", exclude_none=True), "claims": counts.get(s.id, 0)}
        for s in rec.sources.values()
    ]


def timeline(alliance: str = "csto", record: Record | None = None) -> list[HistoryRow]:
    rec = _record(record)
    out: list[HistoryRow] = []
    states = sorted({m.state for m in rec.memberships if m.alliance == alliance})
    for iso3 in states:
        out.extend(history(iso3, alliance, rec))
    return out
