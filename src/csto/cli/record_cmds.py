"""Record queries: members, history, events, cases, case, offices, conflicts, sources.

(``csto claims`` is a group in :mod:`csto.cli.store_cmds`: listing, and the team's add/review/export.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from csto.cli.output import emit_json, table

if TYPE_CHECKING:
    from csto.record.record import Record

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def register(app: typer.Typer) -> None:
    app.command("members")(members)
    app.command("history")(history)
    app.command("events")(events)
    app.command("cases")(cases)
    app.command("case")(case)
    app.command("offices")(offices)
    app.command("conflicts")(conflicts)
    app.command("sources")(sources)


def _record() -> Record:
    """The record the commands answer from: shipped claims plus a configured store's accepted ones."""
    from csto.store.record import configured_record

    return configured_record()


def members(
    on: Annotated[str, typer.Option("--on", help="Date, YYYY-MM-DD or 'today'.")] = "today",
    alliance: Annotated[str, typer.Option(help="Alliance id.")] = "csto",
    json: JsonOpt = False,
) -> None:
    """Who belonged to the alliance on a date, with what status, how certain, and the sources."""
    from csto.record import query

    rows = [r.to_dict() for r in query.members(on, alliance, record=_record())]
    if json:
        emit_json(rows)
        return
    table(
        rows,
        [("state", "state"), "name", "status", "certainty", "reason", "sources"],
        title=f"{alliance.upper()} on {on}",
        caption="certainty: certain · contested (sources disagree) · uncertain (date precision)",
    )


def history(
    state: Annotated[str, typer.Argument(help="A state: name, alias, ISO or COW code.")],
    alliance: Annotated[str, typer.Option(help="Alliance id.")] = "csto",
    json: JsonOpt = False,
) -> None:
    """A state's status intervals (EDTF dates, precision kept) with their sources."""
    from csto.record import query

    rows = [r.to_dict() for r in query.history(state, alliance, record=_record())]
    if json:
        emit_json(
            [
                {k: r[k] for k in ("status", "start", "end", "sources", "alternatives", "note")}
                for r in rows
            ]
        )
        return
    if not rows:
        typer.echo(f"{state}: never a member of {alliance}")
        return
    table(
        rows,
        ["status", "start", "end", "alternatives", "note", "sources"],
        title=f"{rows[0]['state']} in {alliance}",
    )


def events(
    start: Annotated[
        str | None, typer.Option("--from", help="Earliest date (partial dates allowed).")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Latest date (partial dates allowed).")
    ] = None,
    type: Annotated[
        str | None, typer.Option("--type", help="Event type, e.g. armed_clash.")
    ] = None,
    state: Annotated[
        str | None, typer.Option("--state", help="Only events involving this state.")
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Events, filtered by date range, type and participating state."""
    from csto.record import query

    rows = query.events(start, end, type, state, record=_record())
    if json:
        emit_json(rows)
        return
    for r in rows:
        r["who"] = ", ".join(f"{p['actor']} ({p['role']})" for p in r["participants"])
    table(
        rows,
        ["start", "end", "type", "title", "who", "case", "sources"],
        title=f"{len(rows)} events",
    )


def cases(json: JsonOpt = False) -> None:
    """Every crisis case: requester, what was asked, what the alliance did, outcome level 0–3."""
    from csto.record import query

    rows = query.cases(_record())
    if json:
        emit_json(rows)
        return
    table(
        rows,
        ["id", "start", "end", "requester", "requested", "response", "outcome"],
        title=f"{len(rows)} cases",
        caption="outcome: 0 no action · 1 statement · 2 consultations/fact-finding · 3 military assistance",
    )


def case(
    case_id: Annotated[str, typer.Argument(help="A case id (see `csto cases`).")],
    json: JsonOpt = False,
) -> None:
    """One case in full, with its events and the verbatim quotes it rests on."""
    from rich.console import Console

    from csto.record import query

    data = query.case(case_id, _record())
    if json:
        emit_json(data)
        return
    console = Console()
    console.print(
        f"[bold]{data['title']}[/] ({data['id']}), {data['start']} – {data['end'] or '…'}"
    )
    for key in (
        "kind",
        "trigger",
        "victim",
        "adversary",
        "adversary_kind",
        "territory",
        "requester",
        "requested",
        "framing",
        "response",
        "outcome",
        "note",
    ):
        if data.get(key) is not None:
            console.print(f"  [cyan]{key}[/]: {data[key]}")
    if data["events"]:
        table(data["events"], ["start", "type", "title", "outcome"], title="events")
    table(data["citations"], ["claim", "source", "quote"], title="sources")


def offices(json: JsonOpt = False) -> None:
    """Office-holders: Secretaries General and Chiefs of the Joint Staff, with nationality."""
    from csto.record import query

    rows = query.offices(_record())
    if json:
        emit_json(rows)
        return
    table(
        rows,
        ["title", "holder", "nationality", "acting", "start", "end", "sources"],
        title="Offices",
    )


def conflicts(json: JsonOpt = False) -> None:
    """Where sources disagree: every value with the claims and sources that give it."""
    from csto.record.conflicts import conflicts as find

    found = [c.to_dict() for c in find(_record())]
    if json:
        emit_json(found)
        return
    rows = [
        {
            "subject": c["subject"],
            "property": c["property"],
            "value": v["value"],
            "sources": v["sources"],
            "quote": (v["quotes"] or ["—"])[0],
        }
        for c in found
        for v in c["values"]
    ]
    table(
        rows, ["subject", "property", "value", "sources", "quote"], title=f"{len(found)} conflicts"
    )


def sources(json: JsonOpt = False) -> None:
    """The sources: the five seeds, external public documents, and derivations."""
    from csto.record import query

    rows = query.sources(_record())
    if json:
        emit_json(rows)
        return
    table(rows, ["id", "kind", "title", "author", "publisher", "date", "claims"], title="Sources")
