"""The historical cases the models are fitted and validated on: every CST/CSTO case with an outcome level."""

from __future__ import annotations

from csto.behaviour.core import Case
from csto.behaviour.factors import prepare
from csto.behaviour.inputs import Inputs, load_inputs
from csto.crisis import crisis_from_case
from csto.errors import CstoError
from csto.record.load import load_record
from csto.record.record import Record


def case_ids(record: Record) -> list[str]:
    """Ids of the CST/CSTO cases with an outcome level, in the record's order.

    Reference cases of other alliances are left out until the models use them (they have no coded inputs).
    """
    return [
        c.id for c in record.cases.values() if c.outcome_level is not None and c.alliance == "csto"
    ]


def historical_cases(record: Record | None = None, inputs: Inputs | None = None) -> list[Case]:
    """(inputs, observed level) for every case with an outcome level; each must be coded in inputs."""
    record = record or load_record()
    inputs = inputs or load_inputs()
    out: list[Case] = []
    for cid in case_ids(record):
        if inputs.coding(cid) is None:
            raise CstoError(f"case {cid} has an outcome level but no coding in inputs.yaml")
        level = record.cases[cid].outcome_level
        assert level is not None
        out.append((prepare(crisis_from_case(record, cid), record, inputs), int(level)))
    return out
