"""Ranking: the terms' best hits combined into one ordered list of results."""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

import msgspec

from sse_channels import model as m
from sse_channels.textnorm import has_cjk, is_cjk_char, norm, runs

from . import audience as aud
from . import weights as w
from .index import Field, Index, KeyKind
from .match import Hit, Hits, Matcher
from .query import MAX_QUERY, terms_of
from .result import Reason, Result
from .steps import match_term
from .topic_tables import TopicKeys
from .topical import QUESTION_TOPICS as QUESTIONS
from .topical import TopicLayer
from .weights import Tier

if TYPE_CHECKING:
    from sse_channels.directory.topics import Topic, Topics

    from .reader import Reader


# The fields whose words name a channel (not describe it): its names, aliases and menu branch.
_NAME_FIELDS = frozenset({Field.NAME_ZH, Field.ALIAS, Field.ROUTE})


def _menu_order(ch: m.Channel) -> tuple[int, ...]:
    """Where a line sits in the hotline's menu (1 before 2 before 6 → 1959); others last."""
    phones = ch.phones()
    if not phones or not phones[0].routes:
        return (1 << 30,)
    return tuple(int(x) if x.isdigit() else 1 << 30 for x in phones[0].routes[0].steps)


def _english_word(term: str) -> bool:
    """A word of an English sentence: letters, digits, an apostrophe or a hyphen."""
    return term.isascii() and term.strip("?.,!:;").replace("'", "").replace("-", "").isalnum()


# The second reader (search/reader.py): its log share, over the floor a share is counted
# from, weighs this much against the words' score; it adds its first few channels to what the
# words found, and is read with at least this many results of the words.
READ_WEIGHT = 1.5
READ_FLOOR = 1e-4
READ_ADDS = 5
READ_WIDE = 20
# A query smaller than this (a Chinese character counts one, a Latin word two) is keywords:
# the words alone answer it as well.
READ_MIN_SIZE = 6
# The reader's shares are tempered this much (search/reader.py: Reader.shares).
READ_TEMPERATURE = 12.0
# When the words meet nothing, the reader answers alone (always low) if its first desk has at
# least this share of a question it has seen this many pieces of.
READ_ALONE = 0.8
READ_ALONE_PIECES = 4

# An English question of this many words or more is a sentence: its words that meet nothing
# are left out, as a Chinese sentence's empty clauses are.
LONG_ENGLISH = 4


# The fields of a way of reaching a channel: an address, a mailbox, a number, a link.
_CONTACT_FIELDS = frozenset(
    {Field.ADDRESS, Field.EMAIL, Field.PHONE, Field.URL, Field.POSTCODE, Field.ACCOUNT}
)
# A contact detail met by a term of at least this many characters is written in the query.
CONTACT_WRITTEN = 4


def _written_contact(x: Reason, shared: frozenset[str]) -> bool:
    """A term that is a contact detail of the channel as the channel writes it: an address in
    Chinese, a number, a mailbox or a link (not an English word inside a link, a pinyin
    reading or initials, nor a number that many channels share, such as the hotline's)."""
    return (
        x.field in _CONTACT_FIELDS
        and x.key not in shared
        and x.tier >= Tier.SUBSTRING
        and x.kind in (KeyKind.TEXT, KeyKind.NUMBER)
        and len(x.term) >= CONTACT_WRITTEN
        and (has_cjk(x.term) or not x.term.isalpha())
    )


def _named_exactly(r: Result, shared: frozenset[str]) -> bool:
    """The words put a result first by something the reader cannot weigh: the office nearest
    to a place by distance, or a contact detail of the channel written in the query."""
    return any(x.near is not None or _written_contact(x, shared) for x in r.reasons)


