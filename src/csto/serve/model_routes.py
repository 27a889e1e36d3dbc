"""The behaviour model over HTTP: ``simulate`` (a case or a scenario body) and ``validate`` results.

Both answer what ``csto simulate … --json`` and ``csto validate --json`` print; a forecast carries the
model's validation verdict under ``"verdict"``. Draws are capped by
:class:`~csto.serve.limits.Limits` (422 past the cap) and each run has a time limit (503 past it).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from csto.serve.api import CaseP
from csto.serve.bodies import scenario_body
from csto.serve.pools import Check
from csto.serve.problems import Problem
from csto.serve.state import CliJSON

if TYPE_CHECKING:
    from csto.serve.state import AppState

SeedQ = Annotated[int, Query(ge=0, le=2**32 - 1, description="Seed of the draws.")]
DrawsQ = Annotated[int, Query(description="Monte Carlo draws (the schema gives the server's cap).")]
ModelQ = Annotated[
    str, Query(max_length=40, description="The model (the schema lists the registered models).")
]


def _draws(state: AppState, draws: int) -> int:
    from csto.behaviour.simulate import check_draws

    check_draws(draws)  # the CLI's own message for a draw count it would refuse
    if draws > state.limits.max_draws:
        raise Problem(
            422,
            f"draws: at most {state.limits.max_draws:,} per request on this server, got {draws:,}",
        )
    return draws


def router(state: AppState) -> APIRouter:
    """The model routes over ``state``'s session: ``/api/simulate`` and ``/api/validate``."""
    from csto.serve.api import ERRORS

    r = APIRouter(prefix="/api", responses=ERRORS)
    add_simulate(r, state)
    add_validate(r, state)
    return r


def add_simulate(r: APIRouter, state: AppState) -> None:
    """``GET /api/simulate/{case}`` and ``POST /api/simulate`` (a scenario body)."""

    @r.get("/simulate/{case_id}", tags=["model"])
    async def simulate_case(
        request: Request,
        case_id: CaseP,
        model: ModelQ = "consensus",
        draws: DrawsQ = 4000,
        seed: SeedQ = 0,
    ) -> Response:
        """P(outcome level 0–3) for a record case (`csto simulate CASE --json`)."""
        from csto.behaviour.registry import model_class
        from csto.crisis import crisis_from_case

        n = _draws(state, draws)
        model_class(model)
        if case_id.endswith((".yaml", ".yml")) or "/" in case_id:
            raise Problem(
                422, "case_id: a case id; send a scenario as the body of POST /api/simulate"
            )
        state.check_rate(request)
        session = await state.current()
        crisis = crisis_from_case(session.record, case_id)  # 404 with suggestions if unknown

        def compute(check: Check) -> Any:
            return session.simulate(crisis, model, n, seed, tick=check)

        return state.mark(CliJSON(await state.run_model(compute)), session)

    @r.post("/simulate", tags=["model"], openapi_extra=scenario_body())
    async def simulate_scenario(
        request: Request,
        model: ModelQ = "consensus",
        draws: DrawsQ = 4000,
        seed: SeedQ = 0,
    ) -> Response:
        """P(outcome level 0–3) for a scenario sent as JSON or YAML (`csto simulate FILE.yaml --json`)."""
        from csto.behaviour.registry import model_class
        from csto.serve.bodies import read_text, scenario_crisis

        n = _draws(state, draws)
        model_class(model)
        state.check_rate(request)
        text, kind = await read_text(request)
        session = await state.current()

        def compute(check: Check) -> Any:
            crisis = scenario_crisis(text, kind, session.record)
            return session.simulate(crisis, model, n, seed, tick=check)

        return state.mark(CliJSON(await state.run_model(compute)), session)


_validating = threading.Lock()


def add_validate(r: APIRouter, state: AppState) -> None:
    """``GET /api/validate``: the validation on the current session's data (seed 0, 2000 draws)."""

    @r.get("/validate", tags=["model"])
    async def validate(request: Request) -> Response:
        """Every model and baseline scored on the case base under both protocols and every coding variant,
        with paired intervals and verdicts (`csto validate --json`).

        Served from the validation cached for the session's data (it ships with the package for the shipped
        data); otherwise computed once, within the server's time limit for validation.
        """
        session = await state.current()
        state.check_rate(request)

        def compute(check: Check) -> Any:
            with _validating:
                return session.validate()

        result = await state.run_model(compute, seconds=state.limits.max_validate_seconds)
        return state.mark(CliJSON(result), session)
