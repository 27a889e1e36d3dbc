"""The record as tidy tables (pandas DataFrames), one per entity, plus a state-year panel.

These feed ``csto sql`` (DuckDB), ``csto export`` and notebook users. Every column is documented in
:mod:`csto.record.codebook`, which also gives each column its dtype:

* coded columns (``status``, ``belonged``, ``type``, ``clause``, …) are pandas categoricals whose categories
  are the code list's labels in code order;
* dates stay EDTF text, with ``*_earliest``/``*_latest`` day columns (``date32[pyarrow]``) beside them for
  sorting and joining, and ``*_precision`` (year, month or day);
* integers are nullable (``Int64``; ``Int8`` for codes), booleans nullable (``boolean``), text ``string``;
* lists (claim ids, statuses) and claim values are JSON text.

>>> from csto.record.load import load_record
>>> sy = tables(load_record())["state_year"].set_index(["iso3", "year"])
>>> row = sy.loc[("UZB", 2008)]
>>> (row.status_dec31, int(row.status_dec31_code), row.belonged, int(row.belonged_code))
('member', 3, 'yes', 1)
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from csto.record.codebook import CODES, TABLES, Column
from csto.record.dates import Interval, OneOf, PartialDate
from csto.record.membership import STATUS_PROFILE
from csto.record.record import Record

if TYPE_CHECKING:
    import pandas as pd


def _dates(prefix: str, when: PartialDate | OneOf | None) -> dict[str, Any]:
    if when is None:
        return dict.fromkeys(
            (prefix, f"{prefix}_earliest", f"{prefix}_latest", f"{prefix}_precision")
        )
    return {
        prefix: when.edtf,
        f"{prefix}_earliest": when.earliest,
        f"{prefix}_latest": when.latest,
        f"{prefix}_precision": when.precision,
    }


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _rows(rec: Record) -> dict[str, list[dict[str, Any]]]:
    """Every entity of ``rec`` as plain rows, keyed by table name (the panel apart)."""
    out: dict[str, list[dict[str, Any]]] = {}
    out["states"] = [
        s.model_dump() | {"aliases": "; ".join(s.aliases)} for s in rec.states.values()
    ]
    out["sources"] = [
        s.model_dump(exclude={"date"}) | _dates("date", s.date) for s in rec.sources.values()
    ]
    out["claims"] = [
        c.model_dump(mode="json")
        | {
            "value": _json(c.value),  # JSON text: values mix types
            "derived_from": _json(c.derived_from),
            "rank_grounds": _json(c.rank_grounds),
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
            "alternatives": _json([a.value for a in m.alternatives]),
            "claims": _json([*m.claims, *m.alternative_claims]),
            "start_event": m.start_event,
            "note": m.note,
        }
        for m in rec.memberships
    ]
    out["alliances"] = [
        a.model_dump(exclude={"founded", "phases"})
        | _dates("founded", a.founded)
        | {"notes": _json(a.notes), "claims": _json(a.claims)}
        for a in rec.alliances.values()
    ]
    out["phases"] = [
        {"alliance": a.id}
        | p.model_dump(exclude={"start", "end"})
        | _dates("start", p.start)
        | _dates("end", p.end)
        | {"claims": _json(p.claims)}
        for a in rec.alliances.values()
        for p in a.phases
    ]
    out["bodies"] = [
        b.model_dump(exclude={"established", "dissolved"})
        | _dates("established", b.established)
        | _dates("dissolved", b.dissolved)
        | {"claims": _json(b.claims)}
        for b in rec.bodies.values()
    ]
    out["offices"] = [o.model_dump() | {"claims": _json(o.claims)} for o in rec.offices.values()]
    out["tenures"] = [
        t.model_dump(exclude={"start", "end"})
        | _dates("start", t.start)
        | _dates("end", t.end)
        | {"claims": _json(t.claims)}
        for t in rec.tenures
    ]
    out["instruments"] = [
        i.model_dump(exclude={"signed", "in_force"})
        | _dates("signed", i.signed)
        | _dates("in_force", i.in_force)
        | {k: _json(getattr(i, k)) for k in ("signatories", "refused", "claims")}
        for i in rec.instruments.values()
    ]
    out["provisions"] = [
        p.model_dump() | {"claims": _json(p.claims)} for p in rec.provisions.values()
    ]
    out["events"] = [
        e.model_dump(mode="json", exclude={"start", "end", "participants"})
        | _dates("start", e.start)
        | _dates("end", e.end)
        | {"claims": _json(e.claims)}
        for e in rec.events.values()
    ]
    out["participants"] = [
        {"event": e.id, "actor": p.actor, "role": p.role.value, "note": p.note}
        for e in rec.events.values()
        for p in e.participants
    ]
    out["cases"] = [_case(c) for c in rec.cases.values()]
    out["case_variants"] = [
        _variant(c, name) for c in rec.cases.values() for name in c.variant_names
    ]
    out["case_factors"] = [
        {
            "case": c.id,
            "factor": name,
            "value": _json(f.value),
            "claims": _json(f.claims),
            "note": f.note,
        }
        for c in rec.cases.values()
        if c.factors is not None
        for name, f in c.factors
    ]
    out["observations"] = [
        o.model_dump(exclude={"time"}) | _dates("time", o.time) | {"claims": _json(o.claims)}
        for o in rec.observations.values()
    ]
    out["actors"] = [a.model_dump() | {"claims": _json(a.claims)} for a in rec.actors.values()]
    return out


def _outcome(level: int | None) -> dict[str, Any]:
    return {
        "outcome_level": int(level) if level is not None else None,
        "outcome": CODES["outcome_level"][int(level)] if level is not None else None,
    }


def _case(c: Any) -> dict[str, Any]:
    factors = {name: f.value for name, f in c.factors} if c.factors is not None else {}
    return (
        c.model_dump(
            mode="json",
            exclude={"start", "end", "outcome_level", "factors", "variants", "events", "claims"},
        )
        | {"in_case_base": c.clause is not None}
        | _dates("start", c.start)
        | _dates("end", c.end)
        | _outcome(c.outcome_level)
        | {"outcome_claims": _json(c.outcome_claims)}
        | factors
        | {
            "variants": _json([v.name for v in c.variants]),
            "events": _json(c.events),
            "claims": _json(c.claims),
        }
    )


def _variant(c: Any, name: str) -> dict[str, Any]:
    coded = c.under(name)
    variant = next((v for v in c.variants if v.name == name), None)
    fields = ("clause", "requester", "requested", "outcome_level")
    return {
        "case": c.id,
        "variant": name,
        "source_kind": variant.source_kind if variant else None,
        "changes": _json([f for f in fields if variant and getattr(variant, f) is not None]),
        "clause": coded.clause,
        "requester": coded.requester,
        "requested": coded.requested,
        **_outcome(coded.outcome_level),
        "claims": _json(variant.claims if variant else c.outcome_claims),
        "note": variant.note if variant else None,
    }


def tables(rec: Record) -> dict[str, pd.DataFrame]:
    """Every entity of ``rec`` as a DataFrame, keyed by table name, in the order and with the columns and
    dtypes of :data:`csto.record.codebook.TABLES` (the state-year panel last)."""
    rows = _rows(rec)
    frames = {name: typed(name, rows[name]) for name in TABLES if name != "state_year"}
    frames["state_year"] = state_year(rec)
    return frames


def typed(name: str, rows: list[dict[str, Any]]) -> pd.DataFrame:
    """``rows`` as the DataFrame of table ``name``: the codebook's columns in its order, with its dtypes.

    Raises ``ValueError`` when a row has a column the codebook does not document, or a coded column
    holds a label its code list lacks (a schema change that the codebook has not followed).
    """
    import pandas as pd

    table = TABLES[name]
    names = [c.name for c in table.columns]
    extra = {k for r in rows for k in r} - set(names)
    if extra:
        raise ValueError(f"table {name}: undocumented columns {sorted(extra)}")
    frame = pd.DataFrame(rows, columns=names)
    for col in table.columns:
        frame[col.name] = _series(frame[col.name], col, name)
    return frame


def _series(values: pd.Series, col: Column, table: str) -> pd.Series:
    import pandas as pd
    import pyarrow as pa

    if col.kind == "code" and col.codes:
        labels = list(CODES[col.codes].values())
        unknown = set(values.dropna()) - set(labels)
        if unknown:
            raise ValueError(f"{table}.{col.name}: {sorted(unknown)} not in code list {col.codes}")
        ordered = col.codes in {"outcome_level", "precision"}
        return pd.Series(pd.Categorical(values, categories=labels, ordered=ordered))
    if col.kind == "integer":
        return values.astype("Int8" if col.codes else "Int64")
    if col.kind == "number":
        return values.astype("float64")
    if col.kind == "boolean":
        return values.astype("boolean")
    if col.kind == "date":
        return pd.Series(list(values), dtype=pd.ArrowDtype(pa.date32()))
    return values.astype("string")  # missing stays missing (pd.NA), on pandas 2 and 3 alike


def state_year(rec: Record, alliance: str = "csto", last_year: int | None = None) -> pd.DataFrame:
    """One row per state that ever belonged and per year: status on 31 December and whether it belonged.

    ``belonged`` is ``yes``/``no``/``uncertain`` for "belonged at some point of the year", the ATOP and
    COW convention, and ``belonged_code`` the same as 1/0/missing. ``status_dec31`` is the status on the
    year's last day (the current year: today), empty when the precision of the data allows more than one;
    ``status_dec31_all`` then lists them joined by ``|``. ``*_code`` columns carry the codebook's numeric
    codes (:data:`csto.record.codebook.CODES`). Keys ``ccode`` and ``stateabb`` join with COW and ATOP.
    """
    from csto.record.query import standing

    status_code = {v: k for k, v in CODES["status"].items()}
    certainty_code = {v: k for k, v in CODES["certainty"].items()}
    last = last_year or dt.date.today().year
    rows = []
    for iso3 in sorted({m.state for m in rec.memberships if m.alliance == alliance}):
        state = rec.states[iso3]
        spans = rec.memberships_of(iso3, alliance)
        first = min(m.start.earliest.year for m in spans)
        for year in range(first, last + 1):
            day = min(dt.date(year, 12, 31), dt.date.today())
            row = standing(rec, iso3, day, alliance)
            everything = row.status if row else None
            single = everything if everything in status_code else None
            certainty = row.certainty if row else "certain"
            belonged = _belonged(spans, year)
            rows.append(
                {
                    "iso3": iso3,
                    "ccode": state.cow,
                    "stateabb": state.cow_abb,
                    "year": year,
                    "alliance": alliance,
                    "status_dec31": single,
                    "status_dec31_code": status_code.get(single) if single else None,
                    "status_dec31_all": everything,
                    "certainty_dec31": certainty,
                    "certainty_dec31_code": certainty_code[certainty],
                    "belonged": belonged,
                    "belonged_code": {"yes": 1, "no": 0}.get(belonged),
                }
            )
    return typed("state_year", rows)


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
