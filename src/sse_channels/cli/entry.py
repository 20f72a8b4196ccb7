"""The console script's entry point, kept apart from `cli` so that Ctrl-C while the command line
is still being imported ends as quietly as Ctrl-C while it runs: "interrupted", exit code 1."""

from __future__ import annotations

import atexit
import gc
import os
import sys
from collections.abc import Callable


def main() -> None:
    try:
        import typer  # noqa: F401  # first, and as any Typer program imports it

        # Then the command line's own modules, with the collector paused: some 40 modules of
        # classes and functions that live until exit, among which it would find no garbage
        # (nine collections, about 4 ms). Frozen, later collections need not walk them. A
        # program that calls `main` keeps its collector as it set it.
        pause = _is_the_program() and gc.isenabled()
        if pause:
            gc.disable()
        try:
            from .app import main as run_cli
        finally:
            if pause:
                gc.freeze()
                gc.enable()
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(1)
    try:
        run_cli()
    except SystemExit as exc:
        leave(exc.code)


def leave(code: int | str | None) -> None:
    """End the process with `code`. When this is the program (the console script or
    `python -m sse_channels`, not a program that calls `main`), the answer is out and nothing
    else waits for Python's shutdown (no exit handler, such as a coverage tool's, and no other
    thread), end it at once: tearing down some 250 modules and the loaded directory is 2-3 ms
    of a command that takes about 90. Otherwise, and for a message instead of a number, exit
    as usual."""
    if (code is None or isinstance(code, int)) and not _shutdown_needed():
        try:
            for stream in (sys.stdout, sys.stderr):  # None when started with the fd closed
                if stream is not None:
                    stream.flush()  # `run` has flushed stdout; nothing may have been left
        except (OSError, ValueError):
            pass
        else:
            os._exit(code or 0)
    sys.exit(code)


_DEBUGGERS = ("bdb", "pydevd", "debugpy")  # pdb is built on bdb


def _is_the_program() -> bool:
    """Run by the console script or `python -m sse_channels`, with no debugger or interactive
    prompt to return to: both call `main` from their own __main__ (`from sse_channels.entry
    import main`), the script under its own name (a wrapper script of another name that does
    the same keeps its `except SystemExit` and its files)."""
    top = sys.modules.get("__main__")
    if getattr(top, "main", None) is not main:
        return False
    if sys.gettrace() is not None or sys.flags.inspect or os.environ.get("PYTHONINSPECT"):
        return False  # a tracer (coverage, a debugger stepping) or python -i
    if any(name in sys.modules for name in _DEBUGGERS):
        return False  # a debugger that has stopped tracing (pdb after `continue`)
    spec = getattr(top, "__spec__", None)
    if spec is not None and spec.name == "sse_channels.__main__":
        return True  # python -m sse_channels
    # The console script: a file run as __main__ (or, on Windows, an .exe's __main__.py).
    script = os.path.basename(sys.argv[0]) if sys.argv else ""
    return script.removesuffix(".exe").removesuffix("-script.py") == "sse-channels"


def _shutdown_needed() -> bool:
    if not _is_the_program():
        return True
    # CPython tells how many exit handlers are registered; elsewhere, assume some are.
    handlers: Callable[[], int] | None = getattr(atexit, "_ncallbacks", None)
    if handlers is None or handlers() > 0:
        return True
    threading = sys.modules.get("threading")
    return threading is not None and threading.active_count() > 1


def run(app: Callable[..., object]) -> None:
    """Run the app and exit with 0, 1 or 2: a reader that went away is success, a stream that
    cannot be written or Ctrl-C is 1, and nothing ends in a traceback."""
    from sse_channels.output import stdio

    stdio.prepare()
    code: int | str | None = 0
    try:
        app(prog_name="sse-channels")
    except SystemExit as exc:
        code = exc.code
        if code == 130:  # Typer's answer to Ctrl-C; exit codes stay 0, 1 and 2
            _interrupted()
            code = 1
    except (BrokenPipeError, stdio.OutputGone):
        stdio.silence_stdout()
    except KeyboardInterrupt:
        _interrupted()
        code = 1
    except stdio.OutputFailed as exc:  # e.g. --version written to a full disk
        stdio.err(f"error: {exc}")
        code = 1
    except OSError as exc:  # e.g. help text written to a full disk or a closed stdout
        stdio.silence_stdout()
        stdio.err(f"error: cannot write output: {exc.strerror or exc}")
        code = 1
    # The answer is out. Python's shutdown runs the cyclic collector over every object still
    # alive, the loaded directory and its index among them (about 30 ms, as long as the whole
    # search); frozen objects are left to reference counting alone.
    gc.freeze()
    sys.exit(stdio.finish() or code)


def _interrupted() -> None:
    from sse_channels.output import stdio

    stdio.silence_stdout()
    sys.stderr.write("interrupted\n")
