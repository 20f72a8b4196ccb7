"""What each command answers, computed from the directory: no Typer, no Rich, no printing.

Every function returns one frozen answer record; `Answer` is their union. `cli.py` parses
arguments, calls one function here (through `api`) and hands the answer to `output.emit`,
which picks a formatter: `export` for JSON, `describe` for plain lines, `render` for a
terminal. What counts as an answer, and when an answer is a failure, is decided here only.
"""

from __future__ import annotations

import datetime as dt
import os
import shlex
from typing import TYPE_CHECKING

from msgspec import Struct
from msgspec.structs import replace

from . import model as m
from .dial import DialLine, dial_lines
from .errors import NotFoundError, Problem, UsageError
from .l10n import N_, Lang, _, current, shown_name
from .textnorm import clean, norm

if TYPE_CHECKING:
    from .days.staffing import Status
    from .days.trading import Calendar, DayInfo, Deadline
    from .directory.diff import Change
    from .directory.linkcheck import Report
    from .search import Reason, Result, Searcher

from .search.weights import SUBSTRING_SCORE

TIE = 0.1  # scores this close are one answer: kind priors and tightness differ by less
PHONE_MARGIN = 0.75  # a line scoring this share of a phone-less best match still answers
STRONG = SUBSTRING_SCORE  # ...if that match is at least a substring hit, not a guess


def found(searcher: Searcher, query: str, limit: int) -> list[Result]:
    """The best channels for a query; NotFoundError with suggestions when there are none, or
    saying what a role's filter left out when it left out every match."""
    results = searcher.search(query, limit)
    if not results and searcher.role is not None:
        removed = searcher.search_for_role(query, limit)[1]
        if removed:
            raise NotFoundError(
                _("every match is for other roles than {role}, so --as left out: {names}").format(
                    role=role_name(searcher.role),
                    names=_(", ").join(
                        _("{name} ({id})").format(name=r.channel.name_zh, id=r.channel.id)
                        for r in removed
                    ),
                ),
                hint=N_("ask without --as to see them"),
            )
    if not results:
        raise NotFoundError(
            _("nothing found for {query}").format(query=repr(clean(query)[:80])),
            searcher.suggest(query),
            N_("try a few characters of an area or channel: `sse-channels` lists the areas"),
        )
    return results


# The general line: where a question goes when the search is not sure (投资者服务 1).
FALLBACK_CHANNEL = "investor-services.hotline"
FALLBACK_STEPS = ("1",)


def fallback_line(directory: m.Directory) -> str:
    """The general line, as a name and a dial sequence (投资者服务热线 4008888400 → 1)."""
    from .dial import ARROW

    ch = directory.channel(FALLBACK_CHANNEL)
    if ch is None:  # a user's own directory without the investor hotline
        return _("the exchange's investor hotline")
    name = shown_name(ch.name_zh, ch.name_en)
    phones = ch.phones()
    if not phones:
        return name
    return f"{name} {ARROW.join((phones[0].number, *FALLBACK_STEPS))}"


class SearchAnswer(Struct, frozen=True):
    query: str
    results: tuple[Result, ...]
    directory: m.Directory
    explain: bool = False  # show each result's reasons: which term matched what, how strongly
    confidence: tuple[str, ...] = ()  # per result: "high", "medium" or "low"
    hours_for: str = ""  # the query asked whether a desk is open now: the desk to ask `hours`

    @property
    def terms(self) -> tuple[str, ...]:
        """The words to highlight in what is shown."""
        return tuple(self.query.split())

    def explained(self) -> SearchAnswer:
        """The same answer, shown with each result's reasons (`search --explain`)."""
        return replace(self, explain=True)

    def doubt(self) -> str:
        """That the search is not sure of the first result, with the general line to call
        instead; "" when it is sure enough."""
        if self.confidence and self.confidence[0] == "low":
            return _("not sure this is the right desk; if in doubt, call {line}").format(
                line=fallback_line(self.directory)
            )
        return ""

    def notes(self) -> list[str]:
        """What a person should know besides the results: the search is not sure of the
        first one (and the general line to call instead), or `hours` tells whether it is
        open now."""
        doubt = self.doubt()
        out = [doubt] if doubt else []
        if self.hours_for:
            out.append(
                _("whether it is staffed now: sse-channels hours {name}").format(
                    name=self.hours_for
                )
            )
        return out


class OutOfScopeError(NotFoundError):
    """A question about something the exchange has no desk for (exit code 1)."""


