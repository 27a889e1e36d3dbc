"""Exporting the record: every table, the state-year panel and the codebook, written whole or not at all.

Formats (:data:`FORMATS`):

* ``csv``, ``parquet``, ``json``: one file per table (``claims.csv``, …);
* ``xlsx``: one workbook, ``csto.xlsx``, with a sheet per table, the ``codebook`` sheet (every column's
  label, kind and codes), the ``codes`` sheet (value labels) and an ``about`` sheet (version, data hash);
* ``stata``: one ``.dta`` file per table, format 118 (UTF-8), with variable labels and value labels from the
  codebook; coded columns become labelled integers with the codebook's codes, dates Stata dates (``%td``).

Every format also writes ``codebook.json`` (:func:`codebook`). The files are written into a temporary
directory beside the target, which is renamed to the target only when every file is complete: a failure
(a full disk, a killed process aside) leaves the target as it was and no temporary file behind. The target
must be new, empty, or hold an earlier csto export, which is replaced whole.
"""

from __future__ import annotations

import contextlib
import json
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csto.errors import CstoError
from csto.record.codebook import CODES, TABLES
from csto.record.record import Record
from csto.version import __version__

if TYPE_CHECKING:
    import pandas as pd

FORMATS = ("csv", "parquet", "json", "xlsx", "stata")
"""The formats :func:`export` writes."""

WORKBOOK = "csto.xlsx"
"""The file name of the ``xlsx`` export."""

_EXTENSION = {"csv": "csv", "parquet": "parquet", "json": "json", "stata": "dta"}


class ExportError(CstoError):
    """An export that cannot be written (bad target, full disk, …); nothing was left half-written."""


def codebook(record: Record) -> dict[str, Any]:
    """The codebook of an export: every table's columns (label, kind, value labels, Stata name), the value
    labels, the statuses' profiles, the pydantic schemas of the record's models, and the package version
    and data hash of the record exported. JSON-serialisable (code keys are integers; JSON makes them text).
    """
    from csto.record.alliance import Alliance
    from csto.record.body import Body, Office, Tenure
    from csto.record.case import Case
    from csto.record.claim import Claim
    from csto.record.event import Event
    from csto.record.membership import STATUS_PROFILE, Membership
    from csto.record.observation import Observation
    from csto.record.provision import Instrument, Provision
    from csto.record.source import Source
    from csto.record.state import Actor, State

    models: list[type[Any]] = [
        Source,
        State,
        Actor,
        Alliance,
        Membership,
        Body,
        Office,
        Tenure,
        Instrument,
        Provision,
        Event,
        Case,
        Observation,
        Claim,
    ]
    return {
        "package_version": __version__,
        "data_hash": record.data_hash,
        "dates": "EDTF text (YYYY, YYYY-MM, YYYY-MM-DD, ? uncertain, ~ approximate, [a,b] one of); "
        "*_earliest/*_latest give the span of days, *_precision its precision",
        "missing": "an empty cell; in Stata files an empty string or a system missing value (.)",
        "tables": {
            t.name: {
                "row": t.row,
                "key": list(t.key),
                "columns": {
                    c.name: {
                        "label": c.label,
                        "kind": c.kind,
                        "codes": c.codes,
                        "note": c.note,
                        "stata": c.stata,
                    }
                    for c in t.columns
                },
            }
            for t in TABLES.values()
        },
        "codes": CODES,
        "statuses": {s.value: p for s, p in STATUS_PROFILE.items()},
        "models": {m.__name__: m.model_json_schema() for m in models},
    }


def codebook_rows() -> list[dict[str, Any]]:
    """The codebook flat: one row per column of every table (the ``codebook`` sheet of the workbook)."""
    return [
        {
            "table": t.name,
            "column": c.name,
            "label": c.label,
            "kind": c.kind,
            "codes": "; ".join(f"{k} {v}" for k, v in CODES[c.codes].items()) if c.codes else None,
            "note": c.note,
            "stata_name": c.stata,
        }
        for t in TABLES.values()
        for c in t.columns
    ]


def codebook_markdown() -> str:
    """The codebook as Markdown: a section per table with its row, key and columns (label, kind, value
    labels, Stata name), then the value labels. ``docs/reference/export.md`` holds this text between its
    ``codebook`` markers; a test checks that it is current."""
    lines: list[str] = []
    for t in TABLES.values():
        lines += [f"### `{t.name}`", "", f"One row: {t.row}. Key: {', '.join(t.key)}.", ""]
        lines += ["| column | label | kind | codes | Stata |", "|---|---|---|---|---|"]
        for c in t.columns:
            label = c.label + (f" ({c.note})" if c.note else "")
            stata = c.stata if c.stata != c.name else ""
            cells = [f"`{c.name}`", label.replace("|", "\\|"), c.kind, c.codes or "", stata]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    lines += ["### Value labels", "", "| codes | values |", "|---|---|"]
    for name, labels in CODES.items():
        values = "; ".join(f"{k} {v}" for k, v in labels.items())
        lines.append(f"| `{name}` | {values} |")
    return "\n".join(lines) + "\n"


