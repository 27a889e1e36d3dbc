"""The package's version, in a module of its own so that every layer can read it without importing the
:mod:`csto` facade (which opens sessions and so sits above every layer)."""

from __future__ import annotations

__version__ = "0.1.0"
