"""``assess``: what a treaty requires in a crisis, under each of three readings.

For every rule of the treaty the assessment gives each trigger condition and precondition (met, not met or
contested, with reason and claim ids), whether the rule is triggered and whether its duty is due, and — for
the rules that are due — what is required, of whom, decided by which body under which rule. The required
outcome level (0–3) of a reading is the highest level of its due obligations (``shall`` rules); rules that
are contested give ``contested_level``, the level required if every contested condition went the
victim's way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import Field, computed_field, field_serializer

from csto.crisis import Crisis
from csto.record.record import Record
from csto.record.rows import Row, Tabular
from csto.treaty.conditions import Facts, evaluate
from csto.treaty.parties import parties_on, span
from csto.treaty.readings import READINGS, Reading
from csto.treaty.results import CONTESTED, MET, NOT_MET, ConditionResult, Status, combine
from csto.treaty.rulebook import Rule, RuleBook

if TYPE_CHECKING:
    import pandas as pd


class RuleResult(Row):
    """One rule on one crisis under one reading: its conditions, whether it is triggered and due, what it
    requires of whom, decided by which body under which rule."""

    rule: str
    provision: str
    title: str
    modality: str
    level: int
    triggered: Status
    due: Status
    trigger: list[ConditionResult]
    preconditions: list[ConditionResult]
    of_whom: list[str]
    of_whom_text: str
    action: str
    body: str | None
    decision_rule: str
    decision_basis: str
    assumptions: list[str]
    claims: list[str]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def required(self) -> int:
        """The level this rule requires (0 unless an obligation that is due)."""
        return self.level if self.modality == "shall" and self.due == MET else 0

    def condition(self, name: str) -> ConditionResult | None:
        for c in (*self.trigger, *self.preconditions):
            if c.condition == name:
                return c
        return None


class ReadingAssessment(Row):
    """A crisis under one reading: the required level and the required actions, and every rule."""

    reading: str
    title: str
    required_level: int
    contested_level: int
    no_mechanism: bool
    summary: str
    actions: list[dict[str, Any]] = Field(default_factory=list)
    rules: list[RuleResult]

    def rule(self, rule_id: str) -> RuleResult:
        for r in self.rules:
            if r.rule == rule_id:
                return r
        raise KeyError(rule_id)


class Assessment(Row, Tabular):
    """A crisis assessed under one treaty, reading by reading (``assessment["strict"]``).

    ``readings`` maps a reading's key (``strict``, ``framing``, ``precedent``) to its
    :class:`ReadingAssessment`: the required outcome level (0–3), the level if contested conditions held,
    a summary and every rule. :meth:`to_frame` gives one row per reading and rule; in a notebook the
    assessment shows as that table under each reading's summary.
    """

    crisis: Crisis
    treaty: str
    readings: dict[str, ReadingAssessment]

    @field_serializer("crisis")
    def _crisis(self, crisis: Crisis) -> dict[str, Any]:
        out: dict[str, Any] = crisis.model_dump(mode="json", exclude={"actors"})
        return out

    def __getitem__(self, reading: str) -> ReadingAssessment:
        return self.readings[reading]

    def to_frame(self) -> pd.DataFrame:
        """One row per reading and rule: ``reading``, ``required_level`` and ``contested_level`` of the
        reading (outcome levels 0–3), then the rule's ``rule``, ``provision``, ``title``, ``modality``,
        ``level``, ``triggered`` and ``due`` (``met``, ``not met`` or ``contested``), ``required`` (the
        level the rule requires, 0 unless due) and ``of_whom``."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "reading": key,
                    "required_level": ra.required_level,
                    "contested_level": ra.contested_level,
                    "rule": r.rule,
                    "provision": r.provision,
                    "title": r.title,
                    "modality": r.modality,
                    "level": r.level,
                    "triggered": r.triggered,
                    "due": r.due,
                    "required": r.required,
                    "of_whom": r.of_whom_text,
                }
                for key, ra in self.readings.items()
                for r in ra.rules
            ]
        )

    def html_heading(self) -> str:
        """The crisis, its date as given, and each reading's required level and summary."""
        from html import escape

        items = "".join(
            f"<li><strong>{escape(ra.title)}</strong>: level {ra.required_level}. "
            f"{escape(ra.summary)}</li>"
            for ra in self.readings.values()
        )
        return (
            f"<p><strong>{escape(self.crisis.title)}</strong> ({escape(self.crisis.date.edtf)}), "
            f"under the {escape(self.treaty.upper())}</p><ul>{items}</ul>"
        )


