"""The command line: parses arguments, calls the core, chooses the output, maps errors to exits.

Only this module imports Typer. Rich is imported only by `render.py`, and only when something is
drawn on a terminal: JSON, piped output and `dial` never pay for it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, Optional

import typer

from . import __version__, store
from . import model as m
from .describe import area_main_points, hours_text, reach_lines
from .errors import DataError, NotFoundError, SseChannelsError, UsageError
from .export import channel_dict, channel_line, plain_line, to_json
from .textnorm import clean, norm

if TYPE_CHECKING:
    from rich.console import RenderableType

    from .calendar import Calendar
    from .schedule import Status
    from .search import Result, Searcher


class Color(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


class Format(str, Enum):
    json = "json"
    csv = "csv"
    vcard = "vcard"
    markdown = "markdown"


_TEXT_FORMATS = (Format.csv, Format.markdown)  # JSON and vCard are UTF-8 by definition


@dataclass
class Settings:
    data: str | None = None
    color: Color = Color.auto


# --------------------------------------------------------------------------- light coercion
#
# Typer converts every argument through a pydantic TypeAdapter, and importing pydantic for that
# costs about 70 ms: more than the whole lookup. This program's parameters are only str, int,
# bool, Enum and list[str], which need no validation framework, so they get a plain converter
# with the same messages. Any other annotation keeps Typer's own; if Typer's internals move, the
# hook below does nothing and Typer's default path runs (slower, same results).


def _plain_converter(annotation: Any) -> Callable[[Any], Any] | None:
    """A converter for the simple annotations used here, else None."""
    import types
    import typing

    args = typing.get_args(annotation)
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType) and len(args) == 2 and type(None) in args:
        return _plain_converter(next(a for a in args if a is not type(None)))
    if origin is list and args == (str,):
        return lambda v: [str(x) for x in v]
    if annotation is str:
        return str
    if annotation is int:

        def to_int(v: Any) -> int:
            if isinstance(v, int) and not isinstance(v, bool):
                return v
            try:
                return int(str(v).strip())
            except ValueError:
                raise typer.BadParameter(
                    f"{clean(str(v))[:40]!r} is not a valid integer."
                ) from None

        return to_int
    if annotation is bool:

        def to_bool(v: Any) -> bool:
            if isinstance(v, bool):
                return v
            text = str(v).strip().lower()
            if text in ("1", "true", "yes", "on", "y", "t"):
                return True
            if text in ("0", "false", "no", "off", "n", "f", ""):
                return False
            raise typer.BadParameter(f"{clean(str(v))[:40]!r} is not a valid boolean.")

        return to_bool
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        enum = annotation

        def to_enum(v: Any) -> Enum:
            if isinstance(v, enum):
                return v
            try:
                return enum(v)
            except ValueError:
                choices = ", ".join(repr(m.value) for m in enum)
                raise typer.BadParameter(
                    f"{clean(str(v))[:40]!r} is not one of {choices}."
                ) from None

        return to_enum
    return None


def _lighten(params: list[Any]) -> None:
    try:
        from typer._coercion import RuntimeParam
    except ImportError:
        return

    class _Plain(RuntimeParam):
        convert: Callable[[Any], Any]

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            value = self.convert(value)
            info = self.parameter_info
            low, high = getattr(info, "min", None), getattr(info, "max", None)
            if isinstance(value, int) and (
                (low is not None and value < low) or (high is not None and value > high)
            ):
                raise typer.BadParameter(f"{value} is not in the range {low}..{high}.")
            return value

    for param in params:
        if getattr(param, "_runtime_param", "missing") is not None:
            continue  # already built, or not a Typer parameter
        desc = getattr(param, "type_descriptor", None)
        convert = _plain_converter(getattr(desc, "annotation", None))
        if convert is None or desc is None:
            continue
        plain = _Plain(parameter_info=desc.parameter_info, annotation=desc.annotation)
        object.__setattr__(plain, "convert", convert)
        param._runtime_param = plain


_BIDI = {
    c: f"\\u{c:04x}"
    for c in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
}


def _arg(a: str) -> str:
    if any("\udc80" <= ch <= "\udcff" for ch in a):
        # Under LANG=C Python decodes UTF-8 arguments as lone surrogates: undo that.
        with contextlib.suppress(UnicodeError, ValueError):
            a = os.fsencode(a).decode("utf-8")
    return a.translate(_BIDI) if a[:1] == "-" else a


class _Group(typer.core.TyperGroup):
    """Typer's group, with plain converters on every parameter that can take one."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        _lighten(self.get_params(ctx))  # get_params adds --help to self.params
        # Bidi controls (U+202E…) reorder what a terminal shows, and a usage error echoes an
        # unknown option: show them escaped. Queries are cleaned by the core instead.
        args = [_arg(a) for a in args]
        return super().parse_args(ctx, args)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        cmd = super().get_command(ctx, cmd_name)
        if cmd is not None:
            _lighten(cmd.get_params(ctx))
        return cmd


