"""The web page: server-rendered HTML over the same query functions, with a little hand-written JavaScript.

* ``/`` — the membership timeline and, for a chosen day (or a period: ``/?on=2006``), who was a member
  with what status, how certain (``assumed`` past the last evidence) and why;
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

from csto.palette import STATUSES
from csto.serve.problems import Problem
from csto.serve.state import WEB

if TYPE_CHECKING:
    from csto.record.record import Record
    from csto.serve.state import AppState
    from csto.session import Csto

TIMELINE_START = dt.date(1992, 1, 1)


def _templates() -> Any:
    from fastapi.templating import Jinja2Templates

    return Jinja2Templates(directory=str(WEB / "templates"))


def _fraction(day: dt.date, lo: dt.date, hi: dt.date) -> float:
    span = (hi - lo).days or 1
    return max(0.0, min(1.0, (day - lo).days / span)) * 100


def year_ticks(today: dt.date, every: int = 5) -> list[dict[str, Any]]:
    """The timeline's year axis: a tick on 1 January of every ``every``-th year from the first after
    1992 to ``today``, positioned in percent of 1992 → ``today``; ``major`` ticks (every second one) keep
    their label on a narrow screen."""
    first = TIMELINE_START.year + every - TIMELINE_START.year % every
    years = [TIMELINE_START.year, *range(first, today.year + 1, every)]
    return [
        {
            "year": y,
            "left": round(_fraction(dt.date(y, 1, 1), TIMELINE_START, today), 2),
            "major": y % (2 * every) == 0 or y == TIMELINE_START.year,
        }
        for y in years
        if _fraction(dt.date(y, 1, 1), TIMELINE_START, today) < 97 or y == TIMELINE_START.year
    ]


def timeline_rows(rec: Record, today: dt.date) -> list[dict[str, Any]]:
    """One row per state that ever had a status: segments positioned in percent of 1992 → today, each
    with its status, its dates as the record gives them (EDTF, so a date known to the month stays a
    month), its short label (:data:`csto.palette.STATUSES`) and where the label fits in the bar (``fits``:
    ``narrow`` at any width, ``wide`` from 600 px up, ``None`` never)."""
    from csto.palette import status_look
    from csto.record import query
    from csto.record.dates import parse_date

    out = []
    for iso3 in sorted({m.state for m in rec.memberships if m.alliance == "csto"}):
        segments = []
        for h in query.history(rec, iso3):
            start = parse_date(h.start).earliest if h.start else TIMELINE_START
            end = parse_date(h.end).latest if h.end else today
            left = _fraction(start, TIMELINE_START, today)
            width = max(0.6, _fraction(end, TIMELINE_START, today) - left)
            team = bool(h.added_by)
            short = status_look(h.status).short
            segments.append(
                {
                    "status": h.status,
                    "left": round(left, 2),
                    "width": round(width, 2),
                    "label": f"{h.status.replace('_', ' ')} {h.start or '…'} – {h.end or 'now'}",
                    "short": short,
                    # a character of the label takes about 2.2 % of the track in a 390 px window and
                    # 0.8 % from 600 px up: a bar carries its label where it fits ("narrow": always)
                    "fits": (
                        "narrow"
                        if width >= 2.2 * len(short) + 4
                        else "wide"
                        if width >= 0.8 * len(short) + 2
                        else None
                    ),
                    "team": team,
                }
            )
        out.append({"state": iso3, "name": rec.states[iso3].name, "segments": segments})
    return out


def router(state: AppState) -> APIRouter:
    """The HTML pages over ``state``'s session."""
    r = APIRouter(include_in_schema=False)
    templates = _templates()

    def render(
        request: Request, name: str, session: Csto | None = None, status: int = 200, **context: Any
    ) -> Response:
        """The page ``name`` answered with ``status``; a session without its store shows why."""
        from csto.record.case import OUTCOME_LABELS

        warnings = list(session.warnings) if session is not None else []
        context.update(
            store=state.store is not None, outcome_labels=OUTCOME_LABELS, store_warnings=warnings
        )
        response = templates.TemplateResponse(request, name, context, status_code=status)
        return state.mark(response, session) if session is not None else response

    async def page(request: Request, name: str, build: Any) -> Response:
        """Build a page's context from the current session in the ``reads`` pool, then render it."""
        session = await state.current()
        context = await state.reads.run(
            lambda _check: build(session), state.limits.request_seconds, "page"
        )
        return render(request, name, session, **context)

    @r.get("/palette.css", include_in_schema=False)
    def palette_css() -> Response:
        """The shared palette (:func:`csto.palette.css`): the page's status and verdict colours."""
        from csto.palette import css

        return Response(
            css(), media_type="text/css", headers={"cache-control": "public, max-age=3600"}
        )

    @r.get("/", response_class=HTMLResponse)
    async def home(
        request: Request, on: Annotated[str | None, Query(max_length=40)] = None
    ) -> Response:
        return await page(request, "home.html", lambda session: _home(session, on))

    def _home(session: Csto, on: str | None) -> dict[str, Any]:
        from csto.errors import CstoError
        from csto.record.dates import Span, parse_span

        rec = session.record
        today = dt.date.today()
        chosen = on or today.isoformat()
        error = None
        try:
            span = parse_span(chosen)
            rows = session.members(chosen if not span.is_day else span.first)
        except CstoError as exc:
            error, rows, span = str(exc), [], Span(today, today, today.isoformat())
        day = span.first
        team_by = {row.state: row.added_by for row in rows}
        return dict(
            on=chosen,
            day=day,
            span=span,
            rows=rows,
            team_by=team_by,
            error=error,
            timeline=timeline_rows(rec, today),
            marker=round(_fraction(day, TIMELINE_START, today), 2),
            ticks=year_ticks(today),
            today=today,
            statuses=[(name, look.label) for name, look in STATUSES.items()],
            status=422 if error else 200,
        )

    @r.get("/cases", response_class=HTMLResponse)
    async def cases(request: Request) -> Response:
        return await page(request, "cases.html", _cases)

    def _cases(session: Csto) -> dict[str, Any]:
        verdicts: dict[str, dict[str, Any]] = {}
        for g in session.gap():
            verdicts.setdefault(g.case, {})[g.reading] = g
        return dict(
            cases=[c.to_dict() for c in session.cases(alliance="csto")],
            verdicts=verdicts,
            readings=[
                ("strict", "Strict text"),
                ("framing", "Requester's framing"),
                ("precedent", "Precedent"),
            ],
        )

    @r.get("/cases/{case_id}", response_class=HTMLResponse)
    async def case(request: Request, case_id: Annotated[str, Path(max_length=200)]) -> Response:
        return await page(request, "case.html", lambda session: _case(session, case_id))

    def _case(session: Csto, case_id: str) -> dict[str, Any]:
        from csto.errors import UnknownNameError

        rec = session.record
        try:
            data = session.case(case_id).to_dict()
        except UnknownNameError as exc:
            raise Problem(404, str(exc), suggestions=exc.suggestions) from None
        sources = {sid: rec.sources[sid] for sid in {c["source"] for c in data["citations"]}}
        assessment = None
        kase = rec.cases[case_id]
        if kase.victim is not None and kase.alliance == "csto":
            assessment = session.assess(case_id)
        return dict(case=data, sources=sources, assessment=assessment)

    @r.get("/scenario", response_class=HTMLResponse)
    async def scenario(request: Request) -> Response:
        return await page(request, "scenario.html", _scenario)

    def _scenario(session: Csto) -> dict[str, Any]:
        import yaml

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
        return dict(
            example=yaml.safe_dump(example, sort_keys=False, allow_unicode=True),
            cases=[c.to_dict() for c in session.cases(alliance="csto") if c.victim],
            limits=state.limits,
        )

    @r.get("/team", response_class=HTMLResponse)
    async def team(request: Request) -> Response:
        return render(request, "team.html", await state.current())

    return r
