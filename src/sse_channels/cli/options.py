"""The command line's shared arguments and options, declared once, and the small callbacks
they need. Like `cli` and `cli_params`, part of the shell: nothing here decides an answer."""

from __future__ import annotations

import os
import sys
from contextlib import suppress
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from sse_channels import __version__, api
from sse_channels.errors import SseChannelsError
from sse_channels.output import stdio

from .click_text import N_, _
from .context import invocation
from .group import ENV_DATA, complete, complete_areas

if TYPE_CHECKING:
    import datetime as dt

    from sse_channels.answers import SearchAnswer, ShowAnswer

# The variable calendar.ENV_HOLIDAYS names, not imported from there: the calendar module is
# loaded only by the commands that need it.
ENV_HOLIDAYS = "SSE_CHANNELS_HOLIDAYS"

QueryArg = Annotated[
    list[str],
    typer.Argument(
        help=N_("Words to look for: Chinese, pinyin, initials, English or a number."),
        metavar="QUERY",
        autocompletion=complete,
        show_default=False,
    ),
]
HolidaysOpt = Annotated[
    Optional[str],  # noqa: UP045  # Typer reads the annotation at runtime on Python 3.10
    typer.Option(
        "--holidays",
        envvar=ENV_HOLIDAYS,
        metavar="FILE",
        help=N_("The exchange's closure notice (YAML); it wins over the built-in calendar."),
    ),
]


def _json_asked(ctx: typer.Context, value: bool) -> bool:
    if value:
        invocation(ctx).as_json = True  # so that "nothing found" can still print valid JSON ([])
    return value


JsonOpt = Annotated[
    bool,
    typer.Option("--json", callback=_json_asked, help=N_("Print JSON (UTF-8) instead of text.")),
]

ExplainOpt = Annotated[
    bool,
    typer.Option("--explain", help=N_("Show why each result matched, and how strongly.")),
]


ENV_AS = "SSE_CHANNELS_AS"
AsOpt = Annotated[
    Optional[str],  # noqa: UP045  # Typer reads the annotation at runtime on Python 3.10
    typer.Option(
        "--as",
        envvar=ENV_AS,
        metavar="ROLE",
        help=N_(
            "Who is asking: investor, company, sponsor, underwriter, member, fund, tech or "
            "public (default: SSE_CHANNELS_AS). That role's channels come first; channels "
            "only for other roles are left out."
        ),
    ),
]


AreaOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--area",
        metavar="AREA",
        help=N_("Only this area (id or Chinese name)."),
        autocompletion=complete_areas,
    ),
]
AtOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--at",
        metavar="DATETIME",
        help=N_("At this time: 2026-11-26T10:00 (Beijing) or with an offset, 2026-11-26T02:00Z."),
    ),
]


def at_time(text: str | None) -> dt.datetime | None:
    """ISO 8601 or a time as people type it (10:00, 下午3点, 明天 10:00), Beijing time."""
    if text is None:
        return None
    from sse_channels.days.staffing import now_beijing
    from sse_channels.days.typed import parse_instant

    return parse_instant(text, now=now_beijing())


def whole_day(text: str | None) -> bool:
    """Whether `--at` names a date alone (2026-12-08, 12/8, 明天, 周一): the whole day asked."""
    if text is None:
        return False
    from sse_channels.days.staffing import now_beijing
    from sse_channels.days.typed import names_a_day

    return names_a_day(text, now=now_beijing())


ForceOpt = Annotated[bool, typer.Option("--force", help=N_("Replace the FILE if it exists."))]


CopyOpt = Annotated[bool, typer.Option("--copy", help=N_("Put the best contact on the clipboard."))]


def copy_best_contact(answer: SearchAnswer | ShowAnswer, copy: bool) -> None:
    if copy:
        from sse_channels.handoff import copy_best

        stdio.err(copy_best(answer, tty=sys.stderr))


def version_callback(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            installed = version("sse-channels")
        except PackageNotFoundError:  # run from a source tree without installing
            installed = __version__
        from sse_channels.output.plain import dates_text

        stdio.out(f"sse-channels {installed}")
        # --version is eager: --data is not parsed yet, so the variable names the file.
        with suppress(SseChannelsError):  # the version answers even when the file cannot be read
            directory = api.load(os.environ.get(ENV_DATA) or None)
            stdio.out(_("directory: {dates}").format(dates=dates_text(directory.dates)))
        raise typer.Exit()
