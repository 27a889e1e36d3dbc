"""Every fault of the store, its file or its database is one line with its own exit status, never a
traceback, never the SQL with its quotes; a read answers from the shipped record with a warning.

Each fault is reproduced for real: a file of random bytes, a directory or a file where a folder belongs,
malformed and unsupported URLs, a closed port, a PostgreSQL server stopped mid-test, a read-only mount, a
write lock held by another connection, a tiny tmpfs filled up, a file-size limit (``ulimit -f``). The
commands run through the CLI's own ``main()`` (in-process: the same code path as the console script).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from faultfs import corrupt, file_size_limit, fill, read_only, tmpfs
from pgcluster import Cluster, start_cluster

import csto
from csto.cli.app import main
from csto.record.load import load_record
from csto.store import engine
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
from csto.store.faults import FAULTS, classify
from csto.store.store import Store, open_store

SHIPPED = load_record()
SIX = ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"]
QUOTE = "He said 'the quote' verbatim [sic]; DROP TABLE claims; -- "


@pytest.fixture(autouse=True)
def _no_store_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CSTO_DATABASE_URL", "CSTO_DATA_DIR", "CSTO_TOKEN", "CSTO_RECORD_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "400")


def cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    """Run ``csto ARGS`` through ``main()``; return the exit status, stdout and stderr."""
    monkeypatch.setattr(sys, "argv", ["csto", *args])
    with pytest.raises(SystemExit) as stop:
        main()
    out, err = capsys.readouterr()
    code = stop.value.code
    return (code if isinstance(code, int) else 0 if code is None else 1), out, err


def one_line(err: str) -> str:
    """The error message as one line (the terminal may wrap it; the message itself has no newline)."""
    return " ".join(err.split())


def claims_doc(n: int = 1, size: int = 200, prefix: str = "f") -> dict[str, Any]:
    return {
        "sources": [{"id": f"{prefix}-src", "title": "A report", "url": "https://example.org/r"}],
        "claims": [
            {
                "id": f"{prefix}-claim-{i}",
                "subject": "KAZ",
                "property": "note.text",
                "value": "v",
                "source": f"{prefix}-src",
                "quote": (QUOTE * (size // len(QUOTE) + 1))[:size],
            }
            for i in range(n)
        ],
    }


def counts(url: str) -> tuple[int, int, int, int]:
    s = open_store(url)
    try:
        return (len(s.claims()), len(s.sources()), len(s.audit(limit=10_000)), s.revision())
    finally:
        s.close()


# -- the library: each fault is its own class with a one-line message ----------------------------


def test_each_fault_has_its_own_exit_status_and_http_status() -> None:
    codes = [f.exit_code for f in FAULTS]
    assert codes == sorted(set(codes)) == list(range(20, 27))
    assert all(issubclass(f, StoreUnavailable) and f.status >= 500 for f in FAULTS)
    assert len({f.fault for f in FAULTS}) == len(FAULTS)


def test_random_bytes_are_a_corrupt_store(tmp_path: Path) -> None:
    corrupt(tmp_path / "store.sqlite3")
    with pytest.raises(StoreCorrupt, match="not a readable SQLite store: file is not a database"):
        open_store(data_dir=tmp_path)


def test_a_damaged_store_is_corrupt(tmp_path: Path) -> None:
    s = open_store(data_dir=tmp_path)
    s.add_user("ada", "admin")
    s.close()
    corrupt(tmp_path / "store.sqlite3", keep_header=True)
    with pytest.raises(StoreCorrupt) as info:
        open_store(data_dir=tmp_path).users()
    assert "\n" not in str(info.value)


def test_a_directory_where_the_store_file_belongs(tmp_path: Path) -> None:
    (tmp_path / "store.sqlite3").mkdir()
    with pytest.raises(StoreConfigError, match="is a directory, not a SQLite file"):
        open_store(data_dir=tmp_path)


def test_a_data_dir_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("not a folder")
    with pytest.raises(StoreConfigError, match="is a file, not a directory"):
        open_store(data_dir=tmp_path / "data")
    with pytest.raises(StoreConfigError, match="is a file, not a directory"):
        open_store(data_dir=tmp_path / "data" / "deeper")


BAD_URLS = [
    "notaurl",
    "postgresql://u@h:notaport/db",
    "postgresql://u@h:99999/db",
    "mysql://u@h/db",
    "oracle+cx_oracle://u@h/db",
    "://",
    "sqlite:////dev/null/store.sqlite3",
]


@pytest.mark.parametrize("url", BAD_URLS)
def test_malformed_or_unsupported_urls(url: str) -> None:
    with pytest.raises(StoreConfigError) as info:
        open_store(url)
    assert "\n" not in str(info.value) and "Traceback" not in str(info.value)


def test_a_closed_port_is_unreachable() -> None:
    with pytest.raises(StoreUnreachable, match=r"cannot reach the store .*Connection refused"):
        open_store("postgresql://postgres@127.0.0.1:1/csto")


def test_a_password_never_shows(tmp_path: Path) -> None:
    with pytest.raises(StoreUnreachable) as info:
        open_store("postgresql://ana:s3cret-pass@127.0.0.1:1/csto")
    assert "s3cret-pass" not in str(info.value) and "***" in str(info.value)


@pytest.fixture
def sqlite_team(tmp_path: Path) -> tuple[str, dict[str, Any]]:
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    s = open_store(url)
    admin, _ = s.add_user("ada", "admin")
    editor, token = s.add_user("eve", "editor", by=admin)
    s.close()
    return url, {"admin": admin, "editor": editor, "editor_token": token}


def test_a_lock_held_past_the_timeout_is_busy(
    sqlite_team: tuple[str, dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, team = sqlite_team
    monkeypatch.setattr(engine, "LOCK_TIMEOUT", 0.3)
    holder = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        s = open_store(url, migrate=False)
        before = s.revision()  # reads still work under WAL while the lock is held
        with pytest.raises(StoreBusy, match=r"locked by another writer \(waited 0.3 s\)"):
            s.propose(claims_doc(), by=team["editor"], record=SHIPPED)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert s.revision() == before
    s.propose(claims_doc(), by=team["editor"], record=SHIPPED)  # the same write, once it is free
    assert s.revision() == before + 1
    s.close()


@pytest.mark.slow
def test_a_postgresql_lock_held_past_the_timeout_is_busy(monkeypatch: pytest.MonkeyPatch) -> None:
    from pgcluster import fresh_database

    url = fresh_database()
    monkeypatch.setattr(engine, "LOCK_TIMEOUT", 0.5)
    s = open_store(url)
    admin, _ = s.add_user("ada", "admin")
    holder = open_store(url, migrate=False)
    with holder.engine.connect() as conn:
        conn.exec_driver_sql("BEGIN")
        conn.exec_driver_sql("SELECT * FROM store_meta WHERE key = 'revision' FOR UPDATE")
        with pytest.raises(StoreBusy, match="busy: canceling statement due to lock timeout"):
            s.add_user("bob", "reader", by=admin)
        conn.exec_driver_sql("ROLLBACK")
    assert [u.name for u in s.users()] == ["ada"]
    s.close()
    holder.close()


def test_a_full_disk_rolls_back_and_never_prints_the_sql(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", "1m") as disk:
        url = f"sqlite:///{disk / 'store.sqlite3'}"
        s = open_store(url)
        admin, _ = s.add_user("ada", "admin")
        editor, _ = s.add_user("eve", "editor", by=admin)
        before = (len(s.claims()), len(s.audit()), s.revision())
        filler = fill(disk)
        with pytest.raises(StoreFull) as info:
            s.propose(claims_doc(40, 19_000), by=editor, record=SHIPPED)
        message = str(info.value)
        assert "out of space: database or disk is full; nothing was written" in message
        for leak in ("INSERT", "the quote", "[SQL", "parameters", "\n"):
            assert leak not in message
        filler.unlink()
        assert (len(s.claims()), len(s.audit()), s.revision()) == before
        assert len(s.propose(claims_doc(2), by=editor, record=SHIPPED)) == 2
        s.close()


def test_a_read_only_store_cannot_be_written(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", "4m") as disk:
        url = f"sqlite:///{disk / 'store.sqlite3'}"
        s = open_store(url)
        s.add_user("ada", "admin")
        s.close()
        with read_only(disk):
            with pytest.raises(StoreReadOnly, match="read-only"):
                open_store(url).add_user("bob", "reader")
            session = csto.open(database=url)
            assert [m.state for m in session.members("2000-01-01")] == SIX
            assert session.warnings and "read-only" in session.warnings[0]


def test_a_postgresql_disk_full_error_keeps_only_the_primary_message() -> None:
    """PostgreSQL's disk_full (53100) as psycopg raises it inside SQLAlchemy's error, whose text holds
    the INSERT and its parameters: the fault keeps the driver's primary message alone."""
    import psycopg
    from sqlalchemy.exc import OperationalError

    orig = psycopg.errors.DiskFull('could not extend file "base/1/2": No space left on device')
    wrapped = OperationalError("INSERT INTO claims (quote) VALUES (%(q)s)", {"q": QUOTE}, orig)
    assert "INSERT" in str(wrapped)
    fault = classify(wrapped, "postgresql+psycopg://ana:pw@db/csto")
    assert isinstance(fault, StoreFull)
    assert str(fault) == (
        "the store postgresql+psycopg://ana:***@db/csto is out of space: could not extend file "
        '"base/1/2": No space left on device; nothing was written'
    )


