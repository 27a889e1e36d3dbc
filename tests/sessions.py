"""Sessions for tests: the data a front end would hand down, over a given record."""

from __future__ import annotations

from csto.record.record import Record
from csto.session import Csto

#: The default leave-one-out run: :meth:`csto.session.Csto.validate`'s defaults, which the CLI, the API,
#: the report and the shipped derived results (``scripts/build_derived.py``) use. The ``loo`` fixture
#: (``tests/conftest.py``) computes it once per test run.
LOO_SEED, LOO_DRAWS = 0, 2000


def session_of(record: Record) -> Csto:
    """A session over ``record`` (as a front end opens one), with the shipped rules and inputs."""
    from csto.behaviour.inputs import load_inputs
    from csto.treaty.rules import load_rules

    return Csto(record, load_rules(record), load_inputs())
