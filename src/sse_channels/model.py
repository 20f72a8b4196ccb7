"""The channel directory as typed, immutable records.

Everything here is plain data: no I/O, no third-party imports. `data.py` builds these records
from `channels.yaml` after validating it; every other module only reads them.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

from msgspec import Struct, field

from .textnorm import digits_only


class ChannelKind(Enum):
    """What a channel is, as a user would say it."""

    RULES = "rules"  # rule and guide pages
    SYSTEM = "system"  # a business system reached with a login
    DISCLOSURE = "disclosure"  # public disclosure sites
    PHONE = "phone"  # a phone line (hotline with IVR steps, or a direct number)
    EMAIL = "email"
    FAX = "fax"
    POST = "post"  # letters by post
    ONSITE = "onsite"  # on-site consultation, reception or visit
    WEB = "web"  # a website or web form
    MEDIA = "media"  # WeChat and other media accounts, newspaper columns, radio
    LIAISON = "liaison"  # a designated contact person
    OFFICE = "office"  # a regional base with an address and a phone


class Audience(Enum):
    """Who a channel serves or who logs in."""

    PUBLIC = "public"  # 公众
    SPONSOR = "sponsor"  # 保荐机构
    UNDERWRITER = "underwriter"  # 承销机构
    LEAD_UNDERWRITER = "lead-underwriter"  # 主承销商
    ISSUER = "issuer"  # 首次公开发行股票发行人
    LISTED_COMPANY = "listed-company"  # 上市公司
    INDEPENDENT_DIRECTOR = "independent-director"  # 独立董事
    FUND_MANAGER = "fund-manager"  # 基金管理人
    OPTION_FIRM = "option-firm"  # 期权经营机构
    MEMBER = "member"  # 会员
    TRADING_PARTICIPANT = "trading-participant"  # 交易参与人
    COMPANY = "company"  # 企业 (companies considering a listing)
    INVESTOR = "investor"  # 投资者
    MARKET_PARTICIPANT = "market-participant"  # 市场参与主体
    MARKET_INSTITUTION = "market-institution"  # 市场机构


AUDIENCE_ZH: dict[Audience, str] = {
    Audience.PUBLIC: "公众",
    Audience.SPONSOR: "保荐机构",
    Audience.UNDERWRITER: "承销机构",
    Audience.LEAD_UNDERWRITER: "主承销商",
    Audience.ISSUER: "发行人",
    Audience.LISTED_COMPANY: "上市公司",
    Audience.INDEPENDENT_DIRECTOR: "独立董事",
    Audience.FUND_MANAGER: "基金管理人",
    Audience.OPTION_FIRM: "期权经营机构",
    Audience.MEMBER: "会员",
    Audience.TRADING_PARTICIPANT: "交易参与人",
    Audience.COMPANY: "企业",
    Audience.INVESTOR: "投资者",
    Audience.MARKET_PARTICIPANT: "市场参与主体",
    Audience.MARKET_INSTITUTION: "市场机构",
}


class DayBasis(Enum):
    """Which days a set of hours applies to."""

    TRADING_DAYS = "trading-days"  # 交易日


class HoursMeaning(Enum):
    STAFFED = "staffed"  # someone answers / receives visitors
    ON_AIR = "on-air"  # a radio programme's air times


class ResponseUnit(Enum):
    WORKING_DAYS = "working-days"  # 工作日


class Platform(Enum):
    """Where a media or group account lives."""

    WECHAT = "wechat"  # 微信公众号
    TOUTIAO = "toutiao"  # 今日头条
    XIMALAYA = "ximalaya"  # 喜马拉雅
    P5W = "p5w"  # 全景网
    WIND_3C = "wind-3c"  # Wind 3C 会议
    QQ_GROUP = "qq-group"  # QQ 群


PLATFORM_ZH: dict[Platform, str] = {
    Platform.WECHAT: "微信公众号",
    Platform.TOUTIAO: "今日头条",
    Platform.XIMALAYA: "喜马拉雅",
    Platform.P5W: "全景网",
    Platform.WIND_3C: "Wind 3C会议",
    Platform.QQ_GROUP: "QQ群",
}


# Kinds for which opening hours are a meaningful question (a person answers or receives).
STAFFED_KINDS = frozenset(
    {ChannelKind.PHONE, ChannelKind.ONSITE, ChannelKind.OFFICE, ChannelKind.LIAISON}
)


class Window(Struct, frozen=True):
    """A half-open time window [start, end) in Beijing time."""

    start: dt.time
    end: dt.time

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


class Hours(Struct, frozen=True):
    days: DayBasis
    windows: tuple[Window, ...]
    meaning: HoursMeaning = HoursMeaning.STAFFED

    def __str__(self) -> str:
        return ", ".join(str(w) for w in self.windows)


class Response(Struct, frozen=True):
    """A published response time, e.g. 10 working days (the day after the request is day 1)."""

    amount: int
    unit: ResponseUnit
    text_zh: str  # what the exchange undertakes by then


class Route(Struct, frozen=True):
    """One path through a hotline's menu: the keys pressed after the main number."""

    steps: tuple[str, ...]
    label_zh: str = ""
    label_en: str = ""
    aliases: tuple[str, ...] = ()


