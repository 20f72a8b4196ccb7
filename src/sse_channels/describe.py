"""Plain text: the one home of every sentence and line the tool prints without Rich.

The phrases (`hours_text`, `status_text`, `due_lines`…) are shared by every format: Rich
draws them, CSV and vCard carry them. `lines(answer)` is the plain-text formatter: the
tab-separated or indented lines of each answer, as printed when stdout is not a terminal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from . import answers as ans
from . import model as m
from ._compat import assert_never
from .dial import dial_lines
from .textnorm import clean

if TYPE_CHECKING:
    from .schedule import Status

NOT_PUBLISHED = "not published"


def hours_text(ch: m.Channel) -> str:
    """`trading days 08:45-11:30, 13:00-17:00`, `not published`, or "" where hours do not apply."""
    if ch.hours is not None:
        prefix = "on air, " if ch.hours.meaning is m.HoursMeaning.ON_AIR else ""
        return f"{prefix}trading days {ch.hours}"
    return NOT_PUBLISHED if ch.kind in m.STAFFED_KINDS else ""


def contact_text(c: m.Contact, directory: m.Directory | None = None) -> str:
    """One line for a contact point (phones are described by `dial_lines` instead)."""
    match c:
        case m.Phone():
            return c.number
        case m.Fax():
            return f"fax {c.number}"
        case m.Email():
            return c.address
        case m.Web():
            return f"{c.title_zh} {c.url}"
        case m.System():
            ekey = f" (EKey {c.ekey_url})" if c.ekey_url else ""
            return f"{c.name_zh} {c.url}{ekey}"
        case m.Address():
            return f"{c.text_zh} {c.postcode}" if c.postcode else c.text_zh
        case m.Account():
            ident = f" ({c.account_id})" if c.account_id else ""
            return f"{m.PLATFORM_ZH[c.platform]} {c.name}{ident}"
        case m.Newspaper():
            return c.name_zh
        case m.Radio():
            return f"{c.station_zh} {c.frequency}《{c.programme_zh}》"
        case m.Via():
            return f"{c.what_zh}：见{c.where_zh}"
        case _:
            assert_never(c)


def reach_lines(ch: m.Channel, routes: tuple[int, ...] = ()) -> list[str]:
    """How to reach a channel, one line per way: dial sequences first, then the rest."""
    lines = []
    for d in dial_lines(ch, routes):
        label = f" ({d.label_zh})" if d.label_zh and len(ch.phones()[0].routes) > 1 else ""
        lines.append(d.sequence + label)
    lines += [contact_text(c) for c in ch.contacts if not isinstance(c, m.Phone)]
    return lines


WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")  # not the locale's %a


def day_text(d: dt.date) -> str:
    """'Mon 2026-11-30' whatever the locale."""
    return f"{WEEKDAYS[d.weekday()]} {d:%Y-%m-%d}"


def on_air(ch: m.Channel) -> bool:
    return ch.hours is not None and ch.hours.meaning is m.HoursMeaning.ON_AIR


def status_text(st: Status, on_air: bool = False) -> str:
    """'open now, closes 11:30' for a staffed line; 'off air, on air 18:35' for a programme."""
    when = st.next_change
    if when is None:
        nxt = ""
    elif when.date() == st.at.date():
        nxt = f"{st.next_change_kind} {when:%H:%M}"
    else:
        nxt = f"next: {day_text(when)} {when:%H:%M}"
    if on_air:
        state = "on air now" if st.open else "off air"
        nxt = nxt.replace("opens", "on air").replace("closes", "ends")
    else:
        state = "open now" if st.open else "closed now"
    out = f"{state}, {nxt}" if nxt else state
    if st.estimated:
        out += f" (estimated: {st.reason})"
    return out


def hours_head(report: ans.HoursReport) -> str:
    """'Beijing time Thu 2026-11-26 12:00 · trading day', with the day's name and caveats."""
    day = report.day
    return (
        f"Beijing time {day_text(report.at)} {report.at:%H:%M} · "
        + ("trading day" if day.trading else "not a trading day")
        + ("" if day.trading or not day.working else " (working day)")
        + (f" · {day.name_zh}" if day.name_zh else "")
        + (f" · estimated: {day.reason}" if day.estimated else "")
    )


