"""Drive a running ``csto serve`` on loopback with a bounded number of requests; report requests/s and
p50/p99 latency for an as-of members query and for a 1,000-draw simulate. Measures, never asserts.

    python benchmarks/bench_serve.py                      # starts a server on a free port, one worker
    python benchmarks/bench_serve.py --url http://127.0.0.1:8000 --requests 5000 --concurrency 16

Goals: members ≥ 1,000 requests/s with p99 < 50 ms on one worker; simulate bounded by the server's limits;
members p99 < 100 ms while 50 expensive requests (bargaining, 10,000 draws) are in flight (the load test,
``--saturate``: the server is started with its rate limit and queue raised so all 50 are admitted and wait
or run in the model pool; ``--saturate --defaults`` keeps the default limits, which refuse most of them at
once with 503/429).

Measured on the 2-core development machine (client and server sharing it), one uvicorn worker, members
2,000 requests over 8 connections while 50 bargaining requests of 10,000 draws each are sent at once:

======================================  ============================================  =================
limits                                  the 50 expensive requests                     members p50 / p99
======================================  ============================================  =================
load test (all 50 admitted)             50 in flight throughout, all 200 (last 212 s)  3.4 ms / 13.3 ms
defaults (2 workers, 16 waiting, 10 s)  32 refused at once (503), 16 past the limit,   3.4 ms / 32.2 ms
                                        2 answered 200
before issue 14 (semaphore in threads)  all 50 answered 503 after 10 s, none computed  11.4 ms / 52.0 ms
======================================  ============================================  =================

Each request is a keep-alive HTTP/1.1 GET or POST over raw asyncio streams (the client is cheap, so the
server is what is measured); the client runs in this process on the other core.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from urllib.parse import urlsplit

SCENARIO = (
    "id: bench\ntitle: Benchmark clash\ndate: 2024-05-01\nvictim: ARM\nadversary: AZE\n"
    "requested: military_assistance\nrequester: ARM\n"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _worker(
    host: str, port: int, request: bytes, count: int, latencies: list[float], statuses: list[int]
) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        for _ in range(count):
            start = time.perf_counter()
            writer.write(request)
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - start)
            statuses.append(status)
    finally:
        writer.close()


async def _drive(
    url: str, method: str, path: str, body: bytes, ctype: str, n: int, conc: int
) -> dict[str, float]:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    head = f"{method} {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: keep-alive\r\n"
    if body:
        head += f"Content-Type: {ctype}\r\nContent-Length: {len(body)}\r\n"
    request = head.encode() + b"\r\n" + body
    latencies: list[float] = []
    statuses: list[int] = []
    per = [n // conc + (1 if i < n % conc else 0) for i in range(conc)]
    start = time.perf_counter()
    await asyncio.gather(*(_worker(host, port, request, k, latencies, statuses) for k in per if k))
    elapsed = time.perf_counter() - start
    latencies.sort()
    return {
        "requests": len(latencies),
        "ok": sum(1 for s in statuses if s == 200),
        "rps": len(latencies) / elapsed,
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))],
        "max_ms": 1000 * latencies[-1],
    }


def _start_server(limits: str = "") -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    data = tempfile.mkdtemp(prefix="csto-bench-")
    code = (
        "import uvicorn\n"
        "from csto.serve import Limits, create_app\n"
        "from csto.store.store import open_store\n"
        f"app = create_app(store=open_store(data_dir={data!r}), limits=Limits({limits}))\n"
        f"uvicorn.run(app, host='127.0.0.1', port={port}, access_log=False, log_level='warning')\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "CSTO_DATABASE_URL"}
    proc = subprocess.Popen([sys.executable, "-c", code], env=env)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(url + "/api/cases", timeout=2)
            return proc, url
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not start")


EXPENSIVE = "/api/simulate/kursk-2024?model=bargaining&draws=10000&seed={seed}"
SATURATING = "model_rate='100000/minute', model_queue=64, max_seconds=600, request_seconds=600"
"""The server's limits in the load test: every one of the 50 expensive requests is admitted."""


