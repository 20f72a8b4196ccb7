"""Trading days (交易日) and working days (工作日) of the Shanghai Stock Exchange.

They differ: a make-up weekend workday (调休上班, e.g. Sat 2026-10-10) is a working day but not a
trading day, and the exchange may close on a working weekday (Fri 2024-02-09, 除夕).

`build_table` distils `holidays` (XSHG closures) and `chinese_calendar` (the State Council's
schedules) into a picklable `CalendarTable`; only it imports them. Years up to
`published_until` are exact; the others follow the statutory rules, without make-up workdays,
and are *estimated*. Dates outside a table's years are computed on demand.

The exchange's closure notice wins for the years it lists: there a weekday trades and works
unless `closed` lists it, and a weekend day works only if `makeup_workdays` lists it::

    # 上交所关于2027年部分节假日休市安排的通知
    source: 上交所关于2027年部分节假日休市安排的通知   # optional; defaults to the file name
    years: [2027]            # required: the years this notice fully covers
    closed:                  # required: exchange closures (dates or inclusive ranges)
      - 2027-01-01
      - 2027-02-05..2027-02-12
    makeup_workdays:         # optional: weekend working days (working, not trading)
      - 2027-02-20
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct, field

from sse_channels.errors import DataError, Problem
from sse_channels.l10n import N_  # problems keep English messages; they are translated where shown

if TYPE_CHECKING:
    import yaml  # imported where a notice is read: the warm path never needs it

    _Bad = Callable[[yaml.Node, str, str], None]  # reports a problem at a node

MAX_NOTICE_BYTES = 1_000_000
NOTICE_YEARS = (1990, 2199)  # the years the tool answers for (schedule.FIRST_YEAR, LAST_YEAR)
_ONE_DAY = dt.timedelta(days=1)
_FESTIVAL_FIX = {"清明": "清明节", "端午": "端午节", "中秋": "中秋节"}


class CalendarTable(Struct, frozen=True):
    """Precomputed calendar facts for the years first_year..last_year (no library needed)."""

    first_year: int
    last_year: int
    published_until: int  # the last year chinese-calendar has a State Council schedule for
    closed: frozenset[dt.date]  # weekdays that are not trading days
    makeup_workdays: frozenset[dt.date]  # weekend days that are working days
    off_workdays: frozenset[dt.date]  # weekdays that are not working days
    names: tuple[tuple[dt.date, str], ...]  # holiday names (Chinese), sorted by date
    estimates: tuple[tuple[int, str], ...]  # (year, why it is estimated) for estimated years
    versions: str  # e.g. "chinese-calendar 1.11.0 / holidays 0.109"


def build_table(first_year: int, last_year: int) -> CalendarTable:
    """Compute the table for first_year..last_year from the libraries (slow: imports them)."""
    import chinese_calendar  # type: ignore[import-untyped]  # ships no type hints
    from holidays.countries.china import China
    from holidays.financial.shanghai_stock_exchange import XSHG
    from holidays.version import __version__ as holidays_version

    if not 1 <= first_year <= last_year <= 9999:
        raise ValueError(f"bad year range {first_year}..{last_year}")
    years = range(first_year, last_year + 1)
    cc_off, cc_work = chinese_calendar.holidays, chinese_calendar.workdays  # date -> English name
    lo, hi = min(cc_off).year, max(cc_off).year
    versions = f"chinese-calendar {chinese_calendar.__version__} / holidays {holidays_version}"
    china = China(years=years, language="zh_CN")  # type: ignore[no-untyped-call]
    xshg = XSHG(years=years, language="zh_CN")  # type: ignore[no-untyped-call]
    rules = {d: str(n) for d, n in [*china.items(), *xshg.items()] if d.year in years}
    rule_workdays = {d for d in china.weekend_workdays if d.year in years}
    closed = {d for d in rules if d.weekday() < 5}  # XSHG knows closures such as 2024-02-09
    makeup: set[dt.date] = set()
    off = {d for d in china if d.year in years and not lo <= d.year <= hi and d.weekday() < 5}
    names = {d: n for d, n in rules.items() if not lo <= d.year <= hi or d in closed}
    estimates: list[tuple[int, str]] = []
    for year in years:
        if not lo <= year <= hi:
            how = (
                "estimated from statutory holiday rules, make-up workdays unknown"
                if any(d.year == year for d in rules)
                else "outside the holiday rules' range, only weekends are known"
            )
            tail = "supply the exchange's notice with --holidays"
            estimates.append((year, f"{year}: no published schedule in {versions}; {how}; {tail}"))
            continue
        start = dt.date(year, 1, 1).toordinal()
        for d in map(dt.date.fromordinal, range(start, dt.date(year, 12, 31).toordinal() + 1)):
            weekend = d.weekday() >= 5
            english = cc_work.get(d) or cc_off.get(d)
            festival = chinese_calendar.Holiday(english).chinese if english else ""
            festival = _FESTIVAL_FIX.get(festival, festival)
            if d in cc_work or d in rule_workdays or (not weekend and d not in cc_off):
                if weekend:  # a make-up workday (调休上班)
                    makeup.add(d)
                    names[d] = f"{festival}调休上班"
            else:
                if not weekend:
                    off.add(d)
                    closed.add(d)
                if festival:
                    names[d] = festival
    return CalendarTable(
        first_year, last_year, hi, frozenset(closed), frozenset(makeup), frozenset(off),
        tuple(sorted(names.items())), tuple(estimates), versions,
    )  # fmt: skip


class ClosureNotice(Struct, frozen=True):
    """The exchange's closure notice for some years; it wins over the libraries for them."""

    source: str
    years: tuple[int, ...]
    closed: frozenset[dt.date]
    makeup_workdays: frozenset[dt.date]


