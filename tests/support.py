"""What the hostile tests share: the console script, child environments, a fast runner and
the check that no escape or control character reaches the output. Not a test module."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from typer.main import get_command
from typer.testing import CliRunner

from sse_channels import store
from sse_channels.cli.app import app

TAB = "\t"
EXE = str(Path(sys.executable).with_name("sse-channels"))

# C0 controls except \n and \t, DEL, C1 controls, and the bidi embedding/override/isolate marks.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def assert_clean(*texts: str) -> None:
    """No traceback, and no escape, control or bidi character anywhere in the output."""
    for text in texts:
        assert "Traceback" not in text, text
        bad = FORBIDDEN.findall(text)
        assert not bad, f"control characters reached the output: {bad!r} in {text[:300]!r}"


class FastRunner(CliRunner):
    """`run` with the Click command built once: Typer rebuilds it on every invoke (~10 ms).

    Same isolation and exit-code handling as `CliRunner.invoke(..., catch_exceptions=False)`:
    any exception other than SystemExit propagates and fails the test.
    """

    command = get_command(app)

    def __call__(self, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
        code = 0
        with self.isolation(env=env) as streams:
            try:
                self.command.main(args=list(args), prog_name="sse-channels")
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                out, err = streams[0].getvalue(), streams[1].getvalue()
        return code, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


fast_run = FastRunner()


def clear_store_caches() -> None:
    """Forget what this process has loaded, so the next run reads the cache directory again."""
    for value in vars(store).values():
        if callable(getattr(value, "cache_clear", None)):
            value.cache_clear()


# =========================================================================== queries and options


# The same hostile strings reach the terminal renderers when colour is forced: the only escape
# sequences allowed then are Rich's own SGR styles and OSC 8 links to the directory's own URLs.
SGR = r"\x1b\[[0-9;]*m"
OSC8 = r"\x1b\]8;(?:id=\d+)?;(?:(?:https?|mailto|tel):[^\x1b\x07]*)?\x1b\\"
ALLOWED_ESC = re.compile(f"{SGR}|{OSC8}")


def regular_file(tmp_path: Path) -> Path:
    f = tmp_path / "a-file"
    f.write_text("not a directory", "utf-8")
    return f


def child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "TERM", "NO_COLOR")}
    env.update(extra)
    return env
