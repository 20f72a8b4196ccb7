"""`due` speaks one language a line: the day names, the make-up working day and the document's
undertaking, on a terminal, piped and in the calendar file."""

from __future__ import annotations

import re

import pytest

from sse_channels.output import stdio

ZH = [
    "审核中现场咨询沟通：2026-09-28（周一）提出申请，应于 5 个工作日内答复，"
    "最迟 2026-10-10（周六）答复",
    "  交易所承诺：通过审核系统予以答复或者确定现场咨询时间",
    "  申请当日不计入，自次一工作日起算",
    "  不计入的非工作日：10-01 周四 国庆节、10-02 周五 国庆节、10-03 周六 国庆节、"
    "10-04 周日 国庆节、10-05 周一 国庆节、10-06 周二 国庆节、10-07 周三 国庆节",
    "  最迟答复日为调休上班日（交易所不开市，但计入工作日）",
]
EN = [
    "In-review on-site consultation · 审核中现场咨询沟通: 5 working days from Mon 2026-09-28"
    " → due Sat 2026-10-10",
    "  the exchange undertakes: (in Chinese) 通过审核系统予以答复或者确定现场咨询时间",
    "  day 1 is the first working day after the request",
    "  skipped: 10-01 Thu National Day, 10-02 Fri National Day, 10-03 Sat National Day, "
    "10-04 Sun National Day, 10-05 Mon National Day, 10-06 Tue National Day, "
    "10-07 Wed National Day",
    "  due on a make-up working day (worked, but the exchange does not trade)",
]


@pytest.mark.parametrize("drawn", [False, True], ids=["piped", "terminal"])
@pytest.mark.parametrize(("lang", "lines"), [("zh", ZH), ("en", EN)])
def test_due_in_one_language_a_line(run, monkeypatch, drawn, lang, lines) -> None:
    if drawn:  # a terminal wide enough for every line: the breaking has its own tests
        monkeypatch.setattr(stdio, "is_tty", lambda: True)
        monkeypatch.setenv("COLUMNS", "300")
    code, out, err = run("--lang", lang, "due", "审核中", "--from", "2026-09-28")
    assert (code, err) == (0, "")
    assert out.splitlines() == lines


def test_holidays_and_days_in_lieu_in_english(run) -> None:
    _, out, _ = run("--lang", "en", "due", "审核中", "--from", "2026-02-12")
    assert out.splitlines()[3].startswith("  skipped: 02-15 Sun Spring Festival, ")
    _, out, _ = run("--lang", "en", "hours", "--at", "2026-10-10T10:00", "--json")
    from sse_channels.l10n import speaking
    from sse_channels.output.plain import holiday_text

    with speaking("en"):
        assert holiday_text("国庆节调休上班") == "make-up working day (National Day)"
        assert holiday_text("中秋节（补假）") == "Mid-Autumn Festival (day in lieu)"
        assert holiday_text("中秋节; 国庆节") == "Mid-Autumn Festival; National Day"
        assert holiday_text("某通知休市日") == "某通知休市日"  # a notice's own name stays
    with speaking("zh"):
        assert holiday_text("国庆节调休上班") == "国庆节调休上班"


@pytest.mark.parametrize(("lang", "lines"), [("zh", ZH), ("en", EN)])
def test_the_calendar_file_says_the_same_lines(run, lang, lines) -> None:
    _, out, _ = run("--lang", lang, "due", "审核中", "--from", "2026-09-28", "--ics", "-")
    unfolded = re.sub(r"\r?\n ", "", out)
    (description,) = [
        x.split(":", 1)[1]
        for x in unfolded.splitlines()
        if x.startswith("DESCRIPTION:") and "\\n" in x
    ]
    said = description.replace("\\,", ",").replace("\\;", ";").split("\\n")
    assert [said[0], *said[2:-1]] == [x.strip() for x in lines]
