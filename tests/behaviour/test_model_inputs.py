"""Issue 14, kind 2: non-finite and degenerate model inputs are refused at the boundary.

Before: a scenario with ``salience: .nan`` moved P(level 3) from 0.08 to 0.92 and emitted ``"weight": NaN``
(not JSON); ``capability: .nan`` likewise; ``position: .nan`` was silently ignored; ``position: [.nan, 2]``
and ``salience: [null, null]`` were tracebacks (HTTP 500); a Beta with enormous shape parameters centred on
the wrong value; all saliences zero gave a confident forecast; ``sweep --vary X=nan:nan:2`` exited 0; a
scenario's ``case:`` silently mixed another case's coding in. One schema (:mod:`csto.crisis`) now checks
scenario files, API bodies and sweep values alike, and no JSON writer can emit NaN.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csto.behaviour.factors import check_weights, prepare
from csto.behaviour.sampling import draw
from csto.behaviour.sweep import apply, grid, input_range
from csto.cli.output import emit_json
from csto.crisis import (
    ACTOR_RANGES,
    SHAPE_RANGE,
    Crisis,
    Distribution,
    as_distribution,
    crisis_from_case,
    load_scenario,
)
from csto.errors import CstoError, DataFileError
from csto.serve.state import CliJSON

from .behaviour_helpers import session

BASE: dict[str, Any] = {
    "id": "clash",
    "title": "A border clash",
    "date": "2024-05-01",
    "victim": "KAZ",
    "adversary": "AFG",
    "requested": "military_assistance",
    "requester": "KAZ",
}
MEMBERS_2024 = ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"]

numbers = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from(
    [math.nan, math.inf, -math.inf, 0.0, 1.0, 3.0, 1e8, 1e300, -1e-300, 5e-324]
)
"""Any float, and the ones that matter at the edges of the ranges."""


def in_range(field: str, *values: float) -> bool:
    lo, hi = ACTOR_RANGES[field]
    return all(math.isfinite(v) and lo <= v <= hi for v in values)


def scenario_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "scenario.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# -- the schema -----------------------------------------------------------------------------------


@given(field=st.sampled_from(sorted(ACTOR_RANGES)), value=numbers)
def test_a_point_is_accepted_exactly_when_finite_and_in_range(field: str, value: float) -> None:
    data = {**BASE, "actors": {"RUS": {field: value}}}
    if in_range(field, value):
        Crisis.model_validate(data)
    else:
        with pytest.raises(ValueError):
            Crisis.model_validate(data)


@given(field=st.sampled_from(sorted(ACTOR_RANGES)), low=numbers, high=numbers)
def test_a_range_is_accepted_exactly_when_finite_ordered_and_in_range(
    field: str, low: float, high: float
) -> None:
    data = {**BASE, "actors": {"RUS": {field: [low, high]}}}
    if in_range(field, low, high) and low <= high:
        Crisis.model_validate(data)
    else:
        with pytest.raises(ValueError):
            Crisis.model_validate(data)


@given(
    field=st.sampled_from(sorted(ACTOR_RANGES)),
    low=numbers,
    mode=numbers,
    high=numbers,
)
def test_a_triangular_needs_finite_ordered_values_in_range(
    field: str, low: float, mode: float, high: float
) -> None:
    spec = {"kind": "triangular", "low": low, "mode": mode, "high": high}
    data = {**BASE, "actors": {"RUS": {field: spec}}}
    if in_range(field, low, mode, high) and low <= mode <= high:
        Crisis.model_validate(data)
    else:
        with pytest.raises(ValueError):
            Crisis.model_validate(data)


@pytest.mark.parametrize(
    "value", [[None, None], [math.nan, 2], [0, None], "0.5", True, [], [0, 1, 2], {"kind": "point"}]
)
def test_malformed_values_are_a_value_error_not_a_type_error(value: object) -> None:
    with pytest.raises(ValueError):
        Crisis.model_validate({**BASE, "actors": {"RUS": {"salience": value}}})
    with pytest.raises(ValueError):
        as_distribution(value)


@given(
    a=st.floats(min_value=SHAPE_RANGE[0], max_value=SHAPE_RANGE[1]),
    b=st.floats(min_value=SHAPE_RANGE[0], max_value=SHAPE_RANGE[1]),
)
@settings(max_examples=40, deadline=None)
def test_a_beta_in_range_is_centred_where_numpy_draws_it(a: float, b: float) -> None:
    dist = Distribution(kind="beta", low=0.0, high=3.0, a=a, b=b)
    assert 0.0 <= dist.center <= 3.0
    assert dist.center == pytest.approx(3.0 * a / (a + b), rel=1e-9, abs=1e-12)
    draws = draw(dist, np.random.default_rng(7), 40_000)
    assert np.all(np.isfinite(draws))
    assert draws.mean() == pytest.approx(dist.center, abs=0.03)  # 6 sd of the mean at most


@pytest.mark.parametrize(
    ("a", "b"),
    [(sys.float_info.max,) * 2, (1e300, 1e300), (5e-324, 5e-324), (1e7, 1.0), (0.0, 1.0)],
)
def test_a_beta_with_extreme_shape_parameters_is_refused(a: float, b: float) -> None:
    # Beta(1.8e308, 1.8e308) was centred on 0 (a + b overflows) and NumPy drew 0 for it, not ½
    with pytest.raises(ValueError, match=r"less than or equal|greater than or equal"):
        Distribution(kind="beta", low=0.0, high=1.0, a=a, b=b)


def test_the_centre_of_a_large_beta_does_not_overflow() -> None:
    assert Distribution(kind="beta", low=0, high=1, a=1e6, b=1e6).center == 0.5


# -- scenario files: the messages ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (".nan", "RUS.salience must lie in [0, 1], got value nan"),
        (".inf", "RUS.salience must lie in [0, 1], got value inf"),
        ("[.nan, 1]", "RUS.salience must lie in [0, 1], got low nan"),
        ("[null, null]", "needs low and high"),
        ("1.5", "RUS.salience must lie in [0, 1], got value 1.5"),
        ("{kind: beta, low: 0, high: 1, a: 1.0e+308, b: 1}", "shape parameters lie in"),
        ("'0.5'", "expected a number, [low, high] or a distribution mapping"),
    ],
)
def test_a_bad_salience_in_a_file_names_the_line_and_the_range(
    tmp_path: Path, value: str, fragment: str
) -> None:
    path = scenario_file(
        tmp_path, yaml.safe_dump(BASE) + f"actors:\n  RUS: {{salience: {value}}}\n"
    )
    with pytest.raises(DataFileError) as info:
        load_scenario(path, session().record)
    assert fragment in str(info.value)
    assert info.value.line == len(BASE) + 2


@pytest.mark.parametrize("field", ["position", "capability", "salience"])
@pytest.mark.parametrize("value", [".nan", "[.nan, 2]", "-.inf"])
def test_non_finite_inputs_never_reach_the_models(tmp_path: Path, field: str, value: str) -> None:
    # position: .nan was silently ignored (the model's own position was used); [.nan, 2] a traceback
    path = scenario_file(tmp_path, yaml.safe_dump(BASE) + f"actors:\n  RUS: {{{field}: {value}}}\n")
    with pytest.raises(DataFileError, match=f"RUS.{field}"):
        session().simulate(str(path), draws=200)


# -- degenerate weights ------------------------------------------------------------------------------


def test_all_saliences_zero_is_refused(tmp_path: Path) -> None:
    actors = "".join(f"  {m}: {{salience: 0}}\n" for m in MEMBERS_2024)
    path = scenario_file(tmp_path, yaml.safe_dump(BASE) + "actors:\n" + actors)
    with pytest.raises(CstoError, match="has salience 0"):
        session().simulate(str(path), draws=200)
    with pytest.raises(CstoError, match="has salience 0"):
        session().simulate(str(path), model="bargaining", draws=200)


def test_a_positive_salience_only_among_members_without_a_vote_is_refused(tmp_path: Path) -> None:
    # Armenia's participation is frozen in 2024: it does not vote, so its salience weighs nothing
    actors = "".join(f"  {m}: {{salience: 0}}\n" for m in MEMBERS_2024 if m != "ARM")
    path = scenario_file(tmp_path, yaml.safe_dump(BASE) + "actors:\n" + actors)
    s = session()
    with pytest.raises(CstoError, match=r"every member that votes .* has salience 0"):
        prepare(s.crisis(str(path)), s.record, s.inputs, s.rules)


def test_one_member_that_cares_is_enough(tmp_path: Path) -> None:
    actors = "".join(f"  {m}: {{salience: {0.5 if m == 'RUS' else 0}}}\n" for m in MEMBERS_2024)
    path = scenario_file(tmp_path, yaml.safe_dump(BASE) + "actors:\n" + actors)
    result = session().simulate(str(path), draws=200)
    assert math.isclose(sum(result["probabilities"].values()), 1.0, abs_tol=1e-5)


# -- case: ---------------------------------------------------------------------------------------


def test_an_unknown_case_is_an_error_with_suggestions(tmp_path: Path) -> None:
    path = scenario_file(tmp_path, yaml.safe_dump({**BASE, "case": "kazakstan-2022"}))
    with pytest.raises(
        DataFileError, match=r"Unknown case 'kazakstan-2022'\. Did you mean: kazakhstan-2022"
    ):
        load_scenario(path, session().record)


def test_a_case_whose_crisis_differs_is_not_mixed_in(tmp_path: Path) -> None:
    path = scenario_file(tmp_path, yaml.safe_dump({**BASE, "case": "kazakhstan-2022"}))
    with pytest.raises(DataFileError) as info:
        load_scenario(path, session().record)
    message = str(info.value)
    assert "differs in date 2024-05-01 (the case: 2022-01)" in message
    assert "adversary AFG" in message and "Remove case:" in message


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(salience=st.floats(min_value=0.05, max_value=1.0))
def test_a_case_with_its_own_crisis_may_override_members(tmp_path: Path, salience: float) -> None:
    s = session()
    own = crisis_from_case(s.record, "kazakhstan-2022")
    data = {
        **json.loads(own.model_dump_json(exclude={"actors"})),
        "actors": {"RUS": {"salience": salience}},
    }
    data = {k: v for k, v in data.items() if v is not None}
    path = scenario_file(tmp_path, yaml.safe_dump(data))
    crisis = load_scenario(path, s.record)
    assert crisis.case == "kazakhstan-2022"
    assert crisis.actors["RUS"].salience is not None
    assert crisis.actors["RUS"].salience.center == salience


# -- sweeps --------------------------------------------------------------------------------------


@given(low=numbers, high=numbers, steps=st.sampled_from([math.nan, math.inf, 2.0, 3.0]))
def test_a_sweep_axis_must_be_finite(low: float, high: float, steps: float) -> None:
    finite = all(math.isfinite(x) for x in (low, high, steps))
    if finite and low <= high and (steps > 1 or low == high):
        assert len(grid({"RUS.position": (low, high, int(steps))})) == int(steps)
    else:
        with pytest.raises(CstoError):
            grid({"RUS.position": (low, high, steps)})  # type: ignore[dict-item]


@settings(max_examples=60, deadline=None)
@given(
    name=st.sampled_from(
        [
            "RUS.position",
            "RUS.salience",
            "RUS.capability",
            "KAZ.ties_china",
            "aggression",
            "request_level",
        ]
    ),
    value=numbers,
)
def test_a_swept_value_is_checked_as_a_scenario_value_is(name: str, value: float) -> None:
    s = session()
    prepared = prepare(crisis_from_case(s.record, "armenia-2022"), s.record, s.inputs, s.rules)
    lo, hi = input_range(name)
    if math.isfinite(value) and lo <= value <= hi:
        assert apply(prepared, {name: value}).get_input(name).center == value  # type: ignore[union-attr]
    else:
        with pytest.raises(CstoError):
            apply(prepared, {name: value})


def test_sweeping_every_salience_to_zero_is_refused() -> None:
    s = session()
    prepared = prepare(crisis_from_case(s.record, "armenia-2022"), s.record, s.inputs, s.rules)
    values = {f"{a.iso3}.salience": 0.0 for a in prepared.actors}
    with pytest.raises(CstoError, match="has salience 0"):
        apply(prepared, values)
    check_weights(prepared)  # the case itself is fine


# -- JSON writers --------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_no_json_writer_emits_a_non_finite_number(
    bad: float, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(CstoError, match="JSON cannot carry"):
        emit_json({"weight": bad})
    assert capsys.readouterr().out == ""
    with pytest.raises(ValueError):
        CliJSON({"weight": bad})


# -- the API: the same schema --------------------------------------------------------------------


@pytest.fixture(scope="module")
def client() -> Any:
    from fastapi.testclient import TestClient

    from csto.serve import Limits, create_app

    app = create_app(store=None, limits=Limits(max_draws=200, model_rate="100000/minute"))
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def strict_json(text: str) -> Any:
    def refuse(name: str) -> Any:
        raise ValueError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize(
    ("body", "ctype"),
    [
        (yaml.safe_dump(BASE) + "actors:\n  RUS: {salience: .nan}\n", "application/yaml"),
        (yaml.safe_dump(BASE) + "actors:\n  RUS: {capability: .nan}\n", "application/yaml"),
        (yaml.safe_dump(BASE) + "actors:\n  RUS: {position: .nan}\n", "application/yaml"),
        (yaml.safe_dump(BASE) + "actors:\n  RUS: {position: [.nan, 2]}\n", "application/yaml"),
        (json.dumps({**BASE, "actors": {"RUS": {"salience": [None, None]}}}), "application/json"),
        (json.dumps({**BASE, "actors": {"RUS": {"position": [1, 5]}}}), "application/json"),
        (json.dumps({**BASE, "case": "kazakstan-2022"}), "application/json"),
        (
            json.dumps({**BASE, "actors": {m: {"salience": 0} for m in MEMBERS_2024}}),
            "application/json",
        ),
    ],
)
def test_the_api_refuses_what_the_cli_refuses(client: Any, body: str, ctype: str) -> None:
    for route in ("/api/simulate?draws=100", "/api/simulate?draws=100&model=bargaining"):
        r = client.post(route, content=body.encode(), headers={"Content-Type": ctype})
        assert r.status_code == 422, (route, r.status_code, r.text[:300])
        assert strict_json(r.text)["detail"]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(field=st.sampled_from(sorted(ACTOR_RANGES)), value=numbers)
def test_any_number_in_a_body_gives_a_forecast_or_a_422(
    client: Any, field: str, value: float
) -> None:
    body = yaml.safe_dump({**BASE, "actors": {"RUS": {field: value}}})
    r = client.post(
        "/api/simulate?draws=100",
        content=body.encode(),
        headers={"Content-Type": "application/yaml"},
    )
    assert r.status_code == (200 if in_range(field, value) else 422), r.text[:300]
    data = strict_json(r.text)
    if r.status_code == 200:
        assert math.isclose(sum(data["probabilities"].values()), 1.0, abs_tol=1e-5)
