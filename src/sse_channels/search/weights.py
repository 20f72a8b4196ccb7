"""Every number that shapes a ranking, in one table.

Each constant names the query that justifies it; `tests/test_search_weights.py` sets each one
to its neutral value and shows that query's answer get worse. A number that changed no answer
was deleted rather than kept "just in case".

Index-time weights are read when the index is built (they end up in its postings); the others
when a query runs. Modules read them as `weights.NAME`, so a test can change one.
"""

from __future__ import annotations

from enum import IntEnum

from sse_channels import model as m


class Tier(IntEnum):
    """How a query term met a key, best last: the first thing a ranking compares."""

    FUZZY = 1  # a near spelling, a near reading, or pieces of a paraphrase
    SUBSTRING = 2  # the term is inside the key
    PREFIX = 3  # the key starts with the term
    EXACT = 4  # the key is the term


# The score of a term that meets a key of weight 1.0. Each tier's worst field (0.5) still
# scores above the next tier's best: shangshi guize is the listed companies' rules, an exact
# reading, before other rules pages that merely contain it.
TIER_SCORE = {Tier.EXACT: 8.0, Tier.PREFIX: 6.0, Tier.SUBSTRING: 4.0, Tier.FUZZY: 2.0}
SUBSTRING_SCORE = TIER_SCORE[Tier.SUBSTRING]  # what a plain substring hit of a name scores

# --------------------------------------------------------------------------- index time
# Field weights: what a hit in that field says about the channel.
W_NAME = 1.0  # the unit: the channel's own name, kind words, mailbox names
W_ROUTE = 0.96  # a menu branch's words name that branch over the line's aliases (at)
W_ALIAS = 0.95  # REITs: the bond rules page, not the bond phone line
W_CONTACT = 0.85  # contact details below names (at)
W_AREA = 0.7  # REITs: a channel's own words above its area's
# An area's name typed as initials names the area as surely as an alias names its channel
# (zq: 债券, the bond desks, not the 中签 of the personal centre).
W_AREA_INITIALS = W_ALIAS
W_TEXT = 0.5  # summaries and notes: fxssshxt is the system, not what mentions it
# A key derived from a text is a weaker sign than the text itself.
PINYIN_FACTOR = 0.9  # x: a name starting with x, not a reading starting with x
INITIALS_FACTOR = 0.85  # x, likewise
WORD_FACTOR = 0.9  # one word of a multi-word English text (disclosure)
URL_HOST_FACTOR = 0.95  # the host of a URL with a path (edu.sse.com.cn: the site itself)
SHORT_STEP_WEIGHT = 0.6  # a one- or two-digit menu step on its own (1)

# --------------------------------------------------------------------------- query time
TIGHTNESS = 0.01  # times len(term)/len(key): a closer fit wins between equal hits (at)
PHRASE_BONUS = 1.0  # when one field holds every word of a query (科创板 规则)

# Between otherwise equal matches, the channel a person can reach directly comes first
# (listed-co: the desk that answers, not the rules page).
KIND_PRIOR = {
    m.ChannelKind.PHONE: 0.06,
    m.ChannelKind.OFFICE: 0.05,
    m.ChannelKind.EMAIL: 0.05,
    m.ChannelKind.ONSITE: 0.04,
    m.ChannelKind.LIAISON: 0.04,
    m.ChannelKind.SYSTEM: 0.03,
    m.ChannelKind.DISCLOSURE: 0.02,
    m.ChannelKind.WEB: 0.02,
    m.ChannelKind.POST: 0.02,
    m.ChannelKind.FAX: 0.02,
    m.ChannelKind.MEDIA: 0.01,
    m.ChannelKind.RULES: 0.0,
}
RARITY = True  # when no channel has every word, weigh each by its rarity (期权 电话)
# A Chinese term (a clause of a sentence) that meets no key is dropped rather than counted as
# unmet (我的指定交易当初办在哪家券商了，自己忘了，有没有地方能查: the first clause decides); so is
# a word of a long English question (Who do broker IT staff call for … support: not "who").
DROP_EMPTY_CLAUSES = True

# Piece matching of a Chinese paraphrase (投诉券商, 独董咨询电话是多少).
PIECE_EXACT = 1.0  # a piece that is a whole key
PIECE_PREFIX = 0.8  # a piece that starts a key (内幕交易)
PIECE_INSIDE = 0.6  # a piece inside a key (内幕交易)
PIECE_SPAN = 6  # a long term is judged on six characters of cover (上交所工作人员吃拿卡要…)
PIECE_CUTOFF = 0.15  # share of a substring score below which cover is noise (内幕交易)

# Who is asking (search/audience.py). Either boost is added to a channel's score when its
# audience fits, and shows as a reason of field AUDIENCE.
# A query in the public's words (我, 投诉, 怎么办, a question): the channels for the public and
# investors over systems that need a firm's EKey (我想投诉券商怎么办: the member rules page, open
# to all, before the member firms' 会籍系统; 我的期权: the investor's personal centre, not the
# option firms' system).
PUBLIC_CUE_BOOST = 1.0
# `--as ROLE`: the role's own channels over the general ones (--as sponsor 电话: the review
# line the sponsors call, not the exchange's general hotline first in the menu).
ROLE_BOOST = 4.0
