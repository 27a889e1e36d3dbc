"""The CLI's one output layer: JSON for pipes; tables, lines, warnings and errors for people.

Every command prints through these functions, and they print text from data or input **literally**: rich's
markup (``[bold]``, ``[/x]``, ``[sic]``), emoji codes (``:warning:``) and highlighting are off, and each
piece of text is a :class:`rich.text.Text`, never a markup string. What a terminal would interpret is shown
as an escape instead (:func:`visible`): control characters other than line breaks and tabs (ESC, CR, BEL,
DEL, C1), bidirectional overrides and lone surrogates (bytes of an argument that were not UTF-8). So a
quote is printed as its source wrote it, ``[sic]`` included, and no text can recolour the terminal, move
its cursor or crash the command. Errors and warnings are one line each: their line breaks and tabs are
shown as ``\\n`` and ``\\t``.

Widths: a terminal gets its own width; a pipe or file gets ``$COLUMNS`` when set, else 200 columns
(rich would otherwise wrap at 80); use ``--json`` to parse.
"""

from __future__ import annotations

import json
import math
import os
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress
    from rich.text import Text

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Embeddings, overrides and isolates: they reorder the text shown after them (Unicode UAX #9)."""

ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escape(ch: str) -> str:
    if ch in ESCAPES:
        return ESCAPES[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, one_line: bool = False) -> str:
    """``text`` as the CLI shows it: every control character (Unicode category Cc), bidirectional
    override and lone surrogate written as its Python escape (``\\x1b``, ``\\u202e``, ``\\udcff``);
    everything else unchanged, brackets and colons included. Line breaks and tabs are kept unless
    ``one_line`` (errors and warnings), where they are shown as ``\\n`` and ``\\t``.

    >>> visible("[sic] :warning: \\x1b[31m")
    '[sic] :warning: \\\\x1b[31m'
    """
    keep = "" if one_line else "\n\t"
    out = []
    for ch in text:
        category = unicodedata.category(ch)
        if (category == "Cc" and ch not in keep) or category == "Cs" or ch in BIDI_CONTROLS:
            out.append(_escape(ch))
        else:
            out.append(ch)
    return "".join(out)


def literal(value: Any, style: str = "", *, one_line: bool = False) -> Text:
    """``value`` as text printed exactly as :func:`visible` shows it, in ``style``."""
    from rich.text import Text

    shown = Text(visible(str(value), one_line=one_line), style=style)
    shown.expand_tabs()  # before a table measures it (rich counts a tab as no width)
    return shown


def console(*, stderr: bool = False) -> Console:
    """A console that never interprets text: no markup, no emoji codes, no highlighting."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    width = None if stream.isatty() or os.environ.get("COLUMNS") else 200
    return Console(
        stderr=stderr, width=width, markup=False, emoji=False, highlight=False, soft_wrap=False
    )


def emit_json(data: Any) -> None:
    """Write JSON to standard output (UTF-8, key order as given). A non-finite number (NaN, infinity) is
    not JSON: it raises :class:`~csto.errors.CstoError` rather than being written."""
    from csto.errors import CstoError

    try:
        text = json.dumps(data, ensure_ascii=False, indent=2, default=str, allow_nan=False)
    except ValueError as exc:
        raise CstoError(
            f"the result holds a number JSON cannot carry ({exc}); this is a bug, please report it"
        ) from None
    sys.stdout.write(text + "\n")


def finite_or_none(value: Any) -> Any:
    """``value``, or ``None`` for a float that is NaN or infinite (as JSON writes a missing number)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _cell(value: Any) -> Text:
    from rich.text import Text

    if value is None:
        return Text("—")
    if isinstance(value, list):
        return Text(", ").join(_cell(v) for v in value)
    if isinstance(value, bool):
        return Text("yes" if value else "no")
    if isinstance(value, float) and math.isfinite(value):
        return Text(number(value))
    return literal(value)


def number(value: float) -> str:
    """A float as a table shows it: four significant digits (``0.1235``, ``41.01``, ``2.5e-05``), and
    thousands without decimals (``12,346``); ``--json`` keeps every digit."""
    if abs(value) >= 1e4:
        return f"{value:,.0f}"
    return f"{value:.4g}"


CARD_WORD = 24
"""Longest word a table column is expected to keep whole when deciding between a table and cards."""


def _needed_width(headers: Sequence[Text], cells: Sequence[Sequence[Text]]) -> int:
    """Columns a table needs so that no column splits a word (up to :data:`CARD_WORD` characters):
    per column its longest word, plus rich's borders and padding (3 a column, 1 more)."""
    need = 1
    for i, header in enumerate(headers):
        words = [w for cell in [header, *(row[i] for row in cells)] for w in cell.plain.split()]
        need += min(max((len(w) for w in words), default=1), CARD_WORD) + 3
    return need


OPTIONAL_COLUMNS = frozenset({"added_by", "last_evidence"})
"""Columns left out of a table when no row has a value (``added_by``: only team claims have one;
``last_evidence``: shown only where an answer is assumed from it)."""


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def table(
    rows: Iterable[dict[str, Any]],
    columns: Sequence[str | tuple[str, str]],
    title: str | None = None,
    caption: str | None = None,
) -> None:
    """Print rows as a table; ``columns`` are keys or (key, header) pairs. Cells, headers, title and
    caption are literal text (:func:`visible`; a cell keeps its line breaks, the others are one line);
    ``None`` is shown as —, a list joined with commas. A column of :data:`OPTIONAL_COLUMNS` that is
    empty in every row is left out (``--json`` keeps every field). A table that would split words in a
    narrow terminal is printed as cards instead (:func:`_cards`)."""
    from rich.table import Table

    rows = list(rows)
    pairs = [(col, col.replace("_", " ")) if isinstance(col, str) else col for col in columns]
    pairs = [
        (key, header)
        for key, header in pairs
        if key not in OPTIONAL_COLUMNS or not all(_empty(r.get(key)) for r in rows)
    ]
    headers = [literal(header, one_line=True) for _, header in pairs]
    cells = [[_cell(row.get(key)) for key, _ in pairs] for row in rows]
    out = console()
    # the title and caption on lines of their own, wrapped to the terminal (inside a table rich would
    # wrap them to the table's width)
    if title is not None:
        out.print(literal(title, "bold", one_line=True))
    if _needed_width(headers, cells) > out.width:
        _cards(out, headers, cells)
    else:
        t = Table(show_lines=False, header_style="bold")
        for header in headers:
            t.add_column(header, overflow="fold", min_width=1)
        for row_cells in cells:
            t.add_row(*row_cells)
        out.print(t)
    if caption is not None:
        out.print(literal(caption, "dim", one_line=True))


def _cards(out: Console, headers: Sequence[Text], cells: Sequence[Sequence[Text]]) -> None:
    """Rows too wide for the terminal, as cards: one block a row, one ``header: value`` line a column
    (what the web page does under 600 px), so no word is split and no column is hidden."""
    from rich.text import Text

    for row_cells in cells:
        out.print(Text("─" * min(out.width, 40), style="dim"))
        for header, cell in zip(headers, row_cells, strict=True):
            line = Text.assemble((header.plain, "bold"), ": ")
            line.append_text(cell)
            out.print(line)


def text(message: str, *, err: bool = False) -> None:
    """Print a message for a person, literally and unwrapped, to standard output (or error)."""
    console(stderr=err).print(literal(message), soft_wrap=True)


def styled(*parts: str | tuple[str, str]) -> None:
    """Print one line to standard output from parts, each literal text or (text, style)."""
    from rich.text import Text

    line = Text()
    for part in parts:
        line.append_text(literal(*part) if isinstance(part, tuple) else literal(part))
    console().print(line, soft_wrap=True)


def warn(message: str) -> None:
    """Print a warning for a person to standard error: one line, printed literally."""
    from rich.text import Text

    line = Text.assemble(("warning: ", "bold yellow"), literal(message, one_line=True))
    console(stderr=True).print(line, soft_wrap=True)


def error(message: str) -> None:
    """Print an error for a person to standard error: one line, printed literally, no traceback."""
    from rich.text import Text

    line = Text.assemble(("error: ", "bold red"), literal(message, one_line=True))
    console(stderr=True).print(line, soft_wrap=True)


def progress(*, transient: bool = True) -> Progress:
    """A progress bar on standard error whose task descriptions are printed literally."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    shown_on = console(stderr=True)
    return Progress(
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        TimeElapsedColumn(),
        console=shown_on,
        transient=transient,
        disable=not shown_on.is_terminal,  # a pipe or a log file gets no bar (not even a blank line)
    )
