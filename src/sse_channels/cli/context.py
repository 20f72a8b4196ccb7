"""What one run of the command line carries from its global options to the commands and to
output: the directory file, who is asking, colour, and whether the answer is JSON.

Click keeps it as the root context's `obj`; `Group.run` creates it, the group's callback and
the `--json` option fill it in, commands read it with `invocation(ctx)`. A test can hand its own
to `CliRunner.invoke(..., obj=Invocation(...))`. Nothing else holds these settings.
"""

from __future__ import annotations

from typing import Any

from msgspec import Struct

from sse_channels.output import Color


class Invocation(Struct):
    """The global options of one run (filled in while Click parses)."""

    data_path: str | None = None  # --data FILE (or SSE_CHANNELS_DATA); None: the packaged directory
    role: str | None = None  # --as given before the command; a command's own --as wins
    color: Color = Color.auto
    as_json: bool = False  # --json was given: "nothing found" still prints valid JSON ([])


def invocation(ctx: Any) -> Invocation:
    """The run's `Invocation`, kept on the root context (made there when a caller gave none)."""
    root = ctx.find_root()
    if not isinstance(root.obj, Invocation):
        root.obj = Invocation()
    obj: Invocation = root.obj
    return obj


def asked_role(ctx: Any, role: str | None) -> str | None:
    """Who is asking: the command's own `--as`, else one given before the command, else
    SSE_CHANNELS_AS (which Click also hands the command as its `--as`, so it must not win)."""
    source = ctx.get_parameter_source(
        "role"
    )  # Click's ParameterSource, by name: Typer vendors Click
    if getattr(source, "name", None) == "COMMANDLINE":
        return role
    return invocation(ctx).role or role
