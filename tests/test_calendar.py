"""Trading days vs working days, deadlines, estimates and the closure notice.

The facts below are written by hand from the State Council's holiday notices (国务院办公厅关于
2024/2025/2026年部分节假日安排的通知) and the exchange's closure notices (上交所关于…休市安排的
通知), not copied from the libraries' output.
"""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path

import pytest

from sse_channels.days import trading as calmod
from sse_channels.days.trading import (
    Calendar,
    CalendarTable,
    build_table,
    load_closure_notice,
)
from sse_channels.errors import DataError

D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def table() -> CalendarTable:
    return build_table(2024, 2027)


@pytest.fixture(scope="module")
def cal(table: CalendarTable) -> Calendar:
    return Calendar(table)


# (date, trading day 交易日, working day 工作日, why)
FACTS = [
    # 2024 Spring Festival: closed 02-09..02-16; 02-04 and 02-18 (Sundays) are make-up workdays.
    ("2024-02-04", False, True, "Sun, make-up workday"),
    ("2024-02-08", True, True, "Thu before the closure"),
    ("2024-02-09", False, True, "Fri 除夕: exchange closed, still an official working day"),
    ("2024-02-12", False, False, "Mon, Spring Festival"),
    ("2024-02-16", False, False, "Fri, Spring Festival (swapped)"),
    ("2024-02-18", False, True, "Sun, make-up workday"),
    ("2024-02-19", True, True, "Mon, reopens"),
    # 2024 National Day: 10-01..10-07; 09-29 (Sun) and 10-12 (Sat) are make-up workdays.
    ("2024-09-29", False, True, "Sun, make-up workday"),
    ("2024-10-07", False, False, "Mon, National Day (swapped)"),
    ("2024-10-08", True, True, "Tue, reopens"),
    ("2024-10-12", False, True, "Sat, make-up workday"),
    # 2025 Spring Festival: 01-28 (除夕, statutory since 2025)..02-04; 01-26 Sun, 02-08 Sat work.
    ("2025-01-26", False, True, "Sun, make-up workday"),
    ("2025-01-27", True, True, "Mon before the holiday"),
    ("2025-01-28", False, False, "Tue 除夕, a statutory holiday from 2025"),
    ("2025-02-04", False, False, "Tue, Spring Festival"),
    ("2025-02-05", True, True, "Wed, reopens"),
    ("2025-02-08", False, True, "Sat, make-up workday"),
    # 2025 National Day + Mid-Autumn: 10-01..10-08; 09-28 (Sun) and 10-11 (Sat) work.
    ("2025-09-28", False, True, "Sun, make-up workday"),
    ("2025-10-06", False, False, "Mon, Mid-Autumn"),
    ("2025-10-08", False, False, "Wed, National Day"),
    ("2025-10-09", True, True, "Thu, reopens"),
    ("2025-10-11", False, True, "Sat, make-up workday"),
    # 2026 New Year: 01-01..01-03; 01-04 (Sun) works.
    ("2026-01-02", False, False, "Fri, New Year (swapped)"),
    ("2026-01-04", False, True, "Sun, make-up workday"),
    ("2026-01-05", True, True, "Mon"),
    # 2026 Spring Festival: 02-15..02-23; 02-14 (Sat) and 02-28 (Sat) work.
    ("2026-02-13", True, True, "Fri before the holiday"),
    ("2026-02-14", False, True, "Sat, make-up workday"),
    ("2026-02-15", False, False, "Sun, first day of the holiday"),
    ("2026-02-16", False, False, "Mon 除夕"),
    ("2026-02-23", False, False, "Mon, last day of the holiday"),
    ("2026-02-24", True, True, "Tue, reopens"),
    ("2026-02-28", False, True, "Sat, make-up workday"),
    # 2026 Labour Day 05-01..05-05, 05-09 (Sat) works; Mid-Autumn 09-25..09-27.
    ("2026-05-05", False, False, "Tue, Labour Day (swapped)"),
    ("2026-05-09", False, True, "Sat, make-up workday"),
    ("2026-09-25", False, False, "Fri, Mid-Autumn"),
    # 2026 National Day: 10-01..10-07; 09-20 (Sun) and 10-10 (Sat) work.
    ("2026-09-20", False, True, "Sun, make-up workday"),
    ("2026-09-30", True, True, "Wed before the holiday"),
    ("2026-10-01", False, False, "Thu, National Day"),
    ("2026-10-02", False, False, "Fri"),
    ("2026-10-03", False, False, "Sat"),
    ("2026-10-04", False, False, "Sun"),
    ("2026-10-05", False, False, "Mon"),
    ("2026-10-06", False, False, "Tue (swapped for 09-20)"),
    ("2026-10-07", False, False, "Wed (swapped for 10-10)"),
    ("2026-10-08", True, True, "Thu, reopens"),
    ("2026-10-10", False, True, "Sat, make-up workday: working, not trading"),
    ("2026-10-11", False, False, "Sun, ordinary weekend"),
    ("2026-11-26", True, True, "an ordinary Thursday"),
    ("2026-11-28", False, False, "an ordinary Saturday"),
]