def search(searcher: Searcher, query: str, limit: int) -> SearchAnswer:
    from .search.confidence import rate
    from .search.scope import open_now, without_open_now

    if searcher.out_of_scope(query):
        raise OutOfScopeError(
            _("no desk of the exchange for this: {query}").format(query=quoted(query)),
            hint=_("if in doubt, call {line}").format(line=fallback_line(searcher.directory)),
        )
    asked, hours_for = query, ""
    if open_now(query):
        # 现在有人接电话吗: the desk named (or the general line), and `hours` for "now".
        query = without_open_now(query) or _fallback_name(searcher.directory)
    # Confidence weighs the first answer's lead over the next: rate at least two.
    wide = found(searcher, query, max(limit, 2))
    confidence = rate(query, wide)[:limit]
    results = tuple(wide[:limit])
    if asked != query:
        hours_for = _shell_word(clean(results[0].channel.name_zh))
    return SearchAnswer(
        asked, results, searcher.directory, confidence=confidence, hours_for=hours_for
    )


def _shell_word(text: str) -> str:
    """`text` as one word of a command a user can copy: quoted only where a shell needs it."""
    if text and all(ch.isalnum() or ord(ch) > 127 for ch in text):
        return text
    return shlex.quote(text)


def role_name(role: str) -> str:
    """A role as the user reads it: its Chinese name in Chinese, its code in English."""
    from .search.audience import ROLE_ZH

    return ROLE_ZH.get(role, role) if current() is Lang.ZH else role


def quoted(text: str) -> str:
    """A value echoed in a message, in Chinese quotation marks."""
    return "“" + clean(text)[:80] + "”"


def _fallback_name(directory: m.Directory) -> str:
    ch = directory.channel(FALLBACK_CHANNEL)
    return ch.name_zh if ch is not None else "热线"


def named_area(directory: m.Directory, query: str) -> m.Area | None:
    """The area a query names exactly: its id, Chinese or English name, or an alias."""
    q = norm(query)
    for area in directory.areas:
        if q in (norm(x) for x in (area.id, area.name_zh, area.name_en, *area.aliases)):
            return area
    return None


class ShowAnswer(Struct, frozen=True):
    area: m.Area | None  # None: one channel
    channels: tuple[m.Channel, ...]
    directory: m.Directory
    # The topic through which the query reached the channel (内幕交易 → 信访举报), if any.
    topic: Reason | None = None


def show(searcher: Searcher, query: str) -> ShowAnswer:
    """An area named exactly, a channel id, or the best hit (with the topic that led to it)."""
    d = searcher.directory
    area = named_area(d, query)
    if area is not None:
        return ShowAnswer(area, d.in_area(area.id), d)
    ch = d.channel(norm(query))
    if ch is not None:
        return ShowAnswer(None, (ch,), d)
    best = found(searcher, query, 1)[0]
    topic = next((r for r in best.reasons if r.topic is not None), None)
    return ShowAnswer(None, (best.channel,), d, topic)


class ListAnswer(Struct, frozen=True):
    channels: tuple[m.Channel, ...]
    directory: m.Directory


def listing(searcher: Searcher, area: str | None = None) -> ListAnswer:
    """Every channel, or those of one area, named as `show` names areas: id, Chinese or
    English name, or alias (`list --area 廉政` lists what `show 廉政` shows)."""
    d = searcher.directory
    if area is None:
        return ListAnswer(d.channels, d)
    named = named_area(d, area)
    if named is None:
        raise NotFoundError(
            _("no area {name}").format(name=repr(clean(area))), tuple(a.id for a in d.areas)
        )
    return ListAnswer(d.in_area(named.id), d)


# --------------------------------------------------------------------------- overview


class AreaPoints(Struct, frozen=True):
    """An area's main phone line, first mailbox and most telling site, for the overview."""

    area: m.Area
    phone: DialLine | None
    mail: m.Email | None
    site: m.Web | m.System | None
    # The phone is the exchange's general hotline menu, not a desk of this area (上市公司监管:
    # only 服务热线转 1 is printed); shown with its label so that it does not look like one.
    general: bool = False


class Overview(Struct, frozen=True):
    directory: m.Directory
    rows: tuple[AreaPoints, ...]


def _site_rank(pair: tuple[m.Channel, m.Web | m.System]) -> int:
    # A business system or a non-rules site says more about an area than its rule pages.
    ch, c = pair
    return 0 if isinstance(c, m.System) else 2 if ch.kind is m.ChannelKind.RULES else 1


