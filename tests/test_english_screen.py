"""Under `--lang en`, no Chinese but proper nouns: the names of channels, areas, systems,
sites, accounts and the exchange, addresses, aliases, and the document's own words where the
data has no English, marked "(in Chinese)". Piped lines and files for programs keep the data's
Chinese labels too (the same bytes in every language)."""

from __future__ import annotations

import re

import pytest

from sse_channels import api
from sse_channels import model as m
from sse_channels.output import stdio

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")
MARKED = re.compile(r"\(in Chinese\) [^\n]*")
EXCHANGE = ("上海证券交易所", "上交所", "中国")  # the exchange's names and the country (vCard)

QUERIES = ["债券", "投资者", "微信", "广播", "上市", "廉政", "技术", "会员", "信访", "老鼠仓"]


def _proper_nouns(*, labels: bool) -> list[str]:
    d = api.load()
    out = {*EXCHANGE, d.title_zh, d.source_document_zh}  # the document's title
    for a in d.areas:
        out |= {a.name_zh, *a.aliases}
    for ch in d.channels:
        out |= {ch.name_zh, *ch.aliases}
        for c in ch.contacts:
            match c:
                case m.Web():
                    out.add(c.title_zh)
                case m.System():
                    out.add(c.name_zh)
                case m.Address():
                    out.add(c.text_zh)
                case m.Account():
                    out.add(c.name)
                case m.Newspaper():
                    out.add(c.name_zh)
                case m.Radio():
                    out |= {c.station_zh, c.programme_zh}
                case m.Via():
                    out |= {c.where_zh, *([c.what_zh] if labels else [])}
                    out |= set(re.findall(r"“([^”]+)”", c.what_zh))  # a section's name
                case m.Phone() if labels:
                    out |= {r.label_zh for r in c.routes}
        if labels:  # files for programs: the data's labels, the same in every language
            out |= set(m.PLATFORM_ZH.values())
    for ch in d.channels:  # names quoted in an English summary (上交所科创板之家)
        out |= set(re.findall(r"[\u3400-\u9fff]+", ch.summary_en))
    return sorted((x for x in out if x), key=len, reverse=True)


def stray_chinese(text: str, *, labels: bool = False) -> list[str]:
    """The Chinese of `text` that is no proper noun and no marked quotation."""
    if text.startswith("BEGIN:"):  # a vCard or iCalendar file: lines unfolded, unescaped
        text = re.sub(r"\r?\n ", "", text)
        text = text.replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";")
    text = MARKED.sub(" ", text)
    for noun in _proper_nouns(labels=labels):
        text = text.replace(noun, " ")
    return sorted({x for x in CJK.findall(text) if x.strip("　（）《》“”、：；，。 ")})


COMMANDS = [
    ["dial", "债券", "--at", "2026-12-08T10:00"],
    ["dial", "疑难"],
    ["dial", "投资者", "--at", "2026-12-05"],
    [],
    ["hours", "--at", "2026-12-01T10:00"],
    ["hours", "--at", "2026-10-01"],
    ["due", "审核中", "--from", "2026-09-28"],
    ["due", "申报前", "--from", "2026-09-28"],
    *(["search", q] for q in QUERIES),
    *(["show", a.id] for a in api.load().areas),
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "overview")
def test_english_terminal_output_has_no_chinese_but_proper_nouns(
    run, monkeypatch, command: list[str]
) -> None:
    monkeypatch.setattr(stdio, "is_tty", lambda: True)
    code, out, err = run("--lang", "en", "--color", "never", *command, env={"COLUMNS": "400"})
    assert code == 0
    assert stray_chinese(out + err) == []


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "overview")
def test_english_piped_output_has_no_chinese_but_the_datas(run, command: list[str]) -> None:
    code, out, err = run("--lang", "en", *command)
    assert code == 0
    assert stray_chinese(out + err, labels=True) == []


@pytest.mark.parametrize(
    "command",
    [
        ["export", "-f", "csv"],
        ["export", "-f", "vcard"],
        ["due", "申报前", "--from", "2026-09-28", "--ics", "-"],
        ["due", "审核中", "--from", "2026-09-28", "--ics", "-"],
    ],
)
def test_english_files_have_no_chinese_but_the_datas(run, command: list[str]) -> None:
    code, out, _ = run("--lang", "en", *command)
    assert code == 0
    assert stray_chinese(out, labels=True) == []


def test_the_checker_finds_a_chinese_phrase() -> None:
    assert stray_chinese("appointment: see 债券业务电话咨询 | 预约：见 x") == ["预约：见"]
    assert stray_chinese("note: (in Chinese) 如为在审项目") == []


def test_a_see_elsewhere_entry_in_english_names_the_channel(run, monkeypatch) -> None:
    monkeypatch.setattr(stdio, "is_tty", lambda: True)
    _, out, _ = run("--lang", "en", "--color", "never", "show", "bond-review.onsite",
                    env={"COLUMNS": "200"})  # fmt: skip
    assert "appointment (phone): see Bond phone consultation · 债券业务电话咨询" in out
    _, out, _ = run("--lang", "zh", "--color", "never", "show", "bond-review.onsite",
                    env={"COLUMNS": "200"})  # fmt: skip
    assert "预约（电话）：见债券业务电话咨询" in out


def test_the_documents_words_are_marked_in_english_only(run) -> None:
    _, out, _ = run("--lang", "en", "dial", "债券", "--at", "2026-12-08T10:00")
    assert (
        out.splitlines()[3]
        == "  note: (in Chinese) 如为在审项目，可直接联系反馈意见中列示的项目审核人员。"
    )
    _, out, _ = run("--lang", "zh", "dial", "债券", "--at", "2026-12-08T10:00")
    assert out.splitlines()[3] == "  备注：如为在审项目，可直接联系反馈意见中列示的项目审核人员。"
