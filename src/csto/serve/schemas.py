"""Request bodies and the problem document, for the OpenAPI document.

Every route's answer is a row class a query returns, used as its response model: the record's rows
(:mod:`csto.record.rows`) for the read routes, the store's rows (:mod:`csto.store.rows`) for the store's
routes. What is here is what no query returns: request bodies and errors.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from csto.store.intake import MAX_TEXT
from csto.store.rows import Role


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class ProblemDoc(_Open):
    """An error (RFC 9457 problem document)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str


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
    reason: str = Field(min_length=1, max_length=MAX_TEXT)


class UserIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=80)
    role: Role
