"""The one output seam: an answer goes to exactly one formatter, chosen in one place.

`--json` → `JsonFormatter` (export.json_value); a terminal → `DrawnFormatter` (render.draw, or
plain lines with hyperlinks where an answer has no drawn form); anything else →
`PlainFormatter` (describe.lines). Commands never choose a format themselves.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from typing import TYPE_CHECKING, Protocol

from msgspec import Struct

from . import stdio

if TYPE_CHECKING:
    from sse_channels.answers import Answer


class Color(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


# Given the number of steps, a function to call once per step done.
Progress = Callable[[int], Callable[[object], None]]


class ExportFormat(str, Enum):
    json = "json"
    csv = "csv"
    vcard = "vcard"
    markdown = "markdown"


class Formatter(Protocol):
    def write(self, answer: Answer) -> None:
        """Write the answer to stdout."""


class JsonFormatter(Struct, frozen=True):
    def write(self, answer: Answer) -> None:
        from .as_json import json_value, to_json

        stdio.out(to_json(json_value(answer)))


class PlainFormatter(Struct, frozen=True):
    hyperlinks: bool = False  # OSC 8 links on dial sequences and tel: URIs
    width: int = 0  # a terminal's columns: lines of words broken to fit it (0: never broken)

    def write(self, answer: Answer) -> None:
        from sse_channels.answers import HoursReport

        from .plain import estimate_notes, lines

        for line in lines(answer, _osc8 if self.hyperlinks else _text):
            for part in _fitted(line, self.width):
                stdio.out(part)
        if isinstance(answer, HoursReport):  # rows for scripts: the footnote is a message
            for note in estimate_notes(answer):
                stdio.err(note)


class DrawnFormatter(Struct, frozen=True):
    plain: bool  # no escape sequence at all
    force: bool  # styled even when stdout is not a terminal

    def write(self, answer: Answer) -> None:
        from sse_channels.answers import (
            DirectoryDiff,
            HoursReport,
            Overview,
            SearchAnswer,
            ShowAnswer,
        )

        # Tables and panels need Rich; the other answers are a few lines that read as well
        # plain, so they do not pay for importing it.
        if not isinstance(answer, (Overview, SearchAnswer, ShowAnswer, HoursReport, DirectoryDiff)):
            from sse_channels.answers import DialReport, DueReport

            links = not self.plain and os.environ.get("TERM") != "dumb"
            # The lines of words (what a line is for, its hours) broken at good places rather
            # than where the terminal runs out; lists and messages stay as they are.
            width = stdio.columns() if isinstance(answer, (DialReport, DueReport)) else 0
            PlainFormatter(hyperlinks=links, width=width).write(answer)
            return
        from .terminal import console, draw

        drawn = draw(answer)
        with stdio.guarded():
            # Not cropped: a URL wider than the whole terminal is left whole for it to wrap.
            console(plain=self.plain, force=self.force).print(drawn, crop=False)


def _fitted(line: str, width: int) -> list[str]:
    """`line` broken for a terminal of `width` columns, its links kept (each is a dial
    sequence or a tel: URI, which breaking never cuts); a line for scripts (with a tab) is
    left as it is, and so is every line when `width` is 0."""
    if not width or len(line) <= width // 2 or "\t" in line:
        return [line]
    import re

    from .typography import hang

    links = re.findall(_OSC8, line)
    parts = hang(re.sub(_OSC8, lambda x: x.group(2), line), width)
    out, n = [], 0
    for part in parts:
        at = 0
        while n < len(links) and (i := part.find(links[n][1], at)) >= 0:
            uri, text = links[n]
            linked = _osc8(text, uri)
            part, at, n = part[:i] + linked + part[i + len(text) :], i + len(linked), n + 1
        out.append(part)
    return out if n == len(links) else [line]


_OSC8 = "\x1b\\]8;;([^\x1b]*)\x1b\\\\(.*?)\x1b\\]8;;\x1b\\\\"


def _text(text: str, uri: str) -> str:
    return text


def _osc8(text: str, uri: str) -> str:
    return f"\x1b]8;;{uri}\x1b\\{text}\x1b]8;;\x1b\\"


def unstyled(color: Color) -> bool:
    """No escape sequence at all: `--color never`, or NO_COLOR unless `--color always`."""
    return color is Color.never or (color is Color.auto and bool(os.environ.get("NO_COLOR")))


def drawn(color: Color) -> bool:
    """Whether stdout gets the terminal form."""
    if color is Color.always:
        return True
    if color is Color.never and os.environ.get("TERM") == "dumb":
        return False
    return stdio.is_tty()


def formatter(*, as_json: bool, color: Color) -> Formatter:
    if as_json:
        return JsonFormatter()
    if drawn(color):
        return DrawnFormatter(plain=unstyled(color), force=color is Color.always)
    return PlainFormatter()


@contextmanager
def drawn_on_stderr(color: Color, *, show: bool = True) -> Iterator[Progress | None]:
    """A progress bar on stderr where stderr is a terminal that may be styled; else None."""
    if not show or unstyled(color) or not _stderr_tty():
        yield None
        return
    from .terminal import progress_bar

    with progress_bar() as bar:
        yield bar


def _stderr_tty() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def emit(answer: Answer, *, as_json: bool = False, color: Color = Color.auto) -> None:
    formatter(as_json=as_json, color=color).write(answer)
