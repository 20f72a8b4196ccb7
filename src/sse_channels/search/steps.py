"""How one query term finds keys: an ordered list of named steps.

`STEPS` is tried in order for every term. A step applies to some shapes of term (a number,
Latin letters, Chinese, anything else) and runs always, only while no hit is at least a prefix
hit ("until strong"), or only while nothing is found at all ("until found"). Each channel
keeps the best hit a term gives it, whichever step found it.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from msgspec import Struct

from sse_channels.textnorm import has_cjk

from .index import KeyKind
from .match import Hits, Matcher
from .query import stems
from .weights import Tier

TEXTS = (KeyKind.TEXT, KeyKind.WORD)
NEVER = None  # substring_from for a scan that only takes keys starting with the term


class Shape(Enum):
    NUMBER = "number"  # digits only
    LATIN = "latin"  # other ASCII: English words, pinyin, initials, addresses
    CHINESE = "chinese"  # holds Chinese characters
    OTHER = "other"


class When(Enum):
    ALWAYS = "always"
    UNTIL_STRONG = "until strong"  # while no hit is at least a prefix hit
    UNTIL_FOUND = "until found"  # while nothing is found


def shape_of(term: str) -> Shape:
    if term.isdigit():
        return Shape.NUMBER
    if term.isascii():
        return Shape.LATIN
    return Shape.CHINESE if has_cjk(term) else Shape.OTHER


def _number(mt: Matcher, term: str, hits: Hits) -> None:
    mt.scan(term, (KeyKind.NUMBER,), hits, substring_from=3)


def _extension(mt: Matcher, term: str, hits: Hits) -> None:
    """'4008888400 1959': the main number, then an extension without the menu step."""
    main = next((n for n in mt.main_numbers if term.startswith(n)), "")
    if main and len(term) - len(main) >= 3:
        mt.scan(term[len(main) :], (KeyKind.NUMBER,), hits, substring_from=3)


def _number_in_text(mt: Matcher, term: str, hits: Hits) -> None:
    mt.scan(term, TEXTS, hits, substring_from=3)


def _chinese_text(mt: Matcher, term: str, hits: Hits) -> None:
    mt.scan(term, TEXTS, hits, substring_from=1)


def _text(mt: Matcher, term: str, hits: Hits) -> None:
    mt.scan(term, TEXTS, hits, substring_from=2)


def _inside_pinyin(mt: Matcher, term: str, hits: Hits) -> None:
    mt.scan(term, (KeyKind.PINYIN,), hits, substring_from=4)


def _pinyin(mt: Matcher, term: str, hits: Hits) -> None:
    # A word that starts a name or alias (ekey, fund) is that word, not pinyin: inside
    # joined pinyin it would also match across syllables (touzizh·ekey·uyue).
    mt.scan(term, (KeyKind.PINYIN,), hits, substring_from=NEVER)


def _initials(mt: Matcher, term: str, hits: Hits) -> None:
    mt.scan(term, (KeyKind.INITIALS,), hits, substring_from=NEVER)


def _pieces(mt: Matcher, term: str, hits: Hits) -> None:
    mt.pieces(term, hits)


def _readings(mt: Matcher, term: str, hits: Hits) -> None:
    for variant in mt.readings(term):
        mt.scan(variant, (KeyKind.PINYIN,), hits, substring_from=4)


def _near_readings(mt: Matcher, term: str, hits: Hits) -> None:
    for variant in mt.readings(term):
        mt.fuzzy(variant, (KeyKind.PINYIN,), hits)


def _stems(mt: Matcher, term: str, hits: Hits) -> None:
    for stem in stems(term):
        mt.scan(stem, TEXTS, hits, substring_from=4)
        if hits:
            return


def _near_spelling(mt: Matcher, term: str, hits: Hits) -> None:
    mt.fuzzy(term, (KeyKind.WORD, KeyKind.TEXT), hits)
    if len(term) >= 5:  # mistyped pinyin (zhaiqaun): within the readings of names
        mt.fuzzy(term, (KeyKind.PINYIN,), hits, partial=True)


def _near_text(mt: Matcher, term: str, hits: Hits) -> None:
    mt.fuzzy(term, (KeyKind.TEXT,), hits, partial=True)


class Step(Struct, frozen=True):
    name: str
    shapes: frozenset[Shape]
    when: When
    run: Callable[[Matcher, str, Hits], None]
    min_len: int = 0
    max_len: int = 1 << 30


_N, _L, _C, _O = Shape.NUMBER, Shape.LATIN, Shape.CHINESE, Shape.OTHER
NGRAM_MAX_TERM = 24  # Chinese terms up to this length are also matched piece by piece

STEPS: tuple[Step, ...] = (
    Step("number", frozenset({_N}), When.ALWAYS, _number),
    Step("extension after the main number", frozenset({_N}), When.UNTIL_FOUND, _extension),
    Step("short number in text", frozenset({_N}), When.UNTIL_FOUND, _number_in_text, max_len=6),
    Step("chinese text", frozenset({_C}), When.ALWAYS, _chinese_text),
    Step("text", frozenset({_L, _O}), When.ALWAYS, _text),
    Step("inside a pinyin reading", frozenset({_L}), When.UNTIL_STRONG, _inside_pinyin),
    Step("pinyin reading", frozenset({_L}), When.ALWAYS, _pinyin),
    Step("pinyin initials", frozenset({_L}), When.ALWAYS, _initials),
    Step(
        "pieces of a paraphrase",
        frozenset({_C}),
        When.UNTIL_STRONG,
        _pieces,
        min_len=3,
        max_len=NGRAM_MAX_TERM,
    ),
    Step("readings of the characters", frozenset({_C}), When.UNTIL_STRONG, _readings),
    Step("near readings", frozenset({_C}), When.UNTIL_FOUND, _near_readings),
    Step("word stem", frozenset({_L}), When.UNTIL_FOUND, _stems),
    Step("near spelling", frozenset({_L}), When.UNTIL_FOUND, _near_spelling),
    # two characters sharing one is no match (开户, 公开)
    Step("near text", frozenset({_C, _O}), When.UNTIL_FOUND, _near_text, min_len=3),
)


def match_term(mt: Matcher, term: str) -> Hits:
    """Each channel's best hit for a term, from the steps that apply to it."""
    hits: Hits = {}
    shape = shape_of(term)
    for step in STEPS:
        if shape not in step.shapes or not step.min_len <= len(term) <= step.max_len:
            continue
        if step.when is When.UNTIL_FOUND and hits:
            continue
        if step.when is When.UNTIL_STRONG and any(h.tier >= Tier.PREFIX for h in hits.values()):
            continue
        mt.current_step = step.name
        step.run(mt, term, hits)
    return hits
