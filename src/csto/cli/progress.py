"""Progress on standard error for anything that may take more than a second.

:class:`LazyProgress` is a rich progress bar that stays hidden for its first second (a quick command prints
nothing extra) and then shows itself, refreshing on its own, so a long single step (drawing a chart,
writing files) shows a live spinner and elapsed time as well as a multi-step run shows its bar. It writes
to standard error only, so ``--json`` output and pipes are untouched, and it is transient: it leaves no line
behind. ``CSTO_PROGRESS_DELAY`` (seconds) changes the delay (tests set 0).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import TYPE_CHECKING

from csto.cli.output import console as literal_console
from csto.cli.output import visible

if TYPE_CHECKING:
    from rich.console import Console


class LazyProgress:
    """A transient rich progress bar on standard error, shown only once ``delay`` seconds have passed.

    ``total`` is the number of steps (``None``: unknown, a spinner); :meth:`tick` advances it and may set
    a new description; :meth:`close` (or leaving a ``with`` block) removes it. ``console`` defaults to
    standard error.
    """

    def __init__(
        self,
        description: str,
        total: float | None = None,
        delay: float | None = None,
        console: Console | None = None,
    ) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        columns = [SpinnerColumn(), TextColumn("{task.description}", markup=False)]
        if total is not None:
            columns += [BarColumn(), MofNCompleteColumn()]
        shown_on = console or literal_console(stderr=True)
        self.progress = Progress(
            *columns,
            TimeElapsedColumn(),
            console=shown_on,
            transient=True,
            disable=not shown_on.is_terminal,  # a pipe or a log file gets no bar (not even a blank line)
        )
        self.task = self.progress.add_task(visible(description), total=total)
        wait = float(os.environ.get("CSTO_PROGRESS_DELAY", "1.0")) if delay is None else delay
        self._lock = threading.Lock()
        self._closed = False
        self.shown = False
        self._timer = threading.Timer(wait, self._show)
        self._timer.daemon = True
        self._timer.start()

    def _show(self) -> None:
        with self._lock:
            if not self._closed and not self.shown:
                self.progress.start()
                self.shown = True

    def tick(self, message: str | None = None, advance: float = 1.0) -> None:
        """One step done; ``message`` (if given) becomes the description."""
        self.progress.update(
            self.task, advance=advance, description=visible(message) if message else None
        )

    def close(self) -> None:
        """Stop and remove the bar (safe to call twice)."""
        self._timer.cancel()
        with self._lock:
            self._closed = True
            if self.shown:
                self.progress.stop()

    def __enter__(self) -> LazyProgress:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


@contextmanager
def working(description: str, console: Console | None = None) -> Iterator[LazyProgress]:
    """A spinner with ``description`` and the elapsed time while the block runs (shown after a second)."""
    bar = LazyProgress(description, console=console)
    try:
        yield bar
    finally:
        bar.close()
