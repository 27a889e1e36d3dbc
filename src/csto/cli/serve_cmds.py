"""``csto serve``: the HTTP API and the web page under uvicorn, on loopback unless told otherwise."""

from __future__ import annotations

from typing import Annotated

import typer

from csto.cli.session import DatabaseOpt, DataDirOpt

LOOPBACK = ("127.0.0.1", "::1", "localhost")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def serve(
    host: Annotated[
        str, typer.Option("--host", help="Address to bind (loopback by default).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port.")] = 8000,
    data_dir: DataDirOpt = None,
    database: DatabaseOpt = None,
    access_log: Annotated[
        bool, typer.Option("--access-log/--no-access-log", help="Log each request line.")
    ] = True,
    max_draws: Annotated[
        int, typer.Option("--max-draws", min=1, help="Most draws one simulate request may ask for.")
    ] = 10_000,
    max_seconds: Annotated[
        float, typer.Option("--max-seconds", min=0.1, help="Time limit of one computation.")
    ] = 10.0,
    rate_limit: Annotated[
        str,
        typer.Option(
            "--rate-limit",
            help="Expensive requests (simulate, assess, validate) one client may make, e.g. 60/minute.",
        ),
    ] = "60/minute",
) -> None:
    """Serve the API (/api, /docs) and the web page (/) over the record and the team's store.

    A store that cannot be opened stops the server at once with its fault's exit status (20–26)."""
    import math

    import uvicorn

    from csto.cli.output import text, warn
    from csto.errors import CstoError
    from csto.serve import Limits, create_app
    from csto.session import open_configured_store
    from csto.store.store import display_url

    if database and data_dir:
        raise CstoError("give --data-dir or --database, not both")
    from limits import parse

    try:
        amount = parse(rate_limit).amount
    except ValueError:
        raise CstoError(
            f"--rate-limit {rate_limit!r}: write N/second, N/minute or N/hour"
        ) from None
    if amount < 1:
        raise CstoError(f"--rate-limit {rate_limit!r}: allow at least 1 request in the period")
    if not math.isfinite(max_seconds):
        raise CstoError(f"--max-seconds must be a finite number of seconds, got {max_seconds}")
    _check_bind(host, port)
    store = open_configured_store(database, data_dir, create=True)
    assert store is not None  # create=True always gives one
    if host not in LOOPBACK:
        warn(
            f"binding {host}: the API is reachable from other machines; "
            "put it behind TLS before sending tokens over a network"
        )
    limits = Limits(max_draws=max_draws, max_seconds=max_seconds, model_rate=rate_limit)
    app = create_app(store=store, limits=limits)
    text(f"csto: store {display_url(store.url)}", err=True)
    text(f"csto: serving on http://{host}:{port}/ (API docs at /docs)", err=True)
    uvicorn.run(
        app, host=host, port=port, access_log=access_log, log_level="info", server_header=False
    )


def _check_bind(host: str, port: int) -> None:
    """Refuse, in one line, an address this machine cannot listen on (``999.1.1.1``, a name that does not
    resolve, a port in use or not allowed), before the server starts and logs its start-up and shutdown."""
    import socket

    from csto.errors import CstoError

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as exc:
        reason = exc.strerror if isinstance(exc, socket.gaierror) else str(exc)
        raise CstoError(f"--host {host!r}: not an address to listen on ({reason})") from None
    family, kind, proto, _, address = infos[0]
    try:
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except OSError as exc:
        raise CstoError(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from None
