"""The data dictionary of the exported tables: every column's label, kind and value labels.

One declaration serves every consumer: :func:`csto.record.tables.tables` gives coded columns their
categorical dtype from it, the Stata writer takes variable and value labels from it, the xlsx writer turns
it into the ``codebook`` sheet, and :func:`csto.record.export.codebook` writes it as ``codebook.json``.
A test checks that every column of every table is documented here and that nothing documented is missing.

Kinds of column (:data:`Kind`):

* ``text``: free text; ``id``: a record identifier or code (alpha-3, COW abbreviation);
* ``json``: JSON text (lists of ids; claim values, which mix types);
* ``edtf``: a date as EDTF text (``2006``, ``1999-04``, ``2022-01-06``, ``[a,b]`` one of, ``?``/``~``);
* ``date``: a calendar day (the ``*_earliest``/``*_latest`` bounds of an EDTF date);
* ``integer``, ``number``, ``boolean``;
* ``code``: one of a closed list of labels (:data:`CODES`), a pandas categorical in :func:`tables`;
  ``*_code`` and ``outcome_level`` columns are integers that carry the same value labels.

Value labels (:data:`CODES`) number the labels from 1 in the order the schema declares them, except where a
number means something: outcome levels 0–3 (``docs/reference/outcomes.md``) and yes = 1, no = 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, get_args

from csto.record.alliance import Alliance
from csto.record.body import BodyKind
from csto.record.case import (
    OUTCOME_LABELS,
    AdversaryKind,
    Alignment,
    CaseKind,
    Clause,
    CodingVariant,
    Requested,
    Territory,
    Threat,
)
from csto.record.claim import Claim
from csto.record.dates import Precision
from csto.record.event import EventType, Role
from csto.record.membership import Status
from csto.record.provision import InstrumentKind
from csto.record.rows import Certainty
from csto.record.source import SourceKind
from csto.record.state import Actor, State

Kind = Literal["text", "id", "json", "edtf", "date", "integer", "number", "boolean", "code"]

LABEL_MAX = 80
"""Stata's limit on a variable label (characters); every :attr:`Column.label` fits it."""


def _numbered(labels: tuple[str, ...] | list[str]) -> dict[int, str]:
    return {i: label for i, label in enumerate(labels, 1)}


def _literal(model: type, field: str) -> tuple[str, ...]:
    """The values of a ``Literal`` field of a pydantic model (``None`` left out)."""
    annotation = model.model_fields[field].annotation  # type: ignore[attr-defined]
    return tuple(a for a in get_args(annotation) if a is not None)


CODES: dict[str, dict[int, str]] = {
    "status": _numbered([s.value for s in Status]),
    "certainty": _numbered(get_args(Certainty)),
    "belonged": {0: "no", 1: "yes", 2: "uncertain"},
    "yes_no": {0: "no", 1: "yes"},
    "precision": _numbered(get_args(Precision)),
    "source_kind": _numbered(get_args(SourceKind)),
    "rank": _numbered(_literal(Claim, "rank")),
    "region": _numbered(_literal(State, "region")),
    "alliance_role": _numbered(_literal(Alliance, "role")),
    "body_kind": _numbered(get_args(BodyKind)),
    "instrument_kind": _numbered(get_args(InstrumentKind)),
    "actor_kind": _numbered(_literal(Actor, "kind")),
    "event_type": _numbered([t.value for t in EventType]),
    "role": _numbered([r.value for r in Role]),
    "case_kind": _numbered(get_args(CaseKind)),
    "clause": _numbered(get_args(Clause)),
    "requested": _numbered(get_args(Requested)),
    "adversary_kind": _numbered(get_args(AdversaryKind)),
    "territory": _numbered(get_args(Territory)),
    "threat": _numbered(get_args(Threat)),
    "alignment": _numbered(get_args(Alignment)),
    "variant_source": _numbered(_literal(CodingVariant, "source_kind")),
    "outcome_level": dict(OUTCOME_LABELS),
}
"""Value labels: list name → {integer code: label}. Built from the schema's enums and literals."""


