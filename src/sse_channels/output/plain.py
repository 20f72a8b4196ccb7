"""Plain text: the one home of every sentence and line the tool prints without Rich.

The phrases (`hours_text`, `status_text`, `due_lines`…) are shared by every format: Rich
draws them, CSV and vCard carry them. `lines(answer)` is the plain-text formatter: the
tab-separated or indented lines of each answer, as printed when stdout is not a terminal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from msgspec.structs import replace

from sse_channels import answers as ans
from sse_channels import model as m
from sse_channels._compat import assert_never
from sse_channels.dial import dial_lines
from sse_channels.errors import Problem
from sse_channels.l10n import N_, Lang, _, curly, current, pgettext, source_language
from sse_channels.search.index import Field
from sse_channels.search.weights import Tier
from sse_channels.textnorm import clean, plain_line

from . import names

if TYPE_CHECKING:
    from sse_channels.days.staffing import Status
    from sse_channels.search import Nearby, Reason, Result

NOT_PUBLISHED = N_("not published")  # translate with _() where shown


def hours_text(ch: m.Channel) -> str:
    """`trading days 08:45-11:30, 13:00-17:00`, `not published`, or "" where hours do not apply."""
    if ch.hours is not None:
        if ch.hours.meaning is m.HoursMeaning.ON_AIR:
            return _("on air, trading days {hours}").format(hours=windows_text(ch.hours))
        return _("trading days {hours}").format(hours=windows_text(ch.hours))
    return _(NOT_PUBLISHED) if ch.kind in m.STAFFED_KINDS else ""


def windows_text(hours: m.Hours) -> str:
    """'08:45-11:30, 13:00-17:00'; in Chinese '08:45-11:30、13:00-17:00'."""
    return _(", ").join(str(w) for w in hours.windows)


def contact_text(c: m.Contact, directory: m.Directory | None = None) -> str:
    """One line for a contact point (phones are described by `dial_lines` instead)."""
    match c:
        case m.Phone():
            return c.number
        case m.Fax():
            return _("fax {number}").format(number=c.number)
        case m.Email():
            return c.address
        case m.Web():
            return f"{names.pair(c.title_zh, c.title_en)[0]} {c.url}"
        case m.System():
            ekey = f" (EKey {c.ekey_url})" if c.ekey_url else ""
            return f"{c.name_zh} {c.url}{ekey}"
        case m.Address():
            return f"{c.text_zh} {c.postcode}" if c.postcode else c.text_zh
        case m.Account():
            ident = f" ({c.account_id})" if c.account_id else ""
            return f"{platform_text(c.platform)} {c.name}{ident}"
        case m.Newspaper():
            return c.name_zh
        case m.Radio():
            return f"{c.station_zh} {c.frequency}《{c.programme_zh}》"
        case m.Via():
            return _("{what}: see {where}").format(what=via_what(c), where=via_where(c, directory))
        case _:
            assert_never(c)


# What the annex's "see elsewhere" entries are, said in English; the Chinese of each is the
# annex's own words (the catalog gives them back), so Chinese shows the data unchanged.
VIA_WHAT = {
    "预约": N_("appointment"),
    "预约（电话）": N_("appointment (phone)"),
    "预约（电子邮件）": N_("appointment (e-mail)"),
    "咨询电话": N_("consultation phone"),
    "咨询电话、邮箱地址": N_("consultation phone and mailbox"),
    "联络人及联系方式": N_("liaison and contact details"),
    "申请入口（“项目沟通”栏目）": N_("where to apply (section “项目沟通”)"),
    "申请入口（“业务咨询”栏目）": N_("where to apply (section “业务咨询”)"),
}
PLATFORMS = {
    m.Platform.WECHAT: N_("WeChat official account"),
    m.Platform.TOUTIAO: N_("Toutiao"),
    m.Platform.XIMALAYA: N_("Ximalaya"),
    m.Platform.P5W: N_("p5w.net"),
    m.Platform.WIND_3C: N_("Wind 3C meetings"),
    m.Platform.QQ_GROUP: N_("QQ group"),
}


def via_what(c: m.Via) -> str:
    """'appointment (phone)' in English, 预约（电话） in Chinese; an entry of a user's own file
    that the catalog does not know keeps its Chinese."""
    english = VIA_WHAT.get(c.what_zh)
    return _(english) if english else c.what_zh


def via_where(c: m.Via, directory: m.Directory | None = None) -> str:
    """Where a 'see elsewhere' entry points: the channel it names, by name, else its words."""
    target = directory.channel(c.channel_id) if directory and c.channel_id else None
    return names.channel(target) if target is not None else c.where_zh


def platform_text(p: m.Platform) -> str:
    return _(PLATFORMS[p]) if p in PLATFORMS else m.PLATFORM_ZH[p]


def quoted_zh(text: str) -> str:
    """The document's own Chinese words (a note, an undertaking) where the data has no
    English: marked as such in English, unchanged in Chinese."""
    return _("(in Chinese) {text}").format(text=text)


HOLIDAYS = {
    "元旦": N_("New Year's Day"),
    "春节": N_("Spring Festival"),
    "农历除夕": N_("Lunar New Year's Eve"),
    "清明节": N_("Qingming Festival"),
    "劳动节": N_("Labour Day"),
    "端午节": N_("Dragon Boat Festival"),
    "中秋节": N_("Mid-Autumn Festival"),
    "国庆节": N_("National Day"),
    "休市": N_("market closed"),
}


def holiday_text(name_zh: str) -> str:
    """A day's name in the interface language: 国庆节 / National Day, 国庆节调休上班 /
    make-up working day (National Day), 春节（补假） / Spring Festival (day in lieu)."""
    if current() is Lang.ZH:
        return name_zh
    parts = []
    for name in name_zh.split("; "):
        base, makeup = (
            (name[: -len("调休上班")], True) if name.endswith("调休上班") else (name, False)
        )
        base, lieu = (
            (base[: -len("（补假）")], True) if base.endswith("（补假）") else (base, False)
        )
        if base and base not in HOLIDAYS:
            return name_zh  # a name of a closure notice the catalog does not know
        text = _(HOLIDAYS[base]) if base else ""
        if lieu:
            text = _("{holiday} (day in lieu)").format(holiday=text)
        if makeup:
            text = (
                _("make-up working day ({holiday})").format(holiday=text)
                if text
                else _("make-up working day")
            )
        parts.append(text)
    return _("; ").join(parts)


def reach_lines(
    ch: m.Channel, routes: tuple[int, ...] = (), directory: m.Directory | None = None
) -> list[str]:
    """How to reach a channel, one line per way: dial sequences first, then the rest."""
    lines = []
    for d in dial_lines(ch, routes):
        label = f" ({names.label(d)})" if d.label_zh and len(ch.phones()[0].routes) > 1 else ""
        lines.append(d.sequence + label)
    lines += [contact_text(c, directory) for c in ch.contacts if not isinstance(c, m.Phone)]
    return lines


WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
# ^ not the locale's %a; shown through _()


def day_text(d: dt.date) -> str:
    """'Mon 2026-11-30' whatever the locale."""
    return _("{weekday} {date}").format(weekday=_(WEEKDAYS[d.weekday()]), date=f"{d:%Y-%m-%d}")


def on_air(ch: m.Channel) -> bool:
    return ch.hours is not None and ch.hours.meaning is m.HoursMeaning.ON_AIR


def status_text(st: Status, on_air: bool = False, reception: bool = False) -> str:
    """'open now, closes 11:30' for a staffed line; 'off air, on air 18:35' for a programme;
    a reception room is open or closed (in Chinese 接待, not 接听: nobody answers a phone)."""
    when = st.next_change
    if when is None:
        nxt = ""
    elif when.date() == st.at.date():
        opens = st.next_change_kind == "opens"
        tmpl = {
            (False, True): N_("opens {time}"),
            (False, False): N_("closes {time}"),
            (True, True): N_("on air {time}"),
            (True, False): N_("ends {time}"),
        }[(on_air, opens)]
        nxt = _(tmpl).format(time=f"{when:%H:%M}")
    else:
        nxt = _("next: {day} {time}").format(day=day_text(when), time=f"{when:%H:%M}")
    if on_air:
        state = _("on air now") if st.open else _("off air")
    else:
        done = not st.open and st.today and when is not None and when.date() != st.at.date()
        # The same English; in Chinese a day whose windows are over reads 今日已结束.
        state = (
            (pgettext("reception", "open now") if reception else _("open now"))
            if st.open
            else pgettext("after hours", "closed now")
            if done
            else pgettext("reception", "closed now")
            if reception
            else _("closed now")
        )
    out = _("{state}, {next}").format(state=state, next=nxt) if nxt else state
    if st.estimated:
        out += _(ESTIMATED_MARK)  # the reason is said once, under the output: estimate_notes
    return out


ESTIMATED_MARK = N_(" (estimated*)")

# How calendar.py words an unpublished year; each part said again from its template.
_ESTIMATE_HOW = {
    "estimated from statutory holiday rules, make-up workdays unknown": N_(
        "estimated from the statutory holiday rules; make-up working days are not known"
    ),
    "outside the holiday rules' range, only weekends are known": N_(
        "beyond the holiday rules' years, only weekends are known"
    ),
}


def estimate_note(reason: str) -> str:
    """The footnote of the estimate mark: why a year is estimated and how to give the notice."""
    import re

    m = re.fullmatch(
        r"(?P<year>\d{4}): no published schedule in (?P<sources>.+?); (?P<how>.+?); "
        r"supply the exchange's notice with --holidays",
        reason,
    )
    if m is None or m["how"] not in _ESTIMATE_HOW:
        return _("* estimated: {reason}").format(reason=reason)
    return _(
        "* estimated: {year} has no published trading calendar yet ({sources}); {how}. "
        "Give the exchange's notice with --holidays FILE."
    ).format(year=m["year"], sources=m["sources"], how=_(_ESTIMATE_HOW[m["how"]]))


def estimate_notes(answer: ans.Answer) -> list[str]:
    """One footnote per estimated year the answer touches, once, whatever the lines marked."""
    reasons: list[str | None] = []
    match answer:
        case ans.DialReport():
            for a in answer.answers:
                for st in (a.status, a.unlisted_status):
                    if st is not None and st.estimated:
                        reasons.append(st.reason)
        case ans.HoursReport():
            if answer.day.estimated:
                reasons.append(answer.day.reason)
            reasons += [st.reason for _c, st in answer.rows if st is not None and st.estimated]
        case ans.DueReport():
            reasons += [a.deadline.reason for a in answer.answers if a.deadline.estimated]
    return [estimate_note(r) for r in dict.fromkeys(reasons) if r]


def hours_head(report: ans.HoursReport) -> str:
    """'Beijing time Thu 2026-11-26 12:00 · trading day', with the day's name and caveats."""
    day = report.day
    when = (
        _("Beijing time {day}, the whole day").format(day=day_text(report.at))
        if report.whole_day
        else _("Beijing time {day} {time}").format(
            day=day_text(report.at), time=f"{report.at:%H:%M}"
        )
    )
    return (
        when
        + " · "
        + (_("trading day") if day.trading else _("not a trading day"))
        + (
            ""
            if day.trading or not day.working
            else pgettext("weekend", " (working day)")  # 调休上班日: a Saturday or Sunday
            if day.date.weekday() >= 5
            else _(" (working day)")
        )
        + (f" · {holiday_text(day.name_zh)}" if day.name_zh else "")
        + (_(" · estimated*") if day.estimated else "")
    )


