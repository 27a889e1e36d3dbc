"""Bodies of the organization, their offices, and the tenures of office-holders."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from csto.record.dates import Interval
from csto.record.fields import EDTF, Alpha3, Id

BodyKind = Literal["council", "staff", "secretariat", "assembly", "force", "branch"]


class Body(BaseModel):
    """A body of the alliance: the Collective Security Council, the Joint Staff, a force, …"""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Id
    name: str
    kind: BodyKind
    alliance: Id = "csto"
    established: EDTF | None = None
    dissolved: EDTF | None = None
    seat: str | None = None
    decision_rule: str | None = None
    description: str
    claims: list[Id] = Field(min_length=1)


class Office(BaseModel):
    """A post in a body (Secretary General, Chief of the Joint Staff)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Id
    title: str
    body: Id
    claims: list[Id] = Field(min_length=1)


class Tenure(BaseModel):
    """One holder's time in an office, with nationality and whether the holder was acting."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    office: Id
    holder: str
    nationality: Alpha3
    start: EDTF | None = None
    end: EDTF | None = None
    acting: bool = False
    claims: list[Id] = Field(min_length=1)
    note: str | None = None

    @property
    def interval(self) -> Interval:
        return Interval(self.start, self.end)
