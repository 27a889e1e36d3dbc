"""``csto serve``: an HTTP API and a web page over the record, the treaty, the model and the team's store.

:func:`create_app` builds the FastAPI application; routes are thin over the same functions that answer the
CLI, so each JSON endpoint gives exactly what the matching ``csto … --json`` command prints.
"""

from __future__ import annotations

from typing import Any

_LAZY = {
    "create_app": ("csto.serve.app", "create_app"),
    "Limits": ("csto.serve.limits", "Limits"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'csto.serve' has no attribute {name!r}")


__all__ = sorted(_LAZY)