def test_errors_that_are_not_faults_propagate(tmp_path: Path) -> None:
    from sqlalchemy import text

    s = open_store(data_dir=tmp_path)
    with pytest.raises(Exception, match="no such table") as info, s.db.read() as session:
        session.execute(text("SELECT * FROM no_such_table"))
    assert not isinstance(info.value, StoreUnavailable)
    s.close()


# -- a PostgreSQL server stopped mid-test ---------------------------------------------------------


@pytest.fixture
def doomed() -> Iterator[Cluster]:
    """A cluster of its own, for a test to stop."""
    found = start_cluster()
    if isinstance(found, str):
        pytest.skip(found)
    yield found
    found.stop()


@pytest.mark.slow
def test_a_stopped_server(
    doomed: Cluster, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = doomed.createdb("csto_doomed")
    s = open_store(url)
    admin, _ = s.add_user("ada", "admin")
    editor, _token = s.add_user("eve", "editor", by=admin)
    s.propose(claims_doc(), by=editor, record=SHIPPED)
    doomed.stop()
    with pytest.raises(StoreUnreachable) as info:
        s.claims()
    assert "\n" not in str(info.value)
    with pytest.raises(StoreUnreachable):
        s.propose(claims_doc(prefix="g"), by=editor, record=SHIPPED)
    session = csto.open(database=url)
    assert [m.state for m in session.members("2000-01-01")] == SIX
    assert session.store is None and "answering from the shipped record only" in session.warnings[0]
    monkeypatch.setenv("CSTO_DATABASE_URL", url)
    code, out, err = cli(monkeypatch, capsys, "members", "--on", "2000-01-01", "--json")
    assert code == 0 and [r["state"] for r in json.loads(out)] == SIX
    assert "warning: cannot reach the store" in one_line(err)
    code, _, err = cli(monkeypatch, capsys, "users", "list")
    assert code == StoreUnreachable.exit_code and "Traceback" not in err
    s.close()


# -- the CLI: every command over every fault ------------------------------------------------------

READS = [["members", "--json"], ["claims", "--about", "KAZ", "--json"]]
WRITES = [
    ["users", "add", "zed", "--role", "reader"],
    ["users", "list"],
    ["claims", "add", "{claims}"],
    ["claims", "review", "f-claim-0", "--accept", "--reason", "ok"],
    ["claims", "export"],
]


def _matrix(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    store: list[str],
    tmp_path: Path,
    code: int,
    *,
    reads_merge: bool = False,
) -> None:
    """Run every read and write command against the store named by ``store`` (``--data-dir X`` or
    ``--database URL``): reads answer the shipped record with a warning, writes fail with ``code``."""
    claims = tmp_path / "claims.json"
    claims.write_text(json.dumps(claims_doc()))
    monkeypatch.setenv("CSTO_TOKEN", "csto_not-a-real-token")
    for args in READS:
        status, out, err = cli(monkeypatch, capsys, *args, *store)
        assert status == 0, (args, err)
        json.loads(out)
        if not reads_merge:
            assert "answering from the shipped record only" in one_line(err), (args, err)
    for args in WRITES:
        argv = [a.replace("{claims}", str(claims)) for a in args]
        status, _, err = cli(monkeypatch, capsys, *argv, *store)
        assert status == code, (argv, status, err)
        assert one_line(err).startswith("error: the") or one_line(err).startswith("error: cannot")
        assert "Traceback" not in err and "INSERT" not in err and "OperationalError" not in err


def test_cli_corrupt_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    corrupt(tmp_path / "store.sqlite3")
    _matrix(monkeypatch, capsys, ["--data-dir", str(tmp_path)], tmp_path, StoreCorrupt.exit_code)


def test_cli_directory_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "store.sqlite3").mkdir()
    _matrix(monkeypatch, capsys, ["--data-dir", str(tmp_path)], tmp_path, 20)


