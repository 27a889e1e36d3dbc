"""The record as tidy tables (pandas DataFrames), one per entity, plus a state-year panel.

These feed ``csto sql`` (DuckDB), ``csto export`` and notebook users. Dates stay EDTF text, with
``*_earliest``/``*_latest`` day columns beside them for sorting and joining.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from csto.record.dates import Interval
from csto.record.membership import STATUS_PROFILE
from csto.record.record import Record

if TYPE_CHECKING:
    import pandas as pd


def _dates(prefix: str, when: Any) -> dict[str, Any]:
    if when is None:
        return {
            prefix: None,
            f"{prefix}_earliest": None,
            f"{prefix}_latest": None,
            f"{prefix}_precision": None,
        }
    return {
        prefix: when.edtf,
        f"{prefix}_earliest": when.earliest,
        f"{prefix}_latest": when.latest,
        f"{prefix}_precision": when.precision,
    }


def _cell(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def tables(rec: Record) -> dict[str, pd.DataFrame]:
    """Every entity of ``rec`` as a DataFrame, keyed by table name (plus the state-year panel)."""

    out: dict[str, list[dict[str, Any]]] = {}
    out["states"] = [
        s.model_dump() | {"aliases": "; ".join(s.aliases)} for s in rec.states.values()
    ]
    out["sources"] = [s.model_dump(mode="json") for s in rec.sources.values()]
    out["claims"] = [
        {
            **c.model_dump(mode="json"),
            "value": json.dumps(c.value, ensure_ascii=False),  # JSON text: values mix types
            "derived_from": _cell(c.derived_from),
        }
        for c in rec.claims.values()
    ]
    out["memberships"] = [
        {
            "state": m.state,
            "ccode": rec.states[m.state].cow,
            "alliance": m.alliance,
            "status": m.status.value,
            **_dates("start", m.start),
            **_dates("end", m.end),
            "alternatives": _cell([a.value for a in m.alternatives]),
            "claims": _cell([*m.claims, *m.alternative_claims]),
            "note": m.note,
        }
        for m in rec.memberships
    ]
    out["alliances"] = [
        {
            "id": a.id,
            "name": a.name,
            "abbreviation": a.abbreviation,
            "role": a.role,
            **_dates("founded", a.founded),
        }
        for a in rec.alliances.values()
    ]
    out["phases"] = [
        {
            "alliance": a.id,
            "id": p.id,
            "name": p.name,
            **_dates("start", p.start),
            **_dates("end", p.end),
        }
        for a in rec.alliances.values()
        for p in a.phases
    ]
    out["bodies"] = [
        b.model_dump(mode="json") | {"claims": _cell(b.claims)} for b in rec.bodies.values()
    ]
    out["offices"] = [
        o.model_dump(mode="json") | {"claims": _cell(o.claims)} for o in rec.offices.values()
    ]
    out["tenures"] = [
        {
            "office": t.office,
            "holder": t.holder,
            "nationality": t.nationality,
            "acting": t.acting,
            **_dates("start", t.start),
            **_dates("end", t.end),
            "claims": _cell(t.claims),
            "note": t.note,
        }
        for t in rec.tenures
    ]
    out["instruments"] = [
        i.model_dump(mode="json")
        | {k: _cell(getattr(i, k)) for k in ("signatories", "refused", "claims")}
        for i in rec.instruments.values()
    ]
    out["provisions"] = [
        p.model_dump(mode="json") | {"claims": _cell(p.claims)} for p in rec.provisions.values()
    ]
    out["events"] = [
        {
            "id": e.id,
            "type": e.type.value,
            "title": e.title,
            **_dates("start", e.start),
            **_dates("end", e.end),
            "place": e.place,
            "case": e.case,
            "outcome": e.outcome,
            "claims": _cell(e.claims),
        }
        for e in rec.events.values()
    ]
    out["participants"] = [
        {"event": e.id, "actor": p.actor, "role": p.role.value, "note": p.note}
        for e in rec.events.values()
        for p in e.participants
    ]
    out["cases"] = [
        {
            **c.model_dump(mode="json", exclude={"start", "end", "events", "claims"}),
            **_dates("start", c.start),
            **_dates("end", c.end),
            "outcome_level": int(c.outcome_level) if c.outcome_level is not None else None,
            "events": _cell(c.events),
            "claims": _cell(c.claims),
        }
        for c in rec.cases.values()
    ]
    out["observations"] = [
        {
            **o.model_dump(mode="json", exclude={"time"}),
            **_dates("time", o.time),
            "claims": _cell(o.claims),
        }
        for o in rec.observations.values()
    ]
    out["actors"] = [
        a.model_dump(mode="json") | {"claims": _cell(a.claims)} for a in rec.actors.values()
    ]
    frames = {name: _frame(rows, name) for name, rows in out.items()}
    frames["state_year"] = state_year(rec)
    return frames


_COLUMNS = {
    "events": ["id", "type", "title", "start", "end", "place", "case", "outcome", "claims"],
    "participants": ["event", "actor", "role", "note"],
    "cases": [
        "id",
        "title",
        "kind",
        "start",
        "end",
        "victim",
        "requester",
        "outcome_level",
        "claims",
    ],
    "observations": ["id", "indicator", "subject", "value", "unit", "time", "claims"],
    "actors": ["id", "name", "kind", "based_in", "claims"],
    "tenures": ["office", "holder", "nationality", "acting", "start", "end", "claims", "note"],
}


def _frame(rows: list[dict[str, Any]], name: str) -> pd.DataFrame:
    """A DataFrame that keeps its columns even when the table has no rows (DuckDB needs them)."""
    import pandas as pd

    if rows:
        return pd.DataFrame(rows)
    return pd.DataFrame(columns=_COLUMNS.get(name, ["id"]))


def state_year(rec: Record, alliance: str = "csto", last_year: int | None = None) -> pd.DataFrame:
    """One row per state that ever belonged and per year: status on 31 December and whether it belonged.

    ``belonged`` is ``yes``/``no``/``uncertain`` for "belonged at some point of the year", the ATOP and
    COW convention; ``status_dec31`` is the status on the year's last day (``|`` joins alternatives when
    the precision of the data cannot tell). Keys ``ccode`` and ``stateabb`` join with COW and ATOP.
    """
    import pandas as pd

    from csto.record.query import standing

    last = last_year or dt.date.today().year
    rows = []
    states = sorted({m.state for m in rec.memberships if m.alliance == alliance})
    for iso3 in states:
        state = rec.states[iso3]
        spans = rec.memberships_of(iso3, alliance)
        first = min(m.start.earliest.year for m in spans)
        for year in range(first, last + 1):
            day = min(dt.date(year, 12, 31), dt.date.today())
            row = standing(rec, iso3, day, alliance)
            belonged = _belonged(spans, year)
            rows.append(
                {
                    "iso3": iso3,
                    "ccode": state.cow,
                    "stateabb": state.cow_abb,
                    "year": year,
                    "alliance": alliance,
                    "status_dec31": row.status if row else None,
                    "certainty_dec31": row.certainty if row else "certain",
                    "belonged": belonged,
                }
            )
    return pd.DataFrame(rows)


def _belonged(spans: list[Any], year: int) -> str:
    y0, y1 = dt.date(year, 1, 1), dt.date(year, 12, 31)
    certain = possible = False
    for m in spans:
        if not STATUS_PROFILE[m.status]["belongs"]:
            continue
        iv: Interval = m.interval
        s_early = iv.start.earliest if iv.start else dt.date.min
        s_late = iv.start.latest if iv.start else dt.date.min
        e_early = iv.end.earliest if iv.end else dt.date.max
        e_late = iv.end.latest if iv.end else dt.date.max
        if s_early <= y1 and e_late > y0:
            possible = True
        if s_late <= y1 and e_early > y0 and s_late < e_early:
            certain = True
    return "yes" if certain else ("uncertain" if possible else "no")
