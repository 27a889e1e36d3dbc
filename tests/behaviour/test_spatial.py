"""Tests of the spatial bargaining model (csto.behaviour.spatial).

The main check is turn-by-turn agreement with a plain-Python oracle (``spatial_oracle.py``) on the
KTAB example inputs (``CSTO_KTAB_DIR``, default ``<repo>/../shared/ktab``), plus agreement with
numbers measured from KTAB's own ``smpc`` (see ``SMPC_MEASURED``), property tests and input
validation tests.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csto.behaviour.spatial import (
    ScenarioError,
    SpatialScenario,
    read_ktab_csv,
    run,
    run_batch,
)
from csto.behaviour.spatial.utility import round4

sys.path.insert(0, str(Path(__file__).resolve().parent))
import spatial_oracle as oracle

REPO = Path(__file__).resolve().parents[2]
KTAB_DIR = Path(os.environ.get("CSTO_KTAB_DIR", REPO.parent / "shared" / "ktab"))
SMALL = ["SOE-Policy", "SOE-Competitive", "SOE-Pol-Comp", "dummyData_3Dim", "dummyData_6Dim"]
SMALL += ["dummyData-a040"]
LARGE = ["dummyData-a080", "dummyData-a160"]
FULL = os.environ.get("CSTO_SPATIAL_FULL") == "1"

# Measured with KTAB's smpc (github.com/KTAB/KTAB, examples/smp, default parameters), built
# under /tmp and run as `smpc --csv FILE --logmin --connstr "Driver=QSQLITE;Database=…"`; the
# numbers below are the turn counts it reported and its final positions read from the
# VectorPosition table of its database, written as integers k = 100·position on the 0–100 scale
# (so position = k / 100; actors in file order, dimensions within an actor).
SMPC_MEASURED: dict[str, tuple[int, str]] = {}  # filled in below


def _ktab(name: str) -> Path:
    path = KTAB_DIR / f"{name}.csv"
    if not path.exists():
        pytest.skip(f"KTAB example inputs not found at {KTAB_DIR} (set CSTO_KTAB_DIR)")
    return path


_RUNS: dict[str, object] = {}


def _run(name: str):  # type: ignore[no-untyped-def]
    if name not in _RUNS:
        _RUNS[name] = run(read_ktab_csv(_ktab(name)))
    return _RUNS[name]


def _lists(sc: SpatialScenario) -> tuple[list[list[float]], list[list[float]], list[float]]:
    return sc.saliences.tolist(), sc.positions.tolist(), sc.capability.tolist()


# --- agreement with the oracle ----------------------------------------------------------------


@pytest.mark.parametrize("name", SMALL)
def test_oracle_agrees_on_every_turn(name: str) -> None:
    res = _run(name)
    sal, pos, cap = _lists(res.scenario)
    states, probs, turns = oracle.run(pos, sal, cap)
    assert turns == res.turns
    np.testing.assert_array_equal(np.array(states), res.positions)
    np.testing.assert_array_equal(np.array(probs), res.win_probs)


@pytest.mark.slow  # the pure-Python oracle on the large files: about 15 s
@pytest.mark.parametrize("name", LARGE)
def test_oracle_agrees_on_sampled_turns(name: str) -> None:
    """Large files: the oracle (O(N³) Python per turn) re-derives the turns of the run (a160: the
    first and the last; set CSTO_SPATIAL_FULL=1 for all)."""
    res = _run(name)
    sal, _, cap = _lists(res.scenario)
    # a160 costs about 3 s per oracle turn: first and last only, unless CSTO_SPATIAL_FULL=1
    every = FULL or name.endswith("a080")
    sample = list(range(res.turns)) if every else [0, res.turns - 1]
    for t in sample:
        new, info = oracle.step(res.positions[t].tolist(), sal, cap)
        np.testing.assert_array_equal(np.array(new), res.positions[t + 1], err_msg=f"turn {t}")
        np.testing.assert_array_equal(np.array(info.printed_probs), res.win_probs[t])
        np.testing.assert_array_equal(np.array(info.risk), res.risk[t])
        np.testing.assert_array_equal(np.array(info.targets), res.targets[t])


@pytest.mark.parametrize("name", SMALL + LARGE)
def test_matches_measured_smpc(name: str) -> None:
    turns, text = SMPC_MEASURED[name]
    res = _run(name)
    expected = np.array([int(v) for v in text.split()], dtype=np.int64)
    got = np.rint(res.positions[-1].ravel() * 10000.0).astype(np.int64)
    assert res.turns == turns
    np.testing.assert_array_equal(got, expected)


def test_soe_policy_forecast() -> None:
    res = _run("SOE-Policy")
    assert res.turns == 19
    assert res.forecast_mean[0] == pytest.approx(38.558, abs=1e-3)
    assert res.forecast_mode[0] == pytest.approx(38.61)
    assert res.final_option_probs.sum() == pytest.approx(1.0)
    data = json.loads(json.dumps(res.to_dict()))
    assert data["turns"] == 19
    assert data["final_positions"]["XJ"] == [pytest.approx(38.73)]
    assert set(data["forecast"]) == {"Policy Position"}


# --- batch --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["SOE-Policy", "dummyData_6Dim"])
def test_run_batch_of_copies_equals_run(name: str) -> None:
    res = _run(name)
    sc = res.scenario
    s = 5
    batch = run_batch(
        np.repeat(sc.capability[None], s, 0),
        np.repeat(sc.positions[None], s, 0),
        np.repeat(sc.saliences[None], s, 0),
        chunk_size=2,
    )
    assert batch.turns.tolist() == [res.turns] * s
    np.testing.assert_array_equal(batch.final_positions, np.repeat(res.positions[-1][None], s, 0))
    np.testing.assert_array_equal(batch.forecast_mean, np.repeat(res.forecast_mean[None], s, 0))
    np.testing.assert_array_equal(batch.forecast_mode, np.repeat(res.forecast_mode[None], s, 0))
    np.testing.assert_array_equal(batch.final_win_probs[0], res.win_probs[-1])


def _random_arrays(
    rng: np.random.Generator, s: int, n: int, d: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    cap = rng.uniform(1.0, 100.0, size=(s, n))
    pos = np.round(rng.uniform(0.0, 100.0, size=(s, n, d)), 2) / 100.0
    raw = rng.uniform(0.05, 1.0, size=(s, n, d))
    sal = np.round(raw / raw.sum(axis=2, keepdims=True) * rng.uniform(30, 99, (s, n, 1)), 2) / 100
    return cap, pos, sal


def test_run_batch_of_different_draws_equals_runs() -> None:
    rng = np.random.default_rng(20240611)
    cap, pos, sal = _random_arrays(rng, 7, 9, 2)
    batch = run_batch(cap, pos, sal, chunk_size=3)
    assert len(set(batch.turns.tolist())) > 1  # draws stop at different turns
    for k in range(7):
        sc = SpatialScenario.from_arrays(cap[k], pos[k], sal[k], scale="unit")
        res = run(sc)
        assert batch.turns[k] == res.turns
        np.testing.assert_array_equal(batch.final_positions[k], res.positions[-1])
        np.testing.assert_array_equal(batch.forecast_mean[k], res.forecast_mean)


def test_run_batch_rejects_bad_shapes_and_values() -> None:
    cap, pos, sal = _random_arrays(np.random.default_rng(1), 2, 4, 1)
    with pytest.raises(ScenarioError):
        run_batch(cap[:, :3], pos, sal)
    with pytest.raises(ScenarioError):
        run_batch(cap, pos * 100.0, sal)  # positions on the wrong scale
    with pytest.raises(ScenarioError):
        run_batch(-cap, pos, sal)


# --- properties ---------------------------------------------------------------------------------

scenario_seeds = st.tuples(
    st.integers(0, 2**32 - 1), st.integers(3, 7), st.integers(1, 3)
)  # (seed, actors, dimensions)
FAST = settings(
    max_examples=12, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


def _scenario(seed: int, n: int, d: int) -> SpatialScenario:
    cap, pos, sal = _random_arrays(np.random.default_rng(seed), 1, n, d)
    return SpatialScenario.from_arrays(cap[0], pos[0], sal[0], scale="unit")


@FAST
@given(scenario_seeds)
def test_random_scenarios_agree_with_oracle(args: tuple[int, int, int]) -> None:
    sc = _scenario(*args)
    res = run(sc, max_turns=8)
    sal, pos, cap = _lists(sc)
    states, probs, turns = oracle.run(pos, sal, cap, max_turns=8)
    assert turns == res.turns
    np.testing.assert_array_equal(np.array(states), res.positions)
    np.testing.assert_array_equal(np.array(probs), res.win_probs)


@FAST
@given(scenario_seeds)
def test_positions_stay_on_the_unit_interval_and_grid(args: tuple[int, int, int]) -> None:
    sc = _scenario(*args)
    res = run(sc, max_turns=10)
    assert np.all(res.positions >= 0.0) and np.all(res.positions <= 1.0)
    moved = res.positions[1:] != res.positions[:1]
    assert np.array_equal(round4(res.positions[1:])[moved], res.positions[1:][moved])
    assert np.all(res.turns <= 10)
    lo, hi = sc.positions.min(axis=0) * 100, sc.positions.max(axis=0) * 100
    assert np.all(res.forecast_mean >= lo - 1e-9) and np.all(res.forecast_mean <= hi + 1e-9)


@FAST
@given(st.integers(3, 8), st.integers(1, 3), st.integers(0, 10000), st.integers(0, 2**32 - 1))
def test_common_position_does_not_move(n: int, d: int, where: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    point = np.full((n, d), where / 100.0)
    cap, _, sal = _random_arrays(rng, 1, n, d)
    sc = SpatialScenario.from_arrays(cap[0], point, sal[0] * 100.0)
    res = run(sc)
    assert res.turns == 2  # no move at all: D_2 / (D_1 + 1e-4) = 0 stops at the first chance
    assert np.all(res.positions == sc.positions[None])
    assert np.all(res.targets == -1)
    np.testing.assert_allclose(res.forecast_mean, sc.positions[0] * 100.0)
    np.testing.assert_allclose(res.forecast_mode, sc.positions[0] * 100.0)


@FAST
@given(scenario_seeds, st.randoms(use_true_random=False))
def test_permuting_actors_permutes_the_result(args: tuple[int, int, int], rnd) -> None:  # type: ignore[no-untyped-def]
    """Positions and turns are equivariant. (Winning probabilities are not in general: smpc's
    grouping of positions closer than 0.1 is greedy in actor order.)"""
    sc = _scenario(*args)
    perm = list(range(sc.n_actors))
    rnd.shuffle(perm)
    p = np.array(perm)
    sc2 = SpatialScenario.from_arrays(
        sc.capability[p], sc.positions[p], sc.saliences[p], scale="unit"
    )
    a, b = run(sc, max_turns=8), run(sc2, max_turns=8)
    assert a.turns == b.turns
    np.testing.assert_array_equal(a.positions[:, p], b.positions)


@FAST
@given(scenario_seeds, st.integers(-6, 6))
def test_scaling_capabilities_changes_nothing(args: tuple[int, int, int], k: int) -> None:
    """A power-of-two factor scales every vote exactly; only the tiny additive constants of
    ALGORITHM.md (1e-8, 1e-10) do not scale, which does not change the outcome here."""
    sc = _scenario(*args)
    sc2 = SpatialScenario.from_arrays(
        sc.capability * 2.0**k, sc.positions, sc.saliences, scale="unit"
    )
    a, b = run(sc, max_turns=8), run(sc2, max_turns=8)
    assert a.turns == b.turns
    np.testing.assert_array_equal(a.positions, b.positions)


def test_from_arrays_equals_csv() -> None:
    sc = read_ktab_csv(_ktab("SOE-Pol-Comp"))
    sc2 = SpatialScenario.from_arrays(
        sc.capability,
        sc.positions * 100.0,
        sc.saliences * 100.0,
        actor_names=sc.actor_names,
    )
    assert np.allclose(sc2.positions, sc.positions, rtol=0, atol=1e-15)
    assert run(sc2).turns == _run("SOE-Pol-Comp").turns
    with pytest.raises(ValueError):
        sc.positions[0, 0] = 0.5  # read-only


# --- reading CSV files --------------------------------------------------------------------------


def test_reads_all_examples() -> None:
    expected = {
        "SOE-Policy": (26, 1),
        "SOE-Competitive": (34, 1),
        "SOE-Pol-Comp": (13, 2),
        "dummyData_3Dim": (7, 3),
        "dummyData_6Dim": (27, 6),
        "dummyData-a040": (40, 1),
        "dummyData-a080": (80, 1),
        "dummyData-a160": (160, 1),
    }
    for name, (n, d) in expected.items():
        sc = read_ktab_csv(_ktab(name))
        assert (sc.n_actors, sc.n_dims) == (n, d), name
        assert sc.positions.shape == sc.saliences.shape == (n, d)
    sc = read_ktab_csv(_ktab("SOE-Policy"))
    assert sc.actor_names[0] == "XJ" and sc.dimension_names == ("Policy Position",)
    assert sc.positions[0, 0] == 30.0 / 100.0 and sc.saliences[1, 0] == 65.0 / 100.0
    assert sc.capability[0] == 100.0
    sc3 = read_ktab_csv(_ktab("dummyData_3Dim"))
    assert sc3.description == "Dummy scenario to test reading format"


GOOD = "Scen, A test, 3, 1,\nActor, Desc, Power, Pos, Sal,\nA, a, 10, 20, 50,\nB, b, 20, 40, 60, \nC, c, 30, 90, 40\n"


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "s.csv"
    p.write_text(text)
    return p


def test_tolerates_trailing_commas_spaces_and_crlf(tmp_path: Path) -> None:
    sc = read_ktab_csv(_write(tmp_path, GOOD.replace("\n", ",  \r\n")))
    assert sc.actor_names == ("A", "B", "C")
    assert sc.positions[:, 0].tolist() == [0.2, 0.4, 0.9]


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        (GOOD.replace("3, 1,", "4, 1,"), 5, "declares 4 actors, but only 3"),
        (GOOD.replace("3, 1,", "2, 1,"), 1, "number of actors is 2"),
        (GOOD + "D, d, 1, 1, 1\n", 6, "declares 3 actors, but there are 4"),
        (GOOD.replace("Pos, Sal,", "Pos, Sal, Pos2"), 2, "header has 6 columns"),
        (GOOD.replace("20, 40, 60", "20, 40"), 4, "expected 5 columns"),
        (GOOD.replace("20, 40, 60", "20, 4x0, 60"), 4, "'4x0' is not a number"),
        (GOOD.replace("30, 90, 40", "30, 90, 101"), 5, "salience 101"),
        (GOOD.replace("10, 20, 50", "10, -1, 50"), 3, "position -1"),
        (GOOD.replace("20, 40, 60", "2e9, 40, 60"), 4, "capability 2e9"),
        (GOOD.replace("20, 40, 60", "0, 40, 60"), 4, "capability is 0"),
        (GOOD.replace("B, b", "A, b"), 4, "already used on line 3"),
        (GOOD.replace("3, 1,", "three, 1,"), 1, "'three' is not a number"),
        ("Scen, desc\n", 1, "needs 4 fields"),
    ],
)
def test_malformed_csv(tmp_path: Path, text: str, line: int, fragment: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ScenarioError) as info:
        read_ktab_csv(path)
    msg = str(info.value)
    assert str(path) in msg
    assert f"line {line}:" in msg
    assert fragment in msg
    assert info.value.line == line


def test_salience_sum_over_100(tmp_path: Path) -> None:
    text = "S, d, 3, 2\nActor, D, P, X1, S1, X2, S2\nA, a, 1, 10, 60, 20, 30\n"
    text += "B, b, 1, 10, 60, 20, 41\nC, c, 1, 10, 10, 20, 10\n"
    with pytest.raises(ScenarioError, match=r"line 4: the saliences of actor B sum to 101"):
        read_ktab_csv(_write(tmp_path, text))


def test_missing_and_empty_files(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="cannot read the file"):
        read_ktab_csv(tmp_path / "nope.csv")
    with pytest.raises(ScenarioError, match="empty"):
        read_ktab_csv(_write(tmp_path, "\n \n"))


def test_from_arrays_validation() -> None:
    with pytest.raises(ScenarioError, match="3 to 250"):
        SpatialScenario.from_arrays([1, 1], [10, 20], [50, 50])
    with pytest.raises(ScenarioError, match="sum to"):
        SpatialScenario.from_arrays([1, 1, 1], [[1, 2]] * 3, [[60, 50]] * 3)
    with pytest.raises(ScenarioError, match="all saliences are 0"):
        SpatialScenario.from_arrays([1, 1, 1], [1, 2, 3], [0, 10, 10])


# --- command line -------------------------------------------------------------------------------


def test_cli_json_and_errors(tmp_path: Path) -> None:
    import typer
    from typer.testing import CliRunner

    from csto.cli.bargain import register

    app = typer.Typer()
    register(app)

    @app.callback()
    def _root() -> None:  # keep "bargain" as a named subcommand
        pass

    runner = CliRunner()
    ok = runner.invoke(app, ["bargain", str(_ktab("SOE-Policy")), "--json"])
    assert ok.exit_code == 0, ok.output
    data = json.loads(ok.stdout)
    assert {"scenario", "turns", "forecast", "final_positions"} <= set(data)
    assert data["turns"] == 19 and data["final_positions"]["LK"] == [pytest.approx(41.01)]
    table = runner.invoke(app, ["bargain", str(_ktab("SOE-Policy")), "--max-turns", "3"])
    assert table.exit_code == 0 and "Forecast" in table.stdout
    bad = _write(tmp_path, GOOD.replace("20, 40, 60", "20, x, 60"))
    res = runner.invoke(app, ["bargain", str(bad)])
    assert res.exit_code == 2
    assert "line 4" in res.stderr and "Traceback" not in res.output


SMPC_MEASURED.update(
    {
        "SOE-Policy": (
            19,
            "3873 4101 3864 3887 3872 3873 3887 3796 3916 3845 3861 3873 3885 1580 1749 1685 3873 "
            "3787 3872 3864 3795 3877 3695 3890 3907 3685",
        ),
        "SOE-Competitive": (
            35,
            "3576 3750 3466 3860 3433 3601 3478 3475 3474 3466 3457 3787 3490 3455 3466 3510 3216 "
            "3562 3578 3446 3491 6472 3475 3566 3486 3490 3489 3471 3466 3487 3489 3495 3478 3486",
        ),
        "SOE-Pol-Comp": (
            27,
            "4318 4330 4323 4327 3866 2882 3857 2879 3866 2882 3859 2952 3872 2897 3872 2897 3871 "
            "2895 3882 3072 3882 3077 3882 3077 1500 6000",
        ),
        "dummyData_3Dim": (
            10,
            "7856 3176 7405 7856 3176 7405 8245 9089 7 6712 5012 6373 7860 3165 7411 7988 3437 "
            "7516 7860 3165 7411",
        ),
        "dummyData_6Dim": (
            29,
            "3654 6087 5476 9083 6127 7649 5852 7184 7229 6750 7950 8924 2139 5083 5502 9964 5525 "
            "5050 4578 6375 6496 9445 7113 7839 4243 6283 6562 9338 7050 7718 4310 6293 6695 9613 "
            "7042 7832 4092 6208 6516 9552 7010 7613 3942 6169 6485 9132 7017 7626 5936 5114 5938 "
            "8371 7672 6938 4059 6567 6323 9557 6895 7791 4230 6283 6553 9364 7051 7677 4093 6200 "
            "6516 9556 7010 7604 4253 6313 6579 9540 6965 7702 4092 6208 6516 9552 7010 7613 4256 "
            "6302 6596 9498 6977 7711 4260 6292 6567 9417 7026 7756 4195 6443 5761 9528 6168 7673 "
            "4310 6293 6695 9613 7042 7832 4259 6293 6599 9446 7026 7711 4256 6302 6596 9499 6977 "
            "7711 4253 6311 6579 9541 6966 7704 4129 6270 6561 9433 7047 7645 2426 6383 4948 9530 "
            "6112 7819 4253 6313 6579 9540 6965 7702 4243 6283 6562 9338 7050 7718 4256 6302 6596 "
            "9499 6977 7711 4260 6292 6567 9417 7026 7756",
        ),
        "dummyData-a040": (
            20,
            "6015 6009 5934 6451 6053 6047 7287 6028 6014 6003 5995 6006 6914 6020 6057 5998 6201 "
            "6042 6022 6076 6047 6042 6201 5998 5995 5994 5997 6003 6020 6004 6014 6027 6003 5997 "
            "6019 5996 6002 6050 6113 5996",
        ),
        "dummyData-a080": (
            17,
            "6548 6459 7213 7060 6484 6558 6423 6480 6417 6464 6466 6503 6454 6506 6477 6461 6462 "
            "6421 6500 6484 6459 6414 7619 6446 6443 6451 6518 6512 6532 6477 6562 6500 6456 6468 "
            "6478 6448 6435 6487 6447 6502 6492 6539 6449 6523 6468 6500 6468 6436 6442 6435 6414 "
            "6400 6430 6478 6462 6436 6584 6454 8284 6613 6586 6419 6412 6456 6540 6455 6451 7643 "
            "6440 6452 6429 6436 6441 6617 6438 6673 7963 7860 6453 6453",
        ),
        "dummyData-a160": (
            13,
            "6415 6935 6930 6942 6090 7263 7198 6545 6592 6939 6817 6569 7910 7065 6571 6143 6700 "
            "6216 6553 6965 6315 6716 7518 6928 6592 6789 6817 7163 7018 6790 6938 6819 6609 6133 "
            "6718 6828 6757 6553 6592 6716 6901 6971 6795 6773 6137 6155 6143 6869 6868 7130 6389 "
            "7510 6609 6504 6450 6689 6679 7969 8423 7358 6485 6238 6507 7068 6675 6614 6502 7802 "
            "6640 6698 6726 6450 7036 6974 6466 6936 7982 7987 6522 6542 6733 6191 6614 6471 6649 "
            "7160 6238 6716 7453 8342 6515 7386 6512 6934 6197 7659 6528 6680 6743 8807 7137 7089 "
            "8041 6489 7771 6448 7075 6655 6658 6958 6499 6600 6711 6803 6821 6774 9292 6600 6592 "
            "6891 6413 6658 6494 6692 6600 6661 7046 6381 6815 6617 7404 6654 6714 6719 6980 7183 "
            "6132 6709 6620 6609 6583 6634 6841 6828 6817 6825 6524 6861 6134 6345 6163 6228 6129 "
            "6146 6901 6799 6616 6424 6530 6776",
        ),
    }
)