def test_cli_data_dir_is_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "afile").write_text("x")
    _matrix(monkeypatch, capsys, ["--data-dir", str(tmp_path / "afile")], tmp_path, 20)
    monkeypatch.setenv("CSTO_DATA_DIR", str(tmp_path / "afile"))
    _matrix(monkeypatch, capsys, [], tmp_path, 20)


@pytest.mark.parametrize("url", BAD_URLS)
def test_cli_malformed_urls(
    url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _matrix(monkeypatch, capsys, ["--database", url], tmp_path, StoreConfigError.exit_code)


@pytest.mark.parametrize(
    "url", ["postgresql://postgres@127.0.0.1:1/csto", "postgres://u@host.invalid/csto"]
)
def test_cli_unreachable_server(
    url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _matrix(monkeypatch, capsys, ["--database", url], tmp_path, StoreUnreachable.exit_code)
    monkeypatch.setenv("CSTO_DATABASE_URL", url)
    _matrix(monkeypatch, capsys, [], tmp_path, StoreUnreachable.exit_code)


def test_cli_read_only_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with tmpfs(tmp_path / "disk", "4m") as disk:
        open_store(data_dir=disk).close()
        with read_only(disk):
            _matrix(monkeypatch, capsys, ["--data-dir", str(disk)], tmp_path, 23)


def test_cli_lock_held(
    sqlite_team: tuple[str, dict[str, Any]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url, team = sqlite_team
    monkeypatch.setattr(engine, "LOCK_TIMEOUT", 0.2)
    claims = tmp_path / "claims.json"
    claims.write_text(json.dumps(claims_doc()))
    monkeypatch.setenv("CSTO_TOKEN", team["editor_token"])
    holder = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        code, _out, err = cli(monkeypatch, capsys, "members", "--json", "--database", url)
        assert code == 0 and not err  # a reader takes no write lock: it merges the store as usual
        for args in (["claims", "add", str(claims)], ["users", "add", "zed", "--role", "reader"]):
            code, _, err = cli(monkeypatch, capsys, *args, "--database", url)
            assert code == StoreBusy.exit_code, err
            assert "locked by another writer (waited 0.2 s)" in one_line(err)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    code, _, err = cli(monkeypatch, capsys, "claims", "add", str(claims), "--database", url)
    assert code == 0, err


def test_cli_full_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with tmpfs(tmp_path / "disk", "1m") as disk:
        s = open_store(data_dir=disk)
        admin, _ = s.add_user("ada", "admin")
        _, token = s.add_user("eve", "editor", by=admin)
        s.close()
        claims = tmp_path / "claims.json"
        claims.write_text(json.dumps(claims_doc(40, 19_000)))
        monkeypatch.setenv("CSTO_TOKEN", token)
        filler = fill(disk, leave=200_000)  # room to open the store, not for the claims
        code, _, err = cli(
            monkeypatch, capsys, "claims", "add", str(claims), "--data-dir", str(disk)
        )
        assert code == StoreFull.exit_code, err
        assert "out of space" in one_line(err) and "nothing was written" in one_line(err)
        assert "INSERT" not in err and "the quote" not in err and "Traceback" not in err
        filler.unlink()
        assert counts(f"sqlite:///{disk / 'store.sqlite3'}")[0] == 0


@pytest.mark.slow
def test_cli_file_size_limit(tmp_path: Path) -> None:
    """``ulimit -f``: the writes of a process are capped; the fault is an I/O error of its own."""
    s = open_store(data_dir=tmp_path)
    admin, _ = s.add_user("ada", "admin")
    _, token = s.add_user("eve", "editor", by=admin)
    s.close()
    claims = tmp_path / "claims.json"
    claims.write_text(json.dumps(claims_doc(40, 19_000)))
    env = {**os.environ, "CSTO_TOKEN": token, "COLUMNS": "400"}
    env.pop("CSTO_DATABASE_URL", None)
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from csto.cli.app import main; main()",
            "claims",
            "add",
            str(claims),
            "--data-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        preexec_fn=file_size_limit((tmp_path / "store.sqlite3").stat().st_size + 4096),
    )
    assert done.returncode in (StoreIOError.exit_code, StoreFull.exit_code), done.stderr
    assert "nothing was written" in one_line(done.stderr)
    assert "INSERT" not in done.stderr and "Traceback" not in done.stderr
    assert counts(f"sqlite:///{tmp_path / 'store.sqlite3'}")[0] == 0


@pytest.mark.slow
def test_members_with_a_database_url_at_a_stopped_server(doomed: Cluster) -> None:
    """``CSTO_DATABASE_URL`` at a server that is down does not break ``csto members`` (a process of
    its own, as a user runs it)."""
    url = doomed.createdb("csto_gone")
    open_store(url).close()
    doomed.stop()
    env = {**os.environ, "CSTO_DATABASE_URL": url, "COLUMNS": "400"}
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from csto.cli.app import main; main()",
            "members",
            "--on",
            "2000-01-01",
            "--json",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert [r["state"] for r in json.loads(done.stdout)] == SIX
    assert "cannot reach the store" in one_line(done.stderr) and "Traceback" not in done.stderr


def test_a_store_that_breaks_between_open_and_read_falls_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store opens, then its file is replaced by random bytes before the session reads it."""
    import csto.session as session_module

    open_store(data_dir=tmp_path).close()
    real = session_module.open_configured_store

    def then_corrupt(*args: Any, **kw: Any) -> Store | None:
        found = real(*args, **kw)
        assert found is not None
        found.close()
        corrupt(tmp_path / "store.sqlite3")
        for extra in ("-wal", "-shm"):
            Path(f"{tmp_path / 'store.sqlite3'}{extra}").unlink(missing_ok=True)
        return found

    monkeypatch.setattr(session_module, "open_configured_store", then_corrupt)
    session = csto.open(data_dir=tmp_path)
    assert [m.state for m in session.members("2000-01-01")] == SIX
    assert "not a readable SQLite store" in session.warnings[0]


def test_threads_never_see_a_raw_database_error(sqlite_team: tuple[str, dict[str, Any]]) -> None:
    """Writers racing on a store whose lock times out quickly: each either lands or is StoreBusy."""
    url, team = sqlite_team
    engine_timeout = engine.LOCK_TIMEOUT
    try:
        engine.LOCK_TIMEOUT = 0.01
        s = open_store(url)
    finally:
        engine.LOCK_TIMEOUT = engine_timeout
    outcomes: list[str] = []

    def work(i: int) -> None:
        try:
            s.propose(claims_doc(prefix=f"t{i}"), by=team["editor"], record=SHIPPED)
            outcomes.append("ok")
        except StoreBusy:
            outcomes.append("busy")

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(outcomes) == 8 and outcomes.count("ok") == len(s.claims())
    s.close()
