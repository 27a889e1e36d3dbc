"""The ``xlsx`` export: one workbook with a sheet per table, the codebook, the value labels and an about sheet.

Written with openpyxl in write-only mode. Cells keep their types (numbers, booleans, dates as
``yyyy-mm-dd``); text is always stored as text, never as a formula: a value that starts with ``=``, ``+``,
``-`` or ``@`` is written as a string cell with Excel's quote prefix, so it shows and edits as the text it is
(after OWASP's advice on formula injection). Control characters that XML cannot hold are written in the
OOXML escape ``_xHHHH_``. A cell holds at most 32,767 characters; a longer value is refused (never cut).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csto.errors import CstoError
from csto.record.codebook import CODES

if TYPE_CHECKING:
    import pandas as pd
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

SHEET_NAME_MAX = 31
"""Excel's limit on the length of a sheet name."""

CELL_MAX = 32_767
"""Excel's limit on the characters in one cell."""

_FORMULA_START = ("=", "+", "-", "@")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_name(name: str, taken: Iterable[str] = ()) -> str:
    """A valid sheet name for ``name``: the characters Excel forbids (``[]:*?/\\``) replaced by ``_``,
    at most 31 characters, and distinct (case-insensitively) from the names in ``taken`` (``~2``, ``~3``…).

    >>> sheet_name("a_table_name_longer_than_thirty_one")
    'a_table_name_longer_than_thirty'
    >>> sheet_name("codebook", ["Codebook"])
    'codebook~2'
    """
    base = _SHEET_FORBIDDEN.sub("_", name).strip("'") or "sheet"
    used = {t.lower() for t in taken}
    candidate = base[:SHEET_NAME_MAX]
    n = 1
    while candidate.lower() in used:
        n += 1
        suffix = f"~{n}"
        candidate = base[: SHEET_NAME_MAX - len(suffix)] + suffix
    return candidate


def write_workbook(
    path: Path,
    frames: dict[str, pd.DataFrame],
    codebook_rows: list[dict[str, Any]],
    about: dict[str, str],
) -> None:
    """Write ``frames`` (table name → DataFrame) as sheets of ``path``, then the ``codebook`` sheet
    (``codebook_rows``), the ``codes`` sheet (value labels) and the ``about`` sheet (``about``'s items).

    Raises :class:`~csto.errors.CstoError` for a value longer than a cell holds and ``OSError`` when the
    file cannot be written.
    """
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    try:
        taken: list[str] = []
        for name, frame in frames.items():
            columns = [str(c) for c in frame.columns]
            _sheet(book, name, taken, columns, frame.itertuples(index=False, name=None))
        book_columns = list(codebook_rows[0]) if codebook_rows else ["table", "column"]
        rows = ([row[c] for c in book_columns] for row in codebook_rows)
        _sheet(book, "codebook", taken, book_columns, rows)
        codes = ([lst, n, label] for lst, labels in CODES.items() for n, label in labels.items())
        _sheet(book, "codes", taken, ["codes", "code", "label"], codes)
        _sheet(book, "about", taken, ["item", "value"], ([k, v] for k, v in about.items()))
        book.save(path)
    except BaseException:
        for sheet in book.worksheets:  # finish the sheets' streams so none is left open
            if not sheet.closed:
                with contextlib.suppress(OSError, ValueError):  # the first failure is raised
                    sheet.close()
        raise


def _sheet(
    book: Any, name: str, taken: list[str], columns: list[str], rows: Iterable[Iterable[Any]]
) -> None:
    from openpyxl.styles import Font

    title = sheet_name(name, taken)
    taken.append(title)
    sheet: WriteOnlyWorksheet = book.create_sheet(title)
    sheet.freeze_panes = "A2"
    header = []
    for text in columns:
        cell = _cell(sheet, text, title)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([_cell(sheet, v, title) for v in row])


def _cell(sheet: WriteOnlyWorksheet, value: Any, title: str) -> Any:
    """One cell holding ``value`` as its own type; text is always a string cell (never a formula)."""
    import pandas as pd
    from openpyxl.cell import WriteOnlyCell

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return WriteOnlyCell(sheet, value=None)
    if isinstance(value, bool | int | float):
        return WriteOnlyCell(sheet, value=value)
    if isinstance(value, dt.date):
        day = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
        cell = WriteOnlyCell(sheet, value=day)
        cell.number_format = "yyyy-mm-dd"
        return cell
    if hasattr(value, "item"):  # a NumPy scalar
        return _cell(sheet, value.item(), title)
    text = _ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", str(value))
    if len(text) > CELL_MAX:
        raise CstoError(
            f"a value in sheet {title} has {len(text):,} characters, more than an Excel cell holds "
            f"({CELL_MAX:,}); export this record as csv, parquet, json or stata"
        )
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # openpyxl would store a text starting with "=" as a formula
    if text.startswith(_FORMULA_START):
        cell.quotePrefix = True
    return cell
