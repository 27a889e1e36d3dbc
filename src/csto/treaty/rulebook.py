"""The schema of ``rules.yaml``: the provisions as data (treaties, deciding procedures, rules).

Loading and checking the file against the record is :mod:`csto.treaty.rules`' job; this module only
defines the shapes, so that the condition vocabulary and the checks can name them without a cycle.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from csto.record.fields import EDTF, Alpha3, Id

TreatyId = Literal["cst", "nato"]
Modality = Literal["shall", "may", "purpose"]


class ConditionSpec(BaseModel):
    """A condition of the vocabulary with its arguments; in YAML a name or ``name: {arg: value}``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    args: dict[str, Any] = Field(default_factory=dict)

    @classmethod
    def parse(cls, value: Any) -> ConditionSpec:
        if isinstance(value, ConditionSpec):
            return value
        if isinstance(value, str):
            return cls(name=value)
        if isinstance(value, dict) and len(value) == 1:
            ((name, args),) = value.items()
            if args is None:
                args = {}
            if not isinstance(args, dict):
                raise ValueError(f"the arguments of {name!r} must be a mapping, got {args!r}")
            return cls(name=str(name), args=dict(args))
        raise ValueError(
            f"a condition is a name or a one-key mapping name: {{args}}, got {value!r}"
        )

    def label(self) -> str:
        if not self.args:
            return self.name
        inner = ", ".join(f"{k}={v}" for k, v in self.args.items())
        return f"{self.name}({inner})"


def _conditions(value: Any) -> list[ConditionSpec]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValueError("conditions must be a list")
    return [ConditionSpec.parse(v) for v in value]


class CitedParty(BaseModel):
    """A party the record names only through a claim (no membership intervals)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    state: Alpha3
    as_of: EDTF
    claims: list[Id] = Field(min_length=1)


class TreatyDef(BaseModel):
    """A treaty the engine assesses crises under, and whose membership makes a state a party."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: TreatyId
    title: str
    alliance: Id
    instrument: Id
    cited_parties: list[CitedParty] = Field(default_factory=list)


class Procedure(BaseModel):
    """Who decides and by which rule; ``basis`` says whether the rule is cited, external or assumed."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Id
    treaty: TreatyId
    body: Id | None = None
    rule: str
    basis: Literal["cited", "external", "assumption"]
    statement: str
    claims: list[Id] = Field(min_length=1)


class Obliged(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    who: Literal["all_other_parties", "each_party", "instrument_parties"]
    text: str


class Action(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    does: str
    level: int = Field(
        ge=0, le=3, description="0 none · 1 statement · 2 consultations · 3 military"
    )


class Rule(BaseModel):
    """One provision as an executable rule."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Id
    treaty: TreatyId
    provision: Id
    title: str
    modality: Modality
    external: bool
    claims: list[Id] = Field(min_length=1)
    trigger: list[ConditionSpec] = Field(min_length=1)
    preconditions: list[ConditionSpec] = Field(default_factory=list)
    obliged: Obliged
    action: Action
    decided_by: Id
    assumptions: list[str] = Field(min_length=1)

    @field_validator("trigger", "preconditions", mode="before")
    @classmethod
    def _parse_conditions(cls, value: Any) -> list[ConditionSpec]:
        return _conditions(value)


class RuleBook(BaseModel):
    """Everything in ``rules.yaml``."""

    model_config = ConfigDict(frozen=True)

    treaties: dict[str, TreatyDef]
    procedures: dict[str, Procedure]
    rules: list[Rule]
    path: str = ""
    hash: str = ""
    """SHA-256 of the rules file's bytes (part of every derived result's data hash)."""

    def treaty(self, treaty_id: str) -> TreatyDef:
        from csto.errors import CstoError

        if treaty_id not in self.treaties:
            known = ", ".join(sorted(self.treaties))
            raise CstoError(f"Unknown treaty {treaty_id!r}. Known treaties: {known}.")
        return self.treaties[treaty_id]

    def rules_of(self, treaty_id: str) -> list[Rule]:
        self.treaty(treaty_id)
        return [r for r in self.rules if r.treaty == treaty_id]
