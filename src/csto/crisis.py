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

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from csto.errors import DataFileError
from csto.record.fields import EDTF, Alpha3, Id
from csto.record.record import Record

AdversaryKind = Literal["state", "member_state", "non_state", "domestic_unrest", "none", "unknown"]
Territory = Literal["sovereign", "disputed", "occupied", "foreign", "none"]
Requested = Literal["nothing", "consultations", "assistance", "military_assistance", "membership"]


SHAPE_RANGE = (1e-3, 1e6)
"""The shape parameters ``a`` and ``b`` a Beta may have. Beyond 10⁶ its standard deviation is under 0.05 % of
its range (write a point instead), and NumPy's sampler loses the mean at the extremes (Beta(1.8e308,
1.8e308) draws 0, not ½); below 10⁻³ nearly every draw is an end of the range."""


class Distribution(BaseModel):
    """A coded input that may be uncertain: a point, a range (uniform), triangular or beta on [low, high].

    Every number is finite (NaN and infinity are refused), ``low ≤ high``, a triangular's ``mode`` lies in
    [low, high] and a beta's shape parameters in :data:`SHAPE_RANGE`. Raises :class:`ValueError` (a
    pydantic ``ValidationError``) naming the field otherwise.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    kind: Literal["point", "uniform", "triangular", "beta"] = "point"
    value: float | None = None
    low: float | None = None
    high: float | None = None
    mode: float | None = None
    a: float | None = Field(default=None, ge=SHAPE_RANGE[0], le=SHAPE_RANGE[1])
    b: float | None = Field(default=None, ge=SHAPE_RANGE[0], le=SHAPE_RANGE[1])

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
        if self.kind == "beta" and (self.a is None or self.b is None):
            raise ValueError("a beta distribution needs a and b")
        return self

    @property
    def center(self) -> float:
        """The mean: the value of a point; (low + high)/2, (low + mode + high)/3, low + (high − low)·a/(a + b)."""
        if self.kind == "point":
            assert self.value is not None
            return self.value
        assert self.low is not None and self.high is not None
        if self.kind == "triangular":
            assert self.mode is not None
            return (self.low + self.mode + self.high) / 3
        if self.kind == "beta":
            assert self.a is not None and self.b is not None
            return self.low + (self.high - self.low) / (
                1.0 + self.b / self.a
            )  # a/(a+b), no overflow
        return self.low + (self.high - self.low) / 2

    @property
    def bounds(self) -> tuple[float, float]:
        if self.kind == "point":
            assert self.value is not None
            return self.value, self.value
        assert self.low is not None and self.high is not None
        return self.low, self.high


CAPABILITY_RANGE = (1e-9, 1e8)
POSITION_RANGE = (0.0, 3.0)
SALIENCE_RANGE = (0.0, 1.0)


class Capability(Distribution):
    """A member's capability: positive (the Council weighs members by capability^π) and at most 10⁸."""

    value: float | None = Field(default=None, ge=CAPABILITY_RANGE[0], le=CAPABILITY_RANGE[1])
    low: float | None = Field(default=None, ge=CAPABILITY_RANGE[0], le=CAPABILITY_RANGE[1])
    high: float | None = Field(default=None, ge=CAPABILITY_RANGE[0], le=CAPABILITY_RANGE[1])
    mode: float | None = Field(default=None, ge=CAPABILITY_RANGE[0], le=CAPABILITY_RANGE[1])


class Position(Distribution):
    """A member's preferred outcome level, on the outcome scale 0–3."""

    value: float | None = Field(default=None, ge=POSITION_RANGE[0], le=POSITION_RANGE[1])
    low: float | None = Field(default=None, ge=POSITION_RANGE[0], le=POSITION_RANGE[1])
    high: float | None = Field(default=None, ge=POSITION_RANGE[0], le=POSITION_RANGE[1])
    mode: float | None = Field(default=None, ge=POSITION_RANGE[0], le=POSITION_RANGE[1])


