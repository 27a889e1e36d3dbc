"""The store: a team's claims, their sources, users with roles and tokens, and an audit log.

One :class:`Store` wraps one database (SQLite by default, PostgreSQL for a shared server). Every write is
one transaction that also bumps a revision counter and appends to the audit log, so it happens entirely or
not at all. Concurrent writers cannot lose updates: on SQLite a write transaction takes the database's
write lock when it begins (``BEGIN IMMEDIATE``); on PostgreSQL the revision row is locked by the update; a
review only succeeds on a claim that is still ``proposed`` (a conditional update), so two reviewers racing
on one claim get one success and one clear conflict.

Roles are ordered: reader < editor < reviewer < admin; each may do what the ones before it may.
Tokens are random (256 bits); only their SHA-256 is stored, and no method returns a token except the one
that creates it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event, func, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from csto.record.record import Record
from csto.store.errors import (
    Conflict,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
)
from csto.store.models import ROLES, AuditEntry, Meta, User, UserClaim, UserSource, utcnow
from csto.store.overlay import MEMBERSHIP_PROPERTY
from csto.store.paths import default_data_dir

T = TypeVar("T")

#: the property of a claim that states a membership status (see :mod:`csto.store.record`)

MAX_TEXT = 20_000
MAX_SHORT = 500
MAX_CLAIMS_PER_WRITE = 200
TOKEN_PREFIX = "csto_"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,79}$")


@dataclass(frozen=True)
class UserInfo:
    """A user as the store shows it: never with the token or its hash."""

    name: str
    role: str
    created_at: str
    created_by: str | None

    def can(self, role: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def hash_token(token: str) -> str:
    """The SHA-256 of a token (tokens are 256-bit random strings, so no salt or stretching is needed)."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def _iso(when: dt.datetime | None) -> str | None:
    if when is None:
        return None
    if when.tzinfo is None:  # SQLite gives naive datetimes back; they were stored in UTC
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def database_url(database: str | None = None, data_dir: Path | str | None = None) -> str:
    """The store's URL: ``database``, else ``$CSTO_DATABASE_URL``, else SQLite in ``data_dir``."""
    url = database or os.environ.get("CSTO_DATABASE_URL")
    if url:
        if url.startswith(("postgres://", "postgresql://")):
            url = "postgresql+psycopg://" + url.split("://", 1)[1]
        return url
    folder = Path(data_dir) if data_dir is not None else default_data_dir()
    return f"sqlite:///{folder / 'store.sqlite3'}"


def display_url(url: str) -> str:
    """The URL with any password hidden, for messages and logs."""
    return make_url(url).render_as_string(hide_password=True)


def _check_text(value: Any, where: str) -> None:
    """Refuse text no database can store faithfully (NUL, lone surrogates); recurse into containers."""
    if isinstance(value, str):
        if "\x00" in value:
            raise InvalidInput(f"{where}: NUL characters are not allowed")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidInput(f"{where}: not valid Unicode text (lone surrogate)") from None
    elif isinstance(value, Mapping):
        for k, v in value.items():
            _check_text(k, where)
            _check_text(v, f"{where}.{k}")
    elif isinstance(value, list | tuple):
        for i, v in enumerate(value):
            _check_text(v, f"{where}[{i}]")


def _limit(value: str | None, where: str, size: int) -> None:
    if value is not None and len(value) > size:
        raise InvalidInput(f"{where}: too long ({len(value)} characters; at most {size})")


