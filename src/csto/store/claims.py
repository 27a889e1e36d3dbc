"""Team claims and sources: propose, review, list, export, and the snapshot a session merges.

A proposal stores its new sources and its claims as ``proposed``, all or none, after the checks of
:mod:`csto.store.intake`. A review accepts or rejects a claim that is still ``proposed``, by a reviewer
other than its author, with a reason; it is a conditional update, so of two reviewers racing on one claim
one succeeds and the other gets a :class:`~csto.store.errors.Conflict`. A review by the admin who created
the author's account (or through an account the author created) is flagged in its audit entry
(:func:`review_flags`). Every write is logged in the audit log within its own transaction
(:mod:`csto.store.audit`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from csto.record.record import Record
from csto.store import audit
from csto.store.engine import Database
from csto.store.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from csto.store.intake import MAX_TEXT, check_claim, check_source, check_text, limit, split_document
from csto.store.models import User, UserClaim, UserSource, utcnow
from csto.store.rows import STATUSES, ClaimsExport, Snapshot, StoredClaim, StoredSource, UserRow
from csto.store.users import require


def _check_status(status: str | None) -> None:
    if status is not None and status not in STATUSES:
        raise InvalidInput(f"status: {status!r} is not one of {', '.join(STATUSES)}")


def propose(db: Database, document: Any, *, by: UserRow, record: Record) -> list[StoredClaim]:
    """Store the claims of ``document`` (and the new sources they cite) as ``proposed``, all or none.

    ``record`` is the shipped record the claims are checked against (their ids must not be its ids;
    a membership claim must fit its states). A claim without ``source`` cites the document's only new
    source. Raises :class:`PermissionDenied` (below editor), :class:`InvalidInput` (the message names
    the field), :class:`Conflict` (an id already taken).
    """
    require(by, "editor", "proposing claims")
    sources_in, claims_in = split_document(document)
    new_sources = [check_source(raw, i, record) for i, raw in enumerate(sources_in)]
    ids = [s.id for s in new_sources]
    if len(set(ids)) != len(ids):
        raise InvalidInput("sources: the same source id is given twice")

    def write() -> list[StoredClaim]:
        with db.write() as session:
            for src in new_sources:
                if session.get(UserSource, src.id) is not None:
                    raise Conflict(f"source {src.id!r} is already in the store")
                session.add(UserSource(**asdict(src), added_by=by.name, added_at=utcnow()))
            session.flush()
            known = set(ids)
            rows: list[UserClaim] = []
            for i, raw in enumerate(claims_in):
                if isinstance(raw, Mapping) and "source" not in raw and len(new_sources) == 1:
                    raw = {**raw, "source": new_sources[0].id}  # the document's one source
                claim = check_claim(raw, i, record, by.name)
                if claim.source not in known:
                    _check_cited(session, claim.source, i, record)
                    known.add(claim.source)
                if session.get(UserClaim, claim.id) is not None:
                    raise Conflict(f"claim {claim.id!r} is already in the store")
                row = UserClaim(
                    id=claim.id,
                    subject=claim.subject,
                    property=claim.property,
                    value=claim.value,
                    time=claim.time,
                    source=claim.source,
                    quote=claim.quote or "",
                    note=claim.note,
                    status="proposed",
                    added_by=by.name,
                    added_at=utcnow(),  # each its own time: claims list by added_at, then id
                )
                session.add(row)
                rows.append(row)
            session.flush()
            for src in new_sources:
                audit.log(session, by.name, "source.add", src.id, title=src.title)
            for row in rows:
                audit.log(
                    session,
                    by.name,
                    "claim.propose",
                    row.id,
                    subject=row.subject,
                    property=row.property,
                    source=row.source,
                )
            return [StoredClaim.model_validate(r) for r in rows]

    try:
        return db.retrying(write)
    except IntegrityError:
        raise Conflict("a claim or source id in this document is already taken") from None


def _check_cited(session: Session, source: str, i: int, record: Record) -> None:
    """Refuse a claim that cites neither a stored team source nor one of its document's."""
    if session.get(UserSource, source) is not None:
        return
    where = (
        "a shipped source: team claims cite team sources"
        if source in record.sources
        else "no source in the store or in this document"
    )
    raise InvalidInput(
        f"claims[{i}].source: {source!r} is {where} "
        "(add it under sources: with a title and a url or reference)"
    )


