"""As-of queries over the record: who belonged when, a state's history, events, cases, offices, claims.

Every function takes the :class:`~csto.record.record.Record` it answers from as its first argument (a front
end opens one :class:`csto.session.Csto` and passes its record down) and returns typed rows
(:mod:`csto.record.rows`). Answers carry their certainty, the claims they rest on, and who added a team claim.
"""

from __future__ import annotations

import datetime as dt

from csto.errors import CstoError, UnknownNameError
from csto.record.case import OUTCOME_LABELS
from csto.record.countries import Country
from csto.record.dates import Truth, parse_date, parse_span
from csto.record.event import EventType
from csto.record.offices import office_row, tenures_on
from csto.record.periods import member_period
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
    StateRow,
    VariantRow,
)
from csto.record.standing import added_by, belongs, sources_of, standing


def members(
    rec: Record,
    on: str | dt.date = "today",
    alliance: str = "csto",
    *,
    all_states: bool = False,
) -> list[MemberRow]:
    """States that belonged to the alliance on a day or during a period, with status and sources.

    ``on`` is a day (``YYYY-MM-DD``, ``today`` or a :class:`datetime.date`) or a period: a month
    (``2012-06``), a year (``2006``) or ``START/END``. For a day, each row is the state's standing
    (:func:`csto.record.standing.standing`); for a period, each row carries a ``period`` section (who
    belonged throughout, at some point or possibly, and every status change with its day and act:
    :func:`csto.record.periods.member_period`). States that did not belong are left out unless
    ``all_states``. Raises :class:`~csto.errors.UnknownNameError` for an unknown alliance and
    :class:`~csto.errors.DateError` for a date or period that is malformed, impossible or uncertain.

    >>> from csto.record.load import load_record
    >>> [m.state for m in members(load_record(), "2000-01-01")]
    ['ARM', 'BLR', 'KAZ', 'KGZ', 'RUS', 'TJK']
    >>> [(m.state, m.period.belonged) for m in members(load_record(), "2006") if m.period.changed]
    [('UZB', 'at some point')]
    """
    rec.alliance(alliance)
    span = parse_span(on)
    rows: list[MemberRow] = []
    for iso3 in sorted(rec.states):
        if span.is_day:
            row = standing(rec, iso3, span.first, alliance)
        else:
            row = member_period(rec, iso3, span, alliance)
        if row is None:
            continue
        if all_states or belongs(row) is not Truth.NO:
            rows.append(row)
    return rows


def alliance_label(rec: Record, alliance: str = "csto") -> str:
    """The alliance's names over its phases: ``CST/CSTO`` (or its one abbreviation)."""
    a = rec.alliance(alliance)
    names = list(dict.fromkeys(p.abbreviation for p in a.phases)) or [a.abbreviation]
    return "/".join(names)


def describe_state(rec: Record, state: str, alliance: str = "csto") -> StateRow:
    """Any state by any name or code (the record's, or any real state's: ISO alpha-2, alpha-3 or numeric,
    a COW code, a name in many forms), with whether it ever had a status in ``alliance``.

    Raises :class:`~csto.errors.UnknownNameError` (with suggestions) for a name that is no state.

    >>> from csto.record.load import load_record
    >>> describe_state(load_record(), "345").summary
    'Yugoslavia/Serbia (SRB, COW 345): never a member of the CST/CSTO'
    """
    found = rec.find_state(state)
    label = alliance_label(rec, alliance)
    if isinstance(found, Country):
        in_record, named, spans = False, found.label, []
    else:
        codes = ", ".join([found.iso3, *([f"COW {found.cow}"] if found.cow is not None else [])])
        in_record, named = True, f"{found.name} ({codes})"
        spans = rec.memberships_of(found.iso3, alliance)
    summary = (
        f"{named}: in the {label} from {spans[0].start.edtf}"
        if spans
        else f"{named}: never a member of the {label}"
    )
    return StateRow(
        query=state,
        name=found.name,
        iso3=found.iso3,
        cow=found.cow,
        cow_abb=found.cow_abb,
        in_record=in_record,
        alliance=alliance,
        ever_member=bool(spans),
        summary=summary,
    )


