"""Monte Carlo draws of a crisis's inputs: one row per draw, vectorised over draws and actors.

The order in which the generator is used is fixed (case factors in :data:`CASE_FACTORS` order, then each
actor's inputs in :data:`ACTOR_FIELDS` order, then votes, then decision noise), so the same seed gives
the same draws, and the test oracles can replay them draw by draw.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from csto.behaviour.factors import CrisisInputs
from csto.behaviour.inputs import CASE_FACTORS, MEMBER_FACTORS
from csto.crisis import Distribution

Array = NDArray[np.float64]


def draw(dist: Distribution, rng: np.random.Generator, n: int) -> Array:
    """``n`` draws of one coded input."""
    if dist.kind == "point":
        assert dist.value is not None
        return np.full(n, dist.value, dtype=np.float64)
    lo, hi = dist.bounds
    if hi <= lo:
        return np.full(n, lo, dtype=np.float64)
    if dist.kind == "uniform":
        return rng.uniform(lo, hi, n)
    if dist.kind == "triangular":
        assert dist.mode is not None
        return rng.triangular(lo, dist.mode, hi, n)
    assert dist.a is not None and dist.b is not None
    return lo + (hi - lo) * rng.beta(dist.a, dist.b, n)


@dataclass(frozen=True, eq=False)
class Sampled:
    """Draws of one crisis's inputs: factors (S,), actor arrays (S, N).

    ``position`` holds override draws where ``has_position`` is True (NaN elsewhere); ``cost`` is the sum
    of the member-level cost factors; ``noise`` is standard logistic decision noise.
    """

    factors: dict[str, Array]
    capability: Array
    salience: Array
    favours: Array
    cost: Array
    position: Array
    has_position: NDArray[np.bool_]
    vote: Array
    noise: Array
    is_russia: NDArray[np.bool_]
    is_requester: NDArray[np.bool_]

    @property
    def shape(self) -> tuple[int, int]:
        s, n = self.capability.shape
        return int(s), int(n)


def sample(inputs: CrisisInputs, rng: np.random.Generator, draws: int) -> Sampled:
    """``draws`` joint draws of every input of ``inputs`` (independent across inputs)."""
    s, n = draws, len(inputs.actors)
    factors = {name: draw(inputs.factors[name], rng, s) for name in CASE_FACTORS}
    cap = np.empty((s, n))
    sal = np.empty((s, n))
    fav = np.empty((s, n))
    cost = np.zeros((s, n))
    pos = np.full((s, n), np.nan)
    for j, actor in enumerate(inputs.actors):
        cap[:, j] = draw(actor.capability, rng, s)
        sal[:, j] = draw(actor.salience, rng, s)
        fav[:, j] = draw(actor.favours_adversary, rng, s)
        for name in MEMBER_FACTORS:
            cost[:, j] += draw(actor.get(name) or Distribution(value=0.0), rng, s)
        if actor.position is not None:
            pos[:, j] = draw(actor.position, rng, s)
    votes = np.array([a.vote for a in inputs.actors])
    vote = (rng.random((s, n)) < votes).astype(np.float64)
    noise = rng.logistic(0.0, 1.0, (s, n))
    return Sampled(
        factors=factors,
        capability=np.maximum(cap, 1e-9),
        salience=np.clip(sal, 0.0, 1.0),
        favours=fav,
        cost=cost,
        position=pos,
        has_position=~np.isnan(pos),
        vote=vote,
        noise=noise,
        is_russia=np.array([a.iso3 == "RUS" for a in inputs.actors]),
        is_requester=np.array([a.role == "requester" for a in inputs.actors]),
    )
