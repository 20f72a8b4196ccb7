"""Answers people can trust: the right desk first for questions in their own words, a
`confidence` on every result, an honest "not sure" with the general line, and no desk at all
for what the exchange does not handle."""

from __future__ import annotations

import json

import pytest

from sse_channels import store
from sse_channels.search import facets, scope
from sse_channels.search.audience import parse_role
from sse_channels.search.confidence import Confidence, rate

PETITIONS = "petitions.phone"
INTEGRITY = "integrity.phone"
HOTLINE = "investor-services.hotline"
CENTRE = "investor-services.personal-center"
NOT_SURE = (
    "not sure this is the right desk; if in doubt, call Investor service hotline"
    " · 投资者服务热线 4008888400 → 1\n"
)


@pytest.fixture(scope="module")
def searcher():
    return store.searcher(None)


def _first(searcher, query, role=None):
    return searcher.for_role(role).search(query, 3)[0].channel.id


def _is(found, expected):
    """A channel id is that channel; an area id (no dot) is any channel of that desk."""
    return found == expected or ("." not in expected and found.split(".")[0] == expected)


# --------------------------------------------------------------------------- the right desk


@pytest.mark.parametrize(
    ("query", "first"),
    [
        # refinancing words reach the review desks, not the bond desk or nothing
        ("定增", "ipo-review.system"),
        ("定向增发找哪个部门", "ipo-review.system"),
        ("可转债", "ipo-review.system"),
        ("再融资", "ipo-review.system"),
        ("dingzeng", "ipo-review.system"),
        # synonyms: 证券公司 = 券商 = 营业部
        ("我的证券公司收费太高", HOTLINE),
        ("券商乱收费", HOTLINE),
        ("营业部收我的佣金比说好的高", HOTLINE),
        # near-homophones and slips of topic terms are typos
        ("内募交易", PETITIONS),
        ("老鼠舱", PETITIONS),
        ("财务找假", PETITIONS),
        ("数字正书过期了", "certificates.cnsca"),
        # a specific annex match beats a general topic; initials of an area name its desks
        ("融资融券测试结果", CENTRE),
        ("融资融券测试结果在哪看", CENTRE),
        ("上证e互动", CENTRE),
        ("zq", "bond-review.phone"),
        # who misbehaves decides the desk
        ("上交所审核人员收了企业的好处", INTEGRITY),
        ("交易所员工违规炒股", INTEGRITY),
        ("向交易所纪委反映问题", "integrity"),  # the desk; no means named
        ("营业部员工私自用我的账户买股票", PETITIONS),
        ("证券公司的人挪用了我的保证金", PETITIONS),
        ("有人打电话说是上交所的工作人员，让我把钱转到安全账户", PETITIONS),
        # stages of the listing desks
        ("项目还没报想先沟通一下", "ipo-review.pre-filing"),
        ("还没签辅导协议能咨询吗", "ipo-review.pre-filing"),
        ("并购重组申报前能先沟通吗", "ipo-review.pre-filing"),
        ("项目在审想约审核老师当面沟通", "ipo-review.in-review"),
        ("反馈意见看不懂找谁", "ipo-review.in-review"),
        ("我们的审核到哪一步了", "ipo-review.disclosure"),
        ("在审债券项目 联系审核人员", "bond-review.phone"),
        # the means named picks the channel within the desk
        ("举报邮箱是多少", "petitions.email"),
        ("举报材料寄到哪里", "petitions.letter"),
        ("可以当面去交易所举报吗", "petitions.reception"),
        ("纪委举报信寄到哪", "integrity.letter"),
        ("廉政监督的信寄哪", "integrity.letter"),
        ("投资者咨询邮箱", "investor-services.email"),
        ("债券项目想当面沟通", "bond-review.onsite"),
        # how to reach the exchange, and nothing else: its general desk
        ("上交所的邮箱是多少", "investor-services.email"),
        ("上交所电话多少", HOTLINE),
        ("how to contact the exchange", HOTLINE),
    ],
)
def test_questions_in_peoples_words_reach_the_right_desk_first(searcher, query, first):
    assert _is(_first(searcher, query), first)


def test_a_board_secretary_asking_about_refinancing_gets_the_review_line(run):
    code, out, err = run("--as", "company", "再融资", "-n", "1")
    assert (code, err) == (0, "")
    assert out.startswith("ipo-review.phone\t")


def test_an_investor_asking_about_convertibles_is_not_sent_to_refinancing(searcher):
    assert _first(searcher, "可转债", "investor") != "ipo-review.system"
    assert _first(searcher, "可转债怎么买") == HOTLINE


