"""What a question asks besides a desk: whether the exchange has a desk for it at all (another
exchange, stock tips, the weather, taxes), and whether it asks if a desk is open now (which
`hours` answers, not a search).

Plain substring tests, not regular expressions: compiling them would cost every run's start-up.
"""

from __future__ import annotations

from sse_channels.textnorm import norm, words

# Matters the exchange has no desk for: Chinese found anywhere in the normalised query, English
# as whole words or phrases.
_ELSEWHERE_ZH = (
    # another exchange or market
    "深交所", "深圳证券交易所", "北交所", "北京证券交易所", "港交所", "香港交易所", "联交所",
    "纳斯达克", "纽交所", "伦交所", "期货交易所", "上期所", "大商所", "郑商所", "中金所", "广期所",
    "新三板", "全国股转", "股转系统",
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
_ELSEWHERE_EN_WORDS = frozenset(
    {"szse", "hkex", "nasdaq", "nyse", "weather", "bitcoin", "crypto", "mortgage", "visa"}
    | {"passport", "lottery", "insurance", "hiring", "internship"}
)
_ELSEWHERE_EN = (
    "shenzhen stock exchange", "beijing stock exchange", "hong kong exchange",
    "hong kong stock exchange", "which stock", "stocks to buy", "stock to buy", "go up",
    "price forecast", "stock tip", "stock tips", "income tax", "tax return", "share price",
    "stock price", "exchange rate", "job opening", "job at",
)  # fmt: skip
# A question about another market that is this exchange's business: 北交所 to 科创板 is a
# 转板, which this exchange's review desks take.
_OURS_TOO = ("转板", "board transfer")

# "Is it open now": 现在有人接电话吗, 热线开着吗, is the hotline open now.
_NOW_ZH = ("有人", "接电话", "接听", "上班", "开着", "开门", "能打", "打得通", "打通", "营业")
_ASKED_ZH = ("开着吗", "上班吗", "上班了吗", "接电话吗", "接听吗", "营业吗", "开门吗", "开门了吗")
_OPEN_EN: tuple[str, ...] = ("open now", "open today", "open right now", "staffed now")
_OPEN_EN += ("anyone answering", "open at the moment")
# The words of an open-now question that name no desk, left out to search the rest.
_OPEN_WORDS_ZH = ("现在", "能打通", *_NOW_ZH, "了", "吗", "？", "?")
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
    if any(w in q for w in _OURS_TOO):
        return False
    if any(w in q for w in _ELSEWHERE_ZH):
        return True
    return bool(_ELSEWHERE_EN_WORDS.intersection(words(q))) or any(
        f" {w} " in f" {q} " for w in _ELSEWHERE_EN
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
    for w in _OPEN_WORDS_ZH:
        q = q.replace(w, " ")
    rest = " ".join(w for w in q.split() if w not in _OPEN_WORDS_EN)
    return "" if rest in _ANY_LINE else rest
