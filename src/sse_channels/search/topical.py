"""The topic layer at search time: what people report, complain about or ask (topics.yaml)
put ahead of the words' own matches, and listing questions by place sent to the nearest
listing-service office.

Its lookup tables (`TopicKeys`, in `topic_tables.py`) are derived from a `Topics` once; the
packaged ones ship compiled (`prebuilt.py`).
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import TYPE_CHECKING

from msgspec.structs import replace

from sse_channels import model as m
from sse_channels.textnorm import norm, words

from .index import Field, KeyKind
from .query import terms_of
from .result import Nearby, Reason, Result, terms_met
from .topic_tables import TopicKeys, topic_keys
from .weights import Tier

if TYPE_CHECKING:
    from sse_channels.directory.topics import Base, Place, Topic, Topics

# A second office within this share of the nearest one's distance is offered right after it
# (福建: 上海 612 km, then 广州 688 km; 长沙: 武汉 alone). Distances are approximate, so neither
# is "the" office: the labelled public questions accept both (tests/data/public_queries.yaml).
NEAR_TIE = 0.15
# Words that ask about a listing, with a place named: the nearest listing-service office.
# 上市公司 is a listed company asking, not a listing question.
_LISTING_ZH = ("上市", "首发", "基地", "找谁")
_LISTING_EN = re.compile(
    r"(?<![a-z0-9])(listing|list|go public|going public|ipo|shangshi|shoufa)(?![a-z0-9])"
)  # English, and pinyin (shangshi: 上市, shoufa: 首发)
# A pinyin reading is looked for in runs of at most this many words of the query (nei mu jiao
# yi: 内幕交易, four): it bounds the work, as query.MAX_TERMS does.
PINYIN_WORDS = 8
EXCHANGE_CITY = "上海"
# Topics that only say a question is asked (请问, 我想咨询): a listing question by place wins.
QUESTION_TOPICS = ("investor-question",)
_LISTED_COMPANY = re.compile(r"上市公司|listed compan(?:y|ies)")


def listing_word(query: str) -> str | None:
    """The word of a query that asks about a listing, if any."""
    q = _LISTED_COMPANY.sub(" ", norm(query))
    found = next((word for word in _LISTING_ZH if word in q), None)
    if found is None and (latin := _LISTING_EN.search(q)) is not None:
        found = latin.group(1)
    return found


class TopicLayer:
    """Finds the topic or the place a query names, and puts its desks first."""

    def __init__(self, topics: Topics | None, keys: TopicKeys | None = None) -> None:
        self.topics = topics
        self.keys = keys if keys is not None else topic_keys(topics)
        self._nearest = next((t for t in (topics.topics if topics else ()) if t.nearest_base), None)

    def topic_of(self, query: str) -> tuple[str, Topic] | None:
        """The most specific topic term inside the query, and its topic: a term as written,
        else a pinyin reading of one spelt by consecutive words (lao shu cang, laoshucang)."""
        q = norm(query)
        if not q:
            return None
        found = [(key, term, topic) for key, term, topic in self.keys.terms if _named(key, q)]
        found += [
            ("".join(parts), term, topic)
            for parts, term, topic in self.keys.together
            if all(_named(part, q) for part in parts)
        ]
        found.sort(key=lambda f: -len(f[0]))  # stable: a written term before a pair as long
        # A general topic (我要举报, 投诉) gives way to a specific one the query also names
        # (我要举报老鼠仓: 老鼠仓).
        written = next((f for f in found if not _general(f[2])), found[0] if found else None)
        if written is not None and not written[0].isascii():
            return written[1], written[2]
        # A Latin term as written, or a longer pinyin reading (wo yao ju bao lao shu cang:
        # 老鼠仓, not the 举报 that "ju bao" names).
        read = self._by_pinyin(q) if self.keys.pinyin else None
        if read is not None and (
            written is None
            or (_general(written[2]) and not _general(read[1][1]))
            or read[0] > len(written[0].replace(" ", ""))
        ):
            return read[1]
        return (written[1], written[2]) if written is not None else None

    def _by_pinyin(self, q: str) -> tuple[int, tuple[str, Topic]] | None:
        """The longest pinyin reading spelt by consecutive words of the query (a specific
        topic's before a general one's), with its length in letters."""
        syllables = words(_toneless(q))
        best: tuple[int, tuple[str, Topic]] | None = None
        for i in range(len(syllables)):
            run = ""
            for word in syllables[i : i + PINYIN_WORDS]:
                run += word
                found = self.keys.pinyin.get(run)
                if found is not None and (
                    best is None
                    or (_general(best[1][1]), -best[0]) > (_general(found[1]), -len(run))
                ):
                    best = (len(run), found)
        return best

    def place_of(self, query: str) -> tuple[str, Place] | None:
        """The province or city the query names (the longest name first), as it is shown.
        Shanghai counts only when no other place is named: it is the exchange's own city
        (a Xiamen company listing in Shanghai, the Shanghai Stock Exchange)."""
        q = norm(query)
        named = [(shown, p) for key, shown, p in self.keys.places if _named(key, q)]
        other = next((x for x in named if x[1].name_zh != EXCHANGE_CITY), None)
        return other or (named[0] if named else None)

    def nearest_bases(self, query: str) -> list[tuple[Base, str, float]]:
        """The office nearest to the place the query names (with the place as shown and the
        distance), and the next one when it is hardly farther (within `NEAR_TIE`): distance
        suggests, it assigns nothing."""
        if self.topics is None or not self.topics.bases:
            return []
        found = self.place_of(query)
        if found is None:
            return []
        shown, place = found
        by_km = sorted(
            ((b, shown, _distance(b.lat, b.lon, place.lat, place.lon)) for b in self.topics.bases),
            key=lambda x: x[2],
        )
        first = by_km[0]
        return [first] + [x for x in by_km[1:2] if x[2] <= first[2] * (1 + NEAR_TIE)]

    def listing_by_place(self, query: str) -> tuple[str, Topic] | None:
        """A place and a listing word (河北 上市, listing in Hebei): the topic that takes the
        nearest office, with the listing word as the term that matched."""
        if self._nearest is None:
            return None
        word = listing_word(query)
        if word is None or self.place_of(query) is None:
            return None
        return word, self._nearest

    def ahead(
        self,
        query: str,
        results: list[Result],
        limit: int,
        directory: m.Directory,
        ids: dict[str, int],
    ) -> list[Result]:
        """The results with the desks of the topic the query names put first."""
        found = self.topic_of(query)
        if found is None or found[1].id in QUESTION_TOPICS:
            # A listing word with a place is a listing question, unless the query names
            # another topic (深圳 投诉 找谁, 河北某公司欺诈上市); a mere "may I ask" gives way
            # (请问河北企业怎么上市).
            found = self.listing_by_place(query) or found
        if found is None or limit < 1:
            return results
        term, topic = found
        desk, near = topic.channel, {}
        if topic.nearest_base:
            bases = self.nearest_bases(query)
            if bases:
                desk = bases[0][0].channel
                near = {b.channel: Nearby(shown, b.city_zh, round(km)) for b, shown, km in bases}
        top = max((r.score for r in results), default=0.0)
        by_id = {r.channel.id: r for r in results}
        wanted: tuple[str, ...] = tuple(dict.fromkeys((desk, *near, *topic.also)))
        terms = terms_of(query)
        # Only words outside the topic's term can choose or overrule (account information is
        # one term of the topic, not two words that a disclosure page also holds).
        others = len(terms) > 1 and any(norm(t) not in norm(term) for t in terms)
        whole = [
            r.channel.id
            for r in results
            if others and terms_met(r) == len(terms) and r.tier >= Tier.SUBSTRING
        ]
        if whole:
            # Other words of the query are matched as well: they choose among the topic's
            # channels (举报 邮箱: the petitions mailbox), or overrule the topic altogether
            # (保荐机构 EKey 申报 首发: the review system, not the certificate site).
            wanted = tuple(cid for cid in whole if cid in wanted)
            if not wanted:
                return results
        ahead: list[Result] = []
        for rank, cid in enumerate(wanted):
            ci = ids.get(cid)
            if ci is None or any(r.channel.id == cid for r in ahead):
                continue
            # The topic's channels come first by position, not by weight: each scores one above
            # the next, the last one above the best match of the words.
            share = float(len(wanted) - rank)
            score = round(top + share, 4)
            reason = Reason(
                term,
                Field.TOPIC,
                topic.id,
                KeyKind.TOPIC,
                Tier.EXACT,
                share,
                "topic",
                topic.name_zh,
                topic,
                near.get(cid),
            )
            ch = directory.channels[ci]
            routes: tuple[int, ...] = ()
            if cid == desk and topic.route and ch.phones():
                routes = tuple(
                    i for i, r in enumerate(ch.phones()[0].routes) if r.steps == topic.route
                )
            old = by_id.get(cid)
            if old is not None:
                ahead.append(
                    replace(
                        old,
                        score=score,
                        routes=routes or old.routes,
                        reasons=(reason, *old.reasons),
                    )
                )
            else:
                ahead.append(Result(ch, score, routes, (topic.name_zh,), Tier.EXACT, (reason,)))
        taken = {r.channel.id for r in ahead}
        return (ahead + [r for r in results if r.channel.id not in taken])[:limit]


def _general(topic: Topic) -> bool:
    """A catch-all topic (举报, 投诉, 请问) rather than a particular act or matter."""
    return topic.id.endswith("-general")


def _toneless(text: str) -> str:
    """Pinyin typed with tone marks (nèimù jiāoyì) as plain letters; ü as u."""
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


def _named(key: str, q: str) -> bool:
    """A normalised term or name is in the normalised query: Chinese anywhere, Latin as a
    word of its own."""
    return key in q and (not key.isascii() or _whole_word(key, q))


def _whole_word(key: str, q: str) -> bool:
    """A Latin topic term is a word of the query (or its plural: rumour, spreading rumours),
    not letters inside another word."""
    return re.search(rf"(?<![a-z0-9]){re.escape(key)}(?:e?s)?(?![a-z0-9])", q) is not None


def _distance(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))
