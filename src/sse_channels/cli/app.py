"""The command line: parses arguments, calls one `api` function, hands the answer to `output`.

Only this module, `cli_options` (the shared parameters) and `cli_params` (the Typer hook)
import Typer. Domain errors are turned into messages and exit codes in one place,
`cli_params.Group.invoke`; stream failures in `main`.
"""

# No `from __future__ import annotations` here: Typer reads these annotations, and as objects
# compiled with the module they cost nothing when a command is converted, where strings would
# be compiled again on every run.

import sys
from typing import Annotated, Optional

import typer

from sse_channels import api
from sse_channels.errors import UsageError
from sse_channels.output import Color, stdio

from . import click_text
from .click_text import N_, _
from .context import asked_role, invocation
from .file_commands import file_commands
from .group import ENV_DATA, Group, Unanswered, complete, emit_answer, words
from .options import (
    AreaOpt,
    AsOpt,
    AtOpt,
    CopyOpt,
    ExplainOpt,
    ForceOpt,
    HolidaysOpt,
    JsonOpt,
    QueryArg,
    at_time,
    copy_best_contact,
    version_callback,
    whole_day,
)

click_text.install_click()
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
        typer.Option(
            "--version", callback=version_callback, is_eager=True, help=N_("Print the version.")
        ),
    ] = False,
    lang: Annotated[
        Optional[click_text.Lang],  # noqa: UP045
        typer.Option(
            "--lang",
            callback=click_text.lang_callback,
            is_eager=True,
            help=N_("Interface language: zh or en (default: SSE_CHANNELS_LANG, then the locale)."),
        ),
    ] = None,
    role: AsOpt = None,
) -> None:
    """The Shanghai Stock Exchange's channels, from the shell."""
    run = invocation(ctx)
    run.data_path = data or None
    run.color = color
    run.role = role  # `sse-channels --as investor 投诉`: before the bare query too
    if ctx.invoked_subcommand is None:
        emit_answer(ctx, api.overview(data_path=run.data_path))


@app.command()
def search(
    ctx: typer.Context,
    query: QueryArg,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, metavar="N", help=N_("Results to show."))
    ] = 10,
    as_json: JsonOpt = False,
    copy: CopyOpt = False,
    explain: ExplainOpt = False,
    role: AsOpt = None,
) -> None:
    """Find channels from Chinese, pinyin, initials, English or a number; each word narrows.

    Example: sse-channels search 债券 REITs
    """
    answer = api.search(
        words(query),
        limit=limit,
        data_path=invocation(ctx).data_path,
        role=asked_role(ctx, role),
    )
    emit_answer(ctx, answer.explained() if explain else answer, as_json)
    for note in () if as_json else answer.notes():
        stdio.err(note)
    copy_best_contact(answer, copy)


@app.command()
def show(
    ctx: typer.Context, query: QueryArg, as_json: JsonOpt = False, copy: CopyOpt = False
) -> None:
    """Show a whole area or one channel, with every field.

    Example: sse-channels show 廉政监督
    """
    answer = api.show(words(query), data_path=invocation(ctx).data_path)
    emit_answer(ctx, answer, as_json)
    copy_best_contact(answer, copy)


@app.command("list")
def list_(ctx: typer.Context, as_json: JsonOpt = False, area: AreaOpt = None) -> None:
    """List every channel, one per line (id, area, name), fit for pipes.

    Example: sse-channels list
    """
    emit_answer(ctx, api.channels(area=area, data_path=invocation(ctx).data_path), as_json)


