"""Ranking channels for a query typed the way people remember things.

An `Index` holds every searchable string of the directory once (Chinese and English names,
aliases, contact details, pinyin and pinyin initials, numbers in every dialled form), each with
postings to the channels it belongs to and a field weight. It is built once per data file
(pinyin needs pypinyin, which is slow to import) and cached on disk by `cache.py`.

A query is split into terms; every term must match a channel for it to rank (each word
narrows). A term's score is a tier (exact > prefix > substring > fuzzy) times the weight of the
field it hit (name and aliases above area, descriptions below). Ties break by annex order.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import IntEnum
from typing import NamedTuple

from . import model as m
from .textnorm import digits_only, has_cjk, is_cjk_char, norm, number_query, words

INDEX_FORMAT = 1


class KeyKind(IntEnum):
    TEXT = 0  # normalised Chinese or English text
    WORD = 1  # one Latin word of an English text
    PINYIN = 2  # full pinyin without spaces, e.g. touzizhefuwurexian
    INITIALS = 3  # first letter of each syllable, e.g. tzzfwrx
    NUMBER = 4  # digits: phone numbers in dialled forms, extensions, QQ numbers


class Tier(IntEnum):
    FUZZY = 1
    SUBSTRING = 2
    PREFIX = 3
    EXACT = 4


_TIER_BASE = {Tier.EXACT: 8.0, Tier.PREFIX: 6.0, Tier.SUBSTRING: 4.0, Tier.FUZZY: 2.0}

# Field weights: what a hit in that field says about the channel.
W_NAME = 1.0
W_ALIAS = 0.95
W_ROUTE = 0.95
W_CONTACT = 0.85
W_AREA = 0.7
W_TEXT = 0.5  # summaries and notes
PINYIN_FACTOR = 0.9
INITIALS_FACTOR = 0.85
WORD_FACTOR = 0.9

ROUTE_NONE = -1

# Words for what a channel is: "disclosure" or 邮箱 alone should find channels of that kind.
KIND_WORDS = {
    m.ChannelKind.RULES: ("rules", "规则"),
    m.ChannelKind.SYSTEM: ("system", "系统"),
    m.ChannelKind.DISCLOSURE: ("disclosure", "信息公开"),
    m.ChannelKind.PHONE: ("phone", "电话"),
    m.ChannelKind.EMAIL: ("email", "e-mail", "mailbox", "邮箱", "电子邮箱"),
    m.ChannelKind.FAX: ("fax", "传真"),
    m.ChannelKind.POST: ("letter", "post", "信函"),
    m.ChannelKind.ONSITE: ("on-site", "现场"),
    m.ChannelKind.WEB: ("website", "网站"),
    m.ChannelKind.MEDIA: ("media", "新媒体"),
    m.ChannelKind.LIAISON: ("liaison", "联络人"),
    m.ChannelKind.OFFICE: ("office", "基地"),
}
MAX_QUERY = 200  # characters considered; nobody types more, and it bounds the work

# Between otherwise equal matches, the channel a person can reach directly comes first.
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


class Posting(NamedTuple):
    """A key's occurrence in one channel."""

    channel: int  # index into Directory.channels
    weight: float
    route: int = ROUTE_NONE  # index into the channel's first phone's routes, when the key names one
    label: str = ""  # the displayed text that holds this key (for highlighting and explanation)


# The index stores postings and kinds as plain tuples and ints: the cache holds thousands of
# them, and plain tuples unpickle about four times faster than named tuples or dataclasses.
PostingTuple = tuple[int, float, int, str]


@dataclass(frozen=True, slots=True)
class Index:
    keys: tuple[str, ...]
    kinds: tuple[int, ...]  # KeyKind values
    postings: tuple[tuple[PostingTuple, ...], ...]
    channel_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Result:
    channel: m.Channel
    score: float
    routes: tuple[int, ...]  # routes of the channel's phone that the query named (empty: all)
    matched: tuple[str, ...]  # the displayed texts that matched, best first


# --------------------------------------------------------------------------- building


PinyinFn = Callable[[str], list[str]]


def _syllables(text: str, pinyin: PinyinFn) -> list[str]:
    return [s.strip().lower() for s in pinyin(text) if s.strip()]


