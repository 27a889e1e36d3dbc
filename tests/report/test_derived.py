"""The shipped derived results match what scripts/build_derived.py makes from the current code and data."""

from __future__ import annotations

import json

import pytest

from csto.record.load import load_record
from csto.report import cache
from csto.report.layers import Validation, validation

SEED, DRAWS = 0, 2000


def test_shipped_validation_is_current_and_matches_a_fresh_computation() -> None:
    record = load_record()
    k = cache.key("validation", record.data_hash, seed=SEED, draws=DRAWS)
    path = cache.shipped_dir() / f"validation-{k}.json"
    assert path.is_file(), (
        "the shipped validation is stale or missing: run `python scripts/build_derived.py` "
        "after changing the record, the behaviour inputs or the behaviour models"
    )
    shipped = json.loads(path.read_text(encoding="utf-8"))
    fresh = validation(record, seed=SEED, draws=DRAWS, cache=False)
    assert isinstance(fresh, Validation)
    assert [s["model"] for s in shipped["scores"]] == [s["model"] for s in fresh.scores]
    for old, new in zip(shipped["scores"], fresh.scores, strict=True):
        for metric in ("accuracy", "brier", "log_loss"):
            assert old[metric] == pytest.approx(new[metric], abs=1e-9), (old["model"], metric)
    assert len(shipped["predictions"]) == len(fresh.predictions)


def test_only_one_shipped_validation_file() -> None:
    assert len(list(cache.shipped_dir().glob("validation-*.json"))) == 1
