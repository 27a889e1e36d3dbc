"""Response and request schemas for the OpenAPI document.

They describe what the routes return (the same dicts the CLI prints with ``--json``); the routes send those
dicts as they are, and the schemathesis tests check every response against these schemas.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class ProblemDoc(_Open):
    """An error (RFC 9457 problem document)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str


class MemberOut(_Open):
    state: str
    name: str
    status: str
    certainty: str
    reason: str
    contested: bool
    alternatives: list[str]
    sources: list[str]
    claims: list[str]


class HistoryOut(_Open):
    status: str
    start: str | None
    end: str | None
    sources: list[str]
    alternatives: list[str]
    note: str | None


class ParticipantOut(_Open):
    actor: str
    role: str


class EventOut(_Open):
    id: str
    type: str
    title: str
    start: str
    end: str | None
    place: str | None
    participants: list[ParticipantOut]
    outcome: str | None
    case: str | None
    sources: list[str]
    claims: list[str]


class CaseOut(_Open):
    id: str
    title: str
    kind: str
    start: str
    end: str | None
    requester: str | None
    victim: str | None
    adversary: str | None
    adversary_kind: str | None
    territory: str | None
    requested: str | None
    response: str | None
    outcome: int | None
    sources: list[str]


class CitationOut(_Open):
    claim: str
    source: str
    seed_file: str | None
    quote: str | None


class CaseFullOut(CaseOut):
    trigger: str | None
    external_backing: bool | None
    framing: str | None
    note: str | None
    events: list[EventOut]
    citations: list[CitationOut]


class ClaimOut(_Open):
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


class ConflictValueOut(_Open):
    value: Any = None
    claims: list[str]
    sources: list[str]
    quotes: list[str]
    external: bool


class ConflictOut(_Open):
    subject: str
    property: str
    values: list[ConflictValueOut]


class SourceOut(_Open):
    id: str
    kind: str
    title: str
    claims: int


class OfficeOut(_Open):
    office: str
    title: str
    holder: str
    nationality: str
    acting: bool
    start: str | None
    end: str | None
    note: str | None
    sources: list[str]


class FigureOut(_Open):
    id: str
    statement: str
    author_value: Any = None
    recomputed: Any = None
    status: str
    method: str
    reason: str | None
    source: str
    claim: str
    quote: str | None


class GapOut(_Open):
    case: str
    title: str
    date: str
    reading: str
    treaty: str
    required: int
    contested_level: int
    actual: int
    response: str
    verdict: str
    reason: str
    governing: str | None
    sources: list[str]
    citations: list[str]


class AssessmentOut(_Open):
    crisis: dict[str, Any]
    treaty: str
    readings: dict[str, dict[str, Any]]


# -- the store -----------------------------------------------------------------------------------


class StoredClaimOut(_Open):
    id: str
    subject: str
    property: str
    value: Any = None
    time: str | None
    source: str
    quote: str
    note: str | None
    status: Literal["proposed", "accepted", "rejected"]
    added_by: str
    added_at: str | None
    reviewed_by: str | None
    reviewed_at: str | None
    review_reason: str | None


class StoredSourceOut(_Open):
    id: str
    kind: str
    title: str
    url: str | None
    reference: str | None


class UserOut(_Open):
    name: str
    role: Literal["reader", "editor", "reviewer", "admin"]
    created_at: str
    created_by: str | None


class NewUserOut(UserOut):
    token: str = Field(
        description="The bearer token: shown this once, never stored or shown again."
    )


class AuditOut(_Open):
    id: int
    at: str | None
    actor: str
    action: str
    target: str
    detail: dict[str, Any]


class SourceIn(BaseModel):
    """A team source: a title and a URL or a bibliographic reference."""

    model_config = ConfigDict(extra="allow")

    id: str | None = None
    title: str
    url: str | None = None
    reference: str | None = None
    author: str | None = None
    publisher: str | None = None
    date: str | None = None
    note: str | None = None


class ClaimIn(BaseModel):
    """A claim in the record's format (``id`` optional; ``added_by`` is set by the store)."""

    model_config = ConfigDict(extra="allow")

    id: str | None = None
    subject: str
    property: str
    value: Any = None
    time: str | None = None
    source: str
    quote: str
    note: str | None = None


class ClaimsDocument(BaseModel):
    """Claims to propose, with the new sources they cite. Send as JSON or YAML."""

    sources: list[SourceIn] = Field(default_factory=list)
    claims: list[ClaimIn]


class ReviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    accept: bool
    reason: str = Field(min_length=1, max_length=20_000)


class UserIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=80)
    role: Literal["reader", "editor", "reviewer", "admin"]


class MeOut(_Open):
    name: str
    role: str
