"""Observations: an indicator's value at a time (polls, trade growth, investment, counts)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from csto.record.fields import EDTF, Id


class Observation(BaseModel):
    """``indicator`` of ``subject`` was ``value`` ``unit`` at ``time`` (``comparator`` for "more than")."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Id
    indicator: str
    subject: str
    value: float
    unit: str
    comparator: str = "="
    time: EDTF | None = None
    note: str | None = None
    claims: list[Id] = Field(min_length=1)
