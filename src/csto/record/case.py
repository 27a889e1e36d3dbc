"""Cases: historical crises that group their events, with what was asked and what the alliance did."""

from __future__ import annotations

from enum import IntEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from csto.record.fields import EDTF, Alpha3, Id


class OutcomeLevel(IntEnum):
    """The alliance's response on an ordinal scale."""

    NO_ACTION = 0
    STATEMENT = 1
    CONSULTATIONS = 2
    MILITARY_ASSISTANCE = 3


AdversaryKind = Literal["state", "member_state", "non_state", "domestic_unrest", "none", "unknown"]
Requested = Literal["nothing", "consultations", "assistance", "military_assistance", "membership"]
Territory = Literal["sovereign", "disputed", "occupied", "foreign", "none"]
CaseKind = Literal[
    "external_attack",
    "internal_unrest",
    "interstate_member_clash",
    "war_of_a_member",
    "institutional",
    "membership",
    "exercise",
]


class Case(BaseModel):
    """A crisis in the record.

    ``external_backing`` is what the sources establish (``None``: not established); ``framed_as_aggression``
    says the requester framed the crisis as external aggression (Kazakhstan 2022: "terrorist bands" with
    external support), which the treaty's "requester's framing" reading takes at its word.
    ``outcome_level`` codes what the alliance did on the 0–3 scale; ``None`` where the case is not a crisis
    to which the alliance could respond (an institutional episode such as a refusal to sign).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Id
    title: str
    kind: CaseKind
    start: EDTF
    end: EDTF | None = None
    trigger: str
    victim: Alpha3 | None = None
    adversary: str | None = None
    adversary_kind: AdversaryKind = "unknown"
    external_backing: bool | None = None
    framed_as_aggression: bool = False
    territory: Territory = "none"
    requester: Alpha3 | None = None
    requested: Requested = "nothing"
    framing: str | None = None
    response: str
    outcome_level: OutcomeLevel | None = None
    events: list[Id] = Field(default_factory=list)
    claims: list[Id] = Field(min_length=1)
    note: str | None = None