app = typer.Typer(
    cls=_Group,
    name="sse-channels",
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=(
        "上交所“三开门”渠道一览：找到对口的咨询渠道、拨号顺序、邮箱地址，以及现在是否有人接听。\n\n"
        "Find the right desk of the Shanghai Stock Exchange: the channel, the dial sequence, "
        "the mailbox or site, and whether it is staffed now (Beijing time, SSE trading days).\n\n"
        "Example: sse-channels search 债券"
    ),
)

SETTINGS = Settings()

# --------------------------------------------------------------------------- output plumbing


def _tty() -> bool:
    if SETTINGS.color is Color.always:
        return True
    if SETTINGS.color is Color.never and os.environ.get("TERM") == "dumb":
        return False
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def _hyperlinks() -> bool:
    return (
        _tty()
        and SETTINGS.color is not Color.never
        and not os.environ.get("NO_COLOR")
        and os.environ.get("TERM") != "dumb"
    )


def _out(text: str) -> None:
    _write(text + "\n")


def _write_bytes(data: bytes, encoding: str) -> None:
    out = getattr(sys.stdout, "buffer", None)
    if out is None:  # a text-only stream (a test runner's capture): text is all it takes
        _write(data.decode(encoding))
        return
    try:
        sys.stdout.flush()
        out.write(data)
        out.flush()
    except BrokenPipeError:
        _silence_stdout()
        raise typer.Exit(0) from None


def _write(text: str) -> None:
    """Write to stdout; a reader that has gone away (`| head -1`) ends the command quietly."""
    try:
        sys.stdout.write(text)
    except BrokenPipeError:
        _silence_stdout()
        raise typer.Exit(0) from None


def _err(text: str) -> None:
    sys.stderr.write(clean(text) + "\n")


def _draw(renderable: RenderableType) -> None:
    from .render import console

    try:
        console(color=SETTINGS.color.value).print(renderable)
    except BrokenPipeError:
        _silence_stdout()
        raise typer.Exit(0) from None


def _emit(
    *,
    as_json: bool,
    json_value: Callable[[], object],
    lines: Callable[[], list[str]],
    rich: Callable[[], RenderableType] | None = None,
) -> None:
    """The one branch point for output: JSON, a Rich view on a terminal, or plain lines."""
    if as_json:
        _out(to_json(json_value()))
    elif rich is not None and _tty():
        _draw(rich())
    else:
        for line in lines():
            _out(line)


def _fail(exc: SseChannelsError) -> NoReturn:
    if isinstance(exc, DataError):
        for p in exc.problems:
            _err(f"error: {p}")
        raise typer.Exit(1)
    _err(f"error: {exc}")
    if isinstance(exc, NotFoundError) and exc.suggestions:
        _err("closest: " + " · ".join(exc.suggestions))
    raise typer.Exit(2 if isinstance(exc, UsageError) else 1)


