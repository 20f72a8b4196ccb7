"""The ways one query term finds keys (exact, prefix, substring, pieces, fuzzy); the
order in which they are tried is `steps.STEPS`."""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Iterable, Iterator

from msgspec import Struct

from sse_channels.textnorm import is_cjk_char

from . import weights as w
from .index import ROUTE_NONE, Index, KeyKind, PostingTuple
from .query import pinyin_variants
from .weights import Tier

_EPS = 1e-9
FUZZY_MAX_LEN = 64  # longer terms are no typo of a key
FUZZY_CANDIDATES = 50  # near keys kept per fuzzy scan


class Hit(Struct, frozen=True):
    """A channel's best match for one term."""

    score: float
    tier: Tier
    routes: tuple[int, ...]  # the phone routes this term names; empty: the channel as a whole
    label: str  # the displayed text that holds the key
    field: int  # the Field the key comes from
    key: int  # index of the key in Index.keys
    step: str  # name of the step that found it


Hits = dict[int, Hit]


class _Shelf:
    """The keys of one kind joined into one string, so a term is found with `str.find`.

    A scan costs one pass in C over the joined text instead of one Python step per key.
    """

    __slots__ = ("ids", "joined", "starts")

    def __init__(self, keys: tuple[str, ...], ids: list[int]) -> None:
        self.ids = ids
        parts = [keys[ki] for ki in ids]
        self.joined = "\0" + "\0".join(parts) + "\0"
        self.starts: list[int] = []
        pos = 1
        for part in parts:
            self.starts.append(pos)
            pos += len(part) + 1

    def find(self, term: str, anywhere: bool) -> Iterator[tuple[int, bool]]:
        """(key index, starts with term) for every key that starts with or contains term."""
        if not term or "\0" in term:
            return
        needle = term if anywhere else "\0" + term
        shift = 0 if anywhere else 1
        joined, starts, ids = self.joined, self.starts, self.ids
        pos = joined.find(needle)
        while pos != -1:
            at = bisect.bisect_right(starts, pos + shift) - 1
            yield ids[at], starts[at] == pos + shift
            nxt = at + 1
            if nxt >= len(starts):
                return
            pos = joined.find(needle, starts[nxt] - shift)