class Store:
    """A team's claims in a database. Open with :func:`open_store`."""

    def __init__(self, url: str, *, migrate: bool = True) -> None:
        self.url = url
        kwargs: dict[str, Any] = {}
        self.dialect = make_url(url).get_backend_name()
        if self.dialect == "sqlite":
            database = make_url(url).database
            if database and database != ":memory:":
                Path(database).parent.mkdir(parents=True, exist_ok=True)
            kwargs["connect_args"] = {"timeout": 60, "check_same_thread": False}
        else:
            kwargs["pool_pre_ping"] = True
        self.engine: Engine = create_engine(url, **kwargs)
        if self.dialect == "sqlite":
            _sqlite_transactions(self.engine)
        self._reader = self.engine.execution_options(csto_read=True)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._read_sessions = sessionmaker(self._reader, expire_on_commit=False)
        if migrate:
            self.migrate()

    def __repr__(self) -> str:
        return f"Store({display_url(self.url)!r})"

    # -- plumbing ----------------------------------------------------------------------------------
    def migrate(self) -> None:
        """Bring the schema to the newest revision (idempotent; safe with several processes)."""
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
        with self.engine.begin() as conn:
            if self.dialect == "postgresql":
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7413290)")
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def _write(self) -> Iterator[Session]:
        """One write transaction: commits on success, rolls everything back on any error."""
        with self._sessions() as session, session.begin():
            yield session
            session.execute(update(Meta).where(Meta.key == "revision").values(value=Meta.value + 1))

    def _retrying(self, fn: Callable[[], T]) -> T:
        """Run a write, retrying a few times when PostgreSQL reports a serialization failure."""
        for attempt in range(5):
            try:
                return fn()
            except OperationalError as exc:
                code = getattr(exc.orig, "sqlstate", None)
                if code not in ("40001", "40P01") or attempt == 4:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _audit(self, session: Session, actor: str, action: str, target: str, **detail: Any) -> None:
        session.add(
            AuditEntry(at=utcnow(), actor=actor, action=action, target=target, detail=detail)
        )

    def revision(self) -> int:
        """A number that grows with every write (readers compare it to refresh caches)."""
        return self.identity()[1]

    def identity(self) -> tuple[str, int]:
        """What tells this database's contents apart, read from the database itself: its display URL
        with its random instance number, and the revision. Caches key on it, never on ``id()``."""
        with self._read_sessions() as session, session.begin():
            rows = dict(
                session.execute(
                    select(Meta.key, Meta.value).where(Meta.key.in_(("revision", "instance")))
                ).all()
            )
        return f"{display_url(self.url)}#{rows.get('instance', 0)}", int(rows.get("revision", 0))

    # -- users -------------------------------------------------------------------------------------
    def add_user(self, name: str, role: str, *, by: UserInfo | None = None) -> tuple[UserInfo, str]:
        """Create a user; return it with its token, which is shown this once and never stored.

        ``by`` is the admin doing it (None: the local operator, e.g. the CLI with access to the database).
        """
        if by is not None and not by.can("admin"):
            raise PermissionDenied(f"{by.name} is a {by.role}; adding users needs the admin role")
        _check_text(name, "name")
        if not _NAME.match(name):
            raise InvalidInput(
                "name: 1–80 letters, digits, '.', '_', '@' or '-', starting with a letter or digit"
            )
        if role not in ROLES:
            raise InvalidInput(f"role: {role!r} is not one of {', '.join(ROLES)}")
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        actor = by.name if by is not None else "(local)"

        def write() -> UserInfo:
            try:
                with self._write() as session:
                    user = User(
                        name=name,
                        role=role,
                        token_hash=hash_token(token),
                        created_at=utcnow(),
                        created_by=actor,
                    )
                    session.add(user)
                    session.flush()
                    self._audit(session, actor, "user.add", name, role=role)
                    return _user_info(user)
            except IntegrityError:
                raise Conflict(f"a user named {name!r} already exists") from None

        return self._retrying(write), token

    def authenticate(self, token: str | None) -> UserInfo:
        """The user a bearer token belongs to; :class:`NotAuthenticated` if none."""
        if not token:
            raise NotAuthenticated("this needs a bearer token (Authorization: Bearer …)")
        digest = hash_token(token)
        with self._read_sessions() as session, session.begin():
            user = session.scalar(select(User).where(User.token_hash == digest))
        if user is None or not hmac.compare_digest(user.token_hash, digest):
            raise NotAuthenticated("the token matches no user")
        return _user_info(user)

    def users(self) -> list[UserInfo]:
        with self._read_sessions() as session, session.begin():
            return [_user_info(u) for u in session.scalars(select(User).order_by(User.id))]

    # -- claims ------------------------------------------------------------------------------------
    def propose(self, document: Any, *, by: UserInfo, record: Record) -> list[dict[str, Any]]:
        """Store claims (and the new sources they cite) as ``proposed``, all or none.

        ``document`` is a mapping with ``claims`` (a list) and optionally ``sources`` (a list), one claim
        mapping, or a list of claim mappings, each in the record's claim format (a claim without
        ``source`` cites the document's only new source). Every claim must cite a team source (kind ``user``) with a URL or a bibliographic reference, and carry a verbatim quote.
        """
        if not by.can("editor"):
            raise PermissionDenied(
                f"{by.name} is a {by.role}; proposing claims needs the editor role"
            )
        sources_in, claims_in = _split_document(document)
        _check_text(sources_in, "sources")
        _check_text(claims_in, "claims")
        shipped = record
        new_sources = [_validate_source(raw, i, shipped, by) for i, raw in enumerate(sources_in)]
        ids = [s.id for s in new_sources]
        if len(set(ids)) != len(ids):
            raise InvalidInput("sources: the same source id is given twice")

        def write() -> list[dict[str, Any]]:
            with self._write() as session:
                known = {s.id for s in new_sources}
                for src in new_sources:
                    if session.get(UserSource, src.id) is not None:
                        raise Conflict(f"source {src.id!r} is already in the store")
                    session.add(src)
                session.flush()
                rows: list[UserClaim] = []
                for i, raw in enumerate(claims_in):
                    if isinstance(raw, Mapping) and "source" not in raw and len(new_sources) == 1:
                        raw = {**raw, "source": new_sources[0].id}  # the document's one source
                    claim = _validate_claim(raw, i, shipped, by)
                    if claim.source not in known:
                        if session.get(UserSource, claim.source) is None:
                            where = (
                                "a shipped source: team claims cite team sources"
                                if claim.source in shipped.sources
                                else "no source in the store or in this document"
                            )
                            raise InvalidInput(
                                f"claims[{i}].source: {claim.source!r} is {where} "
                                "(add it under sources: with a title and a url or reference)"
                            )
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
                        added_at=utcnow(),
                    )
                    session.add(row)
                    rows.append(row)
                try:
                    session.flush()
                except IntegrityError:
                    raise Conflict(
                        "a claim or source id in this document is already taken"
                    ) from None
                for src in new_sources:
                    self._audit(session, by.name, "source.add", src.id, title=src.title)
                for row in rows:
                    self._audit(
                        session,
                        by.name,
                        "claim.propose",
                        row.id,
                        subject=row.subject,
                        property=row.property,
                        source=row.source,
                    )
                return [_claim_dict(r) for r in rows]

        try:
            return self._retrying(write)
        except IntegrityError:
            raise Conflict("a claim or source id in this document is already taken") from None

    def review(self, claim_id: str, *, accept: bool, reason: str, by: UserInfo) -> dict[str, Any]:
        """Accept or reject a proposed claim, with a reason. A claim is reviewed once."""
        if not by.can("reviewer"):
            raise PermissionDenied(f"{by.name} is a {by.role}; reviewing needs the reviewer role")
        _check_text(reason, "reason")
        _check_text(claim_id, "id")
        if not reason or not reason.strip():
            raise InvalidInput("reason: a review needs a reason")
        _limit(reason, "reason", MAX_TEXT)
        status = "accepted" if accept else "rejected"

        def write() -> dict[str, Any]:
            with self._write() as session:
                row = session.get(UserClaim, claim_id)
                if row is None:
                    raise NotFound(f"no claim {claim_id!r} in the store")
                if row.added_by == by.name:
                    raise PermissionDenied("a claim is reviewed by someone other than its author")
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
                    raise Conflict(
                        f"claim {claim_id!r} was already {row.status} by {row.reviewed_by}"
                    )
                self._audit(session, by.name, f"claim.{status[:-2]}", claim_id, reason=reason)
                session.refresh(row)
                return _claim_dict(row)

        return self._retrying(write)

    def claims(self, status: str | None = None) -> list[dict[str, Any]]:
        """Stored claims (all, or of one status), oldest first, with their review."""
        if status is not None and status not in ("proposed", "accepted", "rejected"):
            raise InvalidInput(f"status: {status!r} is not one of proposed, accepted, rejected")
        with self._read_sessions() as session, session.begin():
            query = select(UserClaim).order_by(UserClaim.added_at, UserClaim.id)
            if status is not None:
                query = query.where(UserClaim.status == status)
            return [_claim_dict(r) for r in session.scalars(query)]

    def claim(self, claim_id: str) -> dict[str, Any]:
        with self._read_sessions() as session, session.begin():
            row = session.get(UserClaim, claim_id)
            if row is None:
                raise NotFound(f"no claim {claim_id!r} in the store")
            return _claim_dict(row)

    def sources(self) -> list[dict[str, Any]]:
        with self._read_sessions() as session, session.begin():
            return [
                _source_dict(s) for s in session.scalars(select(UserSource).order_by(UserSource.id))
            ]

    def snapshot(self) -> tuple[int, list[dict[str, Any]], list[dict[str, Any]]]:
        """The revision, the team sources and the accepted claims (with who reviewed them), read in one
        transaction."""
        with self._read_sessions() as session, session.begin():
            revision = int(session.scalar(select(Meta.value).where(Meta.key == "revision")) or 0)
            sources = [_source_dict(s) for s in session.scalars(select(UserSource))]
            claims = [
                _claim_dict(r)
                for r in session.scalars(
                    select(UserClaim)
                    .where(UserClaim.status == "accepted")
                    .order_by(UserClaim.added_at, UserClaim.id)
                )
            ]
        return revision, sources, claims

    def audit(
        self, limit: int = 100, offset: int = 0, *, by: UserInfo | None = None
    ) -> list[dict[str, Any]]:
        """The audit log, newest first (admins only when ``by`` is given)."""
        if by is not None and not by.can("admin"):
            raise PermissionDenied(f"{by.name} is a {by.role}; the audit log is for admins")
        with self._read_sessions() as session, session.begin():
            rows = session.scalars(
                select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit).offset(offset)
            )
            return [
                {
                    "id": e.id,
                    "at": _iso(e.at),
                    "actor": e.actor,
                    "action": e.action,
                    "target": e.target,
                    "detail": e.detail or {},
                }
                for e in rows
            ]

    def counts(self) -> dict[str, int]:
        with self._read_sessions() as session, session.begin():
            out = {
                s: int(session.scalar(select(func.count()).where(UserClaim.status == s)) or 0)
                for s in ("proposed", "accepted", "rejected")
            }
            out["users"] = int(session.scalar(select(func.count()).select_from(User)) or 0)
            return out

    def export(self, status: str | None = "accepted") -> dict[str, Any]:
        """Team sources and claims in the record's YAML format (``added_by`` set; review kept in ``note``)."""
        sources = self.sources()
        claims = self.claims(status)
        cited = {c["source"] for c in claims}
        return {
            "sources": [s for s in sources if s["id"] in cited],
            "claims": claims,
        }


