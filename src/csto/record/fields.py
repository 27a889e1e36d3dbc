"""Pydantic field types shared by the record's models (dates as EDTF text, ids, state codes)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, StringConstraints, WithJsonSchema

from csto.record.dates import OneOf, PartialDate, parse_date


def _to_when(value: Any) -> PartialDate | OneOf:
    if isinstance(value, PartialDate | OneOf):
        return value
    if isinstance(value, str | int):
        return parse_date(value)
    raise ValueError(f"expected an EDTF date such as 2006, 1999-04 or 2022-01-06, got {value!r}")


EDTF = Annotated[
    PartialDate | OneOf,
    BeforeValidator(_to_when),
    PlainSerializer(lambda w: w.edtf, return_type=str),
    WithJsonSchema(
        {"type": "string", "description": "EDTF date: YYYY, YYYY-MM, YYYY-MM-DD, [a,b]"}
    ),
]
"""A partial date stored and serialised as EDTF text."""

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=80)]
"""A record identifier: lower-case letters, digits, dots, dashes and underscores."""

Alpha3 = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
"""An ISO 3166-1 alpha-3 code."""


def _check_period(value: Any) -> str:
    from csto.record.dates import parse_interval

    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"expected an EDTF date or interval, got {value!r}")
    parse_interval(value)
    return value


Period = Annotated[
    str,
    BeforeValidator(_check_period),
    WithJsonSchema(
        {"type": "string", "description": "EDTF date or interval (start/end, .. for open)"}
    ),
]
"""A date or an interval (``2006/2012``), validated and kept as EDTF text."""