@app.command()
def dial(
    ctx: typer.Context,
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
        typer.Option(
            "--qr-out",
            metavar="FILE",
            help=N_("Write the QR code to FILE.png or .svg (- SVG to stdout)."),
        ),
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
    if (qr or qr_invert) and as_json:
        raise UsageError(_("--qr draws on the terminal; it does not go with --json"))
    if qr_out == "-" and (as_json or qr or qr_invert):
        raise UsageError(
            _("--qr-out - writes the image to stdout; it does not go with --json or --qr")
        )
    if qr_out is not None:
        from sse_channels.handoff import check_image

        check_image(qr_out, force=force)  # a bad name is refused before anything is printed
    report = api.dial(
        words(query),
        at=at_time(at),
        whole_day=whole_day(at),
        holidays=holidays,
        data_path=invocation(ctx).data_path,
        role=asked_role(ctx, role),
    )
    if qr_out == "-":  # the image is the output, as `due --ics -`
        from sse_channels.handoff import qr_svg

        stdio.out_bytes(qr_svg(report), "utf-8")
        qr_out = None
    else:
        emit_answer(ctx, report, as_json)
    # The QR code and the clipboard are loaded only when asked for.
    if qr or qr_invert or copy or qr_out is not None:
        from sse_channels import handoff

        if qr or qr_invert:
            columns = _terminal_columns()
            for line in handoff.qr_lines(report, invert=qr_invert, columns=columns):
                stdio.out(line)
            too_wide = handoff.qr_too_wide(report, columns)
            if too_wide:
                stdio.err(too_wide)
        if copy:
            stdio.err(handoff.copy_number(report, tty=sys.stderr))
        if qr_out is not None:
            stdio.err(handoff.write_qr(report, qr_out, force=force))


def _terminal_columns() -> int | None:
    """The terminal's width where stdout is one (COLUMNS first, as Rich reads it); else None."""
    if not stdio.is_tty():
        return None
    import shutil

    return shutil.get_terminal_size().columns


@app.command()
def hours(
    ctx: typer.Context,
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
    report = api.staffed(
        q,
        at=at_time(at),
        whole_day=whole_day(at),
        holidays=holidays,
        data_path=invocation(ctx).data_path,
    )
    emit_answer(ctx, report, as_json)


@app.command()
def due(
    ctx: typer.Context,
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
    from sse_channels.days.staffing import now_beijing
    from sse_channels.days.typed import parse_date

    if ics == "-" and as_json:
        raise UsageError(_("--ics - and --json both write to stdout; give --ics a FILE"))
    day = parse_date(start, today=now_beijing().date()) if start is not None else None
    report = api.due(
        words(query), start=day, holidays=holidays, data_path=invocation(ctx).data_path
    )
    if ics is None:
        emit_answer(ctx, report, as_json)
        return
    from sse_channels.handoff import calendar_file

    payload = calendar_file(report, api.calendar(holidays))
    if ics == "-":
        stdio.out_bytes(payload, "utf-8")
        return
    from sse_channels.files import write_atomic

    write_atomic(ics, payload, force=force, option="--ics", example="sse.ics")
    n = len(report.answers)
    stdio.err(
        click_text.ngettext(
            "wrote {file} (iCalendar, {n} event)", "wrote {file} (iCalendar, {n} events)", n
        ).format(file=ics, n=n)
    )
    emit_answer(ctx, report, as_json)


@app.command("open")
def open_(
    ctx: typer.Context,
    query: QueryArg,
    print_only: Annotated[
        bool, typer.Option("--print", help=N_("Print the link, do not open it."))
    ] = False,
) -> None:
    """Open the best-matching link in the browser (--print only prints it).

    Example: sse-channels open 债券信息网
    """
    answer = api.link(words(query), data_path=invocation(ctx).data_path)
    # The URL exactly as it is opened: the validator admits no character to hide.
    emit_answer(ctx, answer)
    if not print_only:
        import webbrowser

        if not webbrowser.open(answer.url):
            raise Unanswered(_("could not start a browser; the link is printed above"))


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[
        str,
        typer.Option(
            "--host", metavar="HOST", help=N_("Listen on HOST (default: this machine only).")
        ),
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", min=1, max=65535, metavar="PORT", help=N_("Listen on PORT."))
    ] = 8000,
    data: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--data", metavar="FILE", help=N_("Serve this directory file.")),
    ] = None,
) -> None:
    """Serve a web page and a JSON API with the same answers, for browsers and phones.

    Example: sse-channels serve --port 8000
    """
    from sse_channels.web import serve as serve_web

    code = serve_web(host=host, port=port, data=data or invocation(ctx).data_path)
    if code:
        raise Unanswered("")


for _command in file_commands.registered_commands:  # export, validate, check-links, diff
    app.registered_commands.append(_command)
