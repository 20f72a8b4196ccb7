"""The command line: parses arguments, calls one `api` function, hands the answer to `output`.

Only this module (and `cli_params`, its Typer hook) imports Typer. Domain errors are turned into
messages and exit codes in one place, `cli_params.Group.invoke`; stream failures in `main`.
"""

from __future__ import annotations

import os
import sys
from contextlib import suppress
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from . import __version__, api, i18n, stdio
from .answers import SearchAnswer, ShowAnswer
from .cli_files import file_commands
from .cli_params import (
    ENV_DATA,
    SETTINGS,
    AsOpt,
    Group,
    JsonOpt,
    complete,
    complete_areas,
    emit_answer,
    words,
)
from .errors import SseChannelsError, UsageError
from .i18n import N_, _
from .output import Color

if TYPE_CHECKING:
    import datetime as dt

ENV_HOLIDAYS = "SSE_CHANNELS_HOLIDAYS"


i18n.install_click()
app = typer.Typer(
    cls=Group,
    name="sse-channels",
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=(
        "Find the right desk of the Shanghai Stock Exchange: the channel, the dial sequence, "
        "the mailbox or site, and whether it is staffed now (Beijing time, SSE trading days).\n\n"
        "Example: sse-channels search 债券\n\n"
        "A query without a command searches: sse-channels 投诉 is sse-channels search 投诉."
    ),
)


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


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            installed = version("sse-channels")
        except PackageNotFoundError:  # run from a source tree without installing
            installed = __version__
        from .describe import dates_text

        stdio.out(f"sse-channels {installed}")
        # --version is eager: --data is not parsed yet, so the variable names the file.
        with suppress(SseChannelsError):  # the version answers even when the file cannot be read
            directory = api.load(os.environ.get(ENV_DATA) or None)
            stdio.out(_("directory: {dates}").format(dates=dates_text(directory.dates)))
        raise typer.Exit()


@app.callback()
def main_callback(
    ctx: typer.Context,
    data: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--data",
            envvar=ENV_DATA,
            help=N_("Use this directory file instead of the packaged one."),
            metavar="FILE",
        ),
    ] = None,
    color: Annotated[
        Color, typer.Option("--color", help=N_("Colour and links: auto, always or never."))
    ] = Color.auto,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help=N_("Print the version.")),
    ] = False,
    lang: Annotated[
        Optional[i18n.Lang],  # noqa: UP045
        typer.Option(
            "--lang",
            callback=i18n.lang_callback,
            is_eager=True,
            help=N_("Interface language: zh or en (default: SSE_CHANNELS_LANG, then the locale)."),
        ),
    ] = None,
) -> None:
    """The Shanghai Stock Exchange's channels, from the shell."""
    SETTINGS.data = data or None
    SETTINGS.color = color
    SETTINGS.as_json = False
    if ctx.invoked_subcommand is None:
        emit_answer(api.overview(data=SETTINGS.data))


CopyOpt = Annotated[bool, typer.Option("--copy", help=N_("Put the best contact on the clipboard."))]


def _copy(answer: SearchAnswer | ShowAnswer, copy: bool) -> None:
    if copy:
        from .handoff import copy_best

        stdio.err(copy_best(answer, tty=sys.stderr))


@app.command()
def search(
    query: QueryArg,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, metavar="N", help=N_("Results to show."))
    ] = 10,
    as_json: JsonOpt = False,
    copy: CopyOpt = False,
    role: AsOpt = None,
) -> None:
    """Find channels from Chinese, pinyin, initials, English or a number; each word narrows.

    Example: sse-channels search 债券 REITs
    """
    answer = api.search(words(query), limit=limit, data=SETTINGS.data, role=role)
    emit_answer(answer, as_json)
    _copy(answer, copy)


@app.command()
def show(query: QueryArg, as_json: JsonOpt = False, copy: CopyOpt = False) -> None:
    """Show a whole area or one channel, with every field.

    Example: sse-channels show 廉政监督
    """
    answer = api.show(words(query), data=SETTINGS.data)
    emit_answer(answer, as_json)
    _copy(answer, copy)


@app.command("list")
def list_(
    as_json: JsonOpt = False,
    area: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--area",
            metavar="AREA",
            help=N_("Only this area (id or Chinese name)."),
            autocompletion=complete_areas,
        ),
    ] = None,
) -> None:
    """List every channel, one per line (id, area, name), fit for pipes.

    Example: sse-channels list
    """
    emit_answer(api.channels(area=area, data=SETTINGS.data), as_json)


AtOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--at",
        metavar="DATETIME",
        help=N_("At this time: 2026-11-26T10:00 (Beijing) or with an offset, 2026-11-26T02:00Z."),
    ),
]


def _at(text: str | None) -> dt.datetime | None:
    """ISO 8601 or a time as people type it (10:00, 下午3点, 明天 10:00), Beijing time."""
    from .schedule import now_beijing
    from .when import parse_instant

    return parse_instant(text, now=now_beijing()) if text is not None else None


