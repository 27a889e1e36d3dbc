"""The rows the store's read methods return, defined once for the CLI (``--json``) and the HTTP API.

Each is a frozen :class:`~csto.record.rows.Row`: :meth:`~csto.record.rows.Row.to_dict` gives the JSON that
``csto claims export --json``, ``csto users list --json`` and the ``/api/store``, ``/api/users``,
``/api/audit`` and ``/api/me`` routes print, and FastAPI uses the classes as response models. They are
built from the database's rows (``from_attributes``); times are timezone-aware and in UTC (SQLite hands
back naive datetimes, which were stored in UTC), printed as ISO 8601 with ``Z``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, get_args

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field

from csto.record.rows import Row

Role = Literal["reader", "editor", "reviewer", "admin"]
"""A user's role, each allowed what the ones before it are: read · propose claims · review · manage users."""

ROLES: tuple[Role, ...] = get_args(Role)

ClaimStatus = Literal["proposed", "accepted", "rejected"]
"""Where a team claim is in its review: ``proposed`` → ``accepted`` | ``rejected`` (once)."""

STATUSES: tuple[ClaimStatus, ...] = get_args(ClaimStatus)


def _utc(when: dt.datetime) -> dt.datetime:
    if when.tzinfo is None:  # SQLite gives naive datetimes back; they were stored in UTC
        return when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC)


UtcTime = Annotated[dt.datetime, AfterValidator(_utc)]
"""A moment in UTC (a naive datetime is read as UTC); JSON: ``2024-05-01T12:00:00.123456Z``."""


class StoreRow(Row):
    """A row read from the store's database (built from an ORM object by attribute)."""

    model_config = ConfigDict(frozen=True, from_attributes=True)


class StoredSource(StoreRow):
    """A team source (kind ``user``): a title and a URL or a bibliographic ``reference``, who added it."""

    id: str
    kind: Literal["user"] = "user"
    title: str
    url: str | None
    reference: str | None
    author: str | None
    publisher: str | None
    date: str | None = Field(description="EDTF text, e.g. 2024 or 2024-05")
    note: str | None
    added_by: str
    added_at: UtcTime


class StoredClaim(StoreRow):
    """A team claim in the record's claim format, with its review state.

    ``value`` is any JSON value; ``time`` an EDTF date or interval; ``reviewed_*`` are null until a
    reviewer other than the author accepts or rejects it.
    """

    id: str
    subject: str
    property: str
    value: Any = None
    time: str | None
    source: str
    quote: str
    note: str | None
    status: ClaimStatus
    added_by: str
    added_at: UtcTime
    reviewed_by: str | None
    reviewed_at: UtcTime | None
    review_reason: str | None


class ClaimsExport(Row):
    """Team claims and the team sources they cite, in the record's YAML format plus their review."""

    sources: list[StoredSource]
    claims: list[StoredClaim]


class Snapshot(Row):
    """What a session merges, read in one transaction: the store's ``identity`` and ``revision``
    (:meth:`csto.store.engine.Database.identity`), the team sources and the accepted claims."""

    identity: str
    revision: int
    sources: list[StoredSource]
    claims: list[StoredClaim]


class UserRow(StoreRow):
    """A user as the store shows it: never with the token or its hash."""

    name: str
    role: Role
    created_at: UtcTime
    created_by: str | None = Field(description="the admin who added the user; (local) for the CLI")

    def can(self, role: Role) -> bool:
        """Does this user's role allow what ``role`` may do (roles are ordered, :data:`ROLES`)?"""
        return ROLES.index(self.role) >= ROLES.index(role)


class NewUser(UserRow):
    """A user just created, with the bearer token: shown this once, never stored or shown again."""

    token: str = Field(
        repr=False, description="The bearer token: shown this once, never stored or shown again."
    )

    @classmethod
    def of(cls, user: UserRow, token: str) -> NewUser:
        """``user`` with its ``token``."""
        return cls(**user.model_dump(), token=token)


class Me(Row):
    """The signed-in user: name and role."""

    name: str
    role: Role

    @classmethod
    def of(cls, user: UserRow) -> Me:
        """The name and role of ``user``."""
        return cls(name=user.name, role=user.role)


class AuditEntryRow(StoreRow):
    """One write in the audit log: when, who, what (``action`` e.g. ``claim.accept``), on what, details."""

    id: int
    at: UtcTime
    actor: str
    action: str
    target: str
    detail: Annotated[dict[str, Any], BeforeValidator(lambda v: v or {})] = Field(
        default_factory=dict
    )
