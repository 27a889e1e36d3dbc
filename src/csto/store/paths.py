"""Where the store lives by default (kept free of SQLAlchemy so the CLI can ask cheaply)."""

from __future__ import annotations

from pathlib import Path


def default_data_dir() -> Path:
    """The user's data directory for csto (platformdirs), where the SQLite store lives by default."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("csto", appauthor=False))
