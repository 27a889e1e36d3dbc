"""A case-level model that learns across alliances: a cumulative-logit (proportional-odds) regression on the
case-level factors, with alliance intercepts partially pooled by a Gaussian prior.

The model (McCullagh 1980; partial pooling as in Gelman & Hill 2007, ch. 12)::

    P(level ≤ k | case i) = σ(θ_k − x_i·β − u_{a(i)}),   k = 0, 1, 2;   σ the logistic function
    u_a ~ N(0, τ²)   (alliance a's intercept: how much more the alliance does than the factors predict)
    β_j ~ N(0, s_β²),   θ_k ~ N(0, s_θ²)   (θ_0 < θ_1 < θ_2)

``x_i`` (:func:`design`) codes what every alliance's case records (:class:`csto.record.case.CaseFactors`):
whether a request was made, the kind of threat (three indicators against ``external_attack``), whether the
adversary is a member, whether it is a partner of the leading state, whether the leading state is at war
elsewhere, and the requester's alignment with the leading state (close 0, moderate ½, distant 1).

The fit is the posterior mode (MAP) by :func:`scipy.optimize.minimize` (``trust-exact`` with the
analytic gradient and Hessian; the posterior is convex, see :class:`Posterior`). As τ → ∞ the alliances' intercepts are free and the fit tends to the unpooled maximum-likelihood
fit with alliance indicators (statsmodels' ``OrderedModel``); as τ → 0 they vanish and it tends to the
pooled fit (the tests check both limits against statsmodels with flat priors on β and θ). statsmodels has
no random effects, hence the hand-written posterior; PyMC or bambi would sample the full posterior, but a
fit must take milliseconds, since validation refits the model for every held-out case.

The priors are fixed before any case was scored and never tuned on them: τ = 1 (an alliance's habits
shift the odds of a stronger response by up to about e² either way), s_β = 2.5 on the logit scale
(the weakly informative scale of Gelman et al. 2008, which keeps the fit finite when a factor separates
the levels) and s_θ = 5 (wide: it only keeps the cut-points finite when a level is missing from the
training cases). A crisis of an alliance absent from the training cases gets the
population intercept u = 0. The model is deterministic: ``seed`` and ``draws`` are accepted for the model
contract and unused.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any, ClassVar

import numpy as np
from numpy.typing import NDArray

from csto.behaviour.core import Case, Model, Prediction
from csto.behaviour.factors import CrisisInputs

FEATURES = (
    "request_made",
    "threat_external_threat",
    "threat_internal_unrest",
    "threat_member_clash",
    "adversary_member",
    "adversary_leader_partner",
    "leader_at_war",
    "requester_alignment",
)
"""The columns of the design matrix, in order."""

ALIGNMENT = {"close": 0.0, "moderate": 0.5, "distant": 1.0}

Array = NDArray[np.float64]


def design(inputs: CrisisInputs) -> Array:
    """The (8,) row of :data:`FEATURES` for one crisis, from its case-level factors."""
    f = inputs.case_factors
    threat = f.get("threat")
    return np.array(
        [
            float(inputs.request_made),
            float(threat == "external_threat"),
            float(threat == "internal_unrest"),
            float(threat == "member_clash"),
            float(bool(f.get("adversary_member"))),
            float(bool(f.get("adversary_leader_partner"))),
            float(bool(f.get("leader_at_war"))),
            ALIGNMENT.get(str(f.get("requester_alignment")), 0.0),
        ]
    )


@dataclass(frozen=True)
class Prior:
    """Prior scales (standard deviations on the logit scale); ``None`` is a flat prior (the tests of the
    limits use flat priors on β and θ)."""

    alliance_sd: float = 1.0
    beta_sd: float | None = 2.5
    cut_sd: float | None = 5.0


def _sigmoid(z: Array) -> Array:
    out: Array = 0.5 * (1.0 + np.tanh(0.5 * z))
    return out


def level_probabilities(theta: Array, eta: Array) -> Array:
    """(n, K) probabilities of the levels from K−1 cut-points and (n,) linear predictors."""
    cdf = _sigmoid(theta[None, :] - eta[:, None])
    n = eta.shape[0]
    full = np.concatenate([np.zeros((n, 1)), cdf, np.ones((n, 1))], axis=1)
    out: Array = np.diff(full, axis=1)
    return out


@dataclass(frozen=True)
class Posterior:
    """The negative log posterior of parameters (θ_0, θ_1, θ_2, β…, u…) given a design ``x`` (n, p),
    levels ``y`` (n,) and alliance indices ``g`` (n,) of ``groups`` alliances.

    Convex: the cumulative-logit log-likelihood is concave in (θ, β) (Pratt 1981) and the Gaussian priors
    are log-concave, so the mode is unique and Newton-type methods find it. Cut-points out of order give
    +∞.
    """

    x: Array
    y: NDArray[np.intp]
    g: NDArray[np.intp]
    groups: int
    prior: Prior

    @cached_property
    def jacobians(self) -> tuple[Array, Array]:
        """(n, P) derivatives of the upper and lower arguments of the logistic CDF by the parameters."""
        n, k = self.y.shape[0], 3
        upper = np.zeros((n, k))
        lower = np.zeros((n, k))
        rows = np.arange(n)
        ok_u, ok_l = self.y < k, self.y > 0
        upper[rows[ok_u], self.y[ok_u]] = 1.0
        lower[rows[ok_l], self.y[ok_l] - 1] = 1.0
        member = np.zeros((n, self.groups))
        if self.groups:
            member[rows, self.g] = 1.0
        rest = np.concatenate([-self.x, -member], axis=1)
        return np.concatenate([upper, rest], axis=1), np.concatenate([lower, rest], axis=1)

    def _parts(self, params: Array) -> tuple[Array, Array, Array, Array]:
        k, p = 3, self.x.shape[1]
        theta, beta, u = params[:k], params[k : k + p], params[k + p :]
        eta = self.x @ beta + (u[self.g] if self.groups else 0.0)
        ext = np.concatenate([[-np.inf], theta, [np.inf]])
        return theta, ext[self.y + 1] - eta, ext[self.y] - eta, params

    @cached_property
    def precision(self) -> Array:
        """(P,) prior precisions (0 for a flat prior)."""
        k, p = 3, self.x.shape[1]
        prec = np.zeros(k + p + self.groups)
        if self.prior.cut_sd is not None:
            prec[:k] = 1.0 / self.prior.cut_sd**2
        if self.prior.beta_sd is not None:
            prec[k : k + p] = 1.0 / self.prior.beta_sd**2
        prec[k + p :] = 1.0 / self.prior.alliance_sd**2
        return prec

    def value(self, params: Array) -> float:
        """−log posterior (up to a constant)."""
        theta, a, b, _ = self._parts(params)
        if np.any(np.diff(theta) <= 0):
            return float("inf")
        prob = _sigmoid(a) - _sigmoid(b)
        if np.any(prob <= 0):
            return float("inf")
        return float(-np.log(prob).sum() + 0.5 * (self.precision * params**2).sum())

    def _derivatives(self, params: Array) -> tuple[Array, Array, Array, Array, Array]:
        _, a, b, _ = self._parts(params)
        fa_cdf, fb_cdf = _sigmoid(a), _sigmoid(b)
        prob = np.maximum(fa_cdf - fb_cdf, 1e-300)
        fa, fb = fa_cdf * (1 - fa_cdf), fb_cdf * (1 - fb_cdf)
        dfa, dfb = fa * (1 - 2 * fa_cdf), fb * (1 - 2 * fb_cdf)
        la, lb = -fa / prob, fb / prob
        laa = -dfa / prob + (fa / prob) ** 2
        lbb = dfb / prob + (fb / prob) ** 2
        lab = -fa * fb / prob**2
        return la, lb, laa, lbb, lab

    def gradient(self, params: Array) -> Array:
        """The gradient of :meth:`value`."""
        ja, jb = self.jacobians
        la, lb, *_ = self._derivatives(params)
        out: Array = ja.T @ la + jb.T @ lb + self.precision * params
        return out

    def hessian(self, params: Array) -> Array:
        """The Hessian of :meth:`value`."""
        ja, jb = self.jacobians
        _, _, laa, lbb, lab = self._derivatives(params)
        cross = ja.T @ (lab[:, None] * jb)
        out: Array = (
            ja.T @ (laa[:, None] * ja)
            + jb.T @ (lbb[:, None] * jb)
            + cross
            + cross.T
            + np.diag(self.precision)
        )
        return out


START_CUTS = (-1.0, 0.0, 1.0)

GRADIENT_TOLERANCE = 1e-6
"""Largest gradient component (log posterior per parameter) at which a stopped fit counts as converged."""


def fit_map(
    x: Array, y: NDArray[np.intp], groups: list[str], g: NDArray[np.intp], prior: Prior
) -> tuple[Array, Array, dict[str, float], bool]:
    """The posterior mode: cut-points θ, coefficients β, alliance intercepts {alliance: u}, and whether the
    optimiser (:func:`scipy.optimize.minimize`, ``trust-exact`` with the exact gradient and Hessian)
    converged: it says so, or it stopped with every component of the gradient under
    :data:`GRADIENT_TOLERANCE` (``trust-exact`` reports failure when, at the mode, rounding stops its
    model of the objective from predicting a further gain: on the 75 cases it stops so, with the largest
    gradient component 4e-8)."""
    from scipy.optimize import minimize

    k, p, a = 3, x.shape[1], len(groups)
    post = Posterior(x, y, g, a, prior)
    start = np.zeros(k + p + a)
    start[:k] = START_CUTS
    res = minimize(
        post.value,
        start,
        jac=post.gradient,
        hess=post.hessian,
        method="trust-exact",
        options={"gtol": 1e-8, "maxiter": 200},
    )
    theta, beta, u = res.x[:k], res.x[k : k + p], res.x[k + p :]
    at_mode = (
        bool(np.all(np.isfinite(res.jac))) and float(np.max(np.abs(res.jac))) < GRADIENT_TOLERANCE
    )
    converged = bool(res.success) or at_mode
    return theta, beta, dict(zip(groups, (float(v) for v in u), strict=True)), converged


class PooledOrdinalModel(Model):
    """Cumulative-logit regression on the case-level factors, alliance intercepts partially pooled."""

    name: ClassVar[str] = "ordinal"
    label: ClassVar[str] = "the cross-alliance ordinal model"
    version: ClassVar[str] = "1.0"
    classifier: ClassVar[dict[str, Any]] = {
        "stochastic": False,
        "uses_capability": False,
        "uses_salience": False,
        "uses_positions": False,
        "calibrated": True,
        "baseline": False,
        "predicts": "case",
        "pooling": "partial (alliance intercepts, Gaussian prior)",
    }
    prior: ClassVar[Prior] = Prior()

    def __init__(self, seed: Any = None, prior: Prior | None = None) -> None:
        super().__init__(seed)
        self.fit_prior = prior or self.prior
        self.theta: Array = np.array([-1.0, 0.0, 1.0])
        self.beta: Array = np.zeros(len(FEATURES))
        self.intercepts: dict[str, float] = {}
        self.n = 0
        self.converged = True

    def fit(self, cases: list[Case]) -> PooledOrdinalModel:
        usable = [(i, lv) for i, lv in cases if i.case_factors]
        self.n = len(usable)
        if not usable:
            self.theta, self.beta, self.intercepts = (
                np.array(START_CUTS),
                np.zeros(len(FEATURES)),
                {},
            )
            return self
        groups = sorted({i.alliance for i, _ in usable})
        index = {a: j for j, a in enumerate(groups)}
        x = np.array([design(i) for i, _ in usable])
        y = np.array([lv for _, lv in usable], dtype=np.intp)
        g = np.array([index[i.alliance] for i, _ in usable], dtype=np.intp)
        self.theta, self.beta, self.intercepts, self.converged = fit_map(
            x, y, groups, g, self.fit_prior
        )
        return self

    def predict(self, inputs: CrisisInputs, draws: int = 0) -> Prediction:
        eta = float(design(inputs) @ self.beta) + self.intercepts.get(inputs.alliance, 0.0)
        probs = level_probabilities(self.theta, np.array([eta]))[0]
        return Prediction.from_probabilities(
            [float(p) for p in probs], max(self.n, 1), linear_predictor=eta
        )

    def fitted(self) -> dict[str, Any]:
        return {
            "cases": self.n,
            "cut_points": [float(t) for t in self.theta],
            "coefficients": dict(zip(FEATURES, (float(b) for b in self.beta), strict=True)),
            "alliance_intercepts": dict(sorted(self.intercepts.items())),
            "prior": {
                "alliance_sd": self.fit_prior.alliance_sd,
                "beta_sd": self.fit_prior.beta_sd,
                "cut_sd": self.fit_prior.cut_sd,
            },
            "converged": self.converged,
        }
