"""What went wrong with the store's file or database, as one of the faults of :mod:`csto.store.errors`.

:func:`classify` reads an exception raised by SQLite, psycopg, SQLAlchemy or the operating system and
returns the fault it is (or ``None`` when it is none of them: a bug, a constraint a caller handles, a
serialization failure to retry, which then propagate unchanged). :func:`translated` is the context
manager the engine wraps every connection, transaction and migration in.

The message is built from the driver's short message alone: SQLite's error text, PostgreSQL's primary
message (``diag.message_primary``) or the OS's ``strerror``. SQLAlchemy's own text is never used, because
it carries the SQL statement and its parameters, i.e. the claim's quotes.

SQLite's extended error names (``sqlite_errorname``, https://www.sqlite.org/rescode.html) and
PostgreSQL's SQLSTATE classes (https://www.postgresql.org/docs/current/errcodes-appendix.html) decide
the kind:

=============  ======================================  ===========================================
fault          SQLite                                  PostgreSQL SQLSTATE
=============  ======================================  ===========================================
busy           SQLITE_BUSY*, SQLITE_LOCKED*            55P03, 57014, 53300, retries exhausted
full           SQLITE_FULL (ENOSPC)                    53100
io             SQLITE_IOERR* (EFBIG, EDQUOT, EIO)      58xxx
read-only      SQLITE_READONLY*, SQLITE_PERM           25006, 42501
corrupt        SQLITE_NOTADB, SQLITE_CORRUPT*          XX001, XX002
unreachable    SQLITE_CANTOPEN (otherwise)             class 08, 57P01–57P03, no SQLSTATE
config         SQLITE_CANTOPEN on a directory          class 28, 3D000
=============  ======================================  ===========================================
"""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, NoSuchModuleError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from csto.store.errors import (
    StoreBusy,
    StoreConfigError,
    StoreCorrupt,
    StoreFull,
    StoreIOError,
    StoreReadOnly,
    StoreUnavailable,
    StoreUnreachable,
)

RETRY_STATES = ("40001", "40P01")
"""PostgreSQL's serialization_failure and deadlock_detected: retried by the engine, not faults."""
MAX_MESSAGE = 300
"""Characters of the driver's message kept in a fault's message."""

FAULTS = (
    StoreConfigError,
    StoreUnreachable,
    StoreCorrupt,
    StoreReadOnly,
    StoreBusy,
    StoreFull,
    StoreIOError,
)
"""Every kind of fault, in the order of their exit statuses (20–26)."""


