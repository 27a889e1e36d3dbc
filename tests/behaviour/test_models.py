"""Every registered model keeps the model contract (:mod:`.model_contract`): nothing to write for a new
model beyond registering it in :data:`csto.behaviour.registry.MODELS`."""

from __future__ import annotations

from .model_contract import ModelContract


class TestModel(ModelContract):
    """The contract, once for each model in the registry."""
