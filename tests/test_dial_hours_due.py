"""`dial`, `hours` and `due` as a user sees them: exact lines and exit codes.

Every expectation below is written by hand from the annex 渠道一览表 (the dial sequences, the
two sets of staffed hours, the response times of 10 and 5 working days) and from the State
Council's and the exchange's published 2024-2026 holiday schedules. None is copied from the
tool's output: where the two disagree, the tool is wrong.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from sse_channels import store
from sse_channels.days import trading as calmod

TAB = "\t"
ARROW = " \u2192 "  # the dial sequence separator: U+2192 with one space either side
AT = "2026-11-26T10:00"  # an ordinary Thursday, mid-morning, Beijing time
D = dt.date.fromisoformat


def seq(*parts: str) -> str:
    return ARROW.join(parts)


# ============================================================================ dial

# (query words, the sequence lines printed first, the tel: lines, the "name · English" line)
# One row for each phone line of the annex.
DIAL = [
    # 股票发行上市审核 4(1): 4008888400 转 6 后，拨分机号 666 或 699
    (["发行上市审核电话咨询"],
     [seq("4008888400", "6", "666") + "  分机 666", seq("4008888400", "6", "699") + "  分机 699"],
     ["tel:+864008888400,6,666", "tel:+864008888400,6,699"],
     "发行上市审核电话咨询 · Listing review phone consultation"),
    (["666"], [seq("4008888400", "6", "666")], ["tel:+864008888400,6,666"],
     "发行上市审核电话咨询 · Listing review phone consultation"),
    (["699"], [seq("4008888400", "6", "699")], ["tel:+864008888400,6,699"],
     "发行上市审核电话咨询 · Listing review phone consultation"),
    # 债券审核监管 4(1): 转 6 后，拨分机号 1959
    (["债券"], [seq("4008888400", "6", "1959")], ["tel:+864008888400,6,1959"],
     "债券业务电话咨询 · Bond phone consultation"),
    (["1959"], [seq("4008888400", "6", "1959")], ["tel:+864008888400,6,1959"],
     "债券业务电话咨询 · Bond phone consultation"),
    # 上市公司监管 3(4): 或拨打上海证券交易所服务热线 4008888400 转 1 后进行咨询
    (["独立董事"], [seq("4008888400", "1")], ["tel:+864008888400,1"],
     "独立董事咨询热线、邮箱 · Independent director hotline and mailbox"),
    # 发行承销 2(1): 转 6 后，拨分机号 7509; 3: 上市仪式 转 6 后，拨分机号 7242
    (["承销热线"], [seq("4008888400", "6", "7509")], ["tel:+864008888400,6,7509"],
     "发行承销电话咨询 · Underwriting phone consultation"),
    (["上市仪式"], [seq("4008888400", "6", "7242")], ["tel:+864008888400,6,7242"],
     "上市仪式 · Listing ceremony"),
    # 市场服务 2(1)-(5): the head office extension and the four regional bases' direct numbers
    (["7999"], [seq("4008888400", "6", "7999")], ["tel:+864008888400,6,7999"],
     "上市服务咨询（总机） · Listing services (head office)"),
    (["北方基地"], ["010-50868703"], ["tel:+861050868703"],
     "上交所北方基地 · SSE Northern Base (Beijing)"),
    (["南方中心"], ["020-83629430"], ["tel:+862083629430"],
     "上交所南方中心 · SSE Southern Center (Guangzhou)"),
    (["028-60119091"], ["028-60119091"], ["tel:+862860119091"],
     "上交所西部基地 · SSE Western Base (Chengdu)"),
    (["西部基地"], ["028-60119091"], ["tel:+862860119091"],
     "上交所西部基地 · SSE Western Base (Chengdu)"),
    (["中部基地"], ["18918200578"], ["tel:+8618918200578"],
     "上交所中部基地 · SSE Central Base (Wuhan)"),
    # 投资者服务 1(1): 转 1 后，咨询按 1，投诉和建议按 2
    (["投资者服务热线"],
     [seq("4008888400", "1", "1") + "  咨询", seq("4008888400", "1", "2") + "  投诉和建议"],
     ["tel:+864008888400,1,1", "tel:+864008888400,1,2"],
     "投资者服务热线 · Investor service hotline"),
    (["investor", "hotline"],
     [seq("4008888400", "1", "1") + "  咨询", seq("4008888400", "1", "2") + "  投诉和建议"],
     ["tel:+864008888400,1,1", "tel:+864008888400,1,2"],
     "投资者服务热线 · Investor service hotline"),
    # "投资者" names the hotline, not one of its branches: both branches, each with its label.
    (["投资者"],
     [seq("4008888400", "1", "1") + "  咨询", seq("4008888400", "1", "2") + "  投诉和建议"],
     ["tel:+864008888400,1,1", "tel:+864008888400,1,2"],
     "投资者服务热线 · Investor service hotline"),
    (["投资者", "咨询"], [seq("4008888400", "1", "1")], ["tel:+864008888400,1,1"],
     "投资者服务热线 · Investor service hotline"),
    # Every word narrows: "投诉" picks the complaints branch.
    (["投资者", "投诉"], [seq("4008888400", "1", "2")], ["tel:+864008888400,1,2"],
     "投资者服务热线 · Investor service hotline"),
    (["投资者热线", "投诉"], [seq("4008888400", "1", "2")], ["tel:+864008888400,1,2"],
     "投资者服务热线 · Investor service hotline"),
    # 技术服务 1(1): 转 2 后，交易技术咨询请按 1，线路咨询请按 3，行业云业务请按 4
    # （上证行情云技术支持再按 1，证通云及信创云技术支持再按 2）
    (["上证行情云"], [seq("4008888400", "2", "4", "1")], ["tel:+864008888400,2,4,1"],
     "技术服务热线 · Technical service hotline"),
    (["证通云"], [seq("4008888400", "2", "4", "2")], ["tel:+864008888400,2,4,2"],
     "技术服务热线 · Technical service hotline"),
    (["信创云"], [seq("4008888400", "2", "4", "2")], ["tel:+864008888400,2,4,2"],
     "技术服务热线 · Technical service hotline"),
    (["线路咨询"], [seq("4008888400", "2", "3")], ["tel:+864008888400,2,3"],
     "技术服务热线 · Technical service hotline"),
    (["交易技术咨询"], [seq("4008888400", "2", "1")], ["tel:+864008888400,2,1"],
     "技术服务热线 · Technical service hotline"),
    # 行业云 is both 4 → 1 and 4 → 2: both, each with its label.
    (["行业云"],
     [seq("4008888400", "2", "4", "1") + "  行业云-上证行情云技术支持",
      seq("4008888400", "2", "4", "2") + "  行业云-证通云及信创云技术支持"],
     ["tel:+864008888400,2,4,1", "tel:+864008888400,2,4,2"],
     "技术服务热线 · Technical service hotline"),
    (["技术服务热线"],
     [seq("4008888400", "2", "1") + "  交易技术咨询",
      seq("4008888400", "2", "3") + "  线路咨询",
      seq("4008888400", "2", "4", "1") + "  行业云-上证行情云技术支持",
      seq("4008888400", "2", "4", "2") + "  行业云-证通云及信创云技术支持"],
     ["tel:+864008888400,2,1", "tel:+864008888400,2,3",
      "tel:+864008888400,2,4,1", "tel:+864008888400,2,4,2"],
     "技术服务热线 · Technical service hotline"),
    # The Chinese twin of "tech hotline" names the whole menu, as the English one does.
    (["技术", "热线"],
     [seq("4008888400", "2", "1") + "  交易技术咨询",
      seq("4008888400", "2", "3") + "  线路咨询",
      seq("4008888400", "2", "4", "1") + "  行业云-上证行情云技术支持",
      seq("4008888400", "2", "4", "2") + "  行业云-证通云及信创云技术支持"],
     ["tel:+864008888400,2,1", "tel:+864008888400,2,3",
      "tel:+864008888400,2,4,1", "tel:+864008888400,2,4,2"],
     "技术服务热线 · Technical service hotline"),
    # A dialled prefix matches every path that begins that way.
    (["4008888400", "2", "4"],
     [seq("4008888400", "2", "4", "1") + "  行业云-上证行情云技术支持",
      seq("4008888400", "2", "4", "2") + "  行业云-证通云及信创云技术支持"],
     ["tel:+864008888400,2,4,1", "tel:+864008888400,2,4,2"],
     "技术服务热线 · Technical service hotline"),
    # 信访举报 1: 转 1 后，按 3
    (["信访举报电话"], [seq("4008888400", "1", "3")], ["tel:+864008888400,1,3"],
     "信访举报电话 · Petitions and reports phone line"),
    # 廉政监督 1: 转 6 后，拨分机号 1284
    (["廉政监督电话"], [seq("4008888400", "6", "1284")], ["tel:+864008888400,6,1284"],
     "廉政监督电话 · Integrity supervision phone line"),
]  # fmt: skip


# ASCII test ids (pytest escapes Chinese ones): the row number and the line's English name.
DIAL_IDS = [f"{i:02d}-{row[3].split(' · ')[1]}" for i, row in enumerate(DIAL)]


@pytest.mark.parametrize(("query", "sequences", "tels", "name"), DIAL, ids=DIAL_IDS)
def test_dial_sequence_and_tel_lines(
    run, query: list[str], sequences: list[str], tels: list[str], name: str
) -> None:
    # In Chinese: the labels and the name as the document gives them (English: its own test).
    code, out, err = run("--lang", "zh", "dial", *query, "--at", AT)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert [x for x in lines if x and not x.startswith(" ")] == sequences
    assert [x.strip() for x in lines if x.strip().startswith("tel:")] == tels
    assert lines[len(sequences)] == "  " + name.split(" · ")[0]


def test_dial_bond_whole_block(run) -> None:
    code, out, err = run("dial", "债券", "--at", AT)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "4008888400 → 6 → 1959",
        "  Bond phone consultation · 债券业务电话咨询",
        "  for: Phone consultation on bond review and supervision; after the main number press 6,"
        " then extension 1959.",
        "  note: (in Chinese) 如为在审项目，可直接联系反馈意见中列示的项目审核人员。",
        "  hours: trading days 08:45-11:30, 13:00-17:00 · open now, closes 11:30",
        "  tel:+864008888400,6,1959",
    ]


@pytest.mark.parametrize(
    ("query", "at", "hours"),
    [
        (["债券"], "2026-11-28T10:00",  # a Saturday
         "  hours: trading days 08:45-11:30, 13:00-17:00 · closed now, next: Mon 2026-11-30 08:45"),
        (["债券"], "2026-11-26T12:00",  # lunch break
         "  hours: trading days 08:45-11:30, 13:00-17:00 · closed now, opens 13:00"),
        # 3(4): 8:30-11:30, 13:30-17:00 are the independent-director hotline's hours (its
        # number is in the company system); 4008888400 转 1 has none published of its own.
        (["独立董事"], "2026-11-26T08:35", "  hours: not published"),
        (["信访举报电话"], "2026-11-26T16:59:59",
         "  hours: trading days 08:45-11:30, 13:00-17:00 · open now, closes 17:00"),
        (["上市仪式"], AT, "  hours: not published"),  # the annex gives no hours for 7242
        (["7999"], AT, "  hours: not published"),
        (["028-60119091"], AT, "  hours: not published"),
        (["上证行情云"], AT, "  hours: not published"),
    ],
)  # fmt: skip
def test_dial_hours_line(run, query: list[str], at: str, hours: str) -> None:
    code, out, _ = run("dial", *query, "--at", at)
    assert code == 0
    assert hours in out.splitlines()


def test_dial_json_fields(run) -> None:
    code, out, _ = run("dial", "投资者服务热线", "--at", "2026-11-28T10:00", "--json")
    assert code == 0
    (block,) = json.loads(out)
    assert block["id"] == "investor-services.hotline"
    assert [(x["label_zh"], x["sequence"], x["tel"]) for x in block["lines"]] == [
        ("咨询", "4008888400 → 1 → 1", "tel:+864008888400,1,1"),
        ("投诉和建议", "4008888400 → 1 → 2", "tel:+864008888400,1,2"),
    ]
    assert block["hours"] == "trading days 08:45-11:30, 13:00-17:00"
    st = block["status"]
    assert (st["open"], st["trading_day"], st["today"]) == (False, False, [])
    assert st["next_change"] == "2026-11-30T08:45:00+08:00"
    assert "投资者服务热线" in out  # UTF-8, not \u escapes


def test_dial_json_line_whose_hours_are_not_its_own(run) -> None:
    code, out, _ = run("dial", "独立董事", "--at", "2026-11-26T08:35", "--json")
    assert code == 0
    (block,) = json.loads(out)
    assert [x["sequence"] for x in block["lines"]] == ["4008888400 → 1"]
    assert (block["hours"], block["status"]) == ("not published", None)


def test_dial_json_direct_line(run) -> None:
    code, out, _ = run("dial", "028-60119091", "--at", AT, "--json")
    assert code == 0
    (block,) = json.loads(out)
    assert [(x["sequence"], x["tel"]) for x in block["lines"]] == [
        ("028-60119091", "tel:+862860119091")
    ]
    assert (block["hours"], block["status"]) == ("not published", None)  # the annex gives none


@pytest.mark.parametrize(
    ("query", "name", "line"),
    [
        (["廉政监督邮箱"], "廉政监督邮箱 (integrity.email)", "4008888400 → 6 → 1284"),
        (["integrity.email"], "廉政监督邮箱 (integrity.email)", "4008888400 → 6 → 1284"),
        (["投资者服务邮箱"], "投资者服务邮箱 (investor-services.email)",
         "4008888400 → 1 → 1  questions"),
        (["上证债券信息网"], "上证债券信息网 (bond-review.disclosure)", "4008888400 → 6 → 1959"),
        (["petitions.letter"], "信访举报信函 (petitions.letter)", "4008888400 → 1 → 3"),
    ],
)  # fmt: skip
def test_dial_a_match_without_phone_gives_the_line_of_its_area(
    run, query: list[str], name: str, line: str
) -> None:
    code, out, err = run("dial", *query, "--at", AT)
    assert (code, err) == (0, "")
    assert out.splitlines()[:2] == [f"{name} has no phone line; the line of its area:", line]


def test_dial_with_no_phone_in_the_whole_area_says_how_to_reach_it(run) -> None:
    code, out, err = run("dial", "member.rules", "--at", AT)
    assert code == 1
    assert out.splitlines() == [
        "Member rules http://www.sse.com.cn/lawandrules/sselawsrules/member/personnel/"
    ]
    assert err.splitlines() == [
        "会员类规则 (member.rules) has no phone line; reach it as shown above."
    ]


def test_dial_a_line_whose_number_is_published_elsewhere(run) -> None:
    """疑难复杂问题: the annex says the number is in the company system; the hours are its own."""
    code, out, err = run("dial", "疑难问题", "--at", AT)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Complex disclosure questions line · 疑难复杂问题咨询"
    assert lines[3:5] == [
        "  number: consultation phone published in 上市公司业务管理系统 (listed-co.system)",
        "  hours: trading days 08:30-11:30, 13:30-17:00 · open now, closes 11:30",
    ]
    assert lines[5:8] == ["", "nearest line with a number:", "4008888400 → 1"]


def test_dial_independent_directors_gives_each_line_its_own_hours(run) -> None:
    """The annex's hours are the directors' own hotline's; 4008888400 → 1 has none published."""
    code, out, _ = run("dial", "独立董事", "--at", AT)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "4008888400 → 1"
    assert "  hours: not published" in lines
    assert lines[-2:] == [
        "  own line: consultation phone and mailbox published in 上市公司业务管理系统"
        " (listed-co.system)",
        "  own line hours: trading days 08:30-11:30, 13:30-17:00 · open now, closes 11:30",
    ]
    hours = run("hours", "独立董事", "--at", AT)[1]
    assert "open now, closes 11:30\t08:30-11:30, 13:30-17:00" in hours


