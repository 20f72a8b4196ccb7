"""Ranking: the terms' best hits combined into one ordered list of results."""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING

from sse_channels import model as m
from sse_channels.textnorm import norm

from . import audience as aud
from . import weights as w
from .index import Field, Index, KeyKind
from .match import Hit, Hits, Matcher
from .query import terms_of
from .steps import match_term
from .weights import Tier

if TYPE_CHECKING:
    from sse_channels.topics import Base, Place, Topic, Topics

# A second office within this share of the nearest one's distance is offered right after it
# (福建: 上海 612 km, then 广州 688 km; 长沙: 武汉 alone). Distances are approximate, so neither
# is "the" office: the labelled public questions accept both (tests/data/public_queries.yaml).
NEAR_TIE = 0.15
# Words that ask about a listing, with a place named: the nearest listing-service office.
# 上市公司 is a listed company asking, not a listing question.
_LISTING_ZH = ("上市", "首发", "基地", "找谁")
_LISTING_EN = re.compile(r"(?<![a-z0-9])(listing|list|go public|going public|ipo)(?![a-z0-9])")
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


@dataclass(frozen=True, slots=True)
class Nearby:
    """The listing-service office nearest by great-circle distance to a place a query names:
    a suggestion by distance, never a jurisdiction."""

    place_zh: str  # the province or city as the topic layer names it (河北)
    city_zh: str  # the city of the office (北京)
    km: int  # rounded great-circle distance from the place to the office


@dataclass(frozen=True, slots=True)
class Reason:
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


@dataclass(frozen=True, slots=True)
class Result:
    channel: m.Channel
    score: float
    routes: tuple[int, ...]  # routes of the channel's phone that the query named (empty: all)
    matched: tuple[str, ...]  # the displayed texts that matched, best first
    tier: Tier = Tier.EXACT  # the weakest tier among the terms it matched
    reasons: tuple[Reason, ...] = ()  # one per matched term, in query order


def _menu_order(ch: m.Channel) -> tuple[int, ...]:
    """Where a line sits in the hotline's menu (1 before 2 before 6 → 1959); others last."""
    phones = ch.phones()
    if not phones or not phones[0].routes:
        return (1 << 30,)
    return tuple(int(x) if x.isdigit() else 1 << 30 for x in phones[0].routes[0].steps)


