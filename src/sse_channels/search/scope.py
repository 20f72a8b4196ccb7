"""What a question asks besides a desk: whether the exchange has a desk for it at all (another
exchange, stock tips, the weather, taxes), and whether it asks if a desk is open now (which
`hours` answers, not a search).
"""

from __future__ import annotations

import re

from sse_channels.textnorm import norm

# Matters the exchange has no desk for, by kind; each found anywhere in the normalised query.
_ELSEWHERE = re.compile(
    "|".join(
        (
            # another exchange or market
            r"深交所|深圳证券交易所|北交所|北京证券交易所|港交所|香港交易所|联交所|纳斯达克|纽交所"
            r"|伦交所|期货交易所|上期所|大商所|郑商所|中金所|广期所|新三板|全国股转|股转系统"
            r"|\bszse\b|\bhkex\b|\bnasdaq\b|\bnyse\b|shenzhen stock exchange"
            r"|beijing stock exchange|hong kong (?:stock )?exchange",
            # stock tips and forecasts
            r"哪只股票|哪个股票|什么股票好|买什么股|会涨吗|能涨吗|会不会涨|涨不涨|推荐一只|推荐几只"
            r"|后市|大盘走势|怎么看大盘|抄底|翻倍的股|牛股是哪|which stocks?\b|stocks? to buy"
            r"|\bgo up\b|price forecast|\bstock tips?\b",
            # weather, taxes and the rest of daily life
            r"天气|下雨|气温|台风|\bweather\b|个税|个人所得税|退税|报税|交税|纳税|income tax"
            r"|tax return|社保|公积金|医保|信用卡|银行卡|房贷|快递|签证|护照|驾照|彩票",
        )
    )
)
# A question about another market that is this exchange's business: 北交所 to 科创板 is a
# 转板, which this exchange's review desks take.
_OURS_TOO = re.compile(r"转板|board transfer")

# "Is it open now": 现在有人接电话吗, 热线开着吗, is the hotline open now.
_OPEN_NOW = re.compile(
    r"现在[^，。？?]{0,8}(?:有人|接电话|接听|上班|开着|开门|能打|打得通|打通|营业)"
    r"|(?:开着|上班|接电话|接听|营业|开门)(?:了)?吗"
    r"|\bopen (?:now|today|right now)\b|\bis (?:it|the \w+(?: \w+)?) open\b"
    r"|\bstaffed now\b|\banyone answering\b|\bopen at the moment\b"
)
# The words of an open-now question that name no desk, left out to search the rest.
_OPEN_WORDS = re.compile(
    r"现在|有人|接电话|接听|上班|开着|开门|能打通|打得通|打通|能打|营业|了|吗|[？?]"
    r"|\b(?:is|are|it|the|open|now|today|right|staffed|anyone|answering|at|moment)\b"
)


def elsewhere(query: str) -> bool:
    """Whether a query asks about something the exchange has no desk for."""
    q = norm(query)
    return _ELSEWHERE.search(q) is not None and _OURS_TOO.search(q) is None


def open_now(query: str) -> bool:
    """Whether a query asks if a desk is open (staffed) now."""
    return _OPEN_NOW.search(norm(query)) is not None


# What is left of an open-now question that names no desk in particular: the general line.
_ANY_LINE = frozenset({"hotline", "the hotline", "phone", "line", "热线", "电话", "客服", "上交所"})


def without_open_now(query: str) -> str:
    """What an open-now question names besides its being open (技术热线); "" for nothing in
    particular (现在有人接电话吗, is the hotline open now)."""
    rest = " ".join(_OPEN_WORDS.sub(" ", norm(query)).split())
    return "" if rest in _ANY_LINE else rest
