"""The claim: one sourced statement, the unit of evidence of the record."""

from __future__ import annotations

import builtins
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from csto.record.fields import Id, Period


class Claim(BaseModel):
    """A statement that ``subject``'s ``property`` has ``value`` (at ``time``), as ``source`` says.

    ``quote`` is verbatim from the source (for a seed, a test checks it is in the file, whitespace-normalised).
    ``external`` marks facts from outside the seeds; they must cite a source of kind ``external``.
    A ``derived`` claim is stated by no source but follows from the claims in ``derived_from``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Id
    subject: str
    property: str = Field(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")
    value: Any
    time: Period | None = None
    source: Id
    quote: str | None = None
    note: str | None = None
    external: bool = False
    derived_from: list[Id] = Field(default_factory=list)
    added_by: str | None = None

    @model_validator(mode="after")
    def _evidence(self) -> Claim:
        if self.derived_from:
            if self.source != "derived":
                raise ValueError("a claim with derived_from must have source: derived")
            if not self.note:
                raise ValueError("a derived claim needs a note that says how it follows")
        elif not self.quote:
            raise ValueError("a claim needs a verbatim quote from its source")
        return self

    @builtins.property
    def derived(self) -> bool:
        return bool(self.derived_from)
