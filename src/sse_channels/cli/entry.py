"""The console script (`sse-channels`) and `python -m sse_channels`.

Kept apart from `app` so that Ctrl-C while the command line is still being imported ends as
quietly as Ctrl-C while it runs: "interrupted", exit code 1."""

from __future__ import annotations

import sys


def main() -> None:
    try:
        from .app import app
        from .group import lazy_group
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(1)
    sys.exit(lazy_group(app).run())
