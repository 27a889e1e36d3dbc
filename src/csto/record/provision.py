"""Instruments (treaty, charter, agreements) and their provisions, quoted where a source quotes them."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from csto.record.fields import EDTF, Alpha3, Id

InstrumentKind = Literal["treaty", "charter", "agreement", "protocol", "declaration"]


class Instrument(BaseModel):
    """A legal instrument of an alliance: when and where signed, by whom, when in force."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Id
    title: str
    kind: InstrumentKind
    alliance: Id
    signed: EDTF | None = None
    place: str | None = None
    in_force: EDTF | None = None
    signatories: list[Alpha3] = Field(default_factory=list)
    refused: list[Alpha3] = Field(default_factory=list, description="states that declined to sign")
    claims: list[Id] = Field(min_length=1)


class Provision(BaseModel):
    """An article of an instrument. ``text`` is verbatim where a source quotes it; ``summary`` otherwise."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Id
    instrument: Id
    article: str
    title: str
    text: str | None = None
    summary: str
    external: bool = False
    claims: list[Id] = Field(min_length=1)
