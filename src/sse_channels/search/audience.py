"""Who is asking: a role given with `--as`, or the public's own words in the query.

Every channel of the annex names its audience (`model.Audience`). A role names the audiences
it belongs to (`ROLE_AUDIENCES`); `PUBLIC` and `MARKET_PARTICIPANT` are general and belong to
every role. With a role, a channel is *for that role* when one of its audiences is the role's,
*general* when one is general, and *only for other roles* when neither: it names audiences,
and none of them is the role's or a general one (the member-firm 会籍系统 for an investor, the
investor hotline for a sponsor). Those are left out; the role's own channels are raised
(`weights.ROLE_BOOST`).

Without a role, a query that sounds like a member of the public (我, 散户, 投诉, 怎么办, a
question mark, "how do I") raises the channels for the public and investors
(`weights.PUBLIC_CUE_BOOST`) above systems for members, sponsors and other firms.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import partial

from sse_channels import model as m
from sse_channels.errors import UsageError
from sse_channels.l10n import _
from sse_channels.textnorm import norm

from . import weights as w
from .index import Field, KeyKind
from .result import Reason
from .weights import Tier

A = m.Audience

# The roles `--as` accepts, in the order help and messages list them, and the audiences of the
# annex each one belongs to. 市场参与主体 (the training sites) is every firm's; 市场机构 (the
# technical services) is every firm that connects to the exchange's systems.
ROLE_AUDIENCES: dict[str, frozenset[m.Audience]] = {
    "investor": frozenset({A.INVESTOR}),
    "company": frozenset(
        {A.COMPANY, A.ISSUER, A.LISTED_COMPANY, A.INDEPENDENT_DIRECTOR, A.MARKET_PARTICIPANT}
    ),
    "sponsor": frozenset({A.SPONSOR, A.MARKET_PARTICIPANT}),
    "underwriter": frozenset({A.UNDERWRITER, A.LEAD_UNDERWRITER, A.MARKET_PARTICIPANT}),
    "member": frozenset(
        {
            A.MEMBER,
            A.TRADING_PARTICIPANT,
            A.OPTION_FIRM,
            A.MARKET_INSTITUTION,
            A.MARKET_PARTICIPANT,
        }
    ),
    "fund": frozenset({A.FUND_MANAGER, A.MARKET_INSTITUTION, A.MARKET_PARTICIPANT}),
    "tech": frozenset({A.MARKET_INSTITUTION, A.TRADING_PARTICIPANT, A.MARKET_PARTICIPANT}),
    "public": frozenset({A.PUBLIC, A.INVESTOR}),
}
ROLES: tuple[str, ...] = tuple(ROLE_AUDIENCES)
# A channel for the public is every role's; so is one for 市场参与主体 (market participants,
# investors among them): the training sites and 浦江大讲堂's open classes.
GENERAL = frozenset({A.PUBLIC, A.MARKET_PARTICIPANT})
PUBLIC_SIDE = frozenset({A.PUBLIC, A.INVESTOR})  # what a public-sounding query is raised towards

# Words of the public, as people type them. A cue is looked for in the whole query, before it
# is split into terms (i, my and how are stop words there).
_CUES_ZH = ("怎么办", "散户", "个人", "投诉", "举报", "怎么", "如何", "我", "吗", "呢", "?")
_CUES_EN = re.compile(r"(?<![a-z0-9'])(how do i|complain|report|my|i)(?![a-z0-9'])")
# "We" and "our firm" are an organisation asking, not the public: 我们公司想上市.
_ORGANISATION = re.compile(r"我们|我司|我公司|我行|我所|我部|我单位")


# The roles in the words people use for themselves (--as 董秘, --as 券商).
ROLE_NAMES_ZH: dict[str, str] = {
    "投资者": "investor",
    "个人投资者": "investor",
    "股民": "investor",
    "散户": "investor",
    "上市公司": "company",
    "董秘": "company",
    "公司": "company",
    "企业": "company",
    "发行人": "company",
    "保荐机构": "sponsor",
    "保荐人": "sponsor",
    "承销商": "underwriter",
    "承销机构": "underwriter",
    "主承销商": "underwriter",
    "会员": "member",
    "会员单位": "member",
    "券商": "member",
    "证券公司": "member",
    "基金公司": "fund",
    "基金管理人": "fund",
    "技术": "tech",
    "技术人员": "tech",
    "公众": "public",
}
# Each role by the name the --as help gives it in Chinese, for messages that name it.
ROLE_ZH: dict[str, str] = {
    "investor": "投资者",
    "company": "企业",
    "sponsor": "保荐机构",
    "underwriter": "承销机构",
    "member": "会员",
    "fund": "基金管理人",
    "tech": "技术人员",
    "public": "公众",
}


def parse_role(text: str | None) -> str | None:
    """A role as typed (`--as`, SSE_CHANNELS_AS), in English or Chinese; None for none;
    UsageError naming the choices."""
    if text is None or not text.strip():
        return None
    role = text.strip().lower()
    role = ROLE_NAMES_ZH.get(role, role)
    if role not in ROLE_AUDIENCES:
        raise UsageError(
            _("unknown role {role} for --as or SSE_CHANNELS_AS: choose one of {choices}").format(
                role=repr(text.strip()[:40]), choices=", ".join(ROLES)
            )
        )
    return role


def public_cue(query: str) -> str | None:
    """The first word of the query that sounds like a member of the public, if any."""
    q = _ORGANISATION.sub(" ", norm(query))
    for cue in _CUES_ZH:
        if cue in q:
            return cue
    found = _CUES_EN.search(q)
    return found.group(1) if found else None


def role_audience(role: str, audiences: tuple[m.Audience, ...]) -> m.Audience | None:
    """The channel's audience that is the role's own (None: the channel is not the role's)."""
    own = ROLE_AUDIENCES[role]
    return next((a for a in audiences if a in own), None)


def only_for_others(role: str, audiences: tuple[m.Audience, ...]) -> bool:
    """A channel that names its audiences, none of them the role's or a general one."""
    if not audiences:
        return False
    return not any(a in ROLE_AUDIENCES[role] or a in GENERAL for a in audiences)


def public_audience(audiences: tuple[m.Audience, ...]) -> m.Audience | None:
    """The channel's audience that is the public's or the investors' (None: neither)."""
    return next((a for a in audiences if a in PUBLIC_SIDE), None)


def boosts(
    role: str | None, query: str, channels: Sequence[m.Channel], kept: list[int]
) -> dict[int, Reason]:
    """The channels (by index) whose audience fits who is asking, each with the reason it is
    raised: the role given, else a public-sounding word of the query."""
    out: dict[int, Reason] = {}
    if role is not None:
        term, boost = role, w.ROLE_BOOST
        pick: Callable[[tuple[m.Audience, ...]], m.Audience | None] = partial(role_audience, role)
    else:
        cue = public_cue(query)
        if cue is None or not w.PUBLIC_CUE_BOOST:
            return out
        term, boost, pick = cue, w.PUBLIC_CUE_BOOST, public_audience
    if not boost:
        return out
    for ci in kept:
        audience = pick(channels[ci].audience)
        if audience is not None:
            out[ci] = Reason(
                term,
                Field.AUDIENCE,
                audience.value,
                KeyKind.TEXT,
                Tier.EXACT,
                boost,
                "audience",
                m.AUDIENCE_ZH[audience],
            )
    return out