# --------------------------------------------------------------------------- facets


@pytest.mark.parametrize(
    ("query", "means"),
    [
        ("举报电话打几号", facets.Means.PHONE),
        ("投资者服务的邮箱地址", facets.Means.EMAIL),
        ("举报信的地址", facets.Means.LETTER),
        ("廉政监督传真号码", facets.Means.FAX),
        ("想当面沟通", facets.Means.ONSITE),
        ("发行上市审核系统登录", facets.Means.SYSTEM),
        ("规则在哪下载", facets.Means.RULES),
        ("官网在哪下载", facets.Means.SITE),
        ("问询回复在哪公示", facets.Means.DISCLOSED),
        ("技术服务微信", facets.Means.WECHAT),
        ("技术服务有qq群吗", facets.Means.QQ),
        ("where can the public read the inquiry letters", facets.Means.SITE),
        ("信息披露规则", facets.Means.RULES),
        ("信息披露联络人", None),
        # a means refused is not the one asked
        ("在网上填个表咨询行不行 我不想打电话", None),
        ("不方便打电话 发邮件可以吗", facets.Means.EMAIL),
        ("打不通电话", facets.Means.PHONE),
        ("我现在不方便打电话", None),
        ("没法登录系统", facets.Means.SYSTEM),  # trouble, not a refusal
        ("特别想打电话问问", facets.Means.PHONE),
    ],
)
def test_the_means_a_question_names(query, means):
    assert facets.means_of(query) == means


@pytest.mark.parametrize(
    ("query", "staff", "firm"),
    [
        ("上交所工作人员吃拿卡要", True, False),
        ("交易所的审核员收钱", True, False),
        ("营业部员工私自买卖", False, True),
        ("基金经理老鼠仓", False, True),
        ("冒充交易所工作人员要我转账", False, False),
        ("内幕交易", False, False),
    ],
)
def test_who_misbehaves(query, staff, firm):
    assert (facets.exchange_staff(query), facets.firm_staff(query)) == (staff, firm)


@pytest.mark.parametrize(
    ("query", "only"),
    [
        ("上交所的邮箱是多少", True),
        ("怎么联系上交所", True),
        ("how to contact the exchange", True),
        ("上交所债券邮箱", False),
        ("邮箱", False),  # no exchange named: a word of the directory
    ],
)
def test_a_question_only_about_reaching_the_exchange(query, only):
    assert facets.only_contact(query) is only


def test_synonyms_are_written_one_way():
    assert facets.same_words("我的证券公司收费太高") == "我的券商收费太高"
    assert facets.same_words("上交所纪委") == "交易所纪检"
    assert facets.same_words("债券") == "债券"


# --------------------------------------------------------------------------- confidence


@pytest.mark.parametrize(
    ("query", "confidence"),
    [
        ("举报内幕交易", Confidence.HIGH),  # a topic term written
        ("债券 邮箱", Confidence.HIGH),  # whole words of the directory, a clear lead
        ("老鼠舱", Confidence.MEDIUM),  # a topic term found by its sound
        ("我要投诉", Confidence.MEDIUM),  # a general topic
        ("有个问题想咨询一下交易所", Confidence.LOW),  # nothing says which desk
    ],
)
def test_confidence_of_the_first_answer(searcher, query, confidence):
    assert rate(query, searcher.search(query, 5))[0] == confidence


def test_no_result_is_more_sure_than_the_first(searcher):
    for query in ("债券", "举报", "有个问题想咨询一下交易所", "上证e互动"):
        levels = list(rate(query, searcher.search(query, 10)))
        order = ["high", "medium", "low"]
        assert all(order.index(x) >= order.index(levels[0]) for x in levels), query


def test_every_json_result_carries_a_language_neutral_confidence(run):
    code, out, _ = run("search", "债券", "--json", "-n", "3")
    assert code == 0
    assert [r["confidence"] for r in json.loads(out)] == ["medium", "medium", "medium"]
    assert run("--lang", "zh", "search", "债券", "--json", "-n", "3")[1] == out


def test_a_low_first_answer_says_not_sure_and_gives_the_general_line(run):
    code, out, err = run("有个问题想咨询一下交易所", "-n", "1")
    assert code == 0
    first = out.split("\t")[0]
    assert out.count("\n") == 1 and store.searcher(None).directory.channel(first) is not None
    assert err == NOT_SURE


