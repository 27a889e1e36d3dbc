"""``csto``: the root command. Heavy libraries are imported inside the commands that need them."""

from __future__ import annotations

import sys

import typer

from csto.cli import (
    analysis_cmds,
    bargain,
    behaviour_cmds,
    data_cmds,
    overview,
    record_cmds,
    report_cmds,
    serve_cmds,
    store_cmds,
    treaty_cmds,
)

app = typer.Typer(
    name="csto",
    help="The Collective Security Treaty Organization, computable: a sourced record queried as of a date.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

overview.register(app)
record_cmds.register(app)
analysis_cmds.register(app)
data_cmds.register(app)

bargain.register(app)
treaty_cmds.register(app)
behaviour_cmds.register(app)
report_cmds.register(app)
store_cmds.register(app)
serve_cmds.register(app)


def main() -> None:
    """Entry point: run the app; errors meant for people are printed without a traceback."""
    from csto.errors import CstoError

    try:
        app()
    except CstoError as exc:
        from csto.cli.output import error

        error(str(exc))
        sys.exit(getattr(exc, "exit_code", 2))  # the store's faults have their own (20–26)
    except BrokenPipeError:  # e.g. `csto claims --json | head`
        sys.exit(0)


if __name__ == "__main__":  # pragma: no cover
    main()
