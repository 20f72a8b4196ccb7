"""The search index: every searchable string of a directory once, with its postings.

Built once per data file (pinyin needs pypinyin, which is slow to import) and cached on disk by
`cache.py`; ranking lives in `rank.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum
from typing import NamedTuple

from msgspec import Struct

from sse_channels import model as m
from sse_channels._compat import assert_never
from sse_channels.dial import ARROW
from sse_channels.textnorm import digits_only, has_cjk, norm, words

from . import weights as w
from .vocabulary import CONTACT_WORDS, EKEY_WORDS, KIND_WORDS, POSTCODE_WORDS

ROUTE_NONE = -1


class KeyKind(IntEnum):
    TEXT = 0  # normalised Chinese or English text
    WORD = 1  # one Latin word of an English text
    PINYIN = 2  # full pinyin without spaces, e.g. touzizhefuwurexian
    INITIALS = 3  # first letter of each syllable, e.g. tzzfwrx
    NUMBER = 4  # digits: phone numbers in dialled forms, extensions, QQ numbers
    TOPIC = 5  # a term of the topic layer (data/topics.yaml), not of the directory


class Field(IntEnum):
    """Which part of a record a key comes from (what `search --explain` names)."""

    NAME_ZH = 0
    NAME_EN = 1
    ID = 2
    KIND = 3  # a word for the channel's kind (邮箱, rules)
    CONTACT_TYPE = 4  # a word for a way of reaching it (电话, address)
    ALIAS = 5
    AREA = 6
    SUMMARY = 7
    NOTE = 8
    PHONE = 9
    ROUTE = 10  # a branch of the hotline's menu
    EMAIL = 11
    URL = 12
    SITE = 13  # a site's or system's title
    SYSTEM = 14  # a system's portal and functions
    EKEY = 15  # the digital certificate a system needs
    ADDRESS = 16
    POSTCODE = 17
    ACCOUNT = 18
    NEWSPAPER = 19
    RADIO = 20
    VIA = 21
    TOPIC = 22  # no field of the record: a topic of the topic layer names the channel
    AUDIENCE = 23  # no field matched: the channel's audience fits who is asking (score: the boost)
    ASKED = 24  # no field matched: the question reads like those asked of it (search/reader.py)

    @property
    def label(self) -> str:
        return self.name.lower()


class Posting(NamedTuple):
    """A key's occurrence in one channel."""

    channel: int  # index into Directory.channels
    weight: float
    route: int = ROUTE_NONE  # index into the channel's first phone's routes, when the key names one
    label: str = ""  # the displayed text that holds this key (for highlighting and explanation)
    field: int = Field.NAME_ZH  # a Field value


# The index stores postings and kinds as plain tuples and ints: the cache holds thousands of
# them, and plain tuples unpickle about four times faster than named tuples or dataclasses.
PostingTuple = tuple[int, float, int, str, int]


class Index(Struct, frozen=True):
    keys: tuple[str, ...]
    kinds: tuple[int, ...]  # KeyKind values
    postings: tuple[tuple[PostingTuple, ...], ...]
    channel_ids: tuple[str, ...]


PinyinFn = Callable[[str], list[str]]


def dialled_forms(number: str) -> list[str]:
    """Digit strings a user may type for a number: 02860119091, 2860119091, 862860119091."""
    digits = digits_only(number)
    forms = [digits]
    national = digits[1:] if digits.startswith("0") else digits
    if national != digits:
        forms.append(national)
    forms.append("86" + national)
    return forms


def has_cjk_syllable(s: str) -> bool:
    """pypinyin returns non-Chinese runs unchanged; those are not syllables."""
    return s.isascii() and s.isalpha() and len(s) <= 6


