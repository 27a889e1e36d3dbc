"""The claim: one sourced statement, the unit of evidence of the record."""

from __future__ import annotations

import builtins
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from csto.record.fields import Id, Period


class Claim(BaseModel):
    """A statement that ``subject``'s ``property`` has ``value`` (at ``time``), as ``source`` says.

    ``quote`` is verbatim from the source (for a seed, a test checks it is in the file, whitespace-normalised).
    ``external`` marks facts from outside the seeds; they must cite a source of kind ``external``.
    A ``derived`` claim is stated by no source but follows from the claims in ``derived_from``.

    ``rank`` follows Wikidata's ranks: ``preferred`` where primary evidence settles a disagreement in the
    claim's favour, ``deprecated`` where it contradicts the claim, ``normal`` otherwise. A non-normal rank
    carries its ``rank_reason`` and the claims that ground it (``rank_grounds``), resolved by the source
    hierarchy (treaty texts and official decisions > contemporaneous reports > later commentary). A
    deprecated claim never decides an answer but is always shown beside it.
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
    rank: Literal["preferred", "normal", "deprecated"] = "normal"
    rank_reason: str | None = None
    rank_grounds: list[Id] = Field(default_factory=list)

    @model_validator(mode="after")
    def _evidence(self) -> Claim:
        if self.rank != "normal" and (not self.rank_reason or not self.rank_grounds):
            raise ValueError(
                f"a {self.rank} claim needs rank_reason and rank_grounds (the claims that justify it)"
            )
        if self.rank == "normal" and (self.rank_reason or self.rank_grounds):
            raise ValueError(
                "rank_reason and rank_grounds belong to a preferred or deprecated claim"
            )
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
