"""Inputs the fuzz harness (benchmarks/fuzz_cli.py) still broke after the output layer: each now fails in
one line with a non-zero status, in bounded time."""

from __future__ import annotations

import socket

from clirun import csto


def one_line(*args: str) -> str:
    ran = csto(*args)
    assert ran.traceback is None, ran.traceback
    assert ran.status == 2, (ran.status, ran.out[-300:], ran.err)
    lines = ran.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), ran.err
    return lines[0]


def test_a_sweep_axis_of_1e300_steps_is_refused() -> None:
    # was "ValueError: Maximum allowed size exceeded" from numpy.linspace
    line = one_line("sweep", "armenia-2022", "--vary", "RUS.position=0:3:1e300", "--workers", "1")
    assert "limit is 100,000 points" in line


def test_a_100000_character_name_is_answered_at_once() -> None:
    # matching it against every state's name and pattern took minutes (the harness's time limit)
    name = "x" * 100_000
    for args in (("history", name), ("claims", "--about", name), ("case", name)):
        line = one_line(*args)
        assert "Did you mean" not in line


def test_serve_refuses_an_address_it_cannot_listen_on() -> None:
    # uvicorn used to start, log, fail and log its shutdown: several lines, none an error
    line = one_line("serve", "--host", "999.1.1.1", "--port", "8000")
    assert "--host '999.1.1.1': not an address to listen on" in line
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        line = one_line("serve", "--port", str(port))
        assert f"cannot listen on 127.0.0.1:{port}" in line
