"""Read endpoints: each gives what the matching ``csto … --json`` command prints, on the same record.

The treaty and model endpoints are added when their layers can be imported (:func:`available`).
"""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from starlette.responses import Response

from csto.serve import schemas
from csto.serve.problems import PROBLEM, Problem

if TYPE_CHECKING:
    from csto.serve.app import AppState

ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": schemas.ProblemDoc, "content": {PROBLEM: {}}, "description": text}
    for status, text in (
        (400, "Malformed request"),
        (404, "Unknown name (with suggestions)"),
        (413, "Request body too large"),
        (422, "Invalid input (the message says which field and why)"),
        (503, "Over the time or concurrency limit"),
    )
}

DateQ = Annotated[
    str,
    Query(
        max_length=40,
        description="A date, YYYY-MM-DD (partial dates allowed where the CLI allows them) or 'today'.",
    ),
]
AllianceQ = Annotated[str, Query(max_length=80, description="Alliance id.")]
TreatyQ = Annotated[
    str, Query(max_length=40, description="Treaty to assess under: cst (default) or nato.")
]


def available(module: str, *names: str) -> bool:
    """Can ``module`` be imported, and does it define ``names``? (a layer still being built is left out)"""
    try:
        if importlib.util.find_spec(module) is None:
            return False
        mod = importlib.import_module(module)
    except Exception:
        return False
    return all(hasattr(mod, n) for n in names)


def router(state: AppState) -> APIRouter:
    r = APIRouter(prefix="/api", responses=ERRORS)

    @r.get("/members", response_model=list[schemas.MemberOut], tags=["record"])
    async def members(on: DateQ = "today", alliance: AllianceQ = "csto") -> Response:
        """Who belonged to the alliance on a date, with status, certainty and sources (`csto members`)."""
        from csto.record import query

        return state.cached(
            ("members", on, alliance),
            lambda rec: [row.to_dict() for row in query.members(on, alliance, record=rec)],
        )

    @r.get("/history/{state}", response_model=list[schemas.HistoryOut], tags=["record"])
    async def history(
        state_name: Annotated[str, Path(alias="state", max_length=200)],
        alliance: AllianceQ = "csto",
    ) -> Response:
        """A state's status intervals (`csto history STATE`)."""
        from csto.record import query

        keys = ("status", "start", "end", "sources", "alternatives", "note")
        return state.cached(
            ("history", state_name, alliance),
            lambda rec: [
                {k: row.to_dict()[k] for k in keys}
                for row in query.history(state_name, alliance, record=rec)
            ],
        )

    @r.get("/events", response_model=list[schemas.EventOut], tags=["record"])
    async def events(
        start: Annotated[str | None, Query(alias="from", max_length=40)] = None,
        end: Annotated[str | None, Query(alias="to", max_length=40)] = None,
        type: Annotated[str | None, Query(max_length=80)] = None,
        state_name: Annotated[str | None, Query(alias="state", max_length=200)] = None,
    ) -> Response:
        """Events by date range, type and participating state (`csto events`)."""
        from csto.record import query

        return state.cached(
            ("events", start, end, type, state_name),
            lambda rec: query.events(start, end, type, state_name, record=rec),
        )

    @r.get("/cases", response_model=list[schemas.CaseOut], tags=["record"])
    async def cases() -> Response:
        """Every crisis case (`csto cases`)."""
        from csto.record import query

        return state.cached(("cases",), lambda rec: query.cases(rec))

    @r.get("/cases/{case_id}", response_model=schemas.CaseFullOut, tags=["record"])
    async def case(case_id: Annotated[str, Path(max_length=200)]) -> Response:
        """One case in full, with its events and quotes (`csto case ID`)."""
        from csto.record import query

        return state.cached(("case", case_id), lambda rec: query.case(case_id, rec))

    @r.get("/offices", response_model=list[schemas.OfficeOut], tags=["record"])
    async def offices() -> Response:
        """Office-holders (`csto offices`)."""
        from csto.record import query

        return state.cached(("offices",), lambda rec: query.offices(rec))

    @r.get("/claims", response_model=list[schemas.ClaimOut], tags=["record"])
    async def claims(about: Annotated[str | None, Query(max_length=200)] = None) -> Response:
        """Claims, shipped and accepted team claims (with `added_by`), optionally about one subject."""
        from csto.record import query

        return state.cached(("claims", about), lambda rec: query.claims(about, rec))

    @r.get("/conflicts", response_model=list[schemas.ConflictOut], tags=["record"])
    async def conflicts() -> Response:
        """Where claims disagree, every side with its sources (`csto conflicts`)."""
        from csto.record.conflicts import conflicts as find

        return state.cached(("conflicts",), lambda rec: [c.to_dict() for c in find(rec)])

    @r.get("/sources", response_model=list[schemas.SourceOut], tags=["record"])
    async def sources() -> Response:
        """The sources, with the number of claims citing each (`csto sources`)."""
        from csto.record import query

        return state.cached(("sources",), lambda rec: query.sources(rec))

    @r.get("/figures", response_model=list[schemas.FigureOut], tags=["analysis"])
    def figures() -> Response:
        """The seeds' figures recomputed from the record (`csto figures`)."""
        from csto.analysis.figures import figures as compute

        return state.cached(("figures",), lambda rec: [f.to_dict() for f in compute(rec)])

    if available("csto.treaty", "assess", "gap"):
        _treaty_routes(r, state)
    if available("csto.behaviour.simulate", "simulate", "check_draws"):
        from csto.serve.model_routes import add_simulate

        add_simulate(r, state)
    if available("csto.behaviour.validate", "validate") and available(
        "csto.behaviour.history", "historical_cases"
    ):
        from csto.serve.model_routes import add_validate

        add_validate(r, state)
    return r


