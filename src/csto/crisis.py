"""A crisis: a historical case from the record or an imagined scenario from a YAML file.

Both the treaty engine (:mod:`csto.treaty`) and the behaviour models (:mod:`csto.behaviour`) take a
:class:`Crisis`. A scenario file is YAML with the fields below; ``actors`` holds optional per-actor
overrides for the behaviour models. A bad file raises :class:`~csto.errors.DataFileError` naming the file,
the line and the field at fault.

Example scenario::

    id: armenia-invokes-again
    title: Armenia invokes Article 4 against Azerbaijan again
    date: 2027-03-01
    victim: ARM
    adversary: AZE
    adversary_kind: state
    territory: sovereign
    requested: military_assistance
    requester: ARM
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from csto.errors import DataFileError
from csto.record.fields import EDTF, Alpha3, Id
from csto.record.record import Record

AdversaryKind = Literal["state", "member_state", "non_state", "domestic_unrest", "none", "unknown"]
Territory = Literal["sovereign", "disputed", "occupied", "foreign", "none"]
Requested = Literal["nothing", "consultations", "assistance", "military_assistance", "membership"]


class Distribution(BaseModel):
    """A coded input that may be uncertain: a point, a range (uniform), triangular or beta on [low, high]."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["point", "uniform", "triangular", "beta"] = "point"
    value: float | None = None
    low: float | None = None
    high: float | None = None
    mode: float | None = None
    a: float | None = None
    b: float | None = None

    @model_validator(mode="after")
    def _check(self) -> Distribution:
        if self.kind == "point":
            if self.value is None:
                raise ValueError("a point needs value")
            return self
        if self.low is None or self.high is None:
            raise ValueError(f"a {self.kind} distribution needs low and high")
        if self.low > self.high:
            raise ValueError(f"low ({self.low}) is above high ({self.high})")
        if self.kind == "triangular" and (
            self.mode is None or not self.low <= self.mode <= self.high
        ):
            raise ValueError("a triangular distribution needs low ≤ mode ≤ high")
        if self.kind == "beta" and (self.a is None or self.b is None or self.a <= 0 or self.b <= 0):
            raise ValueError("a beta distribution needs a > 0 and b > 0")
        return self

    @property
    def center(self) -> float:
        if self.kind == "point":
            assert self.value is not None
            return self.value
        assert self.low is not None and self.high is not None
        if self.kind == "triangular":
            assert self.mode is not None
            return (self.low + self.mode + self.high) / 3
        if self.kind == "beta":
            assert self.a is not None and self.b is not None
            return self.low + (self.high - self.low) * self.a / (self.a + self.b)
        return (self.low + self.high) / 2

    @property
    def bounds(self) -> tuple[float, float]:
        if self.kind == "point":
            assert self.value is not None
            return self.value, self.value
        assert self.low is not None and self.high is not None
        return self.low, self.high


def as_distribution(value: Any) -> Distribution:
    """A number becomes a point; ``[low, high]`` a uniform range; a mapping is read as is."""
    if isinstance(value, Distribution):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Distribution(kind="point", value=float(value))
    if isinstance(value, list | tuple) and len(value) == 2:
        return Distribution(kind="uniform", low=float(value[0]), high=float(value[1]))
    if isinstance(value, dict):
        return Distribution.model_validate(dict(value))
    raise ValueError(f"expected a number, [low, high] or a distribution mapping, got {value!r}")


class ActorOverride(BaseModel):
    """Per-actor overrides of the behaviour model's coded inputs (each may be a distribution)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    capability: Distribution | None = None
    position: Distribution | None = Field(default=None, description="preferred outcome level, 0–3")
    salience: Distribution | None = Field(default=None, description="0–1")
    note: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _coerce(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {
                k: (
                    as_distribution(v)
                    if k in ("capability", "position", "salience") and v is not None
                    else v
                )
                for k, v in data.items()
            }
        return data


class Crisis(BaseModel):
    """A crisis to assess or simulate: when, who is attacked by whom, where, and what was asked."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Id
    title: str
    date: EDTF
    victim: Alpha3
    adversary: str | None = None
    adversary_kind: AdversaryKind = "state"
    external_backing: bool | None = None
    framed_as_aggression: bool = False
    territory: Territory = "sovereign"
    requested: Requested = "nothing"
    requester: Alpha3 | None = None
    description: str | None = None
    actors: dict[str, ActorOverride] = Field(default_factory=dict)
    case: Id | None = Field(
        default=None, description="the record case this crisis comes from, if any"
    )

    @model_validator(mode="after")
    def _check(self) -> Crisis:
        if self.requested != "nothing" and self.requester is None:
            raise ValueError(f"requested is {self.requested!r} but no requester is named")
        return self

    @property
    def is_scenario(self) -> bool:
        return self.case is None


def crisis_from_case(record: Record, case_id: str, variant: str = "default") -> Crisis:
    """The crisis of a record case (its victim, adversary, territory, request and framing), coded under
    ``variant`` where the case has it. Raises :class:`~csto.errors.UnknownNameError` for an unknown case
    and :class:`~csto.errors.DataFileError` for a case with no victim."""
    c = record.case(case_id).under(variant)
    if c.victim is None:
        raise DataFileError(
            "cases.yaml", None, f"case {case_id} has no victim: it is not a crisis to assess"
        )
    return Crisis(
        id=c.id,
        title=c.title,
        date=c.start,
        victim=c.victim,
        adversary=c.adversary,
        adversary_kind=c.adversary_kind,
        external_backing=c.external_backing,
        framed_as_aggression=c.framed_as_aggression,
        territory=c.territory,
        requested=c.requested,
        requester=c.requester,
        description=c.trigger,
        case=c.id,
    )


def load_scenario(path: Path, record: Record) -> Crisis:
    """Read a scenario YAML file; errors name the file, the line and the field."""
    from csto.record.yamlio import LineDict, line_of, read_yaml

    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise DataFileError(
            str(path), raw.line if isinstance(raw, LineDict) else 1, "a scenario must be a mapping"
        )
    try:
        crisis = Crisis.model_validate(dict(raw))
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        field = ".".join(str(p) for p in loc) or "scenario"
        raise DataFileError(str(path), line_of(raw, loc), f"{field}: {err['msg']}") from None
    for key in [crisis.victim, crisis.requester, *crisis.actors]:
        if key is not None and key not in record.states:
            line = (
                line_of(raw, ("actors", key)) if key in crisis.actors else line_of(raw, ("victim",))
            )
            suggestions = record.suggest_states(key)
            hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
            raise DataFileError(str(path), line, f"unknown state {key!r}.{hint}")
    return crisis


def resolve(target: str, record: Record) -> Crisis:
    """A case id or a path to a scenario file."""
    path = Path(target)
    if target.endswith((".yaml", ".yml")) or path.exists():
        if not path.exists():
            raise DataFileError(target, None, "no such scenario file")
        return load_scenario(path, record)
    return crisis_from_case(record, target)
