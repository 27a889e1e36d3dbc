"""The contract every behaviour model keeps, after Axelrod's ``TestPlayer``: one base test class.

:class:`ModelContract` is parametrised over :data:`csto.behaviour.registry.MODELS` (class scope, one group
of tests per model), so a newly registered model is tested without writing anything:
``tests/behaviour/test_models.py`` holds ``class TestModel(ModelContract)``. A test class of one model's own
inherits it with ``models = ("name",)`` to add that model's checks on the same fixtures (``model_name``,
``model_class``, ``model``: a clone of the model fitted on the historical cases).

Everything runs on the real historical cases and the shipped scenarios (:mod:`.behaviour_helpers`); the
fitted models are cached, so each is fitted once per run (a test gets a clone of it, never the cached one).
"""

from __future__ import annotations

import functools
import json
import math
from typing import Any, ClassVar

import numpy as np
import pytest

from csto.behaviour.core import CLASSIFIER, Model, Prediction
from csto.behaviour.factors import CrisisInputs
from csto.behaviour.registry import MODELS

from .behaviour_helpers import cases, scenarios

FIT_SEED = 20240107
"""The seed of the cached fitted models."""

DRAWS = 500
"""Draws per prediction: enough for every check here (the CLI's default, 2000, costs four times more)."""


@functools.cache
def fitted(name: str) -> Model:
    """The model registered as ``name``, fitted on the historical cases (once per run; never mutate it:
    take a :meth:`~csto.behaviour.core.Model.clone`)."""
    return MODELS[name](seed=FIT_SEED).fit(cases())


def crises() -> list[CrisisInputs]:
    """The shipped scenarios, then the historical cases' inputs."""
    return [*scenarios(), *(inputs for inputs, _ in cases())]


def same(a: Prediction, b: Prediction) -> bool:
    """Identical predictions: probabilities, intervals, draws and (where given) every draw's level."""
    if (a.levels is None) != (b.levels is None):
        return False
    levels = a.levels is None or np.array_equal(a.levels, b.levels)  # type: ignore[arg-type]
    return (
        a.probabilities == b.probabilities
        and a.intervals == b.intervals
        and a.draws == b.draws
        and bool(levels)
    )


class ModelContract:
    """The standard checks of a model; ``models`` narrows them (default: every registered model)."""

    models: ClassVar[tuple[str, ...] | None] = None

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        if "model_name" in metafunc.fixturenames:
            names = self.models if self.models is not None else tuple(MODELS)
            metafunc.parametrize("model_name", names, scope="class")

    @pytest.fixture
    def model_class(self, model_name: str) -> type[Model]:
        return MODELS[model_name]

    @pytest.fixture
    def model(self, model_name: str) -> Model:
        """A clone of the fitted model, with its own generator (seed 1)."""
        return fitted(model_name).clone(1)

    # -- profile ---------------------------------------------------------------------------------

    def test_name_and_version(self, model_name: str, model_class: type[Model]) -> None:
        assert model_class.name == model_name, "the registry's key is the model's name"
        version = model_class.version
        assert isinstance(version, str) and version.strip(), (
            f"version {version!r} is not a non-empty string"
        )

    def test_classifier_has_the_documented_keys_and_types(self, model_class: type[Model]) -> None:
        classifier = model_class.classifier
        optional = {"monotone_in_positions", "pooling"}
        assert set(classifier) <= set(CLASSIFIER), (
            f"undocumented: {set(classifier) - set(CLASSIFIER)}"
        )
        assert set(CLASSIFIER) - optional <= set(classifier), "a required key is missing"
        for key, value in classifier.items():
            kind, _ = CLASSIFIER[key]
            assert type(value) is kind, f"classifier[{key!r}] is {value!r}, not a {kind.__name__}"
        assert ("monotone_in_positions" in classifier) is classifier["uses_positions"]

    # -- fit and predict -------------------------------------------------------------------------

    def test_fit_returns_the_model_and_a_json_summary(self, model_class: type[Model]) -> None:
        model = model_class(seed=3)
        assert model.fit(cases()) is model
        summary = model.fitted()
        assert isinstance(summary, dict)
        assert json.loads(json.dumps(summary, allow_nan=False)) == summary

    def test_predictions_are_probabilities_with_intervals_that_contain_them(
        self, model: Model
    ) -> None:
        for inputs in crises():
            pred = model.predict(inputs, DRAWS)
            where = f"{type(model).__name__} on {inputs.crisis_id}"
            assert len(pred.probabilities) == 4, where
            assert all(isinstance(p, float) and math.isfinite(p) for p in pred.probabilities), where
            assert all(0.0 <= p <= 1.0 for p in pred.probabilities), (where, pred.probabilities)
            assert abs(sum(pred.probabilities) - 1.0) <= 1e-9, (where, sum(pred.probabilities))
            assert len(pred.intervals) == 4, where
            for p, (lo, hi) in zip(pred.probabilities, pred.intervals, strict=True):
                assert 0.0 <= lo <= p <= hi <= 1.0, (where, p, (lo, hi))
            if pred.levels is not None:
                assert pred.levels.shape == (pred.draws,), where
                assert set(np.unique(pred.levels).tolist()) <= {0, 1, 2, 3}, where

    # -- seeds -----------------------------------------------------------------------------------

    def test_the_same_seed_gives_identical_predictions(self, model_class: type[Model]) -> None:
        a, b = model_class(seed=5).fit(cases()), model_class(seed=5).fit(cases())
        assert a.fitted() == b.fitted()
        inputs = scenarios()[0]
        assert same(a.predict(inputs, DRAWS), b.predict(inputs, DRAWS))

    def test_different_seeds_give_different_draws_exactly_when_stochastic(
        self, model_name: str, model_class: type[Model]
    ) -> None:
        stochastic = model_class.classifier["stochastic"]
        inputs = scenarios()[0]
        a = fitted(model_name).clone(1).predict(inputs, DRAWS)
        b = fitted(model_name).clone(2).predict(inputs, DRAWS)
        assert same(a, b) is not stochastic, (
            f"classifier says stochastic={stochastic}, but two seeds gave "
            f"{'identical' if same(a, b) else 'different'} predictions"
        )
        if stochastic and a.levels is not None and b.levels is not None:
            assert not np.array_equal(a.levels, b.levels)

    # -- clone -----------------------------------------------------------------------------------

    def test_clone_keeps_the_fitted_state_with_a_fresh_generator(
        self, model_name: str, model_class: type[Model]
    ) -> None:
        original = fitted(model_name)
        clone = original.clone(9)
        assert type(clone) is model_class and clone is not original
        assert clone.seed == 9
        assert clone.fitted() == original.fitted()
        inputs = scenarios()[0]
        assert same(clone.predict(inputs, DRAWS), original.clone(9).predict(inputs, DRAWS))

    def test_clone_is_independent_of_its_original(self, model_name: str) -> None:
        original = fitted(model_name).clone(4)
        state: dict[str, Any] = original.rng.bit_generator.state
        before = original.fitted()
        clone = original.clone(4)
        clone.predict(scenarios()[0], DRAWS)
        clone.fit(cases()[:4])  # refitting the clone on other cases
        assert original.rng.bit_generator.state == state, "the clone used the original's generator"
        assert original.fitted() == before, "refitting the clone changed the original"
        assert same(
            original.predict(scenarios()[0], DRAWS),
            fitted(model_name).clone(4).predict(scenarios()[0], DRAWS),
        )
