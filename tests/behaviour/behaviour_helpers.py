"""Shared helpers of the behaviour tests: the historical cases and prepared scenario inputs (cached)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from csto.behaviour.core import Case
from csto.behaviour.factors import CrisisInputs, prepare
from csto.crisis import load_scenario
from csto.session import Csto

SCENARIOS = sorted(
    (Path(__file__).parents[2] / "src" / "csto" / "data" / "scenarios").glob("*.yaml")
)


@lru_cache(maxsize=1)
def session() -> Csto:
    """The session over the shipped record (no team store)."""
    from csto.record.load import shipped_dir
    from csto.session import session_from

    return session_from(shipped_dir(), None)


@lru_cache(maxsize=1)
def cases() -> list[Case]:
    return session().historical_cases()


@lru_cache(maxsize=1)
def armenia_again() -> CrisisInputs:
    s = session()
    path = next(p for p in SCENARIOS if p.stem == "armenia-invokes-again")
    return prepare(load_scenario(path, s.record), s.record, s.inputs, s.rules)


@lru_cache(maxsize=1)
def scenarios() -> tuple[CrisisInputs, ...]:
    """Every shipped scenario's prepared inputs, in file-name order (armenia-invokes-again first)."""
    s = session()
    return tuple(
        prepare(load_scenario(path, s.record), s.record, s.inputs, s.rules) for path in SCENARIOS
    )
