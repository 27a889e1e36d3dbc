"""Shared helpers of the behaviour tests: the historical cases and prepared scenario inputs (cached)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from csto.behaviour.core import Case
from csto.behaviour.factors import CrisisInputs, prepare
from csto.behaviour.history import historical_cases
from csto.behaviour.inputs import load_inputs
from csto.crisis import load_scenario
from csto.record.load import load_record

SCENARIOS = sorted(
    (Path(__file__).parents[2] / "src" / "csto" / "data" / "scenarios").glob("*.yaml")
)


@lru_cache(maxsize=1)
def cases() -> list[Case]:
    return historical_cases()


@lru_cache(maxsize=1)
def armenia_again() -> CrisisInputs:
    record = load_record()
    path = next(p for p in SCENARIOS if p.stem == "armenia-invokes-again")
    return prepare(load_scenario(path, record), record, load_inputs())