def export(record: Record, directory: Path | str, format: str = "csv") -> list[Path]:
    """Write every table of ``record`` and ``codebook.json`` into ``directory`` in ``format``; return the
    paths written, in order.

    The export is built in a temporary directory beside ``directory`` and renamed into place once every file
    is complete. ``directory`` must not exist, be empty, or hold an earlier csto export (replaced whole).
    Raises :class:`ExportError` for an unknown format, an empty name, a path that is a file or a
    non-empty directory of other files, and any failure to write (the message gives the reason, e.g. no
    space left on device); then nothing is left behind.
    """
    if format not in FORMATS:
        raise ExportError(f"unknown format {format!r}; use one of {', '.join(FORMATS)}")
    if not str(directory).strip():
        raise ExportError("the export directory name is empty; give a directory, e.g. out/")
    target = Path(directory)
    try:
        _check_target(target)
    except OSError as exc:  # e.g. a name too long for the file system
        raise ExportError(f"cannot export to {_shown(target)}: {exc.strerror or exc}") from None
    created = _make_parents(target.parent)
    tmp: Path | None = None
    try:
        tmp = _fresh(target, "tmp")
        tmp.mkdir()  # unlike mkdtemp's 0700, the umask's permissions, which the export keeps
        names = _write(record, tmp, format)
        _swap(tmp, target)
        tmp = None
    except OSError as exc:
        raise ExportError(
            f"cannot write the export to {_shown(target)}: {exc.strerror or exc}; "
            "nothing was written"
        ) from None
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
            for folder in reversed(created):
                _rmdir_quietly(folder)
    return [target / n for n in names]


def _shown(path: Path, limit: int = 160) -> str:
    """``path`` for a message: whole, or its two ends around an ellipsis when it is long."""
    text = str(path)
    half = limit // 2
    return text if len(text) <= limit else f"{text[:half]}…{text[-half:]}"


def _check_target(target: Path) -> None:
    here = Path.cwd()
    if target.resolve() in (here, *here.parents):
        raise ExportError(
            f"{_shown(target)} is the working directory or holds it; name a directory to export into"
        )
    if target.is_file() or (target.exists() and not target.is_dir()):
        raise ExportError(
            f"{_shown(target)} is a file, not a directory; give a directory to export into"
        )
    for parent in target.parents:
        if parent.exists() and not parent.is_dir():
            raise ExportError(
                f"cannot create {_shown(target)}: {_shown(parent)} is a file, not a directory"
            )
    if target.is_dir():
        foreign = sorted(p.name for p in target.iterdir() if not _exported_name(p.name))
        if foreign:
            raise ExportError(
                f"{_shown(target)} is not empty and is not a csto export (it holds {foreign[0]}); "
                "give a new or empty directory"
            )


def _exported_name(name: str) -> bool:
    stem, _, ext = name.partition(".")
    return name in {"codebook.json", WORKBOOK} or (stem in TABLES and ext in _EXTENSION.values())


def _make_parents(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; return those created, outermost first."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()][::-1]
    try:
        for p in missing:
            p.mkdir()
    except OSError as exc:
        for p in reversed(missing):
            _rmdir_quietly(p)
        raise ExportError(f"cannot create {_shown(folder)}: {exc.strerror or exc}") from None
    return missing


def _rmdir_quietly(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not empty or already gone: it is not ours to remove
        folder.rmdir()


def _fresh(target: Path, kind: str) -> Path:
    """A name beside ``target`` that nothing uses: ``.NAME.<random>.tmp`` (or ``.old``)."""
    return target.parent / f".{target.name}.{secrets.token_hex(6)}.{kind}"


def _swap(tmp: Path, target: Path) -> None:
    """Rename ``tmp`` to ``target``; an existing ``target`` (empty or an earlier export) is moved aside
    first and removed once the new export is in place."""
    if not target.exists():
        tmp.replace(target)
        return
    old = _fresh(target, "old")
    target.replace(old)
    try:
        tmp.replace(target)
    except OSError:
        old.replace(target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _write(record: Record, folder: Path, format: str) -> list[str]:
    from csto.record.tables import tables

    frames = tables(record)
    names: list[str] = []
    if format == "xlsx":
        from csto.record.xlsx import write_workbook

        about = {"package": f"csto {__version__}", "data_hash": record.data_hash}
        write_workbook(folder / WORKBOOK, frames, codebook_rows(), about)
        names.append(WORKBOOK)
    else:
        writer = _WRITERS[format]
        for name, frame in frames.items():
            path = folder / f"{name}.{_EXTENSION[format]}"
            writer(frame, path, name)
            names.append(path.name)
    text = json.dumps(codebook(record), indent=1, ensure_ascii=False, default=str)
    (folder / "codebook.json").write_text(text, encoding="utf-8")
    names.append("codebook.json")
    return names


def _csv(frame: pd.DataFrame, path: Path, name: str) -> None:
    frame.to_csv(path, index=False, encoding="utf-8")


def _parquet(frame: pd.DataFrame, path: Path, name: str) -> None:
    frame.to_parquet(path, index=False)


def _json(frame: pd.DataFrame, path: Path, name: str) -> None:
    import pandas as pd

    plain = frame.copy()
    for col in TABLES[name].columns:
        if col.kind == "date":  # ISO days, not timestamps at midnight
            plain[col.name] = [None if pd.isna(d) else d.isoformat() for d in plain[col.name]]
    text = plain.to_json(orient="records", force_ascii=False, indent=1)
    path.write_text(text, encoding="utf-8")


def _stata(frame: pd.DataFrame, path: Path, name: str) -> None:
    from csto.record.dta import write_dta

    write_dta(frame, path, name)


_WRITERS: dict[str, Callable[[pd.DataFrame, Path, str], None]] = {
    "csv": _csv,
    "parquet": _parquet,
    "json": _json,
    "stata": _stata,
}
