"""The three-valued result of a condition (met, not met, contested), with its reason and claims."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Status = Literal["met", "not_met", "contested"]

MET: Status = "met"
NOT_MET: Status = "not_met"
CONTESTED: Status = "contested"


@dataclass(frozen=True)
class ConditionResult:
    """One condition evaluated on one crisis under one reading.

    ``citations`` are claim ids of the record (``csto claims`` shows them with their verbatim quotes).
    """

    condition: str
    status: Status
    reason: str
    citations: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["citations"] = list(self.citations)
        return out


def combine(statuses: Iterable[Status]) -> Status:
    """A conjunction in three values: any ``not_met`` wins, then any ``contested``; empty is ``met``."""
    seen = set(statuses)
    if NOT_MET in seen:
        return NOT_MET
    if CONTESTED in seen:
        return CONTESTED
    return MET


def unique(items: Iterable[str]) -> tuple[str, ...]:
    """Items in first-seen order without repeats."""
    return tuple(dict.fromkeys(items))
