"""The dataset against the annex 渠道一览表, and the validator against bad files.

Every expected value in this module was typed from the source document (the annex of
上海证券交易所进一步推进“开门办审核、开门办监管、开门办服务”行动方案, with the hyperlinks pulled out
of the PDF page by page), not generated from `data/channels.yaml`. A fact the annex does not
give, or a fact filed under the wrong area, makes a test here fail.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from pathlib import Path
from typing import NamedTuple

import pytest

from sse_channels import model as m
from sse_channels.directory import parse as data
from sse_channels.errors import DataError, Problem

from .conftest import DATA

Fact = tuple[object, ...]

HOTLINE = "4008888400"
CNSCA = "https://cnsca.sse.com.cn/"  # every word "EKey" in the annex links here


def dial(*steps: str, number: str = HOTLINE) -> Fact:
    """A line as published: the number and the keys pressed after it (none for a direct line)."""
    return ("dial", number, steps)


def fax(number: str) -> Fact:
    return ("fax", number)


def email(address: str) -> Fact:
    return ("email", address)


def link(url: str) -> Fact:
    return ("link", url)


def address(text: str, postcode: str | None = None) -> Fact:
    return ("address", text, postcode)


def account(platform: str, name_or_id: str) -> Fact:
    return ("account", platform, name_or_id)


def newspaper(name: str) -> Fact:
    return ("newspaper", name)


def radio(station: str, frequency: str, programme: str) -> Fact:
    return ("radio", station, frequency, programme)


# ----------------------------------------------------------------------------- the annex, by hand

# The 13 rows of the annex, in order.
AREAS = [
    ("ipo-review", "股票发行上市审核"),
    ("bond-review", "债券审核监管"),
    ("listed-co", "上市公司监管"),
    ("innovative-products", "创新产品监管"),
    ("member", "会员监管"),
    ("trading", "交易监管"),
    ("underwriting", "发行承销"),
    ("market-services", "市场服务"),
    ("investor-services", "投资者服务"),
    ("training", "培训服务"),
    ("tech", "技术服务"),
    ("petitions", "信访举报"),
    ("integrity", "廉政监督"),
]
AREA_IDS = [a for a, _ in AREAS]
# Entries derived from the annex's links, not its table: after the annex's own areas.
DERIVED_AREAS = [("certificates", "数字证书（EKey）")]

# Every contact fact printed in the annex text (links are in LINKS below), with its row.
FACTS: list[tuple[str, Fact]] = [
    # 股票发行上市审核 4(1): 4008888400转6后，拨分机号666或699
    ("ipo-review", dial("6", "666")),
    ("ipo-review", dial("6", "699")),
    # 债券审核监管 4(1): 转6后，拨分机号1959；4(2) 邮件咨询
    ("bond-review", dial("6", "1959")),
    ("bond-review", email("bondsse@sse.com.cn")),
    # 上市公司监管 3(3): 微信公众号“上交所科创板之家”；3(4): 服务热线4008888400转1
    ("listed-co", account("wechat", "上交所科创板之家")),
    ("listed-co", dial("1")),
    # 发行承销 2(1): 转6后，拨分机号7509；3 上市仪式: 转6后，拨分机号7242
    ("underwriting", dial("6", "7509")),
    ("underwriting", dial("6", "7242")),
    # 市场服务 2(1)-2(5): 总机 and the four bases
    ("market-services", dial("6", "7999")),
    ("market-services", address("上海市浦东新区杨高南路388号")),
    ("market-services", dial(number="010-50868703")),
    ("market-services", address("北京市海淀区高粱桥斜街42号融汇国际大厦5层")),
    ("market-services", dial(number="020-83629430")),
    ("market-services", address("广东省广州市天河区珠江西路15号珠江城大厦5801")),
    ("market-services", dial(number="028-60119091")),
    ("market-services", address("四川省成都市高新区锦云东三巷1号金融麦田A座")),
    ("market-services", dial(number="18918200578")),
    ("market-services", address("湖北省武汉市武昌区华中小龟山金融文化公园10号楼")),
    # 投资者服务 1(1): 转1后，咨询按1，投诉和建议按2；1(2) 邮箱；3 新媒体、报纸、广播
    ("investor-services", dial("1", "1")),
    ("investor-services", dial("1", "2")),
    ("investor-services", email("gzrx@sse.com.cn")),
    ("investor-services", account("wechat", "上交所投教")),
    ("investor-services", account("toutiao", "上交所投教")),
    ("investor-services", account("ximalaya", "上交所投教")),
    ("investor-services", account("p5w", "上交所投教大讲堂")),
    ("investor-services", account("wind-3c", "上交所主播")),
    ("investor-services", newspaper("中国证券报")),
    ("investor-services", newspaper("上海证券报")),
    ("investor-services", newspaper("证券时报")),
    ("investor-services", radio("中央广播电视总台央广经济之声", "FM96.6", "投资修炼手册")),
    # 培训服务 1: “上交所培训”微信公众号
    ("training", account("wechat", "上交所培训")),
    # 技术服务 1(1): 转2后，按1、按3、按4（再按1、再按2）；1(2) 邮箱；1(3) QQ群；2 公众号
    ("tech", dial("2", "1")),
    ("tech", dial("2", "3")),
    ("tech", dial("2", "4", "1")),
    ("tech", dial("2", "4", "2")),
    ("tech", email("tech_support@sse.com.cn")),
    ("tech", account("qq-group", "298643611")),
    ("tech", account("wechat", "SSE-TechService")),
    # 信访举报 1-4
    ("petitions", dial("1", "3")),
    ("petitions", address("上海市浦东新区杨高南路388号上海证券交易所办公室", "200127")),
    ("petitions", email("ssexf@sse.com.cn")),
    ("petitions", address("上海市浦东新区杨高南路388号上海证券交易所信访接待室")),
    # 廉政监督 1-4
    ("integrity", dial("6", "1284")),
    ("integrity", fax("021-68601281")),
    ("integrity", address("上海市杨高南路388号12楼上海证券交易所纪检办公室", "200127")),
    ("integrity", email("ljcyjd@sse.com.cn")),
]


class Link(NamedTuple):
    """One hyperlink occurrence of the PDF, in page order, and the item its words belong to.

    kind: "web" (a Web contact whose title is `words`), "system" (a System contact named
    `words` whose url is the link), "ekey" (a System named `words` whose ekey_url is the link;
    words None: some system of the area), "email" (a mailto link; `words` is the address).
    exact: the title equals `words` (spaces ignored); otherwise it only contains them.
    """

    page: int
    url: str
    area: str
    kind: str
    words: str | None
    exact: bool = True


LINKS: list[Link] = [
    # ---- annex page 1
    Link(
        1,
        "http://www.sse.com.cn/lawandrules/sselawsrules/stocks/review/firstepisode/",
        "ipo-review",
        "web",
        "发行上市审核业务规则",
    ),
    Link(
        1,
        "http://www.sse.com.cn/lawandrules/guide/stock/fxsssh/",
        "ipo-review",
        "web",
        "发行上市审核业务指南",
    ),
    Link(1, "https://sras.sse.com.cn/", "ipo-review", "system", "发行上市审核系统"),
    Link(1, CNSCA, "ipo-review", "ekey", "发行上市审核系统"),
    Link(1, "https://listing.sse.com.cn/disclosure/", "ipo-review", "web", "项目问询和答复内容"),
    Link(
        1,
        "http://listing.sse.com.cn/renewal/",
        "ipo-review",
        "web",
        "受理、审核、上会、注册等各环节进度",
    ),
    Link(
        1,
        "http://listing.sse.com.cn/announcement/commiteenotice/",
        "ipo-review",
        "web",
        "上市委和并购重组委审议信息",
    ),
    Link(
        1,
        "http://www.sse.com.cn/lawandrules/sselawsrules/bond/review/",
        "bond-review",
        "web",
        "债券业务规则",
    ),
    Link(
        1,
        "http://www.sse.com.cn/lawandrules/guide/zqznlc/",
        "bond-review",
        "web",
        "债券业务指南与流程",
    ),
    Link(
        1,
        "http://www.sse.com.cn/lawandrules/sselawsrules/reits/",
        "bond-review",
        "web",
        "基础设施公募 REITs业务规则",
    ),
    Link(
        1,
        "http://www.sse.com.cn/lawandrules/guide/reits/",
        "bond-review",
        "web",
        "基础设施公募 REITs业务指南与流程",
    ),
    Link(1, "https://bms.uap.sse.com.cn/", "bond-review", "system", "债券业务管理系统"),
    Link(
        1, "https://bras.uap.sse.com.cn/bond/index.htm", "bond-review", "system", "债券项目申报系统"
    ),
    Link(1, "https://bond.uap.sse.com.cn", "bond-review", "system", "业务管理系统平台"),
    # "（承销机构持 EKey\n登录网站）": one word, two link boxes, for the three systems above
    Link(1, CNSCA, "bond-review", "ekey", None),
    Link(1, CNSCA, "bond-review", "ekey", None),
    Link(1, "http://bond.sse.com.cn/home/", "bond-review", "web", "上证债券信息网"),
    # ---- annex page 2
    # a malformed link in the PDF: its target is the words "咨询邮箱" glued to the address
    Link(2, "mailto:咨询邮箱bondsse@sse.com.cn", "bond-review", "email", "bondsse@sse.com.cn"),
    Link(
        2,
        "http://www.sse.com.cn/lawandrules/sselawsrules/stocks/mainipo/",
        "listed-co",
        "web",
        "股票上市规则",
    ),
    Link(
        2,
        "http://www.sse.com.cn/lawandrules/sselawsrules/stocks/staripo/",
        "listed-co",
        "web",
        "科创板股票上市规则",
    ),
    Link(
        2,
        "http://www.sse.com.cn/lawandrules/sselawsrules/stocks/mainipo/",
        "listed-co",
        "web",
        "上市公司自律监管指引",
    ),
    Link(
        2,
        "http://www.sse.com.cn/lawandrules/sselawsrules/stocks/staripo/",
        "listed-co",
        "web",
        "科创板上市公司自律监管指引",
    ),
    Link(
        2,
        "http://www.sse.com.cn/lawandrules/guide/stock/zbxxpljg/ssgszljg/",
        "listed-co",
        "web",
        "上市公司自律监管指南",
    ),
    Link(
        2,
        "http://www.sse.com.cn/lawandrules/guide/stock/kcbxxpljg/",
        "listed-co",
        "web",
        "科创板上市公司自律监管指南",
    ),
    Link(2, "https://cbm.uap.sse.com.cn/", "listed-co", "system", "公司业务管理系统"),
    Link(2, CNSCA, "listed-co", "ekey", "公司业务管理系统"),
    Link(
        2,
        "http://www.sse.com.cn/lawandrules/sselawsrules/stocks/exchange/",
        "innovative-products",
        "web",
        "科创板股票做市交易业务实施细则",
    ),
    Link(
        2,
        "http://www.sse.com.cn/lawandrules/guide/jjznlc/",
        "innovative-products",
        "web",
        "基金业务指南",
    ),
    Link(
        2,
        "http://www.sse.com.cn/lawandrules/guide/options/",
        "innovative-products",
        "web",
        "股票期权业务指南",
    ),
    Link(
        2, "https://bmsp.uap.sse.com.cn/", "innovative-products", "system", "衍生品与基金业务平台"
    ),
    Link(2, CNSCA, "innovative-products", "ekey", "衍生品与基金业务平台"),
    Link(
        2,
        "https://tpms.uap.sse.com.cn/",
        "innovative-products",
        "system",
        "交易参与人业务管理系统",
    ),
    Link(2, CNSCA, "innovative-products", "ekey", "交易参与人业务管理系统"),
    Link(
        2,
        "http://www.sse.com.cn/lawandrules/sselawsrules/member/personnel/",
        "member",
        "web",
        "会员类规则",
    ),
    Link(2, "https://one.sse.com.cn/member/", "member", "system", "会籍系统"),
    Link(2, CNSCA, "member", "ekey", "会籍系统"),
    Link(
        2,
        "http://www.sse.com.cn/lawandrules/sselawsrules/stocks/exchange/",
        "trading",
        "web",
        "交易类规则",
    ),
    Link(2, "https://one.sse.com.cn/member/", "trading", "system", "信函通知", exact=False),
    # ---- annex page 3
    Link(3, CNSCA, "trading", "ekey", "信函通知", exact=False),
    Link(
        3,
        "http://www.sse.com.cn/lawandrules/sselawsrules/stocks/issue/",
        "underwriting",
        "web",
        "发行承销业务规则",
    ),
    Link(
        3,
        "http://www.sse.com.cn/lawandrules/guide/stock/fxcxyw/zn/",
        "underwriting",
        "web",
        "发行承销业务指南",
    ),
    Link(
        3,
        "https://bmsp.uap.sse.com.cn/",
        "underwriting",
        "system",
        "业务管理系统平台（发行承销业务）",
    ),
    Link(3, CNSCA, "underwriting", "ekey", "业务管理系统平台（发行承销业务）"),
    Link(
        3,
        "http://www.sse.com.cn/services/list/home/",
        "market-services",
        "web",
        "企业上市服务专栏",
    ),
    Link(
        3, "https://one.sse.com.cn/to-be-listed/", "market-services", "web", "星企航", exact=False
    ),
    Link(
        3,
        "http://www.sse.com.cn/services/investors/message/",
        "investor-services",
        "web",
        "网页咨询",
    ),
    Link(
        3,
        "http://edu.sse.com.cn/base/tjjdyy/",
        "investor-services",
        "web",
        "投教基地",
        exact=False,
    ),
    # "上交所\n投资者教育网": one name over a line break, two link boxes
    Link(3, "http://edu.sse.com.cn/", "investor-services", "web", "上交所投资者教育网"),
    Link(3, "http://edu.sse.com.cn/", "investor-services", "web", "上交所投资者教育网"),
    # ---- annex page 4
    Link(
        4,
        "https://one.sse.com.cn/investor/",
        "investor-services",
        "web",
        "投资者登录",
        exact=False,
    ),
    # "上交所企业培训\n网": two link boxes again
    Link(4, "http://training.sse.com.cn/", "training", "web", "上交所企业培训网"),
    Link(4, "http://training.sse.com.cn/", "training", "web", "上交所企业培训网"),
    Link(4, "https://pujiang.sse.com.cn/", "training", "web", "浦江大讲堂"),
    Link(4, "mailto:tech_support@sse.com.cn", "tech", "email", "tech_support@sse.com.cn"),
    Link(
        4,
        "https://www.sse.com.cn/services/tradingtech/home/",
        "tech",
        "web",
        "交易技术支持专区",
    ),
]

# The 38 distinct http(s) links of the annex, listed on their own (checked against LINKS).
ANNEX_URLS = {
    "http://www.sse.com.cn/lawandrules/sselawsrules/stocks/review/firstepisode/",
    "http://www.sse.com.cn/lawandrules/guide/stock/fxsssh/",
    "https://sras.sse.com.cn/",
    "https://cnsca.sse.com.cn/",
    "https://listing.sse.com.cn/disclosure/",
    "http://listing.sse.com.cn/renewal/",
    "http://listing.sse.com.cn/announcement/commiteenotice/",
    "http://www.sse.com.cn/lawandrules/sselawsrules/bond/review/",
    "http://www.sse.com.cn/lawandrules/guide/zqznlc/",
    "http://www.sse.com.cn/lawandrules/sselawsrules/reits/",
    "http://www.sse.com.cn/lawandrules/guide/reits/",
    "https://bms.uap.sse.com.cn/",
    "https://bras.uap.sse.com.cn/bond/index.htm",
    "https://bond.uap.sse.com.cn",
    "http://bond.sse.com.cn/home/",
    "http://www.sse.com.cn/lawandrules/sselawsrules/stocks/mainipo/",
    "http://www.sse.com.cn/lawandrules/sselawsrules/stocks/staripo/",
    "http://www.sse.com.cn/lawandrules/guide/stock/zbxxpljg/ssgszljg/",
    "http://www.sse.com.cn/lawandrules/guide/stock/kcbxxpljg/",
    "https://cbm.uap.sse.com.cn/",
    "http://www.sse.com.cn/lawandrules/sselawsrules/stocks/exchange/",
    "http://www.sse.com.cn/lawandrules/guide/jjznlc/",
    "http://www.sse.com.cn/lawandrules/guide/options/",
    "https://bmsp.uap.sse.com.cn/",
    "https://tpms.uap.sse.com.cn/",
    "http://www.sse.com.cn/lawandrules/sselawsrules/member/personnel/",
    "https://one.sse.com.cn/member/",
    "http://www.sse.com.cn/lawandrules/sselawsrules/stocks/issue/",
    "http://www.sse.com.cn/lawandrules/guide/stock/fxcxyw/zn/",
    "http://www.sse.com.cn/services/list/home/",
    "https://one.sse.com.cn/to-be-listed/",
    "http://www.sse.com.cn/services/investors/message/",
    "http://edu.sse.com.cn/base/tjjdyy/",
    "http://edu.sse.com.cn/",
    "https://one.sse.com.cn/investor/",
    "http://training.sse.com.cn/",
    "https://pujiang.sse.com.cn/",
    "https://www.sse.com.cn/services/tradingtech/home/",
}

# The systems whose text says “持 EKey 登录”: (area, words of the system's name).
EKEY_SYSTEMS = {
    ("ipo-review", "发行上市审核系统"),
    ("bond-review", "债券业务管理系统"),
    ("bond-review", "债券项目申报系统"),
    ("bond-review", "业务管理系统平台"),
    ("listed-co", "公司业务管理系统"),
    ("innovative-products", "衍生品与基金业务平台"),
    ("innovative-products", "交易参与人业务管理系统"),
    ("member", "会籍系统"),
    ("trading", "信函通知"),
    ("underwriting", "业务管理系统平台（发行承销业务）"),
}

STAFFED = ("08:45-11:30", "13:00-17:00")  # 交易日 8:45-11:30，13:00-17:00
LISTED_CO_HOURS = ("08:30-11:30", "13:30-17:00")  # 交易日 8:30-11:30，13:30-17:00
ON_AIR = ("08:25-08:28", "11:55-11:58", "18:35-18:38")  # 广播时间

# Each set of hours in the annex: (area, a fact of the line it belongs to, windows, meaning).
HOURS = [
    ("ipo-review", dial("6", "666"), STAFFED, m.HoursMeaning.STAFFED),
    ("bond-review", dial("6", "1959"), STAFFED, m.HoursMeaning.STAFFED),
    # 3(3) 疑难复杂问题咨询 (its phone number is only in the company system)
    ("listed-co", account("wechat", "上交所科创板之家"), LISTED_CO_HOURS, m.HoursMeaning.STAFFED),
    ("listed-co", dial("1"), LISTED_CO_HOURS, m.HoursMeaning.STAFFED),
    ("underwriting", dial("6", "7509"), STAFFED, m.HoursMeaning.STAFFED),
    ("investor-services", dial("1", "1"), STAFFED, m.HoursMeaning.STAFFED),
    ("investor-services", dial("1", "2"), STAFFED, m.HoursMeaning.STAFFED),
    (
        "investor-services",
        radio("中央广播电视总台央广经济之声", "FM96.6", "投资修炼手册"),
        ON_AIR,
        m.HoursMeaning.ON_AIR,
    ),
    ("petitions", dial("1", "3"), STAFFED, m.HoursMeaning.STAFFED),
    (
        "petitions",
        address("上海市浦东新区杨高南路388号上海证券交易所信访接待室"),
        STAFFED,
        m.HoursMeaning.STAFFED,
    ),
    ("integrity", dial("6", "1284"), STAFFED, m.HoursMeaning.STAFFED),
]

# Lines and desks for which the annex publishes no hours.
NO_HOURS: list[tuple[str, Fact | m.ChannelKind]] = [
    ("tech", dial("2", "1")),
    ("tech", email("tech_support@sse.com.cn")),
    ("underwriting", dial("6", "7242")),  # 上市仪式
    ("market-services", dial("6", "7999")),
    ("market-services", dial(number="010-50868703")),
    ("market-services", dial(number="020-83629430")),
    ("market-services", dial(number="028-60119091")),
    ("market-services", dial(number="18918200578")),
    ("listed-co", m.ChannelKind.LIAISON),
    ("bond-review", email("bondsse@sse.com.cn")),
    ("investor-services", email("gzrx@sse.com.cn")),
    ("petitions", email("ssexf@sse.com.cn")),
    ("integrity", fax("021-68601281")),
    ("integrity", email("ljcyjd@sse.com.cn")),
]

# Published response times: (area, amount of working days, words of the undertaking,
# words of the way in).
RESPONSES = [
    ("ipo-review", 10, "现场答复或者书面答复", "业务咨询"),
    ("ipo-review", 5, "通过审核系统予以答复或者确定现场咨询时间", "项目沟通"),
    ("bond-review", 5, "研究后予以答复", "债券项目申报系统"),
]

# Extensions and IVR keys the annex prints (for scanning free text).
EXTENSIONS = {"666", "699", "1959", "7509", "7242", "7999", "1284"}
POSTCODES = {"200127"}
QQ_GROUPS = {"298643611"}


# ----------------------------------------------------------------------------- helpers


def nospace(text: str) -> str:
    return re.sub(r"\s+", "", text)


def facts_of(channel: m.Channel) -> set[Fact]:
    """The contact facts a channel holds, in the same shape as the hand-written table."""
    out: set[Fact] = set()
    for c in channel.contacts:
        if isinstance(c, m.Phone):
            out |= {dial(*r.steps, number=c.number) for r in c.routes} or {dial(number=c.number)}
        elif isinstance(c, m.Fax):
            out.add(fax(c.number))
        elif isinstance(c, m.Email):
            out.add(email(c.address))
        elif isinstance(c, m.Web):
            out.add(link(c.url))
        elif isinstance(c, m.System):
            out.add(link(c.url))
            if c.ekey_url:
                out.add(link(c.ekey_url))
        elif isinstance(c, m.Address):
            out.add(address(nospace(c.text_zh), c.postcode))
        elif isinstance(c, m.Account):
            out.add(account(c.platform.value, c.account_id or c.name))
        elif isinstance(c, m.Newspaper):
            out.add(newspaper(c.name_zh))
        elif isinstance(c, m.Radio):
            out.add(radio(c.station_zh, c.frequency, c.programme_zh))
    return out


def area_facts(directory: m.Directory, area_id: str) -> set[Fact]:
    return set().union(*(facts_of(ch) for ch in directory.in_area(area_id)))


def expected_facts(area_id: str) -> set[Fact]:
    written = {f for a, f in FACTS if a == area_id}
    linked = {link(k.url) for k in LINKS if k.area == area_id and k.url.startswith("http")}
    return written | linked


def channels_with(directory: m.Directory, area_id: str, key: Fact | m.ChannelKind) -> list:
    if isinstance(key, m.ChannelKind):
        return [ch for ch in directory.in_area(area_id) if ch.kind is key]
    return [ch for ch in directory.in_area(area_id) if key in facts_of(ch)]


def all_contacts(directory: m.Directory) -> list[tuple[m.Channel, m.Contact]]:
    return [(ch, c) for ch in directory.channels for c in ch.contacts]


def fact_id(area_id: str, value: Fact | m.ChannelKind) -> str:
    """A readable test id (pytest escapes CJK): the area, the fact's kind and its ASCII parts."""
    if isinstance(value, m.ChannelKind):
        return f"{area_id}-{value.value}"
    flat = [x for v in value for x in (v if isinstance(v, tuple) else (v,))]
    return "-".join([area_id, *(str(x) for x in flat if x is not None and str(x).isascii())])