class DayInfo(Struct, frozen=True):
    date: dt.date
    trading: bool
    working: bool
    estimated: bool
    reason: str | None  # why the answer is estimated; None when it is not
    name_zh: str | None  # e.g. 春节, 国庆节调休上班, 休市


class Deadline(Struct, frozen=True):
    """`count` working days after `start`: the day after the request is day 1 if it is working."""

    start: dt.date
    due: dt.date
    count: int
    skipped: tuple[DayInfo, ...]  # every non-working day passed over (name_zh None: weekend)
    estimated: bool
    reason: str | None


@functools.lru_cache(maxsize=64)
def _year_calendar(year: int) -> Calendar:
    return Calendar(build_table(year, year))


class Calendar(Struct, frozen=True):
    """Trading and working days from a table, overridden by a closure notice for its years.

    Years outside the table are built on demand (and cached module-wide).
    """

    table: CalendarTable
    notice: ClosureNotice | None = None
    # Lookups derived once from the table (never passed in: they are filled here).
    _names: dict[dt.date, str] = field(default_factory=dict)
    _estimates: dict[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._names.update(self.table.names)
        self._estimates.update(self.table.estimates)

    def day(self, d: dt.date) -> DayInfo:
        """Everything known about one date (never raises for a valid date)."""
        t = self.table
        if t.first_year <= d.year <= t.last_year:
            weekday = d.weekday() < 5
            trading = weekday and d not in t.closed
            working = d not in t.off_workdays if weekday else d in t.makeup_workdays
            reason = self._estimates.get(d.year)
            info = DayInfo(d, trading, working, reason is not None, reason, self._names.get(d))
        else:
            info = _year_calendar(d.year).day(d)
        n = self.notice
        return info if n is None or d.year not in n.years else _noticed(info, n)

    def is_trading_day(self, d: dt.date) -> bool:
        """Monday to Friday and not an exchange closure."""
        return self.day(d).trading

    def is_working_day(self, d: dt.date) -> bool:
        """An official working day, including make-up weekend workdays (调休上班)."""
        return self.day(d).working

    def is_estimated(self, d: dt.date) -> bool:
        """Whether the answers for this date come from rules rather than a published schedule."""
        return self.day(d).estimated

    def estimate_reason(self, d: dt.date) -> str | None:
        """Why the answers for this date are estimated, or None when they are not."""
        return self.day(d).reason

    def next_trading_day(self, d: dt.date) -> dt.date:
        """The first trading day strictly after d."""
        d = _next(d)
        while not self.is_trading_day(d):
            d = _next(d)
        return d

    def add_working_days(self, start: dt.date, n: int) -> Deadline:
        """The date `n` working days after `start` (the request day itself never counts).

        The first working day after `start` is day 1; non-working days are skipped and listed.
        n=0 means "the request day itself": due is `start` and nothing is skipped.
        """
        if n < 0:
            raise ValueError(f"n must be >= 0, not {n}")
        d, counted, reason = start, 0, None
        skipped: list[DayInfo] = []
        while counted < n:
            d = _next(d)
            info = self.day(d)
            reason = reason or info.reason
            if info.working:
                counted += 1
            else:
                skipped.append(info)
        return Deadline(start, d, n, tuple(skipped), reason is not None, reason)


def _noticed(info: DayInfo, n: ClosureNotice) -> DayInfo:
    """The day as the notice has it: not estimated; library names kept only for closed days.

    A notice lists closures, not working days: a closed weekday stays a working day where the
    State Council's published schedule says so (除夕 2024-02-09); in a year without one, a
    closure is taken as a holiday.
    """
    d, name = info.date, info.name_zh
    trading = d.weekday() < 5 and d not in n.closed
    working = (
        trading
        or d in n.makeup_workdays
        or (d.weekday() < 5 and not info.estimated and info.working)
    )
    if d in n.makeup_workdays:
        name = name if name and name.endswith("调休上班") else "调休上班"
    elif trading:
        name = None
    elif d in n.closed:
        name = name or "休市"
    return DayInfo(d, trading, working, False, None, name)


def _next(d: dt.date) -> dt.date:
    if d == dt.date.max:
        raise ValueError("no date after 9999-12-31")
    return d + _ONE_DAY


# --------------------------------------------------------------------------- closure notice

_KEYS = ("source", "years", "closed", "makeup_workdays")
_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = (_TAG + "str", _TAG + "int", _TAG + "timestamp")  # never a language-specific tag
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")  # not locale-dependent %A
_DATE_RE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:\s*\.\.\s*(\d{4}-\d{2}-\d{2}))?")