class Salience(Distribution):
    """How much the crisis matters to a member, 0–1."""

    value: float | None = Field(default=None, ge=SALIENCE_RANGE[0], le=SALIENCE_RANGE[1])
    low: float | None = Field(default=None, ge=SALIENCE_RANGE[0], le=SALIENCE_RANGE[1])
    high: float | None = Field(default=None, ge=SALIENCE_RANGE[0], le=SALIENCE_RANGE[1])
    mode: float | None = Field(default=None, ge=SALIENCE_RANGE[0], le=SALIENCE_RANGE[1])


ACTOR_RANGES = {
    "capability": CAPABILITY_RANGE,
    "position": POSITION_RANGE,
    "salience": SALIENCE_RANGE,
}
"""The range of each actor input a scenario may override."""

ACTOR_INPUTS: dict[str, type[Distribution]] = {
    "capability": Capability,
    "position": Position,
    "salience": Salience,
}
"""The schema of each actor input a scenario may override, with its range (the CLI's scenario files, the
API's scenario bodies and ``csto sweep`` check the same)."""


def distribution_mapping(value: Any) -> dict[str, Any]:
    """The mapping of a coded input: a number becomes a point, ``[low, high]`` a uniform range, a mapping
    is taken as is (its fields are checked when it is validated as a :class:`Distribution`). Raises
    :class:`ValueError` for anything else (text, a boolean, a list that is not two items)."""
    if isinstance(value, Distribution):
        return value.model_dump(exclude_none=True)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return {"kind": "point", "value": value}
    if isinstance(value, list | tuple) and len(value) == 2:
        return {"kind": "uniform", "low": value[0], "high": value[1]}
    if isinstance(value, dict):
        return dict(value)
    raise ValueError(f"expected a number, [low, high] or a distribution mapping, got {value!r}")


def as_distribution(value: Any) -> Distribution:
    """A number becomes a point; ``[low, high]`` a uniform range; a mapping is read as is. Raises
    :class:`ValueError` (a pydantic ``ValidationError`` for a bad number) when it is none of these."""
    if isinstance(value, Distribution):
        return value
    return Distribution.model_validate(distribution_mapping(value))


class ActorOverride(BaseModel):
    """Per-actor overrides of the behaviour model's coded inputs (each a number, ``[low, high]`` or a
    distribution mapping), checked against the ranges of :data:`ACTOR_INPUTS`."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    capability: Capability | None = Field(default=None, description="positive, at most 1e8")
    position: Position | None = Field(default=None, description="preferred outcome level, 0–3")
    salience: Salience | None = Field(default=None, description="0–1")
    note: str | None = None

    @field_validator("capability", "position", "salience", mode="before")
    @classmethod
    def _coerce(cls, value: Any) -> Any:
        return None if value is None else distribution_mapping(value)


class Crisis(BaseModel):
    """A crisis to assess or simulate: when, who is attacked by whom, where, and what was asked."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

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


CASE_FIELDS = (
    "date",
    "victim",
    "adversary",
    "adversary_kind",
    "external_backing",
    "framed_as_aggression",
    "territory",
    "requested",
    "requester",
)
"""What a scenario that names a record case (``case:``) must share with it (under one of its codings)."""