@pytest.mark.parametrize(("day", "trading", "working", "why"), FACTS)
def test_trading_and_working_days(
    cal: Calendar, day: str, trading: bool, working: bool, why: str
) -> None:
    info = cal.day(D(day))
    assert (info.trading, info.working) == (trading, working), why
    assert cal.is_trading_day(D(day)) is trading
    assert cal.is_working_day(D(day)) is working
    assert not info.estimated and info.reason is None


def test_2006_new_year_make_up_saturday() -> None:
    # 国务院办公厅关于2006年部分节假日安排的通知: 2005-12-31 (Sat) worked, swapped for 2006-01-03.
    # chinese-calendar 1.11.0 misses it; holidays has it; the table takes either library's.
    cal = Calendar(build_table(2005, 2006))
    assert cal.is_working_day(D("2005-12-31"))
    assert not cal.is_working_day(D("2006-01-03"))


@pytest.mark.parametrize(
    ("day", "name"),
    [
        ("2024-02-09", "农历除夕"),
        ("2024-02-04", "春节调休上班"),
        ("2026-02-17", "春节"),
        ("2026-02-15", "春节"),  # a weekend day inside the holiday block is named too
        ("2026-09-25", "中秋节"),
        ("2026-10-10", "国庆节调休上班"),
        ("2026-10-08", None),
        ("2026-10-11", None),
    ],
)
def test_names(cal: Calendar, day: str, name: str | None) -> None:
    assert cal.day(D(day)).name_zh == name


@pytest.mark.parametrize(
    ("day", "following"),
    [
        ("2026-09-30", "2026-10-08"),  # across National Day
        ("2026-10-01", "2026-10-08"),  # from inside the block
        ("2026-10-09", "2026-10-12"),  # Saturday 10-10 works but does not trade
        ("2026-09-24", "2026-09-28"),  # Mid-Autumn Friday, then a weekend
        ("2026-02-13", "2026-02-24"),  # across Spring Festival
        ("2024-02-08", "2024-02-19"),  # 2024-02-09 closed although a working day
        ("2025-12-31", "2026-01-05"),  # across the year end
        ("2026-11-26", "2026-11-27"),  # strictly after
    ],
)
def test_next_trading_day(cal: Calendar, day: str, following: str) -> None:
    assert cal.next_trading_day(D(day)) == D(following)


# --------------------------------------------------------------------------- deadlines


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        # 09-29 (1), 09-30 (2), 10-01..07 off, 10-08 (3), 10-09 (4), Sat 10-10 (5), Sun 10-11 off,
        # 10-12..10-16 (6..10)
        ("2026-09-28", 10, "2026-10-16"),
        # 02-13 (1), Sat 02-14 (2), 02-15..02-23 off, 02-24 (3), 02-25 (4), 02-26 (5)
        ("2026-02-12", 5, "2026-02-26"),
        ("2026-10-03", 1, "2026-10-08"),  # a request made on a holiday
        ("2026-10-03", 3, "2026-10-10"),  # ... and the make-up Saturday counts
        ("2024-02-08", 1, "2024-02-09"),  # a working day although the exchange was closed
        ("2026-11-26", 10, "2026-12-10"),
        ("2026-11-26", 0, "2026-11-26"),  # n=0: the request day itself
    ],
)
def test_add_working_days(cal: Calendar, start: str, n: int, due: str) -> None:
    deadline = cal.add_working_days(D(start), n)
    assert (deadline.start, deadline.due, deadline.count) == (D(start), D(due), n)
    assert not deadline.estimated and deadline.reason is None