class _Guard:
    """`with _guard():` turns domain errors into messages and exit codes."""

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: Any
    ) -> None:
        if isinstance(exc, SseChannelsError):
            _fail(exc)


_guard = _Guard


def _query(words: list[str]) -> str:
    q = " ".join(words)
    if not norm(q):
        raise UsageError("the query is empty: give a few characters, e.g. 债券, tzz or 7999")
    return q


def _searcher() -> Searcher:
    return store.searcher(store.data_path(SETTINGS.data))


def _directory() -> m.Directory:
    return store.load(store.data_path(SETTINGS.data))[0]


def _found(s: Searcher, query: str, limit: int) -> list[Result]:
    results = s.search(query, limit)
    if not results:
        raise NotFoundError(f"nothing found for {clean(query)[:80]!r}", s.suggest(query))
    return results


# --------------------------------------------------------------------------- completion


def _complete(incomplete: str) -> Iterator[tuple[str, str]]:
    try:
        directory = _directory()
    except SseChannelsError:
        return
    prefix = norm(incomplete)
    for area in directory.areas:
        for name in (area.name_zh, area.id):
            if norm(name).startswith(prefix):
                yield name, area.name_en
    for ch in directory.channels:
        for name in (ch.name_zh, ch.id):
            if norm(name).startswith(prefix):
                yield name, ch.name_en