DUE_ON_MAKEUP_DAY = N_("due on a make-up working day (worked, but the exchange does not trade)")


def due_lines(answer: ans.DueAnswer) -> list[str]:
    """The due date of one answer, what the exchange undertakes and the days skipped."""
    ch, resp, dl = answer.channel, answer.response, answer.deadline
    lines = [
        _("{name}: {n} working days from {start} → due {due}").format(
            name=names.channel(ch), n=resp.amount, start=day_text(dl.start), due=day_text(dl.due)
        ),
        "  " + _("the exchange undertakes: {text}").format(text=quoted_zh(resp.text_zh)),
        "  " + _("day 1 is the first working day after the request"),
    ]
    skipped = [
        f"{x.date:%m-%d} {_(WEEKDAYS[x.date.weekday()])}"
        + (f" {holiday_text(x.name_zh)}" if x.name_zh else "")
        for x in dl.skipped
    ]
    if skipped:
        lines.append("  " + _("skipped: {days}").format(days=_(", ").join(skipped)))
    if dl.estimated:
        lines[0] += _(ESTIMATED_MARK)
    if answer.makeup:
        lines.append("  " + _(DUE_ON_MAKEUP_DAY))
    return lines


# --------------------------------------------------------------------------- lines per answer


def dates_text(dates: m.DirectoryDates) -> str:
    """'transcribed 2026-11-26 · document date not published · links never checked'."""

    def day(d: dt.date | None, missing: str) -> str:
        return d.isoformat() if d else missing

    return " · ".join(
        (
            _("transcribed {date}").format(date=day(dates.transcribed, _("not recorded"))),
            _("document date {date}").format(date=day(dates.document, _(NOT_PUBLISHED))),
            _("links checked {date}").format(date=dates.checked.isoformat())
            if dates.checked
            else _("links never checked"),
        )
    )


