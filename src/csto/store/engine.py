"""The store's database: where it is, the engine, transactions, migrations and what tells it apart.

* :func:`database_url` and :func:`display_url`: the URL of the store (argument, ``$CSTO_DATABASE_URL``, or
  SQLite in a data directory) and the same with any password hidden.
* :class:`Database`: one engine with read and write transactions. Every write is one transaction that also
  bumps the revision counter, so it happens entirely or not at all. On SQLite a write transaction takes the
  database's write lock when it begins (``BEGIN IMMEDIATE``); on PostgreSQL the revision row is locked by
  the update, and a serialization failure or deadlock is retried (:meth:`Database.retrying`).
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
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from csto.store.models import Meta
from csto.store.paths import default_data_dir

T = TypeVar("T")

MIGRATIONS = Path(__file__).parent / "migrations"
_MIGRATION_LOCK = 7413290
"""The PostgreSQL advisory lock that serialises migrations run by several processes at once."""
_RETRY_STATES = ("40001", "40P01")
"""PostgreSQL's serialization_failure and deadlock_detected: the write is retried."""
RETRIES = 5


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


def display_url(url: str) -> str:
    """The URL with any password hidden, for messages and logs.

    >>> display_url("postgresql+psycopg://ana:secret@db/csto")
    'postgresql+psycopg://ana:***@db/csto'
    """
    return make_url(url).render_as_string(hide_password=True)


class Database:
    """One database (SQLite or PostgreSQL) with read and write transactions.

    ``url`` is a SQLAlchemy URL; a SQLite file's folder is created. Raises SQLAlchemy's errors when the
    database cannot be reached (the session turns them into :class:`csto.session.StoreUnavailable`).
    """

    def __init__(self, url: str) -> None:
        self.url = url
        parsed = make_url(url)
        self.dialect = parsed.get_backend_name()
        kwargs: dict[str, Any] = {}
        if self.dialect == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            kwargs["connect_args"] = {"timeout": 60, "check_same_thread": False}
        else:
            kwargs["pool_pre_ping"] = True
        self.engine: Engine = create_engine(url, **kwargs)
        if self.dialect == "sqlite":
            _sqlite_transactions(self.engine)
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
        with self.engine.begin() as conn:
            if self.dialect == "postgresql":
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """One read transaction (a consistent view; on SQLite a plain ``BEGIN``, which takes no lock)."""
        with self._read_sessions() as session, session.begin():
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction that bumps the revision: commits on success, rolls all back on error."""
        with self._sessions() as session, session.begin():
            yield session
            session.execute(update(Meta).where(Meta.key == "revision").values(value=Meta.value + 1))

    def retrying(self, fn: Callable[[], T]) -> T:
        """Run the write ``fn``, retrying it (up to :data:`RETRIES` times in all) when PostgreSQL reports
        a serialization failure or a deadlock; any other error propagates at once."""
        for attempt in range(RETRIES):
            try:
                return fn()
            except OperationalError as exc:
                code = getattr(exc.orig, "sqlstate", None)
                if code not in _RETRY_STATES or attempt == RETRIES - 1:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

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


def _sqlite_transactions(engine: Engine) -> None:
    """Let SQLAlchemy, not the sqlite3 module, begin transactions; writes take the lock up front.

    Every connection uses WAL (readers do not block the writer), enforces foreign keys and waits up to
    60 s for the write lock.
    """

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