def due_lines(answer: ans.DueAnswer) -> list[str]:
    """The due date of one answer, what the exchange undertakes and the days skipped."""
    ch, resp, dl = answer.channel, answer.response, answer.deadline
    lines = [
        f"{ch.name_zh}: {resp.amount} working days from {day_text(dl.start)}"
        f" → due {day_text(dl.due)}",
        f"  the exchange undertakes: {resp.text_zh}",
        "  day 1 is the first working day after the request",
    ]
    skipped = [
        f"{x.date:%m-%d} {WEEKDAYS[x.date.weekday()]}" + (f" {x.name_zh}" if x.name_zh else "")
        for x in dl.skipped
    ]
    if skipped:
        lines.append("  skipped: " + ", ".join(skipped))
    if dl.estimated:
        lines.append(f"  estimated: {dl.reason or ''}")
    if answer.makeup:
        lines.append("  due on a 调休上班日 · make-up working day")
    return lines


# --------------------------------------------------------------------------- lines per answer


def dates_text(dates: m.DirectoryDates) -> str:
    """'transcribed 2026-11-26 · document date not published · links never checked'."""

    def day(d: dt.date | None, missing: str) -> str:
        return d.isoformat() if d else missing

    return (
        f"transcribed {day(dates.transcribed, 'not recorded')} · "
        f"document date {day(dates.document, 'not published')} · "
        + (f"links checked {dates.checked.isoformat()}" if dates.checked else "links never checked")
    )


def main_line_text(p: ans.AreaPoints) -> str:
    """An area's main line; the general hotline's menu is labelled as such."""
    if p.phone is None:
        return ""
    label = f" ({p.phone.label_zh})" if p.general and p.phone.label_zh else ""
    return p.phone.sequence + label


def plain_line(*fields: str) -> str:
    """One tab-separated line; tabs and newlines inside fields become spaces."""
    return "\t".join(clean(f).replace("\t", " ").replace("\n", " ") for f in fields)


def channel_line(ch: m.Channel, directory: m.Directory, routes: tuple[int, ...] = ()) -> str:
    area = directory.area(ch.area)
    return plain_line(
        ch.id,
        area.name_zh if area else ch.area,
        ch.name_zh,
        " | ".join(reach_lines(ch, routes)),
        hours_text(ch),
    )


Link = Callable[[str, str], str]  # (text, URI) -> the text, as a terminal hyperlink or not


def _no_link(text: str, uri: str) -> str:
    return text


def lines(answer: ans.Answer, link: Link = _no_link) -> list[str]:
    """The plain-text form of an answer, one string per line."""
    match answer:
        case ans.Overview():
            return [
                plain_line(
                    p.area.id,
                    p.area.name_zh,
                    main_line_text(p) if p.phone else "-",
                    p.mail.address if p.mail else p.site.url if p.site else "-",
                )
                for p in answer.rows
            ]
        case ans.SearchAnswer():
            return [channel_line(r.channel, answer.directory, r.routes) for r in answer.results]
        case ans.ShowAnswer():
            return _show_lines(answer)
        case ans.ListAnswer():
            names = {a.id: a.name_zh for a in answer.directory.areas}
            return [plain_line(c.id, names.get(c.area, c.area), c.name_zh) for c in answer.channels]
        case ans.DialReport():
            return _dial_lines(answer, link)
        case ans.HoursReport():
            return _hours_lines(answer)
        case ans.DueReport():
            return [clean(x) for n, a in enumerate(answer.answers) for x in _sep(n, due_lines(a))]
        case ans.LinkAnswer():
            # Printed exactly as it is opened: the validator refuses what clean() would change.
            return [answer.url]
        case ans.Validation():
            if answer.problems:
                return [clean(str(p)) for p in answer.problems]
            return [
                f"{clean(answer.file)}: valid ({answer.areas} areas, {answer.channels} channels)"
            ]
        case ans.LinkCheck():
            from .linkcheck import report_lines

            return report_lines(answer.report)
        case ans.DirectoryDiff():
            from .dirdiff import change_lines

            return change_lines(answer.changes)
        case _:
            assert_never(answer)


