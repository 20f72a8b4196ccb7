"""Ranking: the terms' best hits combined into one ordered list of results."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sse_channels import model as m
from sse_channels.textnorm import norm

from . import weights as w
from .index import Field, Index, KeyKind
from .match import Hit, Hits, Matcher
from .query import terms_of
from .steps import match_term
from .weights import Tier

if TYPE_CHECKING:
    from sse_channels.topics import Base, Place, Topic, Topics


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
        """
        results = self._search(query, limit)
        return self._with_topic(query, results, limit)

    def topic_of(self, query: str) -> tuple[str, Topic] | None:
        """The most specific topic term inside the query, and its topic."""
        q = norm(query)
        if not q:
            return None
        for key, term, topic in self._topic_terms:
            if key in q and (not key.isascii() or _whole_word(key, q)):
                return term, topic
        return None

    def _nearest_base(self, query: str) -> tuple[Base, Place] | None:
        if self.topics is None or not self.topics.bases:
            return None
        q = norm(query)
        place = next((p for key, p in self._places if key in q), None)
        if place is None:
            return None
        base = min(self.topics.bases, key=lambda b: _distance(b.lat, b.lon, place.lat, place.lon))
        return base, place

    def _with_topic(self, query: str, results: list[Result], limit: int) -> list[Result]:
        found = self.topic_of(query)
        if found is None or limit < 1:
            return results
        term, topic = found
        desk, nearby = topic.channel, None
        if topic.nearest_base:
            near = self._nearest_base(query)
            if near is not None:
                base, place = near
                desk = base.channel
                km = _distance(base.lat, base.lon, place.lat, place.lon)
                nearby = Nearby(place.name_zh, base.city_zh, round(km))
        top = max((r.score for r in results), default=0.0)
        by_id = {r.channel.id: r for r in results}
        wanted: tuple[str, ...] = (desk, *topic.also)
        terms = terms_of(query)
        whole = [
            r.channel.id
            for r in results
            if len(terms) > 1 and len(r.reasons) == len(terms) and r.tier >= Tier.SUBSTRING
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
                nearby if cid == desk else None,
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
        for ci in kept:
            total = 0.0
            for hits, factor in zip(per_term, factors, strict=True):
                hit = hits.get(ci)
                if hit is not None:
                    total += hit.score * factor
            total += w.KIND_PRIOR[channels[ci].kind]
            if len(terms) > 1 and self._one_field_holds(ci, terms):
                total += w.PHRASE_BONUS
            totals[ci] = total
        ranked = sorted(kept, key=lambda ci: (-round(totals[ci], 6), self._menu[ci], ci))
        return [
            self._result(ci, totals[ci], terms, per_term, factors) for ci in ranked[: max(limit, 0)]
        ]

    def _result(
        self,
        ci: int,
        total: float,
        terms: list[str],
        per_term: list[Hits],
        factors: list[float],
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
