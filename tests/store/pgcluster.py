"""A throw-away PostgreSQL cluster for the tests: initdb and pg_ctl on a temporary directory, a free loopback
port, trust authentication on loopback only, removed at exit (as pytest-postgresql's process fixture does).

As root, initdb refuses to run, so the server runs as the ``postgres`` system user (``runuser``). When
PostgreSQL's binaries are missing, :func:`cluster` returns the reason, and the tests skip with it.
Install them with ``scripts/install-postgres.sh``.
"""

from __future__ import annotations

import atexit
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Cluster:
    url: str
    port: int
    datadir: Path
    run_as: list[str]
    bindir: Path

    def createdb(self, name: str) -> str:
        """A new empty database; its SQLAlchemy URL."""
        subprocess.run(
            [
                *self.run_as,
                str(self.bindir / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                name,
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"

    def dropdb(self, name: str) -> None:
        """Drop a database (every connection to it must be closed)."""
        subprocess.run(
            [
                *self.run_as,
                str(self.bindir / "dropdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                name,
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )

    def stop(self) -> None:
        subprocess.run(
            [
                *self.run_as,
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.datadir),
                "-m",
                "immediate",
                "-w",
                "stop",
            ],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(self.datadir.parent, ignore_errors=True)


_cluster: Cluster | str | None = None


def _bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if found:
        return Path(found[0]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cluster() -> Cluster | str:
    """The session's cluster (started on first use), or why none can run."""
    global _cluster
    if _cluster is None:
        _cluster = start_cluster()
    return _cluster


def start_cluster() -> Cluster | str:
    """A new cluster of its own (stopped and removed at exit, or by :meth:`Cluster.stop`), or why none
    can run. The fault tests stop one mid-test; the other tests share :func:`cluster`."""
    bindir = _bindir()
    if bindir is None:
        return "PostgreSQL is not installed (run scripts/install-postgres.sh)"
    run_as: list[str] = []
    root = Path(tempfile.mkdtemp(prefix="csto-pg-"))
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no postgres user to run the server"
        os.chown(root, user.pw_uid, user.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    datadir = root / "data"
    port = _free_port()
    try:
        subprocess.run(
            [
                *run_as,
                str(bindir / "initdb"),
                "-D",
                str(datadir),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        options = (
            f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={root} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100"
        )
        subprocess.run(
            [
                *run_as,
                str(bindir / "pg_ctl"),
                "-D",
                str(datadir),
                "-o",
                options,
                "-l",
                str(root / "log"),
                "-w",
                "-t",
                "60",
                "start",
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        shutil.rmtree(root, ignore_errors=True)
        return f"could not start PostgreSQL: {exc} {detail.decode(errors='replace')[-300:]}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.1)
    found = Cluster(
        url=f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres",
        port=port,
        datadir=datadir,
        run_as=run_as,
        bindir=bindir,
    )
    atexit.register(found.stop)
    return found


_counter = 0


def fresh_database() -> str:
    """A new empty database in the session's cluster (skips the test when there is none)."""
    import pytest

    global _counter
    found = cluster()
    if isinstance(found, str):
        pytest.skip(found)
    _counter += 1
    return found.createdb(f"csto_test_{os.getpid()}_{_counter}")


def recreate_database(url: str) -> str:
    """Drop the database of ``url`` and create an empty one of the same name: a new database at the old
    address. Returns ``url``."""
    found = cluster()
    assert not isinstance(found, str), found
    name = url.rsplit("/", 1)[1]
    found.dropdb(name)
    found.createdb(name)
    return url
