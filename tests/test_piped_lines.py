"""Piped, tab-separated lines are for programs: the same bytes in every interface language
(ids, the Chinese names, dial sequences, mailboxes and links as they are, and the hours and
states in the source language, as `--json` and CSV's English header give them)."""

from __future__ import annotations

import pytest

ENVIRONMENTS = {
    "zh": (["--lang", "zh"], None),
    "en": (["--lang", "en"], None),
    "LANG=C": ([], {"SSE_CHANNELS_LANG": "", "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "",
                    "LANG": "C"}),
    "LANG=zh_CN": ([], {"SSE_CHANNELS_LANG": "", "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "",
                        "LANG": "zh_CN.UTF-8"}),
}  # fmt: skip

COMMANDS = [
    [],
    ["search", "债券"],
    ["search", "投资者", "邮箱"],
    ["search", "微信"],
    ["search", "上市"],
    ["hours", "--at", "2026-12-01T10:00"],
    ["hours", "--at", "2026-12-05"],
    ["hours", "投资", "--at", "2026-10-10T10:00"],
    ["show", "债券审核监管"],
    ["show", "listed-co.complex-questions"],
    ["show", "投资者服务"],
    ["list"],
    ["list", "--area", "债券"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "overview")
def test_piped_lines_are_the_same_in_every_language(run, command: list[str]) -> None:
    outputs = {}
    for name, (options, env) in ENVIRONMENTS.items():
        code, out, _err = run(*options, *command, env=env)
        assert code == 0, name
        outputs[name] = out
    assert outputs["zh"] == outputs["en"] == outputs["LANG=C"] == outputs["LANG=zh_CN"]
    assert all("\t" in line for line in outputs["en"].splitlines() if line)


def test_a_piped_search_line_exactly(run) -> None:
    _, out, _ = run("--lang", "zh", "search", "债券", "-n", "3")
    assert out.splitlines() == [
        "bond-review.phone\t债券审核监管\t债券业务电话咨询\t4008888400 → 6 → 1959\t"
        "trading days 08:45-11:30, 13:00-17:00",
        "bond-review.email\t债券审核监管\t债券业务邮件咨询\tbondsse@sse.com.cn\t",
        "bond-review.onsite\t债券审核监管\t债券现场咨询\tappointment (phone): see 债券业务电话咨询"
        " | appointment (e-mail): see 债券业务邮件咨询 | appointment: see 债券项目申报系统\t"
        "not published",
    ]


def test_piped_hours_lines_exactly(run) -> None:
    _, out, _ = run("--lang", "zh", "hours", "投资者服务热线", "--at", "2026-12-01T12:00")
    assert out == (
        "investor-services.hotline\t投资者服务热线\tclosed now, opens 13:00\t"
        "08:45-11:30, 13:00-17:00\n"
    )
    _, out, _ = run("--lang", "zh", "hours", "投资者服务热线", "--at", "2026-12-05")
    assert out == (
        "investor-services.hotline\t投资者服务热线\t"
        "closed that day, next: Mon 2026-12-07 08:45\t-\n"
    )


def test_the_piped_overview_exactly(run) -> None:
    _, out, _ = run("--lang", "en")
    assert out.splitlines()[:3] == [
        "ipo-review\t股票发行上市审核\t4008888400 → 6 → 666\thttps://sras.sse.com.cn/",
        "bond-review\t债券审核监管\t4008888400 → 6 → 1959\tbondsse@sse.com.cn",
        "listed-co\t上市公司监管\t4008888400 → 1 (服务热线转 1)\thttps://cbm.uap.sse.com.cn/",
    ]