@pytest.fixture(scope="module")
def directory() -> m.Directory:
    return data.load_packaged()


@pytest.fixture(scope="module")
def raw_text() -> str:
    return data.packaged_bytes().decode("utf-8")


# ----------------------------------------------------------------------------- 1. facts present


@pytest.mark.parametrize(("area_id", "fact"), FACTS, ids=[fact_id(a, f) for a, f in FACTS])
def test_annex_fact_is_in_its_area(directory, area_id, fact):
    assert fact in area_facts(directory, area_id)


@pytest.mark.parametrize(
    ("area_id", "key", "windows", "meaning"),
    HOURS,
    ids=[fact_id(a, k) for a, k, _, _ in HOURS],
)
def test_published_hours_are_on_their_line(directory, area_id, key, windows, meaning):
    [channel] = channels_with(directory, area_id, key)
    assert channel.hours is not None
    assert channel.hours.days is m.DayBasis.TRADING_DAYS
    assert tuple(str(w) for w in channel.hours.windows) == windows
    assert channel.hours.meaning is meaning


def test_only_the_independent_director_route_lacks_the_channels_hours(directory):
    """3(4): the hours are the independent-director hotline's, whose number is in the company
    system; the annex gives none for 4008888400 转 1."""
    without = [ch.id for ch in directory.channels for p in ch.phones() if not p.hours_published]
    assert without == ["listed-co.independent-directors"]
    ined = next(ch for ch in directory.channels if ch.id == without[0])
    assert ined.hours is not None and ined.phone_hours is None


