"""Plain-text descriptions of records, shared by every output format. No Rich here."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from . import model as m
from .dial import DialLine, dial_lines
from .i18n import N_, _

if TYPE_CHECKING:
    from .answers import DueAnswer, HoursReport
    from .schedule import Status

NOT_PUBLISHED = N_("not published")  # translate with _() where shown
# Kinds for which opening hours are a meaningful question (a person answers or receives).
STAFFED_KINDS = {
    m.ChannelKind.PHONE,
    m.ChannelKind.ONSITE,
    m.ChannelKind.OFFICE,
    m.ChannelKind.LIAISON,
}


def hours_text(ch: m.Channel) -> str:
    """`trading days 08:45-11:30, 13:00-17:00`, `not published`, or "" where hours do not apply."""
    if ch.hours is not None:
        if ch.hours.meaning is m.HoursMeaning.ON_AIR:
            return _("on air, trading days {hours}").format(hours=ch.hours)
        return _("trading days {hours}").format(hours=ch.hours)
    return _(NOT_PUBLISHED) if ch.kind in STAFFED_KINDS else ""


def contact_text(c: m.Contact, directory: m.Directory | None = None) -> str:
    """One line for a contact point (phones are described by `dial_lines` instead)."""
    if isinstance(c, m.Phone):
        return c.number
    if isinstance(c, m.Fax):
        return _("fax {number}").format(number=c.number)
    if isinstance(c, m.Email):
        return c.address
    if isinstance(c, m.Web):
        return f"{c.title_zh} {c.url}"
    if isinstance(c, m.System):
        ekey = " (EKey)" if c.ekey_url else ""
        return f"{c.name_zh} {c.url}{ekey}"
    if isinstance(c, m.Address):
        return f"{c.text_zh} {c.postcode}" if c.postcode else c.text_zh
    if isinstance(c, m.Account):
        ident = f" ({c.account_id})" if c.account_id else ""
        return f"{m.PLATFORM_ZH[c.platform]} {c.name}{ident}"
    if isinstance(c, m.Newspaper):
        return c.name_zh
    if isinstance(c, m.Radio):
        return f"{c.station_zh} {c.frequency}《{c.programme_zh}》"
    return f"{c.what_zh}：见{c.where_zh}"


def reach_lines(ch: m.Channel, routes: tuple[int, ...] = ()) -> list[str]:
    """How to reach a channel, one line per way: dial sequences first, then the rest."""
    lines = []
    for d in dial_lines(ch, routes):
        label = f" ({d.label_zh})" if d.label_zh and len(ch.phones()[0].routes) > 1 else ""
        lines.append(d.sequence + label)
    lines += [contact_text(c) for c in ch.contacts if not isinstance(c, m.Phone)]
    return lines


def area_main_points(
    directory: m.Directory, area_id: str
) -> tuple[DialLine | None, m.Email | None, m.Web | m.System | None]:
    """An area's main phone line, its first mailbox and its first site, for the overview."""
    chans = directory.in_area(area_id)
    phone = next((d for c in chans for d in dial_lines(c)), None)
    mail = next((c for ch in chans for c in ch.contacts if isinstance(c, m.Email)), None)
    # A business system or a non-rules site says more about an area than its rule pages.
    sites = sorted(
        ((ch, c) for ch in chans for c in ch.contacts if isinstance(c, (m.Web, m.System))),
        key=lambda pair: (
            0 if isinstance(pair[1], m.System) else 2 if pair[0].kind is m.ChannelKind.RULES else 1
        ),
    )
    return phone, mail, sites[0][1] if sites else None


WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
# ^ not the locale's %a; shown through _()


def day_text(d: dt.date) -> str:
    """'Mon 2026-11-30' whatever the locale."""
    return f"{_(WEEKDAYS[d.weekday()])} {d:%Y-%m-%d}"


def on_air(ch: m.Channel) -> bool:
    return ch.hours is not None and ch.hours.meaning is m.HoursMeaning.ON_AIR


def status_text(st: Status, on_air: bool = False) -> str:
    """'open now, closes 11:30' for a staffed line; 'off air, on air 18:35' for a programme."""
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
        state = _("open now") if st.open else _("closed now")
    out = _("{state}, {next}").format(state=state, next=nxt) if nxt else state
    if st.estimated:
        out += _(" (estimated: {reason})").format(reason=st.reason)
    return out


def hours_head(report: HoursReport) -> str:
    """'Beijing time Thu 2026-11-26 12:00 · trading day', with the day's name and caveats."""
    day = report.day
    return (
        _("Beijing time {day} {time}").format(day=day_text(report.at), time=f"{report.at:%H:%M}")
        + " · "
        + (_("trading day") if day.trading else _("not a trading day"))
        + ("" if day.trading or not day.working else _(" (working day)"))
        + (f" · {day.name_zh}" if day.name_zh else "")
        + (_(" · estimated: {reason}").format(reason=day.reason) if day.estimated else "")
    )


def due_lines(answer: DueAnswer) -> list[str]:
    """The due date of one answer, what the exchange undertakes and the days skipped."""
    ch, resp, dl = answer.channel, answer.response, answer.deadline
    lines = [
        _("{name}: {n} working days from {start} → due {due}").format(
            name=ch.name_zh, n=resp.amount, start=day_text(dl.start), due=day_text(dl.due)
        ),
        "  " + _("the exchange undertakes: {text}").format(text=resp.text_zh),
        "  " + _("day 1 is the first working day after the request"),
    ]
    skipped = [
        f"{x.date:%m-%d} {_(WEEKDAYS[x.date.weekday()])}" + (f" {x.name_zh}" if x.name_zh else "")
        for x in dl.skipped
    ]
    if skipped:
        lines.append("  " + _("skipped: {days}").format(days=_(", ").join(skipped)))
    if dl.estimated:
        lines.append("  " + _("estimated: {reason}").format(reason=dl.reason or ""))
    return lines