QueryArg = Annotated[
    list[str],
    typer.Argument(
        help="Words to look for: Chinese, pinyin, initials, English or a number.",
        metavar="QUERY",
        autocompletion=_complete,
        show_default=False,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON (UTF-8) instead of text.")]


# --------------------------------------------------------------------------- commands


def _version(value: bool) -> None:
    if value:
        _out(f"sse-channels {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    ctx: typer.Context,
    data: Annotated[
        Optional[str],  # noqa: UP045  # Typer reads the annotation at runtime on Python 3.10
        typer.Option(
            "--data",
            envvar=store.ENV_DATA,
            help="Use this directory file instead of the packaged one.",
            metavar="FILE",
        ),
    ] = None,
    color: Annotated[
        Color, typer.Option("--color", help="Colour and links: auto, always or never.")
    ] = Color.auto,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """上交所咨询渠道一览 · The Shanghai Stock Exchange's channels, from the shell."""
    SETTINGS.data = data
    SETTINGS.color = color
    if ctx.invoked_subcommand is None:
        with _guard():
            directory = _directory()

            def lines() -> list[str]:
                out = []
                for area in directory.areas:
                    phone, mail, site = area_main_points(directory, area.id)
                    out.append(
                        plain_line(
                            area.id,
                            area.name_zh,
                            phone.sequence if phone else "-",
                            mail.address if mail else site.url if site else "-",
                        )
                    )
                return out

            def rich() -> RenderableType:
                from .render import overview

                return overview(directory)

            _emit(as_json=False, json_value=lambda: None, lines=lines, rich=rich)


@app.command()
def search(
    query: QueryArg,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Results to show.")] = 10,
    as_json: JsonOpt = False,
) -> None:
    """查找渠道：中文、拼音、首字母、英文或号码均可，多个词逐个收窄。

    Find channels from Chinese, pinyin, initials, English or a number; each word narrows.

    Example: sse-channels search 债券 REITs
    """
    with _guard():
        q = _query(query)
        s = _searcher()
        results = _found(s, q, limit)
        terms = q.split()

        def rich() -> RenderableType:
            from .render import search_table

            return search_table(results, s.directory, terms)

        _emit(
            as_json=as_json,
            json_value=lambda: [
                {"score": r.score, "routes": list(r.routes), **channel_dict(r.channel, s.directory)}
                for r in results
            ],
            lines=lambda: [channel_line(r.channel, s.directory, r.routes) for r in results],
            rich=rich,
        )


def _resolve(s: Searcher, query: str) -> tuple[m.Area | None, list[m.Channel]]:
    """An area named exactly (id, Chinese or English name, alias), a channel id, or the best hit."""
    q = norm(query)
    d = s.directory
    for area in d.areas:
        names = (area.id, area.name_zh, area.name_en, *area.aliases)
        if q in (norm(x) for x in names):
            return area, list(d.in_area(area.id))
    ch = d.channel(q)
    if ch is not None:
        return None, [ch]
    return None, [_found(s, query, 1)[0].channel]


@app.command()
def show(query: QueryArg, as_json: JsonOpt = False) -> None:
    """显示整个业务领域或单个渠道的全部信息。

    Show a whole area or one channel, with every field.

    Example: sse-channels show 廉政监督
    """
    with _guard():
        s = _searcher()
        area, chans = _resolve(s, _query(query))

        def lines() -> list[str]:
            out = []
            for ch in chans:
                out.append(plain_line(ch.id, ch.name_zh, ch.name_en))
                out += [plain_line("", x) for x in reach_lines(ch)]
                if hours_text(ch):
                    out.append(plain_line("", "hours: " + hours_text(ch)))
            return out

        def rich() -> RenderableType:
            from .render import area_view, channel_panel

            if area is not None:
                return area_view(area, chans, s.directory)
            return channel_panel(chans[0], s.directory)

        _emit(
            as_json=as_json,
            json_value=lambda: [channel_dict(c, s.directory) for c in chans],
            lines=lines,
            rich=rich,
        )


@app.command("list")
def list_(
    as_json: JsonOpt = False,
    area: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--area", help="Only this area (id or Chinese name).", autocompletion=_complete
        ),
    ] = None,
) -> None:
    """列出全部渠道，每行一个（编号、领域、名称）。

    List every channel, one per line (id, area, name), fit for pipes.

    Example: sse-channels list
    """
    with _guard():
        d = _directory()
        chans = list(d.channels)
        if area:
            wanted = {
                a.id
                for a in d.areas
                if norm(area) in (norm(a.id), norm(a.name_zh), norm(a.name_en))
            }
            if not wanted:
                raise NotFoundError(f"no area {clean(area)!r}", tuple(a.id for a in d.areas))
            chans = [c for c in chans if c.area in wanted]
        names = {a.id: a.name_zh for a in d.areas}
        _emit(
            as_json=as_json,
            json_value=lambda: [channel_dict(c, d) for c in chans],
            lines=lambda: [plain_line(c.id, names.get(c.area, c.area), c.name_zh) for c in chans],
        )


# --------------------------------------------------------------------------- dial, hours, due


def _calendar(holidays: str | None) -> Calendar:
    return store.calendar(holidays or os.environ.get(store.ENV_HOLIDAYS) or None)


HolidaysOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--holidays",
        envvar="SSE_CHANNELS_HOLIDAYS",
        metavar="FILE",
        help="The exchange's closure notice (YAML); it wins over the built-in calendar.",
    ),
]


_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")  # not the locale's %a


def _day(d: dt.date) -> str:
    """'Mon 2026-11-30' whatever the locale."""
    return f"{_WEEKDAYS[d.weekday()]} {d:%Y-%m-%d}"


def _status_text(st: Status, on_air: bool = False) -> str:
    """'open now, closes 11:30' for a staffed line; 'off air, on air 18:35' for a programme."""
    when = st.next_change
    if when is None:
        nxt = ""
    elif when.date() == st.at.date():
        nxt = f"{st.next_change_kind} {when:%H:%M}"
    else:
        nxt = f"next: {_day(when)} {when:%H:%M}"
    if on_air:
        state = "on air now" if st.open else "off air"
        nxt = nxt.replace("opens", "on air").replace("closes", "ends")
    else:
        state = "open now" if st.open else "closed now"
    out = f"{state}, {nxt}" if nxt else state
    if st.estimated:
        out += f" (estimated: {st.reason})"
    return out