def review(db: Database, claim_id: str, *, accept: bool, reason: str, by: UserRow) -> StoredClaim:
    """Accept or reject the proposed claim ``claim_id`` with a ``reason``; a claim is reviewed once.

    Raises :class:`PermissionDenied` (below reviewer, or the claim's author), :class:`InvalidInput` (no
    reason, or one over :data:`~csto.store.intake.MAX_TEXT` characters), :class:`NotFound`,
    :class:`Conflict` (already reviewed: the message says how and by whom).
    """
    require(by, "reviewer", "reviewing")
    check_text(reason, "reason")
    check_text(claim_id, "id")
    if not reason or not reason.strip():
        raise InvalidInput("reason: a review needs a reason")
    limit(reason, "reason", MAX_TEXT)
    status = "accepted" if accept else "rejected"

    def write() -> StoredClaim:
        with db.write() as session:
            row = session.get(UserClaim, claim_id)
            if row is None:
                raise NotFound(f"no claim {claim_id!r} in the store")
            if row.added_by == by.name:
                raise PermissionDenied("a claim is reviewed by someone other than its author")
            flags = review_flags(session, row.added_by, by)
            result = session.execute(
                update(UserClaim)
                .where(UserClaim.id == claim_id, UserClaim.status == "proposed")
                .values(
                    status=status,
                    reviewed_by=by.name,
                    reviewed_at=utcnow(),
                    review_reason=reason,
                )
                .execution_options(synchronize_session=False)
            )
            if result.rowcount != 1:  # type: ignore[attr-defined]
                session.refresh(row)
                raise Conflict(f"claim {claim_id!r} was already {row.status} by {row.reviewed_by}")
            extra = {"flags": flags} if flags else {}
            audit.log(session, by.name, f"claim.{status[:-2]}", claim_id, reason=reason, **extra)
            session.refresh(row)
            return StoredClaim.model_validate(row)

    return db.retrying(write)


def review_flags(session: Session, author: str, reviewer: UserRow) -> list[str]:
    """Why a review is not independent, for the audit log: the reviewer created the author's account
    (an admin proposing through a second account they made, then reviewing), or the author created
    the reviewer's account (an admin proposing, then reviewing through a second account).

    Such a review is flagged, not refused: the admin creates the team's accounts, so refusing it would
    stop an admin reviewing any claim, while an admin can always make two accounts that are not linked
    this way. The audit log, which records who created every account, is the control (see
    ``docs/explanation/team-store.md``).
    """
    flags = []
    created_by = session.scalar(select(User.created_by).where(User.name == author))
    if created_by == reviewer.name:
        flags.append("reviewer-created-author")
    if reviewer.created_by == author:
        flags.append("author-created-reviewer")
    return flags


def _claims(session: Session, status: str | None) -> list[StoredClaim]:
    query = select(UserClaim).order_by(UserClaim.added_at, UserClaim.id)
    if status is not None:
        query = query.where(UserClaim.status == status)
    return [StoredClaim.model_validate(r) for r in session.scalars(query)]


def _sources(session: Session) -> list[StoredSource]:
    query = select(UserSource).order_by(UserSource.id)
    return [StoredSource.model_validate(s) for s in session.scalars(query)]


def claims(db: Database, status: str | None = None) -> list[StoredClaim]:
    """Stored claims (all, or those of one ``status``), oldest first, with their review.
    Raises :class:`InvalidInput` for an unknown status."""
    _check_status(status)
    with db.read() as session:
        return _claims(session, status)


def claim(db: Database, claim_id: str) -> StoredClaim:
    """One stored claim with its review; :class:`NotFound` if there is none."""
    with db.read() as session:
        row = session.get(UserClaim, claim_id)
        if row is None:
            raise NotFound(f"no claim {claim_id!r} in the store")
        return StoredClaim.model_validate(row)


def sources(db: Database) -> list[StoredSource]:
    """Every team source, by id."""
    with db.read() as session:
        return _sources(session)


def snapshot(db: Database) -> Snapshot:
    """The store's identity and revision, the team sources and the accepted claims (oldest first), read
    in one transaction: what :func:`csto.store.overlay.build_record` merges into a record, and the key
    it is cached by."""
    with db.read() as session:
        identity, revision = db.identity_in(session)
        return Snapshot(
            identity=identity,
            revision=revision,
            sources=_sources(session),
            claims=_claims(session, "accepted"),
        )


def export(db: Database, status: str | None = "accepted") -> ClaimsExport:
    """The claims of ``status`` (``None``: all) and the team sources they cite, read in one transaction,
    in the record's YAML format plus ``status``, ``added_*`` and ``reviewed_*``."""
    _check_status(status)
    with db.read() as session:
        found = _claims(session, status)
        cited = {c.source for c in found}
        return ClaimsExport(sources=[s for s in _sources(session) if s.id in cited], claims=found)


def counts(db: Database) -> dict[str, int]:
    """How many claims of each status there are, and how many users: ``{"proposed": n, …, "users": n}``."""
    with db.read() as session:
        out: dict[str, int] = {
            s: int(session.scalar(select(func.count()).where(UserClaim.status == s)) or 0)
            for s in STATUSES
        }
        out["users"] = int(session.scalar(select(func.count()).select_from(User)) or 0)
        return out
