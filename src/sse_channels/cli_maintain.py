"""The maintainers' commands: validate a directory file, check its links, compare two files.

Registered on the app by `cli.py`; like it, they parse, call one `api` function and emit.
"""

from __future__ import annotations

from typing import Annotated

import typer

from . import api, stdio
from .cli_params import SETTINGS, JsonOpt, emit_answer, report
from .errors import DataError, UsageError
from .i18n import N_, _

maintenance = typer.Typer()


@maintenance.command()
def validate(
    file: Annotated[str, typer.Argument(metavar="FILE", help=N_("A channels.yaml to check."))],
) -> None:
    """Check a directory file with the packaged validator; each problem with its line.

    Example: sse-channels validate data/channels.yaml
    """
    emit_answer(api.validate(file))


@maintenance.command("check-links")
def check_links(
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
    from . import linkcheck
    from .output import drawn_on_stderr

    if write_date and SETTINGS.data is None:
        raise UsageError(_(linkcheck.NEEDS_FILE))
    try:
        with drawn_on_stderr(SETTINGS.color, show=not as_json) as progress:
            answer = api.check_links(
                data=SETTINGS.data, timeout=timeout, concurrency=concurrency, progress=progress
            )
    except DataError as exc:  # 1 is kept for "a link is broken"
        raise typer.Exit(report(exc) + 1) from None
    stdio.err(linkcheck.summary(answer.report))
    if write_date and SETTINGS.data is not None:
        stdio.err(linkcheck.record_check(SETTINGS.data, answer.report))
    emit_answer(answer, as_json)


@maintenance.command("diff")
def diff_(
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
        raise typer.Exit(report(exc) + 1) from None
    emit_answer(answer, as_json)