def test_deadline_lists_every_skipped_day(cal: Calendar) -> None:
    deadline = cal.add_working_days(D("2026-09-28"), 10)
    assert [(s.date.isoformat(), s.name_zh) for s in deadline.skipped] == [
        *((f"2026-10-0{i}", "国庆节") for i in range(1, 8)),
        ("2026-10-11", None),  # an ordinary weekend day has no name
    ]


def test_zero_days_skips_nothing(cal: Calendar) -> None:
    assert cal.add_working_days(D("2026-10-03"), 0).skipped == ()


def test_negative_days_is_an_error(cal: Calendar) -> None:
    with pytest.raises(ValueError, match="n must be >= 0"):
        cal.add_working_days(D("2026-11-26"), -1)


# --------------------------------------------------------------------------- estimates


def test_unpublished_year_is_estimated_with_a_reason(cal: Calendar) -> None:
    info = cal.day(D("2027-02-08"))  # Spring Festival 2027 by the statutory rules
    assert (info.trading, info.working, info.estimated) == (False, False, True)
    assert cal.is_estimated(D("2027-02-08"))
    reason = cal.estimate_reason(D("2027-02-08"))
    assert reason is not None
    assert reason.startswith("2027: no published schedule in chinese-calendar ")
    assert "make-up workdays unknown" in reason and "--holidays" in reason
    assert not cal.is_estimated(D("2026-12-31"))
    assert cal.estimate_reason(D("2026-12-31")) is None


def test_deadline_into_an_unpublished_year_is_estimated(cal: Calendar) -> None:
    deadline = cal.add_working_days(D("2026-12-28"), 10)
    assert deadline.estimated
    assert deadline.reason is not None and deadline.reason.startswith("2027:")


@pytest.mark.parametrize(
    "day", ["1999-10-01", "2030-10-01", "2100-06-01", "2101-01-03", "9999-12-30"]
)
def test_far_dates_do_not_crash(cal: Calendar, day: str) -> None:
    info = cal.day(D(day))
    assert info.estimated and info.reason is not None
    assert cal.next_trading_day(D(day)) > D(day)
    assert cal.add_working_days(D(day), 1).due > D(day)


def test_rule_based_years_still_know_the_statutory_holidays(cal: Calendar) -> None:
    assert not cal.is_trading_day(D("2030-10-01"))  # National Day, outside the table
    assert not cal.is_working_day(D("1999-10-01"))


def test_no_day_after_the_last_date(cal: Calendar) -> None:
    with pytest.raises(ValueError, match="9999-12-31"):
        cal.next_trading_day(dt.date.max)


def test_table_is_picklable_and_compact(table: CalendarTable) -> None:
    assert pickle.loads(pickle.dumps(table)) == table
    assert table.published_until == 2026
    assert table.closed >= {D("2024-02-09"), D("2026-10-06")}
    assert D("2026-10-10") in table.makeup_workdays
    assert D("2024-02-09") not in table.off_workdays


# --------------------------------------------------------------------------- module-level API


def test_module_functions_use_the_default_calendar() -> None:
    assert calmod.default_calendar() is calmod.default_calendar()
    assert not calmod.is_trading_day(D("2026-10-10"))
    assert calmod.is_working_day(D("2026-10-10"))
    assert calmod.next_trading_day(D("2026-09-30")) == D("2026-10-08")


