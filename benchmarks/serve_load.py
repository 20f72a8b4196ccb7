"""`/api/search` under load: a real `sse-channels serve` (uvicorn), 50 concurrent clients.

    python benchmarks/serve_load.py                       # 10,000 requests, 50 clients
    python benchmarks/serve_load.py --requests 2000       # quicker

The server runs in its own process on a free loopback port, as `sse-channels serve` runs it.
The clients are asyncio connections in this process, each sending its next request (HTTP/1.1,
kept alive) as soon as the last is answered, until the total is sent: a closed loop, bounded
in requests and in time. The queries are the held-out set's (benchmarks/holdout_queries.yaml)
that find something, in turn. Latency is from sending a request to reading its whole body.

The clients are written on bare asyncio streams rather than an HTTP client library: on a
machine of two CPUs they compete with the server for the same cores, and the lighter they
are, the more of what is measured is the server. Even so, part of every figure is the
client's own time: with 50 requests always in flight, a request waits for the 49 before it
on the server and in the client's event loop. The concurrency-1 run printed first shows the
latency of one request alone.

Printed: errors (a status other than 200, a broken connection, a timeout), p50, p90, p99 and
the slowest latency, requests per second, and the server's resident memory after the run
(VmRSS) and at its peak (VmHWM), against the targets. The script reports; it exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import yaml

HERE = Path(__file__).resolve().parent
TARGET_P50_MS = 5.0
TARGET_P99_MS = 50.0
TARGET_RSS_MB = 150.0
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


def memory_mb(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of a process in MB, from /proc (Linux)."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _sep, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return fields.get("VmRSS", 0.0), fields.get("VmHWM", 0.0)


async def client(
    port: int, paths: list[bytes], counter: list[int], total: int, times: list[float]
) -> int:
    """One connection: requests until `total` are sent by all; the number of errors."""
    errors = 0
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    while counter[0] < total:
        i = counter[0]
        counter[0] += 1
        request = paths[i % len(paths)]
        try:
            if writer is None or reader is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            began = time.perf_counter()
            writer.write(request)
            status, keep = await read_response(reader)  # the whole run is bounded in `load`
            times.append(time.perf_counter() - began)
            if status != 200:
                errors += 1
            if not keep:
                writer.close()
                reader = writer = None
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError):
            errors += 1
            if writer is not None:
                writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()
    return errors


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = 0
    keep = True
    for line in lines[1:]:
        name, _sep, value = line.partition(":")
        if name.lower() == "content-length":
            length = int(value)
        elif name.lower() == "connection" and value.strip().lower() == "close":
            keep = False
    await reader.readexactly(length)
    return status, keep


async def load(
    port: int, paths: list[bytes], total: int, clients: int
) -> tuple[list[float], int, float]:
    counter = [0]
    times: list[float] = []
    began = time.perf_counter()
    # One deadline for the whole run, not a timer per request (a timer per request costs the
    # clients as much as parsing the answer): a run that outlives it counts what was not
    # answered as errors.
    tasks = [
        asyncio.ensure_future(client(port, paths, counter, total, times)) for _ in range(clients)
    ]
    done, pending = await asyncio.wait(tasks, timeout=TIMEOUT + total / 100)
    for task in pending:
        task.cancel()
    errors = sum(t.result() for t in done) + (total - len(times) if pending else 0)
    return times, errors, time.perf_counter() - began


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=50)
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
        times, errors, wall = asyncio.run(load(port, paths, warm, 1))
        report("alone (1 client)", times, errors, wall)
        times, errors, wall = asyncio.run(load(port, paths, args.requests, args.concurrency))
        ms = [t * 1000 for t in times]
        p50, p99 = percentile(ms, 50), percentile(ms, 99)
        report(f"load ({args.concurrency} clients)", times, errors, wall)
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
