"""As-of queries over the record: who belonged when, a state's history, events, cases, offices, claims.

Every function takes the :class:`~csto.record.record.Record` it answers from as its first argument (a front
end opens one :class:`csto.session.Csto` and passes its record down) and returns typed rows
(:mod:`csto.record.rows`). Answers carry their certainty, the claims they rest on, and who added a team claim.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from csto.errors import CstoError
from csto.record.case import OUTCOME_LABELS
from csto.record.dates import Truth, parse_date, parse_day
from csto.record.event import EventType
from csto.record.membership import STATUS_PROFILE, Membership, Status
from csto.record.record import Record
from csto.record.rows import (
    CaseDetail,
    CaseRow,
    ClaimRow,
    EventRow,
    HistoryRow,
    MemberRow,
    OfficeRow,
    ParticipantRow,
    SourceRow,
    VariantRow,
)


def _sources(record: Record, claim_ids: Iterable[str]) -> list[str]:
    out: list[str] = []
    for cid in claim_ids:
        sid = record.claims[cid].source
        if sid not in out:
            out.append(sid)
    return out


def _added_by(record: Record, claim_ids: Iterable[str]) -> list[str]:
    """Who added the team claims among ``claim_ids`` (empty for shipped claims)."""
    return list(dict.fromkeys(w for cid in claim_ids if (w := record.claims[cid].added_by)))


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
        added_by=_added_by(record, claims),
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
    rec: Record,
    on: str | dt.date = "today",
    alliance: str = "csto",
    *,
    all_states: bool = False,
) -> list[MemberRow]:
    """States that belonged to the alliance on a date (certainly or possibly), with status and sources.

    Raises :class:`~csto.errors.UnknownNameError` for an unknown alliance and
    :class:`~csto.errors.DateError` for a date that is not a real day.

    >>> from csto.record.load import load_record
    >>> [m.state for m in members(load_record(), "2000-01-01")]
    ['ARM', 'BLR', 'KAZ', 'KGZ', 'RUS', 'TJK']
    """
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


def history(rec: Record, state: str, alliance: str = "csto") -> list[HistoryRow]:
    """The status intervals of a state (any name or code), oldest first.

    Raises :class:`~csto.errors.UnknownNameError` (with suggestions) for an unknown state or alliance.
    """
    rec.alliance(alliance)
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
                added_by=_added_by(rec, claims),
            )
        )
    return rows


def _bound(text: str | None, which: str) -> dt.date | None:
    if text is None:
        return None
    when = parse_date(text)
    return when.earliest if which == "start" else when.latest


def events(
    rec: Record,
    start: str | None = None,
    end: str | None = None,
    type: str | None = None,
    state: str | None = None,
) -> list[EventRow]:
    """Events that may fall in ``[start, end]`` (partial dates allowed), of a type, involving a state.

    Raises :class:`~csto.errors.CstoError` for an unknown type or an end before the start.
    """
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
        out.append(event_row(rec, ev.id))
    return out


def event_row(rec: Record, event_id: str) -> EventRow:
    """One event as a row (raises :class:`~csto.errors.UnknownNameError` for an unknown id)."""
    ev = rec.event(event_id)
    return EventRow(
        id=ev.id,
        type=ev.type.value,
        title=ev.title,
        start=ev.start.edtf,
        end=ev.end.edtf if ev.end is not None else None,
        place=ev.place,
        participants=[ParticipantRow(actor=p.actor, role=p.role.value) for p in ev.participants],
        outcome=ev.outcome,
        case=ev.case,
        sources=_sources(rec, ev.claims),
        claims=list(ev.claims),
    )


def _case_fields(rec: Record, case_id: str, variant: str) -> dict[str, object]:
    base = rec.case(case_id)
    c = base.under(variant)
    return {
        "id": c.id,
        "title": c.title,
        "alliance": c.alliance,
        "clause": c.clause,
        "kind": c.kind,
        "start": c.start.edtf,
        "end": c.end.edtf if c.end is not None else None,
        "requester": c.requester,
        "victim": c.victim,
        "adversary": c.adversary,
        "adversary_kind": c.adversary_kind,
        "territory": c.territory,
        "requested": c.requested,
        "article": c.article,
        "response": c.response,
        "outcome": int(c.outcome_level) if c.outcome_level is not None else None,
        "outcome_label": (
            OUTCOME_LABELS[int(c.outcome_level)] if c.outcome_level is not None else None
        ),
        "variant": variant if variant in base.variant_names else "default",
        "variants": base.variant_names[1:],
        "sources": _sources(rec, c.claims),
    }


def case_row(rec: Record, case_id: str, variant: str = "default") -> CaseRow:
    """One case as a row, coded under ``variant`` (a variant the case lacks leaves the default)."""
    return CaseRow.model_validate(_case_fields(rec, case_id, variant))


def known_variants(rec: Record) -> list[str]:
    """Every coding variant name used by some case, ``default`` first."""
    names = {v.name for c in rec.cases.values() for v in c.variants}
    return ["default", *sorted(names)]


def cases(
    rec: Record,
    alliance: str | None = None,
    kind: str | None = None,
    variant: str = "default",
    *,
    case_base: bool = False,
) -> list[CaseRow]:
    """Cases, oldest first, with requester, what was asked and the outcome level (0–3).

    ``alliance`` keeps one alliance's cases; ``kind`` one kind (``external_attack``, …); ``variant`` codes
    each case under that coding variant where it has one; ``case_base`` keeps only cases admitted by an
    inclusion clause. Raises :class:`~csto.errors.UnknownNameError` for an unknown alliance or variant.
    """
    if alliance is not None:
        alliance = rec.alliance(alliance).id
    if variant not in known_variants(rec):
        from csto.errors import UnknownNameError

        raise UnknownNameError("coding variant", variant, known_variants(rec))
    if kind is not None:
        kinds: list[str] = sorted({c.kind for c in rec.cases.values()})
        if kind not in kinds:
            from csto.errors import UnknownNameError

            raise UnknownNameError("case kind", kind, kinds)
    ordered = sorted(rec.cases.values(), key=lambda c: (c.start.earliest, c.id))
    return [
        case_row(rec, c.id, variant)
        for c in ordered
        if (alliance is None or c.alliance == alliance)
        and (kind is None or c.kind == kind)
        and (not case_base or c.clause is not None)
    ]


def case(rec: Record, case_id: str) -> CaseDetail:
    """One case in full: its factors, coding variants, events and the verbatim quotes it rests on.

    Raises :class:`~csto.errors.UnknownNameError` (with suggestions) for an unknown case id.
    """
    c = rec.case(case_id)
    return CaseDetail.model_validate(
        {
            **_case_fields(rec, case_id, "default"),
            "trigger": c.trigger,
            "external_backing": c.external_backing,
            "framing": c.framing,
            "note": c.note,
            "factors": c.factors.model_dump(mode="json") if c.factors is not None else None,
            "coding_variants": [
                VariantRow(
                    name=v.name,
                    requested=v.requested,
                    requester=v.requester,
                    outcome=int(v.outcome_level) if v.outcome_level is not None else None,
                    clause=v.clause,
                    source_kind=v.source_kind,
                    note=v.note,
                    claims=list(v.claims),
                )
                for v in c.variants
            ],
            "events": [event_row(rec, e) for e in c.events],
            "citations": rec.cite(c.claims),
        }
    )


def offices(rec: Record) -> list[OfficeRow]:
    """Every tenure of every office, in order."""
    rows = []
    for t in sorted(
        rec.tenures, key=lambda t: (t.office, t.start.earliest if t.start else dt.date.min)
    ):
        rows.append(
            OfficeRow(
                office=t.office,
                title=rec.offices[t.office].title,
                holder=t.holder,
                nationality=t.nationality,
                acting=t.acting,
                start=t.start.edtf if t.start else None,
                end=t.end.edtf if t.end else None,
                note=t.note,
                sources=_sources(rec, t.claims),
            )
        )
    return rows


def claims(rec: Record, about: str | None = None) -> list[ClaimRow]:
    """Claims, optionally about one subject (a state by any name, a case, an office, …).

    Raises :class:`~csto.errors.CstoError` (with suggestions) when no claim is about ``about``.
    """
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
        claim_row(rec, c.id) for c in rec.claims.values() if subject is None or c.subject == subject
    ]


def claim_row(rec: Record, claim_id: str) -> ClaimRow:
    """One claim as a row (raises :class:`~csto.errors.UnknownNameError` for an unknown id)."""
    c = rec.claim(claim_id)
    src = rec.sources[c.source]
    return ClaimRow(
        id=c.id,
        subject=c.subject,
        property=c.property,
        value=c.value,
        time=c.time,
        source=c.source,
        seed_file=src.seed_file,
        quote=c.quote,
        external=c.external,
        derived_from=list(c.derived_from),
        note=c.note,
        added_by=c.added_by,
        rank=c.rank,
        rank_reason=c.rank_reason,
        rank_grounds=list(c.rank_grounds),
    )


def sources(rec: Record) -> list[SourceRow]:
    """Every source with the number of claims citing it."""
    counts: dict[str, int] = {}
    for c in rec.claims.values():
        counts[c.source] = counts.get(c.source, 0) + 1
    return [
        SourceRow.model_validate(
            {**s.model_dump(mode="json", exclude_none=True), "claims": counts.get(s.id, 0)}
        )
        for s in rec.sources.values()
    ]


def timeline(rec: Record, alliance: str = "csto") -> list[HistoryRow]:
    """Every status interval of every state that ever had one in the alliance, by state."""
    out: list[HistoryRow] = []
    states = sorted({m.state for m in rec.memberships if m.alliance == alliance})
    for iso3 in states:
        out.extend(history(rec, iso3, alliance))
    return out