def test_no_hours_but_the_published_ones(directory):
    hour_keys = [(a, k) for a, k, _, _ in HOURS]
    with_hours = {ch.id for ch in directory.channels if ch.hours is not None}
    expected = {ch.id for a, k in hour_keys for ch in channels_with(directory, a, k)}
    assert with_hours == expected


@pytest.mark.parametrize(("area_id", "key"), NO_HOURS, ids=[fact_id(a, k) for a, k in NO_HOURS])
def test_lines_without_published_hours_have_none(directory, area_id, key):
    found = channels_with(directory, area_id, key)
    assert found
    assert [ch.hours for ch in found] == [None] * len(found)


@pytest.mark.parametrize(
    ("area_id", "amount", "undertaking", "way_in"),
    RESPONSES,
    ids=[f"{a}-{n}-days" for a, n, _, _ in RESPONSES],
)
def test_published_response_times(directory, area_id, amount, undertaking, way_in):
    matches = [
        ch
        for ch in directory.in_area(area_id)
        if ch.response is not None
        and ch.response.amount == amount
        and ch.response.unit is m.ResponseUnit.WORKING_DAYS
        and undertaking in ch.response.text_zh
        and any(way_in in c.what_zh + c.where_zh for c in ch.contacts if isinstance(c, m.Via))
    ]
    assert len(matches) == 1


