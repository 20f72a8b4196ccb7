"""Dates and times as people type them: exact values for a fixed "now", Beijing time."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from sse_channels.answers import is_makeup_workday
from sse_channels.days.staffing import BEIJING
from sse_channels.days.typed import parse_date, parse_instant
from sse_channels.errors import UsageError
from sse_channels.store import calendar

TODAY = dt.date(2026, 11, 26)  # a Thursday
# 23:30 on Wednesday in UTC is already Thursday in Beijing
NOW = dt.datetime(2026, 11, 25, 23, 30, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-12-01", "2026-12-01"),
        ("2026/12/01", "2026-12-01"),
        ("2026.12.01", "2026-12-01"),
        ("2026年12月1日", "2026-12-01"),
        ("2026 年 9 月 28 日", "2026-09-28"),
        ("12月1日", "2026-12-01"),
        ("9月28号", "2026-09-28"),
        ("今天", "2026-11-26"),
        ("明天", "2026-11-27"),
        ("昨天", "2026-11-25"),
        ("后天", "2026-11-28"),
        ("前天", "2026-11-24"),
        ("today", "2026-11-26"),
        ("Tomorrow", "2026-11-27"),
        ("yesterday", "2026-11-25"),
        ("下周一", "2026-11-30"),
        ("下周日", "2026-12-06"),
        ("下星期三", "2026-12-02"),
        ("本周五", "2026-11-27"),
        ("这周一", "2026-11-23"),
        ("周五", "2026-11-27"),
        ("星期天", "2026-11-29"),
        ("上周五", "2026-11-20"),
        ("12/8", "2026-12-08"),
        ("Dec 8", "2026-12-08"),
        ("8 December", "2026-12-08"),
        ("２０２６-１２-０８", "2026-12-08"),
    ],
)
def test_parse_date_forms(text: str, day: str) -> None:
    assert parse_date(text, today=TODAY) == dt.date.fromisoformat(day)


@pytest.mark.parametrize(
    "text", ["", "tomorrow-ish", "2026-13-01", "2026-02-30", "2026/02/30", "28/09/2026", "13月1日"]
)
def test_parse_date_refuses_with_three_examples(text: str) -> None:
    with pytest.raises(UsageError) as info:
        parse_date(text, today=TODAY)
    assert str(info.value) == f"cannot read {text!r} as a date; e.g. 2026-12-08, 12/8, 明天"


def test_parse_date_keeps_the_year_bounds() -> None:
    with pytest.raises(UsageError, match="outside the years 1990-2199"):
        parse_date("1900/01/01", today=TODAY)


@pytest.mark.parametrize(
    ("text", "instant"),
    [
        ("2026-11-26T10:00", "2026-11-26T10:00:00+08:00"),
        ("2026-11-26T02:00Z", "2026-11-26T10:00:00+08:00"),
        ("10:00", "2026-11-26T10:00:00+08:00"),
        ("9:05:30", "2026-11-26T09:05:30+08:00"),
        ("10点", "2026-11-26T10:00:00+08:00"),
        ("10点半", "2026-11-26T10:30:00+08:00"),
        ("10点15分", "2026-11-26T10:15:00+08:00"),
        ("下午3点", "2026-11-26T15:00:00+08:00"),
        ("上午9:30", "2026-11-26T09:30:00+08:00"),
        ("晚上8点", "2026-11-26T20:00:00+08:00"),
        ("中午12点", "2026-11-26T12:00:00+08:00"),
        ("中午1点", "2026-11-26T13:00:00+08:00"),
        ("明天 10:00", "2026-11-27T10:00:00+08:00"),
        ("明天10点", "2026-11-27T10:00:00+08:00"),
        ("下周一上午9点", "2026-11-30T09:00:00+08:00"),
        ("2026/12/01 10:00", "2026-12-01T10:00:00+08:00"),
        ("2026年12月1日 下午2点半", "2026-12-01T14:30:00+08:00"),
        ("今天", "2026-11-26T00:00:00+08:00"),
        ("tomorrow 8:45", "2026-11-27T08:45:00+08:00"),
        # As typed in a mail or a chat, in English or with Chinese numerals
        ("12/8", "2026-12-08T00:00:00+08:00"),
        ("12/8 10:00", "2026-12-08T10:00:00+08:00"),
        ("Dec 8 10:00", "2026-12-08T10:00:00+08:00"),
        ("December 8", "2026-12-08T00:00:00+08:00"),
        ("8 Dec", "2026-12-08T00:00:00+08:00"),
        ("8th Dec 3pm", "2026-12-08T15:00:00+08:00"),
        ("tomorrow 10am", "2026-11-27T10:00:00+08:00"),
        ("tomorrow 3:30 pm", "2026-11-27T15:30:00+08:00"),
        ("12am", "2026-11-26T00:00:00+08:00"),
        ("12pm", "2026-11-26T12:00:00+08:00"),
        ("明天上午10点", "2026-11-27T10:00:00+08:00"),
        ("周一上午十点", "2026-11-23T10:00:00+08:00"),
        ("下周一上午十点半", "2026-11-30T10:30:00+08:00"),
        ("下午两点十五分", "2026-11-26T14:15:00+08:00"),
        ("十二点", "2026-11-26T12:00:00+08:00"),
        # One rule for digits: every decimal digit is its ASCII digit, in every form
        ("１０:００", "2026-11-26T10:00:00+08:00"),
        ("١٠:٠٠", "2026-11-26T10:00:00+08:00"),
        ("2026-11-26T١٠:٠٠", "2026-11-26T10:00:00+08:00"),
        ("２０２６年１２月８日 下午３点", "2026-12-08T15:00:00+08:00"),
    ],
)
def test_parse_instant_forms(text: str, instant: str) -> None:
    got = parse_instant(text, now=NOW)
    assert got.isoformat() == instant
    assert got.tzinfo is BEIJING


@pytest.mark.parametrize(
    "text",
    ["25:00", "10点61分", "明天 whenever", "soon", "2026/02/30 10:00", "13pm", "13/45", "十十点"],
)
def test_parse_instant_refuses_with_three_examples(text: str) -> None:
    with pytest.raises(UsageError) as info:
        parse_instant(text, now=NOW)
    assert str(info.value) == (
        f"cannot read {text!r} as a time; e.g. 2026-12-08T10:00, 12/8 10:00, 明天上午10点 "
        "(Beijing time)"
    )


def test_parse_instant_iso_errors_are_unchanged() -> None:
    with pytest.raises(UsageError, match=r"^'2026-11-26T25:00' is out|^cannot read '2026-11-26T25"):
        parse_instant("2026-11-26T25:00", now=NOW)


@pytest.mark.parametrize(
    ("day", "makeup"),
    [
        ("2026-10-10", True),  # Sat, 国庆节调休上班
        ("2026-02-14", True),  # Sat, 春节调休上班
        ("2026-10-09", False),  # Fri, an ordinary working day
        ("2026-10-11", False),  # Sun, off
        ("2026-10-03", False),  # Sat, 国庆节
    ],
)
def test_makeup_working_day(day: str, makeup: bool) -> None:
    assert is_makeup_workday(calendar(None), dt.date.fromisoformat(day)) is makeup


@pytest.mark.parametrize(
    "start", ["2026-09-28", "2026/09/28", "2026年9月28日", "2026.09.28", "9月28日"]
)
def test_due_from_as_typed_gives_the_same_answer_flagged_make_up(run, start: str) -> None:
    env = {"TZ": "America/New_York"}
    code, out, err = run("due", "审核中", "--from", start, env=env)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert (
        lines[0] == "In-review on-site consultation · 审核中现场咨询沟通: "
        "5 working days from Mon 2026-09-28 → due Sat 2026-10-10"
    )
    assert lines[-1] == "  due on a make-up working day (worked, but the exchange does not trade)"


def test_at_as_typed(run) -> None:
    code, out, err = run("hours", "投资者热线", "--at", "2026/11/26 下午3点", "--json")
    assert (code, err) == (0, "")
    assert json.loads(out)["at"] == "2026-11-26T15:00:00+08:00"


def test_bad_at_lists_the_forms(run) -> None:
    code, out, err = run("dial", "债券", "--at", "soon")
    assert (code, out) == (2, "")
    assert err == (
        "error: cannot read 'soon' as a time; e.g. 2026-12-08T10:00, 12/8 10:00, 明天上午10点 "
        "(Beijing time)\n"
    )


def test_iso_from_imports_no_parser() -> None:
    probe = (
        "import sys; from sse_channels.days.typed import parse_date; import datetime as dt;"
        "parse_date('2026-09-28', today=dt.date(2026, 1, 1));"
        "print(sorted(m for m in ('dateparser', 'regex') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout == "[]\n"


def test_a_refusal_in_chinese_shows_three_examples(run) -> None:
    code, out, err = run("--lang", "zh", "dial", "债券", "--at", "soon")
    assert (code, out) == (2, "")
    assert err == (
        "错误：无法识别时间“soon”；示例：2026-12-08T10:00、12/8 10:00、明天上午10点（北京时间）\n"
    )


@pytest.mark.parametrize(
    ("typed", "at"),
    [
        ("12/8 10:00", "{year}-12-08T10:00:00+08:00"),  # this year in Beijing
        ("Dec 8 10:00", "{year}-12-08T10:00:00+08:00"),
        ("2026年12月8日 下午3点", "2026-12-08T15:00:00+08:00"),
        ("2026-12-08T１０:００", "2026-12-08T10:00:00+08:00"),
    ],
)
def test_at_as_typed_reaches_the_answer(run, typed: str, at: str) -> None:
    from sse_channels.days.staffing import now_beijing

    code, out, err = run("hours", "投资者热线", "--at", typed, "--json")
    assert (code, err) == (0, "")
    assert json.loads(out)["at"] == at.format(year=now_beijing().year)


def test_a_date_alone_asks_about_the_whole_day(run) -> None:
    """2026-12-05 is a Saturday, 2026-12-08 a Tuesday: which lines are open that day, and when
    (piped rows are for programs: the same in every language; test_whole_day has the drawn)."""
    code, out, _ = run("--lang", "zh", "hours", "--at", "2026年12月5日")
    rows = {x.split("\t")[0]: x.split("\t")[2:] for x in out.splitlines()}
    assert code == 0
    assert rows["petitions.phone"] == ["closed that day, next: Mon 2026-12-07 08:45", "-"]
    assert rows["petitions.reception"] == ["closed that day, next: Mon 2026-12-07 08:45", "-"]
    code, out, _ = run("--lang", "zh", "hours", "--at", "2026/12/8")
    rows = {x.split("\t")[0]: x.split("\t")[2:] for x in out.splitlines()}
    assert rows["petitions.phone"] == ["open that day", "08:45-11:30, 13:00-17:00"]
    code, out, _ = run("--lang", "en", "hours", "--at", "2026-12-08")
    rows = {x.split("\t")[0]: x.split("\t")[2:] for x in out.splitlines()}
    assert rows["petitions.phone"] == ["open that day", "08:45-11:30, 13:00-17:00"]


def test_a_date_alone_has_the_json_of_a_day_not_of_its_midnight(run) -> None:
    day = json.loads(run("hours", "--at", "2026/12/8", "--json")[1])
    midnight = json.loads(run("hours", "--at", "2026-12-08T00:00", "--json")[1])
    assert (day["day"], "at" in day) == ("2026-12-08", False)
    assert (midnight["at"], "day" in midnight) == ("2026-12-08T00:00:00+08:00", False)


def test_the_drawn_whole_day_says_so_in_its_head(run, monkeypatch) -> None:
    from sse_channels.output import stdio

    monkeypatch.setattr(stdio, "is_tty", lambda: True)
    _, out, _ = run("--lang", "zh", "--color", "never", "hours", "--at", "2026-12-08")
    assert out.splitlines()[0] == "北京时间 2026-12-08（周二）全天 · 交易日"
    _, out, _ = run("--lang", "en", "--color", "never", "hours", "--at", "2026-12-08")
    assert out.splitlines()[0] == "Beijing time Tue 2026-12-08, the whole day · trading day"