def area_points(directory: m.Directory, area: m.Area) -> AreaPoints:
    chans = directory.in_area(area.id)
    own = [c for c in chans if c.phones() and all(p.hours_published for p in c.phones())]
    general = not own
    phone = next((d for c in (own or chans) for d in dial_lines(c)), None)
    mail = next((c for ch in chans for c in ch.contacts if isinstance(c, m.Email)), None)
    sites = sorted(
        ((ch, c) for ch in chans for c in ch.contacts if isinstance(c, (m.Web, m.System))),
        key=_site_rank,
    )
    return AreaPoints(area, phone, mail, sites[0][1] if sites else None, general and bool(phone))


def overview(directory: m.Directory) -> Overview:
    return Overview(directory, tuple(area_points(directory, a) for a in directory.areas))


# --------------------------------------------------------------------------- dial


class DialAnswer(Struct, frozen=True):
    channel: m.Channel
    lines: tuple[DialLine, ...]  # empty: the channel has no published number
    status: Status | None  # the lines staffed now? None where their hours are not published
    # A line whose number the annex does not print but says where to find (疑难复杂问题: in
    # the company system), and whether it is staffed now by the channel's published hours.
    unlisted: m.Via | None = None
    unlisted_status: Status | None = None


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


def unlisted_phone(directory: m.Directory, ch: m.Channel) -> m.Via | None:
    """A phone line of `ch` whose number is published elsewhere, not in the directory: a
    'consultation phone: see the company system' whose target has no number of its own."""
    for c in ch.contacts:
        if isinstance(c, m.Via) and "电话" in c.what_zh:
            target = directory.channel(c.channel_id) if c.channel_id else None
            if target is None or not target.phones():
                return c
    return None


def _nearest_phone(
    directory: m.Directory, best: m.Channel, results: list[Result]
) -> tuple[m.Channel, tuple[int, ...]] | None:
    """The line with a number nearest to a match without one, with the menu routes the query
    named: the best-ranked result of the same area that has a phone, else the first channel
    of that area that has one."""
    for r in results:
        if r.channel.area == best.area and r.channel.phones() and r.channel.id != best.id:
            return r.channel, r.routes
    for c in directory.in_area(best.area):
        if c.phones() and c.id != best.id:
            return c, ()
    return None


class DialReport(Struct, frozen=True):
    answers: tuple[DialAnswer, ...]
    directory: m.Directory
    # The best match when it has no published number and a nearer line is offered instead.
    instead_of: m.Channel | None = None
    # Asked for a date alone, that date: each status is taken at its midnight and read for
    # the day (its windows, else the next day it opens), not for the instant.
    day: dt.date | None = None

    @property
    def whole_day(self) -> bool:
        return self.day is not None

    @property
    def no_phone(self) -> m.Channel | None:
        """The best match when it has no phone line at all: the answer is then a failure."""
        return next((a.channel for a in self.answers if not a.lines and a.unlisted is None), None)


def dial(
    searcher: Searcher, query: str, at: dt.datetime, cal: Calendar, *, whole_day: bool = False
) -> DialReport:
    """How to reach the best match by phone. A match without a published number still
    answers: where its number is published and whether it is staffed now, with the nearest
    line that has a number (the same area's); a match with no phone at all gives way to the
    same area's best phone line."""
    from .days.staffing import status

    d = searcher.directory

    def answer(ch: m.Channel, routes: tuple[int, ...]) -> DialAnswer:
        hours = ch.phone_hours if ch.phones() else None
        via = unlisted_phone(d, ch)
        own = ch.hours if via is not None and hours is None else None
        return DialAnswer(
            ch,
            tuple(dial_lines(ch, routes)),
            status(hours, at, cal) if hours else None,
            via,
            status(own, at, cal) if own else None,
        )

    results = found(searcher, query, 100)
    chosen = dial_choice(results)
    best = chosen[0].channel
    if best.phones():
        report = DialReport(tuple(answer(r.channel, r.routes) for r in chosen), d)
    else:
        first = answer(best, chosen[0].routes)
        nearest = _nearest_phone(d, best, results)
        if first.unlisted is not None:
            report = DialReport((first, *([answer(*nearest)] if nearest else [])), d)
        elif nearest is not None:
            report = DialReport((answer(*nearest),), d, instead_of=best)
        else:
            report = DialReport((first,), d)
    return replace(report, day=at.date()) if whole_day else report


# --------------------------------------------------------------------------- hours


