"""The same commands in Chinese (from the locale) and in English (`--lang en`), each with its
exact text; JSON the same bytes in both; no stray English word."""

from __future__ import annotations

import re

import pytest

from sse_channels.output import stdio

CASES_HELP = ["search", "show", "list", "dial", "hours", "due", "open", "export", "validate",
              "check-links", "diff", "serve"]  # fmt: skip
ZH_ENV = {
    "LANG": "zh_CN.UTF-8",
    "LANGUAGE": "",
    "LC_ALL": "",
    "LC_MESSAGES": "",
    "SSE_CHANNELS_LANG": "",
}
CASES = {
    "hours": ["hours", "--at", "2026-12-01T10:00"],
    "dial": ["dial", "廉政监督", "--at", "2026-12-01T10:00"],
    "due": ["due", "申报前", "--from", "2026-09-28"],
    "nomatch": ["search", "嘤嘤嘤"],
    "overview": [],
    "search_help": ["search", "--help"],
    "typo": ["serach", "债券"],
}

PIPED_HOURS = (  # rows for programs: the same in every language
    0,
    "ipo-review.phone\t发行上市审核电话咨询\topen now, closes 11:30\t08:45-11:30, 13:00-17:00\nbond-review.phone\t债券业务电话咨询\topen now, closes 11:30\t08:45-11:30, 13:00-17:00\nlisted-co.complex-questions\t疑难复杂问题咨询\topen now, closes 11:30\t08:30-11:30, 13:30-17:00\nlisted-co.independent-directors\t独立董事咨询热线、邮箱\topen now, closes 11:30\t08:30-11:30, 13:30-17:00\nunderwriting.phone\t发行承销电话咨询\topen now, closes 11:30\t08:45-11:30, 13:00-17:00\ninvestor-services.hotline\t投资者服务热线\topen now, closes 11:30\t08:45-11:30, 13:00-17:00\npetitions.phone\t信访举报电话\topen now, closes 11:30\t08:45-11:30, 13:00-17:00\npetitions.reception\t信访接待室（现场接待）\topen now, closes 11:30\t08:45-11:30, 13:00-17:00\nintegrity.phone\t廉政监督电话\topen now, closes 11:30\t08:45-11:30, 13:00-17:00\n",
    "",
)
ZH_HOURS = EN_HOURS = PIPED_HOURS
ZH_DIAL = (
    0,
    "4008888400 → 6 → 1284\n  廉政监督电话\n  用途：廉政监督电话，转 6 后拨分机 1284。\n  时间：交易日 08:45-11:30、13:00-17:00 · 正在接听，11:30 结束\n  tel:+864008888400,6,1284\n",
    "",
)
ZH_DUE = (
    0,
    "申报前现场咨询沟通：2026-09-28（周一）提出申请，应于 10 个工作日内答复，最迟 2026-10-16（周五）答复\n  交易所承诺：视情况安排现场答复或者书面答复\n  申请当日不计入，自次一工作日起算\n  不计入的非工作日：10-01 周四 国庆节、10-02 周五 国庆节、10-03 周六 国庆节、10-04 周日 国庆节、10-05 周一 国庆节、10-06 周二 国庆节、10-07 周三 国庆节、10-11 周日\n",
    "",
)
ZH_NOMATCH = (
    1,
    "",
    "错误：未找到与“嘤嘤嘤”相关的渠道\n请输入业务领域或渠道名称中的几个字；运行 `sse-channels` 可列出全部业务领域\n",
)
ZH_OVERVIEW = (
    0,
    "ipo-review\t股票发行上市审核\t4008888400 → 6 → 666\thttps://sras.sse.com.cn/\nbond-review\t债券审核监管\t4008888400 → 6 → 1959\tbondsse@sse.com.cn\nlisted-co\t上市公司监管\t4008888400 → 1 (服务热线转 1)\thttps://cbm.uap.sse.com.cn/\ninnovative-products\t创新产品监管\t-\thttps://bmsp.uap.sse.com.cn/\nmember\t会员监管\t-\thttps://one.sse.com.cn/member/\ntrading\t交易监管\t-\thttps://one.sse.com.cn/member/\nunderwriting\t发行承销\t4008888400 → 6 → 7509\thttps://bmsp.uap.sse.com.cn/\nmarket-services\t市场服务\t4008888400 → 6 → 7999\thttp://www.sse.com.cn/services/list/home/\ninvestor-services\t投资者服务\t4008888400 → 1 → 1\tgzrx@sse.com.cn\ntraining\t培训服务\t-\thttp://training.sse.com.cn/\ntech\t技术服务\t4008888400 → 2 → 1\ttech_support@sse.com.cn\npetitions\t信访举报\t4008888400 → 1 → 3\tssexf@sse.com.cn\nintegrity\t廉政监督\t4008888400 → 6 → 1284\tljcyjd@sse.com.cn\ncertificates\t数字证书（EKey）\t-\thttps://cnsca.sse.com.cn/\n",
    "",
)
ZH_SEARCH_HELP = (
    0,
    "用法：sse-channels search [OPTIONS] QUERY...\n\n  查找渠道：中文、拼音、首字母、英文或号码均可，输入多个词时逐词缩小范围。\n\n  示例：sse-channels search 债券 REITs\n\n参数：\n  QUERY  要查找的内容：中文、拼音、首字母、英文或号码均可。  [必填]\n\n选项：\n  -n, --limit N  最多显示的结果数。  [默认：10；x>=1]\n  --json         以 JSON（UTF-8）格式输出，不输出纯文本。\n  --copy         把最匹配的联系方式复制到剪贴板。\n  --explain      显示每条结果的匹配依据和得分。\n  --as ROLE      提问人身份：investor 投资者、company 企业、sponsor 保荐机构、underwriter\n                 承销机构、member 会员、fund 基金管理人、tech 技术人员、public 公众，默认取\n                 SSE_CHANNELS_AS。优先列出面向该身份的渠道，不列出仅面向其他身份的渠道。\n                 [环境变量：SSE_CHANNELS_AS]\n  -h, --help     显示本帮助并退出。\n",
    "",
)
ZH_TYPO = (
    2,
    "",
    "用法：sse-channels [OPTIONS] COMMAND [ARGS]...\n输入“sse-channels -h”查看帮助。\n\n错误：命令“serach”不存在。您是不是要输入“search”？\n",
)
ZH_CSV_HEAD = "编号,业务领域,中文名称,英文名称,联系方式类型,说明,号码或地址,拨号链接,时间,答复期限"
EN_DIAL = (
    0,
    "4008888400 → 6 → 1284\n  Integrity supervision phone line · 廉政监督电话\n  for: The integrity supervision line; after the main number press 6, then extension 1284.\n  hours: trading days 08:45-11:30, 13:00-17:00 · open now, closes 11:30\n  tel:+864008888400,6,1284\n",
    "",
)
EN_DUE = (
    0,
    "Pre-filing on-site consultation · 申报前现场咨询沟通: 10 working days from Mon 2026-09-28 → due Fri 2026-10-16\n  the exchange undertakes: (in Chinese) 视情况安排现场答复或者书面答复\n  day 1 is the first working day after the request\n  skipped: 10-01 Thu National Day, 10-02 Fri National Day, 10-03 Sat National Day, 10-04 Sun National Day, 10-05 Mon National Day, 10-06 Tue National Day, 10-07 Wed National Day, 10-11 Sun\n",
    "",
)
EN_NOMATCH = (
    1,
    "",
    "error: nothing found for '嘤嘤嘤'\ntry a few characters of an area or channel: `sse-channels` lists the areas\n",
)
EN_OVERVIEW = ZH_OVERVIEW  # rows for programs: the same in every language
EN_SEARCH_HELP = (
    0,
    "Usage: sse-channels search [OPTIONS] QUERY...\n\n  Find channels from Chinese, pinyin, initials, English or a number; each word\n  narrows.\n\n  Example: sse-channels search 债券 REITs\n\nArguments:\n  QUERY  Words to look for: Chinese, pinyin, initials, English or a number.\n         [required]\n\nOptions:\n  -n, --limit N  Results to show.  [default: 10; x>=1]\n  --json         Print JSON (UTF-8) instead of text.\n  --copy         Put the best contact on the clipboard.\n  --explain      Show why each result matched, and how strongly.\n  --as ROLE      Who is asking: investor, company, sponsor, underwriter, member,\n                 fund, tech or public (default: SSE_CHANNELS_AS). That role's\n                 channels come first; channels only for other roles are left\n                 out.  [env var: SSE_CHANNELS_AS]\n  -h, --help     Show this message and exit.\n",
    "",
)
EN_TYPO = (
    2,
    "",
    "Usage: sse-channels [OPTIONS] COMMAND [ARGS]...\nTry 'sse-channels -h' for help.\n\nError: No such command 'serach'. Did you mean 'search'?\n",
)
EN_CSV_HEAD = "id,area_zh,name_zh,name_en,contact,label,value,tel,hours,response"