def test_no_response_times_but_the_published_ones(directory):
    found = Counter(
        (ch.area, ch.response.amount) for ch in directory.channels if ch.response is not None
    )
    assert found == Counter((a, n) for a, n, _, _ in RESPONSES)


# ----------------------------------------------------------------------------- 2. links


def test_hand_written_link_tables_agree():
    http = [k.url for k in LINKS if k.url.startswith("http")]
    assert set(http) == ANNEX_URLS
    assert len(ANNEX_URLS) == 38
    assert Counter(k.page for k in LINKS) == {1: 17, 2: 21, 3: 11, 4: 6}
    assert http.count(CNSCA) == 9


@pytest.mark.parametrize("occurrence", LINKS, ids=[f"p{k.page}-{k.area}-{k.kind}" for k in LINKS])
def test_link_is_attached_to_its_item(directory, occurrence):
    k = occurrence
    contacts = [c for ch in directory.in_area(k.area) for c in ch.contacts]

    def named(text: str) -> bool:
        assert k.words is not None
        words = nospace(k.words)
        return nospace(text) == words if k.exact else words in nospace(text)

    if k.kind == "web":
        hits = [
            c for c in contacts if isinstance(c, m.Web) and c.url == k.url and named(c.title_zh)
        ]
    elif k.kind == "system":
        hits = [
            c for c in contacts if isinstance(c, m.System) and c.url == k.url and named(c.name_zh)
        ]
    elif k.kind == "ekey":
        hits = [
            c
            for c in contacts
            if isinstance(c, m.System)
            and c.ekey_url == k.url
            and (k.words is None or named(c.name_zh))
        ]
    else:
        assert k.url.startswith("mailto:") and k.url.endswith(k.words)
        hits = [c for c in contacts if isinstance(c, m.Email) and c.address == k.words]
    assert hits, f"{k.url} is not attached to {k.words!r} in {k.area}"


