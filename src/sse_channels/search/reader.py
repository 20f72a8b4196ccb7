"""A second reader of a question: how much it reads like the questions asked of each desk.

The words of a question meet the directory's keys (`rank.py`); people, though, describe a
situation (我们的年报要更正), and a desk is known as much by what is asked of it as by its name.
This reader counts, for every channel, the pieces of the questions people asked of it (the
labelled question sets), of its own names, aliases and summary, and of the topic terms that
point at it: Chinese characters and pairs of characters, their sounds and pairs of sounds (so a
character typed by its sound still counts), the initials of pairs (zq for 债券), and English
or pinyin words. A question is then read by naive Bayes: the share of each channel is
proportional to how likely its pieces are among that channel's pieces.

The counts are computed ahead (`python -m sse_channels.store.learned`) and shipped as
`data/learned.tsv`; a test checks that they are what the sets and the directory give today.
Naive Bayes over integer counts is a few lines of arithmetic, reproducible to the last digit:
a machine-learning library would add tens of megabytes at run time to do the same sums.

The reader never stands alone: `rank.Searcher` composes its shares with the ranking by words,
and when the two disagree about the first answer, that answer is a guess (`confidence.py`).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Mapping, Sequence

from sse_channels.textnorm import norm, runs

from .query import SYLLABLES

# What the questions the exchange has no desk for count for: a channel of the reader's own,
# which no result ever is, but which can come first and so leave every desk behind it.
NO_DESK = "-"
# Laplace smoothing of the counts: small, since a piece unseen for a channel says little.
ALPHA = 0.1
# English words that say nothing about which desk is meant.
_ENGLISH_FILLER = frozenset(
    {
        *("the", "a", "an", "of", "to", "for", "in", "on", "is", "are", "i", "my", "we", "our"),
        *("how", "do", "does", "can", "what", "where", "who", "which", "with", "and", "or"),
        *("at", "by", "be", "it", "this", "that", "me", "you", "your", "please"),
        *("sse", "shanghai", "stock", "exchange"),
    }
)
# A pinyin word is read as syllables only up to this many letters a syllable.
_LONGEST_SYLLABLE = 6

Readings = Callable[[str], str | None]  # a character's first reading (None: not Chinese)


def first_reading(table: Mapping[str, tuple[str, ...]], ch: str) -> str | None:
    """A character's first reading in a table of readings (None: it holds no reading)."""
    found = table.get(ch)
    return found[0] if found else None


def _syllables(word: str) -> list[str] | None:
    """A Latin word as pinyin syllables (fewest syllables), or None if it is not pinyin."""
    n = len(word)
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for i in range(n):
        here = best[i]
        if here is None:
            continue
        for j in range(min(n, i + _LONGEST_SYLLABLE), i, -1):
            there = best[j]
            if word[i:j] in SYLLABLES and (there is None or len(there) > len(here) + 1):
                best[j] = [*here, word[i:j]]
    return best[n]


def pieces(text: str, reading: Readings) -> list[str]:
    """The pieces a question is read by, each once: `c:` a character, `b:` a pair, `p:` a
    sound, `pp:` a pair of sounds, `i:` the initials of a pair, `w:` a Latin word (and its
    first five letters), pinyin words by their syllables too, short non-pinyin words as
    initials."""
    out: list[str] = []
    words: list[str] = []
    for cjk, run in runs(norm(text)):
        if not cjk:
            words.append(run)
            continue
        sounds = [reading(ch) or ch for ch in run]
        out += ["c:" + ch for ch in run]
        out += ["b:" + run[i : i + 2] for i in range(len(run) - 1)]
        out += ["p:" + s for s in sounds]
        out += ["pp:" + a + b for a, b in itertools.pairwise(sounds)]
        out += ["i:" + a[0] + b[0] for a, b in itertools.pairwise(sounds)]
    read: list[list[str] | None] = []
    for word in words:
        if word not in _ENGLISH_FILLER:
            out.append("w:" + word)
            if len(word) > 4 and word.isalpha():
                out.append("w:" + word[:5])
        syllables = _syllables(word) if word.isalpha() else None
        read.append(syllables)
        if syllables and (len(syllables) >= 2 or len(words) >= 2):
            out += ["p:" + s for s in syllables]
            out += ["pp:" + a + b for a, b in itertools.pairwise(syllables)]
        elif word.isalpha() and 2 <= len(word) <= 6 and not syllables:
            out += ["i:" + word[i : i + 2] for i in range(len(word) - 1)]
    for a, b in itertools.pairwise(read):
        if a and b:
            out.append("pp:" + a[-1] + b[0])
    return list(dict.fromkeys(out))


