"""A small on-disk cache of the leave-one-out validation, so the report's costly step runs once.

The key covers everything the result depends on: the record's data hash, the bytes of the behaviour
layer's data files and Python sources, the package version, the seed and the draws. A changed model or
input gives a new key, never a stale result. The cache lives in ``$CSTO_CACHE_DIR`` (default
``$XDG_CACHE_HOME/csto`` or ``~/.cache/csto``); set ``CSTO_CACHE_DIR=off`` to disable it. A cache that
cannot be read or written is ignored.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from csto.errors import CstoError


def cache_dir() -> Path | None:
    value = os.environ.get("CSTO_CACHE_DIR")
    if value is not None:
        return None if value.strip().lower() in ("", "0", "off", "no", "false") else Path(value)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "csto"


def _package_files() -> list[Path]:
    """The behaviour layer's sources and data: a change to either changes the key."""
    import csto

    root = Path(csto.__file__).parent
    files = sorted((root / "behaviour").rglob("*.py")) + sorted((root / "data").rglob("*.yaml"))
    return [f for f in files if "__pycache__" not in f.parts]


def key(kind: str, data_hash: str, **params: Any) -> str:
    from csto import __version__

    digest = hashlib.sha256()
    digest.update(f"{kind}\0{__version__}\0{data_hash}\0".encode())
    digest.update(json.dumps(params, sort_keys=True).encode())
    root = Path(__file__).parents[1]
    for f in _package_files():
        digest.update(f.relative_to(root).as_posix().encode())
        digest.update(f.read_bytes())
    return digest.hexdigest()


def load(kind: str, k: str) -> Any | None:
    where = cache_dir()
    if where is None:
        return None
    path = where / f"{kind}-{k}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def store(kind: str, k: str, value: Any) -> None:
    from csto.report.files import write_atomic

    where = cache_dir()
    if where is None:
        return
    with contextlib.suppress(CstoError, OSError):
        write_atomic(where / f"{kind}-{k}.json", json.dumps(value, sort_keys=True).encode("utf-8"))
