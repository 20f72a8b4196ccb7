"""`due … --ics`: an iCalendar file read back by two readers (icalendar and vobject)."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import icalendar
import pytest

from sse_channels.days.staffing import BEIJING
from sse_channels.formats.ics import reminder_day
from sse_channels.store import calendar

UTC = dt.timezone.utc
DESCRIPTION = (
    "Pre-filing on-site consultation · 申报前现场咨询沟通: 10 working days from Mon 2026-09-28"
    " → due Fri 2026-10-16\n"
    "request date: 2026-09-28 · working days: 10\n"
    "the exchange undertakes: (in Chinese) 视情况安排现场答复或者书面答复\n"
    "day 1 is the first working day after the request\n"
    "skipped: 10-01 Thu National Day, 10-02 Fri National Day, 10-03 Sat National Day, "
    "10-04 Sun National Day, 10-05 Mon National Day, 10-06 Tue National Day, "
    "10-07 Wed National Day, 10-11 Sun\n"
    "channel: ipo-review.pre-filing"
)
UID = hashlib.sha256(b"ipo-review.pre-filing|2026-09-28|2026-10-16").hexdigest()[:24]


@pytest.fixture
def pre_filing(run) -> str:
    code, out, err = run("due", "申报前", "--from", "2026-09-28", "--ics", "-")
    assert (code, err) == (0, "")
    return out


def test_icalendar_reads_the_event(pre_filing: str) -> None:
    cal = icalendar.Calendar.from_ical(pre_filing)
    assert cal["version"] == "2.0"
    assert [tz["tzid"] for tz in cal.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    (ev,) = cal.walk("VEVENT")
    assert ev.decoded("dtstart") == dt.date(2026, 10, 16)
    assert ev["dtstart"].params["VALUE"] == "DATE"
    assert ev.decoded("dtend") == dt.date(2026, 10, 17)
    assert (
        str(ev["summary"]) == "SSE answer due: Pre-filing on-site consultation · 申报前现场咨询沟通"
    )
    assert str(ev["description"]) == DESCRIPTION
    assert str(ev["uid"]) == f"{UID}@sse-channels"
    (alarm,) = ev.walk("VALARM")
    assert str(alarm["action"]) == "DISPLAY"
    assert alarm["trigger"].params["VALUE"] == "DATE-TIME"
    trigger = alarm.decoded("trigger")
    assert trigger == dt.datetime(2026, 10, 15, 1, 0, tzinfo=UTC)
    assert trigger.astimezone(BEIJING).strftime("%a %Y-%m-%d %H:%M") == "Thu 2026-10-15 09:00"


def test_vobject_reads_the_same_event(pre_filing: str) -> None:
    vobject = pytest.importorskip("vobject")
    cal = vobject.readOne(pre_filing)
    ev = cal.vevent
    assert ev.dtstart.value == dt.date(2026, 10, 16)
    assert ev.description.value == DESCRIPTION
    assert ev.uid.value == f"{UID}@sse-channels"
    assert ev.valarm.trigger.value == dt.datetime(2026, 10, 15, 1, 0, tzinfo=UTC)
    assert cal.vtimezone.tzid.value == "Asia/Shanghai"


def test_lines_are_crlf_folded_at_75_octets_and_stable(run, tmp_path: Path) -> None:
    files = [tmp_path / "a.ics", tmp_path / "b.ics"]
    for f in files:
        assert run("due", "申报前", "--from", "2026-09-28", "--ics", str(f))[0] == 0
    a, b = (
        [x for x in f.read_bytes().split(b"\r\n") if not x.startswith(b"DTSTAMP:")] for f in files
    )
    assert a == b  # the same request gives the same file, UID included
    assert max(len(x) for x in a) <= 75
    assert all(b"\n" not in x for x in a)
    assert a[-2:] == [b"END:VCALENDAR", b""]


@pytest.mark.parametrize(
    ("due", "reminder"),
    [
        ("2026-10-16", "2026-10-15"),  # Fri: the Thursday before
        ("2026-05-11", "2026-05-09"),  # Mon: the make-up Saturday, not Sunday
        ("2026-10-12", "2026-10-10"),  # Mon after the National Day make-up Saturday
        ("2026-10-08", "2026-09-30"),  # Thu after the National Day week
    ],
)
def test_reminder_is_on_the_working_day_before(due: str, reminder: str) -> None:
    assert reminder_day(calendar(None), dt.date.fromisoformat(due)) == dt.date.fromisoformat(
        reminder
    )


def test_a_reminder_on_a_make_up_saturday(run) -> None:
    code, out, _ = run("due", "债券现场咨询", "--from", "2026-04-30", "--ics", "-")
    assert code == 0
    (alarm,) = icalendar.Calendar.from_ical(out).walk("VALARM")
    assert alarm.decoded("trigger") == dt.datetime(2026, 5, 9, 1, 0, tzinfo=UTC)


def test_one_event_per_answer(run) -> None:
    code, out, _ = run("due", "现场咨询", "--from", "2026-11-26", "--ics", "-")
    assert code == 0
    events = icalendar.Calendar.from_ical(out).walk("VEVENT")
    assert [e.decoded("dtstart").isoformat() for e in events] == [
        "2026-12-10",
        "2026-12-03",
        "2026-12-03",
    ]
    assert len({str(e["uid"]) for e in events}) == 3


def test_ics_file_is_written_once_without_force(run, tmp_path: Path) -> None:
    target = tmp_path / "due.ics"
    code, out, err = run("due", "申报前", "--from", "2026-09-28", "--ics", str(target))
    assert code == 0
    assert out.splitlines()[0].startswith(
        "Pre-filing on-site consultation · 申报前现场咨询沟通: 10 working days"
    )
    assert err == f"wrote {target} (iCalendar, 1 event)\n"
    ev = icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")[0]
    assert ev.decoded("dtstart") == dt.date(2026, 10, 16)
    target.write_text("precious", encoding="utf-8")
    code, out, err = run("due", "申报前", "--from", "2026-09-28", "--ics", str(target))
    assert (code, out) == (2, "")
    assert err == f"error: {target} exists; use --force to replace it\n"
    assert target.read_text(encoding="utf-8") == "precious"
    assert run("due", "申报前", "--from", "2026-09-28", "--ics", str(target), "--force")[0] == 0


def test_ics_stdout_and_json_do_not_mix(run) -> None:
    code, out, err = run("due", "申报前", "--ics", "-", "--json")
    assert (code, out) == (2, "")
    assert err == "error: --ics - and --json both write to stdout; give --ics a FILE\n"


def test_the_event_speaks_chinese_in_chinese(run) -> None:
    code, out, err = run("--lang", "zh", "due", "申报前", "--from", "2026-09-28", "--ics", "-")
    assert (code, err) == (0, "")
    (ev,) = icalendar.Calendar.from_ical(out).walk("VEVENT")
    assert str(ev["summary"]) == "上交所答复期限：申报前现场咨询沟通"
    assert str(ev["description"]).splitlines() == [
        "申报前现场咨询沟通：2026-09-28（周一）提出申请，应于 10 个工作日内答复，"
        "最迟 2026-10-16（周五）答复",
        "申请日期：2026-09-28 · 答复期限：10 个工作日",
        "交易所承诺：视情况安排现场答复或者书面答复",
        "申请当日不计入，自次一工作日起算",
        "不计入的非工作日：10-01 周四 国庆节、10-02 周五 国庆节、10-03 周六 国庆节、"
        "10-04 周日 国庆节、10-05 周一 国庆节、10-06 周二 国庆节、10-07 周三 国庆节、10-11 周日",
        "渠道编号：ipo-review.pre-filing",
    ]
    (alarm,) = ev.walk("VALARM")
    assert str(alarm["description"]) == "下一个工作日（2026-10-16）到期：申报前现场咨询沟通"