def _on_air(ch: m.Channel) -> bool:
    return ch.hours is not None and ch.hours.meaning is m.HoursMeaning.ON_AIR


def _status_json(st: Status) -> dict[str, object]:
    return {
        "open": st.open,
        "trading_day": st.trading_day,
        "today": [str(w) for w in st.today],
        "next_change": st.next_change.isoformat() if st.next_change else None,
        "next_change_kind": st.next_change_kind,
        "estimated": st.estimated,
        "reason": st.reason,
    }


def _link(text: str, uri: str) -> str:
    """An OSC 8 hyperlink where the terminal takes one; the plain text elsewhere."""
    if not _hyperlinks():
        return text
    return f"\x1b]8;;{uri}\x1b\\{text}\x1b]8;;\x1b\\"


TIE = 0.1  # scores this close are one answer: kind priors and tightness differ by less
PHONE_MARGIN = 0.75  # a line scoring this share of a phone-less best match still answers
STRONG = 4.0  # ...if that match is at least a substring hit, not a guess


def _dial_choice(results: list[Result]) -> list[Result]:
    """The lines to print: every phone line tied at the top (all branches of a menu, the
    consult and complain lines), else the best phone line if it is nearly as good a match
    ('dial 审核' names the review area, whose best match is its rules page), else the best
    match, which has no phone."""
    top = results[0].score
    with_phone = [r for r in results if r.channel.phones()]
    tied = [r for r in with_phone if r.score >= top - TIE]
    if tied:
        return tied
    if with_phone and top >= STRONG and with_phone[0].score >= top * PHONE_MARGIN:
        best = with_phone[0].score
        return [r for r in with_phone if r.score >= best - TIE]
    return [results[0]]


@app.command()
def dial(
    query: QueryArg,
    as_json: JsonOpt = False,
    at: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--at", metavar="DATETIME", help="Check staffing at this time (ISO 8601)."),
    ] = None,
    holidays: HolidaysOpt = None,
) -> None:
    """拨号顺序、用途、接听时间及现在是否有人接听。

    How to reach a line by phone: the dial sequence, what it is for, and whether it is staffed now.

    Example: sse-channels dial 债券
    """
    from .dial import dial_lines
    from .schedule import now_beijing, parse_instant, status

    with _guard():
        q = _query(query)
        s = _searcher()
        chosen = _dial_choice(_found(s, q, 100))
        instant = parse_instant(at) if at is not None else now_beijing()
        cal = _calendar(holidays)
        blocks = []
        for r in chosen:
            ch = r.channel
            lines = dial_lines(ch, r.routes)
            st = status(ch.hours, instant, cal) if ch.hours else None
            blocks.append((ch, lines, st))
        if as_json:
            _out(
                to_json(
                    [
                        {
                            "channel": ch.id,
                            "name_zh": ch.name_zh,
                            "name_en": ch.name_en,
                            "summary_zh": ch.summary_zh,
                            "lines": [
                                {
                                    "label_zh": d.label_zh,
                                    "label_en": d.label_en,
                                    "sequence": d.sequence,
                                    "tel": d.tel_uri,
                                }
                                for d in lines
                            ],
                            "hours": hours_text(ch) or None,
                            "status": _status_json(st) if st else None,
                            "reach": reach_lines(ch),
                        }
                        for ch, lines, st in blocks
                    ]
                )
            )
        else:
            for n, (ch, lines, st) in enumerate(blocks):
                if n:
                    _out("")
                if not lines:
                    continue
                labelled = len(lines) > 1
                for d in lines:
                    label = f"  {clean(d.label_zh)}" if labelled and d.label_zh else ""
                    _out(_link(d.sequence, d.tel_uri) + label)
                _out(f"  {clean(ch.name_zh)} · {clean(ch.name_en)}")
                _out(f"  for: {clean(ch.summary_zh)}")
                for note in ch.notes_zh:
                    _out(f"  note: {clean(note)}")
                if st is not None:
                    _out(f"  hours: {hours_text(ch)} · {_status_text(st)}")
                else:
                    _out("  hours: not published")
                for d in lines:
                    _out("  " + _link(d.tel_uri, d.tel_uri))
        no_phone = [ch for ch, lines, _ in blocks if not lines]
        if no_phone:
            ch = no_phone[0]
            if not as_json:
                for line in reach_lines(ch):
                    _out(clean(line))
            _err(f"{ch.name_zh} ({ch.id}) has no phone line; reach it as shown above.")
            raise typer.Exit(1)


