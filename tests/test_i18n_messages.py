"""Where things go wrong, the interface language holds: Click's refusals, `--lang` after the
command, validate's problems, files that exist, the clipboard, the calendar estimate."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from sse_channels.cli import click_text as i18n

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def zh(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("SSE_CHANNELS_LANG", "zh")
    i18n.set_language("zh")
    yield
    i18n.set_language("en")


@pytest.fixture
def zh_locale(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A Chinese user's shell: LANG=zh_CN.UTF-8 and nothing more."""
    for var in ("SSE_CHANNELS_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    yield
    i18n.set_language("en")


# --------------------------------------------------------------------------- --lang anywhere


def test_lang_after_the_command_is_read_like_as(run, zh_locale):
    code, _, err = run("search", "嘤嘤嘤", "--lang", "en")
    assert (code, err.splitlines()[0]) == (1, "error: nothing found for '嘤嘤嘤'")
    code, _, err = run("嘤嘤嘤", "--lang=en")
    assert (code, err.splitlines()[0]) == (1, "error: nothing found for '嘤嘤嘤'")


def test_lang_after_the_command_turns_english_to_chinese(run):
    code, _, err = run("search", "嘤嘤嘤", "--lang", "zh")
    assert (code, err.splitlines()[0]) == (1, "错误：未找到与“嘤嘤嘤”相关的渠道")


def test_lang_after_a_double_dash_is_a_query_word(run):
    code, out, _ = run("search", "--", "债券", "--lang", "zh")
    assert code == 0
    assert out.splitlines()[0].endswith("\ttrading days 08:45-11:30, 13:00-17:00")  # English


def test_an_unknown_language_is_refused_in_the_users_language(run, zh_locale):
    code, out, err = run("--lang", "fr", "search", "债券")
    assert (code, out) == (2, "")
    assert err == (
        "用法：sse-channels [OPTIONS] COMMAND [ARGS]...\n"
        "输入“sse-channels -h”查看帮助。\n"
        "\n"
        "错误：“--lang”的值无效：“fr”无效，可选值为“zh”、“en”。\n"
    )


def test_an_unknown_option_with_suggestions_in_chinese(run, zh):
    code, _, err = run("search", "债券", "--explian")
    assert code == 2
    assert err.splitlines()[-1] == "错误：无此选项：--explian（您是不是要用 --explain？）"


def test_clicks_missing_choice_is_said_in_chinese_with_its_choices(zh):
    """No option of this tool is required now; Click's wording is still translated."""
    text = "Missing option '--format' / '-f'. Choose from:\n\tjson,\n\tcsv,\n\tvcard,\n\tmarkdown"
    assert i18n.click_message(text) == (
        "缺少选项 '--format' / '-f'，可选值：json、csv、vcard、markdown。"
    )


@pytest.mark.parametrize(
    ("name", "first"),
    [
        ("sse.json", "{"),
        ("sse.csv", "\ufeffid,area_zh,"),
        ("sse.vcf", "BEGIN:VCARD"),
        ("sse.md", "# "),
    ],
)
def test_export_takes_its_format_from_the_file_name(run, tmp_path, name, first):
    target = tmp_path / name
    code, _, err = run("export", "-o", str(target))
    assert code == 0
    assert target.read_text(encoding="utf-8").startswith(first)
    assert err.startswith(f"wrote {target} (")


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        (
            "zh",
            "错误：请用 --format 指定格式（json、csv、vcard 或 markdown），"
            "或让 -o 的文件名以 .json、.csv、.vcf 或 .md 结尾",
        ),
        (
            "en",
            "error: give --format (json, csv, vcard or markdown), or an -o FILE ending in "
            ".json, .csv, .vcf or .md",
        ),
    ],
)
def test_export_without_a_format_it_can_tell_says_how(run, tmp_path, lang, message):
    code, out, err = run("--lang", lang, "export", "-o", str(tmp_path / "x.txt"))
    assert (code, out, err) == (2, "", message + "\n")
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- files, clipboard


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("zh", "错误：{file} 已存在；如需覆盖，请加 --force"),
        ("en", "error: {file} exists; use --force to replace it"),
    ],
)
def test_a_file_that_exists_is_kept_and_said_in_the_interface_language(
    run, tmp_path, lang, message
):
    target = tmp_path / "x.json"
    target.write_text("mine", encoding="utf-8")
    code, out, err = run("--lang", lang, "export", "-f", "json", "-o", str(target))
    assert (code, out, err) == (2, "", message.format(file=target) + "\n")
    assert target.read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        (
            "zh",
            "未复制：不在终端中运行，无法使用 OSC 52；"
            "也未找到剪贴板工具（wl-copy、xclip、xsel 等）",
        ),
        ("en", "not copied: no terminal for OSC 52 and no clipboard tool (wl-copy, xclip, xsel…)"),
    ],
)
def test_no_clipboard_is_said_in_the_interface_language(run, tmp_path, lang, message):
    env = {"PATH": str(tmp_path), "TERM": "dumb"}
    code, _, err = run("--lang", lang, "dial", "廉政监督", "--copy", env=env)
    assert (code, err) == (0, message + "\n")


