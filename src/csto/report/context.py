"""The rows of the report's tables, from the record's queries and the layers (plain dicts for the template)."""

from __future__ import annotations

import math
from typing import Any

from csto.analysis.figures import Statistic
from csto.analysis.loo import LooPrediction
from csto.record.case import OUTCOME_LABELS
from csto.record.record import Record
from csto.report.layers import ScenarioResult, Validation
from csto.treaty.gap import GapRow

LEVEL_NAMES = tuple(OUTCOME_LABELS[level] for level in range(4))


def level_text(level: int | None) -> str:
    return "—" if level is None else f"{level} · {LEVEL_NAMES[level]}"


def _words(value: str | None) -> str:
    return (value or "nothing").replace("_", " ")


def _state(record: Record, iso3: str | None) -> str:
    if not iso3:
        return "—"
    st = record.states.get(iso3)
    return st.name if st is not None else iso3


def case_rows(record: Record, gap: list[GapRow], validation: Validation) -> list[dict[str, Any]]:
    """Every CST/CSTO case, oldest first, with the treaty's verdicts and the models' LOO probability."""
    from csto.record.query import cases

    verdicts: dict[str, dict[str, dict[str, Any]]] = {}
    for g in gap:
        verdicts.setdefault(g.case, {})[g.reading] = {
            "verdict": g.verdict,
            "required": g.required,
            "reason": g.reason,
        }
    rows = []
    for c in cases(record, alliance="csto"):
        dates = c.start + (f" – {c.end}" if c.end and c.end != c.start else "")
        rows.append(
            {
                "id": c.id,
                "title": c.title,
                "dates": dates,
                "clause": c.clause or "—",
                "variants": ", ".join(c.variants) or "—",
                "requester": _state(record, c.requester),
                "victim": _state(record, c.victim),
                "requested": _words(c.requested),
                "response": " ".join(str(c.response or "").split()),
                "outcome": level_text(c.outcome),
                "verdicts": verdicts.get(c.id, {}),
                "loo": validation.probability_of_outcome(c.id),
                "sources": ", ".join(c.sources),
            }
        )
    return rows


def readings_of(gap: list[GapRow]) -> list[str]:
    return list(dict.fromkeys(g.reading for g in gap))


def _value(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, list):
        return ", ".join(str(x) for x in v) or "—"
    return str(v)


def figure_rows(figures: list[Statistic]) -> list[dict[str, Any]]:
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


def _interval(iv: list[float | None] | None) -> str:
    if not iv:
        return "—"
    return f"[{fmt(iv[0], 2)}, {fmt(iv[1], 2)}]"


def _best_comparison(
    run: dict[str, Any], model: str, baseline_names: set[str]
) -> dict[str, Any] | None:
    others = [r for r in run["scores"] if r["model"] in baseline_names and r["model"] != model]
    if not others:
        return None
    best = min(others, key=lambda r: r["rps"])["model"]
    for c in run["comparisons"]:
        if c["model"] == model and c["baseline"] == best and c["score"] == "rps":
            return c
    return None


def score_tables(validation: Validation) -> list[dict[str, Any]]:
    """The default coding's scores, one table per protocol and scope: each model's RPS, log loss, Brier,
    binary Brier and accuracy, and its RPS skill against the best baseline with the 95% interval."""
    from csto.behaviour.protocols import PROTOCOL_TEXT
    from csto.behaviour.validate import SCOPE_TEXT

    result = validation.result
    baseline_names = {m for m, info in result["models"].items() if info["baseline"]}
    tables = []
    for run in result["runs"]:
        if run["variant"] != "default" or not run["scores"]:
            continue
        best_rps = min(r["rps"] for r in run["scores"])
        rows = []
        for r in run["scores"]:
            c = _best_comparison(run, r["model"], baseline_names)
            rows.append(
                {
                    "model": r["model"],
                    "kind": "baseline" if r["model"] in baseline_names else "model",
                    "rps": fmt(r["rps"]),
                    "log_loss": fmt(r["log_loss"]),
                    "brier": fmt(r["brier"]),
                    "binary_brier": fmt(r["binary_brier"]),
                    "accuracy": fmt(r["accuracy"], 2),
                    "skill": fmt(c["skill"], 2) if c else "—",
                    "against": c["baseline"] if c else "—",
                    "interval": _interval(c["skill_interval"]) if c else "—",
                    "p_value": fmt(c["p_value"], 3) if c else "—",
                    "best": r["rps"] == best_rps,
                }
            )
        tables.append(
            {
                "id": f"{run['protocol']}-{run['scope']}",
                "title": f"{PROTOCOL_TEXT[run['protocol']].capitalize()}: {run['n_cases']} "
                f"{SCOPE_TEXT[run['scope']]}",
                "binary_n": run["scores"][0].get("binary_n", 0),
                "rows": rows,
            }
        )
    return tables


