"""Progress bars: hidden for a quick command, shown (on standard error) once a second has passed."""

from __future__ import annotations

import io
import time

from rich.console import Console

from csto.cli.progress import LazyProgress, working


def _console(buffer: io.StringIO) -> Console:
    return Console(file=buffer, force_terminal=True, width=100)


def test_a_quick_step_shows_nothing() -> None:
    buffer = io.StringIO()
    with working("quick", console=_console(buffer)) as bar:
        pass
    assert not bar.shown and buffer.getvalue() == ""


def test_a_slow_step_shows_a_bar_after_the_delay() -> None:
    buffer = io.StringIO()
    bar = LazyProgress("sweep: grid points", total=4, delay=0.05, console=_console(buffer))
    for _ in range(4):
        bar.tick()
    deadline = time.monotonic() + 5
    while not bar.shown and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.2)
    bar.close()
    assert bar.shown
    assert "sweep: grid points" in buffer.getvalue() and "4/4" in buffer.getvalue()