def test_a_low_first_answer_says_not_sure_in_chinese(run):
    code, _, err = run("--lang", "zh", "有个问题想咨询一下交易所", "-n", "1")
    assert code == 0
    assert err == "无法确定以上渠道是否对口；如有疑问，可拨打投资者服务热线 4008888400 → 1\n"


def test_json_has_no_not_sure_line_on_stderr(run):
    code, out, err = run("有个问题想咨询一下交易所", "-n", "1", "--json")
    assert (code, err) == (0, "")
    assert json.loads(out)[0]["confidence"] == "low"


def test_a_sure_answer_says_nothing_more(run):
    assert run("举报内幕交易", "-n", "1")[2] == ""


# --------------------------------------------------------------------------- out of scope


@pytest.mark.parametrize(
    "query",
    [
        "北交所上市咨询",
        "深交所的投诉电话",
        "明天哪只股票会涨",
        "今天上海天气怎么样",
        "个人所得税怎么退税",
        "which stock should I buy tomorrow",
        "weather in Shanghai",
    ],
)
def test_no_desk_of_the_exchange_for_what_it_does_not_handle(run, query):
    code, out, err = run(query)
    assert (code, out) == (1, "")
    assert err == (
        f"error: no desk of the exchange for this: “{query}”\n"
        "if in doubt, call Investor service hotline · 投资者服务热线 4008888400 → 1\n"
    )
    assert run(query, "--json")[:2] == (1, "[]\n")


def test_no_desk_in_chinese(run):
    assert run("--lang", "zh", "北交所上市咨询")[2] == (
        "错误：该问题不在上交所受理范围内：“北交所上市咨询”\n"
        "如有疑问，可拨打投资者服务热线 4008888400 → 1\n"
    )


@pytest.mark.parametrize(
    "query",
    [
        "深交所EKey数字证书 续期",  # a topic of this exchange's, asked of another
        "深圳证券交易所 上市仪式 敲钟 联系",
        "How do I contact the Hong Kong Stock Exchange listing department?",
        "深教所 创业版 申报 系统",  # typed by its sound
        "shen jiao suo ke fu dian hua",
        "上海黄金交易所 开户",
        "证监会12386热线 投诉怎么打",
    ],
)
def test_another_market_or_body_is_never_this_exchanges_desk(searcher, query):
    assert searcher.out_of_scope(query)


@pytest.mark.parametrize(
    ("query", "first"),
    [("北交所转板到科创板", "ipo-review.system"), ("荐股群 stock tips", PETITIONS)],
)
def test_another_market_named_with_this_exchanges_business_is_in_scope(searcher, query, first):
    assert not searcher.out_of_scope(query)
    assert _first(searcher, query) == first


# --------------------------------------------------------------------------- help, hours


@pytest.mark.parametrize("word", ["help", "帮助", "HELP"])
def test_help_alone_shows_the_help(run, word):
    code, out, _ = run(word)
    assert code == 0
    assert out == run("--help")[1]


def test_help_after_the_groups_options_is_help_too(run):
    assert run("--lang", "zh", "帮助")[1] == run("--lang", "zh", "--help")[1]


def test_help_inside_a_query_is_a_word_of_it(run):
    code, out, _ = run("投诉", "help")
    assert code == 0
    assert out.startswith(HOTLINE + "\t")


@pytest.mark.parametrize(
    "query", ["现在有人接电话吗", "is the hotline open now", "热线现在能打通吗"]
)
def test_is_it_open_now_points_to_hours(run, query):
    code, out, err = run(query, "-n", "1")
    assert code == 0
    assert out.startswith(HOTLINE + "\t")
    assert err == "whether it is staffed now: sse-channels hours 投资者服务热线\n"


def test_open_now_names_the_desk_asked_about(run):
    code, out, err = run("技术热线现在有人吗", "-n", "1")
    assert code == 0
    assert out.startswith("tech.hotline\t")
    assert err == "whether it is staffed now: sse-channels hours 技术服务热线\n"


def test_open_now_words():
    assert scope.open_now("现在有人接电话吗")
    assert scope.open_now("is the hotline open now")
    assert not scope.open_now("现场咨询")
    assert scope.without_open_now("is the hotline open now") == ""
    assert scope.without_open_now("技术热线现在有人吗") == "技术热线"
    # the time it is asked at names no desk either
    assert scope.open_now("请问发行上市审核的咨询电话中午12点半有人接吗")
    assert (
        scope.without_open_now("请问发行上市审核的咨询电话中午12点半有人接吗")
        == "发行上市审核的咨询电话"
    )
    assert scope.without_open_now("请问公司债审核的事现在打电话还有人吗 已经下午五点多了") == (
        "公司债审核的事 打电话"
    )
    assert scope.without_open_now("接待日现在有人吗") == "接待日"
    # desk words that hold 不, 还 or 点 are no times of day
    assert scope.without_open_now("一点通 现在有人接电话吗") == "一点通 电话"
    assert scope.without_open_now("不良资产 现在有人吗") == "不良资产"
    assert scope.without_open_now("还款 现在有人吗") == "还款"


