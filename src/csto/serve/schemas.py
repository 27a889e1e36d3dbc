"""Request bodies, the problem document, and the store's responses, for the OpenAPI document.

The read routes use the row classes the queries return as their response models (:mod:`csto.serve.api`);
what is here is what no query returns: request bodies, errors, and the store's own records.
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
