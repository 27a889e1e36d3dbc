"""The three-valued result of a condition (met, not met, contested), with its reason and claims."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from csto.record.rows import Row

Status = Literal["met", "not_met", "contested"]

MET: Status = "met"
NOT_MET: Status = "not_met"
CONTESTED: Status = "contested"


class ConditionResult(Row):
    """One condition evaluated on one crisis under one reading.

    ``citations`` are claim ids of the record (``csto claims`` shows them with their verbatim quotes).
    """

    condition: str
    status: Status
    reason: str
    citations: tuple[str, ...] = ()


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
