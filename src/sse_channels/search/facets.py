"""What a question says besides its topic: the means it names (a phone, a mailbox, a letter…),
who misbehaves (the exchange's own staff or a firm's), and the words that mean the same to
people (证券公司 and 券商). Facets are composed with the topic a question names; they are not
sentences of their own.
"""

from __future__ import annotations

import re
from enum import Enum

from sse_channels import model as m

K = m.ChannelKind


class Means(Enum):
    """A way of reaching a desk that a question may name."""

    PHONE = "phone"
    EMAIL = "email"
    LETTER = "letter"
    FAX = "fax"
    ONSITE = "onsite"
    SITE = "site"
    SYSTEM = "system"
    WECHAT = "wechat"
    QQ = "qq"


# The words of each means, as people put them. 信 alone is in 信息 and 微信: only its compounds.
# The order matters where two overlap: 传真号码 is a fax, 邮箱地址 a mailbox, 举报信的地址 a letter.
_MEANS_WORDS: tuple[tuple[Means, str], ...] = (
    (Means.QQ, r"qq"),
    (Means.WECHAT, r"公众号|微信|\bwechat\b"),
    (Means.FAX, r"传真|\bfax\b"),
    (Means.EMAIL, r"邮箱|邮件|电邮|\be-?mail|\bmailbox"),
    (Means.LETTER, r"寄|来信|写信|信件|信函|举报信|的信|地址|\bletter\b|\bpost\b|\baddress"),
    (Means.PHONE, r"电话|热线|打几|打哪|拨|按几|号码|\bphone|\bcall\b|\bhotline"),
    (Means.ONSITE, r"当面|现场|接待|上门|面谈|\bin person\b|\bon-site\b"),
    (Means.SYSTEM, r"系统|平台|登录|\blog ?in\b|\bsystem\b|\bplatform\b"),
    (Means.SITE, r"网站|官网|在哪看|哪里看|下载|\bwebsite|\bdownload|\bread\b|\bpublished\b"),
)
_MEANS_RE = [(means, re.compile(words)) for means, words in _MEANS_WORDS]

# The channel kinds and contact types that are each means.
_KINDS: dict[Means, frozenset[m.ChannelKind]] = {
    Means.PHONE: frozenset({K.PHONE}),
    Means.EMAIL: frozenset({K.EMAIL}),
    Means.LETTER: frozenset({K.POST}),
    Means.FAX: frozenset({K.FAX}),
    Means.ONSITE: frozenset({K.ONSITE, K.OFFICE}),
    Means.SITE: frozenset({K.WEB, K.DISCLOSURE, K.RULES}),
    Means.SYSTEM: frozenset({K.SYSTEM}),
    Means.WECHAT: frozenset(),
    Means.QQ: frozenset(),
}


def means_of(query: str) -> Means | None:
    """The first means a normalised query names, if any."""
    for means, pattern in _MEANS_RE:
        if pattern.search(query):
            return means
    return None


# The contact types that are each means (a base's phone, a site's system).
_CONTACTS: dict[Means, tuple[type, ...]] = {
    Means.PHONE: (m.Phone,),
    Means.EMAIL: (m.Email,),
    Means.LETTER: (m.Address,),
    Means.FAX: (m.Fax,),
    Means.ONSITE: (),
    Means.SITE: (m.Web,),
    Means.SYSTEM: (m.System,),
    Means.WECHAT: (),
    Means.QQ: (),
}
_PLATFORMS = {Means.WECHAT: m.Platform.WECHAT, Means.QQ: m.Platform.QQ_GROUP}


def fits(means: Means, ch: m.Channel) -> bool:
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
SECOND_BEST = {Means.SITE: Means.SYSTEM}


# Words that name the same thing, each rewritten to the one the topic layer's terms use.
_SAME = (
    ("上海证券交易所", "交易所"),
    ("证券交易所", "交易所"),
    ("上交所", "交易所"),
    ("证券公司", "券商"),
    ("证券营业部", "营业部"),
    ("纪委", "纪检"),
    ("纪检监察", "纪检"),
)


def same_words(query: str) -> str:
    """A normalised query with its synonyms written one way (证券公司 → 券商, 上交所 → 交易所);
    the query itself when it has none."""
    for word, canonical in _SAME:
        if word in query:
            query = query.replace(word, canonical)
    return query


# The exchange's own staff, named as people name them: an offence of theirs is for 廉政监督.
_EXCHANGE = r"(?:交易所|上交所|sse|exchange)"
_STAFF = r"(?:员工|工作人员|审核人员|审核员|监管员|监管人员|领导|staff|official|employee)"
_EXCHANGE_STAFF = re.compile(
    rf"{_EXCHANGE}[^，,。；;！!？?]{{0,8}}?{_STAFF}|纪检|廉政|监管员|审核人员|审核员"
)
# Someone of a firm: a broker, a listed company, a fund (营业部员工, 基金经理, 券商的人).
_FIRM_STAFF = re.compile(
    r"(?:券商|证券公司|营业部|基金公司|基金经理|上市公司|客户经理|公司的人|broker|fund manager)"
)


# Someone who only claims to be of the exchange is a scam, not its staff.
_IMPOSTOR = re.compile(r"冒充|假冒|自称|冒名|说是|说自己是|pretend|impersonat|claim")


def exchange_staff(query: str) -> bool:
    """Whether a normalised query names the exchange's own staff."""
    if _IMPOSTOR.search(query):
        return False
    if _FIRM_STAFF.search(query) and not re.search(_EXCHANGE, query):
        return False
    return _EXCHANGE_STAFF.search(query) is not None


def firm_staff(query: str) -> bool:
    """Whether a normalised query names someone of a broker, a listed company or a fund, and
    not the exchange's staff."""
    return _FIRM_STAFF.search(query) is not None and not exchange_staff(query)
