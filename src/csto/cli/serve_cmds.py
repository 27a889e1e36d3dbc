"""``csto serve``: the HTTP API and the web page under uvicorn, on loopback unless told otherwise."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

LOOPBACK = ("127.0.0.1", "::1", "localhost")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def serve(
    host: Annotated[
        str, typer.Option("--host", help="Address to bind (loopback by default).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port.")] = 8000,
    data_dir: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--data-dir", help="Directory of the SQLite store (default: user data dir)."),
    ] = None,
    database: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--database",
            help="PostgreSQL URL (postgresql://…); default $CSTO_DATABASE_URL, else SQLite.",
            show_default=False,
        ),
    ] = None,
    access_log: Annotated[
        bool, typer.Option("--access-log/--no-access-log", help="Log each request line.")
    ] = True,
    max_draws: Annotated[
        int, typer.Option("--max-draws", min=1, help="Most draws one simulate request may ask for.")
    ] = 10_000,
    max_seconds: Annotated[
        float, typer.Option("--max-seconds", min=0.1, help="Time limit of one computation.")
    ] = 10.0,
) -> None:
    """Serve the API (/api, /docs) and the web page (/) over the record and the team's store."""
    import uvicorn

    from csto.errors import CstoError
    from csto.serve import Limits, create_app
    from csto.store.store import display_url, open_store

    if database and data_dir:
        raise CstoError("give --data-dir or --database, not both")
    store = open_store(database, data_dir)
    if host not in LOOPBACK:
        typer.echo(
            f"warning: binding {host}: the API is reachable from other machines; "
            "put it behind TLS before sending tokens over a network",
            err=True,
        )
    app = create_app(store=store, limits=Limits(max_draws=max_draws, max_seconds=max_seconds))
    typer.echo(f"csto: store {display_url(store.url)}", err=True)
    typer.echo(f"csto: serving on http://{host}:{port}/ (API docs at /docs)", err=True)
    uvicorn.run(
        app, host=host, port=port, access_log=access_log, log_level="info", server_header=False
    )
