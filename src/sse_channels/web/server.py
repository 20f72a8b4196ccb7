"""`sse-channels serve`: the application on uvicorn, until SIGTERM or Ctrl-C.

The directory is loaded (and validated) before the port is opened, so a bad `--data` file is
an error message and exit code 1, not a server that answers 500.
"""

from __future__ import annotations

import ipaddress

from sse_channels.errors import DataError, SseChannelsError
from sse_channels.l10n import _
from sse_channels.stdio import err


def loopback(host: str) -> bool:
    """Whether `host` is reachable from this machine only."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def run(*, host: str, port: int, data: str | None) -> int:
    import uvicorn

    from sse_channels import api

    from .app import create_app

    try:
        api.load(data)
        api.search("债券", data=data)  # builds the search index before the first request
    except DataError as exc:
        from sse_channels.describe import problem_text

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
    try:
        uvicorn.Server(config).run()  # SIGTERM and Ctrl-C end it after open requests finish
    except SystemExit as exc:  # uvicorn exits 1 when the port cannot be bound, said on stderr
        return exc.code if isinstance(exc.code, int) else 1
    return 0
