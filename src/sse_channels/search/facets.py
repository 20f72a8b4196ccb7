"""What a question says besides its topic: the means it names (a phone, a mailbox, a letter…),
who misbehaves (the exchange's own staff or a firm's), and the words that mean the same to
people (证券公司 and 券商). Facets are composed with the topic a question names; they are not
sentences of their own.
"""

from __future__ import annotations

from sse_channels import model as m
from sse_channels.textnorm import words

from .query import CLAUSE_RE

K = m.ChannelKind


class Means:
    """The ways of reaching a desk that a question may name (plain strings: an Enum class
    costs start-up time for nothing a string does not do)."""

    PHONE = "phone"
    EMAIL = "email"
    LETTER = "letter"
    FAX = "fax"
    ONSITE = "onsite"
    RULES = "rules"
    DISCLOSED = "disclosed"
    SITE = "site"
    SYSTEM = "system"
    WECHAT = "wechat"
    QQ = "qq"


# The words of each means, as people put them: Chinese found anywhere, English, pinyin and
# pinyin initials (dh: 电话) as whole words (or phrases). 信 alone is in 信息 and 微信: only
# its compounds. The order matters where two overlap: 传真号码 is a fax, 邮箱地址 a mailbox,
# 举报信的地址 a letter. Plain substring tests, not regular expressions: compiling them would
# cost every run's start-up.
_MEANS_WORDS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    (Means.QQ, ("qq", "扣扣"), ("qqqun",)),
    (Means.WECHAT, ("公众号", "微信"), ("wechat", "weixin", "wx", "gongzhonghao", "gzh")),
    (Means.FAX, ("传真",), ("fax", "chuanzhen", "cz")),
    (
        Means.EMAIL,
        ("邮箱", "邮件", "电邮"),
        ("email", "e-mail", "mailbox", "youxiang", "yx"),
    ),
    (
        Means.LETTER,
        ("寄", "来信", "写信", "信件", "信函", "举报信", "的信", "地址"),
        ("letter", "post", "postal", "mailing", "address", "dizhi", "dz"),
    ),
    (
        Means.PHONE,
        ("电话", "热线", "打几", "打哪", "拨", "按几", "号码", "分机"),
        ("phone", "call", "hotline", "telephone", "extension", "dianhua", "dh", "rexian", "rx"),
    ),
    (Means.ONSITE, ("当面", "现场", "接待", "上门", "面谈"), ("in person", "on-site")),
    (
        Means.SYSTEM,
        ("系统", "平台", "登录"),
        ("login", "log in", "system", "platform", "xitong", "xt", "denglu", "dl"),
    ),
    (Means.RULES, ("规则", "指南", "细则", "业务指引"), ("rules", "guide", "guides", "guidelines")),
    (
        Means.DISCLOSED,
        ("公示", "公布", "公开吗", "全文"),
        ("published", "disclosed"),
    ),
    (
        Means.SITE,
        ("网站", "官网", "在哪看", "哪里看", "哪能看", "下载"),
        ("website", "download", "read"),
    ),
)


def means_of(query: str) -> str | None:
    """The first means a normalised query names, if any."""
    latin = set(words(query)) if query.isascii() or any(c.isascii() for c in query) else set()
    for means, chinese, english in _MEANS_WORDS:
        if any(_asked(w, query) for w in chinese) or any(
            (w in latin) if " " not in w and "-" not in w else (w in query) for w in english
        ):
            if means == Means.SITE and (
                any(w in query for w in _REVIEW_PAPERS) or _REVIEW_PAPERS_EN.intersection(latin)
            ):
                return Means.DISCLOSED  # 问询回复在哪能看到: the papers of a review are made public
            return means
    return None


