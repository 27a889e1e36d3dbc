"""The rows of the report's tables, from the record's queries and the layers (plain dicts for the template)."""

from __future__ import annotations

import math
from typing import Any

from csto.analysis.figures import Figure
from csto.record.record import Record
from csto.report.layers import ScenarioResult, Unavailable, Validation

LEVEL_NAMES = ("no action", "statement", "consultations or fact-finding", "military assistance")
READINGS = ("strict", "framing", "precedent")


def level_text(level: int | None) -> str:
    return "—" if level is None else f"{level} · {LEVEL_NAMES[level]}"


def _words(value: str | None) -> str:
    return (value or "nothing").replace("_", " ")


def _state(record: Record, iso3: str | None) -> str:
    if not iso3:
        return "—"
    st = record.states.get(iso3)
    return st.name if st is not None else iso3


def case_rows(
    record: Record, gap: list[Any] | Unavailable, validation: Validation | Unavailable
) -> list[dict[str, Any]]:
    """Every case in the record, oldest first, with the treaty's verdicts and the models' LOO probability."""
    from csto.record.query import cases

    verdicts: dict[str, dict[str, dict[str, Any]]] = {}
    if not isinstance(gap, Unavailable):
        for g in gap:
            verdicts.setdefault(g.case, {})[g.reading] = {
                "verdict": g.verdict,
                "required": g.required,
                "reason": g.reason,
            }
    rows = []
    for c in cases(record):
        dates = c["start"] + (f" – {c['end']}" if c["end"] and c["end"] != c["start"] else "")
        loo = (
            validation.probability_of_outcome(c["id"]) if isinstance(validation, Validation) else {}
        )
        rows.append(
            {
                "id": c["id"],
                "title": c["title"],
                "dates": dates,
                "requester": _state(record, c["requester"]),
                "victim": _state(record, c["victim"]),
                "requested": _words(c["requested"]),
                "response": " ".join(str(c["response"] or "").split()),
                "outcome": level_text(c["outcome"]),
                "verdicts": verdicts.get(c["id"], {}),
                "loo": loo,
                "sources": ", ".join(c["sources"]),
            }
        )
    return rows


def readings_of(gap: list[Any] | Unavailable) -> list[str]:
    if isinstance(gap, Unavailable):
        return []
    return list(dict.fromkeys(g.reading for g in gap))


def _value(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, list):
        return ", ".join(str(x) for x in v) or "—"
    return str(v)


def figure_rows(figures: list[Figure]) -> list[dict[str, Any]]:
    return [
        {
            "id": f.id,
            "statement": f.statement,
            "author": _value(f.author_value),
            "recomputed": _value(f.recomputed),
            "status": f.status,
            "method": f.method,
            "reason": f.reason or "",
            "source": f.source,
            "quote": f.quote or "",
        }
        for f in figures
    ]


def fmt(x: float | None, digits: int = 3) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    return f"{x:.{digits}f}"


def score_rows(validation: Validation) -> list[dict[str, Any]]:
    best = min((s["brier"] for s in validation.scores), default=None)
    return [
        {
            **s,
            "kind": "baseline" if s["baseline"] else "model",
            "accuracy_text": fmt(s["accuracy"], 2),
            "brier_text": fmt(s["brier"]),
            "log_loss_text": fmt(s["log_loss"]),
            "best": s["brier"] == best,
        }
        for s in validation.scores
    ]


def scenario_view(result: ScenarioResult, record: Record) -> dict[str, Any]:
    """A scenario's tables: the treaty's requirement, probabilities with intervals, contributions."""
    view: dict[str, Any] = {
        "id": result.id,
        "title": result.title,
        "file": result.path.name,
        "description": result.description,
        "required": [] if isinstance(result.required, Unavailable) else result.required,
        "required_unavailable": (
            str(result.required) if isinstance(result.required, Unavailable) else None
        ),
        "forecast_unavailable": (
            str(result.forecast) if isinstance(result.forecast, Unavailable) else None
        ),
        "model": "",
        "probabilities": [],
        "contributions": [],
        "contribution_columns": [],
        "pivotal": None,
    }
    f = result.forecast
    if isinstance(f, Unavailable):
        return view
    view["model"] = f.model
    view["probabilities"] = [
        {
            "level": level_text(p["level"]),
            "p": fmt(p["p"], 3),
            "interval": (
                f"{fmt(p['low'], 3)} – {fmt(p['high'], 3)}" if p["low"] is not None else "—"
            ),
            "width": round(100 * p["p"], 1),
        }
        for p in f.probabilities
    ]
    columns = [k for k in dict.fromkeys(k for c in f.contributions for k in c) if k != "actor"]
    view["contribution_columns"] = [k.replace("_", " ") for k in columns]
    for c in f.contributions:
        actor = str(c.get("actor") or c.get("iso3") or c.get("state") or "?")
        view["contributions"].append(
            {
                "actor": _state(record, actor),
                "cells": [
                    fmt(v, 3) if isinstance(v, float) else _value(v)
                    for v in (c.get(k) for k in columns)
                ],
            }
        )
    view["pivotal"] = _state(record, f.pivotal) if f.pivotal else None
    return view
