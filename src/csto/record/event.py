"""Events: dated, typed happenings with participants in roles."""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict, Field

from csto.record.dates import Interval
from csto.record.fields import EDTF, Id


class EventType(str, Enum):
    """What kind of happening an event is."""

    REQUEST_FOR_ASSISTANCE = "request_for_assistance"
    REQUEST_FOR_CONSULTATIONS = "request_for_consultations"
    COLLECTIVE_DECISION = "collective_decision"
    REFUSAL = "refusal"
    DEPLOYMENT = "deployment"
    WITHDRAWAL_OF_FORCES = "withdrawal_of_forces"
    FACT_FINDING_MISSION = "fact_finding_mission"
    EXERCISE = "exercise"
    EXERCISE_CANCELLED = "exercise_cancelled"
    NON_PARTICIPATION = "non_participation"
    ARMED_CLASH = "armed_clash"
    WAR = "war"
    UNREST = "unrest"
    INCURSION = "incursion"
    STATEMENT = "statement"
    SUMMIT = "summit"
    MEMBERSHIP_CHANGE = "membership_change"
    REFUSAL_TO_SIGN = "refusal_to_sign"
    AGREEMENT = "agreement"
    INSTITUTIONAL = "institutional"
    OVERTURE = "overture"
    POLL = "poll"
    SANCTION = "sanction"
    CEASEFIRE = "ceasefire"


class Role(str, Enum):
    """The part a participant plays in an event."""

    REQUESTER = "requester"
    ADVERSARY = "adversary"
    CONTRIBUTOR = "contributor"
    HOST = "host"
    DECIDER = "decider"
    TARGET = "target"
    BELLIGERENT = "belligerent"
    SPEAKER = "speaker"
    ABSTAINER = "abstainer"
    PARTICIPANT = "participant"
    MEDIATOR = "mediator"


class Participant(BaseModel):
    """An actor in a role. ``actor`` is an alpha-3 state code, an actor id, or ``csto``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    actor: str
    role: Role
    note: str | None = None


class Event(BaseModel):
    """Something that happened, with its date (partial), place, participants and outcome."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Id
    type: EventType
    title: str
    start: EDTF
    end: EDTF | None = None
    place: str | None = None
    participants: list[Participant] = Field(default_factory=list)
    outcome: str | None = None
    case: Id | None = None
    claims: list[Id] = Field(min_length=1)

    @property
    def interval(self) -> Interval:
        return Interval(self.start, self.end if self.end is not None else self.start)

    def actors(self, role: Role | None = None) -> list[str]:
        return [p.actor for p in self.participants if role is None or p.role == role]
