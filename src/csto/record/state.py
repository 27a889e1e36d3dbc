"""States (and the few non-state actors the record names), with codes that join other data sets."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from csto.record.fields import Alpha3, Id


class State(BaseModel):
    """A state keyed by ISO 3166-1 alpha-3, with its Correlates of War code, names and aliases."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    iso3: Alpha3
    iso2: str = Field(pattern=r"^[A-Z]{2}$")
    cow: int | None = Field(default=None, description="Correlates of War state code (ccode)")
    cow_abb: str | None = Field(
        default=None, description="Correlates of War abbreviation (StateAbb)"
    )
    name: str
    aliases: list[str] = Field(default_factory=list)
    capital: str | None = None
    region: Literal["Caucasus", "Central Asia", "Eastern Europe", "Other"] = "Other"

    def names(self) -> list[str]:
        """Every name this state answers to: codes, name, aliases."""
        out = [self.iso3, self.iso2, self.name, *self.aliases]
        if self.cow_abb:
            out.append(self.cow_abb)
        if self.cow is not None:
            out.append(str(self.cow))
        return out


class Actor(BaseModel):
    """A non-state actor (an armed group, a private military company, protesters)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Id
    name: str
    kind: Literal["armed group", "private military company", "protest movement", "organization"]
    based_in: Alpha3 | None = None
    claims: list[Id] = Field(default_factory=list)
