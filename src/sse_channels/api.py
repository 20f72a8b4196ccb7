"""The public Python API: every answer the command line gives, as a typed function.

The command line calls only these functions; so can any other front end. Each returns a frozen
record from `answers` (or a `model.Directory`) and raises a subclass of
`errors.SseChannelsError` with a message meant for a person: `NotFoundError` when nothing
matches, `UsageError` for a bad argument, `DataError` for an unusable directory file.

`data_path` names a directory file to use instead of the packaged one; `holidays` an exchange
closure notice (YAML) that wins over the built-in calendar for the years it lists. Times are
Beijing time: a naive `datetime` is taken as Beijing time, an aware one is converted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from . import answers, store
from .errors import UsageError
from .l10n import _
from .textnorm import norm

if TYPE_CHECKING:
    from . import model as m
    from .days.trading import Calendar
    from .model import Directory
    from .search import Searcher

__all__ = [
    "add_working_days",
    "calendar",
    "channels",
    "check_links",
    "dial",
    "diff",
    "due",
    "is_trading_day",
    "is_working_day",
    "link",
    "load",
    "next_trading_day",
    "overview",
    "search",
    "selection",
    "show",
    "staffed",
    "validate",
]


def _query(query: str) -> str:
    if not norm(query):
        raise UsageError(_("the query is empty: give a few characters, e.g. 债券, tzz or 7999"))
    return query


def _searcher(data_path: str | None, role: str | None = None) -> Searcher:
    searcher = store.searcher(data_path or None)
    if role is None:
        return searcher
    from .search.audience import parse_role

    return searcher.for_role(parse_role(role))


def _instant(at: dt.datetime | None, whole_day: bool = False) -> dt.datetime:
    """`at` in Beijing time (None: now); for a whole day, that day's midnight."""
    from .days.staffing import BEIJING, check_year, now_beijing

    if at is None:
        at = now_beijing()
    at = at.replace(tzinfo=BEIJING) if at.tzinfo is None else at.astimezone(BEIJING)
    check_year(at.date())
    if whole_day:
        at = at.replace(hour=0, minute=0, second=0, microsecond=0)
    return at


def _day(day: dt.date | None) -> dt.date:
    from .days.staffing import check_year, now_beijing

    return now_beijing().date() if day is None else check_year(day)


def load(data_path: str | None = None) -> Directory:
    """The validated directory: the 13 areas of the annex plus the certificate centre (derived
    from the annex's EKey links), and their channels, in the annex's order.

    >>> d = load()
    >>> len(d.areas), d.channel("tech.hotline").name_zh
    (14, '技术服务热线')
    """
    return store.load(data_path or None)[0]


def search(
    query: str, *, limit: int = 10, data_path: str | None = None, role: str | None = None
) -> answers.SearchAnswer:
    """The best channels for a query in Chinese, pinyin, initials, English or digits; every
    word narrows. Results are best first. `role` (investor, company, sponsor, underwriter,
    member, fund, tech, public) puts that role's channels first and leaves out the channels
    only for other roles.

    >>> [r.channel.id for r in search("债券 邮箱").results][:1]
    ['bond-review.email']
    >>> [r.channel.id for r in search("电话", role="sponsor").results][:1]
    ['ipo-review.phone']
    """
    if limit < 1:
        raise UsageError(_("limit must be at least 1"))
    return answers.search(_searcher(data_path, role), _query(query), limit)


def show(query: str, *, data_path: str | None = None) -> answers.ShowAnswer:
    """A whole area when the query names one, else the one channel it names or matches best."""
    return answers.show(_searcher(data_path), _query(query))


def channels(*, area: str | None = None, data_path: str | None = None) -> answers.ListAnswer:
    """Every channel, or those of one area (named as `show` names it)."""
    return answers.listing(_searcher(data_path), area)


def selection(
    query: str | None = None, *, area: str | None = None, data_path: str | None = None
) -> tuple[m.Channel, ...]:
    """The channels an export is limited to: those `show` gives for `query` (an area named,
    a channel id, else the best match) and those of `area` (as `list --area`); with neither,
    every channel. Both narrow."""
    d = load(data_path)
    chosen = d.channels
    if query is not None:
        named = set(answers.show(_searcher(data_path), _query(query)).channels)
        chosen = tuple(c for c in chosen if c in named)
    if area is not None:
        inside = set(answers.listing(_searcher(data_path), area).channels)
        chosen = tuple(c for c in chosen if c in inside)
    return chosen


