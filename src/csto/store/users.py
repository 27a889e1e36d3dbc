"""Users, roles and tokens: creating users, telling who a bearer token belongs to, listing users.

Roles are ordered, reader < editor < reviewer < admin (:data:`csto.store.rows.ROLES`); each may do what the
ones before it may. A token is ``csto_`` and 256 random bits (URL-safe base64); only its SHA-256 is stored,
and nothing returns a token except :func:`add_user`, which creates it.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from csto.store import audit
from csto.store.engine import Database
from csto.store.errors import Conflict, InvalidInput, NotAuthenticated, PermissionDenied
from csto.store.intake import check_text
from csto.store.models import User, utcnow
from csto.store.rows import ROLES, Role, UserRow

TOKEN_PREFIX = "csto_"
LOCAL = "(local)"
"""Who acts when no user does: the operator with access to the database itself (the CLI)."""
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,79}$")


def hash_token(token: str) -> str:
    """The SHA-256 of a token, as hex (tokens are 256-bit random strings, so no salt or stretching is
    needed).

    >>> hash_token("csto_x")[:12]
    '745774de45e9'
    """
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def require(user: UserRow, role: Role, doing: str) -> None:
    """Raise :class:`PermissionDenied` unless ``user`` has ``role`` or a higher one (``doing`` says what
    for, e.g. ``"proposing claims"``)."""
    if not user.can(role):
        raise PermissionDenied(f"{user.name} is a {user.role}; {doing} needs the {role} role")


def add_user(
    db: Database, name: str, role: str, *, by: UserRow | None = None
) -> tuple[UserRow, str]:
    """Create a user; return it with its token, which is shown this once and never stored.

    ``by`` is the admin doing it (None: the local operator). Raises :class:`PermissionDenied` (not an
    admin), :class:`InvalidInput` (a bad name or role), :class:`Conflict` (the name is taken).
    """
    if by is not None:
        require(by, "admin", "adding users")
    check_text(name, "name")
    if not _NAME.match(name):
        raise InvalidInput(
            "name: 1–80 letters, digits, '.', '_', '@' or '-', starting with a letter or digit"
        )
    if role not in ROLES:
        raise InvalidInput(f"role: {role!r} is not one of {', '.join(ROLES)}")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    actor = by.name if by is not None else LOCAL

    def write() -> UserRow:
        try:
            with db.write() as session:
                user = User(
                    name=name,
                    role=role,
                    token_hash=hash_token(token),
                    created_at=utcnow(),
                    created_by=actor,
                )
                session.add(user)
                session.flush()
                audit.log(session, actor, "user.add", name, role=role)
                return UserRow.model_validate(user)
        except IntegrityError:
            raise Conflict(f"a user named {name!r} already exists") from None

    return db.retrying(write), token


def authenticate(db: Database, token: str | None) -> UserRow:
    """The user a bearer token belongs to; :class:`NotAuthenticated` if there is no token or no user."""
    if not token:
        raise NotAuthenticated("this needs a bearer token (Authorization: Bearer …)")
    digest = hash_token(token)
    with db.read() as session:
        user = session.scalar(select(User).where(User.token_hash == digest))
        found = UserRow.model_validate(user) if user is not None else None
        stored = user.token_hash if user is not None else ""
    if found is None or not hmac.compare_digest(stored, digest):
        raise NotAuthenticated("the token matches no user")
    return found


def users(db: Database) -> list[UserRow]:
    """Every user in the order they were added, without tokens or hashes."""
    with db.read() as session:
        return [UserRow.model_validate(u) for u in session.scalars(select(User).order_by(User.id))]
