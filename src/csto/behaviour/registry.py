"""The models by name, as the CLI, the API and the sweeps name them: the models, then the baselines."""

from __future__ import annotations

from csto.behaviour.bargaining import BargainingModel, CompromiseModel
from csto.behaviour.baselines import BaseRate, ReferenceClass, RequestBaseRate, StrictTreatyBaseline
from csto.behaviour.consensus import ConsensusModel
from csto.behaviour.core import Model
from csto.behaviour.ordinal import PooledOrdinalModel
from csto.errors import CstoError

MODELS: dict[str, type[Model]] = {
    "consensus": ConsensusModel,
    "bargaining": BargainingModel,
    "ordinal": PooledOrdinalModel,
    "strict": StrictTreatyBaseline,
    "base-rate": BaseRate,
    "request-base-rate": RequestBaseRate,
    "reference-class": ReferenceClass,
    "compromise": CompromiseModel,
}


def model_class(name: str) -> type[Model]:
    """The model class named ``name``; raises :class:`~csto.errors.CstoError` for an unknown name."""
    try:
        return MODELS[name]
    except KeyError:
        raise CstoError(f"unknown model {name!r}; choose one of {', '.join(MODELS)}") from None


def baselines() -> tuple[str, ...]:
    """The names of the baselines (``classifier["baseline"]``), in registry order."""
    return tuple(n for n, cls in MODELS.items() if cls.classifier.get("baseline"))
