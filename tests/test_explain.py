"""`search --explain`: which query word met which field of the record or which topic, by which
step, at which tier and how strongly; `show` names the topic that led to a channel."""

from __future__ import annotations

import json

import pytest
from rich.console import Console

from sse_channels import answers, store
from sse_channels.cli import click_text as i18n
from sse_channels.output import plain as describe
from sse_channels.output import stdio
from sse_channels.output import terminal as render
from sse_channels.output.as_json import json_value
from sse_channels.search import STEPS, Field, KeyKind, Nearby, Reason, Result, Tier

LAW_54 = (
    "证券法第五十四条（禁止证券、基金等金融机构从业人员利用因职务便利获取的内幕信息以外的其他"
    "未公开的信息从事相关交易）"
)
LAW_50 = (
    "证券法第五十条至第五十三条（禁止内幕交易，内幕信息知情人、内幕信息的范围）；"
    "第一百九十一条（法律责任）"
)


def test_rat_trading_shows_its_topic_and_source_in_english(run):
    code, out, err = run("search", "老鼠仓", "--explain", "-n", "2")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "petitions.phone\t信访举报\t信访举报电话\t4008888400 → 1 → 3\t"
        "trading days 08:45-11:30, 13:00-17:00",
        f"  老鼠仓 → matched topic 利用未公开信息交易（老鼠仓） → 信访举报 (source: {LAW_54})",
        "petitions.email\t信访举报\t信访举报邮箱\tssexf@sse.com.cn\t",
        f"  老鼠仓 → matched topic 利用未公开信息交易（老鼠仓） → 信访举报 (source: {LAW_54})",
    ]


def test_rat_trading_shows_its_topic_and_source_in_chinese(run):
    code, out, err = run("--lang", "zh", "search", "老鼠仓", "--explain", "-n", "2")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "petitions.phone\t信访举报\t信访举报电话\t4008888400 → 1 → 3\t"
        "trading days 08:45-11:30, 13:00-17:00",  # a row for programs: the same in every language
        f"  老鼠仓 → 命中主题“利用未公开信息交易（老鼠仓）” → 信访举报，依据：{LAW_54}",
        "petitions.email\t信访举报\t信访举报邮箱\tssexf@sse.com.cn\t",
        f"  老鼠仓 → 命中主题“利用未公开信息交易（老鼠仓）” → 信访举报，依据：{LAW_54}",
    ]


@pytest.mark.parametrize(
    ("lang", "lines"),
    [
        (
            "en",
            [
                "  债券 → Chinese name: 债券业务邮件咨询 (prefix, 6.00, Chinese text)",
                "  邮箱 → kind of channel: 邮箱 (exact, 8.01, Chinese text)",
            ],
        ),
        (
            "zh",
            [
                "  债券 → 中文名称：债券业务邮件咨询（按中文，开头匹配，得分 6.00）",
                "  邮箱 → 渠道类型：邮箱（按中文，完全匹配，得分 8.01）",
            ],
        ),
    ],
)
def test_each_word_names_its_field_tier_score_and_step(run, lang, lines):
    code, out, _ = run("--lang", lang, "search", "债券", "邮箱", "--explain", "-n", "1")
    assert code == 0
    assert out.splitlines()[1:] == lines


def test_pinyin_says_it_was_read_as_pinyin(run):
    code, out, _ = run("search", "zhaiquan", "--explain", "-n", "1")
    assert code == 0
    assert out.splitlines()[1:] == [
        "  zhaiquan → Chinese name: 债券业务电话咨询 (prefix, 5.40, inside a pinyin reading)"
    ]


