"""Line breaking for drawn output, Chinese rules included (禁则).

No line starts with closing punctuation or ends with opening punctuation; a protected token (a
URL, a mailbox, a channel id, a phone number, a dial sequence, a house number such as 388号) is
never broken: the line breaks before it, and a token wider than the line overflows alone.
Words without spaces between them (Chinese, or Chinese beside Latin: 技术服务QQ群) break only
where at least three letters stay on either side, so no line holds a fragment of one or two
(支, 持) unless the words are wider than the whole line.
Widths are terminal cells (East Asian wide and fullwidth characters count two). No Rich here:
`unicodedata` is enough, and it is already imported.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

CLOSING = frozenset("。，、；：？！」）』】》〉”’%．,.;:?!)]}>·")
OPENING = frozenset("「『（【《〈“‘([{<")
HYPHENS = frozenset("-－")
NAME = 16  # cells: words without spaces this wide are kept on one line where a space allows
KEPT = 3  # letters that stay together on either side of a break between words without spaces

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


@lru_cache(maxsize=16384)  # the same words are measured at every width
def cells(text: str) -> int:
    """The width of `text` in terminal cells."""
    if text.isascii():
        return len(text)
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
            # A run of plain spaces is kept as it is, so that a line measures what it shows.
            pieces.append(text[i:j] if text[i:j].strip(" ") == "" else " ")
            i = j
        else:
            pieces.append(text[i])
            i += 1
    # Glue: closing punctuation to the piece before it, opening punctuation to the piece after.
    glued: list[str] = []
    pending = ""
    for p in pieces:
        if p in CLOSING and glued and not pending:
            if glued[-1].isspace() and len(glued) > 1:
                space = glued.pop()
                glued[-1] += space
            glued[-1] += p
        elif p in HYPHENS and glued and not pending and not glued[-1].isspace():
            glued[-1] += p  # 行业云- / 上证行情云: a hyphen ends its line, never starts one
        elif p in OPENING or (pending and p.isspace()):
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


def _letters(piece: str) -> int:
    return sum(c.isalnum() for c in piece)


@lru_cache(maxsize=4096)  # drawing measures and breaks the same values again and again
def units(text: str) -> tuple[str, ...]:
    """`text` as the pieces a line may break between: `tokens`, except that between two of
    them without a space (行业云-上证行情云技术支持, 技术服务QQ群) the line breaks only where
    at least `KEPT` letters stay on either side."""
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        total, before, unit = sum(_letters(p) for p in run), 0, ""
        for p in run:
            if unit and before >= KEPT and total - before >= KEPT:
                out.append(unit)
                unit = ""
            unit += p
            before += _letters(p)
        if unit:
            out.append(unit)
        run.clear()

    for piece in tokens(text):
        if piece.isspace():
            flush()
            out.append(piece)
        else:
            run.append(piece)
    flush()
    return tuple(out)


@lru_cache(maxsize=4096)
def widest(text: str) -> int:
    """The width of the widest of `units(text)`: the least a line of `text` can take."""
    return max((cells(x) for x in units(text)), default=0)


def wrap(text: str, width: int, rest: int | None = None) -> list[str]:
    """`text` broken into lines of at most `width` cells where the rules allow; `rest`: the
    width of the lines after the first of each paragraph, when they are indented further."""
    return list(_wrap(text, width, width if rest is None else rest))


@lru_cache(maxsize=4096)
def _wrap(text: str, first: int, rest: int) -> tuple[str, ...]:
    lines: list[str] = []
    for para in text.split("\n"):
        para_lines: list[str] = []
        line, used = "", 0
        pieces: list[str] = []
        for unit in units(para):
            # Words wider than the whole line break where `tokens` allows, as they must.
            wider = cells(unit) > min(first, rest) and not unit.isspace()
            pieces += tokens(unit) if wider else [unit]
        mark = 0  # where the words since the line's last space begin (0: no space yet)
        for piece in pieces:
            width = rest if para_lines else first
            if piece.isspace():
                if line:
                    line, used = line + piece, used + len(piece)
                    mark = len(line)
                continue
            w = cells(piece)
            if used + w > width and line.strip():
                # Inside words without spaces, a name's start (技术服 of 技术服务热线) goes
                # down with the rest: the line breaks at its last space instead.
                run = cells(line[mark:])
                short = run + w <= min(width // 2, NAME)
                cut = mark if 0 < mark < len(line) and short else 0
                para_lines.append((line[:cut] if cut else line).rstrip())
                line, used = (line[cut:], run) if cut else ("", 0)
                mark = 0
            line, used = line + piece, used + w
        para_lines.append(line.rstrip())
        tail = para.rstrip()
        # A last word after a space is whole already: it stays as it is.
        spaced = tail[: len(tail) - len(para_lines[-1])].endswith(" ")
        lines += _short_last_word(para_lines, rest) if spaced else _no_orphan(para_lines, rest)
    return tuple(lines)


def _short_last_word(lines: list[str], width: int) -> list[str]:
    """A paragraph does not end on a line of one word of one or two letters (11:30 结束, a
    source's item 2): the word before it comes down with it, where it fits and leaves three
    letters above."""
    if len(lines) < 2 or _letters(lines[-1]) > 2 or " " in lines[-1]:
        return lines
    pieces = units(lines[-2])  # a dial sequence is one word, its spaces included
    spaces = [k for k, p in enumerate(pieces) if p.isspace()]
    if not spaces:
        return lines
    word = "".join(pieces[spaces[-1] + 1 :])
    last, above = f"{word} {lines[-1]}", "".join(pieces[: spaces[-1]]).rstrip()
    if cells(last) > width or _letters(above) < KEPT:
        return lines
    return [*lines[:-2], above, last]


def _no_orphan(lines: list[str], width: int) -> list[str]:
    """A paragraph does not end on a line of one or two Chinese characters (块。, 露): the
    last pieces of the line before come down with them, where both lines keep three."""
    if len(lines) < 2 or " " in lines[-1] or len(lines[-1]) > 2 or lines[-1].isascii():
        return lines
    before, last = lines[-2], lines[-1]
    pieces = list(units(before))
    while pieces and len(last) < 3:
        piece = pieces[-1]
        if piece.isspace() or cells(piece + last) > width or len("".join(pieces[:-1])) < 3:
            return lines
        last, pieces = piece + last, pieces[:-1]
    return [*lines[:-2], "".join(pieces).rstrip(), last]


# An indent, then a label (`时间：`, `hours: `) or what stands before a gap of two spaces
# (a dial sequence before its menu label).
LABEL = re.compile(r"( *)([^\s：:]{1,8}(?:：|: )|\S.*?  (?=\S))?")


def hang(line: str, width: int) -> list[str]:
    """One line of a plain view broken for a terminal of `width` columns: the lines after the
    first start under the text after its indent and label (`  时间：`, `  hours: `, a dial
    sequence), or under the indent where the label takes more than half the width."""
    if cells(line) <= width:
        return [line]
    found = LABEL.match(line)
    indent, label = (found.group(1), found.group(2) or "") if found else ("", "")
    under = cells(indent + label)
    if under > width // 2:
        under = len(indent)
    body = line[len(indent) :]
    first, *rest = wrap(body, max(1, width - len(indent)))
    if rest:
        rest = wrap(body[len(first) :].lstrip(" "), max(1, width - under))
    return [indent + first, *(" " * under + x for x in rest)]
