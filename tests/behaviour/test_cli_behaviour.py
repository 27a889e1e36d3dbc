"""``csto simulate``, ``validate`` and ``sweep`` through Typer (on an app with only these commands)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from csto.cli.behaviour_cmds import register
from csto.errors import CstoError

from .behaviour_helpers import SCENARIOS

app = typer.Typer()
register(app)
runner = CliRunner()
ARMENIA = str(next(p for p in SCENARIOS if p.stem == "armenia-invokes-again"))


def run(*args: str) -> tuple[int, str, BaseException | None]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.exception


def test_simulate_json_has_the_promised_keys_and_is_byte_identical_for_a_seed() -> None:
    code, out, exc = run("simulate", "kazakhstan-2022", "--json", "--draws", "500", "--seed", "4")
    assert code == 0, exc
    again = run("simulate", "kazakhstan-2022", "--json", "--draws", "500", "--seed", "4")[1]
    assert out == again
    data = json.loads(out)
    for key in (
        "probabilities",
        "seed",
        "model",
        "model_version",
        "data_hash",
        "intervals",
        "contributions",
        "sensitivity",
        "pivotal_actor",
        "draws",
    ):
        assert key in data
    assert set(data["probabilities"]) == {"0", "1", "2", "3"}
    assert data["seed"] == 4 and data["model"] == "consensus"
    assert data["calibration"]["left_out"] == "kazakhstan-2022"


def test_simulate_table_and_baselines() -> None:
    code, out, exc = run("simulate", ARMENIA, "--draws", "200")
    assert code == 0, exc
    assert "military assistance" in out and "pivotal actor" in out
    for model in ("strict", "base-rate"):
        code, out, exc = run("simulate", ARMENIA, "--model", model, "--json")
        assert code == 0, exc
        assert json.loads(out)["model"] == model


def test_validate_json_reports_every_model_protocol_and_variant() -> None:
    """The default seed and draws: the validation shipped with the package, read without a run."""
    from csto.behaviour.registry import MODELS

    code, out, exc = run("validate", "--json")
    assert code == 0, exc
    data = json.loads(out)
    assert set(data["models"]) == set(MODELS)
    assert {r["protocol"] for r in data["runs"]} == {"loo", "time-ordered"}
    assert len(data["variants"]) > 1 and data["variants"][0] == "default"
    for r in data["runs"]:
        for s in r["scores"]:
            assert {"rps", "log_loss", "brier", "n_cases"} <= set(s)
        for c in r["comparisons"]:
            assert {"difference_interval", "skill_interval", "p_value", "baseline"} <= set(c)
    assert len(data["spec"]["spec_hash"]) == 64 and "frozen" in data["spec"]
    assert data["goal"]["sentence"]


def test_validate_table_says_the_verdicts() -> None:
    code, out, exc = run("validate")
    assert code == 0, exc
    assert "Time-ordered" in out or "As of the day before" in out
    assert "rps skill" in out and "Model specification" in out
    for model in ("consensus", "ordinal"):
        assert f"{model}: On " in out
    # the shipped validation differs from the frozen specification in its inputs and its code; it says so
    line = next(x for x in out.splitlines() if x.startswith("Model specification"))
    assert "changed since it was frozen" in line
    assert "the coded inputs; the models' code (versions unchanged)" in line


def test_simulate_carries_the_verdict() -> None:
    code, out, exc = run("simulate", ARMENIA, "--draws", "200", "--model", "ordinal", "--json")
    assert code == 0, exc
    verdict = json.loads(out)["verdict"]
    assert verdict["model"] == "ordinal" and verdict["validated"]
    assert "RPS skill" in verdict["sentence"]
    code, out, exc = run("simulate", ARMENIA, "--draws", "200", "--model", "ordinal")
    assert code == 0, exc
    assert "RPS skill" in out and ("not shown to beat the best baseline" in out or "beats" in out)


def test_sweep_writes_a_tidy_table(tmp_path: Path) -> None:
    out = tmp_path / "grid.csv"
    code, _, exc = run(
        "sweep",
        ARMENIA,
        "--vary",
        "RUS.position=0:3:4",
        "--vary",
        "russia_at_war=0:1:2",
        "--draws",
        "200",
        "--out",
        str(out),
        "--workers",
        "1",
    )
    assert code == 0, exc
    frame = pd.read_csv(out)
    assert len(frame) == 4 * 2 * 4
    assert {"RUS.position", "russia_at_war", "level", "probability", "expected_level"} <= set(frame)
    sums = frame.groupby(["RUS.position", "russia_at_war"])["probability"].sum()
    assert sums.round(5).eq(1).all()
    expected = frame[frame.level == 0].groupby("RUS.position")["expected_level"].mean()
    assert expected.is_monotonic_increasing


def test_sweep_parquet_in_processes(tmp_path: Path) -> None:
    out = tmp_path / "grid.parquet"
    code, _, exc = run(
        "sweep",
        ARMENIA,
        "--vary",
        "KAZ.salience=0:1:3",
        "--draws",
        "100",
        "--out",
        str(out),
        "--workers",
        "2",
    )
    assert code == 0, exc
    assert len(pd.read_parquet(out)) == 12


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("sweep", ARMENIA, "--vary", "XYZ.position=0:3:4"), "unknown actor 'XYZ'"),
        (("sweep", ARMENIA, "--vary", "RUS.position=3:0:4"), "LOW"),
        (("sweep", ARMENIA, "--vary", "RUS.position=0:9:4"), "must lie in"),
        (("sweep", ARMENIA, "--vary", "RUS.position=0:3"), "NAME=LOW:HIGH:STEPS"),
        (("sweep", ARMENIA, "--vary", "nonsense=0:1:2"), "unknown factor"),
        (
            ("sweep", ARMENIA, "--vary", "RUS.position=0:3:4", "--scheduler", "tcp://127.0.0.1:1"),
            "dask",
        ),
        (("simulate", "kazakhstan-2022", "--draws", "-1"), "--draws"),
        (("simulate", "kazakhstan-2022", "--model", "oracle"), "unknown model"),
        (("simulate", "missing.yaml"), "no such scenario file"),
        (("simulate", "no-such-case"), "no-such-case"),
    ],
)
def test_bad_input_raises_a_clear_csto_error(args: tuple[str, ...], message: str) -> None:
    code, _, exc = run(*args)
    assert code != 0
    assert isinstance(exc, CstoError), exc
    assert message in str(exc)