# -- helpers -------------------------------------------------------------------------------------


def _sqlite_transactions(engine: Engine) -> None:
    """Let SQLAlchemy, not the sqlite3 module, begin transactions; writes take the lock up front."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=60000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        read = conn.get_execution_options().get("csto_read", False)
        conn.exec_driver_sql("BEGIN" if read else "BEGIN IMMEDIATE")


def _user_info(user: User) -> UserInfo:
    return UserInfo(
        name=user.name,
        role=user.role,
        created_at=_iso(user.created_at) or "",
        created_by=user.created_by,
    )


def _claim_dict(row: UserClaim) -> dict[str, Any]:
    return {
        "id": row.id,
        "subject": row.subject,
        "property": row.property,
        "value": row.value,
        "time": row.time,
        "source": row.source,
        "quote": row.quote,
        "note": row.note,
        "status": row.status,
        "added_by": row.added_by,
        "added_at": _iso(row.added_at),
        "reviewed_by": row.reviewed_by,
        "reviewed_at": _iso(row.reviewed_at),
        "review_reason": row.review_reason,
    }


def _source_dict(row: UserSource) -> dict[str, Any]:
    return {
        "id": row.id,
        "kind": "user",
        "title": row.title,
        "url": row.url,
        "reference": row.reference,
        "author": row.author,
        "publisher": row.publisher,
        "date": row.date,
        "note": row.note,
        "added_by": row.added_by,
        "added_at": _iso(row.added_at),
    }


def _split_document(document: Any) -> tuple[list[Any], list[Any]]:
    if isinstance(document, list):
        return [], document
    if not isinstance(document, Mapping):
        raise InvalidInput("a claims document is a mapping with claims: and sources:, or a list")
    if "claims" not in document and "sources" not in document:
        return [], [document]
    extra = set(document) - {"claims", "sources"}
    if extra:
        raise InvalidInput(f"unknown top-level keys: {', '.join(sorted(map(str, extra)))}")
    sources = document.get("sources") or []
    claims = document.get("claims") or []
    if not isinstance(sources, list):
        raise InvalidInput("sources: must be a list")
    if not isinstance(claims, list):
        raise InvalidInput("claims: must be a list")
    if not claims:
        raise InvalidInput("claims: the document has no claims")
    if len(claims) > MAX_CLAIMS_PER_WRITE or len(sources) > MAX_CLAIMS_PER_WRITE:
        raise InvalidInput(f"at most {MAX_CLAIMS_PER_WRITE} claims and sources in one document")
    return sources, claims


def _pydantic_message(exc: Any, where: str) -> str:
    err = exc.errors()[0]
    field = ".".join(str(p) for p in err["loc"])
    return f"{where}{'.' + field if field else ''}: {err['msg']}"


def _validate_source(raw: Any, i: int, shipped: Any, by: UserInfo) -> UserSource:
    from pydantic import ValidationError

    from csto.record.source import Source

    where = f"sources[{i}]"
    if not isinstance(raw, Mapping):
        raise InvalidInput(f"{where}: must be a mapping")
    data = dict(raw)
    reference = data.pop("reference", None)
    if data.get("kind", "user") != "user":
        raise InvalidInput(f"{where}.kind: team sources are of kind user")
    data["kind"] = "user"
    data.setdefault("id", f"team-src-{secrets.token_hex(5)}")
    for key in ("seed_file",):
        if data.get(key) is not None:
            raise InvalidInput(f"{where}.{key}: a team source cannot name a seed file")
    try:
        src = Source.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(_pydantic_message(exc, where)) from None
    if reference is not None and not isinstance(reference, str):
        raise InvalidInput(f"{where}.reference: must be text")
    if not (src.url or (reference and reference.strip())):
        raise InvalidInput(
            f"{where}: a source needs a url or a bibliographic reference, enough to find it"
        )
    if src.url is not None and not re.match(r"^https?://\S+$", src.url):
        raise InvalidInput(f"{where}.url: must be an http(s) URL")
    if src.id in shipped.sources:
        raise Conflict(f"{where}.id: {src.id!r} is a shipped source")
    for key, value, size in (
        ("title", src.title, MAX_SHORT * 2),
        ("url", src.url, MAX_SHORT * 4),
        ("reference", reference, MAX_TEXT),
        ("author", src.author, MAX_SHORT),
        ("publisher", src.publisher, MAX_SHORT),
        ("note", src.note, MAX_TEXT),
    ):
        _limit(value, f"{where}.{key}", size)
    if not src.title.strip():
        raise InvalidInput(f"{where}.title: a source needs a title")
    return UserSource(
        id=src.id,
        title=src.title,
        url=src.url,
        reference=reference,
        author=src.author,
        publisher=src.publisher,
        date=src.date.edtf if src.date is not None else None,
        note=src.note,
        added_by=by.name,
        added_at=utcnow(),
    )


def _validate_claim(raw: Any, i: int, shipped: Any, by: UserInfo) -> Any:
    import json

    from pydantic import ValidationError

    from csto.record.claim import Claim

    where = f"claims[{i}]"
    if not isinstance(raw, Mapping):
        raise InvalidInput(f"{where}: must be a mapping")
    data = dict(raw)
    for key in ("added_by", "derived_from", "status", "reviewed_by"):
        if data.get(key):
            raise InvalidInput(f"{where}.{key}: set by the store, not by the claim")
        data.pop(key, None)
    if data.get("external"):
        raise InvalidInput(f"{where}.external: team claims cite team sources, not external ones")
    data.pop("external", None)
    data.setdefault("id", f"team-{secrets.token_hex(5)}")
    if not isinstance(data.get("quote"), str) or not data["quote"].strip():
        raise InvalidInput(f"{where}.quote: a claim needs the verbatim quote from its source")
    try:
        claim = Claim.model_validate({**data, "added_by": by.name})
    except ValidationError as exc:
        raise InvalidInput(_pydantic_message(exc, where)) from None
    if claim.id in shipped.claims:
        raise Conflict(f"{where}.id: {claim.id!r} is a shipped claim")
    _limit(claim.subject, f"{where}.subject", MAX_SHORT)
    _limit(claim.property, f"{where}.property", 200)
    _limit(claim.quote, f"{where}.quote", MAX_TEXT)
    _limit(claim.note, f"{where}.note", MAX_TEXT)
    _limit(claim.time, f"{where}.time", 100)
    _limit(json.dumps(claim.value, default=str), f"{where}.value", MAX_TEXT)
    try:
        json.dumps(claim.value, allow_nan=False)
    except (TypeError, ValueError):
        raise InvalidInput(
            f"{where}.value: must be plain JSON data (text, numbers, lists)"
        ) from None
    if claim.property == MEMBERSHIP_PROPERTY:
        from csto.store.overlay import membership_overlay

        try:
            membership_overlay(shipped, claim)
        except InvalidInput as exc:
            raise InvalidInput(f"{where}: {exc}") from None
    return claim


def open_store(
    database: str | None = None, data_dir: Path | str | None = None, *, migrate: bool = True
) -> Store:
    """Open (creating and migrating if needed) the store named by ``database`` or ``$CSTO_DATABASE_URL``,
    else the SQLite store in ``data_dir`` (default: the user's data directory)."""
    return Store(database_url(database, data_dir), migrate=migrate)
