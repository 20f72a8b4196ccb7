"""A real `sse-channels serve` in a child process on a free loopback port, for the tests that
need one (the browser, the signals)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(*args: str, port: int) -> subprocess.Popen[str]:
    env = {**os.environ, "SSE_CHANNELS_LANG": "en", "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "sse_channels", "serve", "--port", str(port), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def wait_until_up(proc: subprocess.Popen[str], base: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"serve exited with {proc.returncode}: {proc.stderr.read()}")  # type: ignore[union-attr]
        try:
            with urllib.request.urlopen(base + "/api/channels/tech.hotline", timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("serve did not answer in time")


@contextmanager
def serving(*args: str) -> Iterator[str]:
    """The base URL of a running server; it is stopped (SIGTERM) afterwards."""
    port = free_port()
    proc = start(*args, port=port)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(proc, base)
        yield base
    finally:
        proc.terminate()
        try:
            proc.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