def test_dial_json_says_where_an_unlisted_number_is(run) -> None:
    code, out, _ = run("dial", "疑难问题", "--at", AT, "--json")
    assert code == 0
    first = json.loads(out)[0]
    assert first["lines"] == []
    assert first["unlisted"]["where_zh"] == "上市公司业务管理系统"
    assert first["unlisted"]["status"]["open"] is True


def test_dial_bad_at_is_a_usage_error(run) -> None:
    code, out, err = run("dial", "债券", "--at", "soon")
    assert (code, out) == (2, "")
    assert "2026-12-08T10:00" in err


# ============================================================================ hours


def _head(run, *args: str) -> str:
    """The first line of the drawn view: the instant and the kind of day (piped output has
    only tab-separated rows)."""
    _, out, _ = run("--color", "always", *args, env={"COLUMNS": "1000", "NO_COLOR": ""})
    return re.sub(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x1b]*\x1b\\", "", out).splitlines()[0]


def _line(out: str, channel: str) -> str:
    (line,) = [x for x in out.splitlines() if x.startswith(channel + TAB)]
    return line


def _row(channel: str, name: str, state: str, today: str) -> str:
    return TAB.join([channel, name, state, today])


# Piped rows name a channel in Chinese in every language.
BOND = ("bond-review.phone", "债券业务电话咨询")  # 08:45-11:30, 13:00-17:00
INED = ("listed-co.independent-directors", "独立董事咨询热线、邮箱")  # 08:30-11:30, 13:30-17:00
W0845 = "08:45-11:30, 13:00-17:00"
W0830 = "08:30-11:30, 13:30-17:00"

