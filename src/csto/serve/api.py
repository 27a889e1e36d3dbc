"""Read endpoints: each gives what the matching ``csto … --json`` command prints, on the same session.

The response models are the row classes the queries return (:mod:`csto.record.rows`, the treaty's
:class:`~csto.treaty.gap.GapRow` and :class:`~csto.treaty.assess.Assessment`), so the OpenAPI schema, the
CLI's JSON and the Python API share one shape.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from starlette.responses import Response

from csto.analysis.figures import Statistic
from csto.record.rows import (
    CaseDetail,
    CaseRow,
    ClaimRow,
    ConflictRow,
    EventRow,
    HistoryRow,
    MemberRow,
    OfficeRow,
    SourceRow,
    StateRow,
)
from csto.serve import schemas
from csto.serve.bodies import scenario_body
from csto.serve.problems import PROBLEM, Problem
from csto.serve.state import CliJSON
from csto.treaty.assess import Assessment
from csto.treaty.gap import GapRow

if TYPE_CHECKING:
    from csto.serve.state import AppState

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
SpanQ = Annotated[
    str,
    Query(
        max_length=40,
        description="A day (YYYY-MM-DD or 'today') or a period: a year (2006), a month (2012-06) or "
        "START/END.",
    ),
]
AllianceQ = Annotated[str, Query(max_length=80, description="Alliance id.")]
TreatyQ = Annotated[
    str, Query(max_length=40, description="Treaty to assess under: cst (default) or nato.")
]
VariantQ = Annotated[
    str, Query(max_length=80, description="Code each case under this coding variant.")
]


def router(state: AppState) -> APIRouter:
    """The read routes over ``state``'s session."""
    r = APIRouter(prefix="/api", responses=ERRORS)

    @r.get("/members", response_model=list[MemberRow], tags=["record"])
    async def members(on: SpanQ = "today", alliance: AllianceQ = "csto") -> Response:
        """Who belonged to the alliance on a day, or during a period (a year, a month, START/END: each row
        then has a `period` section with its spans and status changes), with status, certainty and
        sources (`csto members`)."""
        return state.cached(("members", on, alliance), lambda s: s.members(on, alliance))

    @r.get("/states/{state}", response_model=StateRow, tags=["record"])
    async def describe_state(
        state_name: Annotated[str, Path(alias="state", max_length=200)],
        alliance: AllianceQ = "csto",
    ) -> Response:
        """Any state by any name or code (ISO alpha-2, alpha-3, numeric, COW code), in the record or not,
        and whether it ever belonged (the sentence `csto history` prints for a state that never did)."""
        return state.cached(
            ("state", state_name, alliance), lambda s: s.describe_state(state_name, alliance)
        )

    @r.get("/history/{state}", response_model=list[HistoryRow], tags=["record"])
    async def history(
        state_name: Annotated[str, Path(alias="state", max_length=200)],
        alliance: AllianceQ = "csto",
    ) -> Response:
        """A state's status intervals (`csto history STATE`)."""
        return state.cached(
            ("history", state_name, alliance), lambda s: s.history(state_name, alliance)
        )

    @r.get("/events", response_model=list[EventRow], tags=["record"])
    async def events(
        start: Annotated[str | None, Query(alias="from", max_length=40)] = None,
        end: Annotated[str | None, Query(alias="to", max_length=40)] = None,
        type: Annotated[str | None, Query(max_length=80)] = None,
        state_name: Annotated[str | None, Query(alias="state", max_length=200)] = None,
    ) -> Response:
        """Events by date range, type and participating state (`csto events`)."""
        return state.cached(
            ("events", start, end, type, state_name),
            lambda s: s.events(start, end, type, state_name),
        )

    @r.get("/cases", response_model=list[CaseRow], tags=["record"])
    async def cases(
        alliance: Annotated[str | None, Query(max_length=80)] = None,
        kind: Annotated[str | None, Query(max_length=80)] = None,
        variant: VariantQ = "default",
    ) -> Response:
        """The cases, optionally of one alliance or kind, under a coding variant (`csto cases`)."""
        return state.cached(
            ("cases", alliance, kind, variant), lambda s: s.cases(alliance, kind, variant)
        )

    @r.get("/cases/{case_id}", response_model=CaseDetail, tags=["record"])
    async def case(case_id: Annotated[str, Path(max_length=200)]) -> Response:
        """One case in full, with its factors, variants, events and quotes (`csto case ID`)."""
        return state.cached(("case", case_id), lambda s: s.case(case_id))

    @r.get("/offices", response_model=list[OfficeRow], tags=["record"])
    async def offices(
        on: Annotated[
            str | None,
            Query(max_length=40, description="Only who held office on a day or during a period."),
        ] = None,
        office: Annotated[str | None, Query(max_length=80)] = None,
    ) -> Response:
        """Office-holders, all or on a day or period, of one office (`csto offices`)."""
        return state.cached(("offices", on, office), lambda s: s.offices(on, office))

    @r.get("/claims", response_model=list[ClaimRow], tags=["record"])
    async def claims(
        about: Annotated[str | None, Query(max_length=200)] = None,
        source: Annotated[str | None, Query(max_length=80)] = None,
        property: Annotated[str | None, Query(max_length=120)] = None,
    ) -> Response:
        """Claims, shipped and accepted team claims (with `added_by`), optionally about one subject, from
        one source or of one property (`csto claims`)."""
        return state.cached(
            ("claims", about, source, property), lambda s: s.claims(about, source, property)
        )

    @r.get("/conflicts", response_model=list[ConflictRow], tags=["record"])
    async def conflicts() -> Response:
        """Where claims disagree, every side with its sources and ranks (`csto conflicts`)."""
        return state.cached(("conflicts",), lambda s: s.conflicts())

    @r.get("/sources", response_model=list[SourceRow], tags=["record"])
    async def sources() -> Response:
        """The sources, with the number of claims citing each (`csto sources`)."""
        return state.cached(("sources",), lambda s: s.sources())

    @r.get("/figures", response_model=list[Statistic], tags=["analysis"])
    def figures() -> Response:
        """The seeds' figures recomputed from the record (`csto figures`)."""
        return state.cached(("figures",), lambda s: s.figures())

    @r.get("/gap", response_model=list[GapRow], tags=["treaty"])
    def gap(treaty: TreatyQ = "cst", variant: VariantQ = "default") -> Response:
        """Every case: required vs actual level under each reading, with a verdict (`csto gap`)."""
        return state.cached(("gap", treaty, variant), lambda s: s.gap(treaty, variant))

    @r.get("/assess/{case_id}", response_model=Assessment, tags=["treaty"])
    def assess_case(
        case_id: Annotated[str, Path(max_length=200)], treaty: TreatyQ = "cst"
    ) -> Response:
        """What the treaty requires in a record case, under each reading (`csto assess CASE`)."""
        if case_id.endswith((".yaml", ".yml")) or "/" in case_id:
            raise Problem(
                422, "case_id: a case id; send a scenario as the body of POST /api/assess"
            )

        def compute(s: Any) -> Any:
            from csto.crisis import crisis_from_case

            return s.assess(crisis_from_case(s.record, case_id), treaty)

        return state.cached(("assess", case_id, treaty), compute)

    @r.post("/assess", response_model=Assessment, tags=["treaty"], openapi_extra=scenario_body())
    async def assess_scenario(request: Request, treaty: TreatyQ = "cst") -> Response:
        """What the treaty requires in a scenario sent as JSON or YAML (`csto assess FILE.yaml`)."""
        from csto.serve.bodies import read_text, scenario_crisis

        text, kind = await read_text(request)
        session = state.session()

        def compute() -> Any:
            return session.assess(scenario_crisis(text, kind, session.record), treaty).to_dict()

        return CliJSON(await state.run_model(compute))

    return r
