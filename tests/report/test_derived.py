"""The shipped derived results match what scripts/build_derived.py makes from the current code and data."""

from __future__ import annotations

import json

import pytest

from csto import cache
from csto.behaviour.validate import validate
from csto.behaviour.verdict import (
    DEFAULT_DRAWS,
    DEFAULT_SEED,
    FROZEN_SPEC,
    forecast_verdict,
    validation_key,
)

from . import shipped_session

FAST = ("ordinal", "strict", "base-rate", "request-base-rate", "reference-class")


def test_shipped_validation_is_current_and_matches_a_fresh_computation() -> None:
    """The shipped file's key is the current data's and code's; the models that fit in milliseconds are
    recomputed here on the default coding and must give the shipped scores (the member-level models, which
    take minutes, are recomputed by scripts/build_derived.py)."""
    session = shipped_session()
    k = validation_key(session.data_hash, DEFAULT_SEED, DEFAULT_DRAWS)
    path = cache.shipped_dir() / f"validation-{k}.json.gz"
    assert path.is_file(), (
        "the shipped validation is stale or missing: run `python scripts/build_derived.py` "
        "after changing the record, the behaviour inputs, the rules or the models' code"
    )
    shipped = cache.load("validation", k)
    assert isinstance(shipped, dict)
    assert shipped["data_hash"] == session.data_hash
    fresh = validate(
        session.record,
        session.inputs,
        session.rules,
        models=FAST,
        variants=["default"],
        seed=DEFAULT_SEED,
        draws=DEFAULT_DRAWS,
        cache=False,
    )
    old = {
        (r["protocol"], r["scope"], s["model"]): s
        for r in shipped["runs"]
        if r["variant"] == "default"
        for s in r["scores"]
    }
    for run in fresh["runs"]:
        for s in run["scores"]:
            for metric in ("rps", "log_loss", "brier", "accuracy"):
                got = old[(run["protocol"], run["scope"], s["model"])][metric]
                assert got == pytest.approx(s[metric], abs=1e-9), (run["scope"], s["model"], metric)
    assert set(shipped["verdicts"]) == set(shipped["models"])


def test_only_one_shipped_validation_file_and_a_frozen_spec() -> None:
    assert len(list(cache.shipped_dir().glob("validation-*.json*"))) == 1
    frozen = json.loads((cache.shipped_dir() / FROZEN_SPEC).read_text(encoding="utf-8"))
    assert len(frozen["spec_hash"]) == 64 and frozen["frozen_on"]


def test_a_forecast_reads_its_verdict_from_the_shipped_validation() -> None:
    session = shipped_session()
    v = forecast_verdict(session.data_hash, "ordinal")
    assert v["validated"] and v["source"] == "this data"
    other = forecast_verdict("0" * 64, "ordinal")
    assert other["source"] == "the shipped record"
    assert "Validated on the shipped record" in other["sentence"]


def test_a_comment_does_not_stale_the_cache_but_code_does(tmp_path: object) -> None:
    """The code fingerprint reads syntax trees without docstrings: comments and docstrings do not count."""
    import ast

    from csto.cache import _strip_docstrings

    a = "def f(x):\n    '''doc'''\n    # a comment\n    return x + 1\n"
    b = "def f(x):\n    '''other doc'''\n    return x + 1  # another\n"
    c = "def f(x):\n    return x + 2\n"

    def dump(src: str) -> str:
        return ast.dump(_strip_docstrings(ast.parse(src)), annotate_fields=False)

    assert dump(a) == dump(b)
    assert dump(a) != dump(c)