class Searcher:
    """Answers queries against one directory and its index."""

    def __init__(
        self,
        directory: m.Directory,
        index: Index,
        char_pinyin: Callable[[], dict[str, tuple[str, ...]]] | None = None,
        topics: Topics | None = None,
        topic_keys: TopicKeys | None = None,
        reader: Callable[[], Reader | None] | None = None,
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
        self._shared: frozenset[str] | None = None  # contact keys of more than one channel
        self._menu = tuple(_menu_order(c) for c in directory.channels)
        self._texts: dict[int, list[str]] | None = None  # channel -> its TEXT keys (lazy)
        self.topics = topics
        self._layer = TopicLayer(topics, topic_keys)
        self._ids = {c.id: i for i, c in enumerate(directory.channels)}
        self.role: str | None = None  # who is asking (`--as`): see search/audience.py
        self._base: Searcher | None = None  # the searcher for whoever asks, when this is a role's
        self._roles: dict[str, Searcher] = {}  # the base's searchers for each role asked so far
        self._reader_loader = reader  # the second reader (search/reader.py), loaded when needed
        self._reader: Reader | bool | None = False  # False: not loaded yet

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
        table = self._pinyin_table if self._char_pinyin_loader else None
        if role is None:
            reads = self._reads(query)
            wide = max(limit, READ_WIDE) if reads else limit
            found = self._layer.ahead(
                query, self._search(query, wide), wide, self.directory, self._ids, table, self
            )
            return (self._reread(query, found) if reads else found)[: max(limit, 0)]
        kept, _ = self.search_for_role(query, limit)
        return kept

    def search_for_role(self, query: str, limit: int = 10) -> tuple[list[Result], list[Result]]:
        """With a role: the results kept, and those left out as only for other roles."""
        role = self.role
        table = self._pinyin_table if self._char_pinyin_loader else None
        # A role leaves out the channels only for other roles: rank them all, then filter.
        wide = max(limit, len(self.directory.channels))
        # A topic only for other roles is not this role's question (可转债 asked by an
        # investor is no refinancing).
        results = self._layer.ahead(
            query,
            self._search(query, wide),
            wide,
            self.directory,
            self._ids,
            table,
            self,
            None if role is None else partial(aud.only_for_others, role),
        )
        if role is None:
            if self._reads(query):
                results = self._reread(query, results)
            return results[: max(limit, 0)], []
        kept = [r for r in results if not aud.only_for_others(role, r.channel.audience)]
        removed = [r for r in results if aud.only_for_others(role, r.channel.audience)]
        if self._reads(query):
            # The reader reads what the role may see: its own desks for another role are no
            # answer, and the words' matches left out do not make it sure.
            kept = self._reread(query, kept, partial(aud.only_for_others, role))
        return kept[: max(limit, 0)], removed[: max(limit, 0)]

    @property
    def _shared_keys(self) -> frozenset[str]:
        """The contact details more than one channel has (the hotline's number, the site's
        address): written in a question, they name no channel."""
        if self._shared is None:
            keys, postings = self.index.keys, self.index.postings
            self._shared = frozenset(
                keys[ki]
                for ki, found in enumerate(postings)
                if len({p[0] for p in found if p[4] in _CONTACT_FIELDS}) > 1
            )
        return self._shared

    def _reads(self, query: str) -> bool:
        """Whether the second reader is asked: for a question of `READ_MIN_SIZE` or more (a
        Chinese character counts one, a Latin word of two letters or more two); not for
        keywords, a name of the annex typed whole or a number, which the words answer as well
        alone."""
        if self._reader_loader is None:
            return False
        q = norm(query)
        words = sum(1 for cjk, run in runs(q) if not cjk and run.isalpha() and len(run) > 1)
        size = sum(map(is_cjk_char, q)) + 2 * words
        return (
            size >= READ_MIN_SIZE
            and any(ch.isalpha() for ch in q)
            and self.annex_name(query) is None
        )

    def reader(self) -> Reader | None:
        """The second reader, loaded at its first question (None: none for this directory);
        a role's searcher uses its base's."""
        from .reader import NO_DESK, Reader

        if self._base is not None:
            return self._base.reader()
        if self._reader is False:
            loaded = self._reader_loader() if self._reader_loader else None
            ids = set(self._ids)
            # Counts made for another directory would name channels it does not have.
            ids.add(NO_DESK)
            self._reader = loaded if loaded and set(loaded.channels) <= ids else None
        return self._reader if isinstance(self._reader, Reader) else None

    def _first_reading(self, ch: str) -> str | None:
        from .reader import first_reading

        return first_reading(self._pinyin_table(), ch)

    def _reread(
        self,
        query: str,
        results: list[Result],
        left_out: Callable[[tuple[m.Audience, ...]], bool] | None = None,
    ) -> list[Result]:
        """The results found by words, with the second reader's share of each composed in
        (`READ_WEIGHT` × the log of its share over `READ_FLOOR`) and the reader's first few
        channels added; each keeps its place by words and by the reader. When the words found
        nothing, the reader answers only if it is sure of a desk (`READ_ALONE`): most such
        questions are ones the exchange has no desk for. `left_out`: channels the reader may not
        add (those only for other roles)."""
        from .reader import NO_DESK

        reader = self.reader()
        if reader is None:
            return results
        query = query[: MAX_QUERY * 4]
        shares, seen = reader.shares(query, self._first_reading, READ_TEMPERATURE)
        channels = self.directory.channels
        if left_out is not None:
            shares = {
                c: p
                for c, p in shares.items()
                if c == NO_DESK or not left_out(channels[self._ids[c]].audience)
            }
        if not shares:
            return results
        by_reader = {c: i for i, c in enumerate(sorted(shares, key=lambda c: -shares[c]), 1)}
        first = next(iter(by_reader))
        if not results and (
            first == NO_DESK or shares[first] < READ_ALONE or seen < READ_ALONE_PIECES
        ):
            return results
        desk = "" if first == NO_DESK else channels[self._ids[first]].area
        out: dict[str, Result] = {}
        for place, r in enumerate(results, 1):
            out[r.channel.id] = self._read(r, query, shares, by_reader, place, desk)
        for cid, place in by_reader.items():
            if place > READ_ADDS:
                break
            if cid not in out and cid != NO_DESK and shares[cid] > READ_FLOOR:
                blank = Result(channels[self._ids[cid]], 0.0, (), (), Tier.FUZZY)
                out[cid] = self._read(blank, query, shares, by_reader, 0, desk)
        ranked = sorted(
            out.values(),
            key=lambda r: (-round(r.score, 6), r.by_words or 1 << 30, self._ids[r.channel.id]),
        )
        if results and _named_exactly(results[0], self._shared_keys):
            # The office nearest to a place the question names is known by distance, and an
            # address, mailbox or number written in the question names its channel: the reader
            # can know neither, and the words' first answer stays first.
            named = out[results[0].channel.id]
            ranked = [named, *(r for r in ranked if r is not named)]
        return ranked

    def _read(
        self,
        r: Result,
        query: str,
        shares: dict[str, float],
        by_reader: dict[str, int],
        by_words: int,
        desk: str,
    ) -> Result:
        """A result with the reader's share added to its score, as a reason of its own, and
        its places by words and by the reader, and the area of the reader's first channel."""
        cid = r.channel.id
        bonus = READ_WEIGHT * math.log(max(shares.get(cid, 0.0), READ_FLOOR) / READ_FLOOR)
        reasons = r.reasons
        if bonus > 0:
            reason = Reason(
                query.strip(),
                Field.ASKED,
                cid,
                KeyKind.TEXT,
                Tier.FUZZY,
                round(bonus, 4),
                "questions asked",
                r.channel.name_zh,
            )
            reasons = (*reasons, reason)
        return msgspec.structs.replace(
            r,
            score=round(r.score + bonus, 4),
            reasons=reasons,
            by_words=by_words,
            by_reader=by_reader.get(cid, 0),
            readers_desk=desk,
        )

    def annex_inside(self, query: str, term: str) -> tuple[str, tuple[int, ...]] | None:
        """The longest Chinese name or alias of the annex that holds a topic term and is
        itself written whole in the query, with the channels it names."""
        q, t = norm(query), norm(term)
        shelf = self._matcher.shelves.get(KeyKind.TEXT)
        if shelf is None or not t:
            return None
        keys, postings = self.index.keys, self.index.postings
        best: tuple[str, tuple[int, ...]] | None = None
        for ki, _ in shelf.find(t, True):
            key = keys[ki]
            if len(key) > len(t) and key in q and (best is None or len(key) > len(best[0])):
                cis = tuple(sorted({p[0] for p in postings[ki] if p[4] in _NAME_FIELDS}))
                if cis:
                    best = (key, cis)
        return best

    def annex_name(self, query: str) -> tuple[str, tuple[int, ...]] | None:
        """The query as a whole is a Chinese name or alias of the annex: it and its channels."""
        q = norm(query)
        shelf = self._matcher.shelves.get(KeyKind.TEXT)
        if shelf is None or not has_cjk(q):
            return None
        keys, postings = self.index.keys, self.index.postings
        for ki, starts in shelf.find(q, False):
            if starts and keys[ki] == q:
                cis = tuple(sorted({p[0] for p in postings[ki] if p[4] in _NAME_FIELDS}))
                return (q, cis) if cis else None
        return None

    def out_of_scope(self, query: str) -> bool:
        """A question the exchange has no desk for (another exchange, a stock tip, the
        weather, taxes), unless it also names an act the exchange takes reports of (荐股群)."""
        from .scope import elsewhere, other_market

        if other_market(query) or self._sounds_like_other_market(query):
            return True
        if not elsewhere(query):
            return False
        found = self.topic_of(query)
        return found is None or found[1].id.endswith("-general") or found[1].id in QUESTIONS

    def _sounds_like_other_market(self, query: str) -> bool:
        """Another exchange's name typed by its sound (深教所 for 深交所)."""
        from .scope import OTHER_MARKETS, OWN_NAMES, ours_too
        from .topical import sounds

        q = norm(query)
        if q.isascii() or self._char_pinyin_loader is None or ours_too(q):
            return False
        # Windows ending as a market's name does and not one of this exchange's own names
        # (上交所), found before the readings are loaded: most queries have none.
        candidates = [
            (name, q[i : i + len(name)])
            for name in OTHER_MARKETS
            for i in range(len(q) - len(name) + 1)
            if q[i + len(name) - 1] == name[-1] and q[i : i + len(name)] not in OWN_NAMES
        ]
        if not candidates:
            return False
        table = self._pinyin_table()
        return any(
            set(sounds(name, table)).intersection(sounds(piece, table))
            for name, piece in candidates
        )

    def topic_of(self, query: str) -> tuple[str, Topic] | None:
        """The most specific topic term inside the query, and its topic."""
        return self._layer.topic_of(query)

    def _search(self, query: str, limit: int) -> list[Result]:
        terms = terms_of(query)
        if not terms:
            return []
        per_term = [match_term(self._matcher, t) for t in terms]
        if w.DROP_EMPTY_CLAUSES and len(terms) > 1 and any(per_term):
            # A Chinese clause that meets nothing is filler (自己忘了, 有没有地方能查): it
            # neither narrows nor counts against the clauses that do.
            # So is an English word of a long question (during which hours: which, hours).
            latin_filler = len(terms) >= LONG_ENGLISH and all(_english_word(t) for t in terms)
            kept_terms = [
                (t, h)
                for t, h in zip(terms, per_term, strict=True)
                if h or not (has_cjk(t) or latin_filler)
            ]
            terms, per_term = [t for t, _ in kept_terms], [h for _, h in kept_terms]
        counts: dict[int, int] = {}
        for hits in per_term:
            for ci in hits:
                counts[ci] = counts.get(ci, 0) + 1
        if not counts:
            return []
        best_count = max(counts.values())
        if best_count * 2 < len(terms) and not all(has_cjk(t) for t in terms):
            # Fewer than half the words met: nothing, unless every term is a clause of a
            # Chinese sentence (一句话里的几段), where the rarest clauses met still say where
            # to ask; the answer is then low (search/confidence.py).
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
        boosts = aud.boosts(self.role, query, channels, kept)
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
