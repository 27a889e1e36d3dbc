"""The historical cases the models are fitted and validated on.

* :func:`case_base` — every case of the case base (an inclusion clause, an outcome level and case-level
  factors), of every alliance: CST/CSTO cases through :func:`~csto.behaviour.factors.prepare` (members,
  the treaty's required level, and the member-level inputs where ``inputs.yaml`` codes the case), other
  alliances' cases with their case-level factors only (:func:`~csto.behaviour.factors.case_level_inputs`).
  It grows with the record: a case added to the YAML is in it without a code change.
* :func:`historical_cases` — the subset the member-level models can use: the CST/CSTO cases
  ``inputs.yaml`` codes.

A model is given every case and uses those it can (see each model's ``classifier["predicts"]``).
"""

from __future__ import annotations

from csto.behaviour.core import Case
from csto.behaviour.factors import CrisisInputs, case_level_inputs, prepare
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


def base_ids(record: Record) -> list[str]:
    """Ids of every case of the case base with an outcome level and case-level factors, in record order."""
    return [
        c.id
        for c in record.cases.values()
        if c.clause is not None and c.outcome_level is not None and c.factors is not None
    ]


def _check(record: Record, inputs: Inputs) -> None:
    for coding in inputs.cases:
        if coding.case not in record.cases:
            raise CstoError(f"inputs.yaml codes case {coding.case}, which the record does not have")


def case_inputs(
    record: Record, inputs: Inputs, rules: RuleBook, case_id: str, variant: str = "default"
) -> CrisisInputs:
    """The models' inputs for one record case under ``variant``."""
    if record.cases[case_id].alliance == "csto":
        return prepare(crisis_from_case(record, case_id, variant), record, inputs, rules)
    return case_level_inputs(record, case_id, variant)


def case_base(
    record: Record,
    inputs: Inputs,
    rules: RuleBook,
    variant: str = "default",
    default: list[Case] | None = None,
) -> list[Case]:
    """(inputs, observed level) for every case of the case base, coded under ``variant``.

    ``default`` (the case base under the default coding) lets a variant reuse the inputs of the cases it
    does not change. Raises :class:`~csto.errors.CstoError` when ``inputs.yaml`` codes a case the record
    lacks.
    """
    _check(record, inputs)
    reuse = {c[0].crisis_id: c for c in default} if default is not None else {}
    out: list[Case] = []
    for cid in base_ids(record):
        case = record.cases[cid]
        if cid in reuse and variant not in case.variant_names:
            out.append(reuse[cid])
            continue
        coded = case.under(variant)
        if coded.clause is None or coded.outcome_level is None:
            continue
        out.append((case_inputs(record, inputs, rules, cid, variant), int(coded.outcome_level)))
    return out


def historical_cases(
    record: Record, inputs: Inputs, rules: RuleBook, variant: str = "default"
) -> list[Case]:
    """(inputs, observed level) for every CST/CSTO case the member-level inputs code.

    ``variant`` codes each case's outcome under that coding variant where the case has it. Raises
    :class:`~csto.errors.CstoError` when ``inputs.yaml`` codes a case the record lacks.
    """
    _check(record, inputs)
    out: list[Case] = []
    for cid in case_ids(record, inputs):
        case = record.cases[cid].under(variant)
        assert case.outcome_level is not None
        crisis = crisis_from_case(record, cid, variant)
        out.append((prepare(crisis, record, inputs, rules), int(case.outcome_level)))
    return out
