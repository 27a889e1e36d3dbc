"""The audit log: every write to the store, who made it, what it was and when.

:func:`log` adds an entry inside the write's own transaction, so an entry exists exactly when the write
happened; :func:`entries` reads the log, newest first (for admins).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from csto.store.engine import Database
from csto.store.errors import PermissionDenied
from csto.store.models import AuditEntry, utcnow
from csto.store.rows import AuditEntryRow, UserRow


def log(session: Session, actor: str, action: str, target: str, **detail: Any) -> None:
    """Add an entry to the log in ``session``'s transaction: ``actor`` (a user name, or ``(local)``) did
    ``action`` (``user.add``, ``source.add``, ``claim.propose``, ``claim.accept``, ``claim.reject``) to
    ``target`` (an id or a name), with JSON-ready ``detail`` (a review's ``reason``, and its ``flags`` when
    it is not independent: :func:`csto.store.claims.review_flags`)."""
    session.add(AuditEntry(at=utcnow(), actor=actor, action=action, target=target, detail=detail))


def entries(
    db: Database, limit: int = 100, offset: int = 0, *, by: UserRow | None = None
) -> list[AuditEntryRow]:
    """Up to ``limit`` entries after skipping ``offset``, newest first. When ``by`` is given it must be
    an admin (:class:`~csto.store.errors.PermissionDenied` otherwise)."""
    if by is not None and not by.can("admin"):
        raise PermissionDenied(f"{by.name} is a {by.role}; the audit log is for admins")
    with db.read() as session:
        rows = session.scalars(
            select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit).offset(offset)
        )
        return [AuditEntryRow.model_validate(e) for e in rows]
