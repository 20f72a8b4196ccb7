"""Line breaking for drawn output, Chinese rules included (禁则).

No line starts with closing punctuation or ends with opening punctuation; a protected token (a
URL, a mailbox, a channel id, a phone number, a dial sequence, a house number such as 388号) is
never broken: the line breaks before it, and a token wider than the line overflows alone.
Widths are terminal cells (East Asian wide and fullwidth characters count two). No Rich here:
`unicodedata` is enough, and it is already imported.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

CLOSING = frozenset("。，、；：？！」）』】》〉”’%．,.;:?!)]}>·")
OPENING = frozenset("「『（【《〈“‘([{<")

TOKEN = re.compile(
    r"""
    (?:https?://|www\.)[^\s，。；、）」]+          # a URL
    | [\w.+-]+@[\w-]+(?:\.[\w-]+)+                 # a mailbox
    | \d[\d-]*(?:\s*→\s*\d+)+                      # a dial sequence: 4008888400 → 6 → 1959
    | \d{1,2}:\d{2}(?:-\d{1,2}:\d{2})?               # a time or a window: 08:45-11:30
    | [a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+             # a channel id: tech.hotline
    | \+?\d[\d-]{4,}\d                             # a phone number
    | \d+(?:[-－]\d+)*[号弄室层楼]                  # a house number: 388号
    | [A-Za-z0-9]+(?:[-_'][A-Za-z0-9]+)*           # a Latin word or a number
    """,
    re.VERBOSE,
)


@lru_cache(maxsize=4096)
def _char_cells(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def cells(text: str) -> int:
    """The width of `text` in terminal cells."""
    return sum(_char_cells(c) for c in text)


def tokens(text: str) -> list[str]:
    """`text` as unbreakable pieces: protected tokens, single CJK characters, spaces, and
    punctuation glued to the piece it must stay with."""
    pieces: list[str] = []
    i = 0
    while i < len(text):
        m = TOKEN.match(text, i)
        if m:
            pieces.append(m.group())
            i = m.end()
        elif text[i].isspace():
            j = i
            while j < len(text) and text[j].isspace():
                j += 1
            pieces.append(" ")
            i = j
        else:
            pieces.append(text[i])
            i += 1
    # Glue: closing punctuation to the piece before it, opening punctuation to the piece after.
    glued: list[str] = []
    pending = ""
    for p in pieces:
        if p in CLOSING and glued and not pending:
            if glued[-1] == " " and len(glued) > 1:
                glued.pop()
                glued[-1] += " "
            glued[-1] += p
        elif p in OPENING or (pending and p == " "):
            pending += p
        elif pending:
            glued.append(pending + p)
            pending = ""
        else:
            if pending:
                glued.append(pending)
                pending = ""
            glued.append(p)
    if pending:
        glued.append(pending)
    return glued


def protected(text: str) -> list[str]:
    """The protected tokens of `text` (URLs, mailboxes, ids, numbers, house numbers)."""
    return [
        m.group()
        for m in TOKEN.finditer(text)
        if not re.fullmatch(r"[A-Za-z]+", m.group()) or len(m.group()) > 1
    ]


def wrap(text: str, width: int) -> list[str]:
    """`text` broken into lines of at most `width` cells where the rules allow."""
    lines: list[str] = []
    for para in text.split("\n"):
        para_lines: list[str] = []
        line, used = "", 0
        for piece in tokens(para):
            if piece == " ":
                if line:
                    line, used = line + " ", used + 1
                continue
            w = cells(piece)
            if used + w > width and line.strip():
                para_lines.append(line.rstrip())
                line, used = "", 0
            line, used = line + piece, used + w
        para_lines.append(line.rstrip())
        lines += _no_orphan(para_lines, width)
    return lines


def _no_orphan(lines: list[str], width: int) -> list[str]:
    """A paragraph does not end on a line of one or two Chinese characters (块。, 露): the
    last pieces of the line before come down with them, where both lines keep three."""
    if len(lines) < 2 or " " in lines[-1] or len(lines[-1]) > 2 or lines[-1].isascii():
        return lines
    before, last = lines[-2], lines[-1]
    pieces = tokens(before)
    while pieces and len(last) < 3:
        piece = pieces[-1]
        if piece == " " or cells(piece + last) > width or len("".join(pieces[:-1])) < 3:
            return lines
        last, pieces = piece + last, pieces[:-1]
    return [*lines[:-2], "".join(pieces).rstrip(), last]
