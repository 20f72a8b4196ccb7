"""The interface language: how it is chosen, the catalog is complete and fresh, Click speaks it."""

from __future__ import annotations

import gettext
import io
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from sse_channels import l10n
from sse_channels.cli import click_text as i18n
from sse_channels.cli.click_text import Lang

REPO = Path(__file__).resolve().parent.parent
SRC = REPO / "src"
POT = SRC / "sse_channels" / "locale" / "sse_channels.pot"
PO = SRC / "sse_channels" / "locale" / "zh_CN" / "LC_MESSAGES" / "sse_channels.po"
REGEN = (
    "pybabel extract -F babel.cfg -k N_ --no-location --sort-output -o "
    "src/sse_channels/locale/sse_channels.pot src && pybabel update -i "
    "src/sse_channels/locale/sse_channels.pot -d src/sse_channels/locale -D sse_channels "
    "--no-fuzzy-matching, translate, then pybabel compile -d src/sse_channels/locale "
    "-D sse_channels"
)


@pytest.fixture
def zh(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("SSE_CHANNELS_LANG", "zh")  # each invocation chooses again
    i18n.set_language("zh")
    yield
    i18n.set_language("en")


@pytest.fixture(autouse=True)
def _english_after() -> Iterator[None]:
    yield
    i18n.set_language("en")


def _po():
    with PO.open("rb") as f:
        return read_po(f, locale="zh_CN")


# --------------------------------------------------------------------------- choice


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, Lang.EN),
        ({"LANG": "zh_CN.UTF-8"}, Lang.ZH),
        ({"LANG": "zh_TW.UTF-8"}, Lang.ZH),
        ({"LANG": "zh"}, Lang.ZH),
        ({"LANG": "en_US.UTF-8"}, Lang.EN),
        ({"LANG": "de_DE.UTF-8"}, Lang.EN),
        ({"LANG": "C"}, Lang.EN),
        ({"LANG": "C.UTF-8"}, Lang.EN),
        ({"LANG": "POSIX"}, Lang.EN),
        ({"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, Lang.ZH),
        ({"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, Lang.EN),
        ({"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, Lang.ZH),
        ({"LC_ALL": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, Lang.EN),
        ({"LANGUAGE": "zh_CN:en", "LANG": "en_US.UTF-8"}, Lang.ZH),
        ({"LANGUAGE": "en:zh_CN", "LANG": "zh_CN.UTF-8"}, Lang.EN),
        ({"LANGUAGE": ":zh_CN", "LANG": "en_US.UTF-8"}, Lang.ZH),
        ({"LANGUAGE": "zh_CN", "LC_ALL": "C"}, Lang.EN),  # gettext ignores LANGUAGE under C
        ({"LANGUAGE": "zh_CN"}, Lang.ZH),
        ({"SSE_CHANNELS_LANG": "zh", "LANG": "en_US.UTF-8"}, Lang.ZH),
        ({"SSE_CHANNELS_LANG": "en", "LANG": "zh_CN.UTF-8", "LANGUAGE": "zh"}, Lang.EN),
        ({"SSE_CHANNELS_LANG": "", "LANG": "zh_CN.UTF-8"}, Lang.ZH),
    ],
)
def test_language_from_the_environment(env, expected, monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    assert i18n.choose(None, env) is expected


@pytest.mark.parametrize(
    ("explicit", "env", "expected"),
    [
        ("en", {"SSE_CHANNELS_LANG": "zh", "LANG": "zh_CN.UTF-8"}, Lang.EN),
        ("zh", {"SSE_CHANNELS_LANG": "en", "LC_ALL": "C"}, Lang.ZH),
        (None, {"SSE_CHANNELS_LANG": "zh"}, Lang.ZH),
        ("", {"LANG": "zh_CN.UTF-8"}, Lang.ZH),
    ],
)
def test_an_explicit_choice_wins(explicit, env, expected):
    assert i18n.choose(explicit, env) is expected


@pytest.mark.parametrize(
    ("ui", "expected"), [(Lang.ZH, Lang.ZH), (Lang.EN, Lang.EN), (None, Lang.EN)]
)
def test_windows_asks_for_the_users_ui_language(ui, expected, monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(l10n, "_windows_ui", lambda: ui)
    assert i18n.choose(None, {}) is expected
    assert i18n.choose(None, {"LANG": "en_US.UTF-8"}) is Lang.EN  # POSIX variables come first


def test_windows_ui_language_is_read_through_the_lcid_table(monkeypatch):
    import ctypes
    import locale
    import types

    kernel32 = types.SimpleNamespace(GetUserDefaultUILanguage=lambda: 0x0804)
    monkeypatch.setattr(ctypes, "windll", types.SimpleNamespace(kernel32=kernel32), raising=False)
    assert locale.windows_locale[0x0804] == "zh_CN"
    assert l10n._windows_ui() is Lang.ZH
    kernel32.GetUserDefaultUILanguage = lambda: 0x0409
    assert l10n._windows_ui() is Lang.EN


def test_other_platforms_without_variables_speak_english(monkeypatch):
    monkeypatch.setattr(sys, "platform", "darwin")
    assert i18n.choose(None, {}) is Lang.EN


def test_english_never_reads_the_catalog(monkeypatch, tmp_path):
    l10n._catalog.cache_clear()  # a catalog read before is kept: forget it
    monkeypatch.setattr(l10n, "MO_PATH", tmp_path / "missing.mo")
    assert i18n.set_language("en") is Lang.EN
    assert i18n._("not published") == "not published"
    with pytest.raises(FileNotFoundError):
        i18n.set_language("zh")


def test_chinese_and_back(zh):
    assert i18n.current() is Lang.ZH
    assert i18n._("not published") == "未公布"
    assert i18n._("open now") == "正在接听"
    assert i18n.set_language("en") is Lang.EN
    assert i18n._("open now") == "open now"


# --------------------------------------------------------------------------- the catalog


def _code_msgids() -> set[str]:
    found = extract_from_dir(
        str(SRC),
        method_map=[("**.py", "python")],
        keywords={"_": None, "N_": None, "pgettext": ((1, "c"), 2), "ngettext": (1, 2)},
    )
    return {msg if isinstance(msg, str) else msg[0] for _file, _line, msg, *_ in found}


def _first(msgid: str | tuple[str, ...]) -> str:
    """A message's id; a plural message by its singular."""
    return msgid if isinstance(msgid, str) else msgid[0]


def test_the_template_and_the_catalog_have_every_message_of_the_code():
    in_code = _code_msgids()
    with POT.open("rb") as f:
        in_pot = {_first(m.id) for m in read_po(f) if m.id}
    in_po = {_first(m.id) for m in _po() if m.id}
    assert in_code - in_pot == set(), f"stale .pot; run: {REGEN}"
    assert in_pot - in_code == set(), f"the .pot holds messages the code no longer has: {REGEN}"
    assert in_po == in_pot, f"the .po is not updated from the .pot: {REGEN}"


def test_every_message_has_a_chinese_translation_and_none_is_fuzzy():
    catalog = _po()
    assert not catalog.fuzzy
    untranslated = [m.id for m in catalog if m.id and not m.string]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    obsolete = list(catalog.obsolete)
    assert untranslated == []
    assert fuzzy == []
    assert obsolete == []


def test_translations_keep_their_placeholders():
    import re

    for m in _po():
        if m.id:
            fields = sorted(set(re.findall(r"\{(\w*)\}", _first(m.id))))
            for string in [m.string] if isinstance(m.string, str) else m.string:
                assert sorted(set(re.findall(r"\{(\w*)\}", string))) == fields, m.id


def test_the_compiled_catalog_matches_its_source():
    buf = io.BytesIO()
    write_mo(buf, _po())
    buf.seek(0)
    fresh = gettext.GNUTranslations(buf)
    with i18n.MO_PATH.open("rb") as f:
        shipped = gettext.GNUTranslations(f)
    assert shipped._catalog == fresh._catalog, f"stale .mo; run: {REGEN}"  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- Click's messages
# These pin Typer's copy of Click: if its wording or its seams move, they fail here first.


def test_a_typod_command_is_answered_in_chinese(run, zh):
    code, out, err = run("serach", "债券")
    assert (code, out) == (2, "")
    assert err == (
        "用法：sse-channels [OPTIONS] COMMAND [ARGS]...\n"
        "输入“sse-channels -h”查看帮助。\n"
        "\n"
        "错误：命令“serach”不存在。您是不是要输入“search”？\n"
    )


def test_the_same_error_in_english_is_clicks_own(run):
    code, _, err = run("serach", "债券")
    assert code == 2
    assert err == (
        "Usage: sse-channels [OPTIONS] COMMAND [ARGS]...\n"
        "Try 'sse-channels -h' for help.\n"
        "\n"
        "Error: No such command 'serach'. Did you mean 'search'?\n"
    )


@pytest.mark.parametrize(
    ("args", "last"),
    [
        (["search"], "错误：缺少参数“QUERY”。"),
        (
            ["search", "-n", "0", "债券"],
            "错误：“--limit” / “-n”的值无效：0 超出范围，应不小于 1。",
        ),
        (
            ["export", "-f", "xls"],
            "错误：“--format” / “-f”的值无效："
            "“xls”无效，可选值为“json”、“csv”、“vcard”、“markdown”。",
        ),
        (["list", "extra"], "错误：多余的参数：extra"),
        (["list", "--nope"], "错误：无此选项：--nope"),
        (["dial", "--at"], "错误：选项“--at”缺少取值。"),
    ],
)
def test_usage_errors_in_chinese(run, zh, args, last):
    code, _, err = run(*args)
    assert code == 2
    assert err.splitlines()[-1] == last


def test_help_in_chinese(run, zh):
    code, out, _ = run("search", "--help")
    assert code == 0
    assert out == (
        "用法：sse-channels search [OPTIONS] QUERY...\n"
        "\n"
        "  查找渠道：中文、拼音、首字母、英文或号码均可，输入多个词时逐词缩小范围。\n"
        "\n"
        "  示例：sse-channels search 债券 REITs\n"
        "\n"
        "参数：\n"
        "  QUERY  要查找的内容：中文、拼音、首字母、英文或号码均可。  [必填]\n"
        "\n"
        "选项：\n"
        "  -n, --limit N  最多显示的结果数。  [默认：10；x>=1]\n"
        "  --json         以 JSON（UTF-8）格式输出，不输出纯文本。\n"
        "  --copy         把最匹配的联系方式复制到剪贴板。\n"
        "  --explain      显示每条结果的匹配依据和得分。\n"
        "  --as ROLE      提问人身份：investor 投资者、company 企业、sponsor 保荐机构、underwriter\n"  # noqa: E501  # the exact help line
        "                 承销机构、member 会员、fund 基金管理人、tech 技术人员、public 公众，默认取\n"  # noqa: E501  # the exact help line
        "                 SSE_CHANNELS_AS。优先列出面向该身份的渠道，不列出仅面向其他身份的渠道。\n"
        "                 [环境变量：SSE_CHANNELS_AS]\n"
        "  -h, --help     显示本帮助并退出。\n"
    )


def test_help_in_english_is_unchanged(run):
    code, out, _ = run("search", "--help")
    assert code == 0
    assert "Options:\n" in out
    assert "  -n, --limit N  Results to show.  [default: 10; x>=1]\n" in out
    assert "  -h, --help     Show this message and exit.\n" in out


def test_the_fixed_texts_click_writes_are_in_the_catalog(zh):
    for msgid in (*i18n.CLICK_TEXTS, "Usage: ", "Error: "):
        assert i18n._(msgid) != msgid, msgid


# --------------------------------------------------------------------------- our own messages


def test_status_and_due_in_chinese(run, zh, monkeypatch):
    from sse_channels.output import stdio

    monkeypatch.setattr(stdio, "is_tty", lambda: True)  # piped rows are for programs
    code, out, _ = run("--color", "never", "hours", "投资者服务热线", "--at", "2026-12-01T10:00")
    assert code == 0
    assert "正在接听，11:30 结束" in out
    code, out, _ = run(
        "--color", "never", "hours", "投资者服务热线", "--at", "2026-12-04T18:00",
        env={"COLUMNS": "200"},
    )  # fmt: skip
    assert "今日已结束，下次：2026-12-07（周一）08:45" in out
    code, out, _ = run("--color", "never", "hours", "投资者服务热线", "--at", "2026-12-01T10:00")
    assert out.splitlines()[0] == "北京时间 2026-12-01（周二）10:00 · 交易日"
    code, out, _ = run("--color", "never", "hours", "投资者服务热线", "--at", "2026-10-10T10:00")
    assert (
        out.splitlines()[0]
        == "北京时间 2026-10-10（周六）10:00 · 非交易日（调休上班日） · 国庆节调休上班"
    )
    code, _, err = run("search", "嘤嘤嘤")
    assert code == 1
    assert err.splitlines()[0] == "错误：未找到与“嘤嘤嘤”相关的渠道"


@pytest.mark.parametrize(
    ("args", "code", "zh_err", "en_err"),
    [
        (
            ["dial", "债券", "--at", "2300-01-01"],
            2,
            "错误：日期 2300-01-01 超出本工具支持的年份范围（1990 至 2199 年）；"
            "请填写该范围内的日期，如 2026-11-26",
            "error: 2300-01-01 is outside the years 1990-2199 this tool answers for;"
            " e.g. 2026-11-26",
        ),
        (
            ["hours", "--at", "9999-12-31T20:00Z"],
            2,
            "错误：时间“9999-12-31T20:00Z”超出可处理范围；请填写正常的时间，如 2026-11-26T10:00",
            "error: '9999-12-31T20:00Z' is out of range; e.g. 2026-11-26T10:00",
        ),
        (
            ["--data", "/nonexistent/channels.yaml", "search", "债券"],
            1,
            "错误：/nonexistent/channels.yaml: 文件不存在",
            "error: /nonexistent/channels.yaml: no such file",
        ),
        (
            ["dial", "债券", "--holidays", "/nonexistent/notice.yaml"],
            1,
            "错误：/nonexistent/notice.yaml: 文件不存在；请指定休市安排通知的 YAML 文件",
            "error: /nonexistent/notice.yaml: no such file; give the closure notice's YAML file",
        ),
    ],
    ids=["year", "range", "data file", "closure notice"],
)
def test_errors_about_times_and_files_speak_chinese(run, monkeypatch, args, code, zh_err, en_err):
    """What a user mistypes most (a time, a file) is said in the interface language."""
    assert run(*args)[0::2] == (code, f"{en_err}\n")
    monkeypatch.setenv("SSE_CHANNELS_LANG", "zh")
    assert run(*args)[0::2] == (code, f"{zh_err}\n")


def test_problems_keep_english_messages_in_their_record(zh):
    """JSON and the API see the same message in every language; only the shown line differs."""
    from sse_channels import api
    from sse_channels.errors import DataError
    from sse_channels.output.plain import problem_text

    with pytest.raises(DataError) as failed:
        api.load("/nonexistent/channels.yaml")
    (problem,) = failed.value.problems
    assert problem.message == "no such file"
    assert problem_text(problem) == "/nonexistent/channels.yaml: 文件不存在"


def test_a_clock_outside_the_years_is_said_in_chinese(zh):
    import datetime as dt

    from sse_channels.days import staffing as schedule
    from sse_channels.errors import UsageError

    with pytest.raises(UsageError) as refused:
        schedule.check_clock(dt.datetime(2250, 1, 1, 10, 0, tzinfo=schedule.BEIJING))
    assert str(refused.value) == (
        "当前系统时间为 2250-01-01 10:00（北京时间），超出本工具支持的年份范围（1990 至 2199 年）；"
        "请用 --at 指定时间"
    )


def test_an_oversized_data_file_is_refused_in_chinese(run, monkeypatch, tmp_path):
    big = tmp_path / "channels.yaml"
    with big.open("wb") as f:
        f.truncate(6 * 1024 * 1024)
    monkeypatch.setenv("SSE_CHANNELS_LANG", "zh")
    assert run("--data", str(big), "search", "债券")[0::2] == (
        1,
        f"错误：{big}: 文件过大（上限为 5 MiB）\n",
    )


def test_a_problem_without_a_message_is_not_looked_up(zh):
    """gettext's empty msgid is the catalog's header: an empty message stays empty."""
    from sse_channels.errors import Problem
    from sse_channels.output.plain import problem_text

    assert problem_text(Problem("f.yaml", 3, "areas", "")) == "f.yaml:3: areas: "


def test_the_strings_document_lists_every_message_with_its_chinese():
    """docs/i18n-strings.md is what a reviewer reads: it must not fall behind the catalog."""
    doc = (REPO / "docs" / "i18n-strings.md").read_text(encoding="utf-8")
    rows = {line for line in doc.splitlines() if line.startswith("| `")}
    missing = []
    for message in _po():
        if not message.id:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        shown = msgid.replace("|", "\\|").replace("\n", "\\n")
        context = f" (context `{message.context}`)" if message.context else ""
        zh = message.string if isinstance(message.string, str) else message.string[0]
        head = f"| `{shown}`{context} | {zh.replace('|', chr(92) + '|')} |"
        if not any(row.startswith(head) for row in rows):
            missing.append(msgid)
    assert missing == [], f"docs/i18n-strings.md lacks or differs on: {missing[:5]}"


def test_a_language_spoken_in_a_context_does_not_reach_another():
    """A server answers each request in its own language: `speaking` holds inside its block
    and in that context only, then what was spoken before comes back."""
    import contextvars
    import threading

    l10n.set_language("en")
    seen: dict[str, str] = {}

    def answer(lang: str) -> None:
        with l10n.speaking(lang):
            seen[lang] = l10n._("not published")

    with l10n.speaking("zh") as lang:
        assert lang is l10n.Lang.ZH
        assert l10n._("not published") == "未公布"
        worker = threading.Thread(target=contextvars.copy_context().run, args=(answer, "en"))
        worker.start()
        worker.join()
        assert l10n._("not published") == "未公布"
    assert seen == {"en": "not published"}
    assert l10n.current() is l10n.Lang.EN
    assert l10n._("not published") == "not published"
