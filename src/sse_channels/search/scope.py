"""What a question asks besides a desk: whether the exchange has a desk for it at all (another
exchange, stock tips, the weather, taxes), and whether it asks if a desk is open now (which
`hours` answers, not a search).

Plain substring tests, not regular expressions: compiling them would cost every run's start-up.
"""

from __future__ import annotations

from sse_channels.textnorm import norm, words

# Matters the exchange has no desk for: Chinese found anywhere in the normalised query, English
# as whole words or phrases.
# Another exchange or market: whatever is asked of it (its listing desk, its certificates, its
# bonds) is its own business, never this exchange's.
OTHER_MARKETS = (
    "深交所", "深圳证券交易所", "北交所", "北京证券交易所", "港交所", "香港交易所", "联交所",
    "纳斯达克", "纽交所", "伦交所", "期货交易所", "上期所", "大商所", "郑商所", "中金所", "广期所",
    "黄金交易所", "金交所", "商品交易所", "能源交易中心", "新三板", "全国股转", "股转系统",
)  # fmt: skip
# This exchange's own names, which end as other markets' do (上交所, 深交所).
OWN_NAMES = frozenset(("上交所", "上海证券交易所", "证券交易所", "交易所", "上证所"))
# Their names as people type them in pinyin, joined (shen jiao suo).
OTHER_MARKETS_PINYIN = ("shenjiaosuo", "beijiaosuo", "gangjiaosuo", "lianjiaosuo", "xinsanban")
_ELSEWHERE_ZH = (
    *OTHER_MARKETS,
    # other bodies: the regulator, the clearing house, trading software, banks' products
    "证监会", "12386", "中国结算", "中登", "一码通", "同花顺", "东方财富", "通达信", "大智慧",
    "理财产品", "银行理财",
    # stock tips and forecasts
    "哪只股票", "哪个股票", "什么股票好", "买什么股", "会涨吗", "能涨吗", "会不会涨", "涨不涨",
    "推荐一只", "推荐几只", "后市", "大盘走势", "怎么看大盘", "抄底", "翻倍的股", "牛股是哪",
    # weather, taxes and the rest of daily life
    "天气", "下雨", "气温", "台风", "个税", "个人所得税", "退税", "报税", "交税", "纳税", "社保",
    "公积金", "医保", "信用卡", "银行卡", "房贷", "快递", "签证", "护照", "驾照", "彩票",
    "保险理赔", "车险", "房价", "买房", "存款利率", "贷款利率", "汇率", "外汇", "黄金价格", "金价",
    "比特币", "数字货币", "虚拟货币", "基金净值", "股价是多少", "股价多少", "目标价", "机票",
    "火车票", "酒店", "外卖", "营业执照", "工商注册", "离婚", "户口", "落户", "招聘", "找工作",
    "实习", "违章",
)  # fmt: skip
_OTHER_MARKETS_EN_WORDS = frozenset({"szse", "hkex", "nasdaq", "nyse", "bse", "lse"})
_OTHER_MARKETS_EN = (
    "shenzhen stock exchange", "beijing stock exchange", "hong kong exchange",
    "hong kong stock exchange", "new york stock exchange", "london stock exchange",
    "futures exchange", "gold exchange", "us brokerage", "us stock", "u.s. stock",
)  # fmt: skip
_ELSEWHERE_EN_WORDS = _OTHER_MARKETS_EN_WORDS | frozenset(
    {"weather", "bitcoin", "crypto", "mortgage", "visa", "csrc"}
    | {"passport", "lottery", "insurance", "hiring", "internship"}
)
_ELSEWHERE_EN = (
    *_OTHER_MARKETS_EN,
    "which stock", "stocks to buy", "stock to buy", "go up",
    "price forecast", "stock tip", "stock tips", "income tax", "tax return", "share price",
    "stock price", "exchange rate", "job opening", "job at",
)  # fmt: skip
# A question about another market that is this exchange's business: 北交所 to 科创板 is a
# 转板, which this exchange's review desks take.
_OURS_TOO = ("转板", "board transfer")

