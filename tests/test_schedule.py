"""Staffed-or-not at an instant: half-open windows, Beijing time, trading days."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator

import pytest

from sse_channels.days import staffing as schedule
from sse_channels.days.staffing import BEIJING, now_beijing, parse_instant, status
from sse_channels.days.trading import Calendar, build_table
from sse_channels.errors import UsageError
from sse_channels.model import DayBasis, Hours, Window

T = dt.time
# The two hour sets the annex publishes.
H0845 = Hours(DayBasis.TRADING_DAYS, (Window(T(8, 45), T(11, 30)), Window(T(13, 0), T(17, 0))))
H0830 = Hours(DayBasis.TRADING_DAYS, (Window(T(8, 30), T(11, 30)), Window(T(13, 30), T(17, 0))))
EIGHT_HOURS = dt.timedelta(hours=8)


@pytest.fixture(scope="module")
def cal() -> Calendar:
    return Calendar(build_table(2026, 2026))


def bj(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=BEIJING)


# (at, Beijing; open; next change; kind). 2026-11-26 is a Thursday.
EDGES = [
    ("2026-11-26T00:00:00", False, "2026-11-26T08:45", "opens"),
    ("2026-11-26T08:44:59", False, "2026-11-26T08:45", "opens"),
    ("2026-11-26T08:45:00", True, "2026-11-26T11:30", "closes"),
    ("2026-11-26T11:29:59", True, "2026-11-26T11:30", "closes"),
    ("2026-11-26T11:30:00", False, "2026-11-26T13:00", "opens"),
    ("2026-11-26T12:00:00", False, "2026-11-26T13:00", "opens"),
    ("2026-11-26T13:00:00", True, "2026-11-26T17:00", "closes"),
    ("2026-11-26T16:59:59", True, "2026-11-26T17:00", "closes"),
    ("2026-11-26T17:00:00", False, "2026-11-27T08:45", "opens"),
    ("2026-11-27T18:00:00", False, "2026-11-30T08:45", "opens"),  # Friday evening → Monday
    ("2026-11-28T10:00:00", False, "2026-11-30T08:45", "opens"),  # Saturday
    ("2026-09-30T17:30:00", False, "2026-10-08T08:45", "opens"),  # before National Day
    ("2026-10-05T10:00:00", False, "2026-10-08T08:45", "opens"),  # during it
    ("2026-10-10T10:00:00", False, "2026-10-12T08:45", "opens"),  # make-up Saturday: no trading
    ("2026-02-13T17:00:00", False, "2026-02-24T08:45", "opens"),  # before Spring Festival
    ("2026-09-24T17:00:00", False, "2026-09-28T08:45", "opens"),  # Mid-Autumn Friday
]


@pytest.mark.parametrize(("at", "is_open", "change", "kind"), EDGES)
def test_window_edges_and_next_change(
    cal: Calendar, at: str, is_open: bool, change: str, kind: str
) -> None:
    st = status(H0845, bj(at), cal)
    assert (st.open, st.next_change, st.next_change_kind) == (is_open, bj(change), kind)
    assert st.next_change is not None and st.next_change.tzinfo is BEIJING
    assert not st.estimated and st.reason is None


@pytest.mark.parametrize(
    ("at", "is_open", "change", "kind"),
    [
        ("2026-11-26T08:29:59", False, "2026-11-26T08:30", "opens"),
        ("2026-11-26T08:30:00", True, "2026-11-26T11:30", "closes"),
        ("2026-11-26T11:30:00", False, "2026-11-26T13:30", "opens"),
        ("2026-11-26T13:29:59", False, "2026-11-26T13:30", "opens"),
        ("2026-11-26T13:30:00", True, "2026-11-26T17:00", "closes"),
        ("2026-11-26T17:00:00", False, "2026-11-27T08:30", "opens"),
    ],
)
def test_the_0830_hour_set(cal: Calendar, at: str, is_open: bool, change: str, kind: str) -> None:
    st = status(H0830, bj(at), cal)
    assert (st.open, st.next_change, st.next_change_kind) == (is_open, bj(change), kind)


@pytest.mark.parametrize(
    ("at", "trading", "today"),
    [
        ("2026-11-26T10:00", True, H0845.windows),
        ("2026-11-28T10:00", False, ()),
        ("2026-10-10T10:00", False, ()),  # a working day, but not a trading day
    ],
)
def test_trading_day_and_todays_windows(
    cal: Calendar, at: str, trading: bool, today: tuple[Window, ...]
) -> None:
    st = status(H0845, bj(at), cal)
    assert (st.trading_day, st.today) == (trading, today)


def test_the_date_is_taken_in_beijing(cal: Calendar) -> None:
    # Friday 16:30 UTC is Saturday 00:30 in Beijing: not a trading day there.
    st = status(H0845, dt.datetime(2026, 11, 27, 16, 30, tzinfo=dt.timezone.utc), cal)
    assert not st.trading_day
    assert st.at == bj("2026-11-28T00:30")
    assert st.next_change == bj("2026-11-30T08:45")


def test_estimated_when_the_next_trading_day_is_unpublished(cal: Calendar) -> None:
    st = status(H0845, bj("2026-12-31T17:00"), cal)
    assert st.next_change == bj("2027-01-04T08:45")  # 2027-01-01 closed by the statutory rules
    assert st.estimated and st.reason is not None and st.reason.startswith("2027:")


def test_estimated_today(cal: Calendar) -> None:
    st = status(H0845, bj("2027-02-08T10:00"), cal)
    assert not st.open and st.estimated


def test_no_windows_means_no_change(cal: Calendar) -> None:
    st = status(Hours(DayBasis.TRADING_DAYS, ()), bj("2026-11-26T10:00"), cal)
    assert (st.open, st.next_change, st.next_change_kind) == (False, None, None)


def test_touching_windows_do_not_close_and_reopen(cal: Calendar) -> None:
    hours = Hours(DayBasis.TRADING_DAYS, (Window(T(12), T(13)), Window(T(9), T(12))))
    st = status(hours, bj("2026-11-26T11:00"), cal)
    assert st.open and st.next_change_kind == "closes"
    assert st.next_change == bj("2026-11-26T13:00")


# --------------------------------------------------------------------------- parse_instant


@pytest.mark.parametrize(
    "text",
    [
        "2026-11-26T10:00",
        "2026-11-26 10:00",
        "2026-11-26T10:00:00",
        "2026-11-26T10:00:00+08:00",
        "2026-11-26T02:00Z",
        "2026-11-26T02:00:00z",
        "2026-11-26T02:00+00:00",
        "2026-11-26T11:00+09:00",
        "2026-11-25T21:00-05:00",
        "  2026-11-26T10:00  ",
    ],
)
def test_parse_instant_is_the_same_instant(text: str) -> None:
    parsed = parse_instant(text)
    assert parsed == bj("2026-11-26T10:00")
    assert parsed.tzinfo is BEIJING and parsed.utcoffset() == EIGHT_HOURS
    assert (parsed.hour, parsed.minute) == (10, 0)


def test_an_offset_instant_is_judged_in_beijing(cal: Calendar) -> None:
    assert not status(H0845, parse_instant("2026-11-26T09:44:59+09:00"), cal).open
    assert status(H0845, parse_instant("2026-11-26T09:45:00+09:00"), cal).open
    assert status(H0845, parse_instant("2026-11-26T00:45Z"), cal).open


@pytest.mark.parametrize(
    "text", ["", "tomorrow", "2026-13-01T10:00", "2026-11-26T25:00", "10:00", "2026/11/26 10:00"]
)
def test_parse_errors_are_usage_errors(text: str) -> None:
    with pytest.raises(UsageError, match="2026-11-26T10:00"):
        parse_instant(text)


# --------------------------------------------------------------------------- machine time zone


@pytest.fixture
def new_york(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset is Unix-only")
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_machine_time_zone_does_not_matter(new_york: None, cal: Calendar) -> None:
    assert time.strftime("%Z", time.localtime(0)) in ("EST", "EDT")  # the zone did change
    parsed = parse_instant("2026-11-26T10:00")
    assert parsed == parse_instant("2026-11-26T02:00Z")
    assert (parsed.hour, parsed.utcoffset()) == (10, EIGHT_HOURS)
    st = status(H0845, parsed, cal)
    assert st.open and st.next_change == bj("2026-11-26T11:30")
    naive = status(H0845, dt.datetime(2026, 11, 26, 8, 45), cal)  # naive means Beijing
    assert naive.open and naive.at == bj("2026-11-26T08:45")
    assert now_beijing().utcoffset() == EIGHT_HOURS


# ----------------------------------------------------------------------------- the clock's years


@pytest.mark.parametrize(
    "instant",
    [
        dt.datetime(1970, 1, 1, 8, 0, tzinfo=schedule.BEIJING),
        dt.datetime(2200, 1, 1, 0, 0, tzinfo=schedule.BEIJING),
    ],
)
def test_the_clock_follows_the_rule_of_at(instant):
    """A clock at 1970 or 2200 is refused as --at for the same instant is."""
    with pytest.raises(UsageError) as at:
        schedule.parse_instant(instant.isoformat())
    assert "outside the years 1990-2199" in str(at.value)
    with pytest.raises(UsageError) as clock:
        schedule.check_clock(instant)
    assert str(clock.value) == (
        f"the system clock says {instant:%Y-%m-%d %H:%M} (Beijing time), outside the years"
        " 1990-2199 this tool answers for; give the time with --at"
    )


def test_a_clock_inside_the_years_is_answered():
    instant = dt.datetime(2199, 12, 31, 23, 59, tzinfo=schedule.BEIJING)
    assert schedule.check_clock(instant) is instant
    assert schedule.parse_instant("2199-12-31T23:59") == instant


def _zone_data() -> dt.tzinfo:
    from zoneinfo import ZoneInfo

    return ZoneInfo("Asia/Shanghai")


def test_beijing_time_is_the_zone_data_at_noon_of_every_day_to_the_last_year() -> None:
    """UTC+8 is taken as a constant from 1992 on: it must be what tzdata says, day by day."""
    zone, day = _zone_data(), schedule.UTC8_SINCE.replace(hour=12)
    differ = []
    while day.year <= schedule.LAST_YEAR:
        if day.replace(tzinfo=zone).utcoffset() != EIGHT_HOURS:
            differ.append(day.date())
        day += dt.timedelta(days=1)
    assert differ == []


def test_beijing_time_before_1992_is_the_zone_data_with_its_summer_time() -> None:
    """1990 and 1991 had summer time (UTC+9): both directions, both folds, every half hour."""
    zone, utc = _zone_data(), dt.timezone.utc
    step, instant = dt.timedelta(minutes=30), dt.datetime(1989, 1, 1, tzinfo=utc)
    summer = 0
    while instant < dt.datetime(1992, 3, 1, tzinfo=utc):
        ours, theirs = instant.astimezone(BEIJING), instant.astimezone(zone)
        assert ours.replace(tzinfo=None) == theirs.replace(tzinfo=None), instant
        assert (ours.utcoffset(), ours.dst(), ours.tzname(), ours.fold) == (
            theirs.utcoffset(), theirs.dst(), theirs.tzname(), theirs.fold
        ), instant  # fmt: skip
        local = instant.replace(tzinfo=None)
        for fold in (0, 1):
            wall = local.replace(fold=fold)
            assert wall.replace(tzinfo=BEIJING).astimezone(utc) == wall.replace(
                tzinfo=zone
            ).astimezone(utc), wall
        summer += ours.utcoffset() == dt.timedelta(hours=9)
        instant += step
    assert summer > 2 * 24 * 2 * 100  # two summers of about five months were seen


def test_beijing_time_needs_no_zone_data_after_1991() -> None:
    """dial and hours pay no zoneinfo import (sysconfig and a file read) for a constant."""
    import subprocess
    import sys

    probe = (
        "import sys, datetime as dt\n"
        "from sse_channels.days.staffing import BEIJING, parse_instant\n"
        "dt.datetime.now(BEIJING); parse_instant('2026-11-26T02:00Z')\n"
        "print('zoneinfo' in sys.modules)\n"
        "print(parse_instant('1991-07-01T12:00').utcoffset())\n"
        "print('zoneinfo' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "9:00:00", "True"]


def test_beijing_time_keeps_the_tzinfo_contract_as_zoneinfo_does() -> None:
    zone = _zone_data()
    for tz in (BEIJING, zone):  # a time of day has no offset; fromutc takes only its own zone
        assert (tz.utcoffset(None), tz.dst(None), tz.tzname(None)) == (None, None, None)
        assert dt.time(10, tzinfo=tz).isoformat() == "10:00:00"
        with pytest.raises(ValueError):
            tz.fromutc(dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    assert BEIJING.fromutc(dt.datetime(2026, 1, 1, tzinfo=BEIJING)) == dt.datetime(
        2026, 1, 1, 8, tzinfo=BEIJING
    )
