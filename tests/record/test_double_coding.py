"""The blind double coding of the outcomes: both coders coded every case, kappa as the docs report it, and
every disagreement with the default coding kept as a variant."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from csto.analysis.agreement import agreement
from csto.record.record import Record

CODING = Path(__file__).parents[2] / "docs" / "coding"


def _levels(name: str) -> dict[str, int]:
    rows = yaml.safe_load((CODING / f"coder-{name}.yaml").read_text(encoding="utf-8"))
    return {r["case"]: int(r["level"]) for r in rows}


def test_both_coders_coded_every_case(record: Record) -> None:
    for name in ("a", "b"):
        assert set(_levels(name)) == set(record.cases), name


def test_kappa_between_the_blind_coders_as_the_docs_say() -> None:
    found = agreement(_levels("a"), _levels("b"), ("A", "B"))
    assert (found.n, found.agreed, found.kappa) == (75, 75, 1.0)
    text = (Path(__file__).parents[2] / "docs" / "explanation" / "case-base.md").read_text("utf-8")
    assert "κ = 1.00" in text and "75 of 75" in text


def test_every_disagreement_with_the_default_is_a_variant(record: Record) -> None:
    """Where a blind coder's level differs from a case's default, a variant codes that level."""
    for name in ("a", "b"):
        for case_id, level in _levels(name).items():
            case = record.cases[case_id]
            assert case.outcome_level is not None
            if level != int(case.outcome_level):
                levels = {
                    int(v.outcome_level) for v in case.variants if v.outcome_level is not None
                }
                assert level in levels, (name, case_id, level)


def test_kappa_by_hand_on_a_small_table() -> None:
    """Cohen's kappa: (p_o − p_e) / (1 − p_e); here p_o = 0.8, p_e = 0.5 → 0.6."""
    first = {f"c{i}": lv for i, lv in enumerate([0, 0, 0, 0, 0, 1, 1, 1, 1, 1])}
    second = {f"c{i}": lv for i, lv in enumerate([0, 0, 0, 0, 1, 1, 1, 1, 1, 0])}
    found = agreement(first, second)
    p_o = 0.8
    p_e = 0.5 * 0.5 + 0.5 * 0.5
    assert found.kappa == pytest.approx((p_o - p_e) / (1 - p_e))
    assert found.disagreements == {"c4": (0, 1), "c9": (1, 0)}
    assert np.isclose(found.agreed / found.n, p_o)


def test_no_shared_case_is_an_error() -> None:
    with pytest.raises(ValueError, match="share no case"):
        agreement({"a": 1}, {"b": 1})