@app.command()
def hours(
    query: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Argument(
            help="Only lines matching this.", autocompletion=_complete, show_default=False
        ),
    ] = None,
    now: Annotated[bool, typer.Option("--now", help="At the current time (the default).")] = False,
    at: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--at",
            metavar="DATETIME",
            help="At this time: 2026-11-26T10:00 (Beijing) or with an offset, 2026-11-26T02:00Z.",
        ),
    ] = None,
    as_json: JsonOpt = False,
    holidays: HolidaysOpt = None,
) -> None:
    """各条线路现在是否有人值守，今日时段及下次开闭时间（北京时间）。

    Which lines are staffed at an instant, today's windows and the next change (Beijing time).

    Example: sse-channels hours --at 2026-11-26T10:00
    """
    from .schedule import now_beijing, parse_instant, status

    with _guard():
        if now and at is not None:
            raise UsageError("give --now or --at, not both")
        instant = parse_instant(at) if at is not None else now_beijing()
        cal = _calendar(holidays)
        d = _directory()
        if query:
            chans = [r.channel for r in _found(_searcher(), _query(query), 20)]
        else:
            chans = [c for c in d.channels if c.hours and c.hours.meaning is m.HoursMeaning.STAFFED]
        day = cal.day(instant.date())
        rows = [(c, status(c.hours, instant, cal) if c.hours else None) for c in chans]
        rows = [(c, st) for c, st in rows if st is not None or hours_text(c)]
        if not rows:
            raise NotFoundError("none of the matching channels has staffed hours")
        head = (
            f"Beijing time {_day(instant)} {instant:%H:%M} · "
            + ("trading day" if day.trading else "not a trading day")
            + ("" if day.trading or not day.working else " (working day)")
            + (f" · {day.name_zh}" if day.name_zh else "")
            + (f" · estimated: {day.reason}" if day.estimated else "")
        )

        def lines() -> list[str]:
            out = [clean(head)]
            for c, st in rows:
                if st is None:
                    out.append(plain_line(c.id, c.name_zh, "hours not published"))
                else:
                    today = ", ".join(str(w) for w in st.today) or "closed today"
                    out.append(plain_line(c.id, c.name_zh, _status_text(st, _on_air(c)), today))
            return out

        def rich() -> RenderableType:
            from .render import hours_table

            return hours_table(
                head, [(c, st, _status_text(st, _on_air(c)) if st else "") for c, st in rows]
            )

        _emit(
            as_json=as_json,
            json_value=lambda: {
                "at": instant.isoformat(),
                "trading_day": day.trading,
                "working_day": day.working,
                "estimated": day.estimated,
                "reason": day.reason,
                "lines": [
                    {
                        "channel": c.id,
                        "name_zh": c.name_zh,
                        "hours_published": st is not None,
                        "windows": [str(w) for w in c.hours.windows] if c.hours else [],
                        "meaning": c.hours.meaning.value if c.hours else None,
                        **(_status_json(st) if st else {"open": None}),
                    }
                    for c, st in rows
                ],
            },
            lines=lines,
            rich=rich,
        )


