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
        (429, "Too many expensive requests from this client (Retry-After says when to retry)"),
        (503, "Over the time or concurrency limit, or the store cannot be reached"),
    )
}

# The patterns below are published in the OpenAPI schema (so clients and fuzzers send well-formed values);
# the routes check the values themselves, with the CLI's messages and suggestions.
DAY = r"^([Tt][Oo][Dd][Aa][Yy]|[0-9]{4}-[0-9]{2}-[0-9]{2})$"
"""A query date: a full day or ``today`` (:func:`csto.record.dates.parse_day`)."""
PARTIAL = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
"""A year, a month or a day (the bounds of ``/api/events``)."""
ID = r"^[a-z0-9][a-z0-9._-]*$"
"""A record id (:data:`csto.record.fields.Id`)."""

DateQ = Annotated[
    str,
    Query(
        max_length=40,
        json_schema_extra={"pattern": DAY},
        description="A day, YYYY-MM-DD, or 'today'.",
    ),
]
SPAN = (
    r"^([Tt][Oo][Dd][Aa][Yy]|[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?(/[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?)?)$"
)
"""A day, or a period: a year, a month, or START/END (:func:`csto.record.query.members`)."""
SpanQ = Annotated[
    str,
    Query(
        max_length=40,
        json_schema_extra={"pattern": SPAN},
        description="A day (YYYY-MM-DD or 'today') or a period: a year (2006), a month (2012-06) or "
        "START/END.",
    ),
]
AllianceQ = Annotated[
    str,
    Query(
        min_length=1,
        max_length=80,
        json_schema_extra={"pattern": ID},
        description="Alliance id, e.g. csto.",
    ),
]
TreatyQ = Annotated[
    str, Query(max_length=80, description="Treaty to assess under (the schema lists the treaties).")
]


VariantQ = Annotated[
    str,
    Query(
        min_length=1,
        max_length=80,
        json_schema_extra={"pattern": ID},
        description="Code each case under this coding variant.",
    ),
]
CaseP = Annotated[
    str,
    Path(min_length=1, max_length=80, json_schema_extra={"pattern": ID}, description="A case id."),
]
NameP = Annotated[
    str,
    Path(
        alias="state", min_length=1, max_length=200, description="A state: name, ISO3 or COW code."
    ),
]


