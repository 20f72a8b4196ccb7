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

import bisect
import itertools
import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import IntEnum
from typing import NamedTuple

from . import model as m
from .textnorm import digits_only, has_cjk, is_cjk_char, norm, number_query, words


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
W_ROUTE = 0.96  # a menu branch's own words name that branch over the line's aliases
W_CONTACT = 0.85
W_AREA = 0.7
W_TEXT = 0.5  # summaries and notes
PINYIN_FACTOR = 0.9
INITIALS_FACTOR = 0.85
WORD_FACTOR = 0.9

ROUTE_NONE = -1
_EPS = 1e-9

# Words for what a channel is: "disclosure" or 邮箱 alone should find channels of that kind.
KIND_WORDS = {
    m.ChannelKind.RULES: ("rules", "规则"),
    m.ChannelKind.SYSTEM: ("system", "系统"),
    m.ChannelKind.DISCLOSURE: ("disclosure", "信息公开", "信息披露", "披露"),
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
# Words for a way of reaching a channel, whatever its kind: "北京 电话", "投资者 邮箱", "地址".
CONTACT_WORDS: dict[type, tuple[str, ...]] = {
    m.Phone: ("phone", "telephone", "tel", "number", "电话", "号码"),
    m.Email: ("email", "mailbox", "邮箱", "邮件"),
    m.Fax: ("fax", "number", "传真", "号码"),
    m.Address: ("address", "地址"),
    m.Web: ("website", "link", "网站", "网址"),
    m.System: ("link", "login", "网址", "登录"),
}
POSTCODE_WORDS = ("postcode", "post code", "zip", "邮编", "邮政编码")
# A system that needs the exchange's digital certificate is found by the certificate's names.
EKEY_WORDS = ("EKey", "数字证书", "证书", "CA证书", "certificate", "digital certificate")
MAX_QUERY = 200  # characters considered; nobody types more, and it bounds the work
PHRASE_BONUS = 1.0  # when one field of a channel holds every word of a query
NGRAM_MAX_TERM = 24  # Chinese terms up to this length are also matched piece by piece

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
            add_text(word, ci, W_NAME)
        for word in dict.fromkeys(w for c in ch.contacts for w in CONTACT_WORDS.get(type(c), ())):
            add_text(word, ci, W_CONTACT)
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
        add_text(host, ci, W_CONTACT if bare.rstrip("/") == host else W_CONTACT * 0.95)
        add_text(host.split(".")[0], ci, W_CONTACT * 0.9)
        if isinstance(contact, m.Web):
            add_text(contact.title_zh, ci, W_CONTACT)
            add_text(contact.title_en, ci, W_CONTACT)
        else:
            add_text(contact.name_zh, ci, W_ALIAS)
            add_text(contact.portal_zh, ci, W_TEXT)
            add_text(contact.functions_zh, ci, W_TEXT)
            if contact.ekey_url:
                ekey_host = contact.ekey_url.split("://", 1)[-1].split("/", 1)[0]
                for text in (*EKEY_WORDS, ekey_host, ekey_host.split(".")[0]):
                    add_text(text, ci, W_CONTACT)
    elif isinstance(contact, m.Address):
        add_text(contact.text_zh, ci, W_CONTACT)
        if contact.postcode:
            add_number(contact.postcode, ci, W_CONTACT, ROUTE_NONE, contact.postcode)
            for word in POSTCODE_WORDS:
                add_text(word, ci, W_CONTACT)
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
        band_digits = digits_only(contact.frequency)  # FM96.6 is also typed as 966
        if len(band_digits) >= 3:
            add_number(band_digits, ci, W_CONTACT, ROUTE_NONE, contact.frequency)
    elif isinstance(contact, m.Via):
        add_text(contact.where_zh, ci, W_TEXT)


def _menu_order(ch: m.Channel) -> tuple[int, ...]:
    """Where a line sits in the hotline's menu (1 before 2 before 6 → 1959); others last."""
    phones = ch.phones()
    if not phones or not phones[0].routes:
        return (1 << 30,)
    return tuple(int(x) if x.isdigit() else 1 << 30 for x in phones[0].routes[0].steps)


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
    routes: tuple[int, ...]  # the phone routes this term names; empty: the channel as a whole
    label: str


_PRESS_RE = re.compile(r"(?<=\d)\s*(?:转|按|拨)\s*(?=\d)")
_STEP_RE = re.compile(r"^(?:转|按|拨|分机|ext\.?|x)?(\d{1,5})$")


def terms_of(query: str) -> list[str]:
    """Split a query into terms; a phone-like query stays one number.

    A number followed by menu steps ("4008888400 转1", "4008888400 6 1959") is one dialled
    number, so it matches the routes that begin that way.
    """
    q = norm(query[: MAX_QUERY * 4])[:MAX_QUERY]
    q = _PRESS_RE.sub(" ", q)  # "4008888400转2": the menu step is its own term
    if q.startswith("tel:"):  # a tel: URI, as this tool prints: tel:+864008888400,6,1959
        q = q[4:].replace(",", " ").replace(";", " ").strip()
        q = q[3:] if q.startswith("+86") else q
    number = number_query(q)
    if number is not None and " " in q and not all(len(t) >= 7 for t in q.split()):
        return [_strip_country(number)]
    terms = [t.strip("，,;；。.、") for t in q.split(" ")]
    out: list[str] = []
    for t in terms:
        if not t:
            continue
        step = _STEP_RE.match(t)
        if step and out and out[-1].isdigit() and len(out[-1]) >= 7:
            out[-1] += step.group(1)
        elif number_query(t):
            out.append(_strip_country(digits_only(t)))
        elif has_cjk(t) and _MIXED_RE.fullmatch(t) and _LATIN_WORD_RE.search(t):
            # "IPO咨询电话", "ETF咨询": a Latin word run into Chinese is a word of its own.
            out += [p for p in _LATIN_WORD_RE.split(t) if p]
        elif t != "转":
            out.append(t)
    # Words that carry no meaning of their own ("how to book a listing ceremony") would make
    # every-word-narrows fail; they count only when the query is nothing else.
    content = [t for t in out if t not in STOPWORDS]
    return content or out


_STOPWORD_TEXT = """
a an the to for of in on at by from with about and or is are be can could should would
do does did i we you my our your me us it its this that these those there here where what
who whom which when how please want need get find looking any some no whats what's
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


_LATIN_WORD_RE = re.compile(r"([a-z][a-z0-9]+)")
_MIXED_RE = re.compile(r"[a-z0-9\u3400-\u9fff]+")  # Latin words and Chinese, nothing else


def _stems(term: str) -> list[str]:
    """Shorter forms of an English word that found nothing (enquiries → enquiry, enquir)."""
    if not (term.isascii() and term.isalpha() and len(term) >= 5):
        return []
    out = []
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("ing", ""), ("ed", ""), ("e", "")):
        if term.endswith(suffix) and len(term) - len(suffix) >= 3:
            out.append(term[: -len(suffix)] + repl)
    return list(dict.fromkeys(out))


def _strip_country(digits: str) -> str:
    if digits.startswith("0086"):
        return digits[4:]
    return digits


class _Shelf:
    """The keys of one kind joined into one string, so a term is found with `str.find`.

    A scan costs one pass in C over the joined text instead of one Python step per key.
    """

    __slots__ = ("exact", "ids", "joined", "starts")

    def __init__(self, keys: tuple[str, ...], ids: list[int]) -> None:
        self.ids = ids
        self.exact = {keys[ki]: ki for ki in ids}
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
        by_kind: dict[int, list[int]] = {}
        for i, kind in enumerate(index.kinds):
            by_kind.setdefault(kind, []).append(i)
        self._by_kind = by_kind
        self._shelves = {kind: _Shelf(index.keys, ids) for kind, ids in by_kind.items()}
        self._menu = tuple(_menu_order(c) for c in directory.channels)
        self._texts: dict[int, list[str]] | None = None  # channel -> its TEXT keys (lazy)
        self._main_numbers = tuple(
            dict.fromkeys(p.digits for c in directory.channels for p in c.phones() if p.routes)
        )

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
                if hit.routes:
                    routes.setdefault(ci, set()).update(hit.routes)
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
        kept = [ci for ci in totals if counts[ci] == best_count]
        if best_count < len(terms):
            # No channel has every word: the rarer word says more. "期权 电话" (options have no
            # phone line) puts the options channels first, not every phone line of the exchange.
            size = len(channels) + 1
            rarity = [math.log(size / (len(hits) + 0.5)) for hits in per_term]
            for ci in kept:
                totals[ci] = KIND_PRIOR[channels[ci].kind] + sum(
                    hits[ci].score * w
                    for hits, w in zip(per_term, rarity, strict=True)
                    if ci in hits
                )
        if len(terms) > 1:
            for ci in kept:
                if self._one_field_holds(ci, terms):
                    totals[ci] += PHRASE_BONUS
        ranked = sorted(kept, key=lambda ci: (-round(totals[ci], 6), self._menu[ci], ci))
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
            main = next((n for n in self._main_numbers if term.startswith(n)), "")
            if not hits and len(term) - len(main) >= 3 and main:
                # "4008888400 1959": the main number, then an extension without the menu step
                self._scan(term[len(main) :], (KeyKind.NUMBER,), hits, min_substring=3)
            if not hits and len(term) < 7:
                self._scan(term, (KeyKind.TEXT, KeyKind.WORD), hits, min_substring=3)
            return hits
        cjk = has_cjk(term)
        self._scan(term, (KeyKind.TEXT, KeyKind.WORD), hits, min_substring=1 if cjk else 2)
        strong = any(h.tier >= Tier.PREFIX for h in hits.values())
        if term.isascii():
            # A word that starts a name or alias (ekey, fund) is that word, not pinyin: inside
            # joined pinyin it would also match across syllables (touzizh·ekey·uyue).
            self._scan(term, (KeyKind.PINYIN,), hits, min_substring=99 if strong else 4)
            self._scan(term, (KeyKind.INITIALS,), hits, min_substring=99)
            strong = any(h.tier >= Tier.PREFIX for h in hits.values())
        if cjk and not strong:
            if 3 <= len(term) <= NGRAM_MAX_TERM:
                self._pieces(term, hits)
            for variant in self._pinyin_variants(term):
                self._scan(variant, (KeyKind.PINYIN,), hits, min_substring=4)
            if not hits:
                for variant in self._pinyin_variants(term):
                    self._fuzzy(variant, (KeyKind.PINYIN,), hits)
        if not hits:
            for stem in _stems(term):
                self._scan(stem, (KeyKind.TEXT, KeyKind.WORD), hits, min_substring=4)
                if hits:
                    break
        if not hits and term.isascii():
            self._fuzzy(term, (KeyKind.WORD, KeyKind.TEXT), hits)
            if len(term) >= 5:  # mistyped pinyin (zhaiqaun): within the readings of names
                self._fuzzy(term, (KeyKind.PINYIN,), hits, partial=True)
        elif not hits and len(term) >= 3:  # two characters sharing one is no match (开户, 公开)
            self._fuzzy(term, (KeyKind.TEXT,), hits, partial=True)
        return hits

    def _scan(
        self, term: str, kinds: Iterable[KeyKind], hits: dict[int, _Hit], min_substring: int
    ) -> None:
        keys, postings = self.index.keys, self.index.postings
        anywhere = len(term) >= min_substring
        for kind in kinds:
            shelf = self._shelves.get(kind)
            if shelf is None:
                continue
            for ki, starts in shelf.find(term, anywhere):
                key = keys[ki]
                if starts:
                    tier = Tier.EXACT if len(key) == len(term) else Tier.PREFIX
                else:
                    tier = Tier.SUBSTRING
                tight = len(term) / len(key)
                for p in postings[ki]:
                    self._offer(hits, p, _TIER_BASE[tier] * p[1] + 0.01 * tight, tier)

    def _pieces(self, term: str, hits: dict[int, _Hit]) -> None:
        """A paraphrase (投诉券商, 独董咨询电话是多少): score channels by how much of the term
        their keys cover, two to four characters at a time. Never above a substring match."""
        shelf = self._shelves.get(KeyKind.TEXT)
        if shelf is None:
            return
        keys, postings = self.index.keys, self.index.postings
        cover: dict[int, list[float]] = {}
        labels: dict[int, tuple[float, str]] = {}
        n = len(term)
        total = math.log(len(self.directory.channels) + 1)
        for size in (4, 3, 2):
            for i in range(n - size + 1):
                piece = term[i : i + size]
                if not all(is_cjk_char(ch) for ch in piece):
                    continue
                best: dict[int, tuple[float, str]] = {}
                for ki, starts in shelf.find(piece, True):
                    exact = starts and len(keys[ki]) == size
                    value = 1.0 if exact else 0.8 if starts else 0.6
                    for ci, weight, _, label in postings[ki]:
                        if value * weight > best.get(ci, (0.0, ""))[0]:
                            best[ci] = (value * weight, label)
                # A piece that many channels share (上交所) says little about any of them.
                rarity = (
                    max(0.2, math.log((len(self.directory.channels) + 1) / (len(best) + 1)) / total)
                    if best
                    else 0.0
                )
                for ci, (value, label) in best.items():
                    v = value * rarity
                    row = cover.setdefault(ci, [0.0] * n)
                    for j in range(i, i + size):
                        if row[j] < v:
                            row[j] = v
                    if v > labels.get(ci, (0.0, ""))[0]:
                        labels[ci] = (v, label)
        base = _TIER_BASE[Tier.SUBSTRING]
        for ci, row in cover.items():
            # Filler (去哪里, 是多少) should not drown the words that matter: a long term is
            # judged on its best six characters' worth of cover.
            score = base * min(1.0, sum(row) / min(n, 6)) * 0.95
            if score >= base * 0.15:
                self._offer(hits, (ci, 1.0, ROUTE_NONE, labels[ci][1]), score, Tier.FUZZY)

    def _one_field_holds(self, ci: int, terms: list[str]) -> bool:
        if self._texts is None:
            texts: dict[int, list[str]] = {}
            kinds, postings = self.index.kinds, self.index.postings
            for ki, key in enumerate(self.index.keys):
                if kinds[ki] == KeyKind.TEXT:
                    for p in postings[ki]:
                        if p[1] >= W_AREA:
                            texts.setdefault(p[0], []).append(key)
            self._texts = texts
        return any(all(t in key for t in terms) for key in self._texts.get(ci, ()))

    def _fuzzy(
        self, term: str, kinds: Iterable[KeyKind], hits: dict[int, _Hit], partial: bool = False
    ) -> None:
        if len(term) < 2 or len(term) > 64:
            return
        from rapidfuzz import fuzz, process
        from rapidfuzz.distance import OSA

        ids = [ki for kind in kinds for ki in self._by_kind.get(kind, ())]
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
        for _, score, pos in process.extract(
            term, choices, scorer=scorer, processor=None, score_cutoff=cutoff, limit=50
        ):
            for p in self.index.postings[ids[pos]]:
                self._offer(hits, p, _TIER_BASE[Tier.FUZZY] * p[1] * score / scale, Tier.FUZZY)

    @staticmethod
    def _offer(hits: dict[int, _Hit], p: PostingTuple, score: float, tier: Tier) -> None:
        """Keep each channel's best match for a term.

        A term names routes of a line only when a route matches better than the line as a
        whole does; routes that match equally well are all kept (行业云 is two branches).
        """
        channel, _, p_route, label = p
        mine = (p_route,) if p_route != ROUTE_NONE else ()
        old = hits.get(channel)
        if old is None or score > old.score + _EPS:
            hits[channel] = _Hit(score, tier, mine, label)
        elif score >= old.score - _EPS and old.routes:
            routes = tuple(sorted({*old.routes, *mine})) if mine else ()
            hits[channel] = _Hit(old.score, old.tier, routes, old.label)

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
