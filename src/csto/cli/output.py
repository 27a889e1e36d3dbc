"""Output helpers shared by the commands: JSON for pipes, rich tables for people."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from typing import Any


def emit_json(data: Any) -> None:
    """Write JSON to standard output (UTF-8, stable key order as given)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def table(
    rows: Iterable[dict[str, Any]],
    columns: Sequence[str | tuple[str, str]],
    title: str | None = None,
    caption: str | None = None,
) -> None:
    """Print rows as a rich table; ``columns`` are keys or (key, header) pairs."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    t = Table(
        title=Text(title) if title is not None else None,
        caption=Text(caption) if caption is not None else None,
        show_lines=False,
        header_style="bold",
    )
    keys = []
    for col in columns:
        key, header = (col, col.replace("_", " ")) if isinstance(col, str) else col
        keys.append(key)
        t.add_column(header, overflow="fold")
    for row in rows:
        t.add_row(*(_cell(row.get(k)) for k in keys))
    # a pipe or file gets a wide table (rich would otherwise wrap at 80 columns); use --json to parse
    Console(width=None if sys.stdout.isatty() else 200).print(t)


def text(message: str) -> None:
    """Print a line for a person to standard output, literally (no markup), unwrapped."""
    from rich.console import Console
    from rich.text import Text

    Console(width=None if sys.stdout.isatty() else 200).print(Text(message), soft_wrap=True)


def warn(message: str) -> None:
    """Print a warning for a person to standard error (the text is printed literally)."""
    from rich.console import Console
    from rich.text import Text

    Console(stderr=True).print(Text.assemble(("warning: ", "bold yellow"), message))


def error(message: str) -> None:
    """Print an error for a person (no traceback) to standard error."""
    from rich.console import Console

    Console(stderr=True).print(f"[bold red]error:[/] {message}", highlight=False)
