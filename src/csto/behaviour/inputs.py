"""The coded inputs of the behaviour models: ``data/behaviour/inputs.yaml``, validated.

Every coded value is a :class:`Coded`: a number, a ``[low, high]`` range or a distribution mapping
(:class:`csto.crisis.Distribution`), with the ids of the claims it rests on (at least one) and an
optional note stating the interpretive assumption. Claims are the record's (those gathered for these
inputs are in ``data/claims/behaviour.yaml``, ids ``b-…``); a test checks that every cited id exists.

No leakage: a factor describes the situation (what was asked, who attacked whom, what the member
states faced at home and abroad), never what the alliance did. Claims that only report the response
are not cited as evidence for a factor.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from csto.crisis import Distribution, as_distribution
from csto.errors import DataFileError
from csto.record.claim import Claim

CASE_FACTORS = (
    "request_level",
    "regime_threat",
    "aggression",
    "russia_at_war",
    "russia_is_aggressor",
    "victim_is_russia",
    "adversary_member",
    "adversary_russian_partner",
)
"""Case-level factors (see :mod:`csto.behaviour.factors` for what each means and how it is used)."""

MEMBER_FACTORS = ("sanctions_exposure", "domestic_opinion_against", "ties_china")
"""Member-level cost factors on [0, 1]; absent means 0 (the sources report nothing)."""

MemberField = Literal[
    "capability",
    "salience",
    "favours_adversary",
    "sanctions_exposure",
    "domestic_opinion_against",
    "ties_china",
]


class Coded(BaseModel):
    """One coded value with its evidence."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: Distribution
    claims: list[str] = Field(min_length=1)
    note: str | None = None

    @field_validator("value", mode="before")
    @classmethod
    def _dist(cls, v: Any) -> Distribution:
        return as_distribution(v)


class Period(Coded):
    """A coded member-level value that holds from ``start`` (inclusive) until the next period."""

    start: dt.date


class SalienceRules(BaseModel):
    """Default saliences by role (a case or scenario may override per member)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    party: Coded = Field(description="the victim, the requester and a member that is the adversary")
    russia: Coded
    other: Coded


class CaseCoding(BaseModel):
    """The case-level factors of one historical case, and per-member overrides for it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    case: str
    request_level: Coded
    regime_threat: Coded
    aggression: Coded
    russia_at_war: Coded
    russia_is_aggressor: Coded
    victim_is_russia: Coded
    adversary_member: Coded
    adversary_russian_partner: Coded
    members: dict[str, dict[MemberField, Coded]] = Field(default_factory=dict)
    note: str | None = None

    def factor(self, name: str) -> Coded:
        value = getattr(self, name)
        assert isinstance(value, Coded)
        return value


class Inputs(BaseModel):
    """The whole inputs file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: int
    claims: list[Claim] = Field(default_factory=list)
    salience: SalienceRules
    partners: dict[str, Coded] = Field(
        default_factory=dict,
        description="Russia's closeness to a non-member adversary (favours_adversary of RUS)",
    )
    profiles: dict[str, dict[MemberField, list[Period]]]
    cases: list[CaseCoding]
    hash: str = ""

    def coding(self, case_id: str) -> CaseCoding | None:
        for c in self.cases:
            if c.case == case_id:
                return c
        return None

    def profile(self, iso3: str, field: str, day: dt.date) -> Period | None:
        """The member's coded value of ``field`` on ``day`` (the latest period started by then)."""
        periods = self.profiles.get(iso3, {}).get(field, [])  # type: ignore[call-overload]
        current = None
        for p in sorted(periods, key=lambda p: p.start):
            if p.start <= day:
                current = p
        return current

    def cited(self) -> list[tuple[str, str]]:
        """Every (where, claim id) cited anywhere in the file."""
        out: list[tuple[str, str]] = []

        def add(where: str, ids: list[str]) -> None:
            out.extend((where, i) for i in ids)

        for role in ("party", "russia", "other"):
            add(f"salience.{role}", getattr(self.salience, role).claims)
        for iso, coded in self.partners.items():
            add(f"partners.{iso}", coded.claims)
        for iso, fields in self.profiles.items():
            for field, periods in fields.items():
                for p in periods:
                    add(f"profiles.{iso}.{field}@{p.start}", p.claims)
        for c in self.cases:
            for name in CASE_FACTORS:
                add(f"{c.case}.{name}", c.factor(name).claims)
            for iso, member in c.members.items():
                for name, coded in member.items():
                    add(f"{c.case}.{iso}.{name}", coded.claims)
        return out


def inputs_path(root: Path | None = None) -> Path:
    """``behaviour/inputs.yaml`` of the record directory ``root`` (default: the shipped record's)."""
    from csto.record.load import record_dir

    return (root if root is not None else record_dir()) / "behaviour" / "inputs.yaml"


def load_inputs_from(path: Path) -> Inputs:
    """Read and validate an inputs file; errors name the file and the line."""
    from csto.record.yamlio import LineDict, line_of, read_yaml

    raw = read_yaml(path)
    if not isinstance(raw, dict):
        line = raw.line if isinstance(raw, LineDict) else 1
        raise DataFileError(str(path), line, "the inputs file must be a mapping")
    try:
        inputs = Inputs.model_validate(dict(raw))
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        field = ".".join(str(p) for p in loc)
        raise DataFileError(str(path), line_of(raw, loc), f"{field}: {err['msg']}") from None
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return inputs.model_copy(update={"hash": digest})


@lru_cache(maxsize=4)
def _cached(path: str) -> Inputs:
    return load_inputs_from(Path(path))


def load_inputs(path: Path | str | None = None) -> Inputs:
    """The shipped inputs (cached), or those in ``path``."""
    return _cached(str(path if path is not None else inputs_path()))