def load_closure_notice(path: str | Path) -> ClosureNotice:
    """Read and validate a closure notice (format in the module docstring).

    Raises DataError listing every problem found, with file, line and field where possible.
    """
    import yaml

    file, path = str(path), Path(path)
    root = _compose(path, file)
    problems: list[Problem] = []

    def bad(node: yaml.Node, field: str, message: str) -> None:
        problems.append(Problem(file, node.start_mark.line + 1, field, message))

    if not isinstance(root, yaml.MappingNode):
        line = root.start_mark.line + 1 if root is not None else None
        raise DataError([Problem(file, line, "", f"expected a mapping of {', '.join(_KEYS)}")])
    fields: dict[str, yaml.Node] = {}
    for key_node, value in root.value:
        key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
        if key not in _KEYS or key in fields:
            bad(
                key_node,
                key,
                "given twice" if key in fields else f"unknown key; use {', '.join(_KEYS)}",
            )
        fields.setdefault(key, value)
    for key in ("years", "closed"):
        if key not in fields:
            bad(root, key, "missing; see the notice format in the README")
    source = fields.get("source")
    title = source.value.strip() if isinstance(source, yaml.ScalarNode) else ""
    if source is not None and (source.tag != _TAG + "str" or not title):
        bad(source, "source", "expected the notice's title as text")
    years: set[int] = set()
    for item, where in _scalars(fields.get("years"), "years", bad):
        if item.tag == _TAG + "int" and re.fullmatch(r"\d{4}", item.value, re.ASCII):
            if NOTICE_YEARS[0] <= int(item.value) <= NOTICE_YEARS[1]:
                years.add(int(item.value))
            else:
                lo, hi = NOTICE_YEARS
                bad(item, where, f"{item.value} is outside the years {lo}-{hi} a notice may cover")
        else:
            bad(item, where, "expected a year such as 2027")
    closed = _dates(fields.get("closed"), "closed", years, bad)
    makeup = _dates(fields.get("makeup_workdays"), "makeup_workdays", years, bad)
    for d, (node, where) in makeup.items():
        if d.weekday() < 5:
            bad(node, where, f"{d} is a {_WEEKDAYS[d.weekday()]}; list weekend working days only")
    if problems:
        raise DataError(problems)
    return ClosureNotice(
        title or path.name, tuple(sorted(years)), frozenset(closed), frozenset(makeup)
    )


