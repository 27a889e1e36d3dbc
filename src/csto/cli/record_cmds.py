"""Record queries: members, history, events, cases, case, offices, conflicts, sources.

(``csto claims`` is a group in :mod:`csto.cli.store_cmds`: listing, and the team's add/review/export.)
"""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from csto.cli.output import emit_json, styled, table, text
from csto.cli.session import DatabaseOpt, DataDirOpt, JsonOpt, open_session


def register(app: typer.Typer) -> None:
    app.command("members")(members)
    app.command("history")(history)
    app.command("events")(events)
    app.command("cases")(cases)
    app.command("case")(case)
    app.command("offices")(offices)
    app.command("conflicts")(conflicts)
    app.command("sources")(sources)


CERTAINTY_CAPTION = (
    "certainty: certain · contested (sources disagree) · uncertain (date precision) · "
    "assumed (after the last evidence about the state's membership)"
)


def members(
    on: Annotated[
        str,
        typer.Option(
            "--on",
            help="A day (YYYY-MM-DD or 'today') or a period: a year (2006), a month (2012-06) or "
            "START/END.",
        ),
    ] = "today",
    alliance: Annotated[str, typer.Option(help="Alliance id.")] = "csto",
    json: JsonOpt = False,
    data_dir: DataDirOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """Who belonged to the alliance on a day, with what status, how certain, and the sources; or during a
    period: who belonged throughout, who at some point, who changed status, and on which day."""
    from csto.record.dates import parse_span

    span = parse_span(on)
    found = open_session(data_dir, database).members(on, alliance)
    rows = [r.to_dict() for r in found]
    if json:
        emit_json(rows)
        return
    if span.is_day:
        for r in rows:  # the last evidence matters where the answer rests on it (past the horizon)
            if r.get("certainty") != "assumed":
                r["last_evidence"] = None
        table(
            rows,
            [
                ("state", "state"),
                "name",
                "status",
                "certainty",
                "last_evidence",
                "reason",
                "sources",
                "added_by",
            ],
            title=f"{alliance.upper()} on {span.describe()}",
            caption=CERTAINTY_CAPTION,
        )
        return
    text(f"{alliance.upper()} in {span.describe()}")
    for label, keep in (
        ("belonged throughout", lambda r: r["period"]["belonged"] == "throughout"),
        ("belonged at some point", lambda r: r["period"]["belonged"] == "at some point"),
        ("may have belonged", lambda r: r["period"]["belonged"] == "possibly"),
        ("changed status", lambda r: r["period"]["changed"]),
    ):
        names = [f"{r['name']} ({r['state']})" for r in rows if keep(r)]
        text(f"  {label}: {', '.join(names) if names else 'none'}")
    for r in rows:
        r["belonged"] = r["period"]["belonged"]
    table(
        rows,
        [("state", "state"), "name", "belonged", "status", "certainty", "reason", "sources"],
        title=f"{alliance.upper()} in {span.text}",
        caption=CERTAINTY_CAPTION,
    )


def history(
    state: Annotated[str, typer.Argument(help="A state: name, alias, ISO or COW code.")],
    alliance: Annotated[str, typer.Option(help="Alliance id.")] = "csto",
    json: JsonOpt = False,
    data_dir: DataDirOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """A state's status intervals (EDTF dates, precision kept) with their sources. Any real state
    resolves (a name, ISO alpha-2, alpha-3 or numeric, a COW code); one that never belonged says so."""
    session = open_session(data_dir, database)
    rows = [r.to_dict() for r in session.history(state, alliance)]
    if json:
        emit_json(rows)
        return
    if not rows:
        text(session.describe_state(state, alliance).summary)
        return
    table(
        rows,
        ["status", "start", "end", "alternatives", "note", "sources", "added_by"],
        title=f"{rows[0]['state']} in the {alliance.upper()}",
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
    data_dir: DataDirOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """Events, filtered by date range, type and participating state."""
    found = open_session(data_dir, database).events(start, end, type, state)
    rows = [r.to_dict() for r in found]
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


def cases(
    alliance: Annotated[
        str | None, typer.Option("--alliance", help="Only this alliance's cases (csto, nato, …).")
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="Only cases of this kind (external_attack, …).")
    ] = None,
    variant: Annotated[
        str, typer.Option("--variant", help="Code each case under this coding variant.")
    ] = "default",
    json: JsonOpt = False,
    data_dir: DataDirOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """The cases: who asked which alliance for what, what it did (outcome level 0–3), under which
    inclusion clause, and the names of their coding variants."""
    from csto.record.case import OUTCOME_LABELS

    found = open_session(data_dir, database).cases(alliance, kind, variant)
    rows = [r.to_dict() for r in found]
    if json:
        emit_json(rows)
        return
    table(
        rows,
        [
            "id",
            "alliance",
            "clause",
            "start",
            "end",
            "requester",
            "requested",
            "response",
            "outcome",
            "variants",
        ],
        title=f"{len(rows)} cases" + (f" (variant {variant})" if variant != "default" else ""),
        caption="outcome: " + " · ".join(f"{k} {v}" for k, v in OUTCOME_LABELS.items()),
    )


def case(
    case_id: Annotated[str, typer.Argument(help="A case id (see `csto cases`).")],
    json: JsonOpt = False,
    data_dir: DataDirOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """One case in full: its inclusion clause, factors, coding variants, events and the verbatim quotes
    it rests on."""
    data = open_session(data_dir, database).case(case_id).to_dict()
    if json:
        emit_json(data)
        return
    styled((data["title"], "bold"), f" ({data['id']}), {data['start']} – {data['end'] or '…'}")
    for key in (
        "alliance",
        "clause",
        "article",
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
            styled("  ", (key, "cyan"), f": {data[key]}")
    if data["factors"]:
        table(
            [
                {"factor": name, "value": f["value"], "note": f["note"], "claims": f["claims"]}
                for name, f in data["factors"].items()
            ],
            ["factor", "value", "note", "claims"],
            title="case-level factors",
        )
    if data["coding_variants"]:
        table(
            data["coding_variants"],
            ["name", "requested", "requester", "outcome", "clause", "note", "claims"],
            title="coding variants (default: the fields above)",
        )
    if data["events"]:
        table(data["events"], ["start", "type", "title", "outcome"], title="events")
    table(data["citations"], ["claim", "source", "quote"], title="sources")


def offices(
    on: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--on", help="Only who held office on a day or during a period (2019-06-01, 2012)."
        ),
    ] = None,
    office: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--office", help="One office: secretary-general or chief-of-joint-staff."),
    ] = None,
    json: JsonOpt = False,
    data_dir: DataDirOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """Office-holders: Secretaries General and Chiefs of the Joint Staff, with nationality; with --on,
    who held office then, how certain, and why."""
    rows = [r.to_dict() for r in open_session(data_dir, database).offices(on, office)]
    if json:
        emit_json(rows)
        return
    if on is None:
        table(
            rows,
            ["title", "holder", "nationality", "acting", "start", "end", "sources"],
            title="Offices",
        )
        return
    from csto.record.dates import parse_span

    table(
        rows,
        ["title", "holder", "nationality", "acting", "certainty", "reason", "sources"],
        title=f"Offices on {parse_span(on).describe()}",
        caption="certainty: certain · uncertain (a start or end unknown or coarser than the date)",
    )


def conflicts(
    json: JsonOpt = False, data_dir: DataDirOpt = None, database: DatabaseOpt = None
) -> None:
    """Where sources disagree: every value with the claims, sources and ranks that give it, and who added
    a team claim."""
    found = [c.to_dict() for c in open_session(data_dir, database).conflicts()]
    if json:
        emit_json(found)
        return
    rows = [
        {
            "subject": c["subject"],
            "property": c["property"],
            "value": v["value"],
            "sources": v["sources"],
            "ranks": sorted(set(v["ranks"])),
            "added_by": v["added_by"],
            "quote": (v["quotes"] or ["—"])[0],
        }
        for c in found
        for v in c["values"]
    ]
    table(
        rows,
        ["subject", "property", "value", "sources", "ranks", "added_by", "quote"],
        title=f"{len(found)} conflicts",
    )


def sources(
    json: JsonOpt = False, data_dir: DataDirOpt = None, database: DatabaseOpt = None
) -> None:
    """The sources: the five seeds, external public documents, derivations and the team's sources."""
    rows = [r.to_dict() for r in open_session(data_dir, database).sources()]
    if json:
        emit_json(rows)
        return
    table(rows, ["id", "kind", "title", "author", "publisher", "date", "claims"], title="Sources")