class HoursReport(Struct, frozen=True):
    at: dt.datetime  # Beijing time
    day: DayInfo
    rows: tuple[tuple[m.Channel, Status | None], ...]  # None: hours not published
    directory: m.Directory
    whole_day: bool = False  # asked for a date alone: that day's windows, not one instant


def hours(
    searcher: Searcher,
    query: str | None,
    at: dt.datetime,
    cal: Calendar,
    *,
    whole_day: bool = False,
) -> HoursReport:
    """Every staffed line (or each channel matching `query`) at one instant, or with
    `whole_day` (`at` is then the day's midnight) on that day."""
    from .days.staffing import status

    if query is not None:
        chans = [r.channel for r in found(searcher, query, 20)]
    else:
        chans = [
            c
            for c in searcher.directory.channels
            if c.hours and c.hours.meaning is m.HoursMeaning.STAFFED
        ]
    rows = [(c, status(c.hours, at, cal) if c.hours else None) for c in chans]
    rows = [(c, st) for c, st in rows if st is not None or c.hours_apply]
    if not rows:
        raise NotFoundError(_("none of the matching channels has staffed hours"))
    return HoursReport(at, cal.day(at.date()), tuple(rows), searcher.directory, whole_day)


# --------------------------------------------------------------------------- due


class DueAnswer(Struct, frozen=True):
    channel: m.Channel
    response: m.Response
    deadline: Deadline
    # The due date is a make-up weekend workday (调休上班): worked, but the exchange does not
    # trade, so it is worth saying.
    makeup: bool = False


class DueReport(Struct, frozen=True):
    answers: tuple[DueAnswer, ...]
    directory: m.Directory


def is_makeup_workday(cal: Calendar, day: dt.date) -> bool:
    """A weekend day that is a working day (Sat 2026-10-10): worked, not traded."""
    return day.weekday() >= 5 and cal.day(day).working


def due(searcher: Searcher, query: str, start: dt.date, cal: Calendar) -> DueReport:
    """When the exchange should answer a request made on `start`, for each channel with a
    published response time that the query names ('现场咨询' names three: 10 and 5 days)."""
    results = found(searcher, query, 20)
    timed = [r for r in results if r.channel.response]
    if not timed or timed[0] not in results[:3]:
        with_time = tuple(c.name_zh for c in searcher.directory.channels if c.response)
        raise NotFoundError(
            _("{name} publishes no response time; these do").format(
                name=results[0].channel.name_zh
            ),
            with_time,
        )
    out = []
    for r in timed:
        response = r.channel.response
        if response is not None and r.score >= timed[0].score - TIE:
            deadline = cal.add_working_days(start, response.amount)
            _within_years(deadline.due)
            out.append(
                DueAnswer(r.channel, response, deadline, is_makeup_workday(cal, deadline.due))
            )
    return DueReport(tuple(out), searcher.directory)


def _within_years(day: dt.date) -> None:
    """A deadline past the calendar's last year is not an answer the tool can give."""
    from .days.staffing import FIRST_YEAR, LAST_YEAR

    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise UsageError(
            _(
                "the answer would fall on {day}, outside the years {first}-{last} this tool "
                "answers for; give an earlier --from"
            ).format(day=day.isoformat(), first=FIRST_YEAR, last=LAST_YEAR)
        )


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


class LinkAnswer(Struct, frozen=True):
    url: str


def best_link(searcher: Searcher, query: str) -> LinkAnswer:
    for r in found(searcher, query, 10):
        url = link_of(r.channel)
        if url:
            return LinkAnswer(url)
    raise NotFoundError(_("no link among the matching channels"))


# --------------------------------------------------------------------------- validate


class Validation(Struct, frozen=True):
    """A checked directory file and the topic layer next to it: their sizes when valid, else
    every problem with its file and line."""

    file: str
    areas: int
    channels: int
    problems: tuple[Problem, ...] = ()  # of both files, the directory's first
    topics_file: str | None = None  # the topic layer checked with it (None: there is none)
    topics: int = 0
    places: int = 0