@dataclass(frozen=True)
class Column:
    """One documented column: ``label`` (≤ 80 characters), ``kind``, value labels ``codes`` (a key of
    :data:`CODES`) and a longer ``note`` where the label cannot say enough."""

    name: str
    label: str
    kind: Kind = "text"
    codes: str | None = None
    note: str | None = None

    @property
    def stata(self) -> str:
        """The column's Stata variable name (see :func:`stata_name`)."""
        return stata_name(self.name)


@dataclass(frozen=True)
class Table:
    """One documented table: what a row is, its key columns, and its columns in order."""

    name: str
    row: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]

    def column(self, name: str) -> Column:
        """The column called ``name``; ``KeyError`` if the table has none."""
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


# Stata's reserved names ([U] 11.3) and Mata's reserved words, which a Stata writer also refuses.
_STATA_RESERVED = frozenset(
    """_all _b byte _coef _cons double float if in int long _n _N _pi _pred _rc _skip strL using with
    _se aggregate array boolean break case catch class colvector complex const continue default delegate
    delete do else eltypedef end enum explicit export external for friend function global goto inline
    local NULL pragma protected quad rowvector short typedef typename virtual""".split()  # noqa: SIM905
)


def stata_name(name: str) -> str:
    """A Stata variable name for a column: ``name`` itself, or with ``_`` appended where it is a reserved
    word (``end`` → ``end_``, ``case`` → ``case_``). Raises ``ValueError`` for a name no rule can fix
    (longer than 32 characters or not an identifier)."""
    if len(name) > 32 or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise ValueError(f"{name!r} cannot be a Stata variable name")
    return f"{name}_" if name in _STATA_RESERVED else name


def _date(name: str, what: str) -> tuple[Column, ...]:
    """An EDTF date and the three columns derived from it."""
    return (
        Column(name, f"{what} (EDTF text)", "edtf"),
        Column(f"{name}_earliest", f"{what}: earliest possible day", "date"),
        Column(f"{name}_latest", f"{what}: latest possible day", "date"),
        Column(f"{name}_precision", f"{what}: precision of the source", "code", "precision"),
    )


_CLAIMS = Column("claims", "ids of the claims this row rests on (JSON list)", "json")
_NOTE = Column("note", "coder's note")


