"""csto: the Collective Security Treaty Organization, computable.

The package has three layers over one flow of data:

* :mod:`csto.record` — a sourced, temporal knowledge base (claims resolved into facts, queried as of a date);
* :mod:`csto.treaty` — the provisions as executable rules;
* :mod:`csto.behaviour` — models of how members decide.

Heavy libraries (pandas, NumPy, DuckDB) are imported lazily by the functions that need them.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "load_record": ("csto.record.load", "load_record"),
    "members": ("csto.record.query", "members"),
    "history": ("csto.record.query", "history"),
    "events": ("csto.record.query", "events"),
    "cases": ("csto.record.query", "cases"),
    "conflicts": ("csto.record.conflicts", "conflicts"),
    "figures": ("csto.analysis.figures", "figures"),
    "offices": ("csto.record.query", "offices"),
    "claims": ("csto.record.query", "claims"),
    "tables": ("csto.record.tables", "tables"),
    "Crisis": ("csto.crisis", "Crisis"),
    "assess": ("csto.treaty", "assess"),
    "gap": ("csto.treaty", "gap"),
    "gap_frame": ("csto.treaty", "gap_frame"),
    "simulate": ("csto.behaviour.simulate", "simulate"),
    "validate": ("csto.behaviour.validate", "validate"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'csto' has no attribute {name!r}")


__all__ = ["__version__", *sorted(_LAZY)]
