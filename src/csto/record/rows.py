"""The typed rows every query returns: one shape per row, from the query to every front end.

A row is a frozen pydantic model. The CLI prints it as a table and ``--json`` dumps it with
:meth:`Row.to_dict`; the HTTP API uses the same classes as its response models; ``csto.tables()`` and
``*_frame`` helpers turn lists of them into DataFrames. Nothing copies these shapes by hand.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    import pandas as pd

Certainty = Literal["certain", "contested", "uncertain", "assumed"]
"""How sure an as-of answer is: ``certain``; ``contested`` (the sources disagree on the status);
``uncertain`` (a boundary's precision is coarser than the day asked); ``assumed`` (the day lies after the
record's last evidence about the state, so the answer assumes nothing changed since)."""


class Tabular:
    """A result that is a table at heart: :meth:`to_frame` gives it as a pandas DataFrame and
    :meth:`_repr_html_` shows it in a notebook (a heading from :meth:`html_heading`, then the table,
    every value escaped). Subclasses define :meth:`to_frame` and may define :meth:`html_heading`."""

    def to_frame(self) -> pd.DataFrame:
        """The result as a DataFrame (the subclass says its rows and columns)."""
        raise NotImplementedError

    def html_heading(self) -> str:
        """HTML placed above the table (already escaped); empty by default."""
        return ""

    def _repr_html_(self) -> str:
        frame = self.to_frame()
        table = frame.to_html(index=False, escape=True, na_rep="—", border=0)
        return f'<div class="csto-result">{self.html_heading()}{table}</div>'


class Row(BaseModel):
    """A row of a query result (frozen); :meth:`to_dict` gives its JSON form."""

    model_config = ConfigDict(frozen=True)

    def to_dict(self) -> dict[str, Any]:
        """The row as JSON-ready data (the shape ``--json`` prints and the API returns)."""
        return self.model_dump(mode="json")


class StatusSpan(Row):
    """A stretch of a period (ISO days ``first``–``last``, both included) in which a state's standing did
    not change: its status (``none`` when it had none), certainty and the day-level reason."""

    status: str
    certainty: Certainty
    first: str
    last: str
    reason: str


class StatusChange(Row):
    """A change of status inside a period: on ``day`` (ISO), from ``before`` to ``after`` (``none`` when
    the state had no status), made by the act ``event`` (an event id, with its ``title``) where the record
    names one, resting on ``claims``."""

    day: str
    before: str
    after: str
    event: str | None = None
    title: str | None = None
    claims: list[str] = Field(default_factory=list)


Belonged = Literal["throughout", "at some point", "possibly", "no"]
"""Did a state belong during a period: on every day, on some day, perhaps (the record's precision cannot
tell), or on no day (a status that does not count as belonging, such as ``withdrawn``)."""


class MemberPeriod(Row):
    """The period section of a :class:`MemberRow` answered for a period (``members --on 2006``).

    ``first`` and ``last`` are the period's first and last day (ISO); ``spans`` cover it without gaps, in
    order; ``changes`` are the status changes inside it with their days and acts; ``changed`` says whether
    there is one.
    """

    first: str
    last: str
    belonged: Belonged
    changed: bool
    spans: list[StatusSpan]
    changes: list[StatusChange]


class MemberRow(Row):
    """A state's standing in an alliance on a day, or over a period.

    For a day, ``status`` joins the possible statuses with ``|`` when the day cannot be told apart
    (``member|none``). ``claims`` and ``sources`` are those that bear on that day (see
    :func:`csto.record.evidence.bears_on`); ``deprecated`` names the deprecated claims that bear on it,
    shown beside the answer and never deciding it; ``last_evidence`` is the date (EDTF) of the latest
    dated claim about the state's membership (:func:`csto.record.evidence.last_evidence`), after which the
    answer is ``assumed``; ``since`` is the start (EDTF) of the status interval the answer comes from.
    ``added_by`` names the team members whose accepted claims the answer rests on.

    For a period, ``period`` holds the spans and changes, ``status`` lists the statuses held in order
    (``withdrawn → accession_pending → member``), ``certainty`` is the weakest of the spans', and
    ``claims`` and ``sources`` are those that bear on some day of the period.
    """

    state: str
    name: str
    status: str
    certainty: Certainty
    reason: str
    contested: bool
    alternatives: list[str]
    sources: list[str]
    claims: list[str]
    added_by: list[str] = Field(default_factory=list)
    deprecated: list[str] = Field(default_factory=list)
    last_evidence: str | None = None
    since: str | None = None
    period: MemberPeriod | None = None


class HistoryRow(Row):
    """One status interval of a state, as EDTF text, with its sources (and who added it, for a team claim)."""

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
    added_by: list[str] = Field(default_factory=list)


class ParticipantRow(Row):
    """An actor of an event, with its role."""

    actor: str
    role: str


class EventRow(Row):
    """An event with its participants and sources."""

    id: str
    type: str
    title: str
    start: str
    end: str | None
    place: str | None
    participants: list[ParticipantRow]
    outcome: str | None
    case: str | None
    sources: list[str]
    claims: list[str]


class Citation(Row):
    """A claim as cited: source, seed file, verbatim quote; external or derived where it is."""

    claim: str
    source: str
    seed_file: str | None
    quote: str | None
    external: bool = False
    derived_from: list[str] = Field(default_factory=list)
    added_by: str | None = None


class VariantRow(Row):
    """A coding variant of a case: what it changes and the claims it rests on."""

    name: str
    requested: str | None
    requester: str | None
    outcome: int | None
    clause: str | None
    source_kind: str
    note: str
    claims: list[str]


class CaseRow(Row):
    """A case: who asked the alliance for what, what it did (outcome level 0–3), under which clause."""

    id: str
    title: str
    alliance: str
    clause: str | None
    kind: str
    start: str
    end: str | None
    requester: str | None
    victim: str | None
    adversary: str | None
    adversary_kind: str | None
    territory: str | None
    requested: str | None
    article: str | None
    response: str | None
    outcome: int | None
    outcome_label: str | None
    variant: str = "default"
    variants: list[str] = Field(default_factory=list)
    sources: list[str]


class CaseDetail(CaseRow):
    """A case in full: its trigger, factors, coding variants, events and the quotes it rests on."""

    trigger: str | None
    external_backing: bool | None
    framing: str | None
    note: str | None
    factors: dict[str, Any] | None
    coding_variants: list[VariantRow]
    events: list[EventRow]
    citations: list[Citation]


class OfficeRow(Row):
    """A tenure of an office.

    Asked for a day or a period (``offices --on``), ``certainty`` says whether the holder certainly held
    the office then (``certain``) or may have (``uncertain``: a boundary is unknown or coarser than the
    day), ``reason`` says why, and ``throughout`` whether the tenure covers every day of the period. In
    the plain listing they are ``None``.
    """

    office: str
    title: str
    holder: str
    nationality: str
    acting: bool
    start: str | None
    end: str | None
    note: str | None
    sources: list[str]
    certainty: Certainty | None = None
    reason: str | None = None
    throughout: bool | None = None


class StateRow(Row):
    """A state as resolved from any name or code (:func:`csto.record.query.describe_state`).

    ``in_record`` says whether the record holds the state; ``cow`` and ``cow_abb`` are its Correlates of
    War code and abbreviation (``None`` where it has none); ``iso3`` is ``None`` for a COW state that no
    longer exists and has no ISO code (Czechoslovakia); ``ever_member`` says whether it ever had a status
    in ``alliance``; ``summary`` is the sentence a front end prints.
    """

    query: str
    name: str
    iso3: str | None
    cow: int | None
    cow_abb: str | None
    in_record: bool
    alliance: str
    ever_member: bool
    summary: str


class ClaimRow(Row):
    """A claim with its source, quote, rank and (for a team claim) who added it."""

    id: str
    subject: str
    property: str
    value: Any = None
    time: str | None
    source: str
    seed_file: str | None
    quote: str | None
    external: bool
    derived_from: list[str]
    note: str | None
    added_by: str | None
    rank: str = "normal"
    rank_reason: str | None = None
    rank_grounds: list[str] = Field(default_factory=list)


class SourceRow(Row):
    """A source with the number of claims that cite it."""

    model_config = ConfigDict(frozen=True, extra="allow")

    id: str
    kind: str
    title: str
    author: str | None = None
    publisher: str | None = None
    date: str | None = None
    seed_file: str | None = None
    url: str | None = None
    note: str | None = None
    claims: int


class ConflictValue(Row):
    """One of the values sources give in a conflict, with the claims, sources and quotes that give it."""

    value: Any = None
    claims: list[str]
    sources: list[str]
    quotes: list[str]
    external: bool
    ranks: list[str] = Field(default_factory=list)
    added_by: list[str] = Field(default_factory=list)


class ConflictRow(Row):
    """Claims about one subject and property that cannot all be true."""

    subject: str
    property: str
    values: list[ConflictValue]
