"""What a search returns: results, each with the reasons it matched."""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgspec import Struct

from sse_channels import model as m

from .index import Field, KeyKind
from .weights import Tier

if TYPE_CHECKING:
    from sse_channels.directory.topics import Topic


class Nearby(Struct, frozen=True):
    """The listing-service office nearest by great-circle distance to a place a query names:
    a suggestion by distance, never a jurisdiction."""

    place_zh: str  # the province or city as the query named it (河北, 成都)
    city_zh: str  # the city of the office (北京)
    km: int  # rounded great-circle distance from the place to the office


class Reason(Struct, frozen=True):
    """Why a result matched one query term: which key of which field, and how strongly."""

    term: str
    field: Field  # the part of the record that holds the key
    key: str  # the key as indexed (normalised text, pinyin, digits)
    kind: KeyKind
    tier: Tier
    score: float  # this term's share of the result's score
    step: str  # the matching step that found it
    text: str  # the displayed text that holds the key
    topic: Topic | None = None  # the topic whose term matched (field TOPIC)
    near: Nearby | None = None  # for the nearest office: which place, which city, how far


class Result(Struct, frozen=True):
    channel: m.Channel
    score: float
    routes: tuple[int, ...]  # routes of the channel's phone that the query named (empty: all)
    matched: tuple[str, ...]  # the displayed texts that matched, best first
    tier: Tier = Tier.EXACT  # the weakest tier among the terms it matched
    reasons: tuple[Reason, ...] = ()  # one per matched term, in query order
    # Its place by the query's words alone and by the second reader (search/reader.py), from 1;
    # 0: the words met nothing of it / the reader did not read the question or has no counts
    # for it.
    by_words: int = 0
    by_reader: int = 0
    readers_desk: str = ""  # the area of the reader's first channel ("": none, or no desk)


def terms_met(r: Result) -> int:
    """How many query terms a result matched (an audience boost or the reader is no term)."""
    return sum(reason.field not in (Field.AUDIENCE, Field.ASKED) for reason in r.reasons)
