"""The web shell: `sse-channels serve`, a page and a JSON API over `api`, like the command line.

Installed with the `web` extra (Starlette, uvicorn, Jinja2). This module imports none of them
at module level, so that `serve` without the extra can say in one line how to install it.
`app.create_app` builds the ASGI application; `server.run` serves it with uvicorn.
"""

from __future__ import annotations

import importlib

from sse_channels.l10n import _

INSTALL = "pip install 'sse-channels[web]'"
NEEDED = ("starlette", "uvicorn", "jinja2")


def missing() -> list[str]:
    """The packages of the web extra that cannot be imported."""
    out = []
    for name in NEEDED:
        try:
            importlib.import_module(name)
        except ImportError:
            out.append(name)
    return out


def serve(*, host: str, port: int, data: str | None) -> int:
    """Serve the page and the API until SIGTERM or Ctrl-C; the exit code (1: cannot start)."""
    from sse_channels.output.stdio import err

    if missing():
        err(_("serve needs the web extra: {command}").format(command=INSTALL))
        return 1
    from .server import run

    return run(host=host, port=port, data=data)