def variant_rows(validation: Validation) -> list[dict[str, Any]]:
    """Per coding variant and protocol, each model's (not baselines') RPS skill against the best baseline
    in the widest scope it predicts, with the 95% interval."""
    result = validation.result
    baseline_names = {m for m, info in result["models"].items() if info["baseline"]}
    rows = []
    for run in result["runs"]:
        for m, info in result["models"].items():
            if info["baseline"] or info["predicts"] != run["scope"]:
                continue
            c = _best_comparison(run, m, baseline_names)
            if c is None:
                continue
            rows.append(
                {
                    "variant": run["variant"],
                    "protocol": run["protocol"],
                    "model": m,
                    "cases": run["n_cases"],
                    "skill": fmt(c["skill"], 2),
                    "interval": _interval(c["skill_interval"]),
                    "against": c["baseline"],
                    "above_zero": (c["skill_interval"][0] or 0) > 0,
                }
            )
    return rows


def reliability_bins(predictions: list[LooPrediction]) -> int:
    """Bins of the reliability diagram, sized to the data: about √n for the median number n of cases a
    model predicts, between 3 and 10 (so that a bin holds several (case, level) pairs)."""
    counts = sorted(
        {
            m: sum(1 for p in predictions if p.model == m) for m in {p.model for p in predictions}
        }.values()
    )
    if not counts:
        return 3
    median = counts[len(counts) // 2]
    return max(3, min(10, round(math.sqrt(median))))


def group_readings(required: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The readings of a scenario with one row per distinct answer: readings that require the same
    level, for the same reasons, share a row whose ``title`` names them all (so the page never prints
    the same generated paragraph twice). Keeps the first reading's order.

    >>> rows = [{"title": t, "required": 2, "contested": 2, "summary": "due"} for t in ("A", "B")]
    >>> [r["title"] for r in group_readings(rows)]
    ['A, B']
    """
    groups: dict[tuple[Any, ...], dict[str, Any]] = {}
    for r in required:
        key = (r["required"], r["contested"], r["summary"])
        if key in groups:
            groups[key]["title"] += f", {r['title']}"
        else:
            groups[key] = {**r}
    return list(groups.values())


def scenario_view(result: ScenarioResult, record: Record) -> dict[str, Any]:
    """A scenario's tables: the treaty's requirement (readings that agree share a row), probabilities
    with intervals, contributions; its date as the scenario gives it (a month stays a month)."""
    f = result.forecast
    probabilities = [
        {
            "level": level_text(level),
            "p": fmt(f["probabilities"][str(level)], 3),
            "interval": " – ".join(fmt(x, 3) for x in f["intervals"][str(level)]),
            "width": round(100 * f["probabilities"][str(level)], 1),
        }
        for level in range(4)
    ]
    columns = [k for k in dict.fromkeys(k for c in f["contributions"] for k in c) if k != "actor"]
    contributions = [
        {
            "actor": _state(record, str(c["actor"])),
            "cells": [
                fmt(v, 3) if isinstance(v, float) else _value(v)
                for v in (c.get(k) for k in columns)
            ],
        }
        for c in f["contributions"]
    ]
    pivotal = f.get("pivotal_actor")
    return {
        "id": result.id,
        "title": result.title,
        "file": result.path.name,
        "description": result.description,
        "date": f["date"],
        "required": group_readings(result.required),
        "model": f["model"],
        "probabilities": probabilities,
        "contributions": contributions,
        "contribution_columns": [k.replace("_", " ") for k in columns],
        "pivotal": _state(record, pivotal) if pivotal else None,
        "verdict": (f.get("verdict") or {}).get("sentence", "No validation verdict."),
    }
