"""Drawn output at every width from 40 to 120 columns, in Chinese and in English: every area's
`show`, ten searches and the staffing table fit the terminal, keep every URL, mailbox, channel
id, number and dial sequence whole on one line, never leave one or two letters of a word on a
line of their own, and use the width they are given.

Everything is drawn once per width in-process (no subprocess), then checked in one pass.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator

import pytest
from rich.cells import cell_len
from rich.console import Console

from sse_channels import api, l10n, store
from sse_channels import model as m
from sse_channels.dial import dial_lines
from sse_channels.output import DrawnFormatter, terminal
from sse_channels.output.typography import CLOSING, OPENING

WIDTHS = range(40, 121)
WIDE = 1000  # nothing but a table's narrow area and hours columns wraps here
SEARCHES = [
    "债券",  # Chinese: dial sequences, mailboxes, systems with EKey
    "jishu",  # pinyin: the technical menu and its long route labels
    "independent directors",  # English words
    "上海市浦东新区",  # addresses with house numbers and postcodes
    "sse.com.cn",  # every mailbox
    "4008888400",  # a number: the hotline's dial sequences
    "personnel rules",  # the longest URLs
    "REITs",  # Latin inside Chinese names
    "信息披露",  # long Chinese names
    "投诉",  # routes of a menu with their labels
]
AT = dt.datetime(2026, 11, 26, 10, 0)
BORDERS = "│╭╮╰╯─"


def kept_whole(ch: m.Channel, routes: tuple[int, ...] = ()) -> list[str]:
    """What the data holds for a channel that must never be cut: its dial sequences (which
    hold its numbers), mailboxes, URLs, fax numbers, account ids and postcodes. (An EKey's
    URL is a link behind the word EKey, not printed.)"""
    out = [d.sequence for d in dial_lines(ch, routes)]
    for c in ch.contacts:
        match c:
            case m.Email():
                out.append(c.address)
            case m.Web() | m.System():
                out.append(c.url)
            case m.Fax():
                out.append(c.number)
            case m.Account() if c.account_id:
                out.append(c.account_id)
            case m.Address() if c.postcode:
                out.append(c.postcode)
    return out


def _answers() -> Iterator[tuple[str, object, list[str]]]:
    directory = store.load()[0]
    assert len(directory.areas) == 14  # 13 areas and the certificate centre
    for area in directory.areas:
        shown = api.show(area.id)
        yield f"show {area.id}", shown, [x for c in shown.channels for x in (c.id, *kept_whole(c))]
    for query in SEARCHES:
        found = api.search(query, limit=10)
        assert found.results, query
        kept = [x for r in found.results for x in kept_whole(r.channel, r.routes)]
        yield f"search {query}", found, kept
    hours = api.staffed(None, at=AT)
    yield "hours", hours, [ch.id for ch, _ in hours.rows]


def _lines(renderable: object, width: int) -> list[str]:
    """As a terminal of `width` columns shows it: not cropped (DrawnFormatter's print)."""
    out = io.StringIO()
    con = Console(
        width=width, file=out, color_system=None, force_terminal=True,
        highlight=False, emoji=False, markup=False, soft_wrap=False,
    )  # fmt: skip
    con.print(renderable, crop=False)
    return out.getvalue().splitlines()


def _bare(line: str) -> str:
    return "".join(" " if c in BORDERS else c for c in line)


@pytest.fixture(scope="module")
def drawn() -> dict[tuple[str, str], tuple[set[str], set[str], dict[int, list[str]]]]:
    """(language, output) → (what stays whole, the words of the output at 1000 columns, the
    lines at each width)."""
    out = {}
    for lang in ("zh", "en"):
        with l10n.speaking(lang):
            for name, answer, kept in _answers():
                renderable = terminal.draw(answer)  # type: ignore[arg-type]
                wide = {w for line in _lines(renderable, WIDE) for w in _bare(line).split()}
                at = {width: _lines(renderable, width) for width in WIDTHS}
                out[lang, name] = (set(kept), wide, at)
    return out


def test_every_area_and_search_is_drawn_in_both_languages(drawn):
    assert len(drawn) == 2 * (14 + len(SEARCHES) + 1)
    for kept, _, at in drawn.values():
        assert kept and all(at[w] for w in WIDTHS)


def test_no_line_is_wider_than_the_terminal(drawn):
    """But for a URL wider than the whole terminal: that stays whole on a line of its own,
    for the terminal to wrap (a URL folded by the program copies wrong)."""
    too_wide = []
    for (lang, name), (kept, _, at) in drawn.items():
        for width, lines in at.items():
            for line in lines:
                alone = line.strip()
                if cell_len(line) > width and not (alone in kept and cell_len(alone) > width):
                    too_wide.append((lang, name, width, line))
    assert too_wide == []


def test_urls_mailboxes_ids_numbers_and_dial_sequences_stay_whole(drawn):
    cut = []
    for (lang, name), (kept, _, at) in drawn.items():
        for width, lines in at.items():
            for token in kept:
                if cell_len(token) <= width:
                    whole = any(token in line for line in lines)
                else:  # wider than the terminal: alone on its line
                    whole = any(line.strip() == token for line in lines)
                if not whole:
                    cut.append((lang, name, width, token))
    assert cut == []


def test_the_longest_url_is_wider_than_40_columns(drawn):
    """So that the exception above is exercised, not assumed."""
    kept, _, at = drawn["en", "search personnel rules"]
    url = "http://www.sse.com.cn/lawandrules/sselawsrules/member/personnel/"
    assert url in kept
    assert url in [line.strip() for line in at[40]]
    assert any(cell_len(line) > 40 for line in at[40])


def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(drawn):
    """The Chinese line-breaking rules (禁则), and no trailing space where no frame pads."""
    broken = []
    for (lang, name), (_, _, at) in drawn.items():
        for width, lines in at.items():
            padded = any("│" in line for line in lines) or _form(lines)[0]
            for n, line in enumerate(lines):
                inner = _bare(line).strip()
                if n and inner and inner[0] in CLOSING:
                    broken.append((lang, name, width, "starts", line))
                if inner and inner[-1] in OPENING:
                    broken.append((lang, name, width, "ends", line))
                if not padded and line != line.rstrip():
                    broken.append((lang, name, width, "trailing space", line))
    assert broken == []


def test_no_line_holds_one_or_two_letters_of_a_word(drawn):
    """A word at either end of a cell's line (the columns of a table are two spaces or more
    apart) with one or two letters is a fragment unless the output at 1000 columns, where
    nothing needs breaking, has it as a word too (公众, id, 1(1))."""
    fragments = []
    for (lang, name), (_, wide, at) in drawn.items():
        for width, lines in at.items():
            for line in lines:
                for cell in re.split(r"\s{2,}", _bare(line).strip()):
                    words = cell.split(" ")
                    for word in {words[0], words[-1]}:
                        letters = sum(c.isalnum() for c in word)
                        if 0 < letters <= 2 and word not in wide:
                            fragments.append((lang, name, width, word, line))
    assert fragments == []


def _form(lines: list[str]) -> tuple[bool, bool]:
    """(a table is drawn, a frame is drawn): the forms a view takes as the width grows."""
    return (
        any(line.lstrip().startswith("──") for line in lines),
        any(line.lstrip().startswith("╭") for line in lines),
    )


def test_more_width_never_takes_more_lines(drawn):
    """Within one form: stacked blocks, a table or framed panels (a table may take more lines
    than the blocks it replaces, its columns being side by side)."""
    taller = []
    for (lang, name), (_, _, at) in drawn.items():
        for width in WIDTHS[1:]:
            narrower, lines = at[width - 1], at[width]
            if _form(narrower) == _form(lines) and len(lines) > len(narrower):
                taller.append((lang, name, width, len(narrower), len(lines)))
    assert taller == []


def test_a_table_narrower_than_the_terminal_breaks_no_more_than_at_1000_columns(drawn):
    """A table leaves columns unused only when nothing in it needs them."""
    squeezed = []
    for (lang, name), (_, _, at) in drawn.items():
        wide_height = None
        for width in WIDTHS:
            lines = at[width]
            if not _form(lines)[0]:
                continue
            if wide_height is None:
                wide_height = len(at[WIDTHS[-1]])  # the widest tested table
            widest = max(cell_len(x) for x in lines)
            if widest < width - 2 and len(lines) > wide_height:
                squeezed.append((lang, name, width, widest, len(lines)))
    assert squeezed == []


def test_a_table_is_drawn_and_grows_with_the_terminal(drawn):
    """The wide form is in use somewhere in 40..120, and at 120 it is at least as wide as at
    the narrowest width that draws it."""
    tables = 0
    for _, _, at in drawn.values():
        widths = [w for w in WIDTHS if _form(at[w])[0]]
        if widths:
            tables += 1
            first, last = at[widths[0]], at[widths[-1]]
            assert max(map(cell_len, last)) >= max(map(cell_len, first))
    assert tables >= 10


DIALS = ["债券", "技术 行业云", "投诉", "independent directors"]


@pytest.fixture(scope="module")
def dialled() -> dict[tuple[str, str], tuple[set[str], set[str], dict[int, list[str]]]]:
    """`dial` on a terminal of each width: plain lines, broken by the formatter itself."""
    out = {}
    formatter = DrawnFormatter(plain=True, force=False)
    with pytest.MonkeyPatch.context() as patch:
        for lang in ("zh", "en"):
            with l10n.speaking(lang):
                for query in DIALS:
                    report = api.dial(query, at=AT)
                    kept = {x.sequence for a in report.answers for x in a.lines}
                    kept |= {x.tel_uri for a in report.answers for x in a.lines}
                    at = {}
                    for width in (*WIDTHS, WIDE):
                        patch.setenv("COLUMNS", str(width))
                        with io.StringIO() as buffer:
                            patch.setattr("sys.stdout", buffer)
                            formatter.write(report)
                            at[width] = buffer.getvalue().splitlines()
                    wide = {w for line in at.pop(WIDE) for w in line.split()}
                    out[lang, query] = (kept, wide, at)
    return out


def test_dial_lines_fit_the_terminal_and_keep_their_words(dialled):
    problems = []
    for (lang, query), (kept, wide, at) in dialled.items():
        assert len(kept) >= 2
        for width, lines in at.items():
            for token in kept:
                if not any(token in line for line in lines):
                    problems.append((lang, query, width, "cut", token))
            for n, line in enumerate(lines):
                if cell_len(line) > width and line.strip() not in kept:
                    problems.append((lang, query, width, "too wide", line))
                words = line.split()
                for word in {words[0], words[-1]} if words else ():
                    if 0 < sum(c.isalnum() for c in word) <= 2 and word not in wide:
                        problems.append((lang, query, width, "fragment", line))
                if n and line.strip() and line.strip()[0] in CLOSING:
                    problems.append((lang, query, width, "starts", line))
    assert problems == []


def test_a_dial_line_breaks_under_its_label():
    """`时间：…` at 40 columns: what follows goes under the text after the label."""
    with l10n.speaking("zh"), pytest.MonkeyPatch.context() as patch:
        patch.setenv("COLUMNS", "40")
        with io.StringIO() as buffer:
            patch.setattr("sys.stdout", buffer)
            DrawnFormatter(plain=True, force=False).write(api.dial("债券", at=AT))
            lines = buffer.getvalue().splitlines()
    assert lines == [
        "4008888400 → 6 → 1959",
        "  债券业务电话咨询",
        "  用途：债券审核监管业务电话咨询，转 6",
        "        后拨分机 1959。",
        "  备注：如为在审项目，可直接联系反馈意见",
        "        中列示的项目审核人员。",
        "  时间：交易日 08:45-11:30、",
        "        13:00-17:00 ·",
        "        正在接听，11:30 结束",
        "  tel:+864008888400,6,1959",
    ]