def history(rec: Record, state: str, alliance: str = "csto") -> list[HistoryRow]:
    """The status intervals of a state (any name or code), oldest first.

    A state that never had a status in the alliance, in the record or not (China, Moldova, ``345``), has
    none: an empty list (:func:`describe_state` says so in words). Raises
    :class:`~csto.errors.UnknownNameError` (with suggestions) for a name that is no state, or an unknown
    alliance.
    """
    rec.alliance(alliance)
    found = rec.find_state(state)
    if isinstance(found, Country):
        return []  # a real state the record does not hold: never a member
    iso3 = found.iso3
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
                sources=sources_of(rec, claims),
                claims=claims,
                added_by=added_by(rec, claims),
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
    found = rec.find_state(state) if state else None
    if isinstance(found, Country):
        return []  # a real state the record does not hold takes part in none of its events
    iso3 = found.iso3 if found is not None else None
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
        sources=sources_of(rec, ev.claims),
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
        "sources": sources_of(rec, c.claims),
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


def offices(
    rec: Record, on: str | dt.date | None = None, office: str | None = None
) -> list[OfficeRow]:
    """Tenures of offices, in order: every tenure, or (``on`` a day or a period, as for :func:`members`)
    those that may cover some day of it, with certainty and reason (:func:`csto.record.offices.tenures_on`).

    ``office`` keeps one office, by id or title (``secretary-general``, ``Secretary General``). Raises
    :class:`~csto.errors.UnknownNameError` for an unknown office and :class:`~csto.errors.DateError` for
    a bad date.

    >>> from csto.record.load import load_record
    >>> [t.holder for t in offices(load_record(), "2019-06-01", "secretary-general")]
    ['Valery Semerikov']
    """
    office_id = _office_id(rec, office) if office is not None else None
    if on is not None:
        return tenures_on(rec, parse_span(on), office_id)
    rows = []
    for t in sorted(
        rec.tenures, key=lambda t: (t.office, t.start.earliest if t.start else dt.date.min)
    ):
        if office_id is not None and t.office != office_id:
            continue
        rows.append(office_row(rec, t))
    return rows


def _office_id(rec: Record, office: str) -> str:
    wanted = " ".join(office.replace("-", " ").casefold().split())
    for oid, o in rec.offices.items():
        if wanted in {" ".join(oid.replace("-", " ").split()), o.title.casefold()}:
            return oid
    raise UnknownNameError("office", office, sorted(rec.offices))


def claims(
    rec: Record,
    about: str | None = None,
    source: str | None = None,
    property: str | None = None,
) -> list[ClaimRow]:
    """Claims, optionally about one subject (a state by any name, a case, an office, …), from one source
    (``seed-003``) and of one property (``membership.rejoined``, or a namespace: ``membership``).

    Raises :class:`~csto.errors.UnknownNameError` (with suggestions) for an unknown source and
    :class:`~csto.errors.CstoError` (with suggestions) when no claim is about ``about`` or has
    ``property``; a real state outside the record is named as such (``Moldova (MDA, COW 359)``).

    >>> from csto.record.load import load_record
    >>> [c.id for c in claims(load_record(), "UZB", source="seed-003")][:2]
    ['s003-uzb-rejoined-2005', 's003-uzb-quit-seven-years-later']
    """
    subject = _subject(rec, about) if about else None
    source_id = rec.source(source).id if source else None
    if property is not None:
        props = {c.property for c in rec.claims.values()}
        if property not in props and not any(p.startswith(property + ".") for p in props):
            import difflib

            close = difflib.get_close_matches(property, sorted(props), n=3, cutoff=0.5)
            raise CstoError(
                f"No claims of property {property!r}."
                + (f" Did you mean: {', '.join(close)}?" if close else "")
            )
    return [
        claim_row(rec, c.id)
        for c in rec.claims.values()
        if (subject is None or c.subject == subject)
        and (source_id is None or c.source == source_id)
        and (property is None or c.property == property or c.property.startswith(property + "."))
    ]


def _subject(rec: Record, about: str) -> str:
    """The claim subject ``about`` names: a subject as written, else a state by any name or code."""
    subjects = {c.subject for c in rec.claims.values()}
    if about in subjects:
        return about
    try:
        found = rec.find_state(about)
    except UnknownNameError:
        import difflib

        close = rec.suggest_states(about)
        if len(about) <= 200:
            close += difflib.get_close_matches(about, sorted(subjects), n=3, cutoff=0.6)
        close = list(dict.fromkeys(close))[:4]
        raise CstoError(
            f"No claims about {about!r}." + (f" Did you mean: {', '.join(close)}?" if close else "")
        ) from None
    if isinstance(found, Country):
        if found.iso3 in subjects:
            return found.iso3
        raise CstoError(
            f"No claims about {found.label}: it is not a state of the record, never a member of the "
            f"{alliance_label(rec)}."
        )
    return found.iso3


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
