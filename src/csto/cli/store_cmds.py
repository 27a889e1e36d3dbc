"""The team's store from the command line: ``csto claims`` (list, add, review, export) and ``csto users``.

``csto claims [--about X] [--json]`` lists claims as before, now with the store's accepted claims (labelled
``added_by``) when a store is configured. Writes authenticate with a token (``--token`` or ``$CSTO_TOKEN``)
and need the same roles as over HTTP; ``csto users add`` is the operator's bootstrap and needs none (it
needs access to the database itself). The store is ``--database URL``, else ``$CSTO_DATABASE_URL``, else
SQLite in ``--data-dir`` (default: the user's data directory).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from csto.cli.output import emit_json, table, text
from csto.cli.session import DatabaseOpt, DataDirOpt, JsonOpt, open_session

if TYPE_CHECKING:
    from csto.store.store import Store

TokenOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--token",
        envvar="CSTO_TOKEN",
        help="Your token (better: set $CSTO_TOKEN, which no process list shows).",
        show_default=False,
        show_envvar=True,
    ),
]

claims_app = typer.Typer(
    help="Claims: list them (shipped and accepted team claims), or add, review and export team claims.",
    no_args_is_help=False,
)
users_app = typer.Typer(
    help="Users of the team's store, with roles and tokens.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    """Add ``claims`` (a group whose bare form lists claims) and ``users`` to the root command."""
    app.add_typer(claims_app, name="claims")
    app.add_typer(users_app, name="users")


def _open(database: str | None, data_dir: Path | None) -> Store:
    """The team store to write to (created when it is a SQLite file that does not exist yet)."""
    from csto.session import open_configured_store

    if database and data_dir:
        from csto.errors import CstoError

        raise CstoError("give --database or --data-dir, not both")
    store = open_configured_store(database, data_dir, create=True)
    assert store is not None  # create=True always gives one
    return store


@claims_app.callback(invoke_without_command=True)
def claims(
    ctx: typer.Context,
    about: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--about", help="A subject: state, case, office, …"),
    ] = None,
    source: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--source", help="One source id: seed-003, …"),
    ] = None,
    property: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--property", help="One property (membership.rejoined) or namespace (membership)."
        ),
    ] = None,
    json: JsonOpt = False,
    data_dir: DataDirOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """Claims (sourced statements) with their rank, optionally about one subject, from one source or of one
    property; team claims show who added them."""
    if ctx.invoked_subcommand is not None:
        given = [
            name
            for name, value in (("--about", about), ("--source", source), ("--property", property))
            if value is not None
        ] + (["--json"] if json else [])
        if given:
            from csto.errors import CstoError

            raise CstoError(
                f"{', '.join(given)} filter the claims listed by `csto claims`; give them after "
                f"`{ctx.invoked_subcommand}` where it takes them (csto claims {ctx.invoked_subcommand} "
                "--help)"
            )
        return
    rows = [r.to_dict() for r in open_session(data_dir, database).claims(about, source, property)]
    if json:
        emit_json(rows)
        return
    for r in rows:
        if r["rank"] != "normal":
            r["rank"] = f"{r['rank']}: {r['rank_reason']} (grounds: {', '.join(r['rank_grounds'])})"
    table(
        rows,
        ["id", "subject", "property", "value", "time", "source", "rank", "quote", "added_by"],
        title=f"{len(rows)} claims",
    )


@claims_app.command("add")
def add(
    file: Annotated[
        Path, typer.Argument(help="A YAML file: claims (the record's format) and new sources.")
    ],
    token: TokenOpt = None,
    json: JsonOpt = False,
    data_dir: DataDirOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """Propose the claims in FILE (editors). They wait for a reviewer before they count.

    FILE holds ``sources:`` (id, title, and url or reference) and ``claims:`` (subject, property, value,
    time, source, quote, note). All are stored together or none is.
    """
    from csto.record.load import load_record
    from csto.record.yamlio import read_yaml

    document = read_yaml(file, aliases=False)  # bounded: size, nesting, UTF-8
    store = _open(database, data_dir)
    user = store.authenticate(token)
    rows = [r.to_dict() for r in store.propose(document, by=user, record=load_record())]
    if json:
        emit_json(rows)
        return
    table(
        rows, ["id", "subject", "property", "value", "time", "source", "status"], title="Proposed"
    )


@claims_app.command("review")
def review(
    claim_id: Annotated[str, typer.Argument(help="The id of a proposed claim.")],
    accept: Annotated[bool, typer.Option("--accept", help="Accept the claim.")] = False,
    reject: Annotated[bool, typer.Option("--reject", help="Reject the claim.")] = False,
    reason: Annotated[str, typer.Option("--reason", help="Why (required).")] = "",
    token: TokenOpt = None,
    json: JsonOpt = False,
    data_dir: DataDirOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """Accept or reject a proposed claim, with a reason (reviewers; not your own claim)."""
    from csto.errors import CstoError

    if accept == reject:
        raise CstoError("give exactly one of --accept or --reject")
    if not reason.strip():
        raise CstoError("a review needs --reason")
    store = _open(database, data_dir)
    user = store.authenticate(token)
    row = store.review(claim_id, accept=accept, reason=reason, by=user)
    if json:
        emit_json(row.to_dict())
        return
    text(f"{row.id}: {row.status} by {row.reviewed_by} ({row.review_reason})")


@claims_app.command("export")
def export(
    status: Annotated[
        str, typer.Option("--status", help="accepted, proposed, rejected or all.")
    ] = "accepted",
    json: JsonOpt = False,
    data_dir: DataDirOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """Print the team's claims and their sources as YAML (or JSON), the record's format plus review."""
    from csto.errors import CstoError

    if status not in ("accepted", "proposed", "rejected", "all"):
        raise CstoError(f"--status {status!r}: one of accepted, proposed, rejected, all")
    data = _open(database, data_dir).export(None if status == "all" else status).to_dict()
    if json:
        emit_json(data)
        return
    import yaml

    typer.echo(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), nl=False)


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="A user name (letters, digits, . _ @ -).")],
    role: Annotated[str, typer.Option("--role", help="reader, editor, reviewer or admin.")],
    json: JsonOpt = False,
    data_dir: DataDirOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """Create a user and print their token once: only its hash is stored, it cannot be shown again."""
    store = _open(database, data_dir)
    info, token = store.add_user(name, role)
    if json:
        from csto.store.rows import NewUser

        emit_json(NewUser.of(info, token).to_dict())
        return
    text(token)
    text(
        f"created {info.name} ({info.role}); the token above is shown once, keep it safe", err=True
    )


@users_app.command("list")
def users_list(
    json: JsonOpt = False, data_dir: DataDirOpt = None, database: DatabaseOpt = None
) -> None:
    """The users and their roles (never their tokens)."""
    rows = [u.to_dict() for u in _open(database, data_dir).users()]
    if json:
        emit_json(rows)
        return
    table(rows, ["name", "role", "created_at", "created_by"], title=f"{len(rows)} users")