def _sep(n: int, block: list[str]) -> list[str]:
    """A block of lines, after an empty line unless it is the first block."""
    return ["", *block] if n else block


def _show_lines(answer: ans.ShowAnswer) -> list[str]:
    out = []
    for ch in answer.channels:
        out.append(plain_line(ch.id, ch.name_zh, ch.name_en))
        out += [plain_line("", x) for x in reach_lines(ch)]
        if hours_text(ch):
            out.append(plain_line("", "hours: " + hours_text(ch)))
    return out


def _dial_lines(report: ans.DialReport, link: Link) -> list[str]:
    out: list[str] = []
    if report.instead_of is not None:
        ch = report.instead_of
        out.append(f"{clean(ch.name_zh)} ({ch.id}) has no phone line; the line of its area:")
    shown = [a for a in report.answers if a.lines or a.unlisted]
    for n, a in enumerate(shown):
        block = []
        if (not a.lines and n) or (a.lines and n and shown[0].unlisted and not shown[0].lines):
            block.append("nearest line with a number:")
        block += _dial_block(a, link)
        out += _sep(n, block)
    if report.no_phone is not None:
        out += [clean(x) for x in reach_lines(report.no_phone)]
    return out


def _dial_block(a: ans.DialAnswer, link: Link) -> list[str]:
    ch = a.channel
    labelled = len(a.lines) > 1
    block = []
    for d in a.lines:
        label = f"  {clean(d.label_zh)}" if labelled and d.label_zh else ""
        block.append(link(d.sequence, d.tel_uri) + label)
    if not a.lines:
        block.append(f"{clean(ch.name_zh)} · {clean(ch.name_en)}")
    else:
        block.append(f"  {clean(ch.name_zh)} · {clean(ch.name_en)}")
    block.append(f"  for: {clean(ch.summary_zh)}")
    block += [f"  note: {clean(note)}" for note in ch.notes_zh]
    if a.lines:
        if a.status is not None:
            block.append(f"  hours: {hours_text(ch)} · {clean(status_text(a.status))}")
        else:
            block.append("  hours: not published")
        block += ["  " + link(d.tel_uri, d.tel_uri) for d in a.lines]
    if a.unlisted is not None:
        own = "own line" if a.lines else "number"
        block.append(f"  {own}: {clean(unlisted_text(a.unlisted))}")
        if a.unlisted_status is not None:
            hours = f"{hours_text(ch)} · {clean(status_text(a.unlisted_status))}"
        else:
            hours = NOT_PUBLISHED
        block.append(f"  {own} hours: {hours}" if a.lines else f"  hours: {hours}")
    return block


def unlisted_text(via: m.Via) -> str:
    """'咨询电话 published in 上市公司业务管理系统 (listed-co.system)'."""
    target = f" ({via.channel_id})" if via.channel_id else ""
    return f"{via.what_zh} published in {via.where_zh}{target}"


def hours_state(ch: m.Channel, st: Status) -> str:
    """'open now, closes 11:30', or for a radio programme 'off air, on air 18:35'."""
    return status_text(st, on_air(ch))


def today_text(st: Status) -> str:
    return ", ".join(str(w) for w in st.today) or "closed today"


def _hours_lines(report: ans.HoursReport) -> list[str]:
    """Only tab-separated rows: the instant and the day's type are in the drawn head and JSON."""
    out = []
    for c, st in report.rows:
        if st is None:
            out.append(plain_line(c.id, c.name_zh, "hours not published"))
        else:
            out.append(plain_line(c.id, c.name_zh, hours_state(c, st), today_text(st)))
    return out