# --------------------------------------------------------------------------- roles


@pytest.mark.parametrize(
    ("typed", "role"),
    [
        ("投资者", "investor"),
        ("股民", "investor"),
        ("散户", "investor"),
        ("上市公司", "company"),
        ("董秘", "company"),
        ("公司", "company"),
        ("保荐机构", "sponsor"),
        ("承销商", "underwriter"),
        ("会员", "member"),
        ("券商", "member"),
        ("基金公司", "fund"),
        ("技术", "tech"),
        ("公众", "public"),
        (" 董秘 ", "company"),
    ],
)
def test_roles_in_chinese(typed, role):
    assert parse_role(typed) == role


def test_a_chinese_role_answers_as_its_english_one(run):
    assert run("--as", "董秘", "再融资") == run("--as", "company", "再融资")
    assert run("search", "电话", "--as", "保荐机构", "-n", "3") == run(
        "search", "电话", "--as", "sponsor", "-n", "3"
    )


def test_a_role_filter_that_removes_every_match_says_what_it_removed(run):
    code, out, err = run("--as", "investor", "发行上市审核系统")
    assert (code, out) == (1, "")
    assert err == (
        "error: every match is for other roles than investor, so --as left out: "
        "发行上市审核系统 (ipo-review.system), 申报前现场咨询沟通 (ipo-review.pre-filing), "
        "审核中现场咨询沟通 (ipo-review.in-review)\n"
        "ask without --as to see them\n"
    )
    assert run("--as", "investor", "发行上市审核系统", "--json")[:2] == (1, "[]\n")


# --------------------------------------------------------------------------- by structure


@pytest.mark.parametrize(
    ("query", "first"),
    [
        # a desk named in the words beats "may I ask"
        ("请问上交所债券审核那边的电话几点到几点有人接", "bond-review.phone"),
        ("请问发行上市审核的咨询电话中午12点半有人接吗", "ipo-review.phone"),
        # pinyin a syllable a word
        ("ji shu fu wu re xian", "tech.hotline"),
        ("yan sheng pin yu ji jin ye wu ping tai", "innovative-products.fund-platform"),
        # talking something over in person is no visit of the exchange
        ("主承销商想预约去上交所当面沟通发行方案", "underwriting.onsite"),
        ("想去上交所当面问一下规则适用的问题 怎么预约来访", "listed-co.visit"),
        ("参观上交所 怎么预约", "investor-services.edu-base"),
        # a complaint by letter or in person: the petitions desk takes those
        ("I want to send a written complaint by post to the SSE. What's the mailing address?",
         "petitions.letter"),
        # a suggestion by letter is still the investor desk's, and an address is a place's
        ("对上交所的工作有建议可以写信吗", "investor-services"),
        ("上交所投教基地地址", "investor-services.edu-base"),
    ],
)  # fmt: skip
def test_the_structure_of_a_question_decides_the_desk(searcher, query, first):
    assert _is(_first(searcher, query), first)


def test_pinyin_a_syllable_a_word_is_paired_only_when_it_can_be():
    from sse_channels.search.query import terms_of

    assert terms_of("ji shu fu wu re xian") == ["jishu", "fuwu", "rexian"]
    assert terms_of("xin fang you xiang") == ["xinfang", "youxiang"]  # before stopwords go
    assert terms_of("ke chuang ban dian hua") == ["ke", "chuang", "ban", "dian", "hua"]
    assert terms_of("bond review phone fax") == ["bond", "review", "phone", "fax"]


@pytest.mark.parametrize("query", ["规则", "信函"])
def test_two_desks_tied_on_words_alone_is_not_sure(searcher, query):
    results = searcher.search(query, 3)
    assert results[0].score - results[1].score < 0.05
    assert results[0].channel.area != results[1].channel.area
    assert rate(query, results)[0] == Confidence.LOW


def test_channels_of_one_desk_tied_are_no_guess_of_the_desk(searcher):
    results = searcher.search("债券", 3)
    assert {r.channel.area for r in results} == {"bond-review"}
    assert rate("债券", results)[0] != Confidence.LOW