EXPECTED = {("zh", name): globals()[f"ZH_{name.upper()}"] for name in CASES} | {
    ("en", name): globals()[f"EN_{name.upper()}"] for name in CASES
}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", list(CASES))
def test_done_when(run, lang, name):
    if lang == "zh":
        got = run(*CASES[name], env=ZH_ENV)
    else:
        got = run("--lang", "en", *CASES[name], env=ZH_ENV)
    assert got == EXPECTED[(lang, name)]


@pytest.mark.parametrize(("args", "head"), [
    (["export", "-f", "csv"], ZH_CSV_HEAD),
    (["--lang", "en", "export", "-f", "csv"], EN_CSV_HEAD),
    (["--lang", "en", "export", "-f", "csv", "--header", "zh"], ZH_CSV_HEAD),
    (["export", "-f", "csv", "--header", "en"], EN_CSV_HEAD),
])  # fmt: skip
def test_csv_header_and_prose_follow_the_language_and_the_codes_do_not(run, args, head):
    import csv

    code, out, err = run(*args, env=ZH_ENV)
    assert (code, err) == (0, "")
    assert out.splitlines()[0].lstrip("\ufeff") == head
    _, english, _ = run("--lang", "en", "export", "-f", "csv")
    rows, en_rows = (
        list(csv.reader(out.splitlines()[1:])),
        list(csv.reader(english.splitlines()[1:])),
    )
    hours = 8  # the one prose column: it is in the header's language
    assert [r[:hours] + r[hours + 1 :] for r in rows] == [
        r[:hours] + r[hours + 1 :] for r in en_rows
    ]
    said = {r[hours] for r in rows if r[hours]}
    assert said == (
        {
            "交易日 08:45-11:30、13:00-17:00",
            "交易日 08:30-11:30、13:30-17:00",
            "未公布",
            "交易日 08:25-08:28、11:55-11:58、18:35-18:38 播出",
        }
        if head == ZH_CSV_HEAD
        else {r[hours] for r in en_rows if r[hours]}
    )