def build_index(directory: m.Directory, pinyin: PinyinFn | None = None) -> Index:
    """Index a directory. `pinyin` maps text to syllables (pypinyin.lazy_pinyin by default)."""
    if pinyin is None:
        from pypinyin import lazy_pinyin  # slow import: only when the cache is built

        pinyin = lazy_pinyin
    table: dict[tuple[str, KeyKind], dict[tuple[int, int], Posting]] = {}

    def add(text: str, kind: KeyKind, p: Posting) -> None:
        if not text:
            return
        slot = table.setdefault((text, kind), {})
        old = slot.get((p.channel, p.route))
        if old is None or old.weight < p.weight:
            slot[(p.channel, p.route)] = p

    def add_text(raw: str, ci: int, weight: float, route: int = ROUTE_NONE) -> None:
        text = norm(raw)
        label = raw
        add(text, KeyKind.TEXT, Posting(ci, weight, route, label))
        for w in words(text):
            if w != text and len(w) >= 2:
                add(w, KeyKind.WORD, Posting(ci, weight * WORD_FACTOR, route, label))
        if has_cjk(text):
            syl = _syllables(text, pinyin)
            add(
                "".join(syl).replace(" ", ""),
                KeyKind.PINYIN,
                Posting(ci, weight * PINYIN_FACTOR, route, label),
            )
            initials = "".join(s[0] for s in syl if s and s[0].isalnum() and has_cjk_syllable(s))
            if len(initials) >= 2:
                add(initials, KeyKind.INITIALS, Posting(ci, weight * INITIALS_FACTOR, route, label))

    def add_number(digits: str, ci: int, weight: float, route: int, label: str) -> None:
        add(digits, KeyKind.NUMBER, Posting(ci, weight, route, label))

    areas = {a.id: a for a in directory.areas}
    for ci, ch in enumerate(directory.channels):
        add_text(ch.name_zh, ci, W_NAME)
        add_text(ch.name_en, ci, W_NAME)
        add_text(ch.id, ci, W_ALIAS)
        for word in KIND_WORDS[ch.kind]:
            add(norm(word), KeyKind.TEXT, Posting(ci, W_NAME, ROUTE_NONE, word))
        for alias in ch.aliases:
            add_text(alias, ci, W_ALIAS)
        area = areas.get(ch.area)
        if area is not None:
            for text in (area.name_zh, area.name_en, *area.aliases):
                add_text(text, ci, W_AREA)
        for text in (ch.summary_zh, ch.summary_en, *ch.notes_zh):
            add_text(text, ci, W_TEXT)
        for contact in ch.contacts:
            _index_contact(contact, ci, ch, add_text, add_number)

    keys: list[str] = []
    kinds: list[int] = []
    postings: list[tuple[PostingTuple, ...]] = []
    for (text, kind), slot in table.items():
        keys.append(text)
        kinds.append(int(kind))
        postings.append(tuple((p.channel, p.weight, p.route, p.label) for p in slot.values()))
    return Index(
        tuple(keys), tuple(kinds), tuple(postings), tuple(c.id for c in directory.channels)
    )


def has_cjk_syllable(s: str) -> bool:
    """pypinyin returns non-Chinese runs unchanged; those are not syllables."""
    return s.isascii() and s.isalpha() and len(s) <= 6


def _index_contact(
    contact: m.Contact,
    ci: int,
    ch: m.Channel,
    add_text: Callable[..., None],
    add_number: Callable[[str, int, float, int, str], None],
) -> None:
    if isinstance(contact, (m.Phone, m.Fax)):
        label = contact.number
        for variant in dialled_forms(contact.number):
            add_number(variant, ci, 1.0, ROUTE_NONE, label)
        if isinstance(contact, m.Phone) and ch.phones() and contact is ch.phones()[0]:
            for ri, route in enumerate(contact.routes):
                seq = " → ".join((contact.number, *route.steps))
                add_number(contact.digits + "".join(route.steps), ci, 1.0, ri, seq)
                add_number(route.steps[-1], ci, 1.0 if len(route.steps[-1]) >= 3 else 0.6, ri, seq)
                for text in (route.label_zh, route.label_en, *route.aliases):
                    add_text(text, ci, W_ROUTE, ri)
        if isinstance(contact, m.Phone) and contact.label_zh:
            add_text(contact.label_zh, ci, W_CONTACT)
    elif isinstance(contact, m.Email):
        add_text(contact.address, ci, W_NAME)
        local, _, domain = contact.address.partition("@")
        add_text(local, ci, W_NAME)
        add_text(domain, ci, W_CONTACT * 0.5)
    elif isinstance(contact, (m.Web, m.System)):
        url = contact.url
        bare = url.split("://", 1)[-1]
        host = bare.split("/", 1)[0]
        add_text(bare.rstrip("/"), ci, W_CONTACT)
        add_text(host, ci, W_CONTACT)
        add_text(host.split(".")[0], ci, W_CONTACT * 0.9)
        if isinstance(contact, m.Web):
            add_text(contact.title_zh, ci, W_CONTACT)
            add_text(contact.title_en, ci, W_CONTACT)
        else:
            add_text(contact.name_zh, ci, W_ALIAS)
            add_text(contact.portal_zh, ci, W_TEXT)
            add_text(contact.functions_zh, ci, W_TEXT)
    elif isinstance(contact, m.Address):
        add_text(contact.text_zh, ci, W_CONTACT)
        if contact.postcode:
            add_number(contact.postcode, ci, W_CONTACT, ROUTE_NONE, contact.postcode)
    elif isinstance(contact, m.Account):
        add_text(contact.name, ci, W_CONTACT)
        add_text(m.PLATFORM_ZH[contact.platform], ci, W_CONTACT * 0.9)
        add_text(contact.platform.value, ci, W_CONTACT * 0.9)
        if contact.account_id:
            if contact.account_id.isdigit():
                add_number(contact.account_id, ci, 1.0, ROUTE_NONE, contact.account_id)
            else:
                add_text(contact.account_id, ci, W_NAME)
    elif isinstance(contact, m.Newspaper):
        add_text(contact.name_zh, ci, W_CONTACT)
    elif isinstance(contact, m.Radio):
        for text in (contact.station_zh, contact.frequency, contact.programme_zh):
            add_text(text, ci, W_CONTACT)
    elif isinstance(contact, m.Via):
        add_text(contact.where_zh, ci, W_TEXT)