def test_ekey_is_exactly_on_the_systems_that_say_so(directory):
    with_ekey = {
        (ch.area, c.name_zh)
        for ch, c in all_contacts(directory)
        if isinstance(c, m.System) and c.ekey_url is not None
    }
    assert len(with_ekey) == len(EKEY_SYSTEMS)
    for area_id, words in EKEY_SYSTEMS:
        assert any(a == area_id and words in name for a, name in with_ekey), (area_id, words)
    assert {c.ekey_url for ch, c in all_contacts(directory) if isinstance(c, m.System)} == {CNSCA}


def test_channel_source_page_lists_its_links(directory):
    pages: dict[str, set[int]] = {}
    for k in LINKS:
        if not k.url.startswith("http"):
            continue
        for ch in directory.in_area(k.area):
            if link(k.url) in facts_of(ch):
                pages.setdefault(ch.id, set()).add(k.page)
    wrong = {
        ch.id: (ch.source.page, pages[ch.id])
        for ch in directory.channels
        if ch.id in pages and ch.source.page not in pages[ch.id]
    }
    assert wrong == {}


def test_no_url_outside_the_annex(directory, raw_text):
    structured = {
        u
        for _, c in all_contacts(directory)
        for u in (
            (c.url,)
            if isinstance(c, m.Web)
            else (c.url, c.ekey_url)
            if isinstance(c, m.System)
            else ()
        )
        if u
    }
    in_text = set(re.findall(r"https?://[^\s,\]}\"'<>]+", raw_text))
    assert structured == ANNEX_URLS
    assert in_text <= ANNEX_URLS


# ----------------------------------------------------------------------------- 3. nothing invented

TABLE_NUMBERS = {f[1] for _, f in FACTS if f[0] in ("dial", "fax")}
TABLE_EMAILS = {f[1] for _, f in FACTS if f[0] == "email"}
TABLE_POSTCODES = {f[2] for _, f in FACTS if f[0] == "address" and f[2]}
TABLE_QQ = {f[2] for _, f in FACTS if f[0] == "account" and f[1] == "qq-group"}
TABLE_ACCOUNTS = {f for _, f in FACTS if f[0] == "account"}


def _dataset_values(directory: m.Directory, what: str) -> set[str]:
    contacts = [c for _, c in all_contacts(directory)]
    if what == "phone and fax numbers":
        return {c.number for c in contacts if isinstance(c, (m.Phone, m.Fax))}
    if what == "e-mail addresses":
        return {c.address for c in contacts if isinstance(c, m.Email)}
    if what == "postcodes":
        return {c.postcode for c in contacts if isinstance(c, m.Address) and c.postcode}
    if what == "QQ groups":
        return {
            c.account_id or c.name
            for c in contacts
            if isinstance(c, m.Account) and c.platform is m.Platform.QQ_GROUP
        }
    if what == "URLs":
        return {c.url for c in contacts if isinstance(c, (m.Web, m.System))}
    raise AssertionError(what)


