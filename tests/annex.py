"""The annex 渠道一览表, typed by hand from the source document (the action plan of
上海证券交易所进一步推进“开门办审核、开门办监管、开门办服务”, with the hyperlinks pulled out
of the PDF page by page), not generated from `data/channels.yaml`, and the helpers that compare the
dataset with it. Not a test module: test_dataset_annex.py asserts with it."""

import re
from typing import NamedTuple

from sse_channels import model as m

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