def router(state: AppState) -> APIRouter:
    """The read routes over ``state``'s session."""
    r = APIRouter(prefix="/api", responses=ERRORS)

    @r.get("/members", response_model=list[MemberRow], tags=["record"])
    async def members(on: SpanQ = "today", alliance: AllianceQ = "csto") -> Response:
        """Who belonged to the alliance on a day, or during a period (a year, a month, START/END: each row
        then has a `period` section with its spans and status changes), with status, certainty and
        sources (`csto members`)."""
        return await state.cached(("members", on, alliance), lambda s: s.members(on, alliance))

    @r.get("/states/{state}", response_model=StateRow, tags=["record"])
    async def describe_state(
        state_name: Annotated[str, Path(alias="state", max_length=200)],
        alliance: AllianceQ = "csto",
    ) -> Response:
        """Any state by any name or code (ISO alpha-2, alpha-3, numeric, COW code), in the record or not,
        and whether it ever belonged (the sentence `csto history` prints for a state that never did)."""
        return await state.cached(
            ("state", state_name, alliance), lambda s: s.describe_state(state_name, alliance)
        )

    @r.get("/history/{state}", response_model=list[HistoryRow], tags=["record"])
    async def history(
        state_name: NameP,
        alliance: AllianceQ = "csto",
    ) -> Response:
        """A state's status intervals (`csto history STATE`)."""
        return await state.cached(
            ("history", state_name, alliance), lambda s: s.history(state_name, alliance)
        )

    @r.get("/events", response_model=list[EventRow], tags=["record"])
    async def events(
        start: Annotated[
            str | None, Query(alias="from", max_length=40, json_schema_extra={"pattern": PARTIAL})
        ] = None,
        end: Annotated[
            str | None, Query(alias="to", max_length=40, json_schema_extra={"pattern": PARTIAL})
        ] = None,
        type: Annotated[
            str | None, Query(min_length=1, max_length=80, json_schema_extra={"pattern": ID})
        ] = None,
        state_name: Annotated[
            str | None, Query(alias="state", min_length=1, max_length=200)
        ] = None,
    ) -> Response:
        """Events by date range, type and participating state (`csto events`)."""
        return await state.cached(
            ("events", start, end, type, state_name),
            lambda s: s.events(start, end, type, state_name),
        )

    @r.get("/cases", response_model=list[CaseRow], tags=["record"])
    async def cases(
        alliance: Annotated[
            str | None, Query(min_length=1, max_length=80, json_schema_extra={"pattern": ID})
        ] = None,
        kind: Annotated[
            str | None, Query(min_length=1, max_length=80, json_schema_extra={"pattern": ID})
        ] = None,
        variant: VariantQ = "default",
    ) -> Response:
        """The cases, optionally of one alliance or kind, under a coding variant (`csto cases`)."""
        return await state.cached(
            ("cases", alliance, kind, variant), lambda s: s.cases(alliance, kind, variant)
        )

    @r.get("/cases/{case_id}", response_model=CaseDetail, tags=["record"])
    async def case(case_id: CaseP) -> Response:
        """One case in full, with its factors, variants, events and quotes (`csto case ID`)."""
        return await state.cached(("case", case_id), lambda s: s.case(case_id))

    @r.get("/offices", response_model=list[OfficeRow], tags=["record"])
    async def offices(
        on: Annotated[
            str | None,
            Query(max_length=40, description="Only who held office on a day or during a period."),
        ] = None,
        office: Annotated[str | None, Query(max_length=80)] = None,
    ) -> Response:
        """Office-holders, all or on a day or period, of one office (`csto offices`)."""
        return await state.cached(("offices", on, office), lambda s: s.offices(on, office))

    @r.get("/claims", response_model=list[ClaimRow], tags=["record"])
    async def claims(
        about: Annotated[str | None, Query(min_length=1, max_length=200)] = None,
        source: Annotated[str | None, Query(max_length=80)] = None,
        property: Annotated[str | None, Query(max_length=120)] = None,
    ) -> Response:
        """Claims, shipped and accepted team claims (with `added_by`), optionally about one subject, from
        one source or of one property (`csto claims`)."""
        return await state.cached(
            ("claims", about, source, property), lambda s: s.claims(about, source, property)
        )

    @r.get("/conflicts", response_model=list[ConflictRow], tags=["record"])
    async def conflicts() -> Response:
        """Where claims disagree, every side with its sources and ranks (`csto conflicts`)."""
        return await state.cached(("conflicts",), lambda s: s.conflicts())

    @r.get("/sources", response_model=list[SourceRow], tags=["record"])
    async def sources() -> Response:
        """The sources, with the number of claims citing each (`csto sources`)."""
        return await state.cached(("sources",), lambda s: s.sources())

    @r.get("/figures", response_model=list[Statistic], tags=["analysis"])
    async def figures() -> Response:
        """The seeds' figures recomputed from the record (`csto figures`)."""
        return await state.cached(("figures",), lambda s: s.figures())

    @r.get("/gap", response_model=list[GapRow], tags=["treaty"])
    async def gap(treaty: TreatyQ = "cst", variant: VariantQ = "default") -> Response:
        """Every case: required vs actual level under each reading, with a verdict (`csto gap`)."""
        return await state.cached(("gap", treaty, variant), lambda s: s.gap(treaty, variant))

    @r.get("/assess/{case_id}", response_model=Assessment, tags=["treaty"])
    async def assess_case(case_id: CaseP, treaty: TreatyQ = "cst") -> Response:
        """What the treaty requires in a record case, under each reading (`csto assess CASE`)."""
        if case_id.endswith((".yaml", ".yml")) or "/" in case_id:
            raise Problem(
                422, "case_id: a case id; send a scenario as the body of POST /api/assess"
            )

        def compute(s: Any) -> Any:
            from csto.crisis import crisis_from_case

            return s.assess(crisis_from_case(s.record, case_id), treaty)

        return await state.cached(("assess", case_id, treaty), compute)

    @r.post("/assess", response_model=Assessment, tags=["treaty"], openapi_extra=scenario_body())
    async def assess_scenario(request: Request, treaty: TreatyQ = "cst") -> Response:
        """What the treaty requires in a scenario sent as JSON or YAML (`csto assess FILE.yaml`)."""
        from csto.serve.bodies import read_text, scenario_crisis

        state.check_rate(request)
        text, kind = await read_text(request)
        session = await state.current()

        def compute(check: Any) -> Any:
            return session.assess(scenario_crisis(text, kind, session.record), treaty).to_dict()

        return state.mark(CliJSON(await state.run_model(compute)), session)

    return r
