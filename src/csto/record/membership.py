"""Membership: a state's status in an alliance over an interval of time."""

from __future__ import annotations

from enum import Enum
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from csto.record.dates import Interval
from csto.record.fields import EDTF, Alpha3, Id


class Status(str, Enum):
    """A state's standing in the alliance. Each status carries a profile (see :data:`STATUS_PROFILE`)."""

    ACCESSION_PENDING = "accession_pending"
    SIGNATORY = "signatory"
    MEMBER = "member"
    EXIT_PENDING = "exit_pending"
    PARTICIPATION_FROZEN = "participation_frozen"
    SUSPENDED = "suspended"
    WITHDRAWN = "withdrawn"


STATUS_PROFILE: dict[Status, dict[str, bool | str]] = {
    Status.ACCESSION_PENDING: {
        "belongs": False,
        "good_standing": False,
        "description": "asked to join or was admitted in principle; the act that makes it a party is pending",
    },
    Status.SIGNATORY: {
        "belongs": True,
        "good_standing": True,
        "description": "signed the treaty, which had not yet entered into force",
    },
    Status.MEMBER: {"belongs": True, "good_standing": True, "description": "full member"},
    Status.EXIT_PENDING: {
        "belongs": True,
        "good_standing": True,
        "description": (
            "announced or notified its exit (or let the treaty lapse), which has not yet taken effect: "
            "in law still a member"
        ),
    },
    Status.PARTICIPATION_FROZEN: {
        "belongs": True,
        "good_standing": False,
        "description": "still a member, but takes part in none of the organization's bodies",
    },
    Status.SUSPENDED: {
        "belongs": False,
        "good_standing": False,
        "description": "membership suspended by the state itself",
    },
    Status.WITHDRAWN: {
        "belongs": False,
        "good_standing": False,
        "description": "left the alliance",
    },
}
"""Filterable profile of each status: does it count as belonging, and as good standing (a vote)?"""


class Membership(BaseModel):
    """One interval of one status. Intervals of a state never overlap; a change closes one, opens the next.

    ``alternatives`` lists statuses that other claims give for the same interval (a conflict kept
    visible, never silently resolved); ``status`` is the one most sources give.

    A boundary known from two dated acts (request → decision, signature → entry into force, note →
    Council decision) is a *window*: the interval between the two acts has a pending status
    (``accession_pending`` or ``exit_pending``) and the next interval starts on the act that makes the legal
    change, named by its ``start_event``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    STATUSES: ClassVar[type[Status]] = Status

    state: Alpha3
    alliance: Id = "csto"
    status: Status
    start: EDTF
    end: EDTF | None = None
    alternatives: list[Status] = Field(default_factory=list)
    claims: list[Id] = Field(min_length=1)
    alternative_claims: list[Id] = Field(default_factory=list)
    start_event: Id | None = Field(
        default=None,
        description="the event that defines the legal change at the start of this interval",
    )
    note: str | None = None

    @model_validator(mode="after")
    def _check(self) -> Membership:
        Interval(self.start, self.end)  # raises if the end precedes the start
        if self.alternatives and not self.alternative_claims:
            raise ValueError("alternatives need the claims that give them (alternative_claims)")
        return self

    @property
    def interval(self) -> Interval:
        return Interval(self.start, self.end)

    @property
    def contested(self) -> bool:
        return (
            bool(self.alternatives) or self.start.uncertain or bool(self.end and self.end.uncertain)
        )