# (instant, line, state text, today's windows). 2026-11-26 is a Thursday.
EDGES = [
    ("2026-11-26T08:44:59", BOND, "closed now, opens 08:45", W0845),
    ("2026-11-26T08:45:00", BOND, "open now, closes 11:30", W0845),
    ("2026-11-26T11:29:59", BOND, "open now, closes 11:30", W0845),
    ("2026-11-26T11:30:00", BOND, "closed now, opens 13:00", W0845),
    ("2026-11-26T12:00", BOND, "closed now, opens 13:00", W0845),  # lunch break
    ("2026-11-26T12:59:59", BOND, "closed now, opens 13:00", W0845),
    ("2026-11-26T13:00", BOND, "open now, closes 17:00", W0845),
    ("2026-11-26T16:59:59", BOND, "open now, closes 17:00", W0845),
    ("2026-11-26T17:00", BOND, "closed now, next: Fri 2026-11-27 08:45", W0845),
    ("2026-11-27T18:00", BOND, "closed now, next: Mon 2026-11-30 08:45", W0845),
    ("2026-11-28T10:00", BOND, "closed now, next: Mon 2026-11-30 08:45", "closed today"),
    ("2026-11-26T08:29:59", INED, "closed now, opens 08:30", W0830),
    ("2026-11-26T08:30:00", INED, "open now, closes 11:30", W0830),
    ("2026-11-26T08:44:59", INED, "open now, closes 11:30", W0830),
    ("2026-11-26T11:30:00", INED, "closed now, opens 13:30", W0830),
    ("2026-11-26T13:00", INED, "closed now, opens 13:30", W0830),
    ("2026-11-26T13:29:59", INED, "closed now, opens 13:30", W0830),
    ("2026-11-26T13:30:00", INED, "open now, closes 17:00", W0830),
    ("2026-11-26T17:00", INED, "closed now, next: Fri 2026-11-27 08:30", W0830),
    # National Day 2026: 10-01..10-07 closed; Sat 10-10 works but does not trade.
    ("2026-09-30T17:30", BOND, "closed now, next: Thu 2026-10-08 08:45", W0845),
    ("2026-10-05T10:00", BOND, "closed now, next: Thu 2026-10-08 08:45", "closed today"),
    ("2026-10-10T10:00", BOND, "closed now, next: Mon 2026-10-12 08:45", "closed today"),
    ("2026-10-10T10:00", INED, "closed now, next: Mon 2026-10-12 08:30", "closed today"),
    # Spring Festival 2024: the exchange closed Fri 02-09 (除夕) to 02-17; Sun 02-18 worked.
    ("2024-02-08T17:00", BOND, "closed now, next: Mon 2024-02-19 08:45", W0845),
    ("2024-02-09T10:00", BOND, "closed now, next: Mon 2024-02-19 08:45", "closed today"),
    ("2024-02-18T10:00", BOND, "closed now, next: Mon 2024-02-19 08:45", "closed today"),
]