@pytest.mark.parametrize(
    ("lang", "lines"),
    [
        (
            "en",
            [
                "  想上市 → matched topic 按地区咨询上市 → 市场服务 (source: 渠道一览表 市场服务"
                " 2(1)-(5)（总机及北方基地、南方中心、西部基地、中部基地的地址和电话）)",
                "    北京: the listing-service office nearest to 河北, about 264 km"
                " (suggested by distance, not a jurisdiction)",
            ],
        ),
        (
            "zh",
            [
                "  想上市 → 命中主题“按地区咨询上市” → 市场服务，依据：渠道一览表 市场服务"
                " 2(1)-(5)（总机及北方基地、南方中心、西部基地、中部基地的地址和电话）",
                "    距河北最近的上市服务点在北京，直线距离约 264 公里"
                "（仅按距离推荐，不代表属地对口关系）",
            ],
        ),
    ],
)
def test_the_nearest_office_reads_as_a_suggestion_by_distance(run, lang, lines):
    code, out, _ = run("--lang", lang, "search", "河北", "想上市", "--explain", "-n", "1")
    assert code == 0
    assert out.splitlines()[0].startswith("market-services.north\t")
    assert out.splitlines()[1:] == lines


# --------------------------------------------------------------------------- JSON


def test_json_reasons_are_codes_and_the_same_bytes_in_both_languages(run):
    _, en, _ = run("--lang", "en", "search", "老鼠仓", "--explain", "--json", "-n", "1")
    code, zh, _ = run("--lang", "zh", "search", "老鼠仓", "--explain", "--json", "-n", "1")
    assert code == 0
    assert en == zh
    (result,) = json.loads(en)
    assert result["tier"] == "exact"
    assert result["reasons"] == [
        {
            "term": "老鼠仓",
            "field": "topic",
            "key": "non-public-info",
            "kind": "topic",
            "tier": "exact",
            "score": 4.0,
            "step": "topic",
            "text": "利用未公开信息交易（老鼠仓）",
            "topic": {
                "id": "non-public-info",
                "name_zh": "利用未公开信息交易（老鼠仓）",
                "name_en": 'Trading on non-public information (front-running, "rat trading")',
                "channel": "petitions.phone",
                "route": ["1", "3"],
                "source": {
                    "law": LAW_54,
                    "annex": "信访举报 1",
                    "reason_zh": "老鼠仓属于证券法禁止的利用未公开信息交易，按违法违规线索举报。",
                    "unsure": "",
                    "quote_zh": "",
                },
                "note_zh": "",
            },
        }
    ]


def test_json_field_reasons_name_the_step_as_a_code(run):
    code, out, _ = run("--lang", "zh", "search", "债券", "邮箱", "--explain", "--json", "-n", "1")
    assert code == 0
    (result,) = json.loads(out)
    assert result["tier"] == "prefix"
    assert result["reasons"] == [
        {
            "term": "债券",
            "field": "name_zh",
            "key": "债券业务邮件咨询",
            "kind": "text",
            "tier": "prefix",
            "score": 6.0025,
            "step": "chinese_text",
            "text": "债券业务邮件咨询",
        },
        {
            "term": "邮箱",
            "field": "kind",
            "key": "邮箱",
            "kind": "text",
            "tier": "exact",
            "score": 8.01,
            "step": "chinese_text",
            "text": "邮箱",
        },
    ]


def test_json_without_explain_is_as_before(run):
    _, plain, _ = run("search", "老鼠仓", "--json")
    _, explained, _ = run("search", "老鼠仓", "--json", "--explain")
    before = json.loads(plain)
    assert all("reasons" not in r and "tier" not in r for r in before)
    after = json.loads(explained)
    assert [{k: v for k, v in r.items() if k not in ("reasons", "tier")} for r in after] == before


def test_json_names_the_nearest_office(run):
    code, out, _ = run("search", "河北", "想上市", "--explain", "--json", "-n", "1")
    assert code == 0
    (reason,) = json.loads(out)[0]["reasons"]
    assert (reason["field"], reason["topic"]["id"], reason["near"]) == (
        "topic",
        "listing-by-region",
        {"place_zh": "河北", "city_zh": "北京", "km": 264},
    )


# --------------------------------------------------------------------------- drawn


