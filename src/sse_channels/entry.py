"""The console script's entry point, kept apart from `cli` so that Ctrl-C while the command line
is still being imported ends as quietly as Ctrl-C while it runs: "interrupted", exit code 1."""

import sys


def main() -> None:
    try:
        from .cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(1)
    run()
