"""A small on-disk cache of derived results (the leave-one-out validation, the Vega bundle).

A key covers everything a result depends on, and nothing else:

* the data hash of exactly the data used (:attr:`csto.session.Csto.data_hash`: the record with the team's
  claims, the behaviour inputs and the treaty rules);
* the package version and each model's declared ``version``;
* a fingerprint of the code the result runs (:func:`code_fingerprint`): the syntax tree of the modules,
  with docstrings removed, so a comment or a docstring does not stale a result and a change of code does;
* the parameters (seed, draws, …).

Results for the default parameters ship with the package in ``csto/data/derived/`` (so a first report on a
new machine is fast; ``scripts/build_derived.py`` regenerates them and a test checks they are current).
Other results are cached in ``$CSTO_CACHE_DIR`` (default ``$XDG_CACHE_HOME/csto`` or ``~/.cache/csto``);
``CSTO_CACHE_DIR=off`` disables it. A cache that cannot be read or written is ignored.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from csto.errors import CstoError


def cache_dir() -> Path | None:
    """The user's cache directory, or ``None`` when caching is off."""
    value = os.environ.get("CSTO_CACHE_DIR")
    if value is not None:
        return None if value.strip().lower() in ("", "0", "off", "no", "false") else Path(value)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "csto"


def _strip_docstrings(tree: ast.AST) -> ast.AST:
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if (
                body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            ):
                node.body = body[1:] or [ast.Pass()]
    return tree


@functools.cache
def code_fingerprint(*packages: str, exclude: tuple[str, ...] = ()) -> str:
    """SHA-256 over the syntax trees (docstrings removed) of every module of the given subpackages of
    ``csto`` (``"behaviour"``, ``"treaty"``, …), so comments and docstrings do not change it. ``exclude``
    names modules to leave out, as paths relative to the package root (``"behaviour/validate.py"``)."""
    root = Path(__file__).parent
    digest = hashlib.sha256()
    for package in sorted(packages):
        for path in sorted((root / package).rglob("*.py")):
            if "__pycache__" in path.parts or path.relative_to(root).as_posix() in exclude:
                continue
            tree = _strip_docstrings(ast.parse(path.read_text(encoding="utf-8")))
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(ast.dump(tree, annotate_fields=False).encode())
    return digest.hexdigest()


def key(kind: str, data_hash: str, **params: Any) -> str:
    """The cache key of a result of ``kind`` on data ``data_hash`` with ``params`` (JSON-able), the
    package version and the code of the layers it runs (behaviour, treaty, record)."""
    from csto.version import __version__

    digest = hashlib.sha256()
    digest.update(f"{kind}\0{__version__}\0{data_hash}\0".encode())
    digest.update(json.dumps(params, sort_keys=True).encode())
    digest.update(code_fingerprint("behaviour", "treaty", "record").encode())
    return digest.hexdigest()


def shipped_dir() -> Path:
    """Derived results shipped with the package for the default parameters."""
    return Path(__file__).parent / "data" / "derived"


def load(kind: str, k: str) -> Any | None:
    """A result for key ``k``: the package's shipped copy first (``.json`` or gzipped ``.json.gz``), then
    the user's cache."""
    import gzip

    shipped = shipped_dir() / f"{kind}-{k}.json.gz"
    with contextlib.suppress(OSError, ValueError, EOFError):
        return json.loads(gzip.decompress(shipped.read_bytes()).decode("utf-8"))
    for where in (shipped_dir(), cache_dir()):
        if where is None:
            continue
        path = where / f"{kind}-{k}.json"
        with contextlib.suppress(OSError, ValueError):
            return json.loads(path.read_text(encoding="utf-8"))
    return None


def store(kind: str, k: str, value: Any) -> None:
    """Keep ``value`` (JSON-able) under key ``k`` in the user's cache; failures are ignored."""
    from csto.files import write_atomic

    where = cache_dir()
    if where is None:
        return
    with contextlib.suppress(CstoError, OSError, ValueError):
        payload = json.dumps(value, sort_keys=True, allow_nan=False).encode("utf-8")
        write_atomic(where / f"{kind}-{k}.json", payload)
