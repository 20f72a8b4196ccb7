"""`sse-channels serve`: the application on uvicorn, until SIGTERM or Ctrl-C.

The directory is loaded (and validated) before the port is opened, so a bad `--data` file is
an error message and exit code 1, not a server that answers 500.
"""

from __future__ import annotations

import ipaddress
import signal
from types import FrameType

from sse_channels.errors import DataError, SseChannelsError
from sse_channels.l10n import _
from sse_channels.output.stdio import err


def loopback(host: str) -> bool:
    """Whether `host` is reachable from this machine only."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class _Stopped(Exception):
    """SIGTERM, handed on by uvicorn once it has shut down."""


def _stopped(signum: int, frame: FrameType | None) -> None:
    raise _Stopped


def run(*, host: str, port: int, data: str | None) -> int:
    import uvicorn

    from sse_channels import api

    from .app import create_app

    try:
        api.load(data)
        api.search("债券", data_path=data)  # builds the search index before the first request
    except DataError as exc:
        from sse_channels.output.plain import problem_text

        for p in exc.problems:
            err(_("error: {message}").format(message=problem_text(p)))
        return 1
    except SseChannelsError as exc:
        err(_("error: {message}").format(message=exc))
        return 1
    if not loopback(host):
        err(
            _(
                "warning: serving on {host}: every machine that can reach this one can read"
                " the page; the default 127.0.0.1 serves this machine only"
            ).format(host=host)
        )
    config = uvicorn.Config(
        create_app(data),
        host=host,
        port=port,
        access_log=False,
        server_header=False,
        proxy_headers=False,
        log_level="info",
    )
    # uvicorn answers SIGTERM and Ctrl-C by finishing the requests in flight and shutting
    # down; then it raises the signal again with the handler it found: here, a clean exit.
    previous = signal.signal(signal.SIGTERM, _stopped)
    try:
        uvicorn.Server(config).run()
    except (KeyboardInterrupt, _Stopped):
        pass
    except SystemExit as exc:  # e.g. a port in use: uvicorn has said so on stderr
        return 1 if exc.code else 0
    finally:
        signal.signal(signal.SIGTERM, previous)
    return 0
