"""Fixtures of the chart tests: a copy of the record with a boundary dated to the month only."""

from __future__ import annotations

import pytest

from csto.record.load import load_record_from
from csto.record.record import Record
from datacopy import copy_data


@pytest.fixture(scope="session")
def month_record(tmp_path_factory: pytest.TempPathFactory) -> Record:
    """A copy of the record in which Uzbekistan's 2006 return is dated to the month only.

    Every shipped membership boundary is dated to the day, so the imprecise-date drawing is tested on a copy.
    """
    root = copy_data(tmp_path_factory.mktemp("month") / "data")
    path = root / "memberships.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in (
        ("  start: 2006-06-23\n  end: 2006-08-16\n", "  start: 2006-06-23\n  end: 2006-08\n"),
        ("  status: member\n  start: 2006-08-16\n", "  status: member\n  start: 2006-08\n"),
    ):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return load_record_from(root)
