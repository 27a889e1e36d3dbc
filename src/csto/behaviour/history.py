"""The historical cases the models are fitted and validated on: every record case with an outcome level
that the behaviour inputs code."""

from __future__ import annotations

from csto.behaviour.core import Case
from csto.behaviour.factors import prepare
from csto.behaviour.inputs import Inputs, load_inputs
from csto.crisis import crisis_from_case
from csto.record.load import load_record
from csto.record.record import Record


def case_ids(record: Record, inputs: Inputs | None = None) -> list[str]:
    """Ids of the cases with an outcome level and a coding in inputs.yaml, in the record's order.

    A case admitted to the case base but not yet coded for the behaviour models (issue 12 added cases whose
    behaviour inputs are a later step) is left out until inputs.yaml codes it.
    """
    inputs = inputs or load_inputs()
    return [
        c.id
        for c in record.cases.values()
        if c.outcome_level is not None and inputs.coding(c.id) is not None
    ]


def historical_cases(record: Record | None = None, inputs: Inputs | None = None) -> list[Case]:
    """(inputs, observed level) for every case with an outcome level that inputs.yaml codes."""
    record = record or load_record()
    inputs = inputs or load_inputs()
    out: list[Case] = []
    for cid in case_ids(record, inputs):
        level = record.cases[cid].outcome_level
        assert level is not None
        out.append((prepare(crisis_from_case(record, cid), record, inputs), int(level)))
    return out