def main_line_text(p: ans.AreaPoints) -> str:
    """An area's main line; the general hotline's menu is labelled as such."""
    if p.phone is None:
        return ""
    label = f" ({names.label(p.phone)})" if p.general and p.phone.label_zh else ""
    return p.phone.sequence + label


def problem_text(p: Problem) -> str:
    """A problem with a file, its message in the interface language where the catalog has it:
    the record keeps the English message (N_), so JSON is the same in every language. A
    message with values is said from its template; the values that are words of the
    validator's own (what was expected, what was found) are translated too."""
    if p.template:
        args = {k: _(v) if k in ("what", "kind") else v for k, v in p.args}
        if "allowed" in args:
            args["allowed"] = _(", ").join(args["allowed"].split(", "))
        return curly(str(replace(p, message=_(p.template).format(**args))))
    return curly(str(replace(p, message=_(p.message) if p.message else p.message)))


def channel_line(ch: m.Channel, directory: m.Directory, routes: tuple[int, ...] = ()) -> str:
    area = directory.area(ch.area)
    return plain_line(
        ch.id,
        names.area(area, ch.area),
        names.channel(ch),
        " | ".join(reach_lines(ch, routes, directory)),
        hours_text(ch),
    )


Link = Callable[[str, str], str]  # (text, URI) -> the text, as a terminal hyperlink or not


