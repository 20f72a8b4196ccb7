"""The drawn form of a directory diff, for a terminal (Rich).

Kept apart from `terminal.py` so that only `diff` loads it. Data strings become `Text` after
`clean()`, never markup; every label comes from `output.checks`, where the words live.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.table import Table
from rich.text import Text

from sse_channels.directory.diff import Change, Kind
from sse_channels.l10n import _
from sse_channels.output.checks import (
    HEADERS,
    KIND_LABELS,
    MOVED_TEXT,
    NOTHING,
    RECORD_LABELS,
    WHOLE_RECORD,
)
from sse_channels.output.checks import diff_summary as summary
from sse_channels.textnorm import clean

_STYLE = {
    Kind.ADDED: "green",
    Kind.REMOVED: "red",
    Kind.CHANGED: "yellow",
    Kind.MOVED: "cyan",
}


def diff_table(changes: Sequence[Change], old_name: str, new_name: str) -> Table:
    """One row per change, in annex order: what kind, which record, which field, old and new."""
    table = Table(
        title=Text(f"{clean(old_name)} → {clean(new_name)}"),
        caption=Text(summary(changes)),
        box=box.SIMPLE_HEAD,
    )
    for header in HEADERS:
        table.add_column(_(header), overflow="fold")  # long ids and URLs wrap, never cut
    for c in changes:
        style = _STYLE[c.kind]
        record = c.id or _(RECORD_LABELS[c.record])  # a channel id has a dot, an area id none
        if c.kind is Kind.MOVED:
            old = Text(_(NOTHING), style="dim")
            new = Text(_(MOVED_TEXT).format(old=clean(c.old or ""), new=clean(c.new or "")))
        else:
            old = Text(clean(c.old), style="red") if c.old is not None else Text(_(NOTHING), "dim")
            new = (
                Text(clean(c.new), style="green") if c.new is not None else Text(_(NOTHING), "dim")
            )
        table.add_row(
            Text(_(KIND_LABELS[c.kind]), style=style),
            Text(clean(record)),
            Text(clean(c.path) if c.path else _(WHOLE_RECORD), style="" if c.path else "dim"),
            old,
            new,
        )
    return table