# "Is it open now": 现在有人接电话吗, 热线开着吗, is the hotline open now.
_NOW_ZH = ("有人", "接电话", "接听", "上班", "开着", "开门", "能打", "打得通", "打通", "营业")
_ASKED_ZH: tuple[str, ...] = (
    "开着吗",
    "上班吗",
    "上班了吗",
    "接电话吗",
    "接听吗",
    "营业吗",
    "开门吗",
    "开门了吗",
)
_ASKED_ZH += ("有人接吗", "有人接听吗", "还有人吗", "几点有人", "几点下班", "几点上班", "还能打通")
_OPEN_EN: tuple[str, ...] = ("open now", "open today", "open right now", "staffed now")
_OPEN_EN += ("anyone answering", "open at the moment")
# The words of an open-now question that name no desk, left out to search the rest.
_OPEN_WORDS_ZH = ("现在", "能打通", *_NOW_ZH, "了", "吗", "？", "?")
# The time of day it is asked at, which names no desk either (中午12点半, 已经下午五点多了).
_WHEN_ZH: tuple[str, ...] = (
    "这会儿",
    "这个点",
    "已经",
    "请问",
    "问个问题",
    "几点到几点",
    "几点",
    "中午",
    "上午",
    "下午",
)
_WHEN_ZH += ("早上", "晚上", "周末")
_NUMERALS = "0123456789零一二三四五六七八九十两"
_CLOCK = _NUMERALS + "半多刻分"
_OPEN_WORDS_EN = frozenset(
    (
        "is", "are", "it", "the", "open", "now", "today", "right", "staffed", "anyone",
        "answering", "at", "moment",
    )
)  # fmt: skip
# What is left of an open-now question that names no desk in particular: the general line.
_ANY_LINE = frozenset({"hotline", "phone", "line", "热线", "电话", "客服", "上交所"})


def elsewhere(query: str) -> bool:
    """Whether a query asks about something the exchange has no desk for."""
    q = norm(query)
    return not ours_too(q) and _names(q, _ELSEWHERE_ZH, _ELSEWHERE_EN_WORDS, _ELSEWHERE_EN)


def ours_too(query: str) -> bool:
    """Whether a normalised query asks of another market what is this exchange's business
    (北交所转板 to 科创板)."""
    return any(w in query for w in _OURS_TOO)


def other_market(query: str) -> bool:
    """Whether a query names another exchange or market (深交所, shen jiao suo, HKEX), and not
    as a move to this one (北交所转板)."""
    q = norm(query)
    if ours_too(q):
        return False
    joined = "".join(w for w in words(q) if w.isascii())
    return _names(q, OTHER_MARKETS, _OTHER_MARKETS_EN_WORDS, _OTHER_MARKETS_EN) or any(
        w in joined for w in OTHER_MARKETS_PINYIN
    )


def _names(
    q: str, chinese: tuple[str, ...], english: frozenset[str], phrases: tuple[str, ...]
) -> bool:
    """A normalised query holds one of the Chinese words anywhere, or one of the English
    words or phrases whole."""
    return (
        any(w in q for w in chinese)
        or bool(english.intersection(words(q)))
        or any(f" {w} " in f" {q} " for w in phrases)
    )


def open_now(query: str) -> bool:
    """Whether a query asks if a desk is open (staffed) now."""
    q = norm(query)
    if "现在" in q and any(w in q.split("现在", 1)[1][:12] for w in _NOW_ZH):
        return True
    if any(w in q for w in _ASKED_ZH):
        return True
    if any(f" {w} " in f" {q} " for w in _OPEN_EN):
        return True
    found = words(q)
    return "open" in found and found[:1] in (["is"], ["are"])


def without_open_now(query: str) -> str:
    """What an open-now question names besides its being open (技术热线); "" for nothing in
    particular (现在有人接电话吗, is the hotline open now)."""
    q = norm(query)
    for w in ("还有人", "还能", "有人接听", "有人接", "下班", *_OPEN_WORDS_ZH, *_WHEN_ZH):
        q = q.replace(w, " ")
    q = _without_clock(q)
    rest = " ".join(w for w in q.split() if w not in _OPEN_WORDS_EN)
    return "" if rest in _ANY_LINE else rest


def _without_clock(q: str) -> str:
    """A query without the times of day written in it (12点半, 8点40, 五点多): a numeral, 点,
    and what follows it of minutes; 一点通 or 点差 are no times."""
    out, i = [], 0
    while i < len(q):
        j = i
        while j < len(q) and q[j] in _NUMERALS:
            j += 1
        if j > i and j < len(q) and q[j] == "点" and not _one_point(q, i, j):
            j += 1
            while j < len(q) and q[j] in _CLOCK:
                j += 1
            out.append(" ")
            i = j
        else:
            out.append(q[i])
            i += 1
    return "".join(out)


def _one_point(q: str, i: int, j: int) -> bool:
    """一点 alone, as in 一点通 or 有一点: a word, not one o'clock, unless a time follows."""
    return q[i:j] == "一" and not (j + 1 < len(q) and q[j + 1] in _CLOCK)