def _no_link(text: str, uri: str) -> str:
    return text


def lines(answer: ans.Answer, link: Link = _no_link) -> list[str]:
    """The plain-text form of an answer, one string per line. Tab-separated rows are for
    programs: they are said in the source language (`l10n.source_language`: names in
    Chinese, phrases and hours as `--json` and CSV's English header give them), the same
    bytes whatever the interface language."""
    match answer:
        case ans.Overview():
            with source_language():
                return [
                    plain_line(
                        p.area.id,
                        names.area(p.area),
                        main_line_text(p) if p.phone else "-",
                        p.mail.address if p.mail else p.site.url if p.site else "-",
                    )
                    for p in answer.rows
                ]
        case ans.SearchAnswer():
            out = []
            for r in answer.results:
                with source_language():
                    out.append(channel_line(r.channel, answer.directory, r.routes))
                if answer.explain:
                    out += ["  " + clean(x) for x in reason_lines(r, answer.directory)]
            return out
        case ans.ShowAnswer():
            with source_language():
                return _show_lines(answer)
        case ans.ListAnswer():
            area_zh = {a.id: a.name_zh for a in answer.directory.areas}
            return [
                plain_line(c.id, area_zh.get(c.area, c.area), c.name_zh) for c in answer.channels
            ]
        case ans.DialReport():
            return _dial_lines(answer, link) + _footnotes(answer)
        case ans.HoursReport():
            with source_language():  # tab-separated rows: the footnote goes to stderr
                return _hours_lines(answer)
        case ans.DueReport():
            due = [clean(x) for n, a in enumerate(answer.answers) for x in _sep(n, due_lines(a))]
            return due + _footnotes(answer)
        case ans.LinkAnswer():
            # Printed exactly as it is opened: the validator refuses what clean() would change.
            return [answer.url]
        case ans.Validation():
            if answer.problems:
                return [clean(problem_text(p)) for p in answer.problems]
            out = [
                _("{file}: valid ({areas} areas, {channels} channels)").format(
                    file=clean(answer.file), areas=answer.areas, channels=answer.channels
                )
            ]
            if answer.topics_file is not None:
                out.append(
                    _("{file}: valid ({topics} topics, {places} places)").format(
                        file=clean(answer.topics_file), topics=answer.topics, places=answer.places
                    )
                )
            return out
        case ans.LinkCheck():
            from sse_channels.output.checks import report_lines

            return report_lines(answer.report)
        case ans.DirectoryDiff():
            from sse_channels.output.checks import change_lines

            return change_lines(answer.changes)
        case _:
            assert_never(answer)