def validation(path: str | None = None) -> Validation:
    """Check a directory file (None: the packaged one) and the topics.yaml next to it, found
    as the search finds it (`topics.source_of`). The topics are checked against the directory,
    so while the directory has problems only their YAML syntax is."""
    from .directory.parse import load_file, load_packaged
    from .directory.topics import TOPICS_FILE, source_of
    from .directory.topics_file import parse
    from .directory.yamlsafe import compose
    from .errors import DataError
    from .files import decode

    name = path if path is not None else "channels.yaml"
    try:
        d: m.Directory | None = load_file(path) if path is not None else load_packaged()
        problems: tuple[Problem, ...] = ()
    except DataError as exc:
        d, problems = None, exc.problems
    areas, channels = (len(d.areas), len(d.channels)) if d is not None else (0, 0)
    # Named as the directory file is (data/topics.yaml), not as an absolute path.
    topics_name = os.path.join(os.path.dirname(path), TOPICS_FILE) if path else TOPICS_FILE
    try:
        found = source_of(path)
        if found is None:
            return Validation(name, areas, channels, problems)
        text = decode(found[0], topics_name)
        if d is None:
            compose(text, topics_name)
            return Validation(name, areas, channels, problems, topics_name)
        t = parse(text, topics_name, d)
    except DataError as exc:
        return Validation(name, areas, channels, problems + exc.problems, topics_name)
    return Validation(name, areas, channels, problems, topics_name, len(t.topics), len(t.places))


class LinkCheck(Struct, frozen=True):
    """Every link of a directory fetched once (`check-links`)."""

    report: Report


class DirectoryDiff(Struct, frozen=True):
    """What changed between two directory files (`diff`): empty when they are the same."""

    old: str
    new: str
    changes: tuple[Change, ...]


Answer = (
    Overview
    | SearchAnswer
    | ShowAnswer
    | ListAnswer
    | DialReport
    | HoursReport
    | DueReport
    | LinkAnswer
    | Validation
    | LinkCheck
    | DirectoryDiff
)


def failure(answer: Answer) -> str | None:
    """Why an answer that was shown still ends the command with exit code 1, if it does ("":
    exit 1 with nothing more to say)."""
    if isinstance(answer, DialReport) and answer.no_phone is not None:
        ch = answer.no_phone
        return _("{name} ({id}) has no phone line; reach it as shown above.").format(
            name=ch.name_zh, id=ch.id
        )
    if isinstance(answer, Validation) and answer.problems:
        only = answer.problems[0]
        if len(answer.problems) == 1 and only.line is None and not only.field:
            return ""  # one problem with the whole file (missing, unreadable): its line says it
        files = dict.fromkeys(p.file for p in answer.problems)
        return _("; ").join(
            _("{n} problem(s) in {file}").format(
                n=sum(p.file == f for p in answer.problems), file=f
            )
            for f in files
        )
    if isinstance(answer, LinkCheck) and not answer.report.all_answered:
        return ""  # each broken link is a line of the report; its summary is on stderr
    if isinstance(answer, DirectoryDiff) and answer.changes:
        return ""  # as diff(1): exit 1 when the files differ
    return None


# --------------------------------------------------------------------------- completion


def directory_words(directory: m.Directory) -> frozenset[str]:
    """Every Latin word of the directory's names, summaries and aliases, lower-cased: a first
    word that is one of these is a query even when it looks like a command ('report')."""
    import re

    texts = [t for a in directory.areas for t in (a.name_en, *a.aliases)]
    texts += [t for c in directory.channels for t in (c.name_en, c.summary_en, *c.aliases)]
    return frozenset(w for t in texts for w in re.findall(r"[a-z]+", t.lower()))


def completions(directory: m.Directory, typed: str, *, channels: bool) -> list[tuple[str, str]]:
    """Area (and channel) names and ids that start with what has been typed, with the
    English name as the description: what shell completion offers."""
    named = [(a.name_zh, a.id, a.name_en) for a in directory.areas]
    if channels:
        named += [(c.name_zh, c.id, c.name_en) for c in directory.channels]
    prefix = norm(typed)
    found = [
        (name, name_en)
        for name_zh, ident, name_en in named
        for name in (name_zh, ident)
        if norm(name).startswith(prefix)
    ]
    if prefix and prefix.isascii() and prefix.isalpha():
        # tou → 投资者服务热线, tzz → 投资者…: pinyin and initials, from the shipped readings
        # (a user's own file without readings is completed by its names and ids only).
        from .store.readings import load

        table = load()
        for name_zh, _ident, name_en in named:
            syllables = table.get(name_zh)
            if not isinstance(syllables, list) or (name_zh, name_en) in found:
                continue
            spelled = "".join(syllables).lower()
            initials = "".join(s[:1] for s in syllables).lower()
            if spelled.startswith(prefix) or initials.startswith(prefix):
                found.append((name_zh, name_en))
    return found