@pytest.mark.parametrize(("at", "line", "state", "today"), EDGES)
def test_hours_half_open_windows_and_next_change(
    run, at: str, line: tuple[str, str], state: str, today: str
) -> None:
    code, out, err = run("hours", "--at", at)
    assert (code, err) == (0, "")
    assert _line(out, line[0]) == _row(*line, state, today)


@pytest.mark.parametrize(
    ("at", "header"),
    [
        (AT, "Beijing time Thu 2026-11-26 10:00 · trading day"),
        ("2026-11-28T10:00", "Beijing time Sat 2026-11-28 10:00 · not a trading day"),
        ("2026-10-10T10:00",
         "Beijing time Sat 2026-10-10 10:00 · not a trading day (working day)"
         " · make-up working day (National Day)"),
        ("2026-10-01T10:00",
         "Beijing time Thu 2026-10-01 10:00 · not a trading day · National Day"),
        # 2024-02-09 was an official working day (the State Council's 2024 notice only
        # encouraged a day off on 除夕), but the exchange did not trade.
        ("2024-02-09T10:00",
         "Beijing time Fri 2024-02-09 10:00 · not a trading day (working day)"
         " · Lunar New Year's Eve"),
        ("2024-02-18T10:00",
         "Beijing time Sun 2024-02-18 10:00 · not a trading day (working day)"
         " · make-up working day (Spring Festival)"),
    ],
)  # fmt: skip
def test_hours_header(run, at: str, header: str) -> None:
    assert _head(run, "hours", "--at", at) == header


@pytest.mark.parametrize(
    "at",
    ["2026-11-26T02:00Z", "2026-11-26T02:00:00z", "2026-11-26T10:00+08:00",
     "2026-11-25T21:00-05:00", "2026-11-26T11:00+09:00", "2026-11-26 10:00"],
)  # fmt: skip
def test_hours_offsets_are_the_same_beijing_instant(run, at: str) -> None:
    assert run("hours", "--at", at) == run("hours", "--at", AT)
    _, out, _ = run("hours", "--at", at)
    assert _head(run, "hours", "--at", at) == "Beijing time Thu 2026-11-26 10:00 · trading day"
    assert _line(out, BOND[0]) == _row(*BOND, "open now, closes 11:30", W0845)


def test_hours_offset_crossing_midnight_is_judged_in_beijing(run) -> None:
    # Friday 16:30 UTC is Saturday 00:30 in Beijing.
    code, out, _ = run("hours", "--at", "2026-11-27T16:30Z")
    assert code == 0
    assert _head(run, "hours", "--at", "2026-11-27T16:30Z") == (
        "Beijing time Sat 2026-11-28 00:30 · not a trading day"
    )
    assert _line(out, BOND[0]) == _row(
        *BOND, "closed now, next: Mon 2026-11-30 08:45", "closed today"
    )
    # 08:44:59-05:00 is 21:44:59 in Beijing; 20:45-05:00 is 09:45 the next morning.
    code, out, _ = run("hours", "--at", "2026-11-25T20:45-05:00")
    assert _line(out, BOND[0]) == _row(*BOND, "open now, closes 11:30", W0845)


@pytest.mark.parametrize("at", ["soon", "2026-13-01T10:00", "2026-11-26T25:00", "25:00", ""])
def test_hours_bad_at_is_exit_2_with_an_example(run, at: str) -> None:
    code, out, err = run("hours", "--at", at)
    assert (code, out) == (2, "")
    assert err.startswith("error: ")
    assert re.search(r"e\.g\. 2026-1[12]-[0-9]{2}T10:00", err)