def _check_treaty(treaty: str, rec: Any) -> None:
    from csto.treaty.rules import load_rules

    load_rules(record=rec).treaty(treaty)


def _treaty_routes(r: APIRouter, state: AppState) -> None:
    @r.get("/gap", response_model=list[schemas.GapOut], tags=["treaty"])
    def gap(treaty: TreatyQ = "cst") -> Response:
        """Every case: required vs actual level under each reading, with a verdict (`csto gap`)."""
        from csto.treaty import gap as run

        def compute(rec: Any) -> Any:
            _check_treaty(treaty, rec)
            return [row.to_dict() for row in run(rec, treaty)]

        return state.cached(("gap", treaty), compute)

    @r.get("/assess/{case_id}", response_model=schemas.AssessmentOut, tags=["treaty"])
    def assess_case(
        case_id: Annotated[str, Path(max_length=200)], treaty: TreatyQ = "cst"
    ) -> Response:
        """What the treaty requires in a record case, under each reading (`csto assess CASE`)."""
        from csto.treaty import assess as run

        if case_id.endswith((".yaml", ".yml")) or "/" in case_id:
            raise Problem(
                422, "case_id: a case id; send a scenario as the body of POST /api/assess"
            )

        def compute(rec: Any) -> Any:
            _check_treaty(treaty, rec)
            from csto.crisis import crisis_from_case

            return run(crisis_from_case(rec, case_id), treaty, rec).to_dict()

        return state.cached(("assess", case_id, treaty), compute)

    @r.post(
        "/assess",
        response_model=schemas.AssessmentOut,
        tags=["treaty"],
        openapi_extra=scenario_body(),
    )
    async def assess_scenario(request: Request, treaty: TreatyQ = "cst") -> Response:
        """What the treaty requires in a scenario sent as JSON or YAML (`csto assess FILE.yaml`)."""
        from csto.serve.bodies import read_text, scenario_crisis
        from csto.treaty import assess as run

        text, kind = await read_text(request)
        rec = state.record()

        def compute() -> Any:
            _check_treaty(treaty, rec)
            return run(scenario_crisis(text, kind, rec), treaty, rec).to_dict()

        from csto.serve.app import CliJSON

        return CliJSON(await state.run_model(compute))


def scenario_body() -> dict[str, Any]:
    """The OpenAPI request body of a scenario: the scenario file's mapping, as JSON or YAML."""
    from csto.crisis import Crisis

    schema = Crisis.model_json_schema(ref_template="#/components/schemas/{model}")
    schema.pop("$defs", None)
    loose: dict[str, Any] = {"type": "object", "description": schema.get("description", "")}
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": loose},
                "application/yaml": {"schema": {"type": "string"}},
            },
        }
    }