def _t(name: str, row: str, key: tuple[str, ...], *columns: Column | tuple[Column, ...]) -> Table:
    flat: list[Column] = []
    for c in columns:
        flat.extend(c if isinstance(c, tuple) else (c,))
    return Table(name, row, key, tuple(flat))


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        _t(
            "states",
            "a state",
            ("iso3",),
            Column("iso3", "ISO 3166-1 alpha-3 code", "id"),
            Column("iso2", "ISO 3166-1 alpha-2 code", "id"),
            Column("cow", "Correlates of War state code (ccode)", "integer"),
            Column("cow_abb", "Correlates of War state abbreviation (StateAbb)", "id"),
            Column("name", "short English name"),
            Column("aliases", "other names the state answers to, joined by '; '"),
            Column("capital", "capital city"),
            Column("region", "region", "code", "region"),
        ),
        _t(
            "sources",
            "a source of claims",
            ("id",),
            Column("id", "source id", "id"),
            Column("kind", "kind of source", "code", "source_kind"),
            Column("title", "title"),
            Column("author", "author"),
            Column("publisher", "publisher"),
            *_date("date", "publication date"),
            Column("seed_file", "file name in the seeds directory (seed sources)"),
            Column("url", "URL"),
            _NOTE,
        ),
        _t(
            "claims",
            "one sourced statement",
            ("id",),
            Column("id", "claim id", "id"),
            Column("subject", "what the claim is about (alpha-3, case, event or other id)", "id"),
            Column("property", "the property stated (dotted name)", "id"),
            Column("value", "the value stated (JSON text: values mix types)", "json"),
            Column("time", "when the statement holds (EDTF date or interval)", "edtf"),
            Column("source", "source id (table sources)", "id"),
            Column("quote", "verbatim quote from the source, in its language and script"),
            _NOTE,
            Column("external", "from a public source outside the seeds", "boolean"),
            Column("derived_from", "claims a derived claim follows from (JSON list)", "json"),
            Column("added_by", "team member who added it (empty: shipped with the package)"),
            Column(
                "rank",
                "rank: preferred, normal or deprecated (after Wikidata)",
                "code",
                "rank",
                "a deprecated claim never decides an answer but is always shown",
            ),
            Column("rank_reason", "why the claim is preferred or deprecated"),
            Column("rank_grounds", "claims that ground the rank (JSON list)", "json"),
        ),
        _t(
            "memberships",
            "one interval of one status of a state in an alliance",
            ("state", "alliance", "start"),
            Column("state", "alpha-3 code of the state", "id"),
            Column("ccode", "Correlates of War state code", "integer"),
            Column("alliance", "alliance id (table alliances)", "id"),
            Column("status", "status in the interval", "code", "status"),
            *_date("start", "start of the interval"),
            *_date("end", "end of the interval (empty: still holds)"),
            Column("alternatives", "statuses other claims give (JSON list)", "json"),
            Column(
                "claims",
                "claims of the interval, then those giving alternatives (JSON list)",
                "json",
            ),
            Column("start_event", "event that makes the legal change at the start", "id"),
            _NOTE,
        ),
        _t(
            "alliances",
            "an alliance",
            ("id",),
            Column("id", "alliance id", "id"),
            Column("name", "name"),
            Column("abbreviation", "abbreviation"),
            Column(
                "role",
                "modelled, compared with, or a source of reference cases",
                "code",
                "alliance_role",
            ),
            *_date("founded", "founding date"),
            Column("atop_id", "ATOP alliance id", "integer"),
            Column("cow_id", "COW Formal Alliances (v4.1) version4id", "integer"),
            Column("leader", "leading state (alpha-3)", "id"),
            Column("notes", "notes (JSON list)", "json"),
            _CLAIMS,
        ),
        _t(
            "phases",
            "a phase of an alliance under one instrument and name (CST, CSTO)",
            ("alliance", "id"),
            Column("alliance", "alliance id", "id"),
            Column("id", "phase id", "id"),
            Column("name", "name in the phase"),
            Column("abbreviation", "abbreviation in the phase"),
            *_date("start", "start of the phase"),
            *_date("end", "end of the phase (empty: current)"),
            Column("description", "description"),
            _CLAIMS,
        ),
        _t(
            "bodies",
            "a body of an alliance (council, staff, force, …)",
            ("id",),
            Column("id", "body id", "id"),
            Column("name", "name"),
            Column("kind", "kind of body", "code", "body_kind"),
            Column("alliance", "alliance id", "id"),
            *_date("established", "date established"),
            *_date("dissolved", "date dissolved"),
            Column("seat", "seat"),
            Column("decision_rule", "how the body decides"),
            Column("description", "description"),
            _CLAIMS,
        ),
        _t(
            "offices",
            "a post in a body",
            ("id",),
            Column("id", "office id", "id"),
            Column("title", "title of the post"),
            Column("body", "body id (table bodies)", "id"),
            _CLAIMS,
        ),
        _t(
            "tenures",
            "one holder's time in an office",
            ("office", "holder", "start"),
            Column("office", "office id (table offices)", "id"),
            Column("holder", "name of the office-holder"),
            Column("nationality", "holder's nationality (alpha-3)", "id"),
            Column("acting", "acting holder", "boolean"),
            *_date("start", "start of the tenure"),
            *_date("end", "end of the tenure (empty: in office)"),
            _CLAIMS,
            _NOTE,
        ),
        _t(
            "instruments",
            "a legal instrument (treaty, charter, agreement, …)",
            ("id",),
            Column("id", "instrument id", "id"),
            Column("title", "title"),
            Column("kind", "kind of instrument", "code", "instrument_kind"),
            Column("alliance", "alliance id", "id"),
            *_date("signed", "date signed"),
            Column("place", "place signed"),
            *_date("in_force", "date in force"),
            Column("signatories", "signatory states (JSON list of alpha-3)", "json"),
            Column("refused", "states that declined to sign (JSON list of alpha-3)", "json"),
            _CLAIMS,
        ),
        _t(
            "provisions",
            "an article of an instrument",
            ("id",),
            Column("id", "provision id", "id"),
            Column("instrument", "instrument id (table instruments)", "id"),
            Column("article", "article number"),
            Column("title", "title"),
            Column("text", "verbatim text, where a source quotes it"),
            Column("summary", "summary"),
            Column("external", "from a public source outside the seeds", "boolean"),
            _CLAIMS,
        ),
        _t(
            "events",
            "a dated happening",
            ("id",),
            Column("id", "event id", "id"),
            Column("type", "type of event", "code", "event_type"),
            Column("title", "title"),
            *_date("start", "start of the event"),
            *_date("end", "end of the event (empty: a single date)"),
            Column("place", "place"),
            Column("case", "case id (table cases), if the event belongs to one", "id"),
            Column("outcome", "outcome"),
            _CLAIMS,
        ),
        _t(
            "participants",
            "an actor in a role in an event",
            ("event", "actor", "role"),
            Column("event", "event id (table events)", "id"),
            Column("actor", "alpha-3 state code, actor id (table actors) or alliance id", "id"),
            Column("role", "role in the event", "code", "role"),
            _NOTE,
        ),
        _t(
            "cases",
            "a crisis: a request to an alliance, or unrequested violence on a CSTO member",
            ("id",),
            Column("id", "case id", "id"),
            Column("title", "title"),
            Column("alliance", "alliance asked (csto: the CST and the CSTO)", "id"),
            Column(
                "clause",
                "inclusion clause: a request/invocation, b unrequested violence",
                "code",
                "clause",
                "empty: an episode kept for its history, outside the case base "
                "(docs/explanation/case-base.md)",
            ),
            Column("in_case_base", "admitted to the case base by an inclusion clause", "boolean"),
            Column("kind", "kind of case", "code", "case_kind"),
            *_date("start", "start of the case"),
            *_date("end", "end of the case"),
            Column("trigger", "what set the case off"),
            Column("victim", "state attacked or in crisis (alpha-3)", "id"),
            Column("adversary", "adversary"),
            Column("adversary_kind", "kind of adversary", "code", "adversary_kind"),
            Column(
                "external_backing",
                "sources establish external backing (empty: not known)",
                "boolean",
            ),
            Column(
                "framed_as_aggression",
                "requester framed the crisis as external aggression",
                "boolean",
            ),
            Column("territory", "status of the territory where it happened", "code", "territory"),
            Column("requester", "state that asked (alpha-3; empty: no request)", "id"),
            Column("requested", "what was asked (default coding)", "code", "requested"),
            Column("article", "article invoked, where one was"),
            Column("framing", "how the requester framed the crisis"),
            Column("response", "what the alliance did"),
            Column(
                "outcome_level",
                "outcome level 0–3 (default coding)",
                "integer",
                "outcome_level",
                "docs/reference/outcomes.md",
            ),
            Column("outcome", "outcome level as a label (default coding)", "code", "outcome_level"),
            Column("outcome_claims", "claims the outcome coding cites (JSON list)", "json"),
            Column("threat", "factor: kind of threat", "code", "threat"),
            Column(
                "adversary_member", "factor: the adversary is a member of the alliance", "boolean"
            ),
            Column(
                "adversary_leader_partner",
                "factor: the adversary is a partner of the alliance's leading state",
                "boolean",
            ),
            Column("leader_at_war", "factor: the leading state is at war elsewhere", "boolean"),
            Column(
                "requester_alignment",
                "factor: requester's alignment with the leading state",
                "code",
                "alignment",
            ),
            Column(
                "variants",
                "names of the coding variants (JSON list; table case_variants)",
                "json",
                note="each variant is one sourced reading of a contested case; "
                "table case_variants gives the case coded under each",
            ),
            Column("events", "event ids of the case (JSON list)", "json"),
            _CLAIMS,
            _NOTE,
        ),
        _t(
            "case_variants",
            "a case under one coding: default, or a named coding variant",
            ("case", "variant"),
            Column("case", "case id (table cases)", "id"),
            Column("variant", "coding: default, or the variant's name", "id"),
            Column(
                "source_kind",
                "where the variant comes from (empty: default)",
                "code",
                "variant_source",
            ),
            Column("changes", "fields the variant changes (JSON list)", "json"),
            Column("clause", "inclusion clause under this coding", "code", "clause"),
            Column("requester", "state that asked under this coding (alpha-3)", "id"),
            Column("requested", "what was asked under this coding", "code", "requested"),
            Column(
                "outcome_level", "outcome level 0–3 under this coding", "integer", "outcome_level"
            ),
            Column(
                "outcome", "outcome level as a label under this coding", "code", "outcome_level"
            ),
            Column("claims", "claims the coding rests on (JSON list)", "json"),
            Column("note", "why this coding"),
        ),
        _t(
            "case_factors",
            "one coded case-level factor of a case, with its citations",
            ("case", "factor"),
            Column("case", "case id (table cases)", "id"),
            Column("factor", "factor name (a column of table cases)", "id"),
            Column("value", "the coded value (JSON text)", "json"),
            Column("claims", "claims the coding cites (JSON list)", "json"),
            _NOTE,
        ),
        _t(
            "observations",
            "an indicator's value at a time (polls, figures)",
            ("id",),
            Column("id", "observation id", "id"),
            Column("indicator", "indicator", "id"),
            Column("subject", "what was observed (alpha-3 or id)", "id"),
            Column("value", "value", "number"),
            Column("unit", "unit"),
            Column("comparator", "comparator: = or >, < (the source says 'more than')"),
            *_date("time", "time of the observation"),
            _NOTE,
            _CLAIMS,
        ),
        _t(
            "actors",
            "a non-state actor",
            ("id",),
            Column("id", "actor id", "id"),
            Column("name", "name"),
            Column("kind", "kind of actor", "code", "actor_kind"),
            Column("based_in", "state where based (alpha-3)", "id"),
            _CLAIMS,
        ),
        _t(
            "state_year",
            "a state that ever belonged to the alliance, in one calendar year",
            ("iso3", "year"),
            Column("iso3", "ISO 3166-1 alpha-3 code", "id"),
            Column("ccode", "Correlates of War state code", "integer"),
            Column("stateabb", "Correlates of War state abbreviation", "id"),
            Column("year", "calendar year", "integer"),
            Column("alliance", "alliance id", "id"),
            Column(
                "status_dec31",
                "status on 31 December (empty: the data allow more than one)",
                "code",
                "status",
                "on the current year's row: the status today",
            ),
            Column("status_dec31_code", "status on 31 December, numeric code", "integer", "status"),
            Column("status_dec31_all", "every status the data allow on 31 December, joined by |"),
            Column(
                "certainty_dec31", "certainty of the status on 31 December", "code", "certainty"
            ),
            Column(
                "certainty_dec31_code",
                "certainty on 31 December, numeric code",
                "integer",
                "certainty",
            ),
            Column(
                "belonged",
                "belonged at some point of the year: yes, no, uncertain",
                "code",
                "belonged",
                "the ATOP and COW convention; statuses that count as belonging: "
                "see codebook.json 'statuses'",
            ),
            Column(
                "belonged_code",
                "belonged at some point of the year: 1 yes, 0 no, missing uncertain",
                "integer",
                "yes_no",
            ),
        ),
    )
}
"""Every exported table, in export order."""