def _asked(word: str, query: str) -> bool:
    """`word` is in the query and not refused in its clause (不想打电话, 不方便打电话, 不用发
    邮件: that means is not the one asked)."""
    start = query.find(word)
    while start >= 0:
        clause = CLAUSE_RE.split(query[:start])[-1].rsplit(" ", 1)[-1]
        if not any(no in clause for no in _REFUSED):
            return True
        start = query.find(word, start + 1)
    return False


_REFUSED = ("不想", "不用", "不要", "不方便", "不愿", "别打", "别发", "别写")


# The papers of a review, which are read where the review is made public.
_REVIEW_PAPERS = ("问询函", "回复", "募集说明书", "反馈意见", "审议结果", "招股说明书", "评级报告")
_REVIEW_PAPERS_EN = frozenset({"prospectus", "prospectuses", "feedback", "replies", "reply"})


# The channel kinds and contact types that are each means.
_KINDS: dict[str, frozenset[m.ChannelKind]] = {
    Means.PHONE: frozenset({K.PHONE}),
    Means.EMAIL: frozenset({K.EMAIL}),
    Means.LETTER: frozenset({K.POST}),
    Means.FAX: frozenset({K.FAX}),
    Means.ONSITE: frozenset({K.ONSITE, K.OFFICE}),
    Means.RULES: frozenset({K.RULES}),
    Means.DISCLOSED: frozenset({K.DISCLOSURE}),
    Means.SITE: frozenset({K.WEB, K.DISCLOSURE, K.RULES}),
    Means.SYSTEM: frozenset({K.SYSTEM}),
    Means.WECHAT: frozenset(),
    Means.QQ: frozenset(),
}


# The contact types that are each means (a base's phone, a site's system).
_CONTACTS: dict[str, tuple[type, ...]] = {
    Means.PHONE: (m.Phone,),
    Means.EMAIL: (m.Email,),
    Means.LETTER: (m.Address,),
    Means.FAX: (m.Fax,),
    Means.ONSITE: (),
    Means.RULES: (),
    Means.DISCLOSED: (),
    Means.SITE: (m.Web,),
    Means.SYSTEM: (m.System,),
    Means.WECHAT: (),
    Means.QQ: (),
}
_PLATFORMS = {Means.WECHAT: m.Platform.WECHAT, Means.QQ: m.Platform.QQ_GROUP}


def fits(means: str, ch: m.Channel) -> bool:
    """Whether a channel is reached by that means: its kind, a contact of that type, or an
    account on that platform."""
    if ch.kind in _KINDS[means]:
        return True
    types = _CONTACTS[means]
    platform = _PLATFORMS.get(means)
    return any(
        (types and isinstance(c, types))
        or (platform is not None and isinstance(c, m.Account) and c.platform is platform)
        for c in ch.contacts
    )


# A means that will do when the desk has none of the one named: a page to read is also in a
# system one logs in to (监管函在哪看: the letters module of the member portal).
# Rules and what is made public are pages of a site, too.
SECOND_BEST = {Means.SITE: Means.SYSTEM, Means.RULES: Means.SITE, Means.DISCLOSED: Means.SITE}


# Words of a question that only asks how to reach the exchange (上交所的邮箱是多少, how to
# contact the exchange): with the exchange's names and the means, nothing else is said.
_CONTACT_FILLER = (
    "上海证券交易所", "证券交易所", "上交所", "交易所", "联系方式", "联系", "怎么", "如何", "多少",
    "是多少", "号码", "在哪里", "在哪", "哪里", "什么", "请问", "的", "是", "吗", "呢", "我", "想",
    "要", "给", "写", "打", "有", "没有", "咨询问题", "咨询", "问题", "一下", "？", "?", "，", ",",
)  # fmt: skip
_CONTACT_FILLER_EN = frozenset(
    (
        "sse", "the", "exchange", "shanghai", "stock", "how", "to", "contact", "reach", "what",
        "is", "s", "of", "do", "i", "can", "number", "details", "get", "in", "touch", "with",
    )
)  # fmt: skip


