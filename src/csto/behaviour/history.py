"""The historical cases the models are fitted and validated on: every record case with an outcome level."""

from __future__ import annotations

from csto.behaviour.core import Case
from csto.behaviour.factors import prepare
from csto.behaviour.inputs import Inputs
from csto.crisis import crisis_from_case
from csto.errors import CstoError
from csto.record.record import Record
from csto.treaty.rulebook import RuleBook


def case_ids(record: Record, inputs: Inputs) -> list[str]:
    """Ids of the CST/CSTO cases with an outcome level that the member-level inputs code, in order."""
    return [
        c.id
        for c in record.cases.values()
        if c.alliance == "csto" and c.outcome_level is not None and inputs.coding(c.id) is not None
    ]


def historical_cases(
    record: Record, inputs: Inputs, rules: RuleBook, variant: str = "default"
) -> list[Case]:
    """(inputs, observed level) for every CST/CSTO case the member-level inputs code.

    ``variant`` codes each case's outcome under that coding variant where the case has it. Raises
    :class:`~csto.errors.CstoError` when ``inputs.yaml`` codes a case the record lacks.
    """
    for coding in inputs.cases:
        if coding.case not in record.cases:
            raise CstoError(f"inputs.yaml codes case {coding.case}, which the record does not have")
    out: list[Case] = []
    for cid in case_ids(record, inputs):
        case = record.cases[cid].under(variant)
        assert case.outcome_level is not None
        crisis = crisis_from_case(record, cid, variant)
        out.append((prepare(crisis, record, inputs, rules), int(case.outcome_level)))
    return out
