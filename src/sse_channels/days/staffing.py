"""Whether a desk is staffed at an instant, and when that changes (pure: no I/O, no local time).

Every computation happens in Beijing time (Asia/Shanghai), so the machine's time zone never
matters. Windows are half-open: 08:45-11:30 is open at 08:45:00 and closed at 11:30:00.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Literal

from msgspec import Struct

from sse_channels.errors import UsageError
from sse_channels.l10n import _
from sse_channels.model import DayBasis, Hours, Window

from .trading import Calendar

# From this Beijing wall-clock instant on, Asia/Shanghai is UTC+8 all year: China's last summer
# time ended on 1991-09-15. tests/test_schedule.py checks the zone data agrees for every day to
# LAST_YEAR, so a change in a future tzdata release fails the suite instead of going unnoticed.
UTC8_SINCE = dt.datetime(1992, 1, 1)
_UTC8 = dt.timedelta(hours=8)
_NO_DST = dt.timedelta(0)


@functools.cache
def _zone() -> dt.tzinfo:
    from zoneinfo import ZoneInfo

    return ZoneInfo("Asia/Shanghai")


class BeijingTime(dt.tzinfo):
    """Asia/Shanghai: UTC+8 from 1992 on; before that (the summers of 1990 and 1991 were
    UTC+9) the zone data answers. Reading the zone data imports zoneinfo and sysconfig,
    which every `dial` and `hours` would otherwise pay for a constant (docs/performance.md)."""

    def _early(self, local: dt.datetime) -> dt.datetime | None:
        """`local` in the zone data's own zone when it is before UTC8_SINCE, else None."""
        if local.replace(tzinfo=None) >= UTC8_SINCE:
            return None
        return local.replace(tzinfo=_zone())

    # None for a time of day without a date (dt.time(tzinfo=...)), as ZoneInfo answers.
    def utcoffset(self, d: dt.datetime | None) -> dt.timedelta | None:
        if d is None:
            return None
        early = self._early(d)
        return _UTC8 if early is None else early.utcoffset()

    def dst(self, d: dt.datetime | None) -> dt.timedelta | None:
        if d is None:
            return None
        early = self._early(d)
        return _NO_DST if early is None else early.dst()

    def tzname(self, d: dt.datetime | None) -> str | None:
        if d is None:
            return None
        early = self._early(d)
        return "CST" if early is None else early.tzname()

    def fromutc(self, d: dt.datetime) -> dt.datetime:
        if d.tzinfo is not self:
            raise ValueError("fromutc: dt.tzinfo is not self")
        local = d + _UTC8
        if local.replace(tzinfo=None) >= UTC8_SINCE:
            return local
        zone = _zone()
        return zone.fromutc(d.replace(tzinfo=zone)).replace(tzinfo=self)

    def __repr__(self) -> str:
        return "Asia/Shanghai"

    def __reduce__(self) -> str:
        return "BEIJING"


BEIJING = BeijingTime()

ChangeKind = Literal["opens", "closes"]


class Status(Struct, frozen=True):
    """A desk's state at `at` and its next change, all in Beijing time."""

    at: dt.datetime
    open: bool
    trading_day: bool  # for the Beijing date of `at`
    today: tuple[Window, ...]  # the windows that apply today; empty when not a trading day
    next_change: dt.datetime | None  # None only when the hours have no window at all
    next_change_kind: ChangeKind | None
    estimated: bool  # the calendar of a day consulted is estimated
    reason: str | None


def now_beijing() -> dt.datetime:
    """The current instant in Beijing time; a clock outside the years answered is refused."""
    return check_clock(dt.datetime.now(BEIJING))


def check_clock(instant: dt.datetime) -> dt.datetime:
    """The same year rule as `--at` (`check_year`), said of the system clock."""
    try:
        check_year(instant.date())
    except UsageError:
        raise UsageError(
            _(
                "the system clock says {clock} (Beijing time), outside the years {first}-{last}"
                " this tool answers for; give the time with --at"
            ).format(clock=f"{instant:%Y-%m-%d %H:%M}", first=FIRST_YEAR, last=LAST_YEAR)
        ) from None
    return instant


def parse_instant(text: str) -> dt.datetime:
    """Read an ISO 8601 instant; without an offset it is Beijing time. Returns Beijing time.

    Accepts 2026-11-26T10:00, 2026-11-26 10:00, 2026-11-26T10:00:00+08:00 and 2026-11-26T02:00Z.
    """
    s = text.strip()
    if s[-1:] in ("Z", "z"):  # Python 3.10's fromisoformat does not take "Z"
        s = s[:-1] + "+00:00"
    try:
        parsed = dt.datetime.fromisoformat(s)
    except ValueError:
        raise UsageError(
            _(
                "cannot read {text} as a time; use ISO 8601, e.g. 2026-11-26T10:00 (Beijing time)"
                " or 2026-11-26T02:00Z"
            ).format(text=repr(shown_text(text)))
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=BEIJING)
    try:
        parsed = parsed.astimezone(BEIJING)
    except OverflowError:
        raise UsageError(
            _("{text} is out of range; e.g. 2026-11-26T10:00").format(text=repr(shown_text(text)))
        ) from None
    check_year(parsed.date())
    return parsed


def shown_text(text: str) -> str:
    return text.strip()[:40]


FIRST_YEAR, LAST_YEAR = 1990, 2199  # dates the calendar answers for (trading began in 1990)


def check_year(day: dt.date) -> dt.date:
    """Refuse dates the calendar cannot answer for, with a usage error (not a crash)."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise UsageError(
            _(
                "{day} is outside the years {first}-{last} this tool answers for; e.g. 2026-11-26"
            ).format(day=day.isoformat(), first=FIRST_YEAR, last=LAST_YEAR)
        )
    return day


def status(hours: Hours, at: dt.datetime, cal: Calendar) -> Status:
    """Whether `hours` are open at `at` (naive means Beijing) and when that next changes."""
    if hours.days is not DayBasis.TRADING_DAYS:
        raise ValueError(f"unsupported day basis {hours.days}")
    at = at.replace(tzinfo=BEIJING) if at.tzinfo is None else at.astimezone(BEIJING)
    day, now = at.date(), at.time()  # naive wall-clock time in Beijing
    info = cal.day(day)
    windows = _merged(hours.windows)
    open_today = windows if info.trading else ()
    reason = info.reason
    current = next((w for w in open_today if w.start <= now < w.end), None)
    if current is not None:
        change: dt.datetime | None = _at(day, current.end)
        kind: ChangeKind | None = "closes"
    elif later := [w for w in open_today if now < w.start]:
        change, kind = _at(day, later[0].start), "opens"
    elif windows:
        following = cal.next_trading_day(day)
        reason = reason or cal.day(following).reason
        change, kind = _at(following, windows[0].start), "opens"
    else:
        change, kind = None, None
    today = hours.windows if info.trading else ()
    return Status(
        at, current is not None, info.trading, today, change, kind, reason is not None, reason
    )


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=BEIJING)


def _merged(windows: tuple[Window, ...]) -> tuple[Window, ...]:
    """Sorted, with touching or overlapping windows joined (so 'closes' is never followed by an
    'opens' at the same minute); empty windows are dropped."""
    out: list[Window] = []
    for w in sorted((w for w in windows if w.start < w.end), key=lambda w: w.start):
        if out and w.start <= out[-1].end:
            out[-1] = Window(out[-1].start, max(out[-1].end, w.end))
        else:
            out.append(w)
    return tuple(out)
