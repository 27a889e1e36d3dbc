"""The package's face in a notebook: ``__all__`` and ``dir(csto)`` list the API, every function says what
it returns, and the results of ``assess``, ``simulate`` and ``validate`` are typed, with ``.to_frame()``
and an HTML view."""

from __future__ import annotations

import inspect
import json

import pytest

import csto
from csto.behaviour.forecast import Forecast
from csto.behaviour.validation_result import ValidationResult
from csto.session import Csto
from csto.treaty.assess import Assessment


def test_dir_shows_the_whole_public_api() -> None:
    listed = dir(csto)
    assert set(csto.__all__) <= set(listed)
    for name in ("members", "history", "assess", "gap", "simulate", "validate", "tables", "open"):
        assert name in csto.__all__


@pytest.mark.parametrize("name", [n for n in csto.__all__ if n != "__version__"])
def test_every_public_name_resolves_and_is_documented(name: str) -> None:
    obj = getattr(csto, name)
    doc = inspect.getdoc(obj) or ""
    assert len(doc) >= 80, f"csto.{name} needs a docstring that gives shapes, units and errors"


@pytest.mark.parametrize(
    "name", ["members", "history", "events", "cases", "case", "assess", "gap", "simulate", "crisis"]
)
def test_functions_that_can_fail_say_how(name: str) -> None:
    assert "Raises" in (inspect.getdoc(getattr(Csto, name)) or "")


def test_assess_is_an_assessment_with_a_frame(session: Csto) -> None:
    a = session.assess("armenia-2022")
    assert isinstance(a, Assessment)
    frame = a.to_frame()
    assert set(frame["reading"]) == set(a.readings)
    assert len(frame) == sum(len(ra.rules) for ra in a.readings.values())
    strict = frame[frame["reading"] == "strict"]
    assert (strict["required_level"] == a["strict"].required_level).all()
    html = a._repr_html_()
    assert html.startswith('<div class="csto-result">') and "<table" in html
    assert a.crisis.title.replace("'", "&#x27;") in html
    assert a["strict"].summary[:40].replace("'", "&#x27;") in html


def test_simulate_is_a_forecast_that_stays_json(session: Csto) -> None:
    f = session.simulate("kazakhstan-2022", draws=400, seed=2, explain=False)
    assert isinstance(f, Forecast) and isinstance(f, dict)
    assert json.loads(json.dumps(f)) == dict(f), "serialises as the plain mapping"
    frame = f.to_frame()
    assert list(frame["level"]) == [0, 1, 2, 3]
    assert frame["probability"].sum() == pytest.approx(1, abs=1e-3)
    assert (frame["low"] <= frame["probability"]).all() and (
        frame["probability"] <= frame["high"]
    ).all()
    assert f.most_likely_level == int(frame["probability"].idxmax())
    assert f["date"] == "2022-01", "a case dated to the month keeps its month"
    html = f._repr_html_()
    assert "(2022-01)" in html and f"seed {f['seed']}" in html and "<table" in html


def test_validate_is_a_validation_result_with_frames(session: Csto) -> None:
    v = session.validate(
        models=("strict", "base-rate"), seed=3, draws=200, cache=False, reuse_predictions=False
    )
    assert isinstance(v, ValidationResult) and isinstance(v, dict)
    assert json.loads(json.dumps(v)) == dict(v), "serialises as the plain mapping"
    frame = v.to_frame()
    assert set(frame["model"]) == {"strict", "base-rate"}
    assert len(frame) == sum(len(run["scores"]) for run in v["runs"])
    assert {"protocol", "variant", "scope", "n_cases", "rps", "log_loss", "accuracy"} <= set(frame)
    assert set(frame["protocol"]) == {"loo", "time-ordered"}
    verdicts = v.verdicts_frame()
    assert (
        set(verdicts["model"]) == {"strict", "base-rate"}
        and verdicts["sentence"].str.len().gt(20).all()
    )
    preds = v.predictions_frame()
    assert preds[["p0", "p1", "p2", "p3"]].sum(axis=1).round(3).eq(1).all()
    html = v._repr_html_()
    assert "<table" in html and "Validation" in html
    assert str(v.verdicts["strict"]["sentence"]).replace("'", "&#x27;")[:40] in html