def _sep(n: int, block: list[str]) -> list[str]:
    """A block of lines, after an empty line unless it is the first block."""
    return ["", *block] if n else block


def _show_lines(answer: ans.ShowAnswer) -> list[str]:
    out = []
    for ch in answer.channels:
        out.append(plain_line(ch.id, names.channel(ch)))
        if answer.topic is not None:
            out += [plain_line("", x) for x in topic_lines(answer.topic, ch, answer.directory)]
        out += [plain_line("", x) for x in reach_lines(ch, (), answer.directory)]
        if hours_text(ch):
            out.append(plain_line("", _("hours: {hours}").format(hours=hours_text(ch))))
    return out


def _footnotes(answer: ans.Answer) -> list[str]:
    notes = estimate_notes(answer)
    return ["", *notes] if notes else []


def _dial_lines(report: ans.DialReport, link: Link) -> list[str]:
    out: list[str] = []
    if report.instead_of is not None:
        ch = report.instead_of
        out.append(
            _("{name} ({id}) has no phone line; the line of its area:").format(
                name=clean(ch.name_zh), id=ch.id
            )
        )
    shown = [a for a in report.answers if a.lines or a.unlisted]
    for n, a in enumerate(shown):
        block = []
        if (not a.lines and n) or (a.lines and n and shown[0].unlisted and not shown[0].lines):
            block.append(_("nearest line with a number:"))
        block += _dial_block(a, link, report.whole_day)
        out += _sep(n, block)
    if report.no_phone is not None:
        out += [clean(x) for x in reach_lines(report.no_phone)]
    return out


def _dial_state(ch: m.Channel, st: Status, whole_day: bool) -> str:
    """'open now, closes 11:30'; for a whole day 'Tue 2026-12-08: open that day 08:45-11:30…'."""
    if not whole_day:
        return status_text(st)
    state = day_state(ch, st)
    if st.today:
        state = _("{state} {windows}").format(state=state, windows=today_text(st, ch))
    return _("{day}: {state}").format(day=day_text(st.at), state=state)


def _dial_block(a: ans.DialAnswer, link: Link, whole_day: bool = False) -> list[str]:
    ch = a.channel
    labelled = len(a.lines) > 1
    block = []
    for d in a.lines:
        label = f"  {clean(names.label(d))}" if labelled and d.label_zh else ""
        block.append(link(d.sequence, d.tel_uri) + label)
    if not a.lines:
        block.append(clean(names.channel(ch)))
    else:
        block.append(f"  {clean(names.channel(ch))}")
    block.append("  " + _("for: {text}").format(text=clean(names.summary(ch))))
    block += ["  " + _("note: {text}").format(text=clean(quoted_zh(n))) for n in ch.notes_zh]
    if a.lines:
        if a.status is not None:
            hours = f"{hours_text(ch)} · {clean(_dial_state(ch, a.status, whole_day))}"
        else:
            hours = _(NOT_PUBLISHED)
        block.append("  " + _("hours: {hours}").format(hours=hours))
        block += ["  " + link(d.tel_uri, d.tel_uri) for d in a.lines]
    if a.unlisted is not None:
        own = _("own line: {text}") if a.lines else _("number: {text}")
        block.append("  " + own.format(text=clean(unlisted_text(a.unlisted))))
        if a.unlisted_status is not None:
            hours = f"{hours_text(ch)} · {clean(_dial_state(ch, a.unlisted_status, whole_day))}"
        else:
            hours = _(NOT_PUBLISHED)
        own_hours = _("own line hours: {hours}") if a.lines else _("hours: {hours}")
        block.append("  " + own_hours.format(hours=hours))
    return block


def unlisted_text(via: m.Via) -> str:
    """'咨询电话 published in 上市公司业务管理系统 (listed-co.system)'."""
    target = f" ({via.channel_id})" if via.channel_id else ""
    return _("{what} published in {where}{target}").format(
        what=via_what(via), where=via.where_zh, target=target
    )


def day_state(ch: m.Channel, st: Status) -> str:
    """Asked for a whole day: whether the line, room or programme is open that day at all,
    and when it is not, the next day it is ('closed that day, next: Mon 2026-12-07 08:45')."""
    if on_air(ch):
        state = _("on air that day") if st.today else _("not on air that day")
    elif is_reception(ch):
        state = (
            pgettext("reception", "open that day")
            if st.today
            else pgettext("reception", "closed that day")
        )
    else:
        state = _("open that day") if st.today else _("closed that day")
    when = st.next_change
    if st.today or when is None or st.next_change_kind != "opens":
        return state + (_(ESTIMATED_MARK) if st.estimated else "")
    nxt = _("next: {day} {time}").format(day=day_text(when), time=f"{when:%H:%M}")
    out = _("{state}, {next}").format(state=state, next=nxt)
    return out + (_(ESTIMATED_MARK) if st.estimated else "")