def overview(*, data_path: str | None = None) -> answers.Overview:
    """Each area's main line, mailbox and site."""
    return answers.overview(load(data_path))


def calendar(holidays: str | None = None) -> Calendar:
    """The exchange's trading calendar and China's working-day calendar in one object."""
    return store.calendar(holidays or None)


def dial(
    query: str,
    *,
    at: dt.datetime | None = None,
    whole_day: bool = False,
    holidays: str | None = None,
    data_path: str | None = None,
    role: str | None = None,
) -> answers.DialReport:
    """How to reach a line by phone, and whether it is staffed at `at` (default: now), or
    with `whole_day` on the day of `at`, and when; `role` as for `search`.

    >>> report = dial("廉政监督", at=dt.datetime(2026, 11, 26, 10, 0))
    >>> [line.sequence for a in report.answers for line in a.lines]
    ['4008888400 → 6 → 1284']
    >>> report.answers[0].status.open
    True
    """
    return answers.dial(
        _searcher(data_path, role),
        _query(query),
        _instant(at, whole_day),
        calendar(holidays),
        whole_day=whole_day,
    )


def staffed(
    query: str | None = None,
    *,
    at: dt.datetime | None = None,
    whole_day: bool = False,
    holidays: str | None = None,
    data_path: str | None = None,
) -> answers.HoursReport:
    """Which lines are staffed at `at` (default: now): every staffed line, or those matching;
    with `whole_day`, which are staffed on the day of `at`, and when."""
    q = _query(query) if query is not None else None
    return answers.hours(
        _searcher(data_path), q, _instant(at, whole_day), calendar(holidays), whole_day=whole_day
    )


def due(
    query: str,
    *,
    start: dt.date | None = None,
    holidays: str | None = None,
    data_path: str | None = None,
) -> answers.DueReport:
    """When the exchange should answer a request made on `start` (default: today, Beijing),
    counted in working days (工作日), make-up weekend workdays included.

    >>> a = due("申报前", start=dt.date(2026, 9, 28)).answers[0]
    >>> a.response.amount, a.deadline.due.isoformat()
    (10, '2026-10-16')
    """
    return answers.due(_searcher(data_path), _query(query), _day(start), calendar(holidays))


def link(query: str, *, data_path: str | None = None) -> answers.LinkAnswer:
    """The best link for a query: a site, else a mailbox as a mailto: link."""
    return answers.best_link(_searcher(data_path), _query(query))


def validate(path: str | None = None) -> answers.Validation:
    """Check a directory file (default: the packaged one) and the topics.yaml next to it:
    their sizes when valid, else every problem with its file and line."""
    return answers.validation(path)


def check_links(
    *,
    data_path: str | None = None,
    timeout: float = 10.0,
    concurrency: int = 8,
    progress: Callable[[int], Callable[[object], None]] | None = None,
) -> answers.LinkCheck:
    """Fetch every link of the directory once (HEAD, then GET), concurrently and bounded in
    time. `progress`, given the number of links, returns a function called once per result."""
    from .directory import linkcheck

    links = linkcheck.collect(load(data_path))
    report = linkcheck.check(
        links,
        timeout=timeout,
        concurrency=concurrency,
        on_result=progress(len(links)) if progress else None,
    )
    return answers.LinkCheck(report)


def diff(old: str, new: str) -> answers.DirectoryDiff:
    """What changed between two directory files, channel by channel and field by field."""
    from .directory import diff

    return answers.DirectoryDiff(old, new, tuple(diff.diff_files(old, new)))


def is_trading_day(day: dt.date, *, holidays: str | None = None) -> bool:
    """Whether the exchange trades on `day` (交易日).

    >>> is_trading_day(dt.date(2026, 10, 10))  # a make-up Saturday: worked, not traded
    False
    """
    return calendar(holidays).is_trading_day(day)


def is_working_day(day: dt.date, *, holidays: str | None = None) -> bool:
    """Whether `day` is a working day (工作日), make-up weekend workdays included.

    >>> is_working_day(dt.date(2026, 10, 10))
    True
    """
    return calendar(holidays).is_working_day(day)


def next_trading_day(day: dt.date, *, holidays: str | None = None) -> dt.date:
    """The first trading day after `day`."""
    return calendar(holidays).next_trading_day(day)


def add_working_days(start: dt.date, count: int, *, holidays: str | None = None) -> dt.date:
    """The date `count` working days after `start` (the next working day is day 1)."""
    return calendar(holidays).add_working_days(start, count).due