class Matcher:
    """Runs the steps for one term against one index."""

    def __init__(
        self,
        index: Index,
        main_numbers: tuple[str, ...],
        char_pinyin: Callable[[], dict[str, tuple[str, ...]]],
    ) -> None:
        self.index = index
        self.main_numbers = main_numbers  # hotlines with menus: "4008888400 1959"
        self.char_pinyin = char_pinyin
        by_kind: dict[int, list[int]] = {}
        for i, kind in enumerate(index.kinds):
            by_kind.setdefault(kind, []).append(i)
        self.by_kind = by_kind
        self.shelves = {kind: _Shelf(index.keys, ids) for kind, ids in by_kind.items()}
        self.size = len(index.channel_ids)
        self.current_step = ""

    # -- the ways of finding keys that steps combine

    def scan(
        self, term: str, kinds: Iterable[KeyKind], hits: Hits, substring_from: int | None
    ) -> None:
        """Keys equal to, starting with or (for terms of `substring_from` characters or more)
        containing the term."""
        keys, postings = self.index.keys, self.index.postings
        anywhere = substring_from is not None and len(term) >= substring_from
        scores = w.TIER_SCORE
        tightness = w.TIGHTNESS
        for kind in kinds:
            shelf = self.shelves.get(kind)
            if shelf is None:
                continue
            for ki, starts in shelf.find(term, anywhere):
                key = keys[ki]
                if starts:
                    tier = Tier.EXACT if len(key) == len(term) else Tier.PREFIX
                else:
                    tier = Tier.SUBSTRING
                tight = tightness * (len(term) / len(key))
                for p in postings[ki]:
                    self.offer(hits, p, scores[tier] * p[1] + tight, tier, ki)

    def pieces(self, term: str, hits: Hits) -> None:
        """A paraphrase (投诉券商, 独董咨询电话是多少): score channels by how much of the term
        their keys cover, two to four characters at a time. Never above a substring match."""
        shelf = self.shelves.get(KeyKind.TEXT)
        if shelf is None:
            return
        keys, postings = self.index.keys, self.index.postings
        cover: dict[int, list[float]] = {}
        best_piece: dict[int, tuple[float, PostingTuple, int]] = {}
        n = len(term)
        total = math.log(self.size + 1)
        for size in (4, 3, 2):
            for i in range(n - size + 1):
                piece = term[i : i + size]
                if not all(is_cjk_char(ch) for ch in piece):
                    continue
                best: dict[int, tuple[float, PostingTuple, int]] = {}
                for ki, starts in shelf.find(piece, True):
                    if starts and len(keys[ki]) == size:
                        value = w.PIECE_EXACT
                    else:
                        value = w.PIECE_PREFIX if starts else w.PIECE_INSIDE
                    for p in postings[ki]:
                        if value * p[1] > best.get(p[0], (0.0,))[0]:
                            best[p[0]] = (value * p[1], p, ki)
                if not best:
                    continue
                # A piece that many channels share (上交所) says little about any of them.
                rarity = math.log((self.size + 1) / (len(best) + 1)) / total
                for ci, (value, p, ki) in best.items():
                    v = value * rarity
                    row = cover.setdefault(ci, [0.0] * n)
                    for j in range(i, i + size):
                        row[j] = max(row[j], v)
                    if v > best_piece.get(ci, (0.0,))[0]:
                        best_piece[ci] = (v, p, ki)
        base = w.TIER_SCORE[Tier.SUBSTRING]
        for ci, row in cover.items():
            # Filler (去哪里, 是多少) should not drown the words that matter.
            score = base * min(1.0, sum(row) / min(n, w.PIECE_SPAN))
            if score >= base * w.PIECE_CUTOFF:
                _, p, ki = best_piece[ci]
                self.offer(hits, (ci, 1.0, ROUTE_NONE, p[3], p[4]), score, Tier.FUZZY, ki)

    def fuzzy(self, term: str, kinds: Iterable[KeyKind], hits: Hits, partial: bool = False) -> None:
        """Keys spelled nearly like the term (`partial`: nearly containing it)."""
        if len(term) < 2 or len(term) > FUZZY_MAX_LEN:
            return
        from rapidfuzz import fuzz, process
        from rapidfuzz.distance import OSA

        ids = [ki for kind in kinds for ki in self.by_kind.get(kind, ())]
        choices = [self.index.keys[ki] for ki in ids]
        cutoff: float = 75 if len(term) >= 5 else 66
        if partial and term.isascii():
            cutoff = 80
        scorer: Callable[..., float] = fuzz.partial_ratio if partial else fuzz.ratio
        scale: float = 100.0
        if not partial and 3 <= len(term) <= 5:
            # A short word allows one slip, a swap included (fnud → fund), but not a
            # rearrangement that ratio() would also pass (nope → open).
            scorer, scale = OSA.normalized_similarity, 1.0
            cutoff = 1 - 1 / len(term) - 1e-6
        base = w.TIER_SCORE[Tier.FUZZY]
        for _, score, pos in process.extract(
            term,
            choices,
            scorer=scorer,
            processor=None,
            score_cutoff=cutoff,
            limit=FUZZY_CANDIDATES,
        ):
            for p in self.index.postings[ids[pos]]:
                self.offer(hits, p, base * p[1] * score / scale, Tier.FUZZY, ids[pos])

    def readings(self, term: str) -> list[str]:
        return pinyin_variants(term, self.char_pinyin())

    def offer(self, hits: Hits, p: PostingTuple, score: float, tier: Tier, ki: int) -> None:
        """Keep each channel's best match for a term.

        A term names routes of a line only when a route matches better than the line as a
        whole does; routes that match equally well are all kept (行业云 is two branches).
        """
        channel, _, p_route, label, field = p
        mine = (p_route,) if p_route != ROUTE_NONE else ()
        old = hits.get(channel)
        if old is None or score > old.score + _EPS:
            hits[channel] = Hit(score, tier, mine, label, field, ki, self.current_step)
        elif score >= old.score - _EPS and old.routes:
            routes = tuple(sorted({*old.routes, *mine})) if mine else ()
            hits[channel] = Hit(
                old.score, old.tier, routes, old.label, old.field, old.key, old.step
            )
