"""Everything that draws for a terminal with Rich: tables, panels, links, highlights.

Data strings are always wrapped in `Text` (never parsed as markup) after `clean()` has removed
control and format characters, so neither `[red]` nor an ESC byte from a data file or a query
can change the terminal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.panel import Panel
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from sse_channels import answers as ans
from sse_channels import model as m
from sse_channels._compat import assert_never
from sse_channels.dial import DialLine, dial_lines, tel_uri
from sse_channels.l10n import _, pgettext
from sse_channels.search import Result
from sse_channels.textnorm import clean

from . import names, stdio
from .plain import (
    contact_text,
    dates_text,
    day_state,
    estimate_notes,
    hours_head,
    hours_state,
    hours_text,
    quoted_zh,
    reason_lines,
    row_windows,
    topic_lines,
)

if TYPE_CHECKING:
    from sse_channels.days.staffing import Status

HIGHLIGHT = "bold yellow"
DIM = "dim"
NARROW = 80  # below this many columns, tables become stacked blocks that wrap cleanly


class Responsive:
    """A table on a wide terminal, stacked blocks on a narrow one (chosen when drawn)."""

    def __init__(
        self, wide: RenderableType, narrow: RenderableType, needs: int = NARROW, least: int = NARROW
    ) -> None:
        self.wide = wide
        self.narrow = narrow
        self.needs = max(needs, least)  # columns the wide form needs to keep its lines whole

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.wide if options.max_width >= self.needs else self.narrow


class Wrapped:
    """Text broken by `typography.wrap` instead of Rich: no line starts with closing or ends
    with opening punctuation (禁则), no URL, mailbox, id, number or dial sequence is cut, and
    no line holds a fragment of one or two letters of a word; no trailing space.

    A word wider than the line goes on a line of its own, indented less if that lets it fit.
    Still wider than the whole width, it is folded where `fold` (a table cell, which would
    crop it) and otherwise left whole for the terminal to wrap (a folded URL copies wrong)."""

    def __init__(self, text: Text, indent: int = 0, fold: bool = True) -> None:
        self.text = text
        self.indent = indent  # spaces before each line (a Padding would add trailing ones)
        self.fold = fold

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from .typography import cells, widest

        plain = self.text.plain
        least = widest(plain)
        longest = max((cells(line) for line in plain.split("\n")), default=0)
        most = options.max_width
        return Measurement(min(least + self.indent, most), min(longest + self.indent, most))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from _segments(console, self.lines(options.max_width))

    def lines(self, most: int, first: Text | None = None, indent: Text | None = None) -> list[Text]:
        """The lines in `most` cells; `first` and `indent`, when given, go before the first
        line and before each other line instead of `self.indent` spaces."""
        from .typography import cells

        plain = self.text.plain
        lead = self.indent if indent is None else indent.cell_len
        # Several lines (a dial sequence, a mailbox, a site): one that wraps goes on indented,
        # so that it does not read as the next.
        hang = 2 if "\n" in plain else 0
        width = max(1, most - lead)
        placed: list[tuple[int, int, int, int]] = []  # start, end, spaces before, hanging
        for a, b in _spans(plain, width, max(1, width - hang)):
            pieces = [(a, b)]
            room, used = lead, cells(plain[a:b])
            more = hang if a and plain[a - 1] != "\n" else 0
            more = max(0, min(more, width - used))  # hanging only as far as the line allows
            if used > width:  # a word wider than the line: less indent, then fold or overflow
                room = max(0, most - used) if indent is None else lead
                if self.fold and used > most - room:
                    pieces = list(_fold(plain, a, b, max(1, most - room)))
            placed += [(x, y, min(room, self.indent), more) for x, y in pieces]
        cuts = sorted({x for a, b, _spaces, _more in placed for x in (a, b)})
        parts = self.text.divide(cuts)  # once: slicing a Text one line at a time is slow
        out: list[Text] = []
        for a, _end, spaces, more in placed:
            if not out and first is not None:
                head = first.copy()
            elif indent is not None:
                head = indent.copy()
            else:
                head = Text(" " * spaces)
            if more:
                head.append(" " * more)
            piece = head + parts[cuts.index(a) + 1]
            piece.no_wrap, piece.overflow, piece.end = True, "ignore", "\n"
            out.append(piece)
        return out


def _segments(console: Console, lines: list[Text]) -> Iterator[Segment]:
    """Lines already broken, as segments: Rich need not break them again."""
    for line in lines:
        yield from line.render(console)
        yield Segment.line()


@lru_cache(maxsize=4096)
def _spans(plain: str, width: int, rest: int) -> tuple[tuple[int, int], ...]:
    """[start, end) of each line `typography.wrap` makes of `plain`."""
    from .typography import wrap

    spans, j = [], 0
    for line in wrap(plain, width, rest):
        while j < len(plain) and plain[j] in " \n":  # the break: spaces or a newline
            j += 1
        start = plain.find(line, j) if line else -1
        if start >= 0:  # the line as it stands in `plain`
            j = start + len(line)
            spans.append((start, j))
            continue
        start = j
        for ch in line:  # wrap keeps every character but may fold a run of spaces
            if ch == " ":
                while j < len(plain) and plain[j] == " ":
                    j += 1
            else:
                j = plain.index(ch, j) + 1
        spans.append((start, j))
    return tuple(spans)


def _fold(plain: str, start: int, end: int, width: int) -> Iterator[tuple[int, int]]:
    """[start, end) of `plain` in pieces of at most `width` cells; no piece after the first
    starts with closing punctuation."""
    from .typography import CLOSING, cells

    while cells(plain[start:end]) > width:
        cut, used = start, 0
        while used + cells(plain[cut]) <= width:
            used += cells(plain[cut])
            cut += 1
        while cut - 1 > start and plain[cut] in CLOSING:
            cut -= 1
        cut = max(cut, start + 1)  # a wide character in a one-cell line
        yield start, cut
        start = cut
    yield start, end


def _wrapped(r: RenderableType) -> RenderableType:
    return Wrapped(r) if isinstance(r, Text) else r


def _add(table: Table, *cells: RenderableType) -> None:
    table.add_row(*(_wrapped(c) for c in cells))


def _row(grid: Fields, label: str, value: Text) -> None:
    grid.add_row(label, Wrapped(value, fold=False))


class Fields:
    """Rows of a label and its value: the value beside the label where its words fit there,
    else under it, indented, with the whole width."""

    def __init__(self, indent: int = 0) -> None:
        self.rows: list[tuple[str, Wrapped]] = []
        self.indent = indent

    def add_row(self, label: str, value: Wrapped) -> None:
        self.rows.append((label, value))

    def widest(self) -> int:
        """The widest word of any value, in cells."""
        from .typography import widest

        return max((widest(v.text.plain) for _, v in self.rows), default=0)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(min(self.widest() + self.indent, options.max_width), options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from .typography import widest

        most = options.max_width
        label_width = max((cell_len(label) for label, _ in self.rows), default=0)
        beside = most - self.indent - label_width - 2
        pad = Text(" " * (self.indent + label_width + 2))
        for label, value in self.rows:
            head = Text(" " * self.indent) + Text(label, style="bold")
            lines: list[Text] = []
            if widest(value.text.plain) <= beside:
                first = head.copy()
                first.pad_right(label_width + 2 - cell_len(label))
                lines = value.lines(most, first, pad)
            if len(lines) != 1:  # beside its label unless that takes more lines than under it
                under = [head, *Wrapped(value.text, self.indent + 2, fold=False).lines(most)]
                lines = lines if lines and len(lines) <= len(under) else under
            yield from _segments(console, lines)


def _block(head: Text, *body: RenderableType) -> RenderableType:
    return Group(
        Wrapped(head, fold=False),
        *(
            Wrapped(b, 2, fold=False)
            if isinstance(b, Text)
            else b
            if isinstance(b, Wrapped)
            else Padding(b, (0, 0, 0, 2))
            for b in body
        ),
        Text(""),
    )


def console(*, plain: bool = False, force: bool = False) -> Console:
    """A console for stdout. `plain`: no escape sequence at all (no colour, bold, dim or OSC 8
    link; Rich's own `no_color` keeps the last three). `force`: styled even when not a
    terminal, and over NO_COLOR."""
    return Console(
        width=_columns(),
        force_terminal=True if force else None,
        color_system=None if plain else "auto",
        no_color=False if force else None,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
    )


MAX_COLUMNS = stdio.MAX_COLUMNS


def _columns() -> int | None:
    """The width from $COLUMNS, within 20..MAX_COLUMNS; None (Rich asks the terminal) when it is
    unset or not a number."""
    return stdio.env_columns()


def t(text: str, style: str | Style = "") -> Text:
    return Text(clean(text), style=style)


def link(text: str, url: str, style: str = "") -> Text:
    return Text(clean(text), style=Style.parse(style or "none") + Style(link=url))


def _highlight(text: Text, terms: Sequence[str]) -> Text:
    words = [w for w in terms if w.strip()]
    if words:
        text.highlight_words(words, style=HIGHLIGHT, case_sensitive=False)
    return text


def dial_text(d: DialLine, show_label: bool) -> Text:
    out = link(d.sequence, d.tel_uri, "bold")
    if show_label and d.label_zh:
        out.append(f"  {clean(names.label(d))}", style=DIM)
    return out


def contact_line(c: m.Contact, directory: m.Directory | None = None) -> Text:
    match c:
        case m.Email():
            return link(c.address, f"mailto:{c.address}", "cyan")
        case m.Web():
            out = t(names.pair(c.title_zh, c.title_en)[0] + " ")
            out.append_text(link(c.url, c.url, "cyan underline"))
            return out
        case m.System():
            out = t(c.name_zh + " ")
            out.append_text(link(c.url, c.url, "cyan underline"))
            if c.ekey_url:
                out.append(" ")
                out.append_text(link("EKey", c.ekey_url, DIM))
            return out
        case m.Fax():
            return link(_("fax {number}").format(number=c.number), tel_uri(c.number), "bold")
        case m.Phone() | m.Address() | m.Account() | m.Newspaper() | m.Radio() | m.Via():
            return t(contact_text(c, directory))
        case _:
            assert_never(c)


def reach(
    ch: m.Channel, routes: tuple[int, ...] = (), directory: m.Directory | None = None
) -> Text:
    lines: list[Text] = []
    dials = dial_lines(ch, routes)
    # A route of a menu keeps its label even when the query picked only it (投诉 → 投诉和建议),
    # as the piped line does.
    menu = bool(ch.phones()) and len(ch.phones()[0].routes) > 1
    for d in dials:
        lines.append(dial_text(d, show_label=len(dials) > 1 or menu))
    lines += [contact_line(c, directory) for c in ch.contacts if not isinstance(c, m.Phone)]
    return Text("\n").join(lines)


def _hours_cell(ch: m.Channel) -> Text:
    text = hours_text(ch)
    return t(text, DIM if text == _("not published") else "")


def search_table(
    results: Sequence[Result], directory: m.Directory, terms: Sequence[str], explain: bool = False
) -> RenderableType:
    """A table of results on a wide terminal, blocks on a narrow one. Explained (`--explain`),
    always blocks: the reasons under each result need the whole width."""
    if explain:
        return _search_narrow(results, directory, terms, explain=True)
    from .typography import tokens

    # The table only where its "how to reach" column holds every URL and mailbox whole and the
    # names keep their words: the area (12), the channel, that column, the hours (14), gaps.
    widest = max(
        (cell_len(x) for r in results for x in tokens(reach(r.channel, r.routes, directory).plain)),
        default=0,
    )
    name = max(
        (cell_len(names.pair(r.channel.name_zh, r.channel.name_en)[0]) for r in results),
        default=8,
    )
    return Responsive(
        AtWidth(lambda most: _search_wide(results, directory, terms, widest, most)),
        _search_narrow(results, directory, terms),
        12 + min(max(8, name), 24) + max(16, widest) + 14 + GAPS,
    )


# What a table of four columns takes besides its cells: its edges, the gaps between the
# columns, and each column's padding but the outer two.
GAPS = 2 + 3 + 4 * 2 - 2


class AtWidth:
    """A renderable built when the width it is drawn in is known."""

    def __init__(self, build: Callable[[int], RenderableType]) -> None:
        self.build = build

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.build(options.max_width)


def _search_narrow(
    results: Sequence[Result], directory: m.Directory, terms: Sequence[str], explain: bool = False
) -> RenderableType:
    blocks = []
    for r in results:
        area = directory.area(r.channel.area)
        first, beside = names.pair(r.channel.name_zh, r.channel.name_en)
        head = _highlight(t(first, "bold"), terms)
        if beside:  # English: the Chinese name beside the English one, in place of the area's
            head.append_text(_highlight(t(f"  {beside}", DIM), terms))
        else:
            head.append(f"  {clean(area.name_zh if area else r.channel.area)}", style=DIM)
        body: list[RenderableType] = [_highlight(reach(r.channel, r.routes, directory), terms)]
        hours = hours_text(r.channel)
        if hours:
            body.append(t(_("hours not published") if hours == _("not published") else hours, DIM))
        if explain:
            body += [_reason(x) for x in reason_lines(r, directory)]
        blocks.append(_block(head, *body))
    return Group(*blocks)


def _reason(line: str) -> Wrapped:
    """One line of why a result matched, dim, indented under the result and keeping its own
    nesting (the nearest office under its topic)."""
    text = line.lstrip(" ")
    return Wrapped(t(text, DIM), 2 + len(line) - len(text), fold=False)


def _search_wide(
    results: Sequence[Result],
    directory: m.Directory,
    terms: Sequence[str],
    token: int = 0,
    most: int = MAX_COLUMNS,
) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_lines=False, expand=False, pad_edge=False)
    table.add_column(_("Area"), overflow="fold", max_width=12)
    # As wide as the longest dial sequence, so that `4008888400 → 6 → 1959` never breaks.
    widest = max(
        (cell_len(d.sequence) for r in results for d in dial_lines(r.channel, r.routes)),
        default=0,
    )
    # The channel's name takes what the other columns leave, never what "how to reach" needs
    # to keep its words whole (Rich would shrink both and then widen that one past the edge).
    left = most - GAPS - 12 - max(16, widest, token) - 14
    table.add_column(_("Channel"), overflow="fold", min_width=8, max_width=max(8, left))
    table.add_column(_("How to reach"), overflow="fold", min_width=max(16, widest, token))
    table.add_column(_("Hours"), overflow="fold", min_width=12, max_width=14)
    for r in results:
        area = directory.area(r.channel.area)
        first, beside = names.pair(r.channel.name_zh, r.channel.name_en)
        name = _highlight(t(first, "bold"), terms)
        if beside:  # English: the Chinese name under the English one
            name.append("\n")
            name.append_text(_highlight(t(beside, DIM), terms))
        _add(
            table,
            t(names.pair(area.name_zh, area.name_en)[0] if area else r.channel.area),
            name,
            _highlight(reach(r.channel, r.routes, directory), terms),
            _hours_cell(r.channel),
        )
    return table


def channel_panel(ch: m.Channel, directory: m.Directory) -> RenderableType:
    """Every field of a channel in a panel; without the frame where the frame would cut a
    word (a long URL) or the title."""
    panel, unboxed, needs = _channel_forms(ch, directory)
    return Responsive(panel, unboxed, needs, 0)


def _channel_forms(ch: m.Channel, directory: m.Directory) -> tuple[Panel, RenderableType, int]:
    """A channel in a panel, the same without the frame, and the columns the panel needs."""
    area = directory.area(ch.area)
    grid = Fields()
    # The id and the other language's name are rows, not part of the title: a title is cut to
    # one line. Chinese shows no English; English shows the Chinese name, said on the phone.
    first, beside = names.pair(ch.name_zh, ch.name_en)
    _row(grid, pgettext("field", "id"), t(ch.id))
    if beside:
        _row(grid, pgettext("field", "Chinese name"), t(beside))
    _row(
        grid,
        pgettext("field", "area"),
        t(names.pair(area.name_zh, area.name_en)[0] if area else ch.area),
    )
    _row(grid, pgettext("field", "for"), t(" ".join(names.audience(a) for a in ch.audience)))
    _row(grid, pgettext("field", "about"), t(names.summary(ch)))
    _row(grid, pgettext("field", "reach"), reach(ch, (), directory))
    hours = hours_text(ch)
    if hours:
        _row(grid, pgettext("field", "hours"), _hours_cell(ch))
    if ch.response is not None:
        _row(
            grid,
            pgettext("field", "answer"),
            t(
                _("within {n} working days: {text}").format(
                    n=ch.response.amount, text=quoted_zh(ch.response.text_zh)
                )
            ),
        )
    for c in ch.contacts:
        if isinstance(c, m.System):
            login = _(", ").join(names.audience(a) for a in c.login)
            ekey = _(" (with an EKey)") if c.ekey_url else ""
            _row(grid, pgettext("field", "login"), t(login + ekey))
            _row(grid, pgettext("field", "path"), t(quoted_zh(c.portal_zh)))
            _row(grid, pgettext("field", "does"), t(quoted_zh(c.functions_zh)))
    for note in ch.notes_zh:
        _row(grid, pgettext("field", "note"), t(quoted_zh(note)))
    source = _("channel table {row} {item}").format(row=ch.source.row, item=ch.source.item)
    _row(grid, pgettext("field", "source"), t(source, DIM))
    panel = Panel(grid, title=t(first, "bold"), title_align="left", box=box.ROUNDED)
    # The frame and its padding take four columns; the title needs its corner and a gap.
    needs = max(grid.widest() + 4, cell_len(first) + 6)
    unboxed = Fields(2)
    unboxed.rows = grid.rows
    return panel, Group(Wrapped(t(first, "bold"), fold=False), unboxed, Text("")), needs


def area_view(area: m.Area, channels: Sequence[m.Channel], directory: m.Directory) -> Group:
    first, beside = names.pair(area.name_zh, area.name_en)
    heading = t(first, "bold underline")
    if beside:
        heading.append(f"  {clean(beside)}", style=DIM)
    forms = [_channel_forms(c, directory) for c in channels]
    # One form for the whole area: panels, or every channel without its frame.
    return Group(
        Wrapped(heading, fold=False),
        Responsive(
            Group(*(f[0] for f in forms)),
            Group(*(f[1] for f in forms)),
            max((f[2] for f in forms), default=0),
            0,
        ),
    )


@contextmanager
def progress_bar() -> Iterator[Callable[[int], Callable[[object], None]]]:
    """A transient progress bar on stderr: given a total, returns the per-step callback."""
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:

        def start(total: int) -> Callable[[object], None]:
            task = bar.add_task(_("checking links"), total=total)
            return lambda _: bar.advance(task)

        yield start


def draw(answer: ans.Answer) -> RenderableType | None:
    """The drawn form of an answer, or None where plain lines serve a terminal as well (the
    output seam does not call this for those, so that they never import Rich)."""
    match answer:
        case ans.Overview():
            return overview(answer)
        case ans.SearchAnswer():
            return search_table(answer.results, answer.directory, answer.terms, answer.explain)
        case ans.ShowAnswer():
            if answer.area is not None:
                return area_view(answer.area, answer.channels, answer.directory)
            panel = channel_panel(answer.channels[0], answer.directory)
            if answer.topic is None:
                return panel
            lines = topic_lines(answer.topic, answer.channels[0], answer.directory)
            return Group(*(Wrapped(t(x, DIM), fold=False) for x in lines), panel)
        case ans.HoursReport():
            return hours_table(answer)
        case ans.DirectoryDiff():
            from .terminal_diff import diff_table

            return diff_table(answer.changes, answer.old, answer.new)
        case (
            ans.ListAnswer()
            | ans.DialReport()
            | ans.DueReport()
            | ans.LinkAnswer()
            | ans.Validation()
            | ans.LinkCheck()
        ):
            return None
        case _:
            assert_never(answer)


def overview(answer: ans.Overview) -> Group:
    directory = answer.directory
    points = [(p.area, p.phone, p.mail, p.site) for p in answer.rows]
    general = {p.area.id for p in answer.rows if p.general}
    # Links and dial sequences are kept whole (a folded URL copies wrong); names wrap instead.
    longest_link = max(
        (cell_len(site.url) for _, _, mail, site in points if site and not mail), default=0
    )
    # The main line's column: its longest sequence or menu label (English labels are longer).
    line_width = max(
        [21]
        + [cell_len(phone.sequence) for _, phone, _, _ in points if phone]
        + [cell_len(names.label(phone)) for a, phone, _, _ in points if phone and a.id in general]
    )
    area_width = 18
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column(_("Area"), overflow="fold", max_width=area_width)
    table.add_column(_("Main line"), overflow="fold", min_width=line_width)
    table.add_column(_("Mailbox / site"), overflow="fold", min_width=longest_link)
    blocks = []
    for area, phone, mail, site in points:
        first, beside = names.pair(area.name_zh, area.name_en)
        name = t(first, "bold")
        line = dial_text(phone, show_label=False) if phone else t("—", DIM)
        if phone and area.id in general and phone.label_zh:
            # the hotline's menu, not a desk
            line.append("\n" + clean(names.label(phone)), style=DIM)
        where = contact_line(mail) if mail else contact_line(site) if site else t("—", DIM)
        _add(table, name + (Text("\n") + t(beside, DIM) if beside else t("")), line, where)
        blocks.append(_block(name + (t(f"  {beside}", DIM) if beside else t("")), line, where))
    hint = Text.assemble(
        ("search QUERY", "bold"),
        _(" find a channel · "),
        ("dial QUERY", "bold"),
        _(" how to call · "),
        ("hours", "bold"),
        _(" staffed now? · "),
        ("show AREA", "bold"),
        _(" everything · "),
        ("--help", "bold"),
        style="",
    )
    title = t(directory.title_zh, "bold")
    # The columns, a gap of two between each, and the edge space on either side.
    needs = area_width + line_width + longest_link + 2 * 2 + 2 + 2
    return Group(
        title,
        Responsive(table, Group(*blocks), needs),
        Wrapped(Text("sse-channels ", style=DIM) + hint, fold=False),
        Wrapped(
            t(_("directory: {dates}").format(dates=dates_text(directory.dates)), DIM), fold=False
        ),
    )


def hours_table(report: ans.HoursReport) -> Group:
    """Lines with their state at one instant."""
    blocks = []
    for ch, st in report.rows:
        first, beside = names.pair(ch.name_zh, ch.name_en)
        name = t(first, "bold")
        name.append(f"  {clean(ch.id)}", style=DIM)
        said = [t(beside, DIM)] if beside else []  # English: the Chinese name under it
        if st is None:
            blocks.append(_block(name, *said, t(_("hours not published"), DIM)))
            continue
        blocks.append(
            _block(
                name, *said, _state(ch, st, report.whole_day), t(row_windows(report, ch, st), DIM)
            )
        )
    notes = [Wrapped(t(note, DIM), fold=False) for note in estimate_notes(report)]
    wide = _hours_wide(report)
    # The table only where each of its cells keeps its lines (a channel id above all) whole:
    # three columns, the gaps between them and the two edges.
    needs = sum(
        max((cell_len(x) for c in column.cells for x in _plain(c).split("\n")), default=0)
        for column in wide.columns
    )
    return Group(
        Wrapped(t(hours_head(report), "bold"), fold=False),
        Responsive(wide, Group(*blocks), needs + 2 + 2 + 3 * 2 - 2),
        *notes,
    )


def _plain(cell: RenderableType) -> str:
    return (
        cell.text.plain
        if isinstance(cell, Wrapped)
        else cell.plain
        if isinstance(cell, Text)
        else ""
    )


def _state(ch: m.Channel, st: Status, whole_day: bool = False) -> Text:
    if whole_day:
        return t(day_state(ch, st), "bold green" if st.today else "red")
    return t(hours_state(ch, st), "bold green" if st.open else "red")


def _hours_wide(report: ans.HoursReport) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column(_("Channel"), overflow="fold")
    table.add_column(_("That day") if report.whole_day else _("Now"), overflow="fold")
    table.add_column(_("Hours") if report.whole_day else _("Today"), overflow="fold")
    for ch, st in report.rows:
        name = t(names.channel(ch), "bold")
        name.append(f"\n{clean(ch.id)}", style=DIM)
        if st is None:
            _add(table, name, t(_("hours not published"), DIM), t(""))
            continue
        _add(table, name, _state(ch, st, report.whole_day), t(row_windows(report, ch, st)))
    return table
