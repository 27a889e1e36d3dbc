"""Exporting the record: tidy tables, a state-year panel, and a codebook generated from the schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from csto.errors import CstoError
from csto.record.record import Record
from csto.version import __version__

FORMATS = ("csv", "parquet", "json")


def codebook(record: Record) -> dict[str, Any]:
    """Field descriptions per model, from the pydantic JSON schemas, with version and data hash."""
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

    models: list[type[BaseModel]] = [
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
        "claims_value": "claims.value is JSON text (values mix strings, numbers, booleans and lists)",
        "dates": "EDTF text (YYYY, YYYY-MM, YYYY-MM-DD, ? uncertain, ~ approximate, [a,b] one of); "
        "*_earliest/*_latest give the span of days, *_precision its precision",
        "statuses": {s.value: p for s, p in STATUS_PROFILE.items()},
        "outcome_levels": {
            0: "no action",
            1: "statement",
            2: "consultations or fact-finding",
            3: "military assistance",
        },
        "state_year": {
            "iso3": "ISO 3166-1 alpha-3",
            "ccode": "Correlates of War state code",
            "stateabb": "COW abbreviation",
            "year": "calendar year",
            "status_dec31": "status on 31 December (| joins statuses the data cannot tell apart)",
            "certainty_dec31": "certain, contested or uncertain",
            "belonged": "belonged at some point of the year: yes, no, uncertain",
        },
        "models": {m.__name__: m.model_json_schema() for m in models},
    }


def export(rec: Record, directory: Path, format: str = "csv") -> list[Path]:
    """Write every table and ``codebook.json``; files are written to temporary names, then renamed."""
    from csto.record.tables import tables

    if format not in FORMATS:
        raise CstoError(f"unknown format {format!r}; use one of {', '.join(FORMATS)}")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CstoError(f"cannot create {directory}: {exc.strerror}") from None
    written: list[Path] = []
    try:
        for name, frame in tables(rec).items():
            path = directory / f"{name}.{format}"
            tmp = path.with_name(path.name + ".tmp")
            if format == "csv":
                frame.to_csv(tmp, index=False)
            elif format == "parquet":
                frame.to_parquet(tmp, index=False)
            else:
                tmp.write_text(
                    frame.to_json(orient="records", date_format="iso", force_ascii=False, indent=1)
                )
            tmp.replace(path)
            written.append(path)
        book = directory / "codebook.json"
        tmp = book.with_name("codebook.json.tmp")
        tmp.write_text(json.dumps(codebook(rec), indent=1, ensure_ascii=False, default=str))
        tmp.replace(book)
        written.append(book)
    except OSError as exc:
        raise CstoError(f"cannot write to {directory}: {exc.strerror}") from None
    return written