def hours_state(ch: m.Channel, st: Status) -> str:
    """'open now, closes 11:30', or for a radio programme 'off air, on air 18:35'."""
    return status_text(st, on_air(ch), reception=is_reception(ch))


def is_reception(ch: m.Channel) -> bool:
    """A place with opening hours (a reception room), not a phone line or a programme."""
    return ch.kind is not m.ChannelKind.PHONE and not on_air(ch)


def today_text(st: Status, ch: m.Channel | None = None) -> str:
    """Today's windows, '08:45-11:30、13:00-17:00' in Chinese; or that there are none today,
    said of what the channel is: a line, a reception room or a programme."""
    if st.today:
        return _(", ").join(str(w) for w in st.today)
    if ch is not None and on_air(ch):
        return pgettext("on air", "closed today")
    if ch is not None and is_reception(ch):
        return pgettext("reception", "closed today")
    return _("closed today")


def row_windows(report: ans.HoursReport, ch: m.Channel, st: Status) -> str:
    """Today's windows; for a whole day, that day's ("-" when there are none: the state says
    when it opens next)."""
    return "-" if report.whole_day and not st.today else today_text(st, ch)


def _hours_lines(report: ans.HoursReport) -> list[str]:
    """Only tab-separated rows: the instant and the day's type are in the drawn head and JSON."""
    out = []
    for c, st in report.rows:
        if st is None:
            out.append(plain_line(c.id, names.channel(c), _("hours not published")))
        else:
            state = day_state(c, st) if report.whole_day else hours_state(c, st)
            out.append(plain_line(c.id, names.channel(c), state, row_windows(report, c, st)))
    return out


# --------------------------------------------------------------------------- why it matched


def field_label(f: Field) -> str:
    """The part of a record a query term matched, as `search --explain` names it."""
    match f:
        case Field.NAME_ZH:
            return pgettext("match field", "Chinese name")
        case Field.NAME_EN:
            return pgettext("match field", "English name")
        case Field.ID:
            return pgettext("match field", "id")
        case Field.KIND:
            return pgettext("match field", "kind of channel")
        case Field.CONTACT_TYPE:
            return pgettext("match field", "way of contact")
        case Field.ALIAS:
            return pgettext("match field", "alias")
        case Field.AREA:
            return pgettext("match field", "area")
        case Field.SUMMARY:
            return pgettext("match field", "summary")
        case Field.NOTE:
            return pgettext("match field", "note")
        case Field.PHONE:
            return pgettext("match field", "phone number")
        case Field.ROUTE:
            return pgettext("match field", "menu option")
        case Field.EMAIL:
            return pgettext("match field", "mailbox")
        case Field.URL:
            return pgettext("match field", "link")
        case Field.SITE:
            return pgettext("match field", "site name")
        case Field.SYSTEM:
            return pgettext("match field", "system")
        case Field.EKEY:
            return pgettext("match field", "EKey certificate")
        case Field.ADDRESS:
            return pgettext("match field", "address")
        case Field.POSTCODE:
            return pgettext("match field", "postcode")
        case Field.ACCOUNT:
            return pgettext("match field", "social media account")
        case Field.NEWSPAPER:
            return pgettext("match field", "newspaper")
        case Field.RADIO:
            return pgettext("match field", "radio")
        case Field.VIA:
            return pgettext("match field", "where it is published")
        case Field.TOPIC:
            return pgettext("match field", "topic")
        case Field.AUDIENCE:
            return pgettext("match field", "who is asking")
        case Field.ASKED:
            return pgettext("match field", "questions asked of it")
        case _:
            assert_never(f)


def tier_label(tier: Tier) -> str:
    """How closely a term met a key: exact, prefix, substring or fuzzy."""
    match tier:
        case Tier.EXACT:
            return pgettext("match tier", "exact")
        case Tier.PREFIX:
            return pgettext("match tier", "prefix")
        case Tier.SUBSTRING:
            return pgettext("match tier", "substring")
        case Tier.FUZZY:
            return pgettext("match tier", "fuzzy")
        case _:
            assert_never(tier)


