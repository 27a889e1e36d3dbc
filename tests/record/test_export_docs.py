"""The export and SQL docs cannot rot: the codebook reference is current and the how-to's queries run."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from csto.record.export import codebook_markdown
from csto.record.record import Record
from csto.record.sql import run

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_the_codebook_reference_is_current() -> None:
    text = (DOCS / "reference" / "export.md").read_text(encoding="utf-8")
    start, end = "<!-- codebook:start -->\n", "<!-- codebook:end -->"
    assert start in text and end in text
    shipped = text.split(start, 1)[1].split(end, 1)[0]
    assert shipped == codebook_markdown(), (
        "docs/reference/export.md is out of date: paste csto.record.export.codebook_markdown() "
        "between its codebook markers"
    )


QUERIES = [
    shlex.split(line)[2]
    for line in (DOCS / "how-to" / "query-with-sql.md").read_text(encoding="utf-8").splitlines()
    if line.startswith("csto sql ")
]


@pytest.mark.parametrize("query", QUERIES)
def test_the_how_to_queries_run(record: Record, query: str) -> None:
    assert len(run(record, query)) > 0
