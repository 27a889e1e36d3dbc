"""The models by name, as the CLI and the sweeps name them."""

from __future__ import annotations

from csto.behaviour.bargaining import BargainingModel
from csto.behaviour.baselines import BaseRate, StrictTreatyBaseline
from csto.behaviour.consensus import ConsensusModel
from csto.behaviour.core import Model
from csto.errors import CstoError

MODELS: dict[str, type[Model]] = {
    "consensus": ConsensusModel,
    "bargaining": BargainingModel,
    "strict": StrictTreatyBaseline,
    "base-rate": BaseRate,
}


def model_class(name: str) -> type[Model]:
    try:
        return MODELS[name]
    except KeyError:
        raise CstoError(f"unknown model {name!r}; choose one of {', '.join(MODELS)}") from None
