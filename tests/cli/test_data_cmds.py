"""``csto export`` and ``csto sql`` run as a user runs them: clear refusals, exit status 2, no traceback."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from test_cli import csto, fails

from csto.record.codebook import TABLES
from csto.record.record import Record


def strict_json(text: str) -> object:
    """JSON as the standard defines it: NaN and Infinity are refused."""

    def refuse(name: str) -> None:
        raise ValueError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


# -- export ------------------------------------------------------------------------------------


def test_export_xlsx(tmp_path: Path) -> None:
    result = csto("export", str(tmp_path / "out"), "--format", "xlsx")
    assert result.returncode == 0, result.stderr
    assert "wrote 2 files" in result.stdout
    book = openpyxl.load_workbook(tmp_path / "out" / "csto.xlsx", read_only=True)
    assert book.sheetnames == [*TABLES, "codebook", "codes", "about"]


def test_export_stata(tmp_path: Path) -> None:
    result = csto("export", str(tmp_path / "out"), "--format", "stata")
    assert result.returncode == 0, result.stderr
    assert f"wrote {len(TABLES) + 1} files" in result.stdout
    with pd.read_stata(tmp_path / "out" / "state_year.dta", iterator=True) as reader:
        assert reader.value_labels()["belonged_code"] == {0: "no", 1: "yes"}


def test_export_to_an_empty_name_writes_nothing(tmp_path: Path) -> None:
    for name in ("", " "):
        result = csto("export", name, cwd=tmp_path)
        assert result.returncode == 2, result.stdout
        assert "export directory name is empty" in result.stderr
        assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_export_to_a_file(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text("mine", encoding="utf-8")
    err = fails("export", str(path))
    assert "is a file, not a directory" in err
    assert path.read_text(encoding="utf-8") == "mine"


def test_export_over_other_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    err = fails("export", str(tmp_path))
    assert "not empty and is not a csto export" in err
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_export_unknown_format_lists_the_formats(tmp_path: Path) -> None:
    err = fails("export", str(tmp_path / "out"), "--format", "sav")
    assert "unknown format 'sav'" in err and "xlsx" in err and "stata" in err
    assert list(tmp_path.iterdir()) == []


# -- sql ---------------------------------------------------------------------------------------


def test_sql_json_is_strict_json(record: Record) -> None:
    result = csto(
        "sql",
        'SELECT state, start_earliest, "end", note FROM memberships '
        "WHERE alliance = 'csto' ORDER BY 1, 2",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    rows = strict_json(result.stdout)
    csto_rows = [m for m in record.memberships if m.alliance == "csto"]
    assert isinstance(rows, list) and len(rows) == len(csto_rows)
    first = rows[0]
    assert first == {
        "state": "ARM",
        "start_earliest": "1992-05-15",
        "end": "1994-04-20",
        "note": None,
    }


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "the SQL statement is empty"),
        ("   ", "the SQL statement is empty"),
        ("DROP TABLE claims", "only SELECT statements run"),
        ("COPY claims TO 'x.csv'", "only SELECT statements run"),
        ("SELECT * FROM read_csv('/etc/passwd')", "reaches outside the record"),
        ("SELECT 1; SELECT 2", "one statement at a time"),
        ("SELECT * FROM range(200000)", "more than 100,000 rows"),
        ("SELEC 1", "SQL error"),
    ],
)
def test_sql_refusals(tmp_path: Path, query: str, message: str) -> None:
    result = csto("sql", query, cwd=tmp_path)
    assert result.returncode == 2, result.stdout
    assert message in result.stderr.replace("\n", " ")
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


# -- export ktab -------------------------------------------------------------------------------


def test_export_ktab_writes_the_csv_that_bargain_reads(tmp_path: Path) -> None:
    out = tmp_path / "kazakhstan.csv"
    result = csto("export", "ktab", "kazakhstan-2022", str(out))
    assert result.returncode == 0, result.stderr
    assert f"wrote {out}" in result.stdout
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("kazakhstan-2022,")
    assert lines[1] == "Actor,Description,Power,Response Position,Response Salience"
    assert any(line.startswith("KAZ,requester,") for line in lines[2:])
    # the same bytes as `csto bargain CASE --ktab`
    twin = tmp_path / "twin.csv"
    assert csto("bargain", "kazakhstan-2022", "--ktab", str(twin)).returncode == 0
    assert twin.read_bytes() == out.read_bytes()
    read_back = csto("bargain", str(out), "--json")
    assert read_back.returncode == 0, read_back.stderr
    assert json.loads(read_back.stdout)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("ktab", "kazakhstan-2022"), "takes a case id or scenario file and the CSV"),
        (("ktab", "kazakhstan-2022", "out.txt"), "a KTAB scenario is a .csv file"),
        (("ktab", "kazakstan-2022", "out.csv"), "kazakhstan-2022"),
        (("out", "extra"), "takes one directory"),
        (("ktab", "kazakhstan-2022", "out.csv", "--format", "xlsx"), "does not apply"),
    ],
)
def test_export_ktab_refusals(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    result = csto("export", *args, cwd=tmp_path)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert message in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []
