"""`/api/search` under load: a real `sse-channels serve` (uvicorn), 50 concurrent clients.

    python benchmarks/serve_load.py                       # 5 rounds of 10,000 requests, 50 clients
    python benchmarks/serve_load.py --rounds 1 --requests 2000       # quicker

The server runs in its own process on a free loopback port, as `sse-channels serve` runs it.
The clients are 50 connections in this process, each sending its next request (HTTP/1.1, kept
alive) as soon as the last is answered, until the round's total is sent: a closed loop,
bounded in requests and in time. The queries are the held-out set's
(benchmarks/holdout_queries.yaml) that find something, in turn. Latency is from sending a
request to reading its whole body.

The clients are asyncio protocols that read only the status line and Content-Length, on
uvloop when the web extra installed it, rather than an HTTP client library: on a machine of
two CPUs they compete with the server for the same cores, and the lighter they are, the more
of what is measured is the server. Even so, part of every figure is the client's own time:
with 50 requests always in flight, a request waits for the 49 before it on the server and in
the client's event loop (the CPU line of each round shows how the time was shared). The
one-client run printed first shows the latency of one request alone.

Printed, for each round: errors (a status other than 200, a broken connection, a request
unanswered at the deadline), p50, p90, p99 and the slowest latency, requests per second and
the CPU time of server and clients; then the median p50 and p99 of the rounds, the errors of
all rounds, and the server's resident memory after the run (VmRSS) and at its peak (VmHWM),
against the targets. The script reports; it exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

import yaml

HERE = Path(__file__).resolve().parent
TARGET_P50_MS = 5.0
TARGET_P99_MS = 50.0
TARGET_RSS_MB = 150.0
T = TypeVar("T")
TIMEOUT = 10.0  # seconds for one request


def queries() -> list[str]:
    """The held-out queries that find something (each answered 200, not 404)."""
    from sse_channels import api
    from sse_channels.errors import SseChannelsError

    cases = yaml.safe_load((HERE / "holdout_queries.yaml").read_text(encoding="utf-8"))
    out = []
    for case in cases:
        try:
            api.search(str(case["query"]))
        except SseChannelsError:
            continue
        out.append(str(case["query"]))
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "sse_channels", "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"serve exited: {proc.stderr.read().decode()}")  # type: ignore[union-attr]
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?q=bond", timeout=2).read()
            return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("serve did not answer within 60 s")


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory_mb(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of a process in MB, from /proc (Linux)."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _sep, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return fields.get("VmRSS", 0.0), fields.get("VmHWM", 0.0)


class Client(asyncio.Protocol):
    """One kept-alive connection: sends its next request as soon as the last is answered,
    until `total` are sent by all clients. A protocol, not streams: the client parses only
    the status line and Content-Length, so as little as possible of its time is counted."""

    def __init__(self, run: Run) -> None:
        self.run = run
        self.buffer = b""
        self.began = 0.0
        self.transport: asyncio.Transport | None = None
        self.closed: asyncio.Future[None] = run.loop.create_future()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # uvloop's is not a subclass
        self.send_next()

    def send_next(self) -> None:
        run = self.run
        if run.sent >= run.total or self.transport is None:
            if self.transport is not None:
                self.transport.close()
            return
        request = run.paths[run.sent % len(run.paths)]
        run.sent += 1
        self.began = time.perf_counter()
        self.transport.write(request)

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        head_end = self.buffer.find(b"\r\n\r\n")
        if head_end < 0:
            return
        head = self.buffer[:head_end]
        match = CONTENT_LENGTH.search(head)
        length = int(match[1]) if match else 0
        if len(self.buffer) < head_end + 4 + length:
            return
        self.run.times.append(time.perf_counter() - self.began)
        if head[9:12] != b"200":
            self.run.refused += 1
        self.buffer = self.buffer[head_end + 4 + length :]
        if b"connection: close" in head.lower():
            assert self.transport is not None
            self.transport.close()
            return
        self.send_next()

    def connection_lost(self, exc: Exception | None) -> None:
        self.transport = None
        if not self.closed.done():
            self.closed.set_result(None)


CONTENT_LENGTH = re.compile(rb"(?i)content-length:\s*(\d+)")


class Run:
    """What the clients of one run share: the requests, how many are sent, the latencies."""

    def __init__(self, loop: asyncio.AbstractEventLoop, paths: list[bytes], total: int) -> None:
        self.loop = loop
        self.paths = paths
        self.total = total
        self.sent = 0
        self.refused = 0  # answered with a status other than 200
        self.times: list[float] = []


async def load(
    port: int, paths: list[bytes], total: int, clients: int
) -> tuple[list[float], int, float]:
    loop = asyncio.get_running_loop()
    run = Run(loop, paths, total)
    began = time.perf_counter()
    protocols: list[Client] = []
    for _ in range(min(clients, total)):
        try:
            _transport, protocol = await loop.create_connection(
                lambda: Client(run), "127.0.0.1", port
            )
        except OSError:
            continue
        protocols.append(protocol)
    # One deadline for the whole run, not a timer per request: what a run that outlives it
    # did not answer counts as errors.
    waiting = [p.closed for p in protocols]
    if waiting:  # no connection at all: every request counts as an error below
        await asyncio.wait(waiting, timeout=TIMEOUT + total / 100)
    for protocol in protocols:
        if protocol.transport is not None:
            protocol.transport.close()
    wall = time.perf_counter() - began
    # An error is a request not answered 200: refused, lost with its connection, never sent
    # because every connection was gone, or still unanswered at the deadline.
    return run.times, run.refused + total - len(run.times), wall


def run_loop(coroutine: Coroutine[Any, Any, T]) -> T:
    """Runs the clients on uvloop where the web extra installed it (as the server runs), so
    that the clients take less of the CPUs they share with the server."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coroutine)
    return uvloop.run(coroutine)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def report(title: str, times: list[float], errors: int, wall: float) -> float:
    ms = [t * 1000 for t in times]
    p50, p90, p99 = (percentile(ms, p) for p in (50, 90, 99))
    print(
        f"{title}: {len(times)} answered, {errors} errors, {len(times) / wall:.0f} req/s; "
        f"p50 {p50:.2f} ms, p90 {p90:.2f} ms, p99 {p99:.2f} ms, slowest {max(ms):.2f} ms"
    )
    return p50