def test_drawn_search_puts_the_reasons_under_each_result(run, monkeypatch):
    monkeypatch.setattr(stdio, "is_tty", lambda: True)
    code, out, _ = run(
        "--lang",
        "zh",
        "--color",
        "never",
        "search",
        "老鼠仓",
        "--explain",
        "-n",
        "2",
        env={"COLUMNS": "80"},
    )
    assert code == 0
    assert out.splitlines() == [
        "信访举报电话  信访举报",
        "  4008888400 → 1 → 3",
        "  交易日 08:45-11:30、13:00-17:00",
        "  老鼠仓 → 命中主题“利用未公开信息交易（老鼠仓）” → 信访举报，依据：证券法第五十",
        "  四条（禁止证券、基金等金融机构从业人员利用因职务便利获取的内幕信息以外的其他未",
        "  公开的信息从事相关交易）",
        "",
        "信访举报邮箱  信访举报",
        "  ssexf@sse.com.cn",
        "  老鼠仓 → 命中主题“利用未公开信息交易（老鼠仓）” → 信访举报，依据：证券法第五十",
        "  四条（禁止证券、基金等金融机构从业人员利用因职务便利获取的内幕信息以外的其他未",
        "  公开的信息从事相关交易）",
        "",
    ]


def test_drawn_search_without_explain_is_still_the_table(run, monkeypatch):
    monkeypatch.setattr(stdio, "is_tty", lambda: True)
    code, out, _ = run("--color", "never", "search", "老鼠仓", "-n", "1", env={"COLUMNS": "100"})
    assert code == 0
    assert out.splitlines()[1].split() == ["Area", "Channel", "How", "to", "reach", "Hours"]
    assert "matched topic" not in out


# --------------------------------------------------------------------------- show


def test_show_names_the_topic_that_led_to_the_channel(run):
    code, out, _ = run("show", "内幕交易")
    assert code == 0
    assert out.splitlines() == [
        "petitions.phone\t信访举报电话",
        f"\tmatched topic 内幕交易 → 信访举报 (source: {LAW_50})",
        "\t4008888400 → 1 → 3",
        "\thours: trading days 08:45-11:30, 13:00-17:00",
    ]


def test_show_piped_names_the_topic_the_same_in_chinese(run):
    code, out, _ = run("--lang", "zh", "show", "内幕交易")
    assert code == 0
    assert out.splitlines()[1] == f"\tmatched topic 内幕交易 → 信访举报 (source: {LAW_50})"


def test_show_by_id_or_area_has_no_topic_line(run):
    for query in ("petitions.phone", "信访举报"):
        code, out, _ = run("show", query)
        assert code == 0
        assert "matched topic" not in out, query


def test_drawn_show_puts_the_topic_above_the_panel(run, monkeypatch):
    monkeypatch.setattr(stdio, "is_tty", lambda: True)
    code, out, _ = run("--color", "never", "show", "内幕交易", env={"COLUMNS": "100"})
    assert code == 0
    lines = out.splitlines()
    assert lines[:2] == [
        "matched topic 内幕交易 → 信访举报 (source: 证券法第五十条至第五十三条"
        "（禁止内幕交易，内幕信息知情",
        "人、内幕信息的范围）；第一百九十一条（法律责任）)",
    ]
    assert lines[2].startswith("╭─ Petitions and reports phone line ")


# --------------------------------------------------------------------------- hand-built reasons


