"""Ranking channels for a query typed the way people remember things.

The index (`index.py`) holds every searchable string of the directory once: Chinese and English
names, aliases, contact details, pinyin and pinyin initials, numbers in every dialled form.
Each key has postings to the channels it belongs to, with the field it came from and that
field's weight (`weights.py`).

A query is split into terms (`query.py`). Each term tries the named steps of `match.STEPS` in
order (number, text, pinyin, initials, pieces of a paraphrase, readings, stems, near
spellings); later steps run only while earlier ones found nothing, or nothing strong. A term's
hit on a channel scores its tier (exact 8 > prefix 6 > substring 4 > fuzzy 2) times the
field's weight, plus a little for a tight fit; a channel keeps its best hit per term.

A channel ranks (`rank.py`) when it matches every term; when none does, the channels matching
most terms (at least half) rank, each term weighed by its rarity. Its score is the sum of its
terms' hits, a small prior for its kind (a phone line before a rules page) and a bonus when one
field holds every term. Ties go to the hotline's menu order, then annex order. Every result
carries its weakest tier and one `Reason` per term: what matched, where and how strongly.

Who is asking (`audience.py`) adds a boost, shown as a reason of field AUDIENCE: a role given
with `Searcher.for_role` (`--as`) raises that role's channels and leaves out those only for
other roles; without one, a query in the public's words raises the public's channels. A place
named with a listing word reaches the nearest listing-service office (`Nearby`).

What a question says besides its topic (`facets.py`) is composed with it: the means named
(电话, 邮箱, 寄, 当面…) picks the channel within the desk, who misbehaves decides between
廉政监督 and 信访举报, synonyms are written one way, and a topic term mistyped by its sound is
still found. `scope.py` tells questions the exchange has no desk for and "is it open now"
questions; `confidence.py` rates every result high, medium or low.
"""

from __future__ import annotations

from .index import (
    ROUTE_NONE,
    Field,
    Index,
    KeyKind,
    PinyinFn,
    Posting,
    PostingTuple,
    build_index,
    dialled_forms,
)
from .query import STOPWORDS, char_pinyin_table, terms_of
from .rank import Searcher
from .result import Nearby, Reason, Result
from .steps import STEPS, Step
from .topic_tables import TopicKeys, topic_keys
from .weights import SUBSTRING_SCORE, TIER_SCORE, Tier

__all__ = [
    "ROUTE_NONE",
    "STEPS",
    "STOPWORDS",
    "SUBSTRING_SCORE",
    "TIER_SCORE",
    "Field",
    "Index",
    "KeyKind",
    "Nearby",
    "PinyinFn",
    "Posting",
    "PostingTuple",
    "Reason",
    "Result",
    "Searcher",
    "Step",
    "Tier",
    "TopicKeys",
    "build_index",
    "char_pinyin_table",
    "dialled_forms",
    "terms_of",
    "topic_keys",
]