@pytest.mark.parametrize(
    ("what", "table"),
    [
        ("phone and fax numbers", TABLE_NUMBERS),
        ("e-mail addresses", TABLE_EMAILS),
        ("postcodes", TABLE_POSTCODES),
        ("QQ groups", TABLE_QQ),
        ("URLs", ANNEX_URLS),
    ],
)
def test_dataset_holds_no_contact_the_annex_does_not_give(directory, what, table):
    values = _dataset_values(directory, what)
    assert values, what
    assert values - table == set()


def test_free_text_mentions_only_annex_numbers(raw_text):
    """Summaries, notes and labels may repeat a number, but never one the annex lacks."""
    raw_text = re.sub(r"^dates:\n(?:  .*\n)+", "", raw_text, flags=re.M)  # ours, not the annex's
    tokens = re.findall(r"(?<![\d.:])\d+(?:-\d+)*(?![\d.:])", raw_text)
    long_numbers = {t for t in tokens if sum(ch.isdigit() for ch in t) >= 5}
    long_numbers -= set(re.findall(r"^\s+\w+: (\d{4}-\d\d-\d\d)", raw_text, re.M))  # dates block
    assert long_numbers <= TABLE_NUMBERS | TABLE_POSTCODES | TABLE_QQ
    assert {"4008888400", "021-68601281", "200127", "298643611"} <= long_numbers
    extensions = set(re.findall(r"分机\s*(\d+)", raw_text)) | set(
        re.findall(r"拨\s*(\d{3,})", raw_text)
    )
    assert extensions == EXTENSIONS


