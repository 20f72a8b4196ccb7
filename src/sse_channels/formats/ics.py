"""iCalendar (RFC 5545) files of due dates, for `due … --ics FILE`. Built with `icalendar`,
imported here only, and only when a file is asked for.

One VCALENDAR; one all-day VEVENT per answer (DTSTART;VALUE=DATE on the due date) with:

- SUMMARY naming the channel, DESCRIPTION with what the exchange undertakes, the request date,
  the count of working days and every skipped day (holidays, weekends), as `due` prints them;
- a VALARM at 09:00 Beijing time on the *working* day before the due date, found with the
  project's Calendar (the day before a Monday due date is the Friday, or the make-up Saturday
  if that works). RFC 5545 §3.8.6.3 wants an absolute TRIGGER in UTC, so it is written as
  `TRIGGER;VALUE=DATE-TIME:…T010000Z`, which is 09:00 in Asia/Shanghai;
- a UID that stays the same for the same channel, request date and due date (so importing the
  file twice updates the event instead of doubling it), and DTSTAMP;
- a VTIMEZONE for Asia/Shanghai, and X-WR-TIMEZONE for readers that go by it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import TYPE_CHECKING

from sse_channels.l10n import _
from sse_channels.output import names
from sse_channels.output.plain import due_lines, estimate_note
from sse_channels.textnorm import fold_content_line

if TYPE_CHECKING:
    from sse_channels.answers import DueAnswer
    from sse_channels.days.trading import Calendar

TZID = "Asia/Shanghai"
REMINDER = dt.time(9, 0)  # Beijing time, on the working day before the due date
PRODID = "-//sse-channels//due dates//ZH"


def uid(answer: DueAnswer) -> str:
    """Stable: a hash of the channel id, the request date and the due date."""
    d = answer.deadline
    key = f"{answer.channel.id}|{d.start.isoformat()}|{d.due.isoformat()}"
    return hashlib.sha256(key.encode()).hexdigest()[:24] + "@sse-channels"


def reminder_day(cal: Calendar, due: dt.date) -> dt.date:
    """The last working day before `due` (not simply the day before)."""
    day = due - dt.timedelta(days=1)
    while not cal.is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def reminder_at(cal: Calendar, due: dt.date) -> dt.datetime:
    """09:00 Beijing time on the working day before `due`, as an aware datetime."""
    from sse_channels.days.staffing import BEIJING

    return dt.datetime.combine(reminder_day(cal, due), REMINDER, tzinfo=BEIJING)


def description(answer: DueAnswer) -> str:
    """What the event says: the answer as `due` prints it, plus the request date and count."""
    d = answer.deadline
    lines = [line.strip() for line in due_lines(answer)]
    lines.insert(
        1,
        _("request date: {date} · working days: {n}").format(date=d.start.isoformat(), n=d.count),
    )
    lines.append(_("channel: {id}").format(id=answer.channel.id))
    if d.estimated and d.reason:
        lines.append(estimate_note(d.reason))
    return "\n".join(lines)


def to_ics(
    answers: Iterable[DueAnswer], cal: Calendar, *, stamp: dt.datetime | None = None
) -> bytes:
    """The iCalendar file (UTF-8, CRLF lines) for these answers. `stamp` is DTSTAMP (now)."""
    import icalendar

    now = (stamp or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc)
    out = icalendar.Calendar()
    out.add("prodid", PRODID)
    out.add("version", "2.0")
    out.add("calscale", "GREGORIAN")
    out.add("method", "PUBLISH")
    out.add("x-wr-timezone", TZID)
    first: dt.date | None = None
    last: dt.date | None = None
    events = []
    for a in answers:
        d, ch = a.deadline, a.channel
        first = min(first or d.start, d.start)
        last = max(last or d.due, d.due)
        ev = icalendar.Event()
        ev.add("uid", uid(a))
        ev.add("dtstamp", now)
        ev.add("dtstart", d.due)  # a date: VALUE=DATE, an all-day event
        ev.add("dtend", d.due + dt.timedelta(days=1))
        ev.add("summary", _("SSE answer due: {name}").format(name=names.channel(ch)))
        ev.add("description", description(a))
        ev.add("transp", "TRANSPARENT")
        ev.add("categories", ["上交所", "SSE"])
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        at = reminder_at(cal, d.due)
        alarm.add("trigger", at.astimezone(dt.timezone.utc), parameters={"VALUE": "DATE-TIME"})
        alarm.add(
            "description",
            _("due the next working day ({date}): {name}").format(
                date=d.due.isoformat(), name=names.channel(ch)
            ),
        )
        ev.add_component(alarm)
        events.append(ev)
    if first is not None and last is not None:
        out.add_component(
            icalendar.Timezone.from_tzid(
                TZID, first_date=first, last_date=last + dt.timedelta(days=1)
            )
        )
    for ev in events:
        out.add_component(ev)
    text = out.to_ical().decode().replace("\r\n ", "")  # unfolded: one content line each
    return "".join(fold_content_line(line) + "\r\n" for line in text.split("\r\n") if line).encode()
