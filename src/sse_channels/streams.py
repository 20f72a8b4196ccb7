"""Writing bytes so that every byte arrives or the caller hears why (standard library only).

`os.write` and a raw stream's `write` may write fewer bytes than asked: a file that reaches the
size limit (`ulimit -f`, a nearly full disk) or a non-blocking pipe whose buffer is full. A
writer that ignores the count loses the tail silently. `write_all` loops until everything is
written, waits (bounded) for a non-blocking pipe to drain, and raises `OSError` otherwise.
"""

from __future__ import annotations

import errno
import io
import os
import select
import time
from typing import BinaryIO, TextIO

WAIT_SECONDS = 30.0  # how long a full pipe may stay full before the write is given up


def write_all(target: int | BinaryIO, data: bytes, *, wait_seconds: float = WAIT_SECONDS) -> None:
    """Write every byte of `data` to a file descriptor or a binary stream, or raise OSError.

    A binary stream is flushed first and then written through its file descriptor, so its
    buffer and the new bytes keep their order. A short count is retried from where it stopped;
    a write that makes no progress (0 bytes) raises ENOSPC. EAGAIN on a non-blocking descriptor
    waits until it is writable again, at most `wait_seconds` without progress (then ETIMEDOUT).
    """
    if isinstance(target, int):
        fd = target
    else:
        target.flush()
        fd = target.fileno()
    view = memoryview(data)
    deadline = time.monotonic() + wait_seconds
    while view:
        try:
            n = os.write(fd, view)
        except BlockingIOError:
            left = deadline - time.monotonic()
            if left <= 0:
                raise OSError(errno.ETIMEDOUT, "the output stayed full; nobody reads it") from None
            _wait_writable(fd, min(left, 1.0))
            continue
        except InterruptedError:  # pragma: no cover - Python retries EINTR itself (PEP 475)
            continue
        if n <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        view = view[n:]
        deadline = time.monotonic() + wait_seconds


class CheckedWriter(io.RawIOBase):
    """A raw stream over a file descriptor whose every write goes through `write_all`: what
    Click's help, Rich's console and `print` write arrives whole, or raises `OSError`. The
    descriptor is not closed with the stream (it belongs to the process, like stdout's)."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        self._fd = fd

    def fileno(self) -> int:
        return self._fd

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return os.isatty(self._fd)

    def write(self, data: memoryview) -> int:  # type: ignore[override]  # bytes-like in
        write_all(self._fd, bytes(data))
        return len(data)


def checked_text_stream(stream: TextIO) -> io.TextIOWrapper | None:
    """A text stream like `stream` (same encoding and buffering) that writes through
    `CheckedWriter`; None when `stream` has no file descriptor (a test runner's capture)."""
    try:
        fd = stream.fileno()
        stream.flush()
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        return None
    return io.TextIOWrapper(
        io.BufferedWriter(CheckedWriter(fd)),  # type: ignore[type-var]  # a raw stream
        encoding=getattr(stream, "encoding", None) or "utf-8",
        errors="backslashreplace",
        line_buffering=bool(getattr(stream, "line_buffering", False)),
        write_through=bool(getattr(stream, "write_through", False)),
    )


def _wait_writable(fd: int, timeout: float) -> None:
    """Block until `fd` accepts bytes again, or `timeout` seconds pass."""
    if hasattr(select, "poll"):
        poller = select.poll()
        poller.register(fd, select.POLLOUT)
        poller.poll(max(1, int(timeout * 1000)))
    else:  # pragma: no cover - Windows has no poll; select works on its sockets only
        select.select([], [fd], [], timeout)