def _rule(rule: Rule, facts: Facts, book: RuleBook) -> RuleResult:
    trig = [evaluate(s.name, facts, s.args) for s in rule.trigger]
    pre = [evaluate(s.name, facts, s.args) for s in rule.preconditions]
    triggered = combine(c.status for c in trig)
    due = combine([triggered, *(c.status for c in pre)])
    proc = book.procedures[rule.decided_by]
    of_whom = [
        s
        for s in parties_on(facts.record, facts.treaty, span(facts.crisis)[0])
        if s != facts.crisis.victim
    ]
    return RuleResult(
        rule=rule.id,
        provision=rule.provision,
        title=rule.title,
        modality=rule.modality,
        level=rule.action.level,
        triggered=triggered,
        due=due,
        trigger=trig,
        preconditions=pre,
        of_whom=of_whom,
        of_whom_text=rule.obliged.text,
        action=rule.action.does.strip(),
        body=proc.body,
        decision_rule=proc.rule,
        decision_basis=proc.basis,
        assumptions=list(rule.assumptions),
        claims=list(rule.claims),
    )


def _no_mechanism(results: list[RuleResult]) -> bool:
    """Members fighting each other: a rule fails only because the adversary is itself a party."""
    for r in results:
        adv, victim = (
            r.condition("adversary_not_member"),
            r.condition("victim_member_in_good_standing"),
        )
        if (
            adv is not None
            and adv.status == NOT_MET
            and victim is not None
            and victim.status != NOT_MET
        ):
            return True
    return False


def _first(conditions: list[ConditionResult], status: Status) -> str:
    return next((f"{c.condition}: {c.reason}" for c in conditions if c.status == status), "")


def describe(r: RuleResult) -> str:
    """One line on one rule: due, contested, triggered but not due, or not triggered — and why."""
    head = f"{r.provision} ({r.modality}, level {r.level})"
    if r.due == MET:
        return f"{head}: due"
    if r.triggered == NOT_MET:
        return f"{head}: not triggered — {_first(r.trigger, NOT_MET)}"
    if r.triggered == MET and r.due == NOT_MET:
        return f"{head}: triggered but not due — {_first(r.preconditions, NOT_MET)}"
    if r.due == NOT_MET:
        return f"{head}: not due — {_first(r.preconditions, NOT_MET)}"
    return f"{head}: contested — {_first([*r.trigger, *r.preconditions], CONTESTED)}"


def _summary(results: list[RuleResult], required: int, contested: int, no_mech: bool) -> str:
    shall = sorted((r for r in results if r.modality == "shall"), key=lambda r: -r.level)
    if no_mech:
        head = "no mechanism: the adversary is itself a party"
    elif required > 0:
        head = f"required: level {required}"
    elif contested > required:
        head = f"contested: up to level {contested}"
    else:
        head = "nothing required"
    return head + " — " + "; ".join(describe(r) for r in shall)


def assess_reading(
    crisis: Crisis, record: Record, book: RuleBook, treaty: str, how: Reading
) -> ReadingAssessment:
    """One reading of one crisis."""
    facts = Facts(crisis=crisis, record=record, reading=how, treaty=book.treaty(treaty))
    results = [_rule(rule, facts, book) for rule in book.rules_of(treaty)]
    required = max((r.required for r in results), default=0)
    contested = max(
        [required, *(r.level for r in results if r.modality == "shall" and r.due == CONTESTED)]
    )
    no_mech = _no_mechanism(results)
    actions = [
        {
            "rule": r.rule,
            "provision": r.provision,
            "status": r.due,
            "modality": r.modality,
            "of_whom": r.of_whom,
            "of_whom_text": r.of_whom_text,
            "action": r.action,
            "level": r.level,
            "decided_by": r.body or "each party",
            "decision_rule": r.decision_rule,
            "decision_basis": r.decision_basis,
        }
        for r in results
        if r.modality != "purpose" and r.due != NOT_MET
    ]
    return ReadingAssessment(
        reading=how.id,
        title=how.title,
        rules=results,
        required_level=0 if no_mech else required,
        contested_level=0 if no_mech else contested,
        no_mechanism=no_mech,
        summary=_summary(results, required, contested, no_mech),
        actions=actions,
    )


def assess(record: Record, rules: RuleBook, crisis: Crisis, treaty: str = "cst") -> Assessment:
    """Assess ``crisis`` (a record case or a scenario, as a :class:`Crisis`) under ``treaty``.

    ``record`` gives the parties' standing on the crisis's dates and the precedents; ``rules`` the
    provisions. Returns an :class:`Assessment` with one :class:`ReadingAssessment` per reading (``strict``,
    ``requester``, ``precedent``). Raises :class:`~csto.errors.CstoError` for an unknown treaty.

    >>> from csto.record.load import load_record
    >>> from csto.treaty.rules import load_rules
    >>> from csto.crisis import crisis_from_case
    >>> rec = load_record()
    >>> assess(rec, load_rules(rec), crisis_from_case(rec, "kursk-2024"))["strict"].required_level
    0
    """
    rules.treaty(treaty)
    return Assessment(
        crisis=crisis,
        treaty=treaty,
        readings={
            k: assess_reading(crisis, record, rules, treaty, how) for k, how in READINGS.items()
        },
    )
