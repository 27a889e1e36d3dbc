"""``provisions``: the rules of ``rules.yaml`` joined with the provision text and the claims they rest on."""

from __future__ import annotations

from typing import Any

from csto.record.record import Record
from csto.treaty.rulebook import RuleBook


def provisions(rec: Record, book: RuleBook, treaty: str | None = None) -> list[dict[str, Any]]:
    """Every rule (of one treaty, or all), with its provision's text (verbatim where the record has it),
    conditions, duty, deciding body and rule, assumptions and citations.

    Raises :class:`~csto.errors.CstoError` for an unknown treaty.
    """
    rules = book.rules_of(treaty) if treaty is not None else book.rules
    out = []
    for rule in rules:
        prov = rec.provisions[rule.provision]
        inst = rec.instruments[prov.instrument]
        proc = book.procedures[rule.decided_by]
        out.append(
            {
                "rule": rule.id,
                "treaty": rule.treaty,
                "provision": rule.provision,
                "instrument": inst.title,
                "article": prov.article,
                "title": rule.title,
                "modality": rule.modality,
                "text": prov.text,
                "summary": prov.summary,
                "external": rule.external,
                "trigger": [s.label() for s in rule.trigger],
                "preconditions": [s.label() for s in rule.preconditions],
                "obliged": rule.obliged.text,
                "action": rule.action.does.strip(),
                "level": rule.action.level,
                "decided_by": proc.body or "each party",
                "decision_rule": proc.rule,
                "decision_basis": proc.basis,
                "decision_statement": proc.statement.strip(),
                "assumptions": [a.strip() for a in rule.assumptions],
                "citations": [c.to_dict() for c in rec.cite(rule.claims)],
            }
        )
    return out