# --------------------------------------------------------------------------- validate


def _ten_problems(tmp_path: Path) -> Path:
    """The packaged directory with ten kinds of mistake (some make a second problem)."""
    s = (REPO / "data" / "channels.yaml").read_text(encoding="utf-8")
    for a, b in [
        ("schema: 1", "schema: 2"),
        ("checked: null", "checked: 2026-02-30"),
        ("    audience: [public]", "    audiance: [public]"),
        ("kind: system", "kind: sistem"),
        ("ekey: true", "ekey: yes please"),
        ("disclosure\n    area: ipo-review\n", "disclosure\n    area: ipo-reviw\n"),
        ("  - id: ipo-review.system\n", "  - id: ipo-review.rules\n"),
        ('windows: ["08:45-11:30", "13:00-17:00"]', 'windows: ["11:30-08:45", "13:00-17:00"]'),
        ("bondsse@sse.com.cn", "bondsse@@sse.com.cn"),
    ]:  # fmt: skip
        assert a in s
        s = s.replace(a, b, 1)
    path = tmp_path / "channels.yaml"
    path.write_text(s, encoding="utf-8")
    shutil.copy(REPO / "data" / "topics.yaml", tmp_path / "topics.yaml")
    return path


TEN_ZH = [
    "12: schema: 不支持的数据格式版本 2；本工具当前版本只支持 1",
    "19: dates.checked: 日期 2026-02-30 不存在",
    "81: channels[0].audience: 缺少必填的键",
    "89: channels[0].audiance: 键无效（您是不是要写“audience”？），可用的键：id、area、kind、"
    "name_zh、name_en、summary_zh、summary_en、aliases、audience、contacts、source、hours、"
    "response、notes_zh",
    "103: channels[1].kind: 取值“sistem”无效；可选值：rules、system、disclosure、phone、email、"
    "fax、post、onsite、web、media、liaison、office",
    "115: channels[1].contacts[0].ekey: 应为 true 或 false，实际是字符串",
    "120: channels[2].id: 渠道编号“ipo-review.disclosure”须以所属业务领域编号“ipo-reviw”"
    "加英文句点开头",
    "121: channels[0].area: 业务领域“ipo-reviw”不存在",
    "163: channels[3].hours.windows[0]: 时段“11:30-08:45”的结束时间早于开始时间",
    "181: channels[2].contacts[0].channel: 引用了不存在的渠道“ipo-review.system”",
    "201: channels[3].contacts[0].channel: 引用了不存在的渠道“ipo-review.system”",
    "342: channels[12].contacts[0].address: 电子邮箱地址格式有误：“bondsse@@sse.com.cn”",
]

TEN_EN = [
    "12: schema: unsupported schema 2; this version reads 1",
    "19: dates.checked: 2026-02-30 is not a real date",
    "81: channels[0].audience: missing required key",
    "89: channels[0].audiance: unknown key (did you mean 'audience'?); allowed: id, area, kind, "
    "name_zh, name_en, summary_zh, summary_en, aliases, audience, contacts, source, hours, "
    "response, notes_zh",
    "103: channels[1].kind: unknown value 'sistem'; allowed: rules, system, disclosure, phone, "
    "email, fax, post, onsite, web, media, liaison, office",
    "115: channels[1].contacts[0].ekey: expected true or false, got a string",
    "120: channels[2].id: id 'ipo-review.disclosure' must start with its area 'ipo-reviw' "
    "and a dot",
    "121: channels[0].area: unknown area 'ipo-reviw'",
    "163: channels[3].hours.windows[0]: window '11:30-08:45' ends before it starts",
    "181: channels[2].contacts[0].channel: refers to unknown channel 'ipo-review.system'",
    "201: channels[3].contacts[0].channel: refers to unknown channel 'ipo-review.system'",
    "342: channels[12].contacts[0].address: malformed e-mail address: 'bondsse@@sse.com.cn'",
]