async def _saturate(url: str, expensive: int, members: int, conc: int) -> dict[str, object]:
    """Start ``expensive`` bargaining requests (10,000 draws each, one connection each), then drive
    ``members`` members requests while they are in flight; report both."""
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    heavy_latencies: list[float] = []
    heavy_statuses: list[int] = []

    def request(path: str) -> bytes:
        return (
            f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: keep-alive\r\n\r\n"
        ).encode()

    heavy = [
        asyncio.create_task(
            _worker(
                host, port, request(EXPENSIVE.format(seed=i)), 1, heavy_latencies, heavy_statuses
            )
        )
        for i in range(expensive)
    ]
    await asyncio.sleep(1.0)  # let them all arrive and queue
    before = sum(not t.done() for t in heavy)
    light = await _drive(url, "GET", "/api/members?on=2008-06-01", b"", "", members, conc)
    after = sum(not t.done() for t in heavy)
    await asyncio.gather(*heavy)
    counts: dict[int, int] = {}
    for status in heavy_statuses:
        counts[status] = counts.get(status, 0) + 1
    return {
        "members": light,
        "expensive_in_flight_at_start": before,
        "expensive_in_flight_at_end": after,
        "expensive_statuses": counts,
        "expensive_max_s": max(heavy_latencies) if heavy_latencies else 0.0,
    }


def saturate(args: argparse.Namespace) -> None:
    """The load test: members p50/p99 while 50 expensive requests are in flight."""
    proc, url = (None, args.url) if args.url else _start_server("" if args.defaults else SATURATING)
    try:
        asyncio.run(_drive(url, "GET", "/api/members?on=2008-06-01", b"", "", 200, 4))
        result = asyncio.run(_saturate(url, args.expensive, args.requests, args.concurrency))
        if args.json:
            print(json.dumps(result, indent=2))
            return
        m = result["members"]
        assert isinstance(m, dict)
        print(
            f"server {url} · limits: {'defaults' if args.defaults else SATURATING}\n"
            f"{args.expensive} bargaining requests (10,000 draws): in flight "
            f"{result['expensive_in_flight_at_start']} when the members run began, "
            f"{result['expensive_in_flight_at_end']} when it ended; statuses "
            f"{result['expensive_statuses']}; slowest {result['expensive_max_s']:.1f} s\n"
            f"members (as of 2008-06-01), {args.concurrency} connections: {m['requests']:.0f} "
            f"requests ({m['ok']:.0f} ok), {m['rps']:.0f} req/s, p50 {m['p50_ms']:.2f} ms, "
            f"p99 {m['p99_ms']:.2f} ms, max {m['max_ms']:.2f} ms"
        )
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="A running server (default: start one, one worker).")
    parser.add_argument("--requests", type=int, default=5000, help="Members requests (bounded).")
    parser.add_argument("--simulate-requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--saturate", action="store_true", help="The load test: members while 50 expensive run."
    )
    parser.add_argument("--expensive", type=int, default=50, help="Expensive requests in flight.")
    parser.add_argument(
        "--defaults", action="store_true", help="With --saturate: the server's default limits."
    )
    args = parser.parse_args()
    if args.saturate:
        saturate(args)
        return
    proc = None
    url = args.url
    if url is None:
        proc, url = _start_server()
    try:
        results = {}
        warm = _drive(url, "GET", "/api/members?on=2008-06-01", b"", "", 200, 4)
        asyncio.run(warm)
        results["members (as of 2008-06-01)"] = asyncio.run(
            _drive(
                url, "GET", "/api/members?on=2008-06-01", b"", "", args.requests, args.concurrency
            )
        )
        body = SCENARIO.encode()
        asyncio.run(_drive(url, "POST", "/api/simulate?draws=1000", body, "application/yaml", 4, 1))
        results["simulate (scenario, 1,000 draws)"] = asyncio.run(
            _drive(
                url,
                "POST",
                "/api/simulate?draws=1000",
                body,
                "application/yaml",
                args.simulate_requests,
                args.concurrency,
            )
        )
        over = urllib.request.Request(
            url + "/api/simulate?draws=10000000",
            data=body,
            headers={"Content-Type": "application/yaml"},
        )
        try:
            urllib.request.urlopen(over, timeout=30)
            limited = "not refused"
        except urllib.error.HTTPError as exc:
            limited = f"{exc.code} {json.loads(exc.read())['detail']}"
        if args.json:
            print(json.dumps({"results": results, "draws_limit": limited}, indent=2))
            return
        print(f"server {url} · {args.concurrency} connections")
        for name, r in results.items():
            print(
                f"{name:34} {r['requests']:6.0f} requests ({r['ok']:.0f} ok)  {r['rps']:8.0f} req/s  "
                f"p50 {r['p50_ms']:6.2f} ms  p99 {r['p99_ms']:6.2f} ms  max {r['max_ms']:7.2f} ms"
            )
        print(f"simulate with 10,000,000 draws: {limited}")
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(10)


if __name__ == "__main__":
    main()
