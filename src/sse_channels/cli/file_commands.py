"""The commands that write or check whole files: export the directory, validate a directory
file, check its links, compare two files.

Registered on the app by `cli.py`; like it, they parse, call one `api` function and emit.
"""

# No `from __future__ import annotations` here: Typer reads these annotations, and as objects
# compiled with the module they cost nothing when a command is converted, where strings would
# be compiled again on every run.

from typing import Annotated, Optional

import typer

from sse_channels import api
from sse_channels.errors import DataError, UsageError
from sse_channels.output import ExportFormat, stdio

from .click_text import N_, Lang, _
from .context import invocation
from .group import InputUnreadable, emit_answer, words
from .options import AreaOpt, JsonOpt

file_commands = typer.Typer()


@file_commands.command("export")
def export_(
    ctx: typer.Context,
    fmt: Annotated[
        Optional[ExportFormat],  # noqa: UP045
        typer.Option(
            "--format",
            "-f",
            help=N_("json, csv, vcard or markdown (default: from -o's extension)."),
            show_default=False,
        ),
    ] = None,
    query: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Argument(help=N_("Only this area or channel, as show finds it."), metavar="QUERY"),
    ] = None,
    area: AreaOpt = None,
    output: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--output", "-o", metavar="FILE", help=N_("Write here instead of stdout (- stdout).")
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help=N_("Replace FILE if it exists."))] = False,
    encoding: Annotated[
        str,
        typer.Option(
            "--encoding",
            metavar="NAME",
            help=N_(
                "Text encoding of the file. CSV defaults to utf-8-sig (with BOM, so spreadsheet "
                "programs read Chinese right); the rest to utf-8. gb18030 is also accepted."
            ),
        ),
    ] = "",
    header: Annotated[
        Optional[Lang],  # noqa: UP045
        typer.Option(
            "--header", help=N_("CSV header: zh or en (default: the interface language).")
        ),
    ] = None,
) -> None:
    """Export the directory (or one area or channel) as JSON, CSV, vCard or Markdown.

    Example: sse-channels export -f vcard -o sse.vcf
    """
    from sse_channels.formats.tables import encoded

    fmt = fmt or _format_of(output)
    if output == "-":  # stdout, as everywhere else
        output = None
    q = words(query) if query else None
    chosen = api.selection(q, area=area, data_path=invocation(ctx).data_path) if q or area else None
    # A BOM helps spreadsheet programs open a CSV file; in a pipe, cut and awk would carry it.
    to_file = output is not None or stdio.stdout_is_file()
    directory = api.load(invocation(ctx).data_path)
    data, enc = encoded(
        directory,
        fmt.value,
        encoding,
        bom=to_file,
        channels=chosen,
        header=header and header.value,
    )
    if output is None:
        stdio.out_bytes(data, enc)  # the same bytes as -o FILE (a BOM for csv)
        return
    from sse_channels.files import write_atomic

    write_atomic(output, data, force=force)
    stdio.err(
        _("wrote {file} ({format}, {encoding})").format(file=output, format=fmt.value, encoding=enc)
    )


_EXTENSIONS = {
    ".json": ExportFormat.json,
    ".csv": ExportFormat.csv,
    ".vcf": ExportFormat.vcard,
    ".vcard": ExportFormat.vcard,
    ".md": ExportFormat.markdown,
    ".markdown": ExportFormat.markdown,
}


def _format_of(output: Optional[str]) -> ExportFormat:  # noqa: UP045
    """The export format an -o FILE names by its extension (sse.csv is CSV)."""
    import os

    found = _EXTENSIONS.get(os.path.splitext(output or "")[1].lower())
    if found is None:
        raise UsageError(
            _(
                "give --format (json, csv, vcard or markdown), or an -o FILE ending in "
                ".json, .csv, .vcf or .md"
            )
        )
    return found


@file_commands.command()
def validate(
    ctx: typer.Context,
    file: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(
            metavar="FILE",
            help=N_(
                "A channels.yaml to check, with the topics.yaml next to it "
                "(default: the --data file, else the packaged data)."
            ),
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check a directory file with the packaged validator; each problem with its line.

    Example: sse-channels validate data/channels.yaml
    """
    emit_answer(ctx, api.validate(file if file is not None else invocation(ctx).data_path))


@file_commands.command("check-links")
def check_links(
    ctx: typer.Context,
    as_json: JsonOpt = False,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout", min=0.1, metavar="SECONDS", help=N_("Give up on a link after this.")
        ),
    ] = 10.0,
    concurrency: Annotated[
        int,
        typer.Option(
            "--concurrency", min=1, max=64, metavar="N", help=N_("Links fetched at once.")
        ),
    ] = 8,
    write_date: Annotated[
        bool,
        typer.Option(
            "--write-date", help=N_("If every link answers, set the file's dates: checked.")
        ),
    ] = False,
) -> None:
    """Check that every link of the directory still answers: status, redirects, TLS, DNS.
    Exit 0 when all answer, 1 when any does not, 2 on a usage error or an invalid file.

    Example: sse-channels check-links --timeout 5
    """
    from sse_channels.directory import linkcheck
    from sse_channels.output import drawn_on_stderr
    from sse_channels.output.checks import links_summary

    if write_date and invocation(ctx).data_path is None:
        raise UsageError(_(linkcheck.NEEDS_FILE))
    try:
        with drawn_on_stderr(invocation(ctx).color, show=not as_json) as progress:
            answer = api.check_links(
                data_path=invocation(ctx).data_path,
                timeout=timeout,
                concurrency=concurrency,
                progress=progress,
            )
    except DataError as exc:  # 1 is kept for "a link is broken"
        raise InputUnreadable(exc) from None
    stdio.err(links_summary(answer.report))
    data = invocation(ctx).data_path
    if write_date and data is not None:
        from sse_channels.days.staffing import now_beijing

        stdio.err(linkcheck.record_check(data, answer.report, now_beijing().date()))
    emit_answer(ctx, answer, as_json)


@file_commands.command("diff")
def diff_(
    ctx: typer.Context,
    old: Annotated[str, typer.Argument(metavar="OLD", help=N_("The directory file before."))],
    new: Annotated[str, typer.Argument(metavar="NEW", help=N_("The directory file after."))],
    as_json: JsonOpt = False,
) -> None:
    """What changed between two directory files, channel by channel and field by field.
    Exit 0 when they are the same, 1 when they differ, 2 when a file is invalid.

    Example: sse-channels diff data/channels.yaml my-channels.yaml
    """
    try:
        answer = api.diff(old, new)
    except DataError as exc:  # as diff(1): 1 means "they differ"
        raise InputUnreadable(exc) from None
    emit_answer(ctx, answer, as_json)