ForceOpt = Annotated[bool, typer.Option("--force", help=N_("Replace the FILE if it exists."))]


@app.command()
def dial(
    query: QueryArg,
    as_json: JsonOpt = False,
    at: AtOpt = None,
    holidays: HolidaysOpt = None,
    qr: Annotated[bool, typer.Option("--qr", help=N_("Draw a QR code of the tel: link."))] = False,
    qr_invert: Annotated[
        bool, typer.Option("--qr-invert", help=N_("Draw it for a light-background terminal."))
    ] = False,
    qr_out: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--qr-out", metavar="FILE", help=N_("Write the QR code to FILE.png or .svg.")),
    ] = None,
    force: ForceOpt = False,
    copy: Annotated[
        bool, typer.Option("--copy", help=N_("Put the number on the clipboard."))
    ] = False,
    role: AsOpt = None,
) -> None:
    """How to reach a line by phone: the dial sequence, what it is for,
    and whether it is staffed now.

    Example: sse-channels dial 债券
    """
    from . import handoff

    if (qr or qr_invert) and as_json:
        raise UsageError(_("--qr draws on the terminal; it does not go with --json"))
    if qr_out is not None:
        handoff.check_image(qr_out)  # a bad name is refused before anything is printed
    report = api.dial(words(query), at=_at(at), holidays=holidays, data=SETTINGS.data, role=role)
    emit_answer(report, as_json)
    if qr or qr_invert:
        for line in handoff.qr_lines(report, invert=qr_invert):
            stdio.out(line)
    if copy:
        stdio.err(handoff.copy_number(report, tty=sys.stderr))
    if qr_out is not None:
        stdio.err(handoff.write_qr(report, qr_out, force=force))


@app.command()
def hours(
    query: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Argument(
            help=N_("Only lines matching this."),
            metavar="QUERY",
            autocompletion=complete,
            show_default=False,
        ),
    ] = None,
    now: Annotated[
        bool, typer.Option("--now", help=N_("At the current time (the default)."))
    ] = False,
    at: AtOpt = None,
    as_json: JsonOpt = False,
    holidays: HolidaysOpt = None,
) -> None:
    """Which lines are staffed at an instant, today's windows and the next change (Beijing time).

    Example: sse-channels hours --at 2026-11-26T10:00
    """
    if now and at is not None:
        raise UsageError(_("give --now or --at, not both"))
    q = words(query) if query else None
    emit_answer(api.staffed(q, at=_at(at), holidays=holidays, data=SETTINGS.data), as_json)


@app.command()
def due(
    query: QueryArg,
    start: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--from",
            metavar="DATE",
            help=N_(
                "The day of the request: 2026-09-28, 2026/09/28, 2026年9月28日, 昨天 "
                "(default: today, Beijing)."
            ),
        ),
    ] = None,
    as_json: JsonOpt = False,
    holidays: HolidaysOpt = None,
    ics: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--ics", metavar="FILE", help=N_("Write a calendar event to FILE (- stdout).")
        ),
    ] = None,
    force: ForceOpt = False,
) -> None:
    """When the exchange should answer, counted in working days.

    Example: sse-channels due 申报前
    """
    from .schedule import now_beijing
    from .when import parse_date

    if ics == "-" and as_json:
        raise UsageError(_("--ics - and --json both write to stdout; give --ics a FILE"))
    day = parse_date(start, today=now_beijing().date()) if start is not None else None
    report = api.due(words(query), start=day, holidays=holidays, data=SETTINGS.data)
    if ics is None:
        emit_answer(report, as_json)
        return
    from .handoff import calendar_file

    payload = calendar_file(report, api.calendar(holidays))
    if ics == "-":
        stdio.out_bytes(payload, "utf-8")
        return
    from .files import write_atomic

    write_atomic(ics, payload, force=force)
    n = len(report.answers)
    stdio.err(
        i18n.ngettext(
            "wrote {file} (iCalendar, {n} event)", "wrote {file} (iCalendar, {n} events)", n
        ).format(file=ics, n=n)
    )
    emit_answer(report, as_json)


@app.command("open")
def open_(
    query: QueryArg,
    print_only: Annotated[
        bool, typer.Option("--print", help=N_("Print the link, do not open it."))
    ] = False,
) -> None:
    """Open the best-matching link in the browser (--print only prints it).

    Example: sse-channels open 债券信息网
    """
    answer = api.link(words(query), data=SETTINGS.data)
    emit_answer(
        answer
    )  # the URL exactly as it is opened: the validator admits no character to hide
    if not print_only:
        import webbrowser

        if not webbrowser.open(answer.url):
            stdio.err(_("could not start a browser; the link is printed above"))
            raise typer.Exit(1)


for _command in file_commands.registered_commands:  # export, validate, check-links, diff
    app.registered_commands.append(_command)


def main() -> None:
    """Entry point: run the app; a closed pipe or Ctrl-C ends quietly, never with a traceback."""
    from .entry import run

    run(app)