JSON_COMMANDS = [
    ["search", "债券", "--json"],
    ["show", "廉政监督", "--json"],
    ["list", "--json"],
    ["dial", "廉政监督", "--json", "--at", "2026-12-01T10:00"],
    ["dial", "上市公司", "--json", "--at", "2026-12-05T10:00"],
    ["hours", "--json", "--at", "2026-12-01T10:00"],
    ["hours", "--json", "--at", "2026-10-10T10:00"],
    ["due", "申报前", "--json", "--from", "2026-09-28"],
    ["export", "-f", "json"],
]


@pytest.mark.parametrize("args", JSON_COMMANDS, ids=lambda a: " ".join(a))
def test_json_is_the_same_bytes_in_both_languages(run, args):
    zh = run("--lang", "zh", *args)
    en = run("--lang", "en", *args)
    assert zh == en
    assert zh[0] == 0
    assert zh[1].startswith(("[", "{"))


# Proper nouns and codes that stay in Latin letters in Chinese output.
ALLOWED = {
    "EKey",
    "REITs",
    "ETF",
    "QQ",
    "CA",
    "APP",
    "App",
    "sse",
    "channels",
    "tel",
    "mailto",
    "OPTIONS",
    "COMMAND",
    "ARGS",
    "QUERY",
    "FILE",
    "DATETIME",
    "DATE",
    "AREA",
    "NAME",
    "N",
    "OLD",
    "NEW",
    "SECONDS",
    "ISO",
    "YAML",
    "JSON",
    "UTF",
    "BOM",
    "CSV",
    "vCard",
    "Markdown",
    "json",
    "csv",
    "vcard",
    "markdown",
    "utf",
    "sig",
    "gb",
    "auto",
    "always",
    "never",
    "zh",
    "en",
    "SSE_CHANNELS_LANG",
    "SSE_CHANNELS_DATA",
    "SSE_CHANNELS_HOLIDAYS",
    "SSE_CHANNELS_AS",
    "ROLE",
    "HOST",
    "PORT",
    *("investor", "company", "sponsor", "underwriter", "member", "fund", "tech", "public"),
    "shell",
    "TLS",
    "SVG",
    "DNS",
    "tzz",
    "Excel",
    "checked",
    "x",
    "YYYY",
    "MM",
    "DD",
    "T",
    "Z",
    "Beijing",
}
LATIN = re.compile(r"(?<![\w.@/:-])[A-Za-z][A-Za-z_]*(?![\w.@/:-])")
# Whole tokens that are not words: URLs, mailboxes, ids (with a dot or hyphen), options.
NOT_WORDS = re.compile(
    r"https?://\S+|tel:\S+|[\w.+-]+@[\w.-]+|--?[a-z][\w-]*|\b[a-z]+(?:[.-][a-z0-9]+)+\b"
)
CHINESE_COMMANDS = [
    [],
    ["search", "债券"],
    ["show", "廉政监督"],
    ["show", "integrity"],
    ["list"],
    ["dial", "廉政监督", "--at", "2026-12-01T10:00"],
    ["dial", "上市公司", "--at", "2026-12-05T10:00"],
    ["hours", "--at", "2026-12-01T10:00"],
    ["hours", "--at", "2026-10-10T10:00"],
    ["due", "申报前", "--from", "2026-09-28"],
    ["search", "嘤嘤嘤"],
    ["serach", "债券"],
    ["search", "--limit", "0", "债券"],
    ["hours", "--now", "--at", "2026-12-01T10:00"],
    *([name, "--help"] for name in CASES_HELP),
    ["--help"],
]


