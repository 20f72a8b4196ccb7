"""The two whole-file checks as people read them: a directory diff and a link report as
tab-separated lines (one record a line, fit for `cut` and `awk`), their labels and one-line
summaries. The records themselves (`directory.diff`, `directory.linkcheck`) know nothing of this."""

from __future__ import annotations

from collections.abc import Sequence

from sse_channels import model as m
from sse_channels.directory.diff import Change, Kind, Record
from sse_channels.directory.linkcheck import Report, Result, Verdict
from sse_channels.l10n import N_, _, pgettext
from sse_channels.textnorm import plain_line

# Every word a person reads, in one place for translation.
KIND_LABELS = {
    Kind.ADDED: N_("added"),
    Kind.REMOVED: N_("removed"),
    Kind.CHANGED: N_("changed"),
    Kind.MOVED: N_("moved"),
}
RECORD_LABELS = {
    Record.DIRECTORY: N_("directory"),
    Record.AREA: N_("area"),
    Record.CHANNEL: N_("channel"),
}
HEADERS = (N_("change"), N_("record"), N_("field"), N_("old"), N_("new"))
WHOLE_RECORD = N_("(whole record)")
NOTHING = N_("(none)")
NO_CHANGES = N_("no differences")
ONE_CHANGE = N_("1 difference")
MANY_CHANGES = N_("{n} differences")
MOVED_TEXT = N_("from {old} to {new}")


def change_line(c: Change) -> str:
    """kind, record, id, field, old, new: tab-separated, "-" where a side is absent."""
    return plain_line(
        c.kind.value,
        c.record.value,
        c.id or "-",
        c.path or "-",
        c.old if c.old is not None else "-",
        c.new if c.new is not None else "-",
    )


def change_lines(changes: Sequence[Change]) -> list[str]:
    return [change_line(c) for c in changes]


def diff_summary(changes: Sequence[Change]) -> str:
    if not changes:
        return _(NO_CHANGES)
    return _(ONE_CHANGE) if len(changes) == 1 else _(MANY_CHANGES).format(n=len(changes))


def source_text(source: m.Source) -> str:
    return f"{source.row} {source.item} p.{source.page}"


def result_line(r: Result) -> str:
    """verdict, status, URL, final URL, detail, channels, annex sources: tab-separated."""
    sources = dict.fromkeys(source_text(o.source) for o in r.link.origins)
    return plain_line(
        r.verdict.value,
        str(r.status) if r.status is not None else "-",
        r.link.url,
        r.final_url or "-",
        detail_text(r) or "-",
        ",".join(r.link.channel_ids),
        "; ".join(sources),
    )


def detail_text(r: Result) -> str:
    """What went wrong with a link, in the interface language (JSON keeps the English)."""
    from sse_channels.directory.linkcheck import MOVED

    if r.template == MOVED:
        return pgettext("link", "moved")
    if r.template:
        return _(r.template).format(**dict(r.args))
    return r.detail


def report_lines(report: Report) -> list[str]:
    return [result_line(r) for r in report.results]


def links_summary(report: Report) -> str:
    """One line for stderr: how many links answered and how many did not."""
    total = len(report.results)
    broken = len(report.broken)
    redirected = sum(r.verdict is Verdict.REDIRECTED for r in report.results)
    return _("{total} links: {ok} answered ({moved} redirected), {broken} did not").format(
        total=total, ok=total - broken, moved=redirected, broken=broken
    )
