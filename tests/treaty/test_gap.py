"""gap(): every record crisis under every reading, required beside actual, with the seeds' verdicts; the
DataFrame and the CLI's JSON."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from csto.errors import CstoError
from csto.record.record import Record
from csto.treaty import gap_frame
from csto.treaty.gap import VERDICTS, GapRow, verdict
from sessions import session_of


def gap(record: Record, treaty: str = "cst") -> list[GapRow]:
    """Every case of the treaty's alliance under every reading, on ``record``."""
    return session_of(record).gap(treaty)


#: (case, reading) → (required, actual, verdict); issue 12 recoded osh-2010 (2), karabakh-2020 (no request
#: to the CSTO, a statement: 1), kyrgyz-tajik-2021 and kursk-2024 (statements: 1) and added cases
EXPECTED = {
    **{
        ("osh-2010", r): (0, 2, "answered beyond the text")
        for r in ("strict", "framing", "precedent")
    },
    **{("armenia-2022", r): (3, 2, "refused") for r in ("strict", "framing", "precedent")},
    ("kazakhstan-2022", "strict"): (0, 3, "answered beyond the text"),
    ("kazakhstan-2022", "framing"): (3, 3, "honoured"),
    ("kazakhstan-2022", "precedent"): (0, 3, "answered beyond the text"),
    **{("kursk-2024", r): (0, 1, "not triggered") for r in ("strict", "framing", "precedent")},
    **{
        ("kyrgyz-tajik-2021", r): (0, 1, "no mechanism") for r in ("strict", "framing", "precedent")
    },
    **{
        ("kyrgyz-tajik-2022", r): (0, 1, "no mechanism") for r in ("strict", "framing", "precedent")
    },
    **{("karabakh-2020", r): (0, 1, "not triggered") for r in ("strict", "framing", "precedent")},
    **{
        ("tajik-civil-war-1992", r): (0, 0, "not triggered")
        for r in ("strict", "framing", "precedent")
    },
    **{("incursions-1999", r): (0, 0, "not triggered") for r in ("strict", "framing", "precedent")},
    **{("karabakh-1994", r): (0, 0, "no mechanism") for r in ("strict", "framing", "precedent")},
    **{("chechnya-1994", r): (0, 0, "not triggered") for r in ("strict", "framing", "precedent")},
    **{("dagestan-1999", r): (0, 0, "not triggered") for r in ("strict", "framing", "precedent")},
    **{("chechnya-1999", r): (0, 0, "not triggered") for r in ("strict", "framing", "precedent")},
    **{("batken-2000", r): (0, 0, "not triggered") for r in ("strict", "framing", "precedent")},
    **{
        ("north-caucasus-2009", r): (0, 0, "not triggered")
        for r in ("strict", "framing", "precedent")
    },
    **{("rasht-2010", r): (0, 0, "not triggered") for r in ("strict", "framing", "precedent")},
    **{("khorog-2012", r): (0, 0, "not triggered") for r in ("strict", "framing", "precedent")},
    **{("tajikistan-2015", r): (0, 0, "not triggered") for r in ("strict", "framing", "precedent")},
    **{("gbao-2022", r): (0, 0, "not triggered") for r in ("strict", "framing", "precedent")},
    **{("armenia-2021", r): (2, 2, "honoured") for r in ("strict", "framing", "precedent")},
    **{
        ("tajik-afghan-border-2021", r): (2, 2, "honoured")
        for r in ("strict", "framing", "precedent")
    },
}


@pytest.fixture(scope="module")
def rows(record: Record) -> dict[tuple[str, str], object]:
    return {(r.case, r.reading): r for r in gap(record)}


def test_every_crisis_and_reading_has_a_row(record: Record, rows: dict) -> None:
    crises = {c.id for c in record.cases.values() if c.victim is not None and c.alliance == "csto"}
    assert {case for case, _ in rows} == crises
    assert set(rows) == set(EXPECTED)


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_verdicts_from_the_seeds(rows: dict, key: tuple[str, str]) -> None:
    row = rows[key]
    assert (row.required, row.actual, row.verdict) == EXPECTED[key]
    assert row.verdict in VERDICTS and row.sources and row.reason