def _parse_date(text: str) -> dt.date:
    from .schedule import check_year

    try:
        return check_year(dt.date.fromisoformat(text.strip()))
    except ValueError:
        raise UsageError(
            f"invalid date {clean(text)[:40]!r}; use YYYY-MM-DD, e.g. 2026-11-26"
        ) from None


@app.command()
def due(
    query: QueryArg,
    start: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--from", metavar="DATE", help="The day of the request (default: today, Beijing)."
        ),
    ] = None,
    as_json: JsonOpt = False,
    holidays: HolidaysOpt = None,
) -> None:
    """答复期限：按工作日计算交易所应答复的日期。

    When the exchange should answer, counted in working days.

    Example: sse-channels due 申报前
    """
    from .schedule import now_beijing

    with _guard():
        s = _searcher()
        results = _found(s, _query(query), 20)
        timed = [r for r in results if r.channel.response]
        if not timed or timed[0] not in results[:3]:
            with_time = tuple(c.name_zh for c in s.directory.channels if c.response)
            raise NotFoundError(
                f"{results[0].channel.name_zh} publishes no response time; these do", with_time
            )
        # '现场咨询' matches three receptions equally, with 10 and 5 days: answer for each.
        chosen = [r.channel for r in timed if r.score >= timed[0].score - TIE]
        day0 = _parse_date(start) if start is not None else now_beijing().date()
        cal = _calendar(holidays)
        answers = []
        for ch in chosen:
            assert ch.response is not None
            answers.append((ch, ch.response, cal.add_working_days(day0, ch.response.amount)))
        if as_json:
            _out(
                to_json(
                    [
                        {
                            "channel": ch.id,
                            "name_zh": ch.name_zh,
                            "from": day0.isoformat(),
                            "working_days": resp.amount,
                            "due": dl.due.isoformat(),
                            "undertaking_zh": resp.text_zh,
                            "skipped": [
                                {"date": x.date.isoformat(), "name_zh": x.name_zh}
                                for x in dl.skipped
                            ],
                            "estimated": dl.estimated,
                            "reason": dl.reason,
                        }
                        for ch, resp, dl in answers
                    ]
                )
            )
            return
        for n, (ch, resp, dl) in enumerate(answers):
            if n:
                _out("")
            _out(
                clean(f"{ch.name_zh}: {resp.amount} working days from {_day(day0)}")
                + f" → due {_day(dl.due)}"
            )
            _out(f"  the exchange undertakes: {clean(resp.text_zh)}")
            _out("  day 1 is the first working day after the request")
            skipped = [
                f"{x.date:%m-%d} {_WEEKDAYS[x.date.weekday()]}"
                + (f" {clean(x.name_zh)}" if x.name_zh else "")
                for x in dl.skipped
            ]
            if skipped:
                _out("  skipped: " + ", ".join(skipped))
            if dl.estimated:
                _out(f"  estimated: {clean(dl.reason or '')}")


# --------------------------------------------------------------------------- open, export, validate


def _first_link(ch: m.Channel) -> str | None:
    for c in ch.contacts:
        if isinstance(c, (m.Web, m.System)):
            return c.url
    for c in ch.contacts:
        if isinstance(c, m.Email):
            return f"mailto:{c.address}"
    return None


@app.command("open")
def open_(
    query: QueryArg,
    print_only: Annotated[
        bool, typer.Option("--print", help="Print the link, do not open it.")
    ] = False,
) -> None:
    """在浏览器中打开最匹配的链接。

    Open the best-matching link in the browser (--print only prints it).

    Example: sse-channels open 债券信息网
    """
    with _guard():
        s = _searcher()
        for r in _found(s, _query(query), 10):
            url = _first_link(r.channel)
            if url:
                break
        else:
            raise NotFoundError("no link among the matching channels")
        _out(url)
        if not print_only:
            import webbrowser

            if not webbrowser.open(url):
                _err("could not start a browser; the link is printed above")
                raise typer.Exit(1)