def test_validate_says_every_problem_in_chinese(run, tmp_path, zh_locale):
    path = _ten_problems(tmp_path)
    code, out, err = run("validate", str(path))
    assert code == 1
    assert out.splitlines() == [f"{path}:{line}" for line in TEN_ZH]
    assert err == f"{path} 中有 12 处问题\n"


def test_validate_says_every_problem_in_english(run, tmp_path):
    path = _ten_problems(tmp_path)
    code, out, err = run("validate", str(path))
    assert code == 1
    assert out.splitlines() == [f"{path}:{line}" for line in TEN_EN]
    assert err == f"12 problem(s) in {path}\n"


def test_a_problem_keeps_its_template_and_values_in_english():
    from sse_channels.directory.parse import parse
    from sse_channels.errors import DataError

    s = (REPO / "data" / "channels.yaml").read_text(encoding="utf-8")
    s = s.replace("bondsse@sse.com.cn", "bondsse@@sse.com.cn", 1)
    with pytest.raises(DataError) as info:
        parse(s, "f.yaml")
    (p,) = info.value.problems
    assert (p.message, p.template, p.args) == (
        "malformed e-mail address: 'bondsse@@sse.com.cn'",
        "malformed {what}: {value}",
        (("what", "e-mail address"), ("value", "'bondsse@@sse.com.cn'")),
    )


@pytest.mark.parametrize(
    ("lang", "line"),
    [("zh", "{file}: 文件不存在"), ("en", "{file}: no such file")],
)
def test_a_missing_file_is_one_message(run, tmp_path, lang, line):
    missing = tmp_path / "nonexist.yaml"
    code, out, err = run("--lang", lang, "validate", str(missing))
    assert (code, out, err) == (1, line.format(file=missing) + "\n", "")


# --------------------------------------------------------------------------- the estimate


def _years_ahead() -> str:
    """A Tuesday in a year no library publishes (2027 now; later, one beyond what they know)."""
    import datetime as dt

    import chinese_calendar

    year = max(2027, max(chinese_calendar.holidays).year + 1)
    day = dt.date(year, 7, 6)
    while day.weekday() != 1:
        day += dt.timedelta(days=1)
    return f"{day}T10:00"


FOOT_ZH = "均未收录 {year} 年的交易日历，"  # after 推算： and the libraries' names
FOOT_EN = "* estimated: {year} has no published trading calendar yet ("


def test_the_estimate_is_said_once_under_dial(run, zh):
    at = _years_ahead()
    code, out, _ = run("dial", "投资者热线", "--at", at)
    assert code == 0
    lines = out.splitlines()
    assert sum("（推算*）" in x for x in lines) == 1
    assert sum(x.startswith("* ") for x in lines) == 1
    assert lines[-1].startswith("* 推算：") and FOOT_ZH.format(year=at[:4]) in lines[-1]
    assert lines[-1].endswith("如交易所已发布该年休市安排通知，请用 --holidays FILE 指定。")
    assert "estimated" not in out and "make-up" not in out


def test_the_estimate_is_said_once_under_hours(run, zh):
    at = _years_ahead()
    code, out, err = run("hours", "--at", at)
    assert code == 0
    rows = out.splitlines()  # rows for programs, the same in every language; the note is said
    assert len(rows) == 9 and all("(estimated*)" in row for row in rows)
    assert all("estimated:" not in row for row in rows)
    (note,) = err.splitlines()
    assert note.startswith("* 推算：") and FOOT_ZH.format(year=at[:4]) in note


def test_the_estimate_is_said_once_in_english(run):
    at = _years_ahead()
    code, out, err = run("hours", "--at", at)
    assert code == 0
    assert all(row.endswith(" (estimated*)") or "(estimated*)\t" in row for row in out.splitlines())
    (note,) = err.splitlines()
    assert note.startswith(FOOT_EN.format(year=at[:4]))
    assert note.endswith("Give the exchange's notice with --holidays FILE.")


def test_the_estimate_keeps_its_english_reason_in_json(run, zh):
    at = _years_ahead()
    zh_json = run("hours", "--at", at, "--json")[1]
    en_json = run("--lang", "en", "hours", "--at", at, "--json")[1]
    assert zh_json == en_json
    assert json.loads(zh_json)["reason"].startswith(f"{at[:4]}: no published schedule in ")


# --------------------------------------------------------------------------- one language a screen


