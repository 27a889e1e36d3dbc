"""Sessions for tests: the data a front end would hand down, over a given record."""

from __future__ import annotations

from csto.record.record import Record
from csto.session import Csto


def session_of(record: Record) -> Csto:
    """A session over ``record`` (as a front end opens one), with the shipped rules and inputs."""
    from csto.behaviour.inputs import load_inputs
    from csto.treaty.rules import load_rules

    return Csto(record, load_rules(record), load_inputs())
