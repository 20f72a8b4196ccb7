"""A date alone (`--at 2026-12-08`, `12/8`, `明天`, `周一`) asks about the whole day: which lines
are staffed that day and when, or the next day they are; a time keeps the instant."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from sse_channels.output import stdio

SAT, TUE = "2026-12-05", "2026-12-08"


def _drawn(run, monkeypatch, *args: str) -> list[str]:
    monkeypatch.setattr(stdio, "is_tty", lambda: True)
    code, out, err = run(*args, env={"COLUMNS": "100"})
    assert (code, err) == (0, "")
    return [line.rstrip() for line in out.splitlines()]


def test_dial_on_a_day_without_hours_says_when_the_line_is_staffed_next(run) -> None:
    code, out, _ = run("--lang", "zh", "dial", "债券", "--at", "2026年12月5日")
    assert (code, out.splitlines()[4]) == (
        0,
        "  时间：交易日 08:45-11:30、13:00-17:00 · 2026-12-05（周六）：当天不接听，"
        "下次：2026-12-07（周一）08:45",
    )
    code, out, _ = run("--lang", "en", "dial", "债券", "--at", "12/5")
    assert out.splitlines()[4] == (
        "  hours: trading days 08:45-11:30, 13:00-17:00 · Sat 2026-12-05: closed that day,"
        " next: Mon 2026-12-07 08:45"
    )


def test_dial_on_a_trading_day_gives_that_days_windows_not_closed_now(run) -> None:
    _, out, _ = run("--lang", "zh", "dial", "债券", "--at", TUE)
    assert out.splitlines()[4] == (
        "  时间：交易日 08:45-11:30、13:00-17:00 · 2026-12-08（周二）：当天接听 "
        "08:45-11:30、13:00-17:00"
    )
    _, out, _ = run("--lang", "en", "dial", "债券", "--at", "8 Dec")
    assert out.splitlines()[4] == (
        "  hours: trading days 08:45-11:30, 13:00-17:00 · Tue 2026-12-08: open that day"
        " 08:45-11:30, 13:00-17:00"
    )


def test_a_time_keeps_the_instant(run) -> None:
    _, out, _ = run("--lang", "en", "dial", "债券", "--at", "2026-12-08T00:00")
    assert out.splitlines()[4] == (
        "  hours: trading days 08:45-11:30, 13:00-17:00 · closed now, opens 08:45"
    )
    _, out, _ = run("dial", "债券", "--at", "2026-12-08T00:00", "--json")
    assert "day" not in json.loads(out)[0]


def test_the_drawn_whole_day_in_chinese(run, monkeypatch) -> None:
    lines = _drawn(run, monkeypatch, "--lang", "zh", "--color", "never", "hours", "债券",
                   "--at", SAT)  # fmt: skip
    assert lines == [
        "北京时间 2026-12-05（周六）全天 · 非交易日",
        "",
        " 渠道                 当天                                        接听时间",
        " " + "─" * 73,
        " 债券业务电话咨询     当天不接听，下次：2026-12-07（周一）08:45   -",
        " bond-review.phone",
        " 债券现场咨询         接听时间未公布",
        " bond-review.onsite",
        "",
    ]


def test_the_drawn_whole_day_in_english(run, monkeypatch) -> None:
    lines = _drawn(run, monkeypatch, "--lang", "en", "--color", "never", "hours", "债券",
                   "--at", SAT)  # fmt: skip
    assert lines == [
        "Beijing time Sat 2026-12-05, the whole day · not a trading day",
        "",
        " Channel                                      That day"
        "                                      Hours",
        " " + "─" * 96,
        " Bond phone consultation · 债券业务电话咨询   closed that day, next: Mon 2026-12-07"
        " 08:45   -",
        " bond-review.phone",
        " Bond on-site consultation · 债券现场咨询     hours not published",
        " bond-review.onsite",
        "",
    ]


def test_the_json_of_a_day_is_its_own_shape_the_same_in_both_languages(run) -> None:
    zh = run("--lang", "zh", "hours", "投资", "--at", SAT, "--json")
    en = run("--lang", "en", "hours", "投资", "--at", SAT, "--json")
    assert zh == en
    got = json.loads(en[1])
    assert "at" not in got
    assert (got["day"], got["trading_day"], got["working_day"]) == (SAT, False, False)
    lines = {x["id"]: x for x in got["lines"]}
    hotline = lines["investor-services.hotline"]
    assert {k: hotline[k] for k in ("open", "windows", "next_open", "hours_published")} == {
        "open": False,
        "windows": [],
        "next_open": "2026-12-07T08:45:00+08:00",
        "hours_published": True,
    }
    assert {k: lines["investor-services.edu-base"][k] for k in ("open", "windows")} == {
        "open": None,
        "windows": [],
    }
    tue = json.loads(run("hours", "投资者服务热线", "--at", TUE, "--json")[1])["lines"][0]
    assert (tue["open"], tue["windows"], tue["next_open"]) == (
        True,
        ["08:45-11:30", "13:00-17:00"],
        "2026-12-08T08:45:00+08:00",
    )


def test_the_json_of_dial_for_a_day(run) -> None:
    zh = run("--lang", "zh", "dial", "债券", "--at", TUE, "--json")
    assert zh == run("--lang", "en", "dial", "债券", "--at", TUE, "--json")
    got = json.loads(zh[1])[0]
    assert got["day"] == TUE
    assert got["status"] == {
        "open": True,
        "windows": ["08:45-11:30", "13:00-17:00"],
        "next_open": "2026-12-08T08:45:00+08:00",
        "estimated": False,
        "reason": None,
    }


def _this_year() -> int:
    from sse_channels.days.staffing import now_beijing

    return now_beijing().year


def _relative(days: int) -> str:
    from sse_channels.days.staffing import now_beijing

    return (now_beijing().date() + dt.timedelta(days=days)).isoformat()


def _this_week(weekday: int) -> str:
    from sse_channels.days.staffing import now_beijing

    today = now_beijing().date()
    return (today - dt.timedelta(days=today.weekday() - weekday)).isoformat()


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("2026-12-08", lambda: TUE),
        ("2026/12/08", lambda: TUE),
        ("2026.12.08", lambda: TUE),
        ("2026年12月8日", lambda: TUE),
        ("２０２６年１２月８日", lambda: TUE),
        ("12月8日", lambda: f"{_this_year()}-12-08"),
        ("12/8", lambda: f"{_this_year()}-12-08"),
        ("Dec 8", lambda: f"{_this_year()}-12-08"),
        ("8 Dec", lambda: f"{_this_year()}-12-08"),
        ("December 8th", lambda: f"{_this_year()}-12-08"),
        ("今天", lambda: _relative(0)),
        ("明天", lambda: _relative(1)),
        ("后天", lambda: _relative(2)),
        ("昨天", lambda: _relative(-1)),
        ("前天", lambda: _relative(-2)),
        ("tomorrow", lambda: _relative(1)),
        ("周一", lambda: _this_week(0)),
        ("星期五", lambda: _this_week(4)),
        ("本周五", lambda: _this_week(4)),
        ("下周一", lambda: (dt.date.fromisoformat(_this_week(0)) + dt.timedelta(7)).isoformat()),
    ],
)
def test_every_date_form_asks_for_the_whole_day(run, typed: str, day) -> None:
    for args in (("hours", "投资者服务热线"), ("dial", "投资者服务热线")):
        code, out, err = run(*args, "--at", typed, "--json")
        assert (code, err) == (0, "")
        got = json.loads(out)
        assert (got if isinstance(got, dict) else got[0])["day"] == day()


@pytest.mark.parametrize("typed", ["明天 10:00", "12/8 10:00", "Dec 8 10am", "周一上午十点"])
def test_a_date_with_a_time_is_an_instant(run, typed: str) -> None:
    got = json.loads(run("hours", "投资者服务热线", "--at", typed, "--json")[1])
    assert "day" not in got
    assert got["at"].endswith("T10:00:00+08:00")
