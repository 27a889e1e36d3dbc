"""Treaty commands: assess a crisis, the gap between text and practice, the provisions as rules."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from csto.cli.output import emit_json, table, text
from csto.cli.session import DatabaseOpt, DataDirOpt, JsonOpt, open_session

TreatyOpt = Annotated[
    str, typer.Option("--treaty", help="Treaty to assess under: cst (default) or nato.")
]


def register(app: typer.Typer) -> None:
    app.command("assess")(assess)
    app.command("gap")(gap)
    app.command("provisions")(provisions)


def assess(
    target: Annotated[str, typer.Argument(help="A record case id or a scenario YAML file.")],
    treaty: TreatyOpt = "cst",
    json: JsonOpt = False,
    data_dir: DataDirOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """What the treaty requires in a crisis, under the strict text, the requester's framing and precedent."""
    result = open_session(data_dir, database).assess(target, treaty)
    if json:
        emit_json(result.to_dict())
        return
    c = result.crisis
    text(
        f"{c.title} ({c.date.edtf}) — victim {c.victim}, adversary {c.adversary or '—'} "
        f"({c.adversary_kind}), territory {c.territory}, requested {c.requested}; "
        f"treaty {treaty.upper()}"
    )
    for ra in result.readings.values():
        rows: list[dict[str, Any]] = []
        for r in ra.rules:
            for part, conds in (("trigger", r.trigger), ("precondition", r.preconditions)):
                for cond in conds:
                    rows.append(
                        {
                            "rule": r.rule,
                            "part": part,
                            "condition": cond.condition,
                            "status": cond.status.replace("_", " "),
                            "reason": cond.reason,
                            "claims": list(cond.citations)[:4],
                        }
                    )
        table(
            rows,
            ["rule", "part", "condition", "status", "reason", "claims"],
            title=f"{ra.reading}: {ra.title} — required level {ra.required_level}"
            + (
                f" (up to {ra.contested_level} if contested conditions hold)"
                if ra.contested_level > ra.required_level
                else ""
            ),
            caption=ra.summary,
        )
        if ra.actions:
            table(
                ra.actions,
                [
                    "provision",
                    "status",
                    "modality",
                    "level",
                    "of_whom",
                    "action",
                    "decided_by",
                    "decision_rule",
                    "decision_basis",
                ],
                title=f"{ra.reading}: actions due or contested",
            )


def gap(
    treaty: TreatyOpt = "cst",
    variant: Annotated[
        str, typer.Option("--variant", help="Code each case under this coding variant.")
    ] = "default",
    json: JsonOpt = False,
    data_dir: DataDirOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """For every crisis of the treaty's alliance: required vs actual outcome level under each reading,
    and a verdict."""
    from csto.cli.progress import working
    from csto.record.case import OUTCOME_LABELS

    with working("assessing every case under every reading"):
        rows = [r.to_dict() for r in open_session(data_dir, database).gap(treaty, variant)]
    if json:
        emit_json(rows)
        return
    table(
        rows,
        ["case", "date", "reading", "required", "actual", "verdict", "reason", "sources"],
        title=f"The gap: what the {treaty.upper()} text required and what the alliance did",
        caption="levels: " + " · ".join(f"{k} {v}" for k, v in OUTCOME_LABELS.items()),
    )


def provisions(
    treaty: Annotated[str | None, typer.Option("--treaty", help="Only this treaty.")] = None,
    json: JsonOpt = False,
    data_dir: DataDirOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """The provisions as executable rules: conditions, duty, deciding body and rule, assumptions."""
    rows = open_session(data_dir, database).provisions(treaty)
    if json:
        emit_json(rows)
        return
    for r in rows:
        r["cited"] = [c["claim"] for c in r["citations"]]
        r["decides"] = f"{r['decided_by']} by {r['decision_rule']} ({r['decision_basis']})"
    table(
        rows,
        [
            "rule",
            "treaty",
            "article",
            "modality",
            "level",
            "trigger",
            "preconditions",
            "decides",
            "external",
            "cited",
        ],
        title="Provisions as rules",
        caption="decision basis 'assumption': the record has no verified text of the rule",
    )
