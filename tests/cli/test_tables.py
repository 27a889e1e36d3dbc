"""How the CLI lays out a table for a person: cards in a narrow terminal, numbers rounded for reading,
columns nobody filled left out, titles and captions unwrapped. (``--json`` keeps everything.)"""

from __future__ import annotations

import contextlib
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clirun import csto
from csto.cli import output


def printed(rows: list[dict[str, object]], columns: list[str], **kw: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        output.table(rows, columns, **kw)
    return out.getvalue()


def test_a_table_too_wide_for_the_terminal_becomes_cards(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [
        {
            "state": "ARM",
            "reason": "participation_frozen since 2024-02-22",
            "sources": "ext-kyivindependent-2024-freeze",
        },
        {"state": "KAZ", "reason": "member since 1994-04-20", "sources": "seed-000"},
    ]
    columns = ["state", "reason", "sources"]
    monkeypatch.setenv("COLUMNS", "40")
    narrow = printed(rows, columns, title="CSTO on 2024-06-01")
    assert "┃" not in narrow  # no table borders
    assert narrow.splitlines()[0] == "CSTO on 2024-06-01"
    assert "sources: ext-kyivindependent-2024-freeze" in narrow  # no id split in two
    assert "state: KAZ" in narrow and "reason: member since 1994-04-20" in narrow
    monkeypatch.setenv("COLUMNS", "200")
    wide = printed(rows, columns, title="CSTO on 2024-06-01")
    assert "┃ state ┃" in wide and "ext-kyivindependent-2024-freeze" in wide


def test_the_members_command_reads_in_80_columns() -> None:
    ran = csto("members", "--on", "2012-09-01", columns=80)
    assert ran.status == 0, ran.err
    lines = ran.out.splitlines()
    assert all(len(line) <= 80 for line in lines)
    assert "status: exit_pending" in ran.out  # Uzbekistan on that day, whole
    assert len(lines) < 120  # was 276 lines for six states when every word was folded


@settings(max_examples=200, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_numbers_are_rounded_for_reading_but_keep_their_magnitude(x: float) -> None:
    shown = output.number(x)
    assert float(shown.replace(",", "")) == pytest.approx(
        x, rel=5e-4, abs=0.5 if abs(x) >= 1e4 else 0
    )
    assert len(shown.replace(",", "").lstrip("-")) <= max(10, len(f"{abs(x):.0f}"))


def test_a_column_nobody_filled_is_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    rows = [{"state": "ARM", "added_by": None}, {"state": "KAZ", "added_by": None}]
    assert "added by" not in printed(rows, ["state", "added_by"])
    rows[1]["added_by"] = "edna"
    assert "added by" in printed(rows, ["state", "added_by"])
    # an ordinary column is kept, even empty
    assert "note" in printed([{"state": "ARM", "note": None}], ["state", "note"])


def test_a_long_caption_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    caption = "model consensus 1.1 · seed 0 · 300 draws · data b770a777268f · expected level 2.78"
    out = printed([{"a": 1}], ["a"], caption=caption)
    assert caption in out.splitlines()
