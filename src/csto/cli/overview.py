"""``csto overview``: the alliance today, its membership timeline and its crisis cases."""

from __future__ import annotations

from typing import Annotated

import typer

from csto.cli.output import emit_json, table, text
from csto.cli.session import DatabaseOpt, DataDirOpt, JsonOpt, open_session
from csto.record.dates import parse_day


def register(app: typer.Typer) -> None:
    app.command("overview")(overview)


def overview(
    on: Annotated[str, typer.Option("--on", help="The date of 'today' (YYYY-MM-DD).")] = "today",
    json: JsonOpt = False,
    data_dir: DataDirOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """Members and their status, the membership timeline, and the CST/CSTO cases with their outcomes."""
    from csto.record.case import OUTCOME_LABELS

    session = open_session(data_dir, database)
    record = session.record
    current = [r.to_dict() for r in session.members(on)]
    timeline = [r.to_dict() for r in session.timeline()]
    cases = [r.to_dict() for r in session.cases(alliance="csto")]
    if json:
        emit_json(
            {
                "on": on,
                "members": current,
                "timeline": timeline,
                "cases": cases,
                "data_hash": record.data_hash,
            }
        )
        return
    text(
        f"CSTO record: {len(record.claims)} claims from {len(record.sources)} sources; "
        f"record hash {record.data_hash[:12]}"
    )
    table(
        current,
        ["state", "name", "status", "certainty", "sources"],
        title=f"Members on {parse_day(on).isoformat()}",
    )
    table(
        timeline, ["state", "status", "start", "end", "alternatives"], title="Membership timeline"
    )
    table(
        cases,
        ["id", "start", "requester", "requested", "response", "outcome"],
        title="Crisis cases",
        caption="outcome: " + " · ".join(f"{k} {v}" for k, v in OUTCOME_LABELS.items()),
    )