def positive(text: str) -> int:
    """An argument that is a whole number of at least 1."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a whole number of at least 1")
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=positive, default=10_000)
    parser.add_argument("--concurrency", type=positive, default=50)
    parser.add_argument("--rounds", type=positive, default=5, help="runs of --requests each")
    args = parser.parse_args()
    texts = queries()
    port = free_port()
    paths = [
        f"GET /api/search?q={quote(q)} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()
        for q in texts
    ]
    proc = start_server(port)
    try:
        print(f"server: pid {proc.pid}, {os.cpu_count()} CPUs, {len(texts)} distinct queries")
        warm = min(args.requests, 500)
        times, errors, wall = run_loop(load(port, paths, warm, 1))
        report("alone (1 client)", times, errors, wall)
        p50s, p99s, errors = [], [], 0
        for round_ in range(1, args.rounds + 1):
            server_cpu, client_cpu = cpu_seconds(proc.pid), time.process_time()
            times, failed, wall = run_loop(load(port, paths, args.requests, args.concurrency))
            server_cpu = cpu_seconds(proc.pid) - server_cpu
            client_cpu = time.process_time() - client_cpu
            ms = [t * 1000 for t in times]
            p50s.append(percentile(ms, 50))
            p99s.append(percentile(ms, 99))
            errors += failed
            report(f"load {round_} ({args.concurrency} clients)", times, failed, wall)
            print(
                f"  CPU: server {server_cpu:.2f} s, clients {client_cpu:.2f} s,"
                f" over {wall:.2f} s of wall time"
            )
        p50, p99 = statistics.median(p50s), statistics.median(p99s)
        print(
            f"median of {args.rounds} rounds: p50 {p50:.2f} ms, p99 {p99:.2f} ms;"
            f" {errors} errors in all"
        )
        rss, peak = memory_mb(proc.pid)
        print(f"server memory: RSS {rss:.0f} MB after the run, peak {peak:.0f} MB")
        met = [
            ("0 errors", errors == 0),
            (f"p50 <= {TARGET_P50_MS:g} ms", p50 <= TARGET_P50_MS),
            (f"p99 <= {TARGET_P99_MS:g} ms", p99 <= TARGET_P99_MS),
            (f"RSS <= {TARGET_RSS_MB:g} MB", peak <= TARGET_RSS_MB),
        ]
        print("targets: " + ", ".join(f"{name} {'met' if ok else 'NOT met'}" for name, ok in met))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    main()
