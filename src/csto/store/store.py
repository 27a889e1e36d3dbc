"""The store: a team's claims, their sources, users with roles and tokens, and an audit log.

One :class:`Store` wraps one database (SQLite by default, PostgreSQL for a shared server) and hands each
job to its module:

* :mod:`csto.store.engine` — the URL, the engine, transactions, migrations, the store's identity;
* :mod:`csto.store.users` — users, roles, token hashing, authentication;
* :mod:`csto.store.claims` — propose, review, list, export, the snapshot a session merges;
* :mod:`csto.store.intake` — the checks of a proposed document against the shipped record;
* :mod:`csto.store.audit` — the audit log;
* :mod:`csto.store.rows` — the typed rows every read returns (and the HTTP API's response models).

Every write is one transaction that also bumps a revision counter and appends to the audit log, so it
happens entirely or not at all; concurrent writers cannot lose updates (see :mod:`csto.store.engine`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from csto.record.record import Record
from csto.store import audit, claims, users
from csto.store.engine import Database, database_url, display_url
from csto.store.rows import (
    AuditEntryRow,
    ClaimsExport,
    Snapshot,
    StoredClaim,
    StoredSource,
    UserRow,
)
from csto.store.users import hash_token

UserInfo = UserRow
"""The former name of :class:`~csto.store.rows.UserRow`."""

__all__ = [
    "Store",
    "UserInfo",
    "UserRow",
    "database_url",
    "display_url",
    "hash_token",
    "open_store",
]


class Store:
    """A team's claims in a database. Open with :func:`open_store`.

    ``url`` is a SQLAlchemy URL; ``migrate`` brings the schema to the newest revision first. ``url``,
    ``dialect`` (``sqlite`` or ``postgresql``) and ``engine`` are the database's.
    """

    def __init__(self, url: str, *, migrate: bool = True) -> None:
        self.db = Database(url)
        self.url = url
        self.dialect = self.db.dialect
        self.engine = self.db.engine
        if migrate:
            self.migrate()

    def __repr__(self) -> str:
        return f"Store({display_url(self.url)!r})"

    # -- the database ----------------------------------------------------------------------------
    def migrate(self) -> None:
        """Bring the schema to the newest revision (idempotent; safe with several processes)."""
        self.db.migrate()

    def close(self) -> None:
        """Close the database's connections."""
        self.db.close()

    def revision(self) -> int:
        """A number that grows with every write (readers compare it to refresh caches)."""
        return self.db.identity()[1]

    def identity(self) -> tuple[str, int]:
        """``(display URL#instance, revision)``, read from the database: what caches key on
        (:meth:`csto.store.engine.Database.identity`)."""
        return self.db.identity()

    # -- users -----------------------------------------------------------------------------------
    def add_user(self, name: str, role: str, *, by: UserRow | None = None) -> tuple[UserRow, str]:
        """Create a user; return it with its token, shown this once (:func:`csto.store.users.add_user`).

        ``by`` is the admin doing it (None: the local operator, e.g. the CLI with access to the database).
        """
        return users.add_user(self.db, name, role, by=by)

    def authenticate(self, token: str | None) -> UserRow:
        """The user a bearer token belongs to; :class:`~csto.store.errors.NotAuthenticated` if none."""
        return users.authenticate(self.db, token)

    def users(self) -> list[UserRow]:
        """Every user, without tokens."""
        return users.users(self.db)

    # -- claims ----------------------------------------------------------------------------------
    def propose(self, document: Any, *, by: UserRow, record: Record) -> list[StoredClaim]:
        """Store claims (and the new sources they cite) as ``proposed``, all or none, checked against the
        shipped ``record`` (:func:`csto.store.claims.propose`).

        ``document`` is a mapping with ``claims`` (a list) and optionally ``sources`` (a list), one claim
        mapping, or a list of claim mappings, each in the record's claim format (a claim without
        ``source`` cites the document's only new source). Every claim must cite a team source (kind
        ``user``) with a URL or a bibliographic reference, and carry a verbatim quote.
        """
        return claims.propose(self.db, document, by=by, record=record)

    def review(self, claim_id: str, *, accept: bool, reason: str, by: UserRow) -> StoredClaim:
        """Accept or reject a proposed claim, with a reason; a claim is reviewed once
        (:func:`csto.store.claims.review`)."""
        return claims.review(self.db, claim_id, accept=accept, reason=reason, by=by)

    def claims(self, status: str | None = None) -> list[StoredClaim]:
        """Stored claims (all, or of one status), oldest first, with their review."""
        return claims.claims(self.db, status)

    def claim(self, claim_id: str) -> StoredClaim:
        """One stored claim; :class:`~csto.store.errors.NotFound` if there is none."""
        return claims.claim(self.db, claim_id)

    def sources(self) -> list[StoredSource]:
        """Every team source, by id."""
        return claims.sources(self.db)

    def snapshot(self) -> Snapshot:
        """The identity, the revision, the team sources and the accepted claims, read in one
        transaction (:func:`csto.store.claims.snapshot`)."""
        return claims.snapshot(self.db)

    def export(self, status: str | None = "accepted") -> ClaimsExport:
        """Claims of ``status`` (None: all) and the team sources they cite, in the record's format plus
        their review (:func:`csto.store.claims.export`)."""
        return claims.export(self.db, status)

    def counts(self) -> dict[str, int]:
        """How many claims of each status, and how many users."""
        return claims.counts(self.db)

    # -- the audit log ---------------------------------------------------------------------------
    def audit(
        self, limit: int = 100, offset: int = 0, *, by: UserRow | None = None
    ) -> list[AuditEntryRow]:
        """The audit log, newest first (admins only when ``by`` is given)."""
        return audit.entries(self.db, limit, offset, by=by)


def open_store(
    database: str | None = None, data_dir: Path | str | None = None, *, migrate: bool = True
) -> Store:
    """Open (creating and migrating if needed) the store named by ``database`` or ``$CSTO_DATABASE_URL``,
    else the SQLite store in ``data_dir`` (default: the user's data directory)."""
    return Store(database_url(database, data_dir), migrate=migrate)
