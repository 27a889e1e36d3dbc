"""csto: the Collective Security Treaty Organization, computable.

Open a session and ask it questions::

    import csto
    s = csto.open()                    # the shipped record, merged with a team store if one is configured
    s.members("2008-01-01")            # typed rows: state, status, certainty, reason, sources
    s.gap()                            # what the treaty required beside what the alliance did
    s.simulate("kazakhstan-2022")      # P(outcome level 0–3), with the seed, model version and data hash

The module-level functions (``csto.members(...)`` and so on, listed in ``__all__`` and by ``dir(csto)``)
answer from the default session, opened once; each is the same-named method of :class:`csto.session.Csto`,
whose docstring gives the shapes, units and errors. Results show as tables in a notebook: ``assess``,
``validate`` and ``simulate`` return typed objects with ``.to_frame()`` and an HTML view, and charts
(:mod:`csto.analysis.charts`) render offline, Vega inlined.

Layers, one flow of data: :mod:`csto.record` (sourced claims → facts, as-of queries) → :mod:`csto.treaty`
(provisions as executable rules) → :mod:`csto.behaviour` (models of how members decide) → analysis, the
report and the interfaces, over :mod:`csto.store` (a team's reviewed claims). :mod:`csto.session` carries
the data from the front ends down. Heavy libraries are imported lazily by the functions that need them.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from csto.version import __version__

if TYPE_CHECKING:
    from csto.session import Csto

_LAZY = {
    "open": ("csto.session", "open"),
    "Csto": ("csto.session", "Csto"),
    "Crisis": ("csto.crisis", "Crisis"),
}
_SESSION_METHODS = (
    "members",
    "history",
    "timeline",
    "describe_state",
    "events",
    "cases",
    "case",
    "offices",
    "claims",
    "conflicts",
    "sources",
    "figures",
    "tables",
    "sql",
    "export",
    "crisis",
    "assess",
    "gap",
    "provisions",
    "simulate",
    "validate",
)
"""The questions the package answers from :func:`default_session`: each is the same-named method of
:class:`~csto.session.Csto` (its docstring gives the shapes, units and errors)."""


@functools.cache
def default_session() -> Csto:
    """The :class:`~csto.session.Csto` session the module-level functions answer from, opened once per
    process by :func:`csto.session.open` with no arguments (the shipped record merged with the configured
    team store, if any). Raises :class:`~csto.errors.DataFileError` for a bad data file."""
    from csto.session import open as open_session

    return open_session()


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    if name in _SESSION_METHODS:
        return getattr(default_session(), name)
    raise AttributeError(f"module 'csto' has no attribute {name!r}")


__all__ = ["__version__", "default_session", *sorted(_LAZY), *_SESSION_METHODS]


def __dir__() -> list[str]:
    """The public API (``__all__``) with the module's own names, so tab completion shows every function."""
    return sorted({*globals(), *__all__})
