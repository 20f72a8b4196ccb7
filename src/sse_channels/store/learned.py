"""The second reader's counts (`search/reader.py`), computed ahead and shipped with the package.

They come from three sources: the labelled question sets people wrote (tests/data: every
question counted for each channel it expects; the held-out sets under benchmarks/ and the
held-out part of the public set are never read), the directory's own words (each channel's
names, aliases and summary, its area's names and aliases) and the topic layer's terms, which
count for the desk they point at. The directory's words and the topics count twice a question:
they are what the exchange itself says a desk is for. Regenerate after editing any of them:

    python -m sse_channels.store.learned
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sse_channels.directory.topics import Topics
    from sse_channels.model import Directory
    from sse_channels.search.reader import Reader

FILE = Path(__file__).parent.parent / "data" / "learned.tsv"
# The labelled sets the reader learns from, relative to the repository's root, with the part
# of each that is read (None: all of it).
SETS = (
    ("tests/data/search_queries.yaml", None),
    ("tests/data/public_queries.yaml", "tune"),
    ("tests/data/tuning_queries.yaml", None),
    ("tests/data/tuning4_queries.yaml", None),
    ("tests/data/tuning5_queries.yaml", None),
    ("tests/data/tuning6_queries.yaml", None),
    ("tests/data/tuning7_queries.yaml", None),
    ("tests/data/tuning8_queries.yaml", None),
    ("tests/data/tuning9_queries.yaml", None),
    ("tests/data/tuning4_out_of_scope.yaml", None),
    ("tests/data/tuning5_out_of_scope.yaml", None),
    ("tests/data/tuning6_out_of_scope.yaml", None),
    ("tests/data/tuning7_out_of_scope.yaml", None),
    ("tests/data/tuning8_out_of_scope.yaml", None),
    ("tests/data/tuning9_out_of_scope.yaml", None),
)
# How many times a directory text or a topic term counts, against once for a question.
OWN_WORDS = 2


def load() -> Reader | None:
    """The shipped reader; None if its file is missing or damaged (the search then reads by
    words alone)."""
    from sse_channels.search.reader import Reader

    try:
        return Reader(FILE.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None


def questions(
    root: Path, sets: tuple[tuple[str, str | None], ...] = SETS
) -> Iterator[tuple[str, tuple[str, ...], int]]:
    """Every labelled question of `sets` under `root` with the channels it expects (a
    question the exchange has no desk for: `NO_DESK`)."""
    import yaml

    from sse_channels.search import reader

    for name, part in sets:
        for case in yaml.safe_load((root / name).read_text(encoding="utf-8")) or []:
            if part is None or case.get("split") == part:
                yield case["query"], tuple(case["expect"]) or (reader.NO_DESK,), 1


def own_words(
    directory: Directory, topics: Topics | None
) -> Iterator[tuple[str, tuple[str, ...], int]]:
    """The directory's words for each channel, and the topic terms for their desks."""
    areas = {a.id: a for a in directory.areas}
    for ch in directory.channels:
        area = areas[ch.area]
        texts = (ch.name_zh, ch.name_en, ch.summary_zh, ch.summary_en, *ch.aliases)
        for text in (*texts, area.name_zh, *area.aliases):
            if text:
                yield text, (ch.id,), OWN_WORDS
    for topic in topics.topics if topics is not None else ():
        for term in topic.terms:
            yield term.replace("+", " "), (topic.channel,), OWN_WORDS


def reading_of(table: dict[str, tuple[str, ...]]) -> Callable[[str], str | None]:
    """A character's first reading in `table` (None: not a Chinese character it holds)."""
    from sse_channels.search.reader import first_reading

    return functools.partial(first_reading, table)


def compute(root: Path, sets: tuple[tuple[str, str | None], ...] = SETS) -> str:
    """The counts from `sets` under `root`, the packaged directory and its topics."""
    from sse_channels.search.reader import count

    from . import _packaged, readings

    directory, _, topics, _ = _packaged()
    examples = [*questions(root, sets), *own_words(directory, topics)]
    return count(examples, reading_of(readings.char_table()))


def main() -> None:
    root = Path(__file__).resolve().parents[3]
    counts = compute(root)
    FILE.write_text(counts, encoding="utf-8", newline="\n")
    print(f"wrote {FILE} ({counts.count(chr(10)) - 3} pieces)")


if __name__ == "__main__":
    main()
