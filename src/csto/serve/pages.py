"""The web page: server-rendered HTML over the same query functions, with a little hand-written JavaScript.

* ``/`` — the membership timeline and, for a chosen day, who was a member with what status;
* ``/cases`` — the cases, with the treaty's verdict under each reading beside what happened;
* ``/cases/{id}`` — one case with its events, sources and verbatim quotes;
* ``/scenario`` — a form that runs the model and charts the outcome probabilities (when the model exists);
* ``/team`` — sign in with a token; editors propose claims, reviewers accept or reject them.

Every page works from a phone-sized window and by keyboard; all assets are shipped in ``web/static``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from starlette.responses import HTMLResponse, Response

from csto.serve.problems import Problem

if TYPE_CHECKING:
    from csto.serve.app import AppState

STATUS_ORDER = ["signatory", "member", "participation_frozen", "suspended", "withdrawn"]
TIMELINE_START = dt.date(1992, 1, 1)


def _templates() -> Any:
    from fastapi.templating import Jinja2Templates

    from csto.serve.app import WEB

    return Jinja2Templates(directory=str(WEB / "templates"))


def _fraction(day: dt.date, lo: dt.date, hi: dt.date) -> float:
    span = (hi - lo).days or 1
    return max(0.0, min(1.0, (day - lo).days / span)) * 100


def timeline_rows(rec: Any, today: dt.date) -> list[dict[str, Any]]:
    """One row per state that ever had a status: segments positioned in percent of 1992 → today."""
    from csto.record import query
    from csto.record.dates import parse_date

    out = []
    for iso3 in sorted({m.state for m in rec.memberships if m.alliance == "csto"}):
        segments = []
        for h in query.history(iso3, record=rec):
            start = parse_date(h.start).earliest if h.start else TIMELINE_START
            end = parse_date(h.end).latest if h.end else today
            left = _fraction(start, TIMELINE_START, today)
            width = max(0.6, _fraction(end, TIMELINE_START, today) - left)
            team = any(rec.claims[c].added_by for c in h.claims if c in rec.claims)
            segments.append(
                {
                    "status": h.status,
                    "left": round(left, 2),
                    "width": round(width, 2),
                    "label": f"{h.status} {h.start or '…'} – {h.end or 'now'}",
                    "team": team,
                }
            )
        out.append({"state": iso3, "name": rec.states[iso3].name, "segments": segments})
    return out


def router(state: AppState) -> APIRouter:
    from csto.serve.api import available

    r = APIRouter(include_in_schema=False)
    templates = _templates()
    has_treaty = available("csto.treaty", "gap")
    has_model = available("csto.behaviour.simulate", "simulate", "check_draws")

    def render(request: Request, name: str, **context: Any) -> HTMLResponse:
        context.update(has_model=has_model, has_treaty=has_treaty, store=state.store is not None)
        return templates.TemplateResponse(request, name, context)

    @r.get("/", response_class=HTMLResponse)
    def home(request: Request, on: Annotated[str | None, Query(max_length=40)] = None) -> Response:
        from csto.errors import CstoError
        from csto.record import query
        from csto.record.dates import parse_day

        rec = state.record()
        today = dt.date.today()
        chosen = on or today.isoformat()
        error = None
        try:
            day = parse_day(chosen)
            rows = query.members(day, record=rec)
        except CstoError as exc:
            error, rows, day = str(exc), [], today
        team_by = {
            row.state: sorted({rec.claims[c].added_by or "" for c in row.claims} - {""})
            for row in rows
        }
        return render(
            request,
            "home.html",
            on=chosen,
            day=day,
            rows=rows,
            team_by=team_by,
            error=error,
            timeline=timeline_rows(rec, today),
            marker=round(_fraction(day, TIMELINE_START, today), 2),
            today=today,
            statuses=STATUS_ORDER,
            status_code=422 if error else 200,
        )

    @r.get("/cases", response_class=HTMLResponse)
    def cases(request: Request) -> Response:
        from csto.record import query

        rec = state.record()
        verdicts: dict[str, dict[str, Any]] = {}
        if has_treaty:
            from csto.treaty import gap

            for g in gap(rec):
                verdicts.setdefault(g.case, {})[g.reading] = g
        return render(
            request,
            "cases.html",
            cases=query.cases(rec),
            verdicts=verdicts,
            readings=[
                ("strict", "Strict text"),
                ("framing", "Requester's framing"),
                ("precedent", "Precedent"),
            ],
        )

    @r.get("/cases/{case_id}", response_class=HTMLResponse)
    def case(request: Request, case_id: Annotated[str, Path(max_length=200)]) -> Response:
        from csto.errors import UnknownNameError
        from csto.record import query

        rec = state.record()
        try:
            data = query.case(case_id, rec)
        except UnknownNameError as exc:
            raise Problem(404, str(exc), suggestions=exc.suggestions) from None
        sources = {sid: rec.sources[sid] for sid in {c["source"] for c in data["citations"]}}
        assessment = None
        if (
            has_treaty
            and rec.cases[case_id].victim is not None
            and rec.cases[case_id].alliance == "csto"
        ):
            from csto.crisis import crisis_from_case
            from csto.treaty import assess

            assessment = assess(crisis_from_case(rec, case_id), "cst", rec)
        return render(request, "case.html", case=data, sources=sources, assessment=assessment)

    @r.get("/scenario", response_class=HTMLResponse)
    def scenario(request: Request) -> Response:
        if not has_model:
            raise Problem(404, "the behaviour model is not available in this build")
        import yaml

        rec = state.record()
        example = {
            "id": "my-scenario",
            "title": "A border clash with a neighbour",
            "date": dt.date.today().isoformat(),
            "victim": "ARM",
            "adversary": "AZE",
            "adversary_kind": "state",
            "territory": "sovereign",
            "requested": "military_assistance",
            "requester": "ARM",
        }
        return render(
            request,
            "scenario.html",
            example=yaml.safe_dump(example, sort_keys=False, allow_unicode=True),
            cases=[c for c in query_cases(rec) if c["victim"]],
            limits=state.limits,
        )

    @r.get("/team", response_class=HTMLResponse)
    def team(request: Request) -> Response:
        return render(request, "team.html")

    return r


def query_cases(rec: Any) -> list[dict[str, Any]]:
    from csto.record import query

    return query.cases(rec)
