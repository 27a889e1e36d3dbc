"""Plain per-draw Python versions of the behaviour models: the oracles the vectorised code must match.

They replay the same draws (:class:`csto.behaviour.sampling.Sampled`), one draw and one actor at a time,
with no NumPy in the model logic.
"""

from __future__ import annotations

from csto.behaviour.positions import Params
from csto.behaviour.sampling import Sampled


def position(p: Params, d: Sampled, s: int, i: int) -> float:
    f = {k: float(v[s]) for k, v in d.factors.items()}
    rus = bool(d.is_russia[i])
    if d.has_position[s, i]:
        mean = float(d.position[s, i])
    elif d.is_requester[i]:
        mean = f["request_level"]
    else:
        mean = (
            p.b0
            + f["request_level"]
            + p.b_regime * f["regime_threat"]
            + p.b_aggression * f["aggression"]
            - p.b_favour * float(d.favours[s, i])
        )
        if rus:
            mean -= p.b_war * f["russia_at_war"]
            mean -= p.b_cost * float(d.cost[s, i])
        else:
            distance = f["russia_is_aggressor"] + f["victim_is_russia"] * f["russia_at_war"]
            mean -= p.b_cost * (float(d.cost[s, i]) + distance)
    return mean + p.sigma * float(d.noise[s, i])


def consensus_level(p: Params, d: Sampled, s: int) -> int:
    n = d.shape[1]
    xs = [position(p, d, s, i) for i in range(n)]
    raw = [float(d.vote[s, i]) * float(d.capability[s, i]) ** p.pi for i in range(n)]
    total = sum(raw)
    if total <= 0:
        return 0
    level = 0
    for lv in (1, 2, 3):
        blocking = sum(raw[i] / total * float(d.salience[s, i]) for i in range(n) if xs[i] < lv)
        if blocking > p.kappa:
            break
        level = lv
    if d.factors["request_level"][s] < 2.5 and level > 2:
        level = 2
    return level


def consensus_levels(p: Params, d: Sampled) -> list[int]:
    return [consensus_level(p, d, s) for s in range(d.shape[0])]