def count(examples: Iterable[tuple[str, Sequence[str], int]], reading: Readings) -> str:
    """The reader's counts from (text, channel ids, weight) examples, as the text `Reader`
    reads: a header (the smoothing, the channels, each channel's total of pieces), then a line
    a piece with its count for each channel that has it, sorted."""
    per: dict[str, dict[str, int]] = {}
    totals: dict[str, int] = {}
    for text, channels, weight in examples:
        found = pieces(text, reading)
        for channel in channels:
            totals[channel] = totals.get(channel, 0) + weight * len(found)
            for piece in found:
                row = per.setdefault(piece, {})
                row[channel] = row.get(channel, 0) + weight
    labels = sorted(totals)
    at = {c: i for i, c in enumerate(labels)}
    lines = [
        f"alpha\t{ALPHA}\tpieces\t{len(per)}",
        "channels\t" + " ".join(labels),
        "totals\t" + " ".join(str(totals[c]) for c in labels),
        *(
            piece + "\t" + " ".join(f"{at[c]}:{row[c]}" for c in sorted(row, key=at.__getitem__))
            for piece, row in sorted(per.items())
        ),
    ]
    return "\n".join(lines) + "\n"


class Reader:
    """The counts, read: a question's share for each channel."""

    def __init__(self, text: str) -> None:
        head, channels, totals_line, body = text.split("\n", 3)
        _, alpha_text, _, size_text = head.split("\t")
        alpha = float(alpha_text)
        if not alpha > 0:
            raise ValueError("the smoothing of the counts must be above 0")
        self.channels: tuple[str, ...] = tuple(channels.split("\t")[1].split())
        totals = [int(x) for x in totals_line.split("\t")[1].split()]
        if len(totals) != len(self.channels):
            raise ValueError("the counts name a different number of channels and totals")
        # Each piece's counts stay text until a question has the piece.
        self._rows = dict(line.split("\t", 1) for line in body.splitlines())
        self._parsed: dict[str, list[tuple[int, float]]] = {}
        size = len(self._rows)
        if size != int(size_text):
            raise ValueError("the counts hold another number of pieces than they say")
        self._alpha = alpha
        # log P(an unseen piece | channel): every piece starts from it.
        self._unseen = [math.log(alpha / (t + alpha * size)) for t in totals]

    def _row(self, piece: str) -> list[tuple[int, float]] | None:
        """A piece's channels, each with what the piece adds to its log share over an unseen
        piece; parsed at its first question and kept."""
        row = self._parsed.get(piece)
        if row is None:
            text = self._rows.get(piece)
            if text is None:
                return None
            alpha, width = self._alpha, len(self.channels)
            row = []
            for cell in text.split():
                c, _, n = cell.partition(":")
                if not (c.isdecimal() and n.isdecimal() and int(c) < width):
                    return None  # a damaged line: the piece is read as unknown
                row.append((int(c), math.log((int(n) + alpha) / alpha)))
            self._parsed[piece] = row
        return row

    def shares(
        self, text: str, reading: Readings, temperature: float = 1.0
    ) -> tuple[dict[str, float], int]:
        """Each channel's share of the question (summing to 1), and how many of its pieces
        the reader has seen: none seen, no shares. Naive Bayes counts every piece as if the
        others did not exist, and so is far surer than it should be; its log shares divided by
        a `temperature` above 1 are spread out accordingly."""
        rows = [row for p in pieces(text, reading) if (row := self._row(p))]
        if not rows:
            return {}, 0
        logs = [u * len(rows) for u in self._unseen]
        for row in rows:
            for c, gain in row:
                logs[c] += gain
        logs = [v / temperature for v in logs]
        top = max(logs)
        weights = [math.exp(v - top) for v in logs]
        whole = sum(weights)
        return {c: w / whole for c, w in zip(self.channels, weights, strict=True)}, len(rows)
