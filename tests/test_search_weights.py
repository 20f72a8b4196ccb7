"""Every ranking constant matters: set to its neutral value, a named query's answer changes.

Each row: the constant of `sse_channels.search.weights`, its neutral value (the value that
makes it do nothing), a query, and the channel the real value puts first. Rows marked
"labelled" are queries of tests/data/search_queries.yaml or the held-out sets whose right
answer the neutral value loses.
"""

from __future__ import annotations

import pytest

from sse_channels import answers, store
from sse_channels.search import Searcher, build_index, weights
from sse_channels.search.weights import Tier
from sse_channels.store import readings

ONE = dict.fromkeys(weights.KIND_PRIOR, 0.0)
FLAT = dict.fromkeys(Tier, 4.0)

PROOFS = [
    # labelled: the neutral value loses the right answer
    ("W_ALIAS", 1.0, "REITs", "bond-review.rules"),
    ("W_AREA", 1.0, "REITs", "bond-review.rules"),
    ("W_AREA_INITIALS", 0.7, "zq", "bond-review.phone"),
    ("W_TEXT", 1.0, "fxssshxt", "ipo-review.system"),
    ("WORD_FACTOR", 1.0, "disclosure", "ipo-review.disclosure"),
    ("URL_HOST_FACTOR", 1.0, "edu.sse.com.cn", "investor-services.edu-site"),
    ("PHRASE_BONUS", 0.0, "科创板 规则", "listed-co.rules"),
    ("PIECE_SPAN", 1000, "上交所工作人员吃拿卡要去哪里反映", "integrity.phone"),
    ("TIER_SCORE", FLAT, "shangshi guize", "listed-co.rules"),
    # the neutral value changes the first answer of a query outside the labelled sets
    ("W_ROUTE", 1.0, "at", "bond-review.phone"),
    ("W_CONTACT", 1.0, "at", "bond-review.phone"),
    ("PINYIN_FACTOR", 1.0, "x", "market-services.xingqihang"),
    ("INITIALS_FACTOR", 1.0, "x", "market-services.xingqihang"),
    ("SHORT_STEP_WEIGHT", 1.0, "1", "integrity.phone"),
    ("TIGHTNESS", 0.0, "at", "bond-review.phone"),
    ("RARITY", False, "期权 电话", "innovative-products.options"),
    ("KIND_PRIOR", ONE, "listed-co", "listed-co.complex-questions"),
    ("PIECE_PREFIX", 1.0, "内幕交易", "trading.letters"),
    ("PIECE_INSIDE", 1.0, "内幕交易", "trading.letters"),
    ("PIECE_CUTOFF", 0.0, "内幕交易", "trading.letters"),
    ("PUBLIC_CUE_BOOST", 0.0, "我的期权", "investor-services.personal-center"),
    # labelled (tuning): a filler word must not leave the sentence with no answer
    (
        "DROP_EMPTY_CLAUSES",
        False,
        "Who do broker IT staff call for SSE trading-technology support?",
        "tech.hotline",
    ),
]
# Constants that act only for a role given with --as: (name, neutral, role, query, first).
ROLE_PROOFS = [
    ("ROLE_BOOST", 0.0, "sponsor", "电话", "ipo-review.phone"),
]


def _first(query: str, role: str | None = None) -> str:
    directory, _ = store.load()
    index = build_index(directory, readings.pinyin_function(readings.load()))
    searcher = Searcher(directory, index, store._char_pinyin).for_role(role)
    results = searcher.search(query, 1)
    return results[0].channel.id if results else ""


@pytest.mark.parametrize(("name", "neutral", "query", "first"), PROOFS)
def test_each_constant_changes_its_query(monkeypatch, name, neutral, query, first):
    assert _first(query) == first
    monkeypatch.setattr(weights, name, neutral)
    assert _first(query) != first


@pytest.mark.parametrize(("name", "neutral", "role", "query", "first"), ROLE_PROOFS)
def test_each_role_constant_changes_its_query(monkeypatch, name, neutral, role, query, first):
    assert _first(query, role) == first
    monkeypatch.setattr(weights, name, neutral)
    assert _first(query, role) != first


def test_every_constant_has_a_proof():
    tunable = {
        n
        for n in vars(weights)
        if n.isupper() and n not in ("SUBSTRING_SCORE", "PIECE_EXACT", "W_NAME")
    }
    assert tunable == {row[0] for row in PROOFS} | {row[0] for row in ROLE_PROOFS}


# `dial` takes a phone line that scores PHONE_MARGIN of a phone-less best match, if that match
# is at least STRONG (a substring hit): both bounds decide a query's answer.
DIAL_PROOFS = [
    ("PHONE_MARGIN", 1.0, "REITs", "bond-review.phone"),  # the bond line, not the rules page
    ("PHONE_MARGIN", 0.6, "fax", "integrity.fax"),  # asked for a fax, the fax
    ("STRONG", 8.0, "REITs", "bond-review.phone"),
    ("STRONG", 0.0, "交易接口", "tech.tradingtech"),
]


@pytest.mark.parametrize(("name", "other", "query", "first"), DIAL_PROOFS)
def test_dial_margins_change_their_query(monkeypatch, name, other, query, first):
    searcher = store.searcher(None)
    assert answers.dial_choice(searcher.search(query, 100))[0].channel.id == first
    monkeypatch.setattr(answers, name, other)
    assert answers.dial_choice(searcher.search(query, 100))[0].channel.id != first


def test_strong_is_a_substring_hit_of_a_name():
    assert weights.TIER_SCORE[Tier.SUBSTRING] * weights.W_NAME == answers.STRONG