class Phone(Struct, frozen=True):
    """A phone line. `number` is as published; `routes` are the IVR alternatives (may be empty)."""

    number: str
    routes: tuple[Route, ...] = ()
    label_zh: str = ""
    # False where the channel's hours belong to another of its lines and the annex gives none
    # for this one (独立董事: the hours are the hotline's; 4008888400 转 1 has none of its own).
    hours_published: bool = True

    @property
    def digits(self) -> str:
        return digits_only(self.number)


class Fax(Struct, frozen=True):
    number: str


class Email(Struct, frozen=True):
    address: str


class Web(Struct, frozen=True):
    """A page: a rule or guide, a disclosure site, a portal, a web form."""

    url: str
    title_zh: str
    title_en: str = ""


class System(Struct, frozen=True):
    """A business system behind a login."""

    name_zh: str
    url: str
    login: tuple[Audience, ...]
    ekey_url: str | None  # the CnSCA digital-certificate centre when an EKey is needed
    portal_zh: str  # how to get there, e.g. 上交所官网-一网通办门户-会员机构-常用网站
    functions_zh: str


class Address(Struct, frozen=True):
    text_zh: str
    postcode: str | None = None


class Account(Struct, frozen=True):
    """A media or group account, e.g. WeChat 上交所投教 or QQ group 298643611."""

    platform: Platform
    name: str
    account_id: str | None = None


class Newspaper(Struct, frozen=True):
    name_zh: str


class Radio(Struct, frozen=True):
    station_zh: str
    frequency: str
    programme_zh: str


class Via(Struct, frozen=True):
    """A contact detail the annex does not print but says where to find."""

    what_zh: str  # e.g. 咨询电话
    where_zh: str  # e.g. 上市公司业务管理系统
    channel_id: str | None = None  # the channel that holds it, when it is in the directory


Contact = Phone | Fax | Email | Web | System | Address | Account | Newspaper | Radio | Via


class Source(Struct, frozen=True):
    """Where in the annex a record comes from."""

    row: str  # the annex row (business area), e.g. 债券审核监管
    item: str  # the numbered item, e.g. "4(2)"
    page: int  # the annex page (1-based) whose link list holds its links
    # "links": the record is derived from the annex's links, not from a row of its table
    derived: str = ""


SOURCE_DERIVED = ("links",)  # allowed values of Source.derived


class Area(Struct, frozen=True):
    id: str
    name_zh: str
    name_en: str
    aliases: tuple[str, ...]


class Channel(Struct, frozen=True):
    id: str
    area: str  # Area.id
    kind: ChannelKind
    name_zh: str
    name_en: str
    summary_zh: str
    summary_en: str
    aliases: tuple[str, ...]
    audience: tuple[Audience, ...]
    contacts: tuple[Contact, ...]
    source: Source
    hours: Hours | None = None  # None: the annex publishes no hours
    response: Response | None = None
    notes_zh: tuple[str, ...] = ()

    def phones(self) -> tuple[Phone, ...]:
        return tuple(c for c in self.contacts if isinstance(c, Phone))

    @property
    def hours_apply(self) -> bool:
        """Whether opening hours are a question for this channel: it has some, or a person
        answers or receives there (a phone, a reception, an office, a liaison)."""
        return self.hours is not None or self.kind in STAFFED_KINDS

    @property
    def phone_hours(self) -> Hours | None:
        """The hours of this channel's phone lines: None where the annex gives none for them."""
        if self.hours is None or not all(p.hours_published for p in self.phones()):
            return None
        return self.hours


class DirectoryDates(Struct, frozen=True):
    """When the directory's facts were published, transcribed and last checked (None: never)."""

    document: dt.date | None = None  # the date the source document prints (the annex has none)
    transcribed: dt.date | None = None  # when the annex was transcribed into the data file
    checked: dt.date | None = None  # when every link last answered


class Directory(Struct, frozen=True):
    """The whole annex: areas in annex order, channels in annex order."""

    title_zh: str
    source_document_zh: str
    areas: tuple[Area, ...]
    channels: tuple[Channel, ...]
    _by_id: dict[str, Channel] = field(default_factory=dict)  # filled from channels: an index
    dates: DirectoryDates = field(default_factory=DirectoryDates)

    def __post_init__(self) -> None:
        self._by_id.update({c.id: c for c in self.channels})

    def channel(self, channel_id: str) -> Channel | None:
        return self._by_id.get(channel_id)

    def area(self, area_id: str) -> Area | None:
        return next((a for a in self.areas if a.id == area_id), None)

    def in_area(self, area_id: str) -> tuple[Channel, ...]:
        return tuple(c for c in self.channels if c.area == area_id)