def test_the_calendar_module_needs_no_store() -> None:
    """No import cycle: the module-level functions work without loading sse_channels.store."""
    import subprocess
    import sys

    code = (
        "import sys, datetime\n"
        "from sse_channels.days import trading as calendar\n"
        "print(calendar.is_trading_day(datetime.date(2026, 10, 8)),"
        " 'sse_channels.store' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "True False\n"
    assert not hasattr(calmod, "set_default_calendar")


# --------------------------------------------------------------------------- closure notice

# An invented 2027 notice: the dates exercise the rules, they are not the real 2027 schedule.
NOTICE_2027 = """\
# 上交所关于2027年部分节假日休市安排的通知
source: 上交所关于2027年部分节假日休市安排的通知
years: [2027]            # the years this notice fully covers
closed:
  - 2027-01-01
  - 2027-02-05..2027-02-12
makeup_workdays:
  - 2027-02-20
"""


def write(tmp_path: Path, text: str | bytes, name: str = "notice.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_notice_loads(tmp_path: Path) -> None:
    notice = load_closure_notice(write(tmp_path, NOTICE_2027))
    assert notice.source == "上交所关于2027年部分节假日休市安排的通知"
    assert notice.years == (2027,)
    assert len(notice.closed) == 9 and D("2027-02-11") in notice.closed
    assert notice.makeup_workdays == frozenset({D("2027-02-20")})


def test_notice_source_defaults_to_the_file_name(tmp_path: Path) -> None:
    notice = load_closure_notice(write(tmp_path, "years: [2027]\nclosed: [2027-01-01]\n", "n.yml"))
    assert notice.source == "n.yml"


@pytest.mark.parametrize(
    ("day", "trading", "working", "name"),
    [
        ("2027-02-11", False, False, "休市"),  # closed by the notice, open by the rules
        ("2027-02-20", False, True, "调休上班"),  # make-up Saturday: working, not trading
        ("2027-02-21", False, False, None),  # an ordinary Sunday
        ("2027-05-03", True, True, None),  # closed by the rules, not by the notice
        ("2027-01-01", False, False, "元旦"),
    ],
)
def test_notice_wins_for_its_years(
    tmp_path: Path, cal: Calendar, day: str, trading: bool, working: bool, name: str | None
) -> None:
    noticed = Calendar(cal.table, load_closure_notice(write(tmp_path, NOTICE_2027)))
    info = noticed.day(D(day))
    assert (info.trading, info.working, info.name_zh) == (trading, working, name)
    assert not info.estimated and info.reason is None


def test_notice_leaves_other_years_alone(tmp_path: Path, cal: Calendar) -> None:
    noticed = Calendar(cal.table, load_closure_notice(write(tmp_path, NOTICE_2027)))
    assert noticed.day(D("2026-10-10")) == cal.day(D("2026-10-10"))
    assert noticed.is_estimated(D("2028-01-03"))
    deadline = noticed.add_working_days(D("2027-02-04"), 2)
    assert deadline.due == D("2027-02-16") and not deadline.estimated


def test_notice_applies_beyond_the_table(tmp_path: Path, cal: Calendar) -> None:
    text = "years: [2031]\nclosed: [2031-03-05]\n"
    noticed = Calendar(cal.table, load_closure_notice(write(tmp_path, text)))
    assert not noticed.is_trading_day(D("2031-03-05"))
    assert not noticed.is_estimated(D("2031-03-05"))


def where(path: Path, line: int | None, field: str) -> str:
    place = f"{path}:{line}" if line else str(path)
    return f"{place}: {field}: " if field else f"{place}: "


@pytest.mark.parametrize(
    ("text", "line", "field", "message"),
    [
        ("years: [2027\nclosed: []\n", 2, "", "(the construct opened on line 1)"),
        ("years: [2027]\nclosed: [2027-01-01]\nholiday: 2027-01-02\n", 3, "holiday", "unknown key"),
        ("years: [2027]\nclosed: [2027-01-01]\nyears: [2027]\n", 3, "years", "given twice"),
        ("years: [2027]\nclosed:\n  - 2027-02-30\n", 3, "closed[0]", "not a real date"),
        ("years: [2027]\nclosed:\n  - next friday\n", 3, "closed[0]", "expected a date or a range"),
        ("years: [2027]\nclosed:\n  - 2027-01-01\n  - 2027-02-12..2027-02-05\n", 4, "closed[1]",
         "ends (2027-02-05) before it starts"),
        ("years: [2027]\nclosed:\n  - 2026-12-31\n", 3, "closed[0]", "outside years [2027]"),
        ("years: [2027]\nclosed:\n  - 2027-12-30..2028-01-02\n", 3, "closed[0]", "outside years"),
        ("years: 2027\nclosed: [2027-01-01]\n", 1, "years", "expected a non-empty list"),
        ("years: [twenty]\nclosed: [2027-01-01]\n", 1, "years[0]", "expected a year"),
        ("years: []\nclosed: [2027-01-01]\n", 1, "years", "expected a non-empty list"),
        ("years: [2027]\nclosed: {a: 1}\n", 2, "closed", "expected a non-empty list"),
        ("years: [2027]\nclosed:\n  - [2027-01-01]\n", 3, "closed[0]", "expected a single value"),
        ("years: [2027]\n", 1, "closed", "missing"),
        ("source: [a]\nyears: [2027]\nclosed: [2027-01-01]\n", 1, "source",
         "expected the notice's title"),
        ("years: [2027]\nclosed: [2027-01-01]\nmakeup_workdays: [2027-02-17]\n", 3,
         "makeup_workdays[0]", "2027-02-17 is a Wednesday"),
        ("years: [2027]\nclosed: !!python/object/apply:os.system [echo]\n", 2, "closed",
         "expected a non-empty list"),
        ("- 2027-01-01\n", 1, "", "expected a mapping"),
        ("", None, "", "expected a mapping"),
        ("years: [2027]\nclosed: [2027-01-01]\n---\nyears: [2028]\n", 3, "", "another document"),
    ],
)  # fmt: skip
def test_notice_errors_say_where(
    tmp_path: Path, text: str, line: int | None, field: str, message: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(DataError) as caught:
        load_closure_notice(path)
    lines = str(caught.value).splitlines()
    assert any(s.startswith(where(path, line, field)) and message in s for s in lines), lines


def test_notice_reports_every_problem(tmp_path: Path) -> None:
    path = write(tmp_path, "years: [2027]\nclosed:\n  - 2027-02-30\nextra: 1\n")
    with pytest.raises(DataError) as caught:
        load_closure_notice(path)
    assert [(p.line, p.field) for p in caught.value.problems] == [(4, "extra"), (3, "closed[0]")]


def test_bad_years_do_not_cascade_into_every_date(tmp_path: Path) -> None:
    path = write(tmp_path, "years: [twenty]\nclosed: [2027-01-01, 2027-02-05..2027-02-12]\n")
    with pytest.raises(DataError) as caught:
        load_closure_notice(path)
    assert [(p.line, p.field) for p in caught.value.problems] == [(1, "years[0]")]


@pytest.mark.parametrize(
    ("make", "line", "message"),
    [
        (lambda p: p / "absent.yaml", None, "no such file"),
        (lambda p: p, None, "is a directory"),
        (lambda p: write(p, b"years: [2027]\nclosed:\n  - 2027-01-01  # \xff\n"), 3, "not UTF-8"),
        (lambda p: write(p, b"#" * 1_000_001), None, "larger than 1000000 bytes"),
    ],
)
def test_notice_file_problems(tmp_path: Path, make: object, line: int | None, message: str) -> None:
    assert callable(make)
    path = make(tmp_path)
    with pytest.raises(DataError) as caught:
        load_closure_notice(path)
    assert str(caught.value).startswith(where(path, line, ""))
    assert message in str(caught.value)


def test_notice_never_constructs_python_objects(tmp_path: Path) -> None:
    marker = tmp_path / "touched"
    text = f"years: [2027]\nclosed:\n  - !!python/object/apply:os.system ['touch {marker}']\n"
    with pytest.raises(DataError, match=r"closed\[0\]"):
        load_closure_notice(write(tmp_path, text))
    assert not marker.exists()


def test_notice_accepts_a_utf8_bom_and_quoted_dates(tmp_path: Path) -> None:
    text = "\ufeffyears: [2027]\nclosed: ['2027-01-01', \"2027-02-08 .. 2027-02-09\"]\n"
    notice = load_closure_notice(write(tmp_path, text))
    assert notice.closed == {D("2027-01-01"), D("2027-02-08"), D("2027-02-09")}


def test_a_notice_keeps_the_published_working_status_of_a_closed_weekday():
    """除夕 2024-02-09: the exchange closed, the State Council's schedule still worked."""
    from sse_channels import store

    base = store._calendar_table()
    notice = calmod.ClosureNotice(
        "test",
        (2024,),
        frozenset({dt.date(2024, 2, 9), dt.date(2024, 2, 12)}),
        frozenset({dt.date(2024, 2, 4)}),
    )
    noticed = calmod.Calendar(base, notice)
    feb = {d: noticed.day(dt.date(2024, 2, d)) for d in (4, 9, 12)}
    assert (feb[9].trading, feb[9].working) == (False, True)
    assert (feb[12].trading, feb[12].working) == (False, False)  # 春节: a holiday
    assert (feb[4].trading, feb[4].working) == (False, True)  # make-up Sunday
