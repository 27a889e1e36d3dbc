"""The spatial model on the project's own crises: actors from the consensus model's inputs, the KTAB
CSV export (``ktab_csv``) and ``csto bargain`` on a shipped scenario and on a case."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest
import typer
from typer.testing import CliRunner

from csto.behaviour.crisis_bargain import (
    bargain,
    build_scenario,
    central_positions,
    crisis_scenario,
    ktab_csv,
    settled_level,
)
from csto.behaviour.factors import prepare
from csto.behaviour.positions import Params, positions
from csto.behaviour.sampling import sample
from csto.behaviour.spatial import read_ktab_csv, run
from csto.behaviour.spatial.scenario import SpatialScenario
from csto.cli.bargain import register
from csto.crisis import load_scenario
from csto.errors import CstoError

from .behaviour_helpers import SCENARIOS, session

BELARUS = next(p for p in SCENARIOS if p.stem == "belarus-attacked")

app = typer.Typer()
register(app)


@app.callback()
def _root() -> None:  # keep "bargain" a named subcommand
    pass


runner = CliRunner()


def _crisis(path: Path = BELARUS):  # type: ignore[no-untyped-def]
    s = session()
    return load_scenario(path, s.record)


def test_actors_come_from_the_consensus_inputs() -> None:
    s = session()
    crisis = _crisis()
    prepared = prepare(crisis, s.record, s.inputs, s.rules)
    setup = crisis_scenario(crisis, s.record, s.inputs, s.rules)
    by_iso = {a.iso3: a for a in prepared.actors}
    # Armenia's participation is frozen (2024–): no vote in 2028, so it does not bargain
    assert by_iso["ARM"].vote == 0.0
    assert [iso for iso, _ in setup.absent] == ["ARM"]
    assert setup.scenario.actor_names == ("BLR", "KAZ", "KGZ", "RUS", "TJK")
    derived = central_positions(prepared, setup.params)
    for i, actor in enumerate(setup.actors):
        src = by_iso[actor.iso3]
        assert actor.capability == src.capability.center * src.vote
        assert setup.scenario.capability[i] == actor.capability
        assert actor.salience == round(src.salience.center * 100.0, 2)
        if src.position is not None:  # the scenario's override: its centre
            assert actor.position_from == "scenario"
            assert actor.position == pytest.approx(src.position.center, abs=0.0002)
        else:
            assert actor.position_from == "consensus model"
            j = [a.iso3 for a in prepared.actors].index(actor.iso3)
            assert actor.position == pytest.approx(derived[j], abs=0.0002)
        assert setup.scenario.positions[i, 0] == pytest.approx(actor.position / 3.0, abs=1e-12)
    # KAZ's override in the scenario file is the range [0, 2]: its centre, 1, on the 0–100 scale
    assert setup.scenario.positions[1, 0] == 33.33 / 100.0
    assert setup.calibration["seed"] == 20220106 and setup.calibration["left_out"] is None


def test_central_position_is_the_mean_of_the_simulated_positions() -> None:
    """The documented justification of the position rule: without clipping, the position at the
    inputs' centres is the Monte Carlo mean of the consensus model's positions (noise included)."""
    s = session()
    path = next(p for p in SCENARIOS if p.stem == "north-kazakhstan-unrest")
    prepared = prepare(_crisis(path), s.record, s.inputs, s.rules)
    params = Params()  # the uncalibrated weights use every factor
    centre = central_positions(prepared, params, clip=False)
    draws = sample(prepared, np.random.default_rng(3), 200_000)
    x = positions(params, draws)
    se = x.std(axis=0) / np.sqrt(x.shape[0])
    assert np.all(np.abs(x.mean(axis=0) - centre) < 5 * se)
    assert np.ptp(centre) > 0.5  # the members do differ, so the check has teeth


def test_vote_share_scales_capability_and_too_few_voters_fail() -> None:
    s = session()
    prepared = prepare(_crisis(), s.record, s.inputs, s.rules)
    actors = list(prepared.actors)
    k = [a.iso3 for a in actors].index("KAZ")
    actors[k] = dataclasses.replace(actors[k], vote=0.5)
    half = dataclasses.replace(prepared, actors=tuple(actors))
    scenario, rows, _ = build_scenario(half, Params())
    kaz = next(r for r in rows if r.iso3 == "KAZ")
    assert kaz.capability == prepared.actors[k].capability.center * 0.5
    assert scenario.capability[scenario.actor_names.index("KAZ")] == kaz.capability
    silent = tuple(
        dataclasses.replace(a, vote=0.0) if a.iso3 not in ("RUS", "BLR") else a
        for a in prepared.actors
    )
    with pytest.raises(CstoError, match=r"2 members have a vote .* needs at least 3"):
        build_scenario(dataclasses.replace(prepared, actors=silent), Params())


def test_settled_level_rounds_and_caps_like_the_bargaining_model() -> None:
    assert settled_level(2.49, 3.0) == 2
    assert settled_level(2.51, 3.0) == 3
    assert settled_level(2.9, 2.0) == 2  # consultations asked: no military assistance
    assert settled_level(0.4, 0.0) == 0


def test_ktab_csv_round_trip(tmp_path: Path) -> None:
    s = session()
    out = tmp_path / "belarus.csv"
    setup = ktab_csv(_crisis(), s.record, s.inputs, s.rules, out)
    back = read_ktab_csv(out)
    sc: SpatialScenario = setup.scenario
    assert back.actor_names == sc.actor_names == tuple(a.iso3 for a in setup.actors)
    assert back.dimension_names == ("Response Position",)
    np.testing.assert_array_equal(back.capability, sc.capability)
    np.testing.assert_array_equal(back.positions, sc.positions)
    np.testing.assert_array_equal(back.saliences, sc.saliences)
    assert out.read_text(encoding="utf-8").splitlines()[2] == "BLR,requester,5.5,100,100"
    a, b = run(sc), run(back)
    assert a.turns == b.turns
    np.testing.assert_array_equal(a.positions, b.positions)


def test_bargain_on_a_case_leaves_it_out_of_the_calibration() -> None:
    s = session()
    crisis = s.crisis("kazakhstan-2022")
    out = bargain(crisis, s.record, s.inputs, s.rules)
    data = out.to_dict()
    assert data["calibration"]["left_out"] == "kazakhstan-2022"
    assert data["coded"] is True
    assert data["forecast"]["settled_level"] == out.level
    assert 0 <= out.mean_level <= 3
    again = bargain(crisis, s.record, s.inputs, s.rules).to_dict()
    assert again == data  # nothing is drawn: the same data give the same answer


def _invoke(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["bargain", *args])


def test_cli_bargain_on_a_shipped_scenario_and_its_ktab_csv(tmp_path: Path) -> None:
    out = tmp_path / "belarus.csv"
    res = _invoke(str(BELARUS), "--ktab", str(out), "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["crisis"] == "belarus-attacked" and data["ktab_csv"] == str(out)
    assert data["model"] == "spatial" and len(data["data_hash"]) == 64
    assert [a["actor"] for a in data["actors"]] == ["BLR", "KAZ", "KGZ", "RUS", "TJK"]
    assert data["absent"][0]["actor"] == "ARM"
    f = data["forecast"]
    assert f["settled_level"] in (0, 1, 2, 3) and f["required_level"] == 3
    assert sum(o["probability"] for o in data["final_options"]) == pytest.approx(1.0, abs=1e-5)
    # the CSV written is the same scenario: the same forecast, on the 0–100 scale
    csv = json.loads(_invoke(str(out), "--json").stdout)
    mean = csv["forecast"]["Response Position"]["mean"]
    assert mean * 3.0 / 100.0 == pytest.approx(f["mean_level"], abs=0.006)
    table = _invoke(str(BELARUS))
    assert table.exit_code == 0, table.output
    assert "settled level" in table.stdout and "ARM left out" in table.stdout
    assert "consensus model" in table.stdout and "modelling assumption" in table.stdout


def test_cli_bargain_on_a_case_id() -> None:
    res = _invoke("kazakhstan-2022")
    assert res.exit_code == 0, res.output
    assert "Qantar" in res.stdout and "(kazakhstan-2022 left out)" in res.stdout


@pytest.mark.parametrize(
    ("args", "fragment", "status"),
    [
        (("no-such-case",), "Unknown case 'no-such-case'", 2),
        (("missing.yaml",), "missing.yaml: no such scenario file", 2),
        (("x.csv", "--ktab", "y.csv"), "is already a KTAB CSV", 2),
        # a file the operating system cannot open: status 30 (the CLI reference's exit statuses)
        (("missing.csv",), "missing.csv: No such file or directory", 30),
    ],
)
def test_cli_bargain_errors_are_one_line(args: tuple[str, ...], fragment: str, status: int) -> None:
    res = _invoke(*args)
    assert res.exit_code == status
    assert fragment in res.stderr and len(res.stderr.strip().splitlines()) == 1
    assert "Traceback" not in res.output


def test_cli_error_text_is_printed_literally(tmp_path: Path) -> None:
    bad = tmp_path / "[bold]odd[i].csv"
    bad.write_text(
        "S, d, 3, 1\nActor, D, P, X, S\nA, a, 1, [red]x, 50\nB, b, 1, 1, 1\nC, c, 1, 1, 1\n"
    )
    res = _invoke(str(bad))
    assert res.exit_code == 2
    assert "[bold]odd[i].csv, line 3" in res.stderr and "'[red]x'" in res.stderr