def test_csv_prose_follows_the_header_language_and_codes_stay(run):
    zh = run("--lang", "zh", "export", "-f", "csv")[1].splitlines()
    en = run("--lang", "en", "export", "-f", "csv")[1].splitlines()
    row = next(x for x in zh if x.startswith("bond-review.phone,"))
    assert row.endswith(
        ',phone,分机 1959,4008888400 → 6 → 1959,"tel:+864008888400,6,1959",'
        "交易日 08:45-11:30、13:00-17:00,"
    )
    row = next(x for x in en if x.startswith("bond-review.phone,"))
    assert row.endswith(
        ',phone,分机 1959,4008888400 → 6 → 1959,"tel:+864008888400,6,1959",'
        '"trading days 08:45-11:30, 13:00-17:00",'
    )
    assert [x.split(",")[0] for x in zh[1:]] == [x.split(",")[0] for x in en[1:]]


def test_dial_in_chinese_has_no_english_line(run, zh_locale):
    code, out, _ = run("dial", "廉政监督", "--at", "2026-12-01T10:00")
    assert (code, out) == (
        0,
        "4008888400 → 6 → 1284\n"
        "  廉政监督电话\n"
        "  用途：廉政监督电话，转 6 后拨分机 1284。\n"
        "  时间：交易日 08:45-11:30、13:00-17:00 · 正在接听，11:30 结束\n"
        "  tel:+864008888400,6,1284\n",
    )


def test_dial_in_english_uses_the_english_summary_and_labels(run, zh_locale):
    code, out, _ = run("--lang", "en", "dial", "投资者热线", "--at", "2026-12-01T10:00")
    assert (code, out) == (
        0,
        "4008888400 → 1 → 1  questions\n"
        "4008888400 → 1 → 2  complaints and suggestions\n"
        "  Investor service hotline · 投资者服务热线\n"
        "  for: The investor service hotline; after the main number press 1, then 1 for"
        " questions or 2 for complaints and suggestions.\n"
        "  hours: trading days 08:45-11:30, 13:00-17:00 · open now, closes 11:30\n"
        "  tel:+864008888400,1,1\n"
        "  tel:+864008888400,1,2\n",
    )


def test_a_day_off_reads_as_chinese_dates_do(run, zh):
    code, out, _ = run("dial", "投资者热线", "--at", "2026-12-05T10:00")
    assert code == 0
    assert out.splitlines()[4] == (
        "  时间：交易日 08:45-11:30、13:00-17:00 · 现在不接听，下次：2026-12-07（周一）08:45"
    )


def test_a_reception_room_and_a_programme_are_not_phone_lines(run, zh, monkeypatch):
    from sse_channels.output import stdio

    monkeypatch.setattr(stdio, "is_tty", lambda: True)  # piped rows are for programs
    _, out, _ = run("--color", "never", "hours", "--at", "2026-12-05T10:00",
                    env={"COLUMNS": "200"})  # fmt: skip
    rows = {x.split()[0]: x.split()[1:] for x in out.splitlines() if x.strip()}
    assert rows["信访接待室（现场接待）"] == [
        "现在不接待，下次：2026-12-07（周一）08:45",
        "今日不接待",
    ]
    assert rows["信访举报电话"] == ["现在不接听，下次：2026-12-07（周一）08:45", "今日不接听"]
    _, out, _ = run("--color", "never", "hours", "投资修炼手册", "--at", "2026-12-05T10:00",
                    env={"COLUMNS": "200"})  # fmt: skip
    assert out.splitlines()[4].split()[-1] == "今日不播出"


@pytest.mark.parametrize(
    "args",
    [
        ["hours", "--at", "2026-12-01T10:00"],
        ["search", "债券"],
        ["show", "廉政监督"],
        ["dial", "债券"],
        ["due", "申报前", "--from", "2026-09-28"],
    ],
)
def test_json_is_the_same_bytes_in_both_languages(run, args):
    assert (
        run("--lang", "zh", *args, "--json")[1] == run("--lang", "en", *args, "--json")[1]
        if args
        else True
    )


@pytest.mark.parametrize("width", ["60", "120"])
def test_the_route_label_shows_in_the_drawn_search_as_in_the_piped_line(run, monkeypatch, width):
    from sse_channels.output import stdio

    piped = run("--lang", "zh", "投诉")[1].splitlines()[0]
    assert "4008888400 → 1 → 2 (投诉和建议)" in piped
    monkeypatch.setattr(stdio, "is_tty", lambda: True)
    _, out, _ = run("--lang", "zh", "--color", "never", "投诉", env={"COLUMNS": width})
    assert any("4008888400 → 1 → 2  投诉和建议" in line for line in out.splitlines())
