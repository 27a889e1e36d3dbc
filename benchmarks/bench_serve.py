"""Drive a running ``csto serve`` on loopback with a bounded number of requests; report requests/s and
p50/p99 latency for an as-of members query and for a 1,000-draw simulate. Measures, never asserts.

    python benchmarks/bench_serve.py                      # starts a server on a free port, one worker
    python benchmarks/bench_serve.py --url http://127.0.0.1:8000 --requests 5000 --concurrency 16

Goals: members ≥ 1,000 requests/s with p99 < 50 ms on one worker; simulate bounded by the server's limits.
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


def _start_server() -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    data = tempfile.mkdtemp(prefix="csto-bench-")
    code = (
        "import uvicorn\n"
        "from csto.serve import create_app\n"
        "from csto.store.store import open_store\n"
        f"app = create_app(store=open_store(data_dir={data!r}))\n"
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="A running server (default: start one, one worker).")
    parser.add_argument("--requests", type=int, default=5000, help="Members requests (bounded).")
    parser.add_argument("--simulate-requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
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