def only_contact(query: str) -> bool:
    """Whether a normalised query only asks how to reach the exchange (by a means or at all)."""
    rest = query
    for _, chinese, _ in _MEANS_WORDS:
        for w in chinese:
            rest = rest.replace(w, " ")
    for w in _CONTACT_FILLER:
        rest = rest.replace(w, " ")
    english = {w for _, _, words_ in _MEANS_WORDS for w in words_}
    left = [w for w in rest.split() if w not in _CONTACT_FILLER_EN and w not in english]
    named = any(w in query for w in ("上交所", "交易所", "sse", "exchange"))
    return named and not left


# Bonds named in a question (可转债 is a company's refinancing, not the bond desk's).
_BONDS = ("债", "reits", "bond")


def names_bonds(query: str) -> bool:
    """Whether a normalised query is about bonds (公司债, REITs), not a convertible issue."""
    q = query.replace("可转债", "").replace("convertible bond", "")
    return any(w in q for w in _BONDS)


# Words that name the same thing, each rewritten to the one the topic layer's terms use.
_SAME = (
    ("上海证券交易所", "交易所"),
    ("证券交易所", "交易所"),
    ("上交所", "交易所"),
    ("证券公司", "券商"),
    ("证券营业部", "营业部"),
    ("纪委", "纪检"),
    ("纪检监察", "纪检"),
    ("操控", "操纵"),
)


# Words of a question that asks to talk something over, which a visit to see the place is not.
_CONSULT = ("沟通", "咨询", "问一下", "问问", "请教", "讨论", "交流", "面谈", "当面问")
_CONSULT_EN = ("discuss", "consult", "consultation", "ask", "question", "questions", "talk")


def consults(query: str) -> bool:
    """Whether a normalised query asks to talk something over (当面沟通, discuss a rule)."""
    return any(w in query for w in _CONSULT) or bool(set(_CONSULT_EN).intersection(words(query)))


def same_words(query: str) -> str:
    """A normalised query with its synonyms written one way (证券公司 → 券商, 上交所 → 交易所);
    the query itself when it has none."""
    for word, canonical in _SAME:
        if word in query:
            query = query.replace(word, canonical)
    return query


# The exchange's own staff, named as people name them: an offence of theirs is for 廉政监督.
_EXCHANGE = ("交易所", "上交所", "sse", "exchange")
_STAFF: tuple[str, ...] = ("员工", "工作人员", "审核人员", "审核员", "监管员", "监管人员", "领导")
_STAFF += ("处长", "科长", "干部", "staff", "official", "employee")
# No firm has these: the exchange's own (交易所的人 as written after 上交所 becomes 交易所).
_EXCHANGE_ONLY = ("纪检", "廉政", "监管员", "审核人员", "审核员", "交易所的人", "上交所的人")
# Someone of a firm: a broker, a listed company, a fund (营业部员工, 基金经理, 券商的人).
_FIRM: tuple[str, ...] = ("券商", "证券公司", "营业部", "基金公司", "基金经理", "上市公司")
_FIRM += ("客户经理", "公司的人", "broker", "fund manager")
# Someone who only claims to be of the exchange is a scam, not its staff.
_IMPOSTOR = ("冒充", "假冒", "自称", "冒名", "说是", "说自己是", "pretend", "impersonat", "claim")


def exchange_staff(query: str) -> bool:
    """Whether a normalised query names the exchange's own staff."""
    if any(w in query for w in _IMPOSTOR):
        return False
    exchange = any(w in query for w in _EXCHANGE)
    if any(w in query for w in _FIRM) and not exchange:
        return False
    if any(w in query for w in _EXCHANGE_ONLY):
        return True
    return exchange and any(w in query for w in _STAFF)


def firm_staff(query: str) -> bool:
    """Whether a normalised query names someone of a broker, a listed company or a fund, and
    not the exchange's staff."""
    return any(w in query for w in _FIRM) and not exchange_staff(query)
