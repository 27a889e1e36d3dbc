"""The options every read command shares, and the one session a command opens with them.

``--data-dir`` (or ``$CSTO_DATA_DIR``) names the directory of the team's SQLite store, ``--database`` (or
``$CSTO_DATABASE_URL``) a database URL; without either, the default store in the user's data directory is
merged when it exists. (``$CSTO_RECORD_DIR`` names another directory of record YAML, for editors.)
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

if TYPE_CHECKING:
    from csto.session import Csto

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
DataDirOpt = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(
        "--data-dir",
        help="Directory of the team's SQLite store (default: $CSTO_DATA_DIR, else the user's data "
        "directory).",
        show_default=False,
    ),
]
DatabaseOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--database",
        help="The team store's database URL (postgresql://… or sqlite:///…); default "
        "$CSTO_DATABASE_URL.",
        show_default=False,
    ),
]


def open_session(data_dir: Path | None = None, database: str | None = None) -> Csto:
    """Open the session a command answers from; its warnings (an unreachable store) go to stderr."""
    from csto.cli.output import warn
    from csto.session import open as open_csto

    session = open_csto(data_dir, database)
    for message in session.warnings:
        warn(message)
    return session