def _asked(directory):
    """A result as the audience-aware search gives it: a topic with the nearest office, a
    who-is-asking boost and a field hit."""
    layer = store.load_topics()
    assert layer is not None
    topic = next(t for t in layer.topics if t.id == "listing-by-region")
    ch = directory.channel("market-services.north")
    return Result(
        ch,
        12.5,
        (),
        ("上交所北方基地",),
        Tier.PREFIX,
        (
            Reason(
                "想上市",
                Field.TOPIC,
                topic.id,
                KeyKind.TOPIC,
                Tier.EXACT,
                3.0,
                "topic",
                topic.name_zh,
                topic,
                Nearby("河北", "北京", 264),
            ),
            Reason(
                "我们公司",
                Field.AUDIENCE,
                "company",
                KeyKind.TEXT,
                Tier.EXACT,
                0.5,
                "audience",
                "企业",
            ),
            Reason(
                "北方",
                Field.NAME_ZH,
                "上交所北方基地",
                KeyKind.TEXT,
                Tier.SUBSTRING,
                4.0,
                "chinese text",
                "上交所北方基地",
            ),
        ),
    )


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            [
                "想上市 → matched topic 按地区咨询上市 → 市场服务 (source: 渠道一览表 市场服务"
                " 2(1)-(5)（总机及北方基地、南方中心、西部基地、中部基地的地址和电话）)",
                "  北京: the listing-service office nearest to 河北, about 264 km"
                " (suggested by distance, not a jurisdiction)",
                "我们公司 → who is asking: company (+0.50)",
                "北方 → Chinese name: 上交所北方基地 (substring, 4.00, Chinese text)",
            ],
        ),
        (
            "zh",
            [
                "想上市 → 命中主题“按地区咨询上市” → 市场服务，依据：渠道一览表 市场服务"
                " 2(1)-(5)（总机及北方基地、南方中心、西部基地、中部基地的地址和电话）",
                "  距河北最近的上市服务点在北京，直线距离约 264 公里"
                "（仅按距离推荐，不代表属地对口关系）",
                "我们公司 → 服务对象：企业（与提问人身份相符，加 0.50 分）",
                "北方 → 中文名称：上交所北方基地（按中文，部分匹配，得分 4.00）",
            ],
        ),
    ],
)
def test_audience_boosts_and_the_nearest_office_are_worded(lang, expected):
    directory = store.load()[0]
    i18n.set_language(lang)
    assert describe.reason_lines(_asked(directory), directory) == expected


def test_audience_reasons_in_json_and_drawn():
    directory = store.load()[0]
    answer = answers.SearchAnswer("我们公司 河北 想上市", (_asked(directory),), directory, True)
    reasons = json_value(answer)[0]["reasons"]
    assert [(x["field"], x["step"], x.get("near")) for x in reasons] == [
        ("topic", "topic", {"place_zh": "河北", "city_zh": "北京", "km": 264}),
        ("audience", "audience", None),
        ("name_zh", "chinese_text", None),
    ]
    con = Console(width=200, record=True, color_system=None, force_terminal=True)
    con.print(render.draw(answer))
    lines = [x.rstrip() for x in con.export_text(styles=False).splitlines()]
    assert lines[4:8] == [
        "  想上市 → matched topic 按地区咨询上市 → 市场服务 (source: 渠道一览表 市场服务 2(1)-(5)"
        "（总机及北方基地、南方中心、西部基地、中部基地的地址和电话）)",
        "    北京: the listing-service office nearest to 河北, about 264 km"
        " (suggested by distance, not a jurisdiction)",
        "  我们公司 → who is asking: company (+0.50)",
        "  北方 → Chinese name: 上交所北方基地 (substring, 4.00, Chinese text)",
    ]


# --------------------------------------------------------------------------- labels


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_field_and_tier_has_its_own_label(lang):
    i18n.set_language(lang)
    fields = [describe.field_label(f) for f in Field]
    tiers = [describe.tier_label(t) for t in Tier]
    assert len(set(fields)) == len(Field)
    assert len(set(tiers)) == len(Tier)
    assert all(fields) and all(tiers)


def test_every_step_is_worded_in_chinese():
    names = [s.name for s in STEPS] + ["topic", "audience"]
    i18n.set_language("en")
    english = [describe.step_label(n) for n in names]
    i18n.set_language("zh")
    chinese = [describe.step_label(n) for n in names]
    assert [e.lower() for e in english] == names
    assert all(c.startswith("按") for c in chinese), chinese
    assert len(set(chinese)) == len(names)


def test_an_annex_source_that_names_the_table_is_not_prefixed_twice(run):
    code, out, _ = run("--lang", "zh", "search", "EKey过期", "--explain", "-n", "1")
    assert code == 0
    assert "依据：一览表各栏“持 EKey 登录”处的链接" in out
    assert "渠道一览表 一览表" not in out
