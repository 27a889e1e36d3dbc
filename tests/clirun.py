"""Run ``csto`` in this process through its entry point (:func:`csto.cli.app.main`), as a user runs it:
the arguments, the exit status, and what it wrote to standard output and error.

Faster than a subprocess (the record stays loaded), and it goes through ``main`` (unlike typer's
``CliRunner``), so the mapping of every failure to one line and an exit status is what is tested. An
exception that escapes ``main`` is what the interpreter would print as a traceback: it is returned as the
output's ``traceback``, never raised, so a test can say which input produced it.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import traceback
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Ran:
    """What one run of ``csto`` did."""

    status: int
    out: str
    err: str
    traceback: str | None

    @property
    def lines(self) -> list[str]:
        """The non-empty lines of standard error."""
        return [line for line in self.err.splitlines() if line.strip()]

    def one_line_error(self) -> str:
        """The error line; fails the test unless the run failed with exactly one line, no traceback."""
        assert self.traceback is None, self.traceback
        assert self.status != 0, (self.status, self.out[-500:], self.err)
        assert len(self.lines) == 1 and self.lines[0].startswith("error: "), self.err
        return self.lines[0]


@contextlib.contextmanager
def _environment(env: dict[str, str | None]) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in env}
    try:
        for k, v in env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def csto(*args: str, env: dict[str, str | None] | None = None, columns: int = 400) -> Ran:
    """Run ``csto ARGS`` in-process; ``env`` sets (or, with None, unsets) environment variables. Output
    goes to a pipe-like buffer ``columns`` wide."""
    from csto.cli.app import main

    out, err = io.StringIO(), io.StringIO()
    status, tb = 0, None
    argv = sys.argv
    sys.argv = ["csto", *args]
    try:
        with (
            _environment({"COLUMNS": str(columns), "NO_COLOR": "1", **(env or {})}),
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
        ):
            try:
                main()
            except SystemExit as exc:
                status = exc.code if isinstance(exc.code, int) else 1
            except BaseException:  # what the interpreter would print
                tb = traceback.format_exc()
                status = 1
    finally:
        sys.argv = argv
    return Ran(status, out.getvalue(), err.getvalue(), tb)
