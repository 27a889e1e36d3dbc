"""Sources: the five seed articles, public documents from outside them, and derivations."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from csto.record.fields import EDTF, Id

SourceKind = Literal["seed", "external", "derived", "user"]


class Source(BaseModel):
    """Where a claim comes from. For a seed, ``seed_file`` names the file in the seeds directory.

    Only metadata ships with the package, never the text of an article.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Id
    kind: SourceKind
    title: str
    author: str | None = None
    publisher: str | None = None
    date: EDTF | None = None
    seed_file: str | None = None
    url: str | None = None
    note: str | None = None

    def cite(self) -> str:
        """A short citation: author, title, publisher, date."""
        parts = [p for p in (self.author, f"“{self.title}”", self.publisher) if p]
        if self.date is not None:
            parts.append(self.date.edtf)
        if self.seed_file:
            parts.append(f"[{self.seed_file}]")
        return ", ".join(parts)
