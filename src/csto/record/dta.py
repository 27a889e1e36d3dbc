"""Stata ``.dta`` files (format 118, UTF-8) of the exported tables, labelled from the codebook.

Each column of a table (:data:`csto.record.codebook.TABLES`) becomes a variable named
:attr:`~csto.record.codebook.Column.stata` with the column's label as its variable label:

* coded columns (pandas categoricals) become integers with the codebook's codes and value labels
  (``status``: 1 accession_pending … 7 withdrawn; ``outcome``: 0–3), never pandas' own 0-based codes;
  integer code columns (``*_code``, ``outcome_level``) carry the same value labels;
* booleans become 1/0 with the ``yes_no`` labels; dates Stata dates (``%td``);
* text stays UTF-8; a column with a value longer than 2,045 bytes is stored as ``strL``.

Missing values are Stata's system missing (``.``) in numeric variables and ``""`` in string variables
(Stata has no missing string). Written with pandas' :meth:`~pandas.DataFrame.to_stata`.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from csto.record.codebook import CODES, TABLES

if TYPE_CHECKING:
    import pandas as pd

VERSION: Literal[118] = 118
"""The .dta format written: Stata 14 and later, UTF-8 strings."""

_STR_MAX = 2045  # bytes in a fixed-width Stata string (str2045); longer values need strL


def stata_frame(
    frame: pd.DataFrame, table: str
) -> tuple[pd.DataFrame, dict[str, str], dict[str, dict[float, str]], dict[str, str], list[str]]:
    """``frame`` (a table of :func:`csto.record.tables.tables`) ready for ``to_stata``: the converted
    frame, its variable labels, value labels, date conversions and ``strL`` columns, keyed by Stata name."""
    import pandas as pd

    out = pd.DataFrame(index=frame.index)
    labels: dict[str, str] = {}
    values: dict[str, dict[float, str]] = {}
    dates: dict[str, str] = {}
    strl: list[str] = []
    for col in TABLES[table].columns:
        name = col.stata
        series = frame[col.name]
        labels[name] = col.label
        if col.kind == "code" and col.codes:
            code_of = {label: code for code, label in CODES[col.codes].items()}
            out[name] = series.astype("object").map(code_of).astype("Int16")
            values[name] = dict(CODES[col.codes].items())
        elif col.kind == "integer":
            out[name] = series.astype("Int32" if not col.codes else "Int16")
            if col.codes:
                values[name] = dict(CODES[col.codes].items())
        elif col.kind == "boolean":
            out[name] = series.astype("boolean").astype("Int8")
            values[name] = dict(CODES["yes_no"].items())
        elif col.kind == "date":
            out[name] = pd.to_datetime(series.astype("object"))
            dates[name] = "td"
        elif col.kind == "number":
            out[name] = series.astype("float64")
        else:
            text = series.astype("object").where(series.notna(), "")
            out[name] = text.astype("object")
            if any(len(str(v).encode("utf-8")) > _STR_MAX for v in text):
                strl.append(name)
    return out, labels, values, dates, strl


def write_dta(frame: pd.DataFrame, path: Path, table: str) -> None:
    """Write ``frame``, the table ``table``, to ``path`` as a labelled .dta file (format 118).

    Raises ``OSError`` when the file cannot be written and ``ValueError`` when the codebook does not fit
    Stata (a label over 80 characters, an invalid name), which a test rules out for the shipped codebook.
    """
    out, labels, values, dates, strl = stata_frame(frame, table)
    with warnings.catch_warnings():
        # pandas warns when it renames a column or changes a type: the codebook's names must be exact
        warnings.simplefilter("error")
        out.to_stata(
            path,
            version=VERSION,
            write_index=False,
            convert_dates=dates,  # type: ignore[arg-type]
            variable_labels=labels,
            value_labels=values,
            convert_strl=strl,
            data_label=f"csto {table}: {TABLES[table].row}"[:80],
        )
