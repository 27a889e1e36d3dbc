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


EXIT_STATUSES = {
    0: "success",
    1: "csto check found quote problems",
    2: "bad input: an unknown name, an impossible date or value, a bad option (usage error)",
    30: "a file or directory cannot be read or written (no such file, permission denied, name too long, "
    "no space left, read-only file system, …)",
    31: "an input file is too large, or is a device or pipe rather than a file",
    32: "input nested too deeply",
    33: "input that is not UTF-8 text (a file or an argument)",
    34: "out of memory",
    130: "interrupted (Ctrl-C)",
}
"""The exit statuses of ``csto`` besides the store's faults (20–26, :mod:`csto.store.errors`); the CLI
reference (``docs/reference/cli.md``) lists them all."""


def main() -> None:
    """Entry point: run the app; every failure is one line on standard error (never a traceback) and an
    exit status of its kind (:data:`EXIT_STATUSES`, the store's 20–26)."""
    from csto.cli.output import error

    try:
        _check_arguments(sys.argv[1:])
        code = _run()
    except BrokenPipeError:  # e.g. `csto claims --json | head`
        _silence_stdout()
        sys.exit(0)
    except Failure as exc:
        if exc.message:
            error(exc.message)
        if exc.code == 30 and exc.stdout:
            _silence_stdout()
        sys.exit(exc.code)
    except KeyboardInterrupt:
        error("interrupted")
        sys.exit(130)
    sys.exit(code)


class Failure(Exception):
    """A failure to report: its one-line message (empty: already shown) and exit status."""

    def __init__(self, message: str, code: int, *, stdout: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.stdout = stdout


def _run() -> int:
    """Run the app; map each kind of failure to a :class:`Failure`."""
    import typer

    from csto.errors import CstoError, shorten

    try:
        result = app(standalone_mode=False)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except CstoError as exc:
        raise Failure(str(exc), exc.exit_code) from None
    except typer.TyperException as exc:  # click's usage errors
        ctx = getattr(exc, "ctx", None)
        if type(exc).__name__ == "NoArgsIsHelpError":  # a bare `csto`: its help, printed already
            raise Failure("", exc.exit_code) from None
        hint = f" (see {ctx.command_path} --help)" if ctx is not None else ""
        raise Failure(exc.format_message() + hint, exc.exit_code) from None
    except typer.Abort:
        raise Failure("aborted", 1) from None
    except OSError as exc:
        raise Failure(_os_message(exc), 30, stdout=_on_stdout(exc)) from None
    except RecursionError:
        raise Failure("the input is nested too deeply to read", 32) from None
    except (UnicodeDecodeError, UnicodeEncodeError, UnicodeTranslateError) as exc:
        where = f" ({shorten(str(exc.object[exc.start : exc.end]))!r})"
        raise Failure(f"text that is not valid UTF-8{where}: {exc.reason}", 33) from None
    except MemoryError:
        raise Failure("out of memory: the input or the computation is too large", 34) from None
    return result if isinstance(result, int) else 0


def _check_arguments(args: list[str]) -> None:
    """Refuse an argument that is not UTF-8 (Python keeps its bytes as lone surrogates)."""
    from csto.cli.output import visible
    from csto.errors import shorten

    for i, arg in enumerate(args, 1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            shown = visible(shorten(arg), one_line=True)
            raise Failure(f"argument {i} is not UTF-8 text: {shown}", 33) from None


def _os_message(exc: OSError) -> str:
    """``FILE: reason`` (``FILE → OTHER: reason`` for a rename) from an operating system error."""
    from csto.errors import shorten

    reason = exc.strerror or str(exc)
    names = [str(n) for n in (exc.filename, exc.filename2) if n is not None]
    if not names and _on_stdout(exc):
        names = ["standard output"]
    return f"{' → '.join(shorten(n) for n in names)}: {reason}" if names else reason


def _on_stdout(exc: OSError) -> bool:
    """Did writing to standard output fail (a full disk, a closed pipe)?"""
    return exc.filename is None and exc.errno is not None and _stdout_broken()


def _stdout_broken() -> bool:
    try:
        sys.stdout.flush()
    except OSError:
        return True
    return False


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so the interpreter's last flush at exit does not fail again."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


if __name__ == "__main__":  # pragma: no cover
    main()