class Searcher:
    """Answers queries against one directory and its index."""

    def __init__(
        self,
        directory: m.Directory,
        index: Index,
        char_pinyin: Callable[[], dict[str, tuple[str, ...]]] | None = None,
        topics: Topics | None = None,
    ) -> None:
        if index.channel_ids != tuple(c.id for c in directory.channels):
            raise ValueError("index was built for another directory")
        self.directory = directory
        self.index = index
        self._char_pinyin_loader = char_pinyin
        self._char_pinyin: dict[str, tuple[str, ...]] | None = None
        main_numbers = tuple(
            dict.fromkeys(p.digits for c in directory.channels for p in c.phones() if p.routes)
        )
        self._matcher = Matcher(index, main_numbers, self._pinyin_table)
        self._menu = tuple(_menu_order(c) for c in directory.channels)
        self._texts: dict[int, list[str]] | None = None  # channel -> its TEXT keys (lazy)
        self.topics = topics
        # (normalised term, term, topic), the most specific first: the longest term, and a
        # general topic (举报, 投诉) after a specific one of the same length (受贿 → 廉政监督).
        self._topic_terms: list[tuple[str, str, Topic]] = sorted(
            (
                (norm(term), term, t)
                for t in (topics.topics if topics else ())
                for term in t.terms
                if norm(term)
            ),
            key=lambda x: (-len(x[0]), x[2].id.endswith("-general")),
        )
        self._places: list[tuple[str, Place]] = sorted(
            (
                (norm(name), p)
                for p in (topics.places if topics else ())
                for name in (p.name_zh, *p.aliases)
                if norm(name)
            ),
            key=lambda x: -len(x[0]),
        )
        self._ids = {c.id: i for i, c in enumerate(directory.channels)}
        self.role: str | None = None  # who is asking (`--as`): see search/audience.py
        self._base: Searcher | None = None  # the searcher for whoever asks, when this is a role's
        self._roles: dict[str, Searcher] = {}  # the base's searchers for each role asked so far

    def for_role(self, role: str | None) -> Searcher:
        """This searcher answering for a role (None: for whoever asks); the index is shared."""
        if role == self.role:
            return self
        if role is not None and role not in aud.ROLE_AUDIENCES:
            raise ValueError(f"unknown role {role!r}")
        base = self._base or self
        if role is None:
            return base
        other = base._roles.get(role)
        if other is None:
            # A shallow copy: the index, the matcher and its pinyin table stay the base's.
            other = copy.copy(base)
            other.role, other._base, other._roles = role, base, {}
            base._roles[role] = other
        return other

    def _pinyin_table(self) -> dict[str, tuple[str, ...]]:
        if self._char_pinyin is None:
            self._char_pinyin = self._char_pinyin_loader() if self._char_pinyin_loader else {}
        return self._char_pinyin

    def search(self, query: str, limit: int = 10) -> list[Result]:
        """The best channels for a query, best first; empty if nothing matches.

        Every term must match; when no channel matches them all, the channels that match the
        most terms (at least half) rank, each term weighed by its rarity. A channel's score is
        the sum of its terms' best hits (tier score × field weight, plus tightness), its kind's
        prior and the phrase bonus; ties go to the hotline's menu order, then annex order.
        A boost for who is asking (search/audience.py) is added too: the role's channels with
        a role, else the public's when the query sounds like the public; with a role, the
        channels only for other roles are left out.
        """
        role = self.role
        if role is None:
            return self._with_topic(query, self._search(query, limit), limit)
        # A role leaves out the channels only for other roles: rank them all, then filter.
        wide = max(limit, len(self.directory.channels))
        results = self._with_topic(query, self._search(query, wide), wide)
        kept = [r for r in results if not aud.only_for_others(role, r.channel.audience)]
        return kept[: max(limit, 0)]

    def topic_of(self, query: str) -> tuple[str, Topic] | None:
        """The most specific topic term inside the query, and its topic."""
        q = norm(query)
        if not q:
            return None
        for key, term, topic in self._topic_terms:
            if key in q and (not key.isascii() or _whole_word(key, q)):
                return term, topic
        return None

    def _place_of(self, query: str) -> Place | None:
        """The province or city the query names (the longest name first)."""
        q = norm(query)
        return next(
            (
                p
                for key, p in self._places
                if key in q and (not key.isascii() or _whole_word(key, q))
            ),
            None,
        )

    def _nearest_bases(self, query: str) -> list[tuple[Base, Place, float]]:
        """The office nearest to the place the query names, and the next one when it is
        hardly farther (within `NEAR_TIE`): distance suggests, it assigns nothing."""
        if self.topics is None or not self.topics.bases:
            return []
        place = self._place_of(query)
        if place is None:
            return []
        by_km = sorted(
            ((b, place, _distance(b.lat, b.lon, place.lat, place.lon)) for b in self.topics.bases),
            key=lambda x: x[2],
        )
        first = by_km[0]
        return [first] + [x for x in by_km[1:2] if x[2] <= first[2] * (1 + NEAR_TIE)]

    def _listing_by_place(self, query: str) -> tuple[str, Topic] | None:
        """A place and a listing word (河北 上市, listing in Hebei): the topic that takes the
        nearest office, with the listing word as the term that matched."""
        nearest = next(
            (t for t in (self.topics.topics if self.topics else ()) if t.nearest_base), None
        )
        if nearest is None:
            return None
        word = listing_word(query)
        if word is None or self._place_of(query) is None:
            return None
        return word, nearest

    def _with_topic(self, query: str, results: list[Result], limit: int) -> list[Result]:
        found = self.topic_of(query)
        if found is None or found[1].id in QUESTION_TOPICS:
            # A listing word with a place is a listing question, unless the query names
            # another topic (深圳 投诉 找谁, 河北某公司欺诈上市); a mere "may I ask" gives way
            # (请问河北企业怎么上市).
            found = self._listing_by_place(query) or found
        if found is None or limit < 1:
            return results
        term, topic = found
        desk, near = topic.channel, {}
        if topic.nearest_base:
            bases = self._nearest_bases(query)
            if bases:
                desk = bases[0][0].channel
                near = {b.channel: Nearby(p.name_zh, b.city_zh, round(km)) for b, p, km in bases}
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
            if others and _terms_met(r) == len(terms) and r.tier >= Tier.SUBSTRING
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
            ci = self._ids.get(cid)
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
            ch = self.directory.channels[ci]
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

    def _search(self, query: str, limit: int) -> list[Result]:
        terms = terms_of(query)
        if not terms:
            return []
        per_term = [match_term(self._matcher, t) for t in terms]
        counts: dict[int, int] = {}
        for hits in per_term:
            for ci in hits:
                counts[ci] = counts.get(ci, 0) + 1
        if not counts:
            return []
        best_count = max(counts.values())
        if best_count < len(terms) and best_count * 2 < len(terms):
            return []
        kept = [ci for ci, n in counts.items() if n == best_count]
        factors = [1.0] * len(terms)
        if best_count < len(terms) and w.RARITY:
            # No channel has every word: the rarer word says more. "期权 电话" (options have no
            # phone line) puts the options channels first, not every phone line of the exchange.
            size = len(self.directory.channels) + 1
            factors = [math.log(size / (len(hits) + 0.5)) for hits in per_term]
        channels = self.directory.channels
        totals: dict[int, float] = {}
        boosts = self._audience_boosts(query, kept)
        for ci in kept:
            total = 0.0
            for hits, factor in zip(per_term, factors, strict=True):
                hit = hits.get(ci)
                if hit is not None:
                    total += hit.score * factor
            total += w.KIND_PRIOR[channels[ci].kind]
            if len(terms) > 1 and self._one_field_holds(ci, terms):
                total += w.PHRASE_BONUS
            if ci in boosts:
                total += boosts[ci].score
            totals[ci] = total
        ranked = sorted(kept, key=lambda ci: (-round(totals[ci], 6), self._menu[ci], ci))
        return [
            self._result(ci, totals[ci], terms, per_term, factors, boosts.get(ci))
            for ci in ranked[: max(limit, 0)]
        ]

    def _audience_boosts(self, query: str, kept: list[int]) -> dict[int, Reason]:
        """The channels whose audience fits who is asking, each with the reason it is raised:
        the role given, else a public-sounding word of the query."""
        channels = self.directory.channels
        out: dict[int, Reason] = {}
        if self.role is not None:
            term, boost = self.role, w.ROLE_BOOST
            pick: Callable[[tuple[m.Audience, ...]], m.Audience | None] = partial(
                aud.role_audience, self.role
            )
        else:
            cue = aud.public_cue(query)
            if cue is None or not w.PUBLIC_CUE_BOOST:
                return out
            term, boost, pick = cue, w.PUBLIC_CUE_BOOST, aud.public_audience
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

    def _result(
        self,
        ci: int,
        total: float,
        terms: list[str],
        per_term: list[Hits],
        factors: list[float],
        boost: Reason | None = None,
    ) -> Result:
        found: list[tuple[str, Hit, float]] = [
            (term, hits[ci], factor)
            for term, hits, factor in zip(terms, per_term, factors, strict=True)
            if ci in hits
        ]
        routes = sorted({r for _, hit, _ in found for r in hit.routes})
        by_score = sorted(found, key=lambda x: -x[1].score)  # stable: query order among equals
        matched = tuple(dict.fromkeys(hit.label for _, hit, _ in by_score))
        keys, kinds = self.index.keys, self.index.kinds
        reasons = tuple(
            Reason(
                term,
                Field(hit.field),
                keys[hit.key],
                KeyKind(kinds[hit.key]),
                hit.tier,
                round(hit.score * factor, 4),
                hit.step,
                hit.label,
            )
            for term, hit, factor in found
        )
        if boost is not None:
            reasons += (boost,)
        tier = min(hit.tier for _, hit, _ in found)
        return Result(
            self.directory.channels[ci], round(total, 4), tuple(routes), matched, tier, reasons
        )

    def suggest(self, query: str, n: int = 3) -> tuple[str, ...]:
        """Names of the areas and channels closest to a query that found nothing."""
        from rapidfuzz import fuzz, process

        q = norm(query)[:200]
        if not q:
            return ()
        names = [a.name_zh for a in self.directory.areas] + [
            c.name_zh for c in self.directory.channels
        ]
        names += [a.name_en for a in self.directory.areas]
        found = process.extract(
            q, names, scorer=fuzz.WRatio, processor=norm, limit=n * 3, score_cutoff=40
        )
        return tuple(dict.fromkeys(name for name, _, _ in found))[:n]

    def _one_field_holds(self, ci: int, terms: list[str]) -> bool:
        if self._texts is None:
            texts: dict[int, list[str]] = {}
            kinds, postings = self.index.kinds, self.index.postings
            for ki, key in enumerate(self.index.keys):
                if kinds[ki] == KeyKind.TEXT:
                    for p in postings[ki]:
                        if p[1] >= w.W_AREA:
                            texts.setdefault(p[0], []).append(key)
            self._texts = texts
        return any(all(t in key for t in terms) for key in self._texts.get(ci, ()))


def _whole_word(key: str, q: str) -> bool:
    """A Latin topic term is a word of the query, not letters inside another word."""
    return re.search(rf"(?<![a-z0-9]){re.escape(key)}(?![a-z0-9])", q) is not None


def _distance(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def _terms_met(r: Result) -> int:
    """How many query terms a result matched (an audience boost is no term)."""
    return sum(reason.field is not Field.AUDIENCE for reason in r.reasons)
