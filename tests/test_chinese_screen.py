"""Under a Chinese locale, no English word but proper nouns, ids, codes, URLs and typed
values: validation problems of both data files, link-check details, the clipboard's failure,
hours in an estimated year, calendar and CSV files, `dial`, `show` and the overview."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from sse_channels.output import stdio

REPO = Path(__file__).resolve().parent.parent
ZH_ENV = {"LANG": "zh_CN.UTF-8", "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "",
          "SSE_CHANNELS_LANG": ""}  # fmt: skip

# Words that are names or codes in any language: the exchange's terms, libraries, the
# command's own syntax (`sse-channels search QUERY`, `--holidays FILE`).
ALLOWED = {"EKey", "QQ", "REITs", "IPO", "SSE", "CnSCA", "STAR", "ETF", "ABS", "OSC", "FM",
           "Wind", "sse", "channels", "search", "dial", "hours", "show", "QUERY", "AREA",
           "help", "FILE", "chinese", "calendar", "holidays", "schema", "tel", "id",
           "yaml"}  # fmt: skip
STRIP = re.compile(
    r"(?:https?://|mailto:|tel:)\S+"  # links
    r"|\b[a-z_]+(?:\[[^\]]*\]|\.[a-z_]+)+"  # a field's path: topics[1].also[0]
    r"|(?:可用|可选值|可用的键)：[\w、-]+"  # the codes a field allows
    r"|[\w.+-]+@[\w.-]+"  # mailboxes
    r"|--[a-z][a-z-]*"  # options
    r"|“[^”]*”"  # values echoed in quotes
    r"|[a-z0-9]+(?:-[a-z0-9]+)*\.[a-z0-9]+(?:[.-][a-z0-9]+)*(?:\[[^\]]*\])?"  # ids, paths
    r"|/\S+"  # file names
)
WORD = re.compile(r"[A-Za-z]{2,}")


def _data_words() -> set[str]:
    """Latin words the directory's own Chinese fields hold (SSE-TechService, 上证e互动)."""
    data = json.loads(_export_json())
    words: set[str] = set()

    def walk(value: Any, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and not key.endswith("_en"):
            words.update(WORD.findall(value))

    walk(data)
    return words


def _export_json() -> str:
    from sse_channels import api
    from sse_channels.formats.tables import encoded

    return encoded(api.load(), "json")[0].decode()


def english_words(text: str) -> list[str]:
    allowed = ALLOWED | _data_words()
    return sorted({w for w in WORD.findall(STRIP.sub(" ", text)) if w not in allowed})


def _zh(run, *args: str) -> tuple[int, str, str]:
    return run(*args, env=ZH_ENV)


def _drawn(run, monkeypatch, *args: str) -> str:
    monkeypatch.setattr(stdio, "is_tty", lambda: True)
    code, out, err = run("--color", "never", *args, env={**ZH_ENV, "COLUMNS": "100"})
    assert code == 0
    return out + err


def _broken(path: Path, source: str, replacements: list[tuple[str, str]]) -> None:
    text = (REPO / "data" / source).read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


DIRECTORY_FAULTS = [
    ("schema: 1", "schema: 2"),
    ("url: https://sras.sse.com.cn/", "url: sras.sse.com.cn"),
    ("    kind: rules", "    kind: rulez"),
    ("    audience: [public]", "    audience: [everyone]"),
    ("bondsse@sse.com.cn", "bondsse-at-sse"),
    ("  - id: ipo-review.disclosure", "  - id: ipo-review.system"),
    ("    area: ipo-review\n    kind: rulez", "    area: nowhere\n    kind: rulez"),
    ("    name_en: Listing review disclosure\n",
     "    name_en: Listing review disclosure\n    colour: red\n"),
    ("08:45-11:30", "11:30-08:45"),
    ("298643611", "29x"),
    ("page: 1}", "page: one}"),
]  # fmt: skip


def test_validate_says_eleven_kinds_of_problem_in_chinese(run, tmp_path: Path) -> None:
    data = tmp_path / "channels.yaml"
    _broken(data, "channels.yaml", DIRECTORY_FAULTS)
    code, out, err = _zh(run, "validate", str(data))
    f = str(data)
    assert code == 1
    assert out.splitlines() == [
        f"{f}:12: schema: 不支持的数据格式版本 2；本工具当前版本只支持 1",
        f"{f}:81: channels[0].id: 渠道编号“ipo-review.rules”须以所属业务领域编号“nowhere”"
        "加英文句点开头",
        f"{f}:83: channels[0].kind: 取值“rulez”无效；可选值：rules、system、disclosure、phone、"
        "email、fax、post、onsite、web、media、liaison、office",
        f"{f}:89: channels[0].audience[0]: 取值“everyone”无效；可选值：public、sponsor、"
        "underwriter、lead-underwriter、issuer、listed-company、independent-director、"
        "fund-manager、option-firm、member、trading-participant、company、investor、"
        "market-participant、market-institution",
        f"{f}:99: channels[0].source.page: 应为整数，实际是字符串",
        f"{f}:113: channels[1].contacts[0].url: 网址格式有误：“sras.sse.com.cn”",
        f"{f}:120: channels[1].id: 渠道编号“ipo-review.system”重复",
        f"{f}:125: channels[2].colour: 键无效，可用的键：id、area、kind、name_zh、name_en、"
        "summary_zh、summary_en、aliases、audience、contacts、source、hours、response、notes_zh",
        f"{f}:164: channels[3].hours.windows[0]: 时段“11:30-08:45”的结束时间早于开始时间",
        f"{f}:343: channels[12].contacts[0].address: 电子邮箱地址格式有误：“bondsse-at-sse”",
        f"{f}:1118: channels[52].contacts[0].id: QQ 群号格式有误：“29x”",
    ]
    assert err == f"{f} 中有 11 处问题\n"


TOPIC_FAULTS = [
    ("schema: 1", "schema: 3"),
    ("proposed_channels: []", "proposed_channels: [x.yaml]"),
    ('desk: {channel: petitions.phone, route: ["1", "3"]}',
     'desk: {channel: petitions.phonez, route: ["1", "3"]}'),
    ('desk: {channel: petitions.phone, route: ["1", "3"]}',
     'desk: {channel: petitions.phone, route: ["9"]}'),
    ("also: [petitions.email, petitions.letter, petitions.reception]\n    audience: [public]\n"
     "    source:\n      law: 证券法第五十四条",
     "also: [petitions.phone, petitions.letter, petitions.reception]\n    audience: [public]\n"
     "    source:\n      law: 证券法第五十四条"),
    ("  - id: manipulation", "  - id: insider-trading"),
    ("泄露+信息, 泄密]", "泄露+信息, 泄密, 泄密]"),
    ("kind: province, capital_zh: 石家庄", "kind: state, capital_zh: 石家庄"),
    ("lat: 38.04", "lat: 98.04"),
    ("lon: 112.55", "lon: abc"),
]  # fmt: skip


def test_topic_file_problems_are_said_in_chinese(run, tmp_path: Path) -> None:
    (tmp_path / "channels.yaml").write_bytes((REPO / "data" / "channels.yaml").read_bytes())
    _broken(tmp_path / "topics.yaml", "topics.yaml", TOPIC_FAULTS)
    code, out, err = _zh(run, "validate", str(tmp_path / "channels.yaml"))
    f = str(tmp_path / "topics.yaml")
    assert code == 1
    assert out.splitlines() == [
        f"{f}: regions.places[唐山].province_zh: “河北”不是省、自治区或直辖市",
        f"{f}:29: schema: 不支持的数据格式版本 3；本工具当前版本只支持 1",
        f"{f}:30: proposed_channels[0]: 请先把建议新增的渠道并入渠道数据",
        f"{f}:38: topics[0].desk.channel: 渠道数据中没有编号为“petitions.phonez”的渠道",
        f"{f}:50: topics[1].desk.route: petitions.phone 的电话中没有转接按键 9",
        f"{f}:51: topics[1].also[0]: 与对口渠道重复",
        f"{f}:58: topics.id: 主题编号“insider-trading”重复",
        f"{f}:58: topics[insider-trading].terms: 检索词“泄密”在本主题中重复",
        f"{f}:458: regions.places[4].kind: 地点类型“state”无效；可选值：province、municipality、"
        "region、sar、city",
        f"{f}:458: regions.places[4].lat: 应在 18 与 54 之间",
        f"{f}:459: regions.places[5].lon: 应为数字",
    ]
    assert english_words(out + err) == []
    from sse_channels import api
    from sse_channels.l10n import speaking
    from sse_channels.output.as_json import json_value, to_json

    with speaking("zh"):
        zh = to_json(json_value(api.validate(str(tmp_path / "channels.yaml"))))
    with speaking("en"):
        en = to_json(json_value(api.validate(str(tmp_path / "channels.yaml"))))
    assert zh == en  # the record keeps the English message
    assert "no channel 'petitions.phonez' in the directory" in zh


def test_an_empty_file_is_said_in_chinese(run, tmp_path: Path) -> None:
    empty = tmp_path / "channels.yaml"
    empty.write_text("")
    assert _zh(run, "validate", str(empty)) == (1, f"{empty}: 文件为空\n", "")


def _result(detail_kind: str):
    from sse_channels.directory import linkcheck as lc
    from sse_channels.model import Source

    link = lc.Link(
        "https://x.example/", (lc.Origin("tech.email", Source("技术服务", "1", 1), "url"),)
    )
    whys = {
        "dns": lc.said(lc.N_("cannot resolve the host name ({reason})"), reason="-2"),
        "timeout": lc.said(lc.N_("no answer within {s} s"), s="5"),
        "refused": lc.said(lc.N_("connection refused")),
        "moved": lc.said(lc.MOVED),
        "late": lc.said(lc.N_("no answer before the run's deadline of {s} s"), s="20"),
    }
    return lc.Result(link, lc.Verdict.ERROR, **whys[detail_kind].fields())


@pytest.mark.parametrize(
    ("kind", "zh", "en"),
    [
        ("dns", "无法解析域名（-2）", "cannot resolve the host name (-2)"),
        ("timeout", "5 秒内无响应", "no answer within 5 s"),
        ("refused", "连接被拒绝", "connection refused"),
        ("moved", "已跳转", "moved"),
        ("late", "在本次检查的总时限 20 秒内无响应", "no answer before the run's deadline of 20 s"),
    ],
)
def test_link_check_details_are_said_in_the_interface_language(kind, zh, en) -> None:
    from sse_channels.l10n import speaking
    from sse_channels.output.as_json import report_dicts
    from sse_channels.output.checks import detail_text

    result = _result(kind)
    with speaking("zh"):
        assert detail_text(result) == zh
    with speaking("en"):
        assert detail_text(result) == en
    assert result.detail == en  # what JSON keeps, in every language
    from sse_channels.directory.linkcheck import Report

    with speaking("zh"):
        assert report_dicts(Report((result,), 5.0))[0]["detail"] == en


def test_hours_in_an_estimated_year_in_chinese(run, monkeypatch) -> None:
    text = _drawn(run, monkeypatch, "hours", "债券", "--at", "2027-03-01T10:00")
    assert "正在接听，11:30 结束（推算*）" in text
    assert english_words(text) == []


def test_csv_in_chinese_has_no_english_outside_names_and_codes(run) -> None:
    _, out, _ = _zh(run, "export", "-f", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["编号", "业务领域", "中文名称", "英文名称", "联系方式类型", "说明",
                       "号码或地址", "拨号链接", "时间", "答复期限"]  # fmt: skip
    # The English name and the contact type are data and codes; the rest is said in Chinese.
    said = "\n".join(" ".join(r[:3] + r[5:9]) for r in rows[1:])
    assert english_words(said) == []


def test_the_calendar_file_in_chinese(run) -> None:
    _, out, _ = _zh(run, "due", "申报前", "--from", "2026-09-28", "--ics", "-")
    unfolded = re.sub(r"\r?\n ", "", out)
    said = "\n".join(
        line.split(":", 1)[1]
        for line in unfolded.splitlines()
        if line.startswith(("SUMMARY", "DESCRIPTION", "CATEGORIES"))
    )
    assert "答复期限" in said or "申报前现场咨询沟通" in said
    assert english_words(said.replace("\\n", "\n")) == []


@pytest.mark.parametrize(
    "command",
    [
        ["dial", "债券", "--at", "2026-12-08T10:00"],
        ["dial", "疑难"],
        ["dial", "行业云"],
        ["due", "审核中", "--from", "2026-09-28"],
        ["due", "申报前", "--from", "2026-09-28"],
    ],
)
def test_chinese_lines_have_no_english_word(run, command: list[str]) -> None:
    code, out, err = _zh(run, *command)
    assert code == 0
    assert english_words(out + err) == []


def _areas() -> list[str]:
    from sse_channels import api

    return [a.id for a in api.load().areas]


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["hours", "--at", "2026-12-01T10:00"],
        ["search", "债券"],
        ["search", "微信"],
        *(["show", a] for a in _areas()),
    ],
    ids=lambda c: " ".join(c) or "overview",
)
def test_chinese_screens_have_no_english_word(run, monkeypatch, command: list[str]) -> None:
    assert english_words(_drawn(run, monkeypatch, *command)) == []


def test_the_checker_finds_an_english_word() -> None:
    assert english_words("交易日 08:45 · not published · “rulez” tech.email EKey") == [
        "not",
        "published",
    ]