def _stray_words(text: str, data_words: set[str]) -> list[str]:
    text = NOT_WORDS.sub(" ", text)
    return sorted({w for w in LATIN.findall(text) if w not in ALLOWED | data_words})


@pytest.fixture(scope="module")
def english_names() -> set[str]:
    """The directory's own English (names and summaries, shown as data beside the Chinese),
    its ids, the command names and the mistyped one the tests use."""
    from sse_channels import api

    d = api.load(None)
    texts = [a.name_en for a in d.areas] + [a.id for a in d.areas]
    texts += [t for c in d.channels for t in (c.name_en, c.summary_en, c.id)]
    words = {w for t in texts for w in re.findall(r"[A-Za-z]+", t)}
    return words | set(CASES_HELP) | {"serach"}


@pytest.mark.parametrize("drawn", [False, True], ids=["piped", "drawn"])
@pytest.mark.parametrize("args", CHINESE_COMMANDS, ids=lambda a: " ".join(a) or "(overview)")
def test_chinese_output_has_no_stray_english_word(run, monkeypatch, english_names, args, drawn):
    if drawn:
        monkeypatch.setattr(stdio, "is_tty", lambda: True)
    _, out, err = run("--lang", "zh", "--color", "never", *args, env={"COLUMNS": "100"})
    # Tab-separated rows are for programs, the same in every language (test_piped_lines).
    said = [x for x in out.splitlines() if drawn or "\t" not in x]
    assert _stray_words("\n".join(said) + err, english_names) == []
