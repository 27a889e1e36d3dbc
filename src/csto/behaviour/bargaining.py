"""The expected-utility bargaining model (Bueno de Mesquita; KTAB's spatial model) on one dimension.

Each draw's members bargain in rounds (the spatial model of :mod:`csto.behaviour.spatial`, run for all
draws at once by its ``run_batch``) from their preferred levels, scaled 0–3 → [0, 1]; the settled,
probability-weighted outcome (``forecast_mean``) is rounded to the nearest level, with the same Article 4
cap as the consensus model (no military assistance unless assistance was requested).

Positions, capabilities and saliences are the consensus model's (:mod:`csto.behaviour.positions`, with
the weights calibrated on the same training cases): the bargaining stage adds no free parameter.
Members not in good standing in a draw keep a negligible capability and salience (the spatial model
needs a fixed actor list), so they carry no weight.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
from numpy.typing import NDArray

from csto.behaviour.consensus import CalibratedModel, ConsensusModel
from csto.behaviour.core import SMOOTHING, Case, Prediction, member_cases
from csto.behaviour.factors import CrisisInputs
from csto.behaviour.positions import GRID, Params, positions
from csto.behaviour.sampling import Sampled, sample

TREMBLE_DRAWS = 300
"""Draws per training case when fitting the bargaining model's own tremble."""

ABSENT = 1e-6
"""Capability and salience given to a member without a vote in a draw."""


def settle(p: Params, d: Sampled) -> tuple[NDArray[np.intp], NDArray[np.float64]]:
    """(S,) levels and (S,) settled outcomes on 0–3 from the draws ``d``."""
    from csto.behaviour.spatial import run_batch

    x = np.clip(positions(p, d), 0.0, 3.0) / 3.0
    voting = d.vote > 0
    cap = np.where(voting, d.capability, ABSENT)
    sal = np.where(voting, np.maximum(d.salience, 1e-3), ABSENT)
    result = run_batch(cap, x[:, :, None], sal[:, :, None])
    outcome = result.forecast_mean[:, 0] / 100.0 * 3.0
    level = np.clip(np.rint(outcome), 0, 3).astype(np.intp)
    return cap_article_4(level, d), outcome


def cap_article_4(level: NDArray[np.intp], d: Sampled) -> NDArray[np.intp]:
    """No military assistance (3) unless assistance was requested: capped at consultations (2)."""
    out: NDArray[np.intp] = np.where((d.factors["request_level"] < 2.5) & (level > 2), 2, level)
    return out


def compromise(p: Params, d: Sampled) -> tuple[NDArray[np.intp], NDArray[np.float64]]:
    """(S,) levels and (S,) compromise outcomes on 0–3: the capability × salience weighted mean of the
    voting members' positions (clipped to 0–3), rounded to the nearest level, with the Article 4 cap.

    The compromise model of the European Union decision-making literature (Achen 2006; Thomson et al.
    2006, *The European Union Decides*): the outcome is the mean of the actors' positions weighted by
    capability times salience. A draw in which no member votes gives level 0.
    """
    x = np.clip(positions(p, d), 0.0, 3.0)
    w = d.vote * d.capability * d.salience
    total = w.sum(axis=1)
    outcome = np.divide((w * x).sum(axis=1), total, out=np.zeros_like(total), where=total > 0)
    level = np.clip(np.rint(outcome), 0, 3).astype(np.intp)
    return cap_article_4(level, d), outcome


class BargainingModel(CalibratedModel):
    """KTAB-style expected-utility bargaining over the outcome level; settled outcome rounded."""

    name: ClassVar[str] = "bargaining"
    label: ClassVar[str] = "the bargaining model"
    version: ClassVar[str] = "1.1"
    classifier: ClassVar[dict[str, Any]] = {
        "stochastic": True,
        "uses_capability": True,
        "uses_salience": True,
        "uses_positions": True,
        "calibrated": True,
        "monotone_in_positions": False,
        "baseline": False,
        "predicts": "member",
    }

    def settle(self, d: Sampled) -> tuple[NDArray[np.intp], NDArray[np.float64]]:
        """(S,) levels and (S,) settled outcomes on 0–3 of the draws ``d``."""
        return settle(self.params, d)

    def fit(self, cases: list[Case], draws: int = 1000) -> BargainingModel:
        """Position weights from the consensus calibration on the same cases (own generator)."""
        cases = member_cases(cases)
        child = ConsensusModel(seed=int(self.rng.integers(2**63)), params=self.params)
        child.fit(cases, draws=draws)
        self.params = child.params
        self.params = self.params.with_(tremble=self._tremble(cases))
        self.calibration = {
            **child.calibration,
            "note": "position weights from the consensus calibration; tremble fitted on the settled levels",
        }
        return self

    def _tremble(self, cases: list[Case], draws: int = TREMBLE_DRAWS) -> float:
        """The tremble ε that maximises the likelihood of the training cases' settled levels."""
        shares = []
        for inputs, outcome in cases:
            level, _ = self.settle(self.sample(inputs, draws))
            hits = float(np.count_nonzero(level == outcome))
            shares.append((hits + SMOOTHING) / (draws + 4 * SMOOTHING))
        p = np.array(shares)

        def ll(eps: float) -> float:
            return float(np.log((1 - eps) * p + eps / 4).sum())

        return max(GRID["tremble"], key=ll)

    def sample(self, inputs: CrisisInputs, draws: int) -> Sampled:
        return sample(inputs, self.rng, draws)

    def levels(self, d: Sampled) -> NDArray[np.intp]:
        return self.settle(d)[0]

    def predict(self, inputs: CrisisInputs, draws: int = 2000) -> Prediction:
        d = self.sample(inputs, draws)
        level, outcome = self.settle(d)
        return Prediction.from_levels(
            level, self.params.tremble, sampled=d, settled_mean=float(outcome.mean())
        )

    def fitted(self) -> dict[str, Any]:
        return {"params": self.params.to_dict(), **self.calibration}


class CompromiseModel(BargainingModel):
    """The compromise model, the bargaining model's baseline: the capability × salience weighted mean of the
    members' positions, rounded to a level (:func:`compromise`).

    Everything else is the bargaining model's, so the two differ only in how positions become an outcome:
    the same positions (weights from the consensus calibration on the same training cases), the same
    Article 4 cap, and a tremble ε fitted the same way on the training cases. The level distribution is the
    Jeffreys-smoothed share of draws at each level mixed with ε/4 (:meth:`Prediction.from_levels`).
    """

    name: ClassVar[str] = "compromise"
    label: ClassVar[str] = "the compromise model"
    version: ClassVar[str] = "1.0"
    classifier: ClassVar[dict[str, Any]] = {
        **BargainingModel.classifier,
        "monotone_in_positions": True,
        "baseline": True,
    }

    def settle(self, d: Sampled) -> tuple[NDArray[np.intp], NDArray[np.float64]]:
        return compromise(self.params, d)
