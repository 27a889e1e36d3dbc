"""Alliances: the CST (1992) and the CSTO (2002) as phases of one alliance; NATO for comparison."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from csto.record.fields import EDTF, Id


class Phase(BaseModel):
    """A phase of an alliance's life under one instrument and name."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Id
    name: str
    abbreviation: str
    start: EDTF
    end: EDTF | None = None
    description: str
    claims: list[Id] = Field(min_length=1)


class Alliance(BaseModel):
    """An alliance with its phases.

    ``role`` says whether it is modelled (the CST/CSTO), compared with (NATO) or only a source of reference
    cases (other alliances' requests, which set priors and test whether a model transfers).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Id
    name: str
    abbreviation: str
    role: Literal["modelled", "comparison", "reference"]
    founded: EDTF
    phases: list[Phase] = Field(default_factory=list)
    atop_id: int | None = Field(default=None, description="ATOP alliance id, where known")
    cow_id: int | None = Field(
        default=None, description="COW Formal Alliances (v4.1) version4id, where known"
    )
    leader: str | None = Field(
        default=None,
        description="the alliance's leading state (alpha-3), used by the case-level factors",
    )
    notes: list[str] = Field(default_factory=list)
    claims: list[Id] = Field(min_length=1)

    def phase_on(self, year: int) -> Phase | None:
        """The phase whose span certainly contains the given year, if any."""
        for phase in self.phases:
            if phase.start.earliest.year <= year and (
                phase.end is None or year < phase.end.latest.year
            ):
                return phase
        return None