def where(url: str) -> str:
    """The store's address for a message: a SQLite file's path, else the URL with the password hidden."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return "(a malformed URL)"
    if parsed.get_backend_name() == "sqlite":
        return str(parsed.database or ":memory:")
    return parsed.render_as_string(hide_password=True)


def short(message: object) -> str:
    """One line of at most :data:`MAX_MESSAGE` characters: the lines joined, whitespace collapsed."""
    text = " ".join(str(message).split())
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"


def driver_message(orig: BaseException) -> str:
    """The driver's short message: PostgreSQL's primary message, SQLite's text, the OS's strerror."""
    diag = getattr(orig, "diag", None)
    primary = getattr(diag, "message_primary", None) if diag is not None else None
    if primary:
        return short(primary)
    if isinstance(orig, OSError) and orig.strerror:
        return short(orig.strerror)
    return short(orig) or type(orig).__name__


def _sqlite_file(url: str) -> Path | None:
    try:
        database = make_url(url).database
    except (ArgumentError, ValueError):
        return None
    return Path(database) if database and database != ":memory:" else None


def path_fault(url: str) -> StoreConfigError | None:
    """What is wrong with a SQLite store's path, if anything: the store file is a directory, or a
    folder on its path (the data directory) is a file."""
    path = _sqlite_file(url)
    if path is None:
        return None
    if path.is_dir():
        return StoreConfigError(f"the store {where(url)} is a directory, not a SQLite file")
    for parent in path.parents:
        if parent.exists() and not parent.is_dir():
            return StoreConfigError(f"the store {where(url)}: {parent} is a file, not a directory")
    return None


def _from_os(exc: OSError, url: str) -> StoreUnavailable | None:
    place, msg = where(url), driver_message(exc)
    name = f" ({exc.filename})" if exc.filename else ""
    if exc.errno in (errno.ENOTDIR, errno.EEXIST, errno.EISDIR):
        return path_fault(url) or StoreConfigError(f"the store {place}{name}: {msg}")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return StoreReadOnly(f"the store {place} cannot be written{name}: {msg}")
    if exc.errno == errno.ENOSPC:
        return StoreFull(f"the store {place} is out of space: {msg}; nothing was written")
    if exc.errno in (errno.EFBIG, errno.EDQUOT, errno.EIO, errno.ENAMETOOLONG, errno.ELOOP):
        return StoreIOError(f"the store {place} could not be read or written{name}: {msg}")
    return None


def _cantopen(url: str, msg: str) -> StoreUnavailable:
    """SQLite could not open the file: say why, from what is on the disk."""
    place = where(url)
    found = path_fault(url)
    if found is not None:
        return found
    path = _sqlite_file(url)
    if path is not None:
        folder = path.parent
        if folder.is_dir() and not os.access(folder, os.W_OK):
            return StoreReadOnly(f"the store {place} cannot be opened: {folder} is read-only")
    return StoreUnreachable(f"cannot open the store {place}: {msg}")


def _from_sqlite(orig: sqlite3.Error, url: str, waited: float | None) -> StoreUnavailable | None:
    name = getattr(orig, "sqlite_errorname", "") or ""
    place, msg = where(url), driver_message(orig)
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        after = f" (waited {waited:g} s)" if waited is not None else ""
        return StoreBusy(
            f"the store {place} is locked by another writer{after}: {msg}; nothing was written, "
            "try again"
        )
    if name == "SQLITE_FULL":
        return StoreFull(f"the store {place} is out of space: {msg}; nothing was written")
    if name.startswith("SQLITE_IOERR"):
        return StoreIOError(
            f"the store {place} could not be read or written: {msg} "
            "(check the disk's free space, file-size limit and quota); nothing was written"
        )
    if name.startswith("SQLITE_READONLY") or name == "SQLITE_PERM":
        return StoreReadOnly(f"the store {place} is read-only: {msg}")
    if name == "SQLITE_NOTADB" or name.startswith("SQLITE_CORRUPT"):
        return StoreCorrupt(f"the store {place} is not a readable SQLite store: {msg}")
    if name.startswith("SQLITE_CANTOPEN"):
        return _cantopen(url, msg)
    return None


def _from_postgres(orig: BaseException, url: str) -> StoreUnavailable | None:
    state = getattr(orig, "sqlstate", None) or ""
    place, msg = where(url), driver_message(orig)
    if state in RETRY_STATES:
        return None
    if not state:
        if type(orig).__name__ in ("OperationalError", "InterfaceError"):
            return StoreUnreachable(f"cannot reach the store {place}: {msg}")
        return None
    if state.startswith("08") or state in ("57P01", "57P02", "57P03"):
        return StoreUnreachable(f"cannot reach the store {place}: {msg}")
    if state.startswith("28") or state == "3D000":
        return StoreConfigError(f"cannot use the store {place}: {msg}")
    if state == "53100":
        return StoreFull(f"the store {place} is out of space: {msg}; nothing was written")
    if state in ("55P03", "57014", "53300"):
        return StoreBusy(f"the store {place} is busy: {msg}; nothing was written, try again")
    if state in ("25006", "42501"):
        return StoreReadOnly(f"the store {place} cannot be written: {msg}")
    if state in ("XX001", "XX002"):
        return StoreCorrupt(f"the store {place} reports corrupt data: {msg}")
    if state.startswith("58"):
        return StoreIOError(f"the store {place} could not be read or written: {msg}")
    return None


def classify(exc: BaseException, url: str, waited: float | None = None) -> StoreUnavailable | None:
    """The fault ``exc`` is, for the store at ``url``; ``None`` when it is not a fault of the store's
    file or database (it then propagates unchanged). ``waited`` is the lock timeout in seconds, for
    the message of a lock held too long.

    >>> import sqlite3
    >>> err = sqlite3.OperationalError("database or disk is full")
    >>> err.sqlite_errorname = "SQLITE_FULL"
    >>> str(classify(err, "sqlite:////data/store.sqlite3"))
    'the store /data/store.sqlite3 is out of space: database or disk is full; nothing was written'
    """
    if isinstance(exc, StoreUnavailable):
        return exc
    if isinstance(exc, IntegrityError):
        return None  # a taken id: the caller turns it into a Conflict
    if isinstance(exc, PoolTimeout):
        return StoreBusy(f"the store {where(url)} has no free connection; try again")
    if isinstance(exc, NoSuchModuleError | ModuleNotFoundError):
        return StoreConfigError(
            f"the database URL names a driver that is not installed ({short(exc)}); "
            "the store is SQLite (sqlite:///path) or PostgreSQL (postgresql://…)"
        )
    if isinstance(exc, ArgumentError):
        return StoreConfigError(f"the database URL is not valid: {short(exc)}")
    orig: BaseException = exc.orig if isinstance(exc, DBAPIError) and exc.orig else exc
    if isinstance(orig, sqlite3.Error):
        return _from_sqlite(orig, url, waited)
    if isinstance(orig, OSError):
        return _from_os(orig, url)
    if url.startswith("postgresql"):
        return _from_postgres(orig, url)
    return None


@contextmanager
def translated(url: str, waited: float | None = None) -> Iterator[None]:
    """Turn a fault of the store at ``url`` raised inside the block into its
    :class:`~csto.store.errors.StoreUnavailable` subclass (the original is dropped: its text may hold
    the SQL and its parameters). Anything else propagates unchanged. ``waited``: see :func:`classify`."""
    try:
        yield
    except (
        DBAPIError,
        sqlite3.Error,
        OSError,
        PoolTimeout,
        ArgumentError,
        ModuleNotFoundError,
    ) as exc:
        fault = classify(exc, url, waited)
        if fault is None or fault is exc:
            raise
        raise fault from None
