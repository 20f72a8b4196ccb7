"""What each command answers, computed from the directory: no Typer, no Rich, no printing.

`cli.py` parses arguments, calls one function here and hands the answer to a renderer
(`describe` for plain lines, `export` for JSON, `render` for a terminal).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import model as m
from .describe import hours_text
from .errors import NotFoundError
from .textnorm import clean, norm

if TYPE_CHECKING:
    from .calendar import Calendar, DayInfo, Deadline
    from .dial import DialLine
    from .schedule import Status
    from .search import Result, Searcher

from .search.weights import SUBSTRING_SCORE

TIE = 0.1  # scores this close are one answer: kind priors and tightness differ by less
PHONE_MARGIN = 0.75  # a line scoring this share of a phone-less best match still answers
STRONG = SUBSTRING_SCORE  # ...if that match is at least a substring hit, not a guess


def found(searcher: Searcher, query: str, limit: int) -> list[Result]:
    """The best channels for a query; NotFoundError with suggestions when there are none."""
    results = searcher.search(query, limit)
    if not results:
        raise NotFoundError(
            f"nothing found for {clean(query)[:80]!r}",
            searcher.suggest(query),
            "try a few characters of an area or channel: `sse-channels` lists the 13 areas",
        )
    return results


def resolve(searcher: Searcher, query: str) -> tuple[m.Area | None, list[m.Channel]]:
    """An area named exactly (id, Chinese or English name, alias), a channel id, or the best hit."""
    q = norm(query)
    d = searcher.directory
    for area in d.areas:
        if q in (norm(x) for x in (area.id, area.name_zh, area.name_en, *area.aliases)):
            return area, list(d.in_area(area.id))
    ch = d.channel(q)
    if ch is not None:
        return None, [ch]
    return None, [found(searcher, query, 1)[0].channel]


# --------------------------------------------------------------------------- dial


@dataclass(frozen=True, slots=True)
class DialAnswer:
    channel: m.Channel
    lines: tuple[DialLine, ...]  # empty: the channel has no phone
    status: Status | None  # staffed now? None where hours are not published


def dial_choice(results: list[Result]) -> list[Result]:
    """The lines to dial: every phone line tied at the top (all branches of a menu, the consult
    and complain lines), else the best phone line if it is nearly as good a match ('dial 审核'
    names the review area, whose best match is its rules page), else the best match, which
    has no phone."""
    top = results[0].score
    with_phone = [r for r in results if r.channel.phones()]
    tied = [r for r in with_phone if r.score >= top - TIE]
    if tied:
        return tied
    if with_phone and top >= STRONG and with_phone[0].score >= top * PHONE_MARGIN:
        best = with_phone[0].score
        return [r for r in with_phone if r.score >= best - TIE]
    return [results[0]]


def dial(searcher: Searcher, query: str, at: dt.datetime, cal: Calendar) -> list[DialAnswer]:
    from .dial import dial_lines
    from .schedule import status

    out = []
    for r in dial_choice(found(searcher, query, 100)):
        ch = r.channel
        hours = ch.phone_hours
        st = status(hours, at, cal) if hours else None
        out.append(DialAnswer(ch, tuple(dial_lines(ch, r.routes)), st))
    return out


# --------------------------------------------------------------------------- hours


@dataclass(frozen=True, slots=True)
class HoursReport:
    at: dt.datetime  # Beijing time
    day: DayInfo
    rows: tuple[tuple[m.Channel, Status | None], ...]  # None: hours not published


def hours(searcher: Searcher, query: str | None, at: dt.datetime, cal: Calendar) -> HoursReport:
    """Every staffed line (or each channel matching `query`) at one instant."""
    from .schedule import status

    if query is not None:
        chans = [r.channel for r in found(searcher, query, 20)]
    else:
        chans = [
            c
            for c in searcher.directory.channels
            if c.hours and c.hours.meaning is m.HoursMeaning.STAFFED
        ]
    rows = [(c, status(c.hours, at, cal) if c.hours else None) for c in chans]
    rows = [(c, st) for c, st in rows if st is not None or hours_text(c)]
    if not rows:
        raise NotFoundError("none of the matching channels has staffed hours")
    return HoursReport(at, cal.day(at.date()), tuple(rows))


# --------------------------------------------------------------------------- due


@dataclass(frozen=True, slots=True)
class DueAnswer:
    channel: m.Channel
    response: m.Response
    deadline: Deadline


def due(searcher: Searcher, query: str, start: dt.date, cal: Calendar) -> list[DueAnswer]:
    """When the exchange should answer a request made on `start`, for each channel with a
    published response time that the query names ('现场咨询' names three: 10 and 5 days)."""
    results = found(searcher, query, 20)
    timed = [r for r in results if r.channel.response]
    if not timed or timed[0] not in results[:3]:
        with_time = tuple(c.name_zh for c in searcher.directory.channels if c.response)
        raise NotFoundError(
            f"{results[0].channel.name_zh} publishes no response time; these do", with_time
        )
    out = []
    for r in timed:
        response = r.channel.response
        if response is not None and r.score >= timed[0].score - TIE:
            out.append(DueAnswer(r.channel, response, cal.add_working_days(start, response.amount)))
    return out


# --------------------------------------------------------------------------- open


def link_of(ch: m.Channel) -> str | None:
    """A channel's first site, else its first mailbox as a mailto: link."""
    for c in ch.contacts:
        if isinstance(c, (m.Web, m.System)):
            return c.url
    for c in ch.contacts:
        if isinstance(c, m.Email):
            return f"mailto:{c.address}"
    return None


def best_link(searcher: Searcher, query: str) -> str:
    for r in found(searcher, query, 10):
        url = link_of(r.channel)
        if url:
            return url
    raise NotFoundError("no link among the matching channels")