def dialled_forms(number: str) -> list[str]:
    """Digit strings a user may type for a number: 02860119091, 2860119091, 862860119091."""
    digits = digits_only(number)
    forms = [digits]
    national = digits[1:] if digits.startswith("0") else digits
    if national != digits:
        forms.append(national)
    forms.append("86" + national)
    return forms


# --------------------------------------------------------------------------- querying


@dataclass(frozen=True, slots=True)
class _Hit:
    score: float
    tier: Tier
    route: int
    label: str


def terms_of(query: str) -> list[str]:
    """Split a query into terms; a phone-like query stays one number."""
    q = norm(query[: MAX_QUERY * 4])[:MAX_QUERY]
    number = number_query(q)
    if number is not None and " " in q and not all(len(t) >= 7 for t in q.split()):
        return [_strip_country(number)]
    terms = [t.strip("，,;；。.、") for t in q.split(" ")]
    return [_strip_country(digits_only(t)) if number_query(t) else t for t in terms if t]


def _strip_country(digits: str) -> str:
    if digits.startswith("0086"):
        return digits[4:]
    return digits


class Searcher:
    """Answers queries against one directory and its index."""

    def __init__(
        self,
        directory: m.Directory,
        index: Index,
        char_pinyin: Callable[[], dict[str, tuple[str, ...]]] | None = None,
    ) -> None:
        if index.channel_ids != tuple(c.id for c in directory.channels):
            raise ValueError("index was built for another directory")
        self.directory = directory
        self.index = index
        self._char_pinyin_loader = char_pinyin
        self._char_pinyin: dict[str, tuple[str, ...]] | None = None
        self._by_kind: dict[int, list[int]] = {}
        for i, kind in enumerate(index.kinds):
            self._by_kind.setdefault(kind, []).append(i)

    def search(self, query: str, limit: int = 10) -> list[Result]:
        """The best channels for a query, best first; empty if nothing matches."""
        terms = terms_of(query)[:16]
        if not terms:
            return []
        per_term = [self._match_term(t) for t in terms]
        totals: dict[int, float] = {}
        counts: dict[int, int] = {}
        routes: dict[int, set[int]] = {}
        labels: dict[int, list[tuple[float, str]]] = {}
        for hits in per_term:
            for ci, hit in hits.items():
                totals[ci] = totals.get(ci, 0.0) + hit.score
                counts[ci] = counts.get(ci, 0) + 1
                if hit.route != ROUTE_NONE:
                    routes.setdefault(ci, set()).add(hit.route)
                labels.setdefault(ci, []).append((hit.score, hit.label))
        if not totals:
            return []
        channels = self.directory.channels
        for ci in totals:
            totals[ci] += KIND_PRIOR[channels[ci].kind]
        best_count = max(counts.values())
        # Every term must match; when no channel matches all, keep those that match the most.
        if best_count < len(terms) and best_count * 2 < len(terms):
            return []
        ranked = sorted(
            (ci for ci in totals if counts[ci] == best_count), key=lambda ci: (-totals[ci], ci)
        )
        out = []
        for ci in ranked[: max(limit, 0)]:
            matched = tuple(
                dict.fromkeys(lbl for _, lbl in sorted(labels[ci], key=lambda x: -x[0]))
            )
            out.append(
                Result(
                    self.directory.channels[ci],
                    round(totals[ci], 4),
                    tuple(sorted(routes.get(ci, ()))),
                    matched,
                )
            )
        return out

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

    # -- one term

    def _match_term(self, term: str) -> dict[int, _Hit]:
        hits: dict[int, _Hit] = {}
        if term.isdigit():
            self._scan(term, (KeyKind.NUMBER,), hits, min_substring=3)
            if not hits and len(term) < 7:
                self._scan(term, (KeyKind.TEXT, KeyKind.WORD), hits, min_substring=3)
            return hits
        self._scan(
            term, (KeyKind.TEXT, KeyKind.WORD), hits, min_substring=1 if has_cjk(term) else 2
        )
        if term.isascii():
            self._scan(term, (KeyKind.PINYIN,), hits, min_substring=4)
            self._scan(term, (KeyKind.INITIALS,), hits, min_substring=99)
        strong = any(h.tier >= Tier.PREFIX for h in hits.values())
        if has_cjk(term) and not strong:
            for variant in self._pinyin_variants(term):
                self._scan(variant, (KeyKind.PINYIN,), hits, min_substring=4)
            if not hits:
                for variant in self._pinyin_variants(term):
                    self._fuzzy(variant, (KeyKind.PINYIN,), hits)
        if not hits:
            self._fuzzy(
                term, (KeyKind.WORD, KeyKind.TEXT) if term.isascii() else (KeyKind.TEXT,), hits
            )
        return hits

    def _scan(
        self, term: str, kinds: Iterable[KeyKind], hits: dict[int, _Hit], min_substring: int
    ) -> None:
        keys, postings = self.index.keys, self.index.postings
        for kind in kinds:
            for ki in self._by_kind.get(kind, ()):
                key = keys[ki]
                if key == term:
                    tier = Tier.EXACT
                elif key.startswith(term):
                    tier = Tier.PREFIX
                elif len(term) >= min_substring and term in key:
                    tier = Tier.SUBSTRING
                else:
                    continue
                tight = len(term) / len(key)
                for p in postings[ki]:
                    self._offer(hits, p, _TIER_BASE[tier] * p[1] + 0.01 * tight, tier)

    def _fuzzy(self, term: str, kinds: Iterable[KeyKind], hits: dict[int, _Hit]) -> None:
        if len(term) < 2 or len(term) > 64:
            return
        from rapidfuzz import fuzz, process

        ids = [ki for kind in kinds for ki in self._by_kind.get(kind, ())]
        choices = [self.index.keys[ki] for ki in ids]
        cutoff = 75 if len(term) >= 5 else 66
        scorer = fuzz.ratio if term.isascii() else fuzz.partial_ratio
        for _, score, pos in process.extract(
            term, choices, scorer=scorer, processor=None, score_cutoff=cutoff, limit=50
        ):
            for p in self.index.postings[ids[pos]]:
                self._offer(hits, p, _TIER_BASE[Tier.FUZZY] * p[1] * score / 100.0, Tier.FUZZY)

    @staticmethod
    def _offer(hits: dict[int, _Hit], p: PostingTuple, score: float, tier: Tier) -> None:
        channel, _, p_route, label = p
        old = hits.get(channel)
        if old is None or score > old.score:
            route = p_route if p_route != ROUTE_NONE else (old.route if old else ROUTE_NONE)
            hits[channel] = _Hit(score, tier, route, label)
        elif p_route != ROUTE_NONE and old.route == ROUTE_NONE and score >= old.score * 0.95:
            hits[channel] = _Hit(old.score, old.tier, p_route, old.label)

    def _pinyin_variants(self, term: str, cap: int = 8) -> list[str]:
        """Readings of a Chinese term, trying every reading of polyphonic characters."""
        if self._char_pinyin is None:
            self._char_pinyin = self._char_pinyin_loader() if self._char_pinyin_loader else {}
        table = self._char_pinyin
        parts: list[tuple[str, ...]] = []
        for ch in term:
            if is_cjk_char(ch):
                readings = table.get(ch)
                if not readings:
                    return []
                parts.append(readings[:3])
            elif ch.isascii() and ch.isalnum():
                parts.append((ch,))
        return ["".join(p) for p in itertools.islice(itertools.product(*parts), cap)]


def char_pinyin_table() -> dict[str, tuple[str, ...]]:
    """Every reading of the 6,763 GB2312 characters (for typos in queries). Needs pypinyin."""
    from pypinyin import Style, pinyin

    table: dict[str, tuple[str, ...]] = {}
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                ch = bytes((hi, lo)).decode("gb2312")
            except UnicodeDecodeError:
                continue
            table[ch] = tuple(dict.fromkeys(pinyin(ch, style=Style.NORMAL, heteronym=True)[0]))
    return table
