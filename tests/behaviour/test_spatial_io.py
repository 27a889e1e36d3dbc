"""The KTAB CSV reader and writer of the spatial model: encodings, number checks, ties, precision,
and the write → read round trip (``csto.behaviour.spatial.csvio``)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest
import typer
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from csto.behaviour.spatial import (
    ScenarioError,
    SpatialScenario,
    read_ktab_csv,
    run,
    run_batch,
    write_ktab_csv,
)
from csto.behaviour.spatial.csvio import format_ktab_csv, percent_text
from csto.cli.bargain import register

REPO = Path(__file__).resolve().parents[2]
KTAB_DIR = Path(os.environ.get("CSTO_KTAB_DIR", REPO.parent / "shared" / "ktab"))

GOOD = (
    "Scen, {desc}, 3, 1,\n"
    "Actor, Desc, Power, Pos, Sal,\n"
    "A, {a}, 10, 20, 50,\n"
    "B, b, 20, 40, 60,\n"
    "C, c, 30, 90, 40\n"
)

# Two camps of equal strength: the final state has two distinct positions with exactly equal
# probability (0.5 each), and KTAB's "first in actor order" pick flips with the row order.
TIED = "Tied, two camps, 4, 1\nActor, Desc, Power, Pos, Sal\n" + "".join(
    f"{n}, camp, 10, {x}, 50\n" for n, x in (("A", 20), ("B", 20), ("C", 80), ("D", 80))
)

app = typer.Typer()
register(app)


@app.callback()
def _root() -> None:  # keep "bargain" a named subcommand
    pass


runner = CliRunner()


def _file(tmp_path: Path, data: bytes, name: str = "s.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- encodings ----------------------------------------------------------------------------------


def test_cp1252_file_with_an_en_dash_reads(tmp_path: Path) -> None:
    text = GOOD.format(desc="Policy – reform", a="Fran\u00e7ois")
    raw = text.encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # the file really is not UTF-8
    sc = read_ktab_csv(_file(tmp_path, raw))
    assert sc.encoding == "cp1252"
    assert sc.description == "Policy – reform"
    assert sc.actor_descriptions[0] == "François"
    assert sc.positions[:, 0].tolist() == [0.2, 0.4, 0.9]


def test_cp1251_russian_text_reads(tmp_path: Path) -> None:
    text = GOOD.format(desc="ОДКБ – сценарий", a="Россия")
    sc = read_ktab_csv(_file(tmp_path, text.encode("cp1251")))
    assert sc.encoding == "cp1251"
    assert (sc.description, sc.actor_descriptions[0]) == ("ОДКБ – сценарий", "Россия")


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (GOOD.format(desc="plain", a="a").encode("ascii"), "ascii"),
        (GOOD.format(desc="Policy – reform", a="a").encode("utf-8"), "utf-8"),
        (GOOD.format(desc="Policy – reform", a="a").encode("utf-8-sig"), "utf-8-sig"),
    ],
)
def test_utf8_is_read_as_utf8(tmp_path: Path, raw: bytes, encoding: str) -> None:
    sc = read_ktab_csv(_file(tmp_path, raw))
    assert sc.encoding == encoding
    assert sc.name == "Scen"  # a byte-order mark does not end up in the first field


def test_undecodable_bytes_are_refused_with_the_reason(tmp_path: Path) -> None:
    path = _file(tmp_path, bytes(range(128, 256)) * 4)
    with pytest.raises(ScenarioError, match="neither UTF-8 nor text in a Windows code page"):
        read_ktab_csv(path)


def test_cli_says_which_encoding_was_used(tmp_path: Path) -> None:
    path = _file(tmp_path, GOOD.format(desc="Policy – reform", a="a").encode("cp1252"))
    table = runner.invoke(app, ["bargain", str(path)])
    assert table.exit_code == 0, table.output
    assert "as cp1252" in table.stdout
    data = json.loads(runner.invoke(app, ["bargain", str(path), "--json"]).stdout)
    assert data["scenario"]["encoding"] == "cp1252"
    assert data["scenario"]["description"] == "Policy – reform"


# --- numbers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "line", "fragment"),
    [
        ("10, 20, 50", "1e999, 20, 50", 3, "column 3 (capability): '1e999' is not a finite number"),
        ("20, 40, 60", "20, 1e999, 60", 4, "column 4 (position 1): '1e999' is not a finite"),
        ("30, 90, 40", "30, 90, -1e999", 5, "column 5 (salience 1): '-1e999' is not a finite"),
        ("10, 20, 50", "nan, 20, 50", 3, "'nan' is not a number"),
        ("20, 40, 60", "20, inf, 60", 4, "'inf' is not a number"),
        ("20, 40, 60", "-5, 40, 60", 4, "capability -5 is outside [0, 1e8]"),
        ("20, 40, 60", "20, 40, -0.5", 4, "salience -0.5 on dimension 1 is outside [0, 100]"),
        ("20, 40, 60", "20, 100.01, 60", 4, "position 100.01 on dimension 1 is outside [0, 100]"),
        ("20, 40, 60", "20, 40, 0", 4, "all saliences of actor B are 0"),
    ],
)
def test_every_number_is_checked_with_file_and_line(
    tmp_path: Path, old: str, new: str, line: int, fragment: str
) -> None:
    text = GOOD.format(desc="d", a="a").replace(old, new)
    path = _file(tmp_path, text.encode())
    with pytest.raises(ScenarioError) as info:
        read_ktab_csv(path)
    assert str(info.value).startswith(f"{path}, line {line}: ")
    assert fragment in str(info.value)


def test_from_arrays_refuses_non_finite_numbers() -> None:
    with pytest.raises(ScenarioError, match="capability nan is not a finite number"):
        SpatialScenario.from_arrays([1, np.nan, 1], [10, 20, 30], [50, 50, 50])
    with pytest.raises(ScenarioError, match="position on dimension 1 is not a finite number"):
        SpatialScenario.from_arrays([1, 1, 1], [10, np.inf, 30], [50, 50, 50])


# --- ties ---------------------------------------------------------------------------------------


def _reversed(text: str) -> str:
    lines = text.splitlines()
    return "\n".join(lines[:2] + lines[2:][::-1]) + "\n"


def test_tied_positions_do_not_flip_with_the_row_order(tmp_path: Path) -> None:
    forward = run(read_ktab_csv(_file(tmp_path, TIED.encode(), "f.csv")))
    backward = run(read_ktab_csv(_file(tmp_path, _reversed(TIED).encode(), "b.csv")))
    for res in (forward, backward):
        assert res.final_option_probs.tolist() == [0.5, 0.5]
        assert res.tie
        assert res.forecast_modes[:, 0].tolist() == [20.0, 80.0]
        assert res.forecast_mode.tolist() == [20.0]
        assert res.final_options[:, 0].tolist() == [20.0, 80.0]
    assert forward.to_dict()["forecast"] == backward.to_dict()["forecast"]


def test_a_tie_is_said_in_the_output(tmp_path: Path) -> None:
    path = _file(tmp_path, _reversed(TIED).encode())
    table = runner.invoke(app, ["bargain", str(path)])
    assert table.exit_code == 0, table.output
    assert "tie: 20.00 = 80.00" in table.stdout
    data = json.loads(runner.invoke(app, ["bargain", str(path), "--json"]).stdout)
    assert data["forecast"]["Pos"] == {
        "mean": 50.0,
        "most_probable": 20.0,
        "tie": True,
        "tied": [20.0, 80.0],
    }


def test_no_tie_is_reported_where_there_is_none(tmp_path: Path) -> None:
    res = run(read_ktab_csv(_file(tmp_path, GOOD.format(desc="d", a="a").encode())))
    assert not res.tie and res.forecast_modes.shape == (1, 1)
    assert res.to_dict()["forecast"]["Pos"]["tie"] is False


def test_batch_reports_ties_per_draw(tmp_path: Path) -> None:
    tied = read_ktab_csv(_file(tmp_path, TIED.encode(), "t.csv"))
    flat = SpatialScenario.from_arrays([10, 10, 10, 1], [20, 20, 80, 80], [50, 50, 50, 50])
    batch = run_batch(
        np.stack([tied.capability, flat.capability]),
        np.stack([tied.positions, flat.positions]),
        np.stack([tied.saliences, flat.saliences]),
    )
    assert batch.mode_tied.tolist() == [True, False]
    assert batch.forecast_mode[0].tolist() == [20.0]


# --- precision ----------------------------------------------------------------------------------


def test_printed_positions_are_rounded_to_the_input_precision() -> None:
    path = KTAB_DIR / "SOE-Policy.csv"
    if not path.exists():
        pytest.skip(f"KTAB example inputs not found at {KTAB_DIR} (set CSTO_KTAB_DIR)")
    res = run(read_ktab_csv(path))
    assert res.final_positions[1, 0] != 41.01  # 0.4101 × 100 in binary floating point
    out = runner.invoke(app, ["bargain", str(path), "--json"]).stdout
    assert "41.01" in out and "41.0100000" not in out
    data = json.loads(out)
    assert data["final_positions"]["LK"] == [41.01]
    assert data["forecast"]["Policy Position"]["mean"] == 38.56
    assert data["scenario"]["decimals"] == 2


def test_decimals_follow_the_finest_position_cell(tmp_path: Path) -> None:
    text = GOOD.format(desc="d", a="a").replace("20, 40, 60", "20, 40.125, 60")
    fine = _file(tmp_path, text.encode(), "fine.csv")
    sc = read_ktab_csv(fine)
    assert (sc.decimals, sc.print_decimals) == (3, 3)
    coarse = read_ktab_csv(_file(tmp_path, GOOD.format(desc="d", a="a").encode()))
    assert (coarse.decimals, coarse.print_decimals) == (0, 2)  # the model's own grid is 0.01
    table = runner.invoke(app, ["bargain", str(fine)]).stdout
    assert "50.042" in table  # the mean position at turn 0: (20 + 40.125 + 90) / 3 = 50.0416…
    out = runner.invoke(app, ["bargain", str(fine), "--json"]).stdout
    assert json.loads(out)["scenario"]["decimals"] == 3


# --- writing ------------------------------------------------------------------------------------


def _same(a: SpatialScenario, b: SpatialScenario) -> None:
    assert (a.name, a.description) == (b.name, b.description)
    assert a.actor_names == b.actor_names
    assert a.actor_descriptions == b.actor_descriptions
    assert a.dimension_names == b.dimension_names
    for x, y in (
        (a.capability, b.capability),
        (a.positions, b.positions),
        (a.saliences, b.saliences),
    ):
        np.testing.assert_array_equal(x, y)


@pytest.mark.parametrize(
    "name", ["SOE-Policy", "SOE-Pol-Comp", "dummyData_3Dim", "dummyData_6Dim", "dummyData-a040"]
)
def test_ktab_examples_round_trip_exactly(tmp_path: Path, name: str) -> None:
    path = KTAB_DIR / f"{name}.csv"
    if not path.exists():
        pytest.skip(f"KTAB example inputs not found at {KTAB_DIR} (set CSTO_KTAB_DIR)")
    sc = read_ktab_csv(path)
    again = read_ktab_csv(write_ktab_csv(sc, tmp_path / "out.csv"))
    _same(sc, again)
    assert again.encoding == "ascii"


def test_written_file_has_the_ktab_layout(tmp_path: Path) -> None:
    sc = SpatialScenario.from_arrays(
        [100, 55.5, 7],
        [[30, 2.5], [45.25, 0], [100, 99.99]],
        [[30, 10], [65, 35], [1, 0.5]],
        name="Test, one",
        description='A "quoted", two-part description\nover two lines',
        actor_names=["XJ", "LK", "ZG"],
        actor_descriptions=["Xi Jinping", "Li, Keqiang", "Zhang Gaoli"],
        dimension_names=["Policy Position", "Other"],
    )
    text = format_ktab_csv(sc)
    assert text.splitlines() == [
        "Test; one,A 'quoted'; two-part description over two lines,3,2",
        "Actor,Description,Power,Policy Position,Policy Salience,Other,Other Salience",
        "XJ,Xi Jinping,100,30,30,2.5,10",
        "LK,Li; Keqiang,55.5,45.25,65,0,35",
        "ZG,Zhang Gaoli,7,100,1,99.99,0.5",
    ]
    again = read_ktab_csv(write_ktab_csv(sc, tmp_path / "w.csv"))
    np.testing.assert_array_equal(again.positions, sc.positions)
    np.testing.assert_array_equal(again.saliences, sc.saliences)
    assert again.actor_descriptions[1] == "Li; Keqiang"


def test_writer_refuses_names_that_collide_and_unwritable_paths(tmp_path: Path) -> None:
    sc = SpatialScenario.from_arrays(
        [1, 1, 1], [10, 20, 30], [50, 50, 50], actor_names=["A,B", "A;B", "C"]
    )
    with pytest.raises(ScenarioError, match="used twice"):
        format_ktab_csv(sc)
    ok = SpatialScenario.from_arrays([1, 1, 1], [10, 20, 30], [50, 50, 50])
    with pytest.raises(ScenarioError, match="cannot write the file"):
        write_ktab_csv(ok, tmp_path / "no" / "such" / "dir.csv")


def test_writer_keeps_to_smpc_length_limits(tmp_path: Path) -> None:
    long = "Договор о коллективной безопасности " * 20  # 2-byte letters, cut on a letter
    sc = SpatialScenario.from_arrays(
        [1, 1, 1],
        [10, 20, 30],
        [50, 50, 50],
        name=long,
        description=long,
        actor_descriptions=[long, "b", "c"],
        dimension_names=[long],
    )
    back = read_ktab_csv(write_ktab_csv(sc, tmp_path / "long.csv"))
    assert back.encoding == "utf-8"
    assert len(back.name.encode()) <= 512 and len(back.description.encode()) <= 512
    assert len(back.actor_descriptions[0].encode()) <= 256
    assert len(back.dimension_names[0].encode()) <= 256 - len(" Salience")
    assert long.startswith(back.description) and long.startswith(back.actor_descriptions[0])
    too_long = SpatialScenario.from_arrays(
        [1, 1, 1], [10, 20, 30], [50, 50, 50], actor_names=["A" * 26, "B", "C"]
    )
    with pytest.raises(ScenarioError, match="longer than the 25 bytes smpc accepts"):
        format_ktab_csv(too_long)


percent = st.floats(0.0, 100.0, allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(3, 6).flatmap(
        lambda n: st.tuples(
            st.lists(st.floats(1e-6, 1e8), min_size=n, max_size=n),
            st.lists(percent, min_size=n, max_size=n),
            st.lists(st.floats(0.01, 100.0), min_size=n, max_size=n),
        )
    )
)
def test_any_percent_scenario_round_trips_exactly(
    arrays: tuple[list[float], list[float], list[float]],
) -> None:
    import tempfile

    cap, pos, sal = arrays
    sc = SpatialScenario.from_arrays(cap, pos, sal)
    with tempfile.TemporaryDirectory() as tmp:
        again = read_ktab_csv(write_ktab_csv(sc, Path(tmp) / "r.csv"))
    _same(sc, again)


def test_percent_text_is_the_shortest_exact_decimal() -> None:
    assert percent_text(0.3) == "30"
    assert percent_text(41.01 / 100.0) == "41.01"
    assert percent_text(1.0) == "100" and percent_text(0.0) == "0"
    assert float(percent_text(0.4101)) / 100.0 == pytest.approx(0.4101, abs=1e-16)