def test_hours_now_and_at_together_is_exit_2(run) -> None:
    code, out, err = run("hours", "--now", "--at", AT)
    assert (code, out) == (2, "")
    assert err == "error: give --now or --at, not both\n"


def test_hours_now_alone(run) -> None:
    code, out, _ = run("hours", "--now")
    assert code == 0
    assert all(len(x.split(TAB)) in (3, 4) for x in out.splitlines())  # rows only when piped
    assert _head(run, "hours", "--now").startswith("Beijing time ")


def test_hours_json_lines(run) -> None:
    code, out, _ = run("hours", "--at", "2026-11-26T12:00", "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["at"] == "2026-11-26T12:00:00+08:00"
    assert (doc["trading_day"], doc["working_day"], doc["estimated"]) == (True, True, False)
    lines = {x["id"]: x for x in doc["lines"]}
    for x in lines.values():
        assert isinstance(x["open"], bool)
        assert isinstance(x["trading_day"], bool)
        assert isinstance(x["today"], list)
        assert isinstance(x["next_change"], str)
    bond = lines["bond-review.phone"]
    assert (bond["open"], bond["trading_day"]) == (False, True)
    assert bond["today"] == ["08:45-11:30", "13:00-17:00"]
    assert (bond["next_change"], bond["next_change_kind"]) == ("2026-11-26T13:00:00+08:00", "opens")
    ined = lines["listed-co.independent-directors"]
    assert ined["today"] == ["08:30-11:30", "13:30-17:00"]
    assert ined["next_change"] == "2026-11-26T13:30:00+08:00"
    assert "债券业务电话咨询" in out


def test_hours_json_make_up_saturday(run) -> None:
    code, out, _ = run("hours", "--at", "2026-10-10T10:00", "--json")
    assert code == 0
    doc = json.loads(out)
    assert (doc["trading_day"], doc["working_day"]) == (False, True)
    bond = next(x for x in doc["lines"] if x["id"] == "bond-review.phone")
    assert (bond["open"], bond["trading_day"], bond["today"]) == (False, False, [])
    assert bond["next_change"] == "2026-10-12T08:45:00+08:00"


@pytest.mark.parametrize(
    ("query", "channel", "name"),
    [
        # Phone lines whose annex item gives no hours.
        # Piped: the Chinese name in every language.
        (["上市仪式"], "underwriting.listing-ceremony", "上市仪式"),
        (["7999"], "market-services.hq", "上市服务咨询（总机）"),
        (["西部基地"], "market-services.west", "上交所西部基地"),
        (["技术服务热线"], "tech.hotline", "技术服务热线"),
    ],
)
def test_hours_not_published(run, query: list[str], channel: str, name: str) -> None:
    code, out, _ = run("hours", *query, "--at", AT)
    assert code == 0
    assert TAB.join([channel, name, "hours not published"]) in out.splitlines()
    code, out, _ = run("hours", *query, "--at", AT, "--json")
    line = next(x for x in json.loads(out)["lines"] if x["id"] == channel)
    assert (line["hours_published"], line["open"], line["windows"]) == (False, None, [])


def test_hours_for_a_mailbox_is_not_found(run) -> None:
    code, out, err = run("hours", "廉政监督邮箱", "--at", AT)
    assert (code, out) == (1, "")
    assert err == "error: none of the matching channels has staffed hours\n"


# ---------------------------------------------------------------- beyond the published schedules


def _future_monday() -> dt.date:
    """The first Monday of July in the first year chinese-calendar has no schedule for.

    July holds no Chinese public holiday, so by the statutory rules that week trades fully.
    """
    import chinese_calendar  # type: ignore[import-untyped]

    year = max(chinese_calendar.holidays).year + 1
    d = dt.date(year, 7, 1)
    return d + dt.timedelta(days=(7 - d.weekday()) % 7)


MON = _future_monday()
YEAR = MON.year
WED = MON + dt.timedelta(days=2)
THU = MON + dt.timedelta(days=3)


def _notice(tmp_path: Path) -> Path:
    path = tmp_path / f"holidays-{YEAR}.yaml"
    path.write_text(
        f"source: 上交所关于{YEAR}年部分节假日休市安排的通知\n"
        f"years: [{YEAR}]\n"
        "closed:\n"
        f"  - {YEAR}-01-01\n"
        f"  - {WED}\n",  # invented: a closure the rules cannot know
        encoding="utf-8",
    )
    return path


def test_unpublished_year_is_estimated_with_a_reason(run) -> None:
    code, out, _ = run("hours", "--at", f"{WED}T10:00", "--json")
    assert code == 0
    doc = json.loads(out)
    assert (doc["trading_day"], doc["estimated"]) == (True, True)
    assert doc["reason"].startswith(f"{YEAR}: ")
    assert "--holidays" in doc["reason"]
    bond = next(x for x in doc["lines"] if x["id"] == "bond-review.phone")
    assert (bond["open"], bond["estimated"]) == (True, True)
    assert bond["reason"] == doc["reason"]
    assert _head(run, "hours", "--at", f"{WED}T10:00") == (
        f"Beijing time Wed {WED} 10:00 · trading day · estimated*"
    )


def test_2027_is_estimated_while_no_library_publishes_it(run) -> None:
    import chinese_calendar

    if max(chinese_calendar.holidays).year >= 2027:
        pytest.skip("chinese-calendar now publishes 2027; the test above covers the horizon")
    code, out, _ = run("hours", "--at", "2027-06-01T10:00", "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["estimated"] is True
    assert doc["reason"].startswith("2027: ")


@pytest.mark.parametrize("how", ["option", "environment"])
def test_closure_notice_makes_the_year_exact(run, tmp_path: Path, how: str) -> None:
    path = _notice(tmp_path)

    def hours(*args: str) -> tuple[int, str, str]:
        if how == "option":
            return run("hours", "--holidays", str(path), *args)
        return run("hours", *args, env={"SSE_CHANNELS_HOLIDAYS": str(path)})

    code, out, err = hours("--at", f"{WED}T10:00", "--json")
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert (doc["trading_day"], doc["working_day"], doc["estimated"], doc["reason"]) == (
        False, False, False, None,
    )  # fmt: skip
    bond = next(x for x in doc["lines"] if x["id"] == "bond-review.phone")
    assert (bond["open"], bond["today"], bond["estimated"]) == (False, [], False)
    assert bond["next_change"] == f"{THU}T08:45:00+08:00"
    head = _head(run, "hours", "--holidays", str(path), "--at", f"{WED}T10:00")
    assert head == f"Beijing time Wed {WED} 10:00 · not a trading day · market closed"
    code, out, _ = hours("--at", f"{THU}T10:00", "--json")
    doc = json.loads(out)
    assert (doc["trading_day"], doc["estimated"]) == (True, False)


@pytest.mark.parametrize("how", ["option", "environment"])
def test_malformed_notice_is_exit_1_with_file_and_line(run, tmp_path: Path, how: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(f"years: [{YEAR}]\nclosed:\n  - {YEAR}-02-30\n", encoding="utf-8")
    if how == "option":
        code, out, err = run("hours", "--holidays", str(path), "--at", AT)
    else:
        code, out, err = run("hours", "--at", AT, env={"SSE_CHANNELS_HOLIDAYS": str(path)})
    assert (code, out) == (1, "")
    assert err.startswith(f"error: {path}:3: closed[0]: {YEAR}-02-30 is not a real date")


def test_malformed_notice_fails_due_and_dial_too(run, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(f"years: [{YEAR}]\nclosed: [{YEAR}-01-01]\nholiday: x\n", encoding="utf-8")
    for argv in (["due", "申报前", "--from", "2026-09-28"], ["dial", "债券", "--at", AT]):
        code, out, err = run(*argv, "--holidays", str(path))
        assert (code, out) == (1, "")
        assert err.startswith(f"error: {path}:3: holiday: unknown key")


def test_missing_notice_file_is_exit_1(run, tmp_path: Path) -> None:
    path = tmp_path / "absent.yaml"
    code, out, err = run("hours", "--holidays", str(path), "--at", AT)
    assert (code, out) == (1, "")
    assert err.startswith(f"error: {path}: no such file")


# ============================================================================ due


@pytest.mark.parametrize(
    ("query", "start", "first", "skipped"),
    [
        # 09-29 (1), 09-30 (2), 10-01..07 off, 10-08 (3), 10-09 (4), Sat 10-10 make-up (5),
        # Sun 10-11 off, 10-12..10-16 (6..10)
        (["申报前"], "2026-09-28",
         "Pre-filing on-site consultation · 申报前现场咨询沟通: "
         "10 working days from Mon 2026-09-28 → due Fri 2026-10-16",
         "  skipped: 10-01 Thu National Day, 10-02 Fri National Day, 10-03 Sat National Day, "
         "10-04 Sun National Day, "
         "10-05 Mon National Day, 10-06 Tue National Day, 10-07 Wed National Day, 10-11 Sun"),
        # 09-29 (1), 09-30 (2), 10-08 (3), 10-09 (4), Sat 10-10 (5): due on the make-up Saturday
        (["审核中"], "2026-09-28",
         "In-review on-site consultation · 审核中现场咨询沟通: "
         "5 working days from Mon 2026-09-28 → due Sat 2026-10-10",
         "  skipped: 10-01 Thu National Day, 10-02 Fri National Day, 10-03 Sat National Day, "
         "10-04 Sun National Day, "
         "10-05 Mon National Day, 10-06 Tue National Day, 10-07 Wed National Day"),
        # 02-13 (1), Sat 02-14 make-up (2), 02-15..02-23 Spring Festival, 02-24..02-26 (3..5)
        (["审核中"], "2026-02-12",
         "In-review on-site consultation · 审核中现场咨询沟通: "
         "5 working days from Thu 2026-02-12 → due Thu 2026-02-26",
         "  skipped: 02-15 Sun Spring Festival, 02-16 Mon Spring Festival, "
         "02-17 Tue Spring Festival, 02-18 Wed Spring Festival, "
         "02-19 Thu Spring Festival, 02-20 Fri Spring Festival, 02-21 Sat Spring Festival, "
         "02-22 Sun Spring Festival, 02-23 Mon Spring Festival"),
        # 05-01..05-05 Labour Day, 05-06 (1), 05-07 (2), 05-08 (3), Sat 05-09 make-up (4),
        # Sun 05-10 off, Mon 05-11 (5)
        (["债券现场咨询"], "2026-04-30",
         "Bond on-site consultation · 债券现场咨询: "
         "5 working days from Thu 2026-04-30 → due Mon 2026-05-11",
         "  skipped: 05-01 Fri Labour Day, 05-02 Sat Labour Day, 05-03 Sun Labour Day, "
         "05-04 Mon Labour Day, "
         "05-05 Tue Labour Day, 05-10 Sun"),
        # 01-01..01-03 New Year, Sun 01-04 make-up (1), 01-05..01-08 (2..5)
        (["债券现场咨询"], "2025-12-31",
         "Bond on-site consultation · 债券现场咨询: "
         "5 working days from Wed 2025-12-31 → due Thu 2026-01-08",
         "  skipped: 01-01 Thu New Year's Day, 01-02 Fri New Year's Day, 01-03 Sat New Year's Day"),
        # 06-18 (1), 06-19..06-21 Dragon Boat, 06-22..06-25 (2..5)
        (["债券现场咨询"], "2026-06-17",
         "Bond on-site consultation · 债券现场咨询: "
         "5 working days from Wed 2026-06-17 → due Thu 2026-06-25",
         "  skipped: 06-19 Fri Dragon Boat Festival, 06-20 Sat Dragon Boat Festival, "
         "06-21 Sun Dragon Boat Festival"),
        # 2024-02-09 worked officially although the exchange was closed: 02-09 (1), then the
        # Spring Festival 02-10..02-17, Sun 02-18 make-up (2), 02-19..02-21 (3..5)
        (["审核中"], "2024-02-08",
         "In-review on-site consultation · 审核中现场咨询沟通: "
         "5 working days from Thu 2024-02-08 → due Wed 2024-02-21",
         None),
    ],
)  # fmt: skip
def test_due_in_working_days(
    run, query: list[str], start: str, first: str, skipped: str | None
) -> None:
    code, out, err = run("due", *query, "--from", start)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == first
    assert lines[2] == "  day 1 is the first working day after the request"
    if skipped is not None:
        assert lines[3] == skipped
    assert not any(x.startswith("  estimated") for x in lines)


def test_due_undertaking_line(run) -> None:
    _, out, _ = run("due", "申报前", "--from", "2026-09-28")
    assert out.splitlines()[1] == (
        "  the exchange undertakes: (in Chinese) 视情况安排现场答复或者书面答复"
    )


def test_due_json_fields(run) -> None:
    code, out, _ = run("due", "债券现场咨询", "--from", "2026-04-30", "--json")
    assert code == 0
    (doc,) = json.loads(out)  # one channel matches: a list of one
    assert doc == {
        "id": "bond-review.onsite",
        "name_zh": "债券现场咨询",
        "name_en": "Bond on-site consultation",
        "area": {
            "id": "bond-review",
            "name_zh": "债券审核监管",
            "name_en": "Bond review and supervision",
        },
        "from": "2026-04-30",
        "working_days": 5,
        "due": "2026-05-11",
        "undertaking_zh": "研究后予以答复；确需现场沟通的，与咨询方协商后尽快安排并告知",
        "skipped": [
            {"date": "2026-05-01", "name_zh": "劳动节"},
            {"date": "2026-05-02", "name_zh": "劳动节"},
            {"date": "2026-05-03", "name_zh": "劳动节"},
            {"date": "2026-05-04", "name_zh": "劳动节"},
            {"date": "2026-05-05", "name_zh": "劳动节"},
            {"date": "2026-05-10", "name_zh": None},
        ],
        "makeup_workday": False,
        "estimated": False,
        "reason": None,
    }
    assert "债券现场咨询" in out


def test_due_into_an_unpublished_year_is_estimated(run) -> None:
    code, out, _ = run("due", "审核中", "--from", str(MON))
    assert code == 0
    lines = out.splitlines()
    # No holiday in July: Tue (1), Wed (2), Thu (3), Fri (4), the weekend, Mon (5).
    due = MON + dt.timedelta(days=7)
    assert lines[0] == (
        f"In-review on-site consultation · 审核中现场咨询沟通: "
        f"5 working days from Mon {MON} → due Mon {due} (estimated*)"
    )
    assert lines[-2] == ""
    assert lines[-1].startswith(f"* estimated: {YEAR} has no published trading calendar yet (")
    assert lines[-1].endswith("Give the exchange's notice with --holidays FILE.")
    code, out, _ = run("due", "审核中", "--from", str(MON), "--json")
    (doc,) = json.loads(out)  # one channel matches: a list of one
    assert (doc["due"], doc["estimated"]) == (str(due), True)
    assert doc["reason"].startswith(f"{YEAR}: ")


@pytest.mark.parametrize("how", ["option", "environment"])
def test_due_with_a_closure_notice(run, tmp_path: Path, how: str) -> None:
    path = _notice(tmp_path)
    args = ["due", "审核中", "--from", str(MON), "--json"]
    if how == "option":
        code, out, _ = run(*args, "--holidays", str(path))
    else:
        code, out, _ = run(*args, env={"SSE_CHANNELS_HOLIDAYS": str(path)})
    assert code == 0
    (doc,) = json.loads(out)  # one channel matches: a list of one
    # Tue (1), Wed closed by the notice, Thu (2), Fri (3), the weekend, Mon (4), Tue (5).
    assert doc["due"] == str(MON + dt.timedelta(days=8))
    assert (doc["estimated"], doc["reason"]) == (False, None)
    assert doc["skipped"][0] == {"date": str(WED), "name_zh": "休市"}


def test_due_answers_for_each_reception_a_query_matches_equally(run) -> None:
    code, out, err = run("due", "现场咨询", "--from", "2026-11-26", "--json")
    assert (code, err) == (0, "")
    answers = [(d["id"], d["working_days"], d["due"]) for d in json.loads(out)]
    assert answers == [
        ("ipo-review.pre-filing", 10, "2026-12-10"),
        ("ipo-review.in-review", 5, "2026-12-03"),
        ("bond-review.onsite", 5, "2026-12-03"),
    ]


@pytest.mark.parametrize("query", [["廉政监督邮箱"], ["债券热线"], ["上证行情云"]])
def test_due_without_a_response_time_suggests_those_with_one(run, query: list[str]) -> None:
    code, out, err = run("due", *query, "--from", "2026-09-28")
    assert (code, out) == (1, "")
    lines = err.splitlines()
    assert lines[0].startswith("error: ") and "publishes no response time" in lines[0]
    assert lines[1] == "closest: 申报前现场咨询沟通 · 审核中现场咨询沟通 · 债券现场咨询"


@pytest.mark.parametrize("start", ["soon", "2026-13-01", "2026-02-30", "28/09/2026", ""])
def test_due_bad_from_is_exit_2(run, start: str) -> None:
    code, out, err = run("due", "申报前", "--from", start)
    assert (code, out) == (2, "")
    assert err.endswith(" as a date; e.g. 2026-12-08, 12/8, 明天\n")


# ============================================================================ library-level facts

# What tests/test_calendar.py checks on a Calendar built for 2024-2027 is checked here through
# the module-level functions (the default calendar built from the libraries), plus the
# holidays and make-up weekends of 2024-2026 that file does not list.
# (date, trading day 交易日, working day 工作日, why)
MODULE_FACTS = [
    ("2024-02-04", False, True, "Sun, Spring Festival make-up workday"),
    ("2024-02-09", False, True, "Fri 除夕: the exchange closed, officially a working day"),
    ("2024-02-12", False, False, "Mon, Spring Festival"),
    ("2024-02-18", False, True, "Sun, make-up workday"),
    ("2024-02-19", True, True, "Mon, reopens"),
    ("2024-04-04", False, False, "Thu, Qingming"),
    ("2024-04-07", False, True, "Sun, Qingming make-up workday"),
    ("2024-04-28", False, True, "Sun, Labour Day make-up workday"),
    ("2024-05-03", False, False, "Fri, Labour Day"),
    ("2024-05-11", False, True, "Sat, Labour Day make-up workday"),
    ("2024-06-10", False, False, "Mon, Dragon Boat"),
    ("2024-09-14", False, True, "Sat, Mid-Autumn make-up workday"),
    ("2024-09-16", False, False, "Mon, Mid-Autumn"),
    ("2024-09-29", False, True, "Sun, National Day make-up workday"),
    ("2024-10-04", False, False, "Fri, National Day"),
    ("2024-10-12", False, True, "Sat, National Day make-up workday"),
    ("2024-12-31", True, True, "Tue, an ordinary day"),
    ("2025-01-01", False, False, "Wed, New Year"),
    ("2025-01-26", False, True, "Sun, Spring Festival make-up workday"),
    ("2025-01-28", False, False, "Tue 除夕, statutory from 2025"),
    ("2025-02-08", False, True, "Sat, make-up workday"),
    ("2025-04-04", False, False, "Fri, Qingming"),
    ("2025-04-27", False, True, "Sun, Labour Day make-up workday"),
    ("2025-05-05", False, False, "Mon, Labour Day"),
    ("2025-06-02", False, False, "Mon, Dragon Boat"),
    ("2025-09-28", False, True, "Sun, National Day make-up workday"),
    ("2025-10-08", False, False, "Wed, National Day and Mid-Autumn"),
    ("2025-10-11", False, True, "Sat, make-up workday"),
    ("2026-01-04", False, True, "Sun, New Year make-up workday"),
    ("2026-02-14", False, True, "Sat, Spring Festival make-up workday"),
    ("2026-02-16", False, False, "Mon 除夕"),
    ("2026-02-28", False, True, "Sat, make-up workday"),
    ("2026-04-06", False, False, "Mon, Qingming"),
    ("2026-05-09", False, True, "Sat, Labour Day make-up workday"),
    ("2026-06-19", False, False, "Fri, Dragon Boat"),
    ("2026-09-20", False, True, "Sun, National Day make-up workday"),
    ("2026-10-07", False, False, "Wed, National Day"),
    ("2026-10-10", False, True, "Sat, make-up workday: working, not trading"),
    ("2026-10-12", True, True, "Mon"),
]


@pytest.mark.parametrize(("day", "trading", "working", "why"), MODULE_FACTS)
def test_module_level_trading_and_working_days(
    day: str, trading: bool, working: bool, why: str
) -> None:
    assert (calmod.is_trading_day(D(day)), calmod.is_working_day(D(day))) == (trading, working), why


@pytest.mark.parametrize(
    ("day", "following"),
    [
        ("2024-02-03", "2024-02-05"),  # Sun 02-04 works but does not trade
        ("2024-02-08", "2024-02-19"),  # across 除夕 and the Spring Festival
        ("2024-04-03", "2024-04-08"),  # across Qingming and the make-up Sunday
        ("2024-09-30", "2024-10-08"),  # across National Day
        ("2024-10-11", "2024-10-14"),  # Sat 10-12 works but does not trade
        ("2025-01-27", "2025-02-05"),  # across the Spring Festival
        ("2025-02-07", "2025-02-10"),  # Sat 02-08 works but does not trade
        ("2025-04-30", "2025-05-06"),  # across Labour Day
        ("2025-09-30", "2025-10-09"),  # across National Day and Mid-Autumn
        ("2026-02-13", "2026-02-24"),  # across the Spring Festival
        ("2026-05-08", "2026-05-11"),  # Sat 05-09 works but does not trade
        ("2026-09-30", "2026-10-08"),  # across National Day
        ("2026-10-09", "2026-10-12"),  # Sat 10-10 works but does not trade
    ],
)
def test_module_level_next_trading_day(day: str, following: str) -> None:
    assert calmod.next_trading_day(D(day)) == D(following)


def test_module_default_follows_the_notice_in_the_environment(tmp_path, monkeypatch) -> None:
    """The module-level functions use the standard calendar, plus the closure notice named by
    SSE_CHANNELS_HOLIDAYS as every command does; asking store for another calendar does not
    change them behind the caller's back."""
    monkeypatch.delenv("SSE_CHANNELS_HOLIDAYS", raising=False)
    assert calmod.is_trading_day(WED)
    noticed = store.calendar(str(_notice(tmp_path)))
    assert not noticed.is_trading_day(WED)
    assert calmod.is_trading_day(WED)  # no side effect
    monkeypatch.setenv("SSE_CHANNELS_HOLIDAYS", str(_notice(tmp_path)))
    assert not calmod.is_trading_day(WED)


@pytest.mark.parametrize(
    ("at", "state"),
    [
        ("2026-11-26T12:00", "off air, on air 18:35"),
        ("2026-11-26T18:35", "on air now, ends 18:38"),
        ("2026-11-26T18:38", "off air, next: Fri 2026-11-27 08:25"),
    ],
)
def test_radio_programme_is_on_or_off_air_not_staffed(run, at, state):
    code, out, err = run("hours", "广播", "--at", at)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == TAB.join(
        [
            "investor-services.radio",
            "投资修炼手册（广播）",
            state,
            "08:25-08:28, 11:55-11:58, 18:35-18:38",
        ]
    )


def test_dial_a_reported_offence_is_the_petitions_phone_first(run) -> None:
    # the topic layer: 内幕交易 → 信访举报, whose phone is the best match, not its letter
    code, out, err = run("dial", "举报内幕交易", "--at", AT)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "4008888400 → 1 → 3"
