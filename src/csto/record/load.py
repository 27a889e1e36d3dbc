"""Loading the record from its data files through one validator.

Each kind of entity lives in one human-editable YAML file under ``csto/data/`` (claims in ``claims/``, one
file per source). Every file is validated against its pydantic schema; then the record is checked as a
whole (unique keys, references, non-overlapping membership intervals, expected counts from
``manifest.yaml``). A bad file raises :class:`~csto.errors.DataFileError` with file, line and reason.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from csto.errors import DataFileError
from csto.record.alliance import Alliance
from csto.record.body import Body, Office, Tenure
from csto.record.case import Case
from csto.record.claim import Claim
from csto.record.event import Event
from csto.record.membership import Membership
from csto.record.observation import Observation
from csto.record.provision import Instrument, Provision
from csto.record.record import Record
from csto.record.source import Source
from csto.record.state import Actor, State
from csto.record.yamlio import LineDict, line_of, read_yaml

M = TypeVar("M", bound=BaseModel)

#: file name → (model, key attribute or None for list-only kinds)
FILES: dict[str, tuple[type[BaseModel], str | None]] = {
    "sources.yaml": (Source, "id"),
    "states.yaml": (State, "iso3"),
    "actors.yaml": (Actor, "id"),
    "alliances.yaml": (Alliance, "id"),
    "memberships.yaml": (Membership, None),
    "bodies.yaml": (Body, "id"),
    "offices.yaml": (Office, "id"),
    "tenures.yaml": (Tenure, None),
    "instruments.yaml": (Instrument, "id"),
    "provisions.yaml": (Provision, "id"),
    "events.yaml": (Event, "id"),
    "cases.yaml": (Case, "id"),
    "observations.yaml": (Observation, "id"),
}


def shipped_dir() -> Path:
    """The directory of the record that ships inside the package."""
    return Path(str(resources.files("csto") / "data"))


def record_dir() -> Path:
    """The directory of the record's YAML: ``$CSTO_RECORD_DIR`` (for editors and tests) or the shipped one.

    (``--data-dir`` and ``$CSTO_DATA_DIR`` name the team store's directory instead; see
    :func:`csto.session.open`.)
    """
    override = os.environ.get("CSTO_RECORD_DIR")
    if override:
        return Path(override)
    return shipped_dir()


def _format_error(path: Path, raw: Any, exc: ValidationError, index: int) -> DataFileError:
    err = exc.errors()[0]
    loc = tuple(err["loc"])
    line = line_of(raw, loc)
    field = ".".join(str(p) for p in loc) or "item"
    ident = raw.get("id") if isinstance(raw, dict) else None
    what = f"item {index + 1}" + (f" ({ident})" if ident else "")
    more = f" (and {len(exc.errors()) - 1} more problems)" if len(exc.errors()) > 1 else ""
    return DataFileError(str(path), line, f"{what}: {field}: {err['msg']}{more}")


def parse_items(path: Path, model: type[M], raw: Any) -> list[tuple[M, int | None]]:
    """Validate a parsed YAML list against ``model``; return items with their lines."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        line = raw.line if isinstance(raw, LineDict) else 1
        raise DataFileError(str(path), line, "the file must be a YAML list of items (- key: value)")
    out: list[tuple[M, int | None]] = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            raise DataFileError(str(path), None, f"item {i + 1} is not a mapping")
        try:
            out.append((model.model_validate(dict(item)), line_of(item)))
        except ValidationError as exc:
            raise _format_error(path, item, exc, i) from None
    return out


def kind_files(root: Path, name: str) -> list[Path]:
    """The files of one kind: ``name`` itself, then ``<stem>/*.yaml`` in name order.

    A kind may be split into a folder of files beside its main file (``cases.yaml`` and ``cases/nato.yaml``),
    so that a batch of new data lives in a file of its own. Keys stay unique across all of them.
    """
    folder = root / Path(name).stem
    extra = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    return [root / name, *extra]


def _claim_files(root: Path) -> list[Path]:
    claim_dir = root / "claims"
    return sorted(claim_dir.glob("*.yaml")) if claim_dir.is_dir() else []


def _files(root: Path) -> list[Path]:
    out: list[Path] = []
    for name in FILES:
        out.extend(kind_files(root, name))
    return out + _claim_files(root)


def hash_data(root: Path) -> str:
    """SHA-256 over every data file (name and bytes), the record's version for reproducibility."""
    digest = hashlib.sha256()
    for path in _files(root):
        if path.exists():
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def load_record_from(root: Path, extra_claims: list[Claim] | None = None) -> Record:
    """Load and validate the record in ``root``."""
    tables: dict[str, Any] = {}
    where: dict[tuple[str, str], tuple[Path, int | None]] = {}
    for name, (model, key) in FILES.items():
        if not (root / name).exists():
            raise DataFileError(str(root / name), None, "missing data file")
        rows: list[Any] = []
        table: dict[str, Any] = {}
        for path in kind_files(root, name):
            items = parse_items(path, model, read_yaml(path))
            if key is None:
                for item, line in items:
                    where[(name, str(len(rows)))] = (path, line)
                    rows.append(item)
                continue
            for item, line in items:
                ident = getattr(item, key)
                if ident in table:
                    first_path, first = where[(name, ident)]
                    at = f"line {first}" if first_path == path else f"{first_path.name}:{first}"
                    raise DataFileError(str(path), line, f"duplicate key {ident!r} (first at {at})")
                table[ident] = item
                where[(name, ident)] = (path, line)
        tables[name] = rows if key is None else table

    claims: dict[str, Claim] = {}
    for path in _claim_files(root):
        for claim, line in parse_items(path, Claim, read_yaml(path)):
            if claim.id in claims:
                first_path, first_line = where[("claims", claim.id)]
                raise DataFileError(
                    str(path),
                    line,
                    f"duplicate claim id {claim.id!r} (first at {first_path.name}:{first_line})",
                )
            claims[claim.id] = claim
            where[("claims", claim.id)] = (path, line)
    for claim in extra_claims or []:
        if claim.id in claims:
            raise DataFileError(
                "<store>", None, f"claim id {claim.id!r} clashes with a shipped claim"
            )
        claims[claim.id] = claim

    record = Record(
        sources=tables["sources.yaml"],
        states=tables["states.yaml"],
        actors=tables["actors.yaml"],
        alliances=tables["alliances.yaml"],
        memberships=tables["memberships.yaml"],
        bodies=tables["bodies.yaml"],
        offices=tables["offices.yaml"],
        tenures=tables["tenures.yaml"],
        instruments=tables["instruments.yaml"],
        provisions=tables["provisions.yaml"],
        events=tables["events.yaml"],
        cases=tables["cases.yaml"],
        observations=tables["observations.yaml"],
        claims=claims,
        data_hash=hash_data(root),
    )
    from csto.record.validate import validate_record

    validate_record(record, root, where)
    return record


@lru_cache(maxsize=4)
def _cached(root: str) -> Record:
    return load_record_from(Path(root))


def load_record(root: Path | str | None = None) -> Record:
    """The record in ``root`` (default: :func:`record_dir`), cached per directory.

    Raises :class:`~csto.errors.DataFileError` (file, line, what) for a bad data file.
    """
    return _cached(str(Path(root) if root is not None else record_dir()))
