"""The store's database: where it is, the engine, transactions, migrations and what tells it apart.

* :func:`database_url` and :func:`display_url`: the URL of the store (argument, ``$CSTO_DATABASE_URL``, or
  SQLite in a data directory) and the same with any password hidden.
* :class:`Database`: one engine with read and write transactions. Every write is one transaction that also
  bumps the revision counter, so it happens entirely or not at all. On SQLite a write transaction takes the
  database's write lock when it begins (``BEGIN IMMEDIATE``); on PostgreSQL the revision row is locked by
  the update, and a serialization failure or deadlock is retried (:meth:`Database.retrying`).
* Every connection, transaction and migration runs inside :func:`csto.store.faults.translated`, so a fault
  of the file or the database (locked past :data:`LOCK_TIMEOUT`, full disk, read-only, corrupt,
  unreachable) is raised as one of :mod:`csto.store.errors`' faults with a one-line message.
* :meth:`Database.identity`: the display URL with the random instance number written by migration 0002, and
  the revision. Caches of what the store holds key on it (never on ``id()`` of a Python object), so a new
  store at an old address is never mistaken for the old one.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event, select, update
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from csto.store.errors import StoreBusy, StoreConfigError
from csto.store.faults import RETRY_STATES, path_fault, short, translated, where
from csto.store.models import Meta
from csto.store.paths import default_data_dir

T = TypeVar("T")

MIGRATIONS = Path(__file__).parent / "migrations"
_MIGRATION_LOCK = 7413290
"""The PostgreSQL advisory lock that serialises migrations run by several processes at once."""
RETRIES = 5
"""Tries of a write that PostgreSQL refuses with a serialization failure or a deadlock."""
LOCK_TIMEOUT = 60.0
"""Seconds a write waits for another writer's lock (SQLite's busy timeout, PostgreSQL's
``lock_timeout``) before it fails with :class:`~csto.store.errors.StoreBusy`."""
CONNECT_TIMEOUT = 10
"""Seconds to wait for a PostgreSQL server to answer a new connection."""
BACKENDS = ("sqlite", "postgresql")


def database_url(database: str | None = None, data_dir: Path | str | None = None) -> str:
    """The store's URL: ``database``, else ``$CSTO_DATABASE_URL``, else SQLite in ``data_dir`` (default:
    the user's data directory). ``postgres://`` and ``postgresql://`` get the psycopg 3 driver.

    >>> database_url("postgres://u@h/db")
    'postgresql+psycopg://u@h/db'
    """
    url = database or os.environ.get("CSTO_DATABASE_URL")
    if url:
        if url.startswith(("postgres://", "postgresql://")):
            url = "postgresql+psycopg://" + url.split("://", 1)[1]
        return url
    folder = Path(data_dir) if data_dir is not None else default_data_dir()
    return f"sqlite:///{folder / 'store.sqlite3'}"


def parse_url(url: str) -> URL:
    """``url`` parsed; :class:`~csto.store.errors.StoreConfigError` when it is malformed or names a
    database other than SQLite or PostgreSQL.

    >>> parse_url("sqlite:////tmp/s.sqlite3").database
    '/tmp/s.sqlite3'
    >>> parse_url("mysql://u@h/db")
    Traceback (most recent call last):
    csto.store.errors.StoreConfigError: the database URL names mysql; the store is SQLite (sqlite:///path) or PostgreSQL (postgresql://…)
    """
    try:
        parsed = make_url(url)
        port = parsed.port  # a port that is not a number fails here
    except (ArgumentError, ValueError) as exc:
        raise StoreConfigError(f"the database URL is not valid: {short(exc)}") from None
    if parsed.get_backend_name() not in BACKENDS:
        raise StoreConfigError(
            f"the database URL names {parsed.get_backend_name()}; the store is SQLite "
            "(sqlite:///path) or PostgreSQL (postgresql://…)"
        )
    if port is not None and not 0 < port < 65536:
        raise StoreConfigError(f"the database URL's port {port} is not 1–65535")
    return parsed


def display_url(url: str) -> str:
    """The URL with any password hidden, for messages and logs.

    >>> display_url("postgresql+psycopg://ana:secret@db/csto")
    'postgresql+psycopg://ana:***@db/csto'
    """
    return make_url(url).render_as_string(hide_password=True)


class Database:
    """One database (SQLite or PostgreSQL) with read and write transactions.

    ``url`` is a SQLAlchemy URL; a SQLite file's folder is created. Every fault of the file or the
    database raises a subclass of :class:`~csto.store.errors.StoreUnavailable` (see
    :mod:`csto.store.faults`); anything else (a constraint, a bug) propagates unchanged.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self.lock_timeout = LOCK_TIMEOUT
        parsed = parse_url(url)
        self.dialect = parsed.get_backend_name()
        kwargs: dict[str, Any] = {}
        with translated(url, self.lock_timeout):
            if self.dialect == "sqlite":
                if parsed.database and parsed.database != ":memory:":
                    wrong = path_fault(url)
                    if wrong is not None:
                        raise wrong
                    Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
                kwargs["connect_args"] = {"timeout": self.lock_timeout, "check_same_thread": False}
            else:
                kwargs["pool_pre_ping"] = True
                kwargs["connect_args"] = {
                    "connect_timeout": CONNECT_TIMEOUT,
                    "options": f"-c lock_timeout={int(self.lock_timeout * 1000)}",
                }
            self.engine: Engine = create_engine(url, **kwargs)
        if self.dialect == "sqlite":
            _sqlite_transactions(self.engine, self.lock_timeout)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._read_sessions = sessionmaker(
            self.engine.execution_options(csto_read=True), expire_on_commit=False
        )

    def migrate(self) -> None:
        """Bring the schema to the newest revision (idempotent; safe with several processes)."""
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with translated(self.url, self.lock_timeout), self.engine.begin() as conn:
            if self.dialect == "postgresql":
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    def needs_migration(self) -> bool:
        """Is the schema older than the newest revision (or absent)? Read without taking a write lock."""
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        heads = set(ScriptDirectory(str(MIGRATIONS)).get_heads())
        with (
            translated(self.url, self.lock_timeout),
            self.engine.execution_options(csto_read=True).connect() as conn,
        ):
            current = set(MigrationContext.configure(conn).get_current_heads())
        return current != heads

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """One read transaction (a consistent view; on SQLite a plain ``BEGIN``, which takes no lock)."""
        with (
            translated(self.url, self.lock_timeout),
            self._read_sessions() as session,
            session.begin(),
        ):
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction that bumps the revision: commits on success, rolls all back on error."""
        with translated(self.url, self.lock_timeout), self._sessions() as session, session.begin():
            yield session
            session.execute(update(Meta).where(Meta.key == "revision").values(value=Meta.value + 1))

    def retrying(self, fn: Callable[[], T]) -> T:
        """Run the write ``fn``, retrying it (up to :data:`RETRIES` times in all) when PostgreSQL reports
        a serialization failure or a deadlock (then :class:`~csto.store.errors.StoreBusy`); any other
        error propagates at once."""
        for _attempt in range(RETRIES):
            try:
                return fn()
            except OperationalError as exc:
                if getattr(exc.orig, "sqlstate", None) not in RETRY_STATES:
                    raise
        raise StoreBusy(
            f"the store {where(self.url)} is busy: the write clashed with others {RETRIES} times; "
            "nothing was written, try again"
        )

    def identity(self) -> tuple[str, int]:
        """What tells this database's contents apart, read from the database itself in one transaction:
        ``(display URL#instance, revision)``. The instance is the random number migration 0002 wrote
        (1 … 2³¹−1), so a store deleted and created again at the same URL has another identity."""
        with self.read() as session:
            return self.identity_in(session)

    def identity_in(self, session: Session) -> tuple[str, int]:
        """:meth:`identity` as read inside ``session``'s transaction (with what else it reads)."""
        rows = dict(
            session.execute(
                select(Meta.key, Meta.value).where(Meta.key.in_(("revision", "instance")))
            ).all()
        )
        return f"{display_url(self.url)}#{rows.get('instance', 0)}", int(rows.get("revision", 0))


def _sqlite_transactions(engine: Engine, lock_timeout: float) -> None:
    """Let SQLAlchemy, not the sqlite3 module, begin transactions; writes take the lock up front.

    Every connection uses WAL (readers do not block the writer), enforces foreign keys and waits up to
    ``lock_timeout`` seconds (:data:`LOCK_TIMEOUT`) for the write lock.
    """

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(lock_timeout * 1000)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        read = conn.get_execution_options().get("csto_read", False)
        conn.exec_driver_sql("BEGIN" if read else "BEGIN IMMEDIATE")