def step_label(step: str) -> str:
    """A matching step (`search.STEPS`, or topic and audience) for a person; an unknown
    step keeps its own name."""
    match step:
        case "number":
            return pgettext("match step", "number")
        case "extension after the main number":
            return pgettext("match step", "extension after the main number")
        case "short number in text":
            return pgettext("match step", "short number in text")
        case "chinese text":
            return pgettext("match step", "Chinese text")
        case "text":
            return pgettext("match step", "text")
        case "inside a pinyin reading":
            return pgettext("match step", "inside a pinyin reading")
        case "pinyin reading":
            return pgettext("match step", "pinyin reading")
        case "pinyin initials":
            return pgettext("match step", "pinyin initials")
        case "pieces of a paraphrase":
            return pgettext("match step", "pieces of a paraphrase")
        case "readings of the characters":
            return pgettext("match step", "readings of the characters")
        case "near readings":
            return pgettext("match step", "near readings")
        case "word stem":
            return pgettext("match step", "word stem")
        case "near spelling":
            return pgettext("match step", "near spelling")
        case "near text":
            return pgettext("match step", "near text")
        case "topic":
            return pgettext("match step", "topic")
        case "audience":
            return pgettext("match step", "audience")
    return step


def score_text(score: float) -> str:
    return f"{score:.2f}"


def audience_text(value: str) -> str:
    """An audience code as the interface speaks: 投资者 in Chinese, `investor` in English."""
    try:
        audience = m.Audience(value)
    except ValueError:
        return value
    return m.AUDIENCE_ZH[audience] if current() is Lang.ZH else audience.value


def topic_source_text(reason: Reason) -> str:
    """Where a topic comes from: the article of the law, else the annex row."""
    topic = reason.topic
    if topic is None:
        return ""
    annex = topic.source.annex
    # An annex note that already names the table (一览表各栏…) is not prefixed a second time.
    return topic.source.law or (annex if "一览表" in annex[:4] else f"渠道一览表 {annex}")


def near_text(near: Nearby) -> str:
    """The nearest listing-service office, worded as a suggestion by distance."""
    return _(
        "{city}: the listing-service office nearest to {place}, about {km} km"
        " (suggested by distance, not a jurisdiction)"
    ).format(city=near.city_zh, place=near.place_zh, km=near.km)


def topic_lines(reason: Reason, ch: m.Channel, directory: m.Directory) -> list[str]:
    """'matched topic 内幕交易 → 信访举报 (source: …)', the nearest office and the topic's note."""
    topic = reason.topic
    if topic is None:
        return []
    area = directory.area(ch.area)
    out = [
        _("matched topic {topic} → {desk} (source: {source})").format(
            topic=topic.name_zh,
            desk=area.name_zh if area else ch.area,
            source=topic_source_text(reason),
        )
    ]
    if reason.near is not None:
        out.append("  " + near_text(reason.near))
    if topic.note_zh:
        out.append("  " + _("note: {text}").format(text=quoted_zh(topic.note_zh)))
    return out


def reason_lines(result: Result, directory: m.Directory) -> list[str]:
    """Why a result matched, one line per query term (a topic with its source and the nearest
    office under it): `债券 → Chinese name: 债券业务邮件咨询 (prefix, 6.00, Chinese text)`."""
    out: list[str] = []
    for x in result.reasons:
        if x.field is Field.TOPIC and x.topic is not None:
            first, *rest = topic_lines(x, result.channel, directory)
            out += [f"{x.term} → {first}", *rest]
            continue  # the topic's lines hold its nearest office
        if x.field is Field.AUDIENCE:
            line = _("{term} → who is asking: {audience} (+{score})").format(
                term=x.term, audience=audience_text(x.key), score=score_text(x.score)
            )
        elif x.field is Field.ASKED:
            line = _("{term} → reads like the questions asked of this desk (+{score})").format(
                term=x.term, score=score_text(x.score)
            )
        else:
            line = _("{term} → {field}: {text} ({tier}, {score}, {step})").format(
                term=x.term,
                field=field_label(x.field),
                text=x.text,
                tier=tier_label(x.tier),
                score=score_text(x.score),
                step=step_label(x.step),
            )
        out.append(line)
        if x.near is not None:
            out.append("  " + near_text(x.near))
    return out