def _compose(path: Path, file: str) -> yaml.Node | None:
    """The file's YAML node tree (yaml.compose constructs no Python object, not even a date)."""

    def fail(message: str, line: int | None = None) -> DataError:
        return DataError([Problem(file, line, "", message)])

    try:
        if path.is_dir():
            raise fail(N_("is a directory; give the closure notice's YAML file"))
        import os

        # Opened without blocking: a FIFO nobody writes to is not waited on at open.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            os.set_blocking(fd, True)
            data = fh.read(MAX_NOTICE_BYTES + 1)
    except FileNotFoundError:
        raise fail(N_("no such file; give the closure notice's YAML file")) from None
    except OSError as e:
        raise fail(f"cannot read it: {e.strerror or e}") from None
    if len(data) > MAX_NOTICE_BYTES:
        raise fail(f"larger than {MAX_NOTICE_BYTES} bytes; is it a closure notice?")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise fail(
            N_("not UTF-8 text; save it as UTF-8"), data[: e.start].count(b"\n") + 1
        ) from None
    from sse_channels.directory.yamlsafe import compose

    return compose(text, file)  # nesting bounded: the notice is tiny, deep lists are hostile


def _scalars(node: yaml.Node | None, field: str, bad: _Bad) -> list[tuple[yaml.Node, str]]:
    """The plain items of a non-empty YAML list, each with its field path; the rest is reported."""
    import yaml

    if node is None:
        return []
    if not isinstance(node, yaml.SequenceNode) or node.tag != _TAG + "seq" or not node.value:
        bad(node, field, "expected a non-empty list, e.g. [2027] or lines starting with '- '")
        return []
    out: list[tuple[yaml.Node, str]] = []
    for i, item in enumerate(node.value):
        if isinstance(item, yaml.ScalarNode) and item.tag in _SCALAR_TAGS:
            out.append((item, f"{field}[{i}]"))
        else:
            bad(item, f"{field}[{i}]", "expected a single value, not a list, mapping or tag")
    return out


def _dates(
    node: yaml.Node | None, field: str, years: set[int], bad: _Bad
) -> dict[dt.date, tuple[yaml.Node, str]]:
    """The dates that a list of dates and inclusive ranges (a..b) covers, with their origin."""
    out: dict[dt.date, tuple[yaml.Node, str]] = {}
    for item, where in _scalars(node, field, bad):
        text = str(item.value).strip()
        m = _DATE_RE.fullmatch(text)
        if m is None:
            bad(item, where, "expected a date or a range: 2027-01-01 or 2027-02-05..2027-02-12")
            continue
        try:
            first, last = dt.date.fromisoformat(m[1]), dt.date.fromisoformat(m[2] or m[1])
        except ValueError as e:
            bad(item, where, f"{text} is not a real date ({e})")
            continue
        if last < first:
            bad(item, where, f"the range ends ({last}) before it starts ({first})")
        elif (last - first).days > 366:
            bad(item, where, "a range longer than a year; split it")
        elif years and not set(range(first.year, last.year + 1)) <= years:
            bad(item, where, f"{text} is outside years {sorted(years)}")
        else:
            span = range(first.toordinal(), last.toordinal() + 1)
            out.update((dt.date.fromordinal(o), (item, where)) for o in span)
    return out


# --------------------------------------------------------------------------- default calendar

ENV_HOLIDAYS = "SSE_CHANNELS_HOLIDAYS"  # a closure notice that every command applies
FIRST_TABLE_YEAR = 2020  # the standard table covers this year .. the libraries' last year + 2


def build_standard_table() -> CalendarTable:
    """The table the tool uses: from 2020 to two years past the libraries' published ones."""
    import chinese_calendar

    return build_table(FIRST_TABLE_YEAR, max(chinese_calendar.holidays).year + 2)


def default_calendar() -> Calendar:
    """The standard calendar with the closure notice named by $SSE_CHANNELS_HOLIDAYS, if any.

    Read again on every call (the environment may change); each notice is read once. The CLI
    uses `store.calendar`, which keeps the table in the on-disk cache; this module needs no
    other module of the package, so nothing here imports `store`.
    """
    import os

    return _standard_with(os.environ.get(ENV_HOLIDAYS) or None)


@functools.lru_cache(maxsize=8)
def _standard_with(notice_path: str | None) -> Calendar:
    notice = load_closure_notice(notice_path) if notice_path else None
    return Calendar(_standard_table(), notice)


@functools.cache
def _standard_table() -> CalendarTable:
    return build_standard_table()


def is_trading_day(d: dt.date) -> bool:
    """Whether d is a trading day (交易日) on the default calendar."""
    return default_calendar().is_trading_day(d)


def is_working_day(d: dt.date) -> bool:
    """Whether d is a working day (工作日) on the default calendar."""
    return default_calendar().is_working_day(d)


def next_trading_day(d: dt.date) -> dt.date:
    """The first trading day strictly after d on the default calendar."""
    return default_calendar().next_trading_day(d)