def load_scenario(path: Path, record: Record) -> Crisis:
    """Read a scenario YAML file (bounded: :func:`csto.record.yamlio.read_yaml`, no aliases); errors name
    the file, the line and the field.

    Raises :class:`~csto.errors.DataFileError` for a value outside the schema (:class:`Crisis`: finite
    numbers in the ranges of :data:`ACTOR_INPUTS`), a state the record does not know, or a ``case:`` that
    is not a record case (with suggestions) or whose crisis differs from the scenario's in a field of
    :data:`CASE_FIELDS` (a scenario naming a case is that case, its members' inputs overridden; the
    case's coding and claims are used, so a different crisis would silently mix them in)."""
    from csto.record.yamlio import LineDict, line_of, read_yaml

    raw = read_yaml(path, aliases=False)
    if not isinstance(raw, dict):
        raise DataFileError(
            str(path), raw.line if isinstance(raw, LineDict) else 1, "a scenario must be a mapping"
        )
    try:
        crisis = Crisis.model_validate(dict(raw))
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        raise DataFileError(str(path), line_of(raw, loc), error_message(err)) from None
    for key in [crisis.victim, crisis.requester, *crisis.actors]:
        if key is not None and key not in record.states:
            line = (
                line_of(raw, ("actors", key)) if key in crisis.actors else line_of(raw, ("victim",))
            )
            suggestions = record.suggest_states(key)
            hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
            raise DataFileError(str(path), line, f"unknown state {key!r}.{hint}")
    if crisis.case is not None:
        _check_case(crisis, record, str(path), line_of(raw, ("case",)))
    return crisis


def error_message(err: Any) -> str:
    """One line for a pydantic error of a scenario: ``field: what is wrong``; an actor input out of its
    range or not finite says the range (``actors.RUS.salience: RUS.salience must lie in [0, 1], got
    high 2``)."""
    loc = tuple(err["loc"])
    field = ".".join(str(p) for p in loc) or "scenario"
    message = str(err["msg"]).removeprefix("Value error, ")
    kinds = ("less_than_equal", "greater_than_equal", "finite_number")
    bounded = ("value", "low", "high", "mode")
    if err["type"] in kinds and len(loc) == 4 and loc[2] in ACTOR_RANGES and loc[3] in bounded:
        lo, hi = ACTOR_RANGES[str(loc[2])]
        field = ".".join(str(p) for p in loc[:3])
        got = err.get("input")
        message = f"{loc[1]}.{loc[2]} must lie in [{lo:g}, {hi:g}], got {loc[3]} {got!r}"
    elif err["type"] in kinds and loc[-1:] in (("a",), ("b",)):
        message = (
            f"{message} (a beta's shape parameters lie in [{SHAPE_RANGE[0]:g}, {SHAPE_RANGE[1]:g}])"
        )
    return f"{field}: {message}"


def _check_case(crisis: Crisis, record: Record, where: str, line: int | None) -> None:
    """Refuse a ``case:`` that is not a record case, or whose crisis (under every coding) differs from
    ``crisis`` in a field of :data:`CASE_FIELDS`."""
    from csto.errors import UnknownNameError

    assert crisis.case is not None
    try:
        case = record.case(crisis.case)
    except UnknownNameError as exc:
        raise DataFileError(where, line, f"case: {exc}") from None
    first: list[str] = []
    for variant in case.variant_names:
        try:
            own = crisis_from_case(record, case.id, variant)
        except DataFileError as exc:
            raise DataFileError(where, line, f"case: {exc}") from None
        differ = [f for f in CASE_FIELDS if getattr(crisis, f) != getattr(own, f)]
        if not differ:
            return
        first = first or [
            f"{f} {_shown(getattr(crisis, f))} (the case: {_shown(getattr(own, f))})"
            for f in differ
        ]
    raise DataFileError(
        where,
        line,
        f"case: {case.id} is a record case; a scenario naming it is that crisis, with its coding "
        f"and claims (only members' inputs may differ), but this one differs in "
        f"{', '.join(first)}. Remove case: to make it a crisis of its own",
    )


def _shown(value: Any) -> str:
    return str(getattr(value, "edtf", value))


def resolve(target: str, record: Record) -> Crisis:
    """A case id or a path to a scenario file."""
    path = Path(target)
    if target.endswith((".yaml", ".yml")) or path.exists():
        if not path.exists():
            raise DataFileError(target, None, "no such scenario file")
        return load_scenario(path, record)
    return crisis_from_case(record, target)
