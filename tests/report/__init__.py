"""Tests of the report and its figures.

:func:`built_report` builds the shipped data's report with a fixed seed, draws and creation date, once per
tag per run, with the default seed and draws, so that the validation is the one shipped with the package
(``csto/data/derived``; a full validation takes minutes, and tests/report/test_derived.py checks the shipped
one is current). Tag ``"a"`` computes everything else on a cold, private cache; tag ``"b"`` computes
everything again on another cold cache (so the byte-for-byte comparison of ``a`` and ``b`` is a comparison
of two real computations of all but the validation); tag ``"c"`` reads the cache of ``a``. Other tests
that build a report use :data:`SEED` and :data:`DRAWS` with :func:`use_test_cache`.
"""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from csto.record.load import record_dir

if TYPE_CHECKING:
    from csto.session import Csto

CREATED = "2026-11-01"
SEED = 0
DRAWS = 2000
CACHE = Path(tempfile.mkdtemp(prefix="csto-report-test-cache-"))
atexit.register(shutil.rmtree, CACHE, True)


def scenario_files() -> list[Path]:
    """Two shipped scenario files (the report's scenario section is built from them)."""
    files = sorted((record_dir() / "scenarios").glob("*.yaml"))
    return files[:2]


def use_test_cache(monkeypatch: object) -> None:
    """Point the report's cache at this run's private cache (``monkeypatch`` is pytest's fixture)."""
    monkeypatch.setenv("CSTO_CACHE_DIR", str(CACHE))  # type: ignore[attr-defined]


@functools.cache
def shipped_session() -> Csto:
    """The session over the shipped record (no team store), opened once."""
    from csto.record.load import shipped_dir
    from csto.session import session_from

    return session_from(shipped_dir(), None)


@functools.cache
def built_report(tag: str = "a") -> Path:
    """The report of the shipped data (fixed seed, draws and creation date), built once per tag."""
    from csto.report.build import build_report

    out = Path(tempfile.mkdtemp(prefix=f"csto-report-test-{tag}-"))
    atexit.register(shutil.rmtree, out, True)
    before = os.environ.get("CSTO_CACHE_DIR")
    other = Path(tempfile.mkdtemp(prefix="csto-report-test-cache-b-"))
    atexit.register(shutil.rmtree, other, True)
    os.environ["CSTO_CACHE_DIR"] = str(other if tag == "b" else CACHE)
    try:
        return build_report(
            shipped_session(),
            out,
            scenarios=scenario_files(),
            draws=DRAWS,
            seed=SEED,
            created=CREATED,
            cache=True,
        )
    finally:
        if before is None:
            del os.environ["CSTO_CACHE_DIR"]
        else:
            os.environ["CSTO_CACHE_DIR"] = before