def test_free_text_mentions_only_annex_mailboxes(raw_text):
    found = set(re.findall(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+", raw_text))
    assert found == TABLE_EMAILS


def test_free_text_mentions_only_annex_windows(raw_text):
    found = set(re.findall(r"\d{2}:\d{2}-\d{2}:\d{2}", raw_text))
    assert found == set(STAFFED) | set(LISTED_CO_HOURS) | set(ON_AIR)


def test_no_account_the_annex_does_not_give(directory):
    found = {
        account(c.platform.value, c.account_id or c.name)
        for _, c in all_contacts(directory)
        if isinstance(c, m.Account)
    }
    assert found == TABLE_ACCOUNTS


# ----------------------------------------------------------------------------- 4. per area


@pytest.mark.parametrize("area_id", AREA_IDS)
def test_area_holds_exactly_what_the_annex_gives_it(directory, area_id):
    assert area_facts(directory, area_id) == expected_facts(area_id)


# ----------------------------------------------------------------------------- 5. structure


def test_areas_in_annex_order_with_chinese_names(directory):
    assert [(a.id, a.name_zh) for a in directory.areas] == AREAS + DERIVED_AREAS


def test_channel_ids_are_unique(directory):
    ids = [ch.id for ch in directory.channels]
    assert [i for i, n in Counter(ids).items() if n > 1] == []


def test_channels_follow_the_annex_row_order(directory):
    runs = [area for area, _ in itertools.groupby(ch.area for ch in directory.channels)]
    assert runs == AREA_IDS + [a for a, _ in DERIVED_AREAS]


@pytest.mark.parametrize("area_id", AREA_IDS)
def test_source_row_is_the_area_name(directory, area_id):
    name = dict(AREAS)[area_id]
    channels = directory.in_area(area_id)
    assert channels
    assert {ch.source.row for ch in channels} == {name}
    assert all(ch.id.startswith(f"{area_id}.") for ch in channels)


def test_via_references_resolve(directory):
    refs = [c.channel_id for _, c in all_contacts(directory) if isinstance(c, m.Via)]
    assert refs
    assert [r for r in refs if r is not None and directory.channel(r) is None] == []


# ----------------------------------------------------------------------------- 6. validation


def test_packaged_file_validates():
    assert data.validate_file(DATA) == []


def test_packaged_resource_is_the_repository_file():
    assert data.packaged_bytes() == DATA.read_bytes()


# One area, one channel: the smallest document the validator accepts. Bad files alter it.
MINIMAL = """\
schema: 1
title_zh: 渠道一览表
source_document_zh: 行动方案（附件）
ekey_url: https://cnsca.sse.com.cn/
areas:
  - id: integrity
    name_zh: 廉政监督
    name_en: Integrity supervision
    aliases: [廉政]
channels:
"""
CHANNEL = """\
  - id: integrity.phone
    area: integrity
    kind: phone
    name_zh: 廉政监督电话
    name_en: Integrity phone line
    summary_zh: 廉政监督电话。
    summary_en: The integrity line.
    aliases: [廉政电话]
    audience: [public]
    contacts:
      - type: phone
        number: "4008888400"
        routes:
          - steps: ["6", "1284"]
    hours: {days: trading-days, windows: ["08:45-11:30", "13:00-17:00"]}
    source: {row: 廉政监督, item: "1", page: 4}
"""
VALID = MINIMAL + CHANNEL
EXTRA_CONTACT_AT = '          - steps: ["6", "1284"]\n'


def line_of(text: str, needle: str, nth: int = -1) -> int:
    lines = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    assert lines, f"{needle!r} is not in the document"
    return lines[nth]


def test_minimal_document_is_valid(tmp_path):
    path = tmp_path / "ok.yaml"
    path.write_text(VALID, encoding="utf-8")
    assert data.validate_file(path) == []
    loaded = data.load_file(path)
    assert [a.id for a in loaded.areas] == ["integrity"]
    assert [ch.id for ch in loaded.channels] == ["integrity.phone"]


class Bad(NamedTuple):
    """A bad document: VALID with `old` replaced by `new`, and the one problem it must cause.

    `at` is text on the line the problem must point to (its last occurrence in the bad file).
    `{marker}` in `new` becomes a path the test checks was never created.
    """

    id: str
    old: str
    new: str
    field: str
    at: str
    message: str
    reported_at: str | None = None  # where the validator points today, when that is not `at`


def contact(text: str) -> str:
    """`text` as a second contact of the channel."""
    return EXTRA_CONTACT_AT + text


BAD = [
    Bad(
        "hours-published-not-a-boolean",
        '        number: "4008888400"\n',
        '        number: "4008888400"\n        hours_published: "no"\n',
        "channels[0].contacts[0].hours_published",
        'hours_published: "no"',
        "expected true or false, got a string",
    ),
    Bad(
        "yaml-syntax",
        "name_en: Integrity supervision",
        "name_en: Integrity: supervision",
        "",
        "Integrity: supervision",
        "YAML syntax error",
    ),
    Bad(
        "yaml-unclosed-flow",
        "aliases: [廉政电话]",
        "aliases: [廉政电话",
        "",
        "audience: [public]",
        "YAML syntax error",
    ),
    Bad(
        "unknown-key",
        "    hours: {",
        "    hour: {",
        "channels[0].hour",
        "hour: {",
        "unknown key (did you mean 'hours'?)",
    ),
    Bad(
        "unknown-top-key",
        "ekey_url:",
        "ekey_ulr:",
        "ekey_ulr",
        "ekey_ulr:",
        "unknown key (did you mean 'ekey_url'?)",
    ),
    Bad(
        "missing-key",
        "    name_en: Integrity phone line\n",
        "",
        "channels[0].name_en",
        "- id: integrity.phone",
        "missing required key",
    ),
    Bad(
        "missing-top-key",
        "title_zh: 渠道一览表\n",
        "",
        "title_zh",
        "schema: 1",
        "missing required key",
    ),
    Bad(
        "phone-as-int",
        'number: "4008888400"',
        "number: 4008888400",
        "channels[0].contacts[0].number",
        "number: 4008888400",
        "expected a string, got an integer (quote it)",
    ),
    Bad(
        "page-as-string",
        "page: 4}",
        'page: "4"}',
        "channels[0].source.page",
        'page: "4"}',
        "expected an integer, got a string",
    ),
    Bad(
        "duplicate-channel-id",
        CHANNEL,
        CHANNEL + CHANNEL,
        "channels[1].id",
        "- id: integrity.phone",
        "duplicate channel id 'integrity.phone'",
    ),
    Bad(
        "duplicate-key",
        "    name_zh: 廉政监督电话\n",
        "    name_zh: 廉政监督电话\n    name_zh: 又一个名字\n",
        "channels[0].name_zh",
        "又一个名字",
        "duplicate key",
    ),
    Bad(
        "malformed-phone",
        '"4008888400"',
        '"400-888-8400"',
        "channels[0].contacts[0].number",
        "400-888-8400",
        "malformed phone number",
    ),
    Bad(
        "malformed-phone-letters",
        '"4008888400"',
        '"400888840O"',
        "channels[0].contacts[0].number",
        "400888840O",
        "malformed phone number",
    ),
    Bad(
        "malformed-ivr-step",
        '["6", "1284"]',
        '["6", "分机1284"]',
        "channels[0].contacts[0].routes[0].steps[1]",
        "分机1284",
        "malformed IVR step",
    ),
    Bad(
        "malformed-email",
        EXTRA_CONTACT_AT,
        contact("      - type: email\n        address: ljcyjd(at)sse.com.cn\n"),
        "channels[0].contacts[1].address",
        "ljcyjd(at)",
        "malformed e-mail address",
    ),
    Bad(
        "malformed-url",
        EXTRA_CONTACT_AT,
        contact("      - type: web\n        url: www.sse.com.cn/rules/\n        title_zh: 规则\n"),
        "channels[0].contacts[1].url",
        "www.sse.com.cn/rules/",
        "malformed URL",
    ),
    Bad(
        "unknown-source-derivation",
        'source: {row: 廉政监督, item: "1", page: 4}',
        'source: {row: 廉政监督, item: "1", page: 4, derived: table}',
        "channels[0].source.derived",
        "derived: table",
        "unknown value 'table'; allowed: links",
    ),
    Bad(
        "malformed-ekey-url",
        "ekey_url: https://cnsca.sse.com.cn/",
        "ekey_url: cnsca.sse.com.cn",
        "ekey_url",
        "ekey_url:",
        "malformed URL",
    ),
    Bad(
        "malformed-postcode",
        EXTRA_CONTACT_AT,
        contact("      - type: address\n        text_zh: 上海\n        postcode: '20012'\n"),
        "channels[0].contacts[1].postcode",
        "20012",
        "malformed postal code",
    ),
    Bad(
        "malformed-window",
        '"13:00-17:00"',
        '"13:00-1700"',
        "channels[0].hours.windows[1]",
        "13:00-1700",
        "malformed time window",
    ),
    Bad(
        "window-hour-25",
        '"13:00-17:00"',
        '"13:00-25:00"',
        "channels[0].hours.windows[1]",
        "13:00-25:00",
        "malformed time window",
    ),
    Bad(
        "window-ends-before-start",
        '"13:00-17:00"',
        '"17:00-13:00"',
        "channels[0].hours.windows[1]",
        "17:00-13:00",
        "ends before it starts",
    ),
    Bad(
        "window-empty",
        '"13:00-17:00"',
        '"13:00-13:00"',
        "channels[0].hours.windows[1]",
        "13:00-13:00",
        "ends before it starts",
    ),
    Bad(
        "unknown-kind",
        "kind: phone",
        "kind: telephone",
        "channels[0].kind",
        "kind: telephone",
        "unknown value 'telephone'; allowed: rules, system",
    ),
    Bad(
        "unknown-audience",
        "audience: [public]",
        "audience: [everyone]",
        "channels[0].audience[0]",
        "audience: [everyone]",
        "unknown value 'everyone'",
    ),
    Bad(
        "unknown-day-basis",
        "days: trading-days",
        "days: weekdays",
        "channels[0].hours.days",
        "days: weekdays",
        "unknown value 'weekdays'",
    ),
    Bad(
        "unknown-contact-type",
        "      - type: phone",
        "      - type: telephone",
        "channels[0].contacts[0].type",
        "type: telephone",
        "unknown contact type 'telephone'",
    ),
    Bad(
        "unknown-area",
        "  - id: integrity.phone\n    area: integrity\n",
        "  - id: integrty.phone\n    area: integrty\n",
        "channels[0].area",
        "area: integrty",
        "unknown area 'integrty'",
        reported_at="- id: integrty.phone",
    ),
    Bad(
        "id-not-in-its-area",
        "  - id: integrity.phone",
        "  - id: petitions.phone",
        "channels[0].id",
        "id: petitions.phone",
        "must start with its area 'integrity'",
    ),
    Bad(
        "via-unknown-channel",
        EXTRA_CONTACT_AT,
        contact(
            "      - type: via\n        what_zh: 联系方式\n        where_zh: 某系统\n"
            "        channel: integrity.nowhere\n"
        ),
        "channels[0].contacts[1].channel",
        "channel: integrity.nowhere",
        "refers to unknown channel 'integrity.nowhere'",
        reported_at="- id: integrity.phone",
    ),
    Bad(
        "python-tag",
        'number: "4008888400"',
        'number: !!python/object/apply:os.system ["touch {marker}"]',
        "channels[0].contacts[0].number",
        "!!python/object/apply",
        "YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed",
    ),
    Bad(
        "python-tag-document",
        VALID,
        '!!python/object/apply:os.system ["touch {marker}"]\n',
        "",
        "!!python/object/apply",
        "is not allowed",
    ),
    Bad(
        "anchor-alias",
        "aliases: [廉政电话]",
        "aliases: *names",
        "channels[0].aliases",
        "aliases: *names",
        "YAML anchors and aliases are not supported",
        reported_at="aliases: &names",
    ),
    Bad(
        "top-level-list",
        VALID,
        "- one\n- two\n",
        "",
        "- one",
        "expected a mapping, got a list",
    ),
    Bad(
        "schema-version",
        "schema: 1",
        "schema: 2",
        "schema",
        "schema: 2",
        "unsupported schema 2",
    ),
]


def _bad_document(case: Bad, marker: Path) -> str:
    assert VALID.count(case.old) == 1, case.old
    text = VALID.replace(case.old, case.new.replace("{marker}", str(marker)))
    if case.id == "anchor-alias":
        text = text.replace("aliases: [廉政]", "aliases: &names [廉政]")
    return text


def _only_problem(path: Path) -> Problem:
    problems = data.validate_file(path)
    assert len(problems) == 1, problems
    with pytest.raises(DataError) as raised:
        data.load_file(path)
    assert raised.value.problems == tuple(problems)
    return problems[0]


@pytest.mark.parametrize("case", BAD, ids=[c.id for c in BAD])
def test_bad_file_is_reported_with_file_line_and_field(tmp_path, case):
    marker = tmp_path / "executed"
    path = tmp_path / f"{case.id}.yaml"
    text = _bad_document(case, marker)
    path.write_text(text, encoding="utf-8")

    problem = _only_problem(path)

    assert not marker.exists()
    assert problem.file == str(path)
    assert problem.field == case.field
    assert case.message in problem.message
    expected = {line_of(text, case.at)}
    if case.reported_at is not None:  # see test_problem_line_is_the_offending_line
        expected.add(line_of(text, case.reported_at))
    assert problem.line in expected
    where = f"{path}:{problem.line}: "
    assert str(problem).startswith(where + (f"{case.field}: " if case.field else ""))


IMPRECISE = [c for c in BAD if c.reported_at is not None]


@pytest.mark.parametrize("case", IMPRECISE, ids=[c.id for c in IMPRECISE])
def test_problem_line_is_the_offending_line(tmp_path, case):
    path = tmp_path / f"{case.id}.yaml"
    text = _bad_document(case, tmp_path / "executed")
    path.write_text(text, encoding="utf-8")
    assert _only_problem(path).line == line_of(text, case.at)


def test_python_tag_is_not_executed_on_load(tmp_path):
    marker = tmp_path / "executed"
    path = tmp_path / "evil.yaml"
    path.write_text(
        VALID.replace('"4008888400"', f'!!python/object/apply:os.system ["touch {marker}"]'),
        encoding="utf-8",
    )
    with pytest.raises(DataError):
        data.load_file(path)
    assert not marker.exists()


class BadFile(NamedTuple):
    id: str
    content: bytes | None  # None: do not create the path
    line: int | None
    message: str


BAD_FILES = [
    BadFile(
        "invalid-utf8-byte",
        VALID.encode().replace(b"Integrity phone line", b"Integrity \xff phone line"),
        line_of(VALID, "Integrity phone line"),
        "not UTF-8",
    ),
    BadFile("gbk-encoded", VALID.encode("gbk"), 2, "not UTF-8"),
    BadFile("empty", b"", None, "the file is empty"),
    BadFile("only-comments", b"# nothing here\n", None, "the file is empty"),
    BadFile("missing", None, None, "no such file"),
]


@pytest.mark.parametrize("case", BAD_FILES, ids=[c.id for c in BAD_FILES])
def test_unreadable_file_is_reported(tmp_path, case):
    path = tmp_path / f"{case.id}.yaml"
    if case.content is not None:
        path.write_bytes(case.content)
    problem = _only_problem(path)
    assert (problem.file, problem.line, problem.field) == (str(path), case.line, "")
    assert case.message in problem.message
    where = str(path) if case.line is None else f"{path}:{case.line}"
    assert str(problem) == f"{where}: {problem.message}"


def test_directory_is_reported(tmp_path):
    problem = _only_problem(tmp_path)
    assert (problem.file, problem.line, problem.field) == (str(tmp_path), None, "")
    assert "is a directory" in problem.message


def test_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(VALID.encode("utf-8-sig"))
    assert data.validate_file(path) == []


# ----------------------------------------------------------------------------- 6. through the CLI


def facts_of_json(channel: dict) -> set[Fact]:
    """The contact facts of one `show --json` record, in the shape of the hand-written table."""
    out: set[Fact] = set()
    for c in channel["contacts"]:
        kind = c["type"]
        if kind == "phone":
            routes = {dial(*r["steps"], number=c["number"]) for r in c["routes"]}
            out |= routes or {dial(number=c["number"])}
        elif kind == "fax":
            out.add(fax(c["number"]))
        elif kind == "email":
            out.add(email(c["address"]))
        elif kind == "web":
            out.add(link(c["url"]))
        elif kind == "system":
            out.add(link(c["url"]))
            if c["ekey_url"]:
                out.add(link(c["ekey_url"]))
        elif kind == "address":
            out.add(address(nospace(c["text_zh"]), c["postcode"]))
        elif kind == "account":
            out.add(account(c["platform"], c["id"] or c["name"]))
        elif kind == "newspaper":
            out.add(newspaper(c["name_zh"]))
        elif kind == "radio":
            out.add(radio(c["station_zh"], c["frequency"], c["programme_zh"]))
    return out


@pytest.mark.parametrize("area_id", AREA_IDS)
def test_show_area_json_holds_exactly_what_the_annex_gives_it(run, area_id):
    name_zh = dict(AREAS)[area_id]
    code, out, err = run("show", name_zh, "--json")
    assert (code, err) == (0, "")
    records = json.loads(out)
    assert {r["area"]["id"] for r in records} == {area_id}
    assert set().union(*(facts_of_json(r) for r in records)) == expected_facts(area_id)