def test_reasons_say_why(rows: dict) -> None:
    assert "partly honoured" in rows[("armenia-2022", "strict")].reason
    assert "cst-art-2" in rows[("armenia-2022", "strict")].reason
    # karabakh-2020: no request to the CSTO in the default coding (issue 12)
    assert "no request" in rows[("karabakh-2020", "strict")].reason
    assert rows[("armenia-2021", "strict")].governing == "cst-art-2"  # Article 2 consultations
    assert "no request" in rows[("kursk-2024", "strict")].reason
    assert "cst-art-4" in rows[("kazakhstan-2022", "precedent")].reason
    assert rows[("kazakhstan-2022", "framing")].governing == "cst-art-4"


@pytest.mark.parametrize(
    ("required", "actual", "expected"),
    [
        (0, 0, "not triggered"),
        (0, 1, "not triggered"),  # a statement is never "beyond the text"
        (0, 2, "answered beyond the text"),
        (2, 3, "answered beyond the text"),
        (3, 3, "honoured"),
        (2, 2, "honoured"),
        (3, 2, "refused"),
        (3, 0, "refused"),
    ],
)
def test_verdict_table(required: int, actual: int, expected: str) -> None:
    assert verdict(required, actual) == expected


def test_each_treaty_gap_covers_its_own_alliance(record: Record) -> None:
    """The CST's gap covers the CST/CSTO cases, NATO's the requests made to NATO: never each other's."""
    for treaty, alliance in (("cst", "csto"), ("nato", "nato")):
        cases = {c.id for c in record.cases.values() if c.alliance == alliance and c.victim}
        assert {r.case for r in gap(record, treaty)} == cases
    with pytest.raises(CstoError, match="Known treaties"):
        gap(record, "seato")


def test_gap_frame(record: Record) -> None:
    frame = gap_frame(gap(record))
    assert {"case", "reading", "required", "actual", "verdict", "sources"} <= set(frame.columns)
    assert len(frame) == 3 * sum(
        1 for c in record.cases.values() if c.victim is not None and c.alliance == "csto"
    )


# -- CLI ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def cli() -> object:
    import typer

    from csto.cli import treaty_cmds

    app = typer.Typer()
    treaty_cmds.register(app)
    return app


def test_cli_gap_json(cli: object) -> None:
    result = CliRunner().invoke(cli, ["gap", "--json"])  # type: ignore[arg-type]
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert all(
        {"case", "reading", "required", "actual", "verdict", "sources"} <= set(r) for r in data
    )
    osh = [r for r in data if r["case"] == "osh-2010"]
    assert {r["verdict"] for r in osh} == {"answered beyond the text"}  # coded 2 since issue 12


def test_cli_assess_and_provisions(cli: object, tmp_path) -> None:
    runner = CliRunner()
    out = runner.invoke(cli, ["assess", "kazakhstan-2022", "--json"])  # type: ignore[arg-type]
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["readings"]["framing"]["required_level"] == 3
    assert data["readings"]["strict"]["required_level"] == 0
    table = runner.invoke(cli, ["assess", "kursk-2024", "--treaty", "nato"])  # type: ignore[arg-type]
    assert table.exit_code == 0 and "nato-art-5" in table.stdout
    prov = runner.invoke(cli, ["provisions", "--json"])  # type: ignore[arg-type]
    assert prov.exit_code == 0 and any(r["rule"] == "cst-art-4" for r in json.loads(prov.stdout))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["assess", "kazakstan-2022"], "Did you mean: kazakhstan-2022"),
        (["assess", "osh-2010", "--treaty", "warsaw"], "Known treaties: cst, nato"),
        (["gap", "--treaty", "warsaw"], "Known treaties: cst, nato"),
        (["provisions", "--treaty", "warsaw"], "Known treaties: cst, nato"),
    ],
)
def test_cli_errors_are_csto_errors(cli: object, args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, args)  # type: ignore[arg-type]
    assert isinstance(result.exception, CstoError)
    assert message in str(result.exception)


def test_cli_bad_scenario_file_exits_2_with_file_and_line(tmp_path) -> None:
    import subprocess
    import sys

    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "id: x\ntitle: x\ndate: 2027-01-01\nvictim: KAZ\nterritory: moon\n", encoding="utf-8"
    )
    script = (
        "from csto.cli.app import app, main; from csto.cli import treaty_cmds; "
        "treaty_cmds.register(app); main()"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, "assess", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert f"{bad}:5" in proc.stderr.replace("\n", "") and "territory" in proc.stderr
    assert "Traceback" not in proc.stderr
