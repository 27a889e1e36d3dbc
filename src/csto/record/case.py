"""Cases: requests to an alliance and (for the CST/CSTO) unrequested armed violence on a member's territory.

A case is admitted to the case base by a written inclusion rule (``docs/explanation/case-base.md``):

* clause ``a``: a formal request by a member government to an alliance or collective-security organisation
  it belongs to, for consultations, assistance or forces, or an invocation of a collective-defence or
  consultation article;
* clause ``b``: for the CST/CSTO only, armed violence on a member's territory (UCDP's 25 battle-deaths
  threshold where a source gives a figure) with no request: an *unrequested* case.

Each case codes what was asked and what the alliance did (its outcome level, 0–3), the case-level factors
shared by every alliance (:class:`CaseFactors`, each with its citations), and, where sources disagree on the
request or the outcome, named coding variants (:class:`CodingVariant`). The top-level ``requested``,
``requester`` and ``outcome_level`` are the default coding; :meth:`Case.under` gives the case under a variant.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from csto.record.fields import EDTF, Alpha3, Id


class OutcomeLevel(IntEnum):
    """The alliance's response on an ordinal scale (the outcome codebook, ``docs/reference/outcomes.md``).

    0 nothing or a refusal · 1 a statement · 2 consultations, a mission or non-troop aid ·
    3 forces deployed under the alliance's flag or by members acting on the request.
    """

    NO_ACTION = 0
    STATEMENT = 1
    CONSULTATIONS = 2
    MILITARY_ASSISTANCE = 3


OUTCOME_LABELS: dict[int, str] = {
    0: "no action",
    1: "statement",
    2: "consultations, mission or non-troop aid",
    3: "forces deployed",
}
"""Short labels of the outcome levels, used by every front end and the export codebook."""

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
Clause = Literal["a", "b"]
"""The inclusion clause that admitted a case: ``a`` a request or invocation, ``b`` unrequested violence."""

Threat = Literal["external_attack", "external_threat", "internal_unrest", "member_clash"]
"""The kind of threat, generalised across alliances.

``external_attack``: armed violence against the requester by a state or armed group from outside;
``external_threat``: a threat from outside with no attack yet (a neighbour's war, a build-up, a spill-over);
``internal_unrest``: unrest, insurgency or a coup attempt inside the requester's territory;
``member_clash``: armed violence between two members of the same alliance.
"""

Alignment = Literal["close", "moderate", "distant"]
"""The requester's alignment with the alliance's leading state at the time of the case."""


class Factor(BaseModel):
    """One coded case-level factor: its value, the claims it rests on (at least one), and a note."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: str | bool | int | float | None
    claims: list[Id] = Field(min_length=1)
    note: str | None = None


class CaseFactors(BaseModel):
    """The case-level factors the behaviour models use, coded the same way for every alliance.

    * ``threat`` (:data:`Threat`): the kind of threat;
    * ``adversary_member``: the adversary is a member of the same alliance;
    * ``adversary_leader_partner``: the adversary is a partner or ally of the alliance's leading state
      (outside the alliance);
    * ``leader_at_war``: the leading state is at war elsewhere when the request is made;
    * ``requester_alignment`` (:data:`Alignment`): the requester's alignment with the leading state.

    Each factor is coded from the situation, never from the alliance's response (no leakage).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    threat: Factor
    adversary_member: Factor
    adversary_leader_partner: Factor
    leader_at_war: Factor
    requester_alignment: Factor

    @model_validator(mode="after")
    def _values(self) -> CaseFactors:
        threats = {"external_attack", "external_threat", "internal_unrest", "member_clash"}
        if self.threat.value not in threats:
            raise ValueError(
                f"threat: one of {', '.join(sorted(threats))}, not {self.threat.value!r}"
            )
        for name in ("adversary_member", "adversary_leader_partner", "leader_at_war"):
            if not isinstance(getattr(self, name).value, bool):
                raise ValueError(f"{name}: true or false, not {getattr(self, name).value!r}")
        if self.requester_alignment.value not in {"close", "moderate", "distant"}:
            raise ValueError(
                "requester_alignment: one of close, moderate, distant, "
                f"not {self.requester_alignment.value!r}"
            )
        return self


class CodingVariant(BaseModel):
    """An alternative coding of a contested case: what it changes, and the claims it rests on.

    A field left out keeps the default coding's value. ``source_kind`` says where the variant comes from:
    ``sources`` (the sources disagree) or ``coder`` (two independent coders disagreed).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: Id
    requested: Requested | None = None
    requester: Alpha3 | None = None
    outcome_level: OutcomeLevel | None = None
    clause: Clause | None = None
    claims: list[Id] = Field(min_length=1)
    source_kind: Literal["sources", "coder"] = "sources"
    note: str


class Case(BaseModel):
    """A case of the case base: a request to an alliance, or unrequested violence on a CSTO member.

    ``alliance`` is the alliance asked (``csto`` for the CST and the CSTO). ``clause`` names the inclusion
    clause; ``None`` marks an episode kept for its history but outside the case base (scored by no model).
    ``article`` names the article invoked, where one was (``"NATO Art. 4"``).
    ``external_backing`` is what the sources establish (``None``: not established); ``framed_as_aggression``
    says the requester framed the crisis as external aggression (Kazakhstan 2022: "terrorist bands" with
    external support), which the treaty's "requester's framing" reading takes at its word.
    ``outcome_level`` codes what the alliance did on the 0–3 scale (the default coding), citing
    ``outcome_claims``; ``None`` only outside the case base.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Id
    title: str
    alliance: Id = "csto"
    clause: Clause | None = None
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
    article: str | None = None
    framing: str | None = None
    response: str
    outcome_level: OutcomeLevel | None = None
    outcome_claims: list[Id] = Field(default_factory=list)
    factors: CaseFactors | None = None
    variants: list[CodingVariant] = Field(default_factory=list)
    events: list[Id] = Field(default_factory=list)
    claims: list[Id] = Field(min_length=1)
    note: str | None = None

    @model_validator(mode="after")
    def _coherent(self) -> Case:
        names = [v.name for v in self.variants]
        if len(set(names)) != len(names):
            raise ValueError("variants: names must be unique")
        if "default" in names:
            raise ValueError("variants: 'default' names the top-level coding")
        if self.clause == "b" and self.alliance != "csto":
            raise ValueError("clause b (unrequested violence) admits CST/CSTO cases only")
        return self

    @property
    def variant_names(self) -> list[str]:
        """``default`` and the names of the alternative codings."""
        return ["default", *(v.name for v in self.variants)]

    def under(self, variant: str = "default") -> Case:
        """The case coded under ``variant`` (``default``: itself); a variant the case lacks leaves it unchanged.

        Raises ``KeyError`` never: a variant name that no case has is checked by the caller.
        """
        if variant == "default":
            return self
        for v in self.variants:
            if v.name == variant:
                changes = {
                    k: getattr(v, k)
                    for k in ("requested", "requester", "outcome_level", "clause")
                    if getattr(v, k) is not None
                }
                return self.model_copy(update=changes)
        return self
