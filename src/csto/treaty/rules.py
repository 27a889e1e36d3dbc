"""The schema of ``rules.yaml`` (the provisions as data) and its loader.

The file is validated like the record's data files: a bad item raises
:class:`~csto.errors.DataFileError` naming the file, the line and what is wrong. Beyond the schema it is
checked against the record: every provision, claim, body and instrument it names must exist, every condition
must be in the vocabulary (:mod:`csto.treaty.conditions`) with arguments it accepts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from csto.errors import DataFileError
from csto.record.fields import EDTF, Alpha3, Id
from csto.record.record import Record

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

    def treaty(self, treaty_id: str) -> TreatyDef:
        from csto.errors import CstoError

        if treaty_id not in self.treaties:
            known = ", ".join(sorted(self.treaties))
            raise CstoError(f"Unknown treaty {treaty_id!r}. Known treaties: {known}.")
        return self.treaties[treaty_id]

    def rules_of(self, treaty_id: str) -> list[Rule]:
        self.treaty(treaty_id)
        return [r for r in self.rules if r.treaty == treaty_id]


def rules_path() -> Path:
    """``rules.yaml`` of the data directory (``CSTO_DATA_DIR`` overrides it, as for the record)."""
    from csto.record.load import data_dir

    return data_dir() / "rules.yaml"


_BOOKS: dict[tuple[str, int], tuple[Record, RuleBook]] = {}


def load_rules(path: Path | str | None = None, record: Record | None = None) -> RuleBook:
    """Load and validate a rules file (default: the shipped one) against the record (cached per record)."""
    from csto.record.load import load_record

    rec = record if record is not None else load_record()
    target = str(Path(path) if path is not None else rules_path())
    key = (target, id(rec))
    hit = _BOOKS.get(key)
    if hit is not None and hit[0] is rec:
        return hit[1]
    book = parse_rules(Path(target), rec)
    if len(_BOOKS) > 8:
        _BOOKS.clear()
    _BOOKS[key] = (rec, book)
    return book


def parse_rules(path: Path, record: Record, text: str | None = None) -> RuleBook:
    """Parse ``path`` (or ``text`` as if it were that file) and check it against ``record``."""
    from csto.record.load import parse_items
    from csto.record.yamlio import LineDict, read_yaml

    raw = read_yaml(path, text)
    if not isinstance(raw, LineDict):
        raise DataFileError(
            str(path), 1, "rules must be a mapping with treaties, procedures, rules"
        )
    unknown = set(raw) - {"treaties", "procedures", "rules"}
    if unknown:
        key = sorted(unknown)[0]
        raise DataFileError(
            str(path),
            raw.key_lines.get(key),
            f"unknown section {key!r} (expected treaties, procedures, rules)",
        )
    sections: dict[str, list[tuple[Any, Any, int | None]]] = {}
    for name, model in (("treaties", TreatyDef), ("procedures", Procedure), ("rules", Rule)):
        items = raw.get(name)
        if items is None:
            raise DataFileError(str(path), raw.line, f"missing section {name!r}")
        parsed = parse_items(path, model, items)
        sections[name] = [
            (obj, item, line) for (obj, line), item in zip(parsed, items, strict=True)
        ]
    book = RuleBook(
        treaties={t.id: t for t, _, _ in sections["treaties"]},
        procedures={p.id: p for p, _, _ in sections["procedures"]},
        rules=[r for r, _, _ in sections["rules"]],
        path=str(path),
    )
    from csto.treaty.check import check_rules

    check_rules(book, record, path, sections)
    return book
