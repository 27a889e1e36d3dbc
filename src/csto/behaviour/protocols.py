"""Validation protocols: which cases a model may be fitted on when it predicts a case, and which of its
inputs were knowable at the time.

* ``loo`` (leave-one-out): every other case of the case base.
* ``time-ordered`` ("as of the day before"): only the cases that had *ended* before the scored case
  *began*: a training case's last possible day (its end, or its start when it has none, at the latest day
  the date's precision allows) must fall before the scored case's first possible day. A case with no
  earlier case is predicted by the model fitted on nothing (each model's prior: the Jeffreys baselines
  are then uniform).

Knowable or hindsight (:func:`hindsight`). The rule applied to every input a forecast rests on: a claim
was *knowable* on the day before the case began when its source is dated and its last possible day falls
before the case's first possible day; a derived claim is knowable when every claim it derives from is; a
claim from an undated source is counted as hindsight. An input (a case-level factor from ``cases.yaml`` or
a member-level coding from ``inputs.yaml``) is knowable when at least one of the claims it cites is
knowable, and hindsight otherwise. The models still *use* hindsight inputs (there are no others): the
count says how much of a time-ordered score leans on what was written after the event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from csto.behaviour.core import Case
from csto.behaviour.factors import CrisisInputs
from csto.record.record import Record

PROTOCOLS = ("loo", "time-ordered")
PROTOCOL_TEXT = {
    "loo": "leave-one-out",
    "time-ordered": "as of the day before each case began",
}


def training(protocol: str, cases: list[Case], k: int) -> list[Case]:
    """The training cases for predicting ``cases[k]`` under ``protocol``."""
    if protocol == "loo":
        return [c for j, c in enumerate(cases) if j != k]
    if protocol == "time-ordered":
        began = cases[k][0].start
        assert began is not None
        return [c for c in cases if c[0].end is not None and c[0].end < began]
    raise ValueError(f"unknown protocol {protocol!r}; protocols are {', '.join(PROTOCOLS)}")


def knowable(
    record: Record, claim_id: str, day: dt.date, _seen: frozenset[str] = frozenset()
) -> bool:
    """Was claim ``claim_id`` published before ``day`` (see the module docstring for the rule)?"""
    if claim_id not in record.claims or claim_id in _seen:
        return False
    claim = record.claims[claim_id]
    if claim.derived_from:
        return all(knowable(record, c, day, _seen | {claim_id}) for c in claim.derived_from)
    source = record.sources.get(claim.source)
    if source is None or source.date is None:
        return False
    return source.date.latest < day


def _inputs_cited(inputs: CrisisInputs) -> Iterable[tuple[str, list[str]]]:
    for name, claims in inputs.case_claims.items():
        yield f"case.{name}", claims
    if inputs.member_level:
        for name, claims in inputs.claims.items():
            yield f"coded.{name}", claims
        for actor in inputs.actors:
            for name, claims in actor.claims.items():
                if claims:
                    yield f"{actor.iso3}.{name}", claims


def hindsight(record: Record, inputs: CrisisInputs) -> dict[str, Any]:
    """For one case: which of its inputs were knowable on the day before it began, and which are
    hindsight. Returns ``{"case", "day", "knowable": [names], "hindsight": [names]}``."""
    assert inputs.start is not None
    day = inputs.start
    known: list[str] = []
    later: list[str] = []
    for name, claims in _inputs_cited(inputs):
        (known if any(knowable(record, c, day) for c in claims) else later).append(name)
    return {
        "case": inputs.crisis_id,
        "day": day.isoformat(),
        "knowable": sorted(known),
        "hindsight": sorted(later),
    }
