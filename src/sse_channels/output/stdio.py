"""The standard streams: results on stdout, messages on stderr, and every way writing fails.

A reader that has gone away (`| head -1`) ends the command quietly with exit code 0; any other
failure to write (a full disk, `> /dev/full`, a closed stdout) is said on stderr with exit code
1. Nothing here knows about Typer or Rich: failures are raised as `OutputGone` (the reader left)
or `OutputFailed`, and the entry point maps them to exit codes.
"""

from __future__ import annotations

import errno
import io
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from sse_channels.l10n import _
from sse_channels.textnorm import clean


class OutputGone(Exception):
    """The reader of stdout went away: stop quietly, successfully."""


class OutputFailed(Exception):
    """Stdout cannot be written: the message says why."""


@contextmanager
def guarded() -> Iterator[None]:
    """Turn the OS errors of writing to stdout into `OutputGone` or `OutputFailed`."""
    try:
        yield
    except BrokenPipeError:
        silence_stdout()
        raise OutputGone from None
    except OSError as exc:
        silence_stdout()
        raise OutputFailed(cannot_write(exc)) from None


def cannot_write(exc: OSError) -> str:
    """What a person is told when stdout could not be written."""
    return _("cannot write output: {reason}").format(reason=exc.strerror or exc)


def out(text: str) -> None:
    """One line of results on stdout."""
    line = text + "\n"
    _write(line.encode(sys.stdout.encoding or "utf-8", "backslashreplace"), line)


def out_bytes(data: bytes, encoding: str) -> None:
    """Exact bytes on stdout (an export: a BOM stays a BOM)."""
    _write(data, data.decode(encoding))


def _write(data: bytes, text: str) -> None:
    """Every byte reaches stdout's file, or `OutputFailed` says why: a short write (a size
    limit, a nearly full disk) or a non-blocking pipe that fills up is not success."""
    binary = getattr(sys.stdout, "buffer", None)
    try:
        has_fd = binary is not None and binary.fileno() >= 0
    except (OSError, ValueError, AttributeError):
        has_fd = False
    with guarded():
        if not has_fd:  # a text-only stream (a test runner's capture): text is all it takes
            sys.stdout.write(text)
            return
        from sse_channels.streams import write_all

        sys.stdout.flush()
        write_all(binary, data)  # type: ignore[arg-type]  # has_fd: a real binary stream


def err(text: str) -> None:
    """A message on stderr, with control and format characters made harmless. Best effort:
    a stderr that cannot be written (`2>/dev/full`) leaves the exit code as the work made it."""
    try:
        sys.stderr.write(clean(text) + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def is_tty() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


MAX_COLUMNS = 1000  # wider than any screen; COLUMNS=4000000000 must not allocate gigabytes


def env_columns() -> int | None:
    """The width from $COLUMNS, within 20..MAX_COLUMNS; None when it is unset or not a
    number."""
    text = os.environ.get("COLUMNS", "").strip()
    if not text.isdigit() or len(text) > 6:
        return MAX_COLUMNS if text.isdigit() else None
    return min(max(int(text), 20), MAX_COLUMNS)


def columns() -> int:
    """The terminal's width: $COLUMNS, else what the terminal says, else 80."""
    width = env_columns()
    if width is not None:
        return width
    try:
        return max(os.get_terminal_size(sys.stdout.fileno()).columns, 20)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        return 80


def stdout_is_file() -> bool:
    """Whether stdout is redirected to a regular file (`> out.csv`), not a pipe or terminal."""
    import stat

    try:
        return stat.S_ISREG(os.fstat(sys.stdout.fileno()).st_mode)
    except (AttributeError, ValueError, OSError, io.UnsupportedOperation):
        return False


class ClosedStdout(io.TextIOBase):
    """Stands for a stdout the program was started without: any write is an error to report."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "stdout is closed")

    def isatty(self) -> bool:
        return False


class ClosedStderr(io.TextIOBase):
    """Stands for a stderr the program was started without: messages are dropped, and a
    command that did its work still succeeds."""

    def write(self, text: str) -> int:
        return len(text)

    def isatty(self) -> bool:
        return False


def prepare() -> None:
    """Before anything is written: a missing stdout becomes one that reports each write, and
    an ASCII or Latin-1 locale escapes Chinese rather than crash."""
    if sys.stdout is None:  # started with stdout closed (`sse-channels list >&-`)
        sys.stdout = ClosedStdout()
    else:  # help, Rich's tables and every other write arrive whole or fail loudly
        from sse_channels.streams import checked_text_stream

        sys.stdout = checked_text_stream(sys.stdout) or sys.stdout
    if sys.stderr is None:  # started with stderr closed (`2>&-`): messages have nowhere to go
        sys.stderr = ClosedStderr()
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def finish() -> int | None:
    """Flush what is still buffered; None when that worked, else the exit code to use."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        silence_stdout()
    except OSError as exc:
        silence_stdout()
        err(_("error: {message}").format(message=cannot_write(exc)))
        return 1
    return None


def silence_stdout() -> None:
    # Python flushes stdout at exit; pointing it at devnull stops a second BrokenPipeError.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