@app.command()
def export(
    fmt: Annotated[Format, typer.Option("--format", "-f", help="json, csv, vcard or markdown.")],
    output: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--output", "-o", metavar="FILE", help="Write here instead of stdout."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    encoding: Annotated[
        str,
        typer.Option(
            "--encoding",
            help="Text encoding of the file. CSV defaults to utf-8-sig (with BOM, so spreadsheet "
            "programs read Chinese right); the rest to utf-8. gb18030 is also accepted.",
        ),
    ] = "",
) -> None:
    """导出全部渠道：JSON、CSV、vCard 或 Markdown。

    Export the whole directory as JSON, CSV, vCard or Markdown.

    Example: sse-channels export -f vcard -o sse.vcf
    """
    from . import export as ex

    with _guard():
        enc = (encoding or ("utf-8-sig" if fmt is Format.csv else "utf-8")).lower()
        enc = "utf-8" if enc == "utf8" else enc
        allowed = ("utf-8", "utf-8-sig", "gb18030") if fmt in _TEXT_FORMATS else ("utf-8",)
        if enc not in allowed:
            raise UsageError(
                f"{fmt.value} is written in {' or '.join(allowed)}, not {clean(enc)!r}"
            )
        d = _directory()
        text = {
            Format.json: lambda: (
                ex.to_json(
                    {
                        "title_zh": d.title_zh,
                        "source_document_zh": d.source_document_zh,
                        "areas": [
                            {
                                "id": a.id,
                                "name_zh": a.name_zh,
                                "name_en": a.name_en,
                                "aliases": list(a.aliases),
                            }
                            for a in d.areas
                        ],
                        "channels": [ex.channel_dict(c, d) for c in d.channels],
                    }
                )
                + "\n"
            ),
            Format.csv: lambda: ex.to_csv(d),
            Format.vcard: lambda: ex.to_vcard(d),
            Format.markdown: lambda: ex.to_markdown(d) + "\n",
        }[fmt]()
        if output is None:
            _write_bytes(text.encode(enc), enc)  # the same bytes as -o FILE (a BOM for csv)
            return
        from .files import write_atomic

        write_atomic(output, text.encode(enc), force=force)
        _err(f"wrote {output} ({fmt.value}, {enc})")


@app.command()
def validate(
    file: Annotated[str, typer.Argument(metavar="FILE", help="A channels.yaml to check.")],
) -> None:
    """校验渠道数据文件，逐条列出问题及行号。

    Check a directory file with the packaged validator; each problem with its line.

    Example: sse-channels validate data/channels.yaml
    """
    from .data import load_file

    with _guard():
        try:
            d = load_file(file)
        except DataError as exc:
            for p in exc.problems:
                _out(clean(str(p)))
            _err(f"{len(exc.problems)} problem(s) in {file}")
            raise typer.Exit(1) from None
        _out(f"{clean(file)}: valid ({len(d.areas)} areas, {len(d.channels)} channels)")


def main() -> None:
    """Entry point: run the app; a closed pipe or Ctrl-C ends quietly, never with a traceback."""
    if sys.stdout is None:  # started with stdout closed (`sse-channels list >&-`)
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115  # lives as long as the process
    for stream in (sys.stdout, sys.stderr):
        # An ASCII or Latin-1 locale cannot encode Chinese: escape it rather than crash.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    code: int | str | None = 0
    try:
        app(prog_name="sse-channels")
    except SystemExit as exc:
        code = exc.code
    except BrokenPipeError:
        _silence_stdout()
    except KeyboardInterrupt:
        _silence_stdout()
        sys.stderr.write("interrupted\n")
        code = 130
    try:
        sys.stdout.flush()  # output still buffered when the reader has gone
    except BrokenPipeError:
        _silence_stdout()
    sys.exit(code)


def _silence_stdout() -> None:
    # Python flushes stdout at exit; pointing it at devnull stops a second BrokenPipeError.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
