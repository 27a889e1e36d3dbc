"""The shipped derived results match what scripts/build_derived.py makes from the current code and data."""

from __future__ import annotations

import json

import pytest

from csto import cache
from csto.behaviour.validate import Score
from csto.report.layers import validation_key
from sessions import LOO_DRAWS, LOO_SEED

from . import shipped_session


@pytest.mark.slow  # the leave-one-out validation (the loo fixture)
def test_shipped_validation_is_current_and_matches_a_fresh_computation(loo: list[Score]) -> None:
    """The shipped file is keyed by the current data, code and versions, and holds what a fresh run of
    the default leave-one-out validation (the ``loo`` fixture) computes: scores and every fold."""
    session = shipped_session()
    k = validation_key(session, LOO_SEED, LOO_DRAWS)
    path = cache.shipped_dir() / f"validation-{k}.json"
    assert path.is_file(), (
        "the shipped validation is stale or missing: run `python scripts/build_derived.py` "
        "after changing the record, the behaviour inputs, the rules or the models' code"
    )
    shipped = json.loads(path.read_text(encoding="utf-8"))
    fresh = [s.to_dict() for s in loo]
    assert [s["model"] for s in shipped["scores"]] == [s["model"] for s in fresh]
    for old, new in zip(shipped["scores"], fresh, strict=True):
        for metric in ("accuracy", "brier", "log_loss"):
            assert old[metric] == pytest.approx(new[metric], abs=1e-9), (old["model"], metric)
    folds = [(s.model, f.case, f.observed, f.probabilities) for s in loo for f in s.folds]
    assert [
        (p["model"], p["case"], p["observed"], p["probabilities"]) for p in shipped["predictions"]
    ] == folds


def test_only_one_shipped_validation_file() -> None:
    assert len(list(cache.shipped_dir().glob("validation-*.json"))) == 1


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
