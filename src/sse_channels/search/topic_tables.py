"""A topic layer's lookup tables: its terms, "A+B" terms, place names and the pinyin of its
Chinese terms, normalised and ordered most specific first, so that `topical.TopicLayer` only
walks them. Built once per topics file; the packaged ones ship compiled (`prebuilt.py`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgspec import Struct

from sse_channels.textnorm import has_cjk, norm

from .index import PinyinFn

if TYPE_CHECKING:
    from sse_channels.directory.topics import Place, Topic, Topics


class TopicKeys(Struct, frozen=True):
    """A topic layer's lookup tables, in the order they are tried."""

    # (normalised term, term, topic): the longest term first, and a general topic (举报, 投诉)
    # after a specific one of the same length (受贿 → 廉政监督).
    terms: tuple[tuple[str, str, Topic], ...]
    # (normalised name, name to show, place): the longest name first. A capital is shown as
    # itself (成都), any other alias by its place's name (四川省 → 四川).
    places: tuple[tuple[str, str, Place], ...]
    # The toneless pinyin of each Chinese term, syllables run together (老鼠仓: laoshucang) →
    # (term, topic): a query in pinyin names the topic however its syllables are spaced.
    pinyin: dict[str, tuple[str, Topic]] = {}
    # Terms written "A+B" (员工+炒股): (normalised parts, term, topic), matched when every part
    # is in the query, in any order and apart (交易所有员工用亲戚的账户炒股); the longest first.
    together: tuple[tuple[tuple[str, ...], str, Topic], ...] = ()


def topic_keys(topics: Topics | None, pinyin: PinyinFn | None = None) -> TopicKeys:
    """The tables of a topic layer; `pinyin` (the index's reading function) adds the pinyin
    of its Chinese terms."""
    terms = [
        (key, term, t)
        for t in (topics.topics if topics else ())
        for term in t.terms
        if (key := norm(term)) and "+" not in key
    ]
    terms.sort(key=lambda x: (-len(x[0]), x[2].id.endswith("-general")))
    together = [
        (parts, term, t)
        for t in (topics.topics if topics else ())
        for term in t.terms
        if "+" in term and all(parts := tuple(norm(part) for part in term.split("+")))
    ]
    together.sort(key=lambda x: (-sum(map(len, x[0])), x[2].id.endswith("-general")))
    places = [
        (key, name if name == p.capital_zh else p.name_zh, p)
        for p in (topics.places if topics else ())
        for name in (p.name_zh, *p.aliases)
        if (key := norm(name))
    ]
    places.sort(key=lambda x: -len(x[0]))
    readings: dict[str, tuple[str, Topic]] = {}
    if pinyin is not None:
        for key, term, topic in terms:  # most specific first: the first reading stays
            if not has_cjk(key):
                continue
            run = "".join(pinyin(key)).replace(" ", "")
            if run.isascii() and run.isalnum():
                for form in dict.fromkeys((run, run.replace("v", "u"))):
                    readings.setdefault(form, (term, topic))
    return TopicKeys(tuple(terms), tuple(places), readings, tuple(together))