class _Builder:
    """Collects keys; a key keeps one posting per (channel, route), the heaviest."""

    def __init__(self, pinyin: PinyinFn) -> None:
        self.pinyin = pinyin
        self.table: dict[tuple[str, KeyKind], dict[tuple[int, int], Posting]] = {}
        # The keys of each distinct text, worked out once: area names and aliases, labels and
        # kind words recur on every channel, and pinyin is the costly part of a key.
        self.forms: dict[str, tuple[str, tuple[str, ...], str, str]] = {}

    def keys(self, raw: str) -> tuple[str, tuple[str, ...], str, str]:
        """A text's normalised form, its Latin words, its pinyin and its pinyin initials."""
        known = self.forms.get(raw)
        if known is not None:
            return known
        key = norm(raw)
        latin = tuple(word for word in words(key) if word != key and len(word) >= 2)
        reading = initials = ""
        if has_cjk(key):
            syl = [s.strip().lower() for s in self.pinyin(key) if s.strip()]
            reading = "".join(syl).replace(" ", "")
            initials = "".join(s[0] for s in syl if s and s[0].isalnum() and has_cjk_syllable(s))
        self.forms[raw] = found = (key, latin, reading, initials)
        return found

    def add(self, key: str, kind: KeyKind, p: Posting) -> None:
        if not key:
            return
        slot = self.table.setdefault((key, kind), {})
        old = slot.get((p.channel, p.route))
        if old is None or old.weight < p.weight:
            slot[(p.channel, p.route)] = p

    def text(
        self,
        raw: str,
        ci: int,
        weight: float,
        field: Field,
        route: int = ROUTE_NONE,
        initials_weight: float | None = None,
    ) -> None:
        """A text, its Latin words, its pinyin and its pinyin initials (weighed as
        `initials_weight` when given)."""
        key, latin, reading, initials = self.keys(raw)
        self.add(key, KeyKind.TEXT, Posting(ci, weight, route, raw, field))
        for word in latin:
            self.add(word, KeyKind.WORD, Posting(ci, weight * w.WORD_FACTOR, route, raw, field))
        if reading:
            self.add(
                reading, KeyKind.PINYIN, Posting(ci, weight * w.PINYIN_FACTOR, route, raw, field)
            )
        if len(initials) >= 2:
            base = weight if initials_weight is None else initials_weight
            p = Posting(ci, base * w.INITIALS_FACTOR, route, raw, field)
            self.add(initials, KeyKind.INITIALS, p)

    def number(
        self, digits: str, ci: int, weight: float, field: Field, label: str, route: int = ROUTE_NONE
    ) -> None:
        self.add(digits, KeyKind.NUMBER, Posting(ci, weight, route, label, field))

    def channel(self, ci: int, ch: m.Channel, area: m.Area | None) -> None:
        self.text(ch.name_zh, ci, w.W_NAME, Field.NAME_ZH)
        self.text(ch.name_en, ci, w.W_NAME, Field.NAME_EN)
        self.text(ch.id, ci, w.W_ALIAS, Field.ID)
        for word in KIND_WORDS[ch.kind]:
            self.text(word, ci, w.W_NAME, Field.KIND)
        for word in dict.fromkeys(x for c in ch.contacts for x in CONTACT_WORDS.get(type(c), ())):
            self.text(word, ci, w.W_CONTACT, Field.CONTACT_TYPE)
        for alias in ch.aliases:
            self.text(alias, ci, w.W_ALIAS, Field.ALIAS)
        if area is not None:
            for text in (area.name_zh, area.name_en, *area.aliases):
                self.text(text, ci, w.W_AREA, Field.AREA, initials_weight=w.W_AREA_INITIALS)
        for text in (ch.summary_zh, ch.summary_en):
            self.text(text, ci, w.W_TEXT, Field.SUMMARY)
        for text in ch.notes_zh:
            self.text(text, ci, w.W_TEXT, Field.NOTE)
        for contact in ch.contacts:
            self.contact(contact, ci, ch)

    def contact(self, contact: m.Contact, ci: int, ch: m.Channel) -> None:
        # One branch per contact type: each type is indexed by what people type for it.
        match contact:
            case m.Phone() | m.Fax():
                for variant in dialled_forms(contact.number):
                    self.number(variant, ci, 1.0, Field.PHONE, contact.number)
                if isinstance(contact, m.Phone):
                    if ch.phones() and contact is ch.phones()[0]:
                        self.routes(contact, ci)
                    if contact.label_zh:
                        self.text(contact.label_zh, ci, w.W_CONTACT, Field.PHONE)
            case m.Email():
                self.text(contact.address, ci, w.W_NAME, Field.EMAIL)
                local, _, domain = contact.address.partition("@")
                self.text(local, ci, w.W_NAME, Field.EMAIL)
                self.text(domain, ci, w.W_CONTACT, Field.EMAIL)
            case m.Web() | m.System():
                self.site(contact, ci)
            case m.Address():
                self.text(contact.text_zh, ci, w.W_CONTACT, Field.ADDRESS)
                if contact.postcode:
                    self.number(contact.postcode, ci, w.W_CONTACT, Field.POSTCODE, contact.postcode)
                    for word in POSTCODE_WORDS:
                        self.text(word, ci, w.W_CONTACT, Field.POSTCODE)
            case m.Account():
                self.text(contact.name, ci, w.W_CONTACT, Field.ACCOUNT)
                self.text(m.PLATFORM_ZH[contact.platform], ci, w.W_CONTACT, Field.ACCOUNT)
                self.text(contact.platform.value, ci, w.W_CONTACT, Field.ACCOUNT)
                if contact.account_id and contact.account_id.isdigit():
                    self.number(contact.account_id, ci, 1.0, Field.ACCOUNT, contact.account_id)
                elif contact.account_id:
                    self.text(contact.account_id, ci, w.W_NAME, Field.ACCOUNT)
            case m.Newspaper():
                self.text(contact.name_zh, ci, w.W_CONTACT, Field.NEWSPAPER)
            case m.Radio():
                for text in (contact.station_zh, contact.frequency, contact.programme_zh):
                    self.text(text, ci, w.W_CONTACT, Field.RADIO)
                band_digits = digits_only(contact.frequency)  # FM96.6 is also typed as 966
                if len(band_digits) >= 3:
                    self.number(band_digits, ci, w.W_CONTACT, Field.RADIO, contact.frequency)
            case m.Via():
                self.text(contact.where_zh, ci, w.W_TEXT, Field.VIA)
            case _:
                assert_never(contact)

    def routes(self, phone: m.Phone, ci: int) -> None:
        """The hotline's menu: each branch by its full dialled digits, last step and words."""
        for ri, route in enumerate(phone.routes):
            seq = ARROW.join((phone.number, *route.steps))
            self.number(phone.digits + "".join(route.steps), ci, 1.0, Field.ROUTE, seq, ri)
            last = route.steps[-1]
            weight = 1.0 if len(last) >= 3 else w.SHORT_STEP_WEIGHT
            self.number(last, ci, weight, Field.ROUTE, seq, ri)
            for text in (route.label_zh, route.label_en, *route.aliases):
                self.text(text, ci, w.W_ROUTE, Field.ROUTE, ri)

    def site(self, contact: m.Web | m.System, ci: int) -> None:
        bare = contact.url.split("://", 1)[-1]
        host = bare.split("/", 1)[0]
        self.text(bare.rstrip("/"), ci, w.W_CONTACT, Field.URL)
        host_weight = w.W_CONTACT if bare.rstrip("/") == host else w.W_CONTACT * w.URL_HOST_FACTOR
        self.text(host, ci, host_weight, Field.URL)
        self.text(host.split(".")[0], ci, w.W_CONTACT, Field.URL)
        if isinstance(contact, m.Web):
            self.text(contact.title_zh, ci, w.W_CONTACT, Field.SITE)
            self.text(contact.title_en, ci, w.W_CONTACT, Field.SITE)
            return
        self.text(contact.name_zh, ci, w.W_ALIAS, Field.SITE)
        self.text(contact.portal_zh, ci, w.W_TEXT, Field.SYSTEM)
        self.text(contact.functions_zh, ci, w.W_TEXT, Field.SYSTEM)
        if contact.ekey_url:
            ekey_host = contact.ekey_url.split("://", 1)[-1].split("/", 1)[0]
            for text in (*EKEY_WORDS, ekey_host, ekey_host.split(".")[0]):
                self.text(text, ci, w.W_CONTACT, Field.EKEY)


def build_index(directory: m.Directory, pinyin: PinyinFn | None = None) -> Index:
    """Index a directory. `pinyin` maps text to syllables (pypinyin.lazy_pinyin by default)."""
    if pinyin is None:
        from pypinyin import lazy_pinyin  # slow import: only when the cache is built

        pinyin = lazy_pinyin
    builder = _Builder(pinyin)
    areas = {a.id: a for a in directory.areas}
    for ci, ch in enumerate(directory.channels):
        builder.channel(ci, ch, areas.get(ch.area))
    keys: list[str] = []
    kinds: list[int] = []
    postings: list[tuple[PostingTuple, ...]] = []
    for (key, kind), slot in builder.table.items():
        keys.append(key)
        kinds.append(int(kind))
        postings.append(
            tuple((p.channel, p.weight, p.route, p.label, p.field) for p in slot.values())
        )
    return Index(
        tuple(keys), tuple(kinds), tuple(postings), tuple(c.id for c in directory.channels)
    )
