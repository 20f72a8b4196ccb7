"""The command line: parses arguments, calls the core, chooses the output, maps errors to exits.

Only this module imports Typer. Rich is imported only by `render.py`, and only when something is
drawn on a terminal: JSON, piped output and `dial` never pay for it.
"""

from __future__ import annotations

import datetime as dt
import errno
import io
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, Optional

import typer

from . import __version__, answers, export, store
from . import model as m
from .cli_params import Group
from .describe import (
    area_main_points,
    due_lines,
    hours_head,
    hours_text,
    on_air,
    reach_lines,
    status_text,
)
from .errors import DataError, NotFoundError, SseChannelsError, UsageError
from .export import channel_dict, channel_line, plain_line, to_json
from .textnorm import clean, norm

if TYPE_CHECKING:
    from rich.console import RenderableType

    from .calendar import Calendar
    from .schedule import Status
    from .search import Searcher


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


app = typer.Typer(
    cls=Group,
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


def _unstyled() -> bool:
    """No escape sequence at all: `--color never`, or NO_COLOR unless `--color always`."""
    return SETTINGS.color is Color.never or (
        SETTINGS.color is Color.auto and bool(os.environ.get("NO_COLOR"))
    )


def _hyperlinks() -> bool:
    return _tty() and not _unstyled() and os.environ.get("TERM") != "dumb"


def _out(text: str) -> None:
    _write(text + "\n")


def _write_bytes(data: bytes, encoding: str) -> None:
    out = getattr(sys.stdout, "buffer", None)
    if out is None:  # a text-only stream (a test runner's capture): text is all it takes
        _write(data.decode(encoding))
        return
    with _stdout_guard():
        sys.stdout.flush()
        out.write(data)
        out.flush()


def _write(text: str) -> None:
    with _stdout_guard():
        sys.stdout.write(text)


@contextmanager
def _stdout_guard() -> Iterator[None]:
    """A reader that has gone away (`| head -1`) ends the command quietly (exit 0); any other
    failure to write (a full disk, `> /dev/full`) is said on stderr (exit 1)."""
    try:
        yield
    except BrokenPipeError:
        _silence_stdout()
        raise typer.Exit(0) from None
    except OSError as exc:
        _write_failed(exc)
        raise typer.Exit(1) from None


def _write_failed(exc: OSError) -> None:
    _silence_stdout()
    _err(f"error: cannot write output: {exc.strerror or exc}")


def _err(text: str) -> None:
    sys.stderr.write(clean(text) + "\n")


def _draw(renderable: RenderableType) -> None:
    from .render import console

    with _stdout_guard():
        console(plain=_unstyled(), force=SETTINGS.color is Color.always).print(renderable)


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
    if isinstance(exc, NotFoundError):
        if exc.suggestions:
            _err("closest: " + " · ".join(exc.suggestions))
        elif exc.hint:
            _err(exc.hint)
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


# --------------------------------------------------------------------------- completion


def _complete(incomplete: str) -> Iterator[tuple[str, str]]:
    """Area and channel names and ids that start with what has been typed."""
    return _completions(incomplete, channels=True)


def _complete_areas(incomplete: str) -> Iterator[tuple[str, str]]:
    """Area names and ids only: what `--area` accepts."""
    return _completions(incomplete, channels=False)


def _completions(incomplete: str, *, channels: bool) -> Iterator[tuple[str, str]]:
    try:
        directory = _directory()
    except SseChannelsError:
        return
    named = [(a.name_zh, a.id, a.name_en) for a in directory.areas]
    if channels:
        named += [(c.name_zh, c.id, c.name_en) for c in directory.channels]
    prefix = norm(incomplete)
    for name_zh, ident, name_en in named:
        for name in (name_zh, ident):
            if norm(name).startswith(prefix):
                yield name, name_en


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
        from importlib.metadata import PackageNotFoundError, version

        try:
            installed = version("sse-channels")
        except PackageNotFoundError:  # run from a source tree without installing
            installed = __version__
        _out(f"sse-channels {installed}")
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
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, metavar="N", help="Results to show.")
    ] = 10,
    as_json: JsonOpt = False,
) -> None:
    """查找渠道：中文、拼音、首字母、英文或号码均可，多个词逐个收窄。

    Find channels from Chinese, pinyin, initials, English or a number; each word narrows.

    Example: sse-channels search 债券 REITs
    """
    with _guard():
        q = _query(query)
        s = _searcher()
        results = answers.found(s, q, limit)
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


@app.command()
def show(query: QueryArg, as_json: JsonOpt = False) -> None:
    """显示整个业务领域或单个渠道的全部信息。

    Show a whole area or one channel, with every field.

    Example: sse-channels show 廉政监督
    """
    with _guard():
        s = _searcher()
        area, chans = answers.resolve(s, _query(query))

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
            "--area",
            metavar="AREA",
            help="Only this area (id or Chinese name).",
            autocompletion=_complete_areas,
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


def _link(text: str, uri: str) -> str:
    """An OSC 8 hyperlink where the terminal takes one; the plain text elsewhere."""
    if not _hyperlinks():
        return text
    return f"\x1b]8;;{uri}\x1b\\{text}\x1b]8;;\x1b\\"


@app.command()
def dial(
    query: QueryArg,
    as_json: JsonOpt = False,
    at: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--at",
            metavar="DATETIME",
            help="Check staffing at this time: ISO 8601, 10:00, 明天 10:00, 下午3点.",
        ),
    ] = None,
    holidays: HolidaysOpt = None,
    qr: Annotated[
        bool, typer.Option("--qr", help="Draw a QR code of the tel: link, for a phone camera.")
    ] = False,
    qr_invert: Annotated[
        bool, typer.Option("--qr-invert", help="Draw the QR code for a light-background terminal.")
    ] = False,
    qr_out: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--qr-out", metavar="FILE", help="Write the QR code to FILE.png or FILE.svg."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the --qr-out FILE.")] = False,
    copy: Annotated[
        bool, typer.Option("--copy", help="Put the number to dial on the clipboard.")
    ] = False,
) -> None:
    """拨号顺序、用途、接听时间及现在是否有人接听。

    How to reach a line by phone: the dial sequence, what it is for, and whether it is staffed now.

    Example: sse-channels dial 债券
    """
    from .schedule import now_beijing

    with _guard():
        instant = _instant(at) if at is not None else now_beijing()
        if qr_out is not None:
            from .qr import image_kind

            image_kind(qr_out)  # a bad extension is refused before anything is printed
        if (qr or qr_invert) and as_json:
            raise UsageError("--qr draws on the terminal; it does not go with --json")
        answer = answers.dial(_searcher(), _query(query), instant, _calendar(holidays))
        dialled = [d for a in answer for d in a.lines]
        if qr_out is not None and len(dialled) != 1:
            raise UsageError(
                f"--qr-out writes one line and {len(dialled)} match: "
                + ", ".join(d.sequence for d in dialled)
                + "; name one, e.g. dial 上证行情云"
            )
        if as_json:
            _out(to_json(export.dial_dicts(answer)))
        else:
            for n, a in enumerate(x for x in answer if x.lines):
                if n:
                    _out("")
                labelled = len(a.lines) > 1
                for d in a.lines:
                    label = f"  {clean(d.label_zh)}" if labelled and d.label_zh else ""
                    _out(_link(d.sequence, d.tel_uri) + label)
                ch = a.channel
                _out(f"  {clean(ch.name_zh)} · {clean(ch.name_en)}")
                _out(f"  for: {clean(ch.summary_zh)}")
                for note in ch.notes_zh:
                    _out(f"  note: {clean(note)}")
                if a.status is not None:
                    _out(f"  hours: {hours_text(ch)} · {clean(status_text(a.status))}")
                else:
                    _out("  hours: not published")
                for d in a.lines:
                    _out("  " + _link(d.tel_uri, d.tel_uri))
        if qr or qr_invert:
            from .qr import terminal

            for d in dialled:
                _out("")
                _out(f"{d.tel_uri}  {d.sequence}")
                _out(terminal(d.tel_uri, invert=qr_invert))
        if copy and dialled:
            from .clipboard import copy as to_clipboard

            number = dialled[0].tel_uri.removeprefix("tel:")
            done = to_clipboard(number, tty=sys.stderr)
            _err(f"copied {number} ({done.via})" if done.ok else f"not copied: {done.why_not}")
        if qr_out is not None:
            from .qr import write_image

            kind = write_image(dialled[0].tel_uri, qr_out, force=force)
            _err(f"wrote {qr_out} ({kind}, {dialled[0].tel_uri})")
        no_phone = next((a.channel for a in answer if not a.lines), None)
        if no_phone is not None:
            if not as_json:
                for line in reach_lines(no_phone):
                    _out(clean(line))
            _err(f"{no_phone.name_zh} ({no_phone.id}) has no phone line; reach it as shown above.")
            raise typer.Exit(1)


@app.command()
def hours(
    query: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Argument(
            help="Only lines matching this.",
            metavar="QUERY",
            autocompletion=_complete,
            show_default=False,
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
    from .schedule import now_beijing

    with _guard():
        if now and at is not None:
            raise UsageError("give --now or --at, not both")
        instant = _instant(at) if at is not None else now_beijing()
        cal = _calendar(holidays)
        report = answers.hours(_searcher(), _query(query) if query else None, instant, cal)
        head = hours_head(report)

        def state(c: m.Channel, st: Status) -> str:
            return status_text(st, on_air(c))

        def lines() -> list[str]:
            out = [clean(head)]
            for c, st in report.rows:
                if st is None:
                    out.append(plain_line(c.id, c.name_zh, "hours not published"))
                else:
                    today = ", ".join(str(w) for w in st.today) or "closed today"
                    out.append(plain_line(c.id, c.name_zh, state(c, st), today))
            return out

        def rich() -> RenderableType:
            from .render import hours_table

            rows = [(c, st, state(c, st) if st else "") for c, st in report.rows]
            return hours_table(head, rows)

        _emit(as_json=as_json, json_value=lambda: export.hours_dict(report), lines=lines, rich=rich)


def _parse_date(text: str) -> dt.date:
    """ISO 8601 or a date as people type it (2026/12/01, 2026年12月1日, 明天, 下周一)."""
    from .schedule import now_beijing
    from .when import parse_date

    return parse_date(clean(text), today=now_beijing().date())


def _instant(text: str) -> dt.datetime:
    """ISO 8601 or a time as people type it (10:00, 下午3点, 明天 10:00), Beijing time."""
    from .schedule import now_beijing
    from .when import parse_instant

    return parse_instant(clean(text), now=now_beijing())


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
    ics: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--ics", metavar="FILE", help="Write an iCalendar event to FILE (- stdout)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the --ics FILE.")] = False,
) -> None:
    """答复期限：按工作日计算交易所应答复的日期。

    When the exchange should answer, counted in working days.

    Example: sse-channels due 申报前
    """
    from .schedule import now_beijing

    with _guard():
        day0 = _parse_date(start) if start is not None else now_beijing().date()
        if ics == "-" and as_json:
            raise UsageError("--ics - and --json both write to stdout; give --ics a FILE")
        answer = answers.due(_searcher(), _query(query), day0, _calendar(holidays))
        if ics is not None:
            from .ics import to_ics

            payload = to_ics(answer, _calendar(holidays))
            if ics == "-":
                _write_bytes(payload, "utf-8")
                return
            from .files import write_atomic

            write_atomic(ics, payload, force=force)
            _err(f"wrote {ics} (iCalendar, {len(answer)} event{'s' if len(answer) > 1 else ''})")
        if as_json:
            _out(to_json(export.due_dicts(answer)))
            return
        for n, a in enumerate(answer):
            if n:
                _out("")
            for line in due_lines(a):
                _out(clean(line))
            from .when import makeup_label

            if label := makeup_label(_calendar(holidays), a.deadline.due):
                _out(f"  due on a {label}")


# --------------------------------------------------------------------------- open, export, validate


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
        url = answers.best_link(_searcher(), _query(query))
        _out(clean(url))
        if not print_only:
            import webbrowser

            if not webbrowser.open(url):
                _err("could not start a browser; the link is printed above")
                raise typer.Exit(1)


@app.command("export")
def export_(
    fmt: Annotated[Format, typer.Option("--format", "-f", help="json, csv, vcard or markdown.")],
    query: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Argument(help="Only this area or these channels (vcard).", metavar="QUERY"),
    ] = None,
    output: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--output", "-o", metavar="FILE", help="Write here instead of stdout."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    encoding: Annotated[
        str,
        typer.Option(
            "--encoding",
            metavar="NAME",
            help="Text encoding of the file. CSV defaults to utf-8-sig (with BOM, so spreadsheet "
            "programs read Chinese right); the rest to utf-8. gb18030 is also accepted.",
        ),
    ] = "",
) -> None:
    """导出全部渠道：JSON、CSV、vCard 或 Markdown。

    Export the whole directory as JSON, CSV, vCard or Markdown.

    Example: sse-channels export -f vcard -o sse.vcf
    """
    with _guard():
        enc = (encoding or ("utf-8-sig" if fmt is Format.csv else "utf-8")).lower()
        enc = "utf-8" if enc == "utf8" else enc
        allowed = ("utf-8", "utf-8-sig", "gb18030") if fmt in _TEXT_FORMATS else ("utf-8",)
        if enc not in allowed:
            raise UsageError(
                f"{fmt.value} is written in {' or '.join(allowed)}, not {clean(enc)!r}"
            )
        d = _directory()
        subset = None
        if query:
            if fmt is not Format.vcard:
                raise UsageError("export QUERY selects cards for -f vcard; other formats: all")
            subset = answers.resolve(_searcher(), _query(query))[1]
        text = {
            Format.json: lambda: export.to_json(export.directory_dict(d)) + "\n",
            Format.csv: lambda: export.to_csv(d),
            Format.vcard: lambda: _vcard(d, subset),
            Format.markdown: lambda: export.to_markdown(d) + "\n",
        }[fmt]()
        if output is None:
            _write_bytes(text.encode(enc), enc)  # the same bytes as -o FILE (a BOM for csv)
            return
        from .files import write_atomic

        write_atomic(output, text.encode(enc), force=force)
        _err(f"wrote {output} ({fmt.value}, {enc})")


def _vcard(d: m.Directory, subset: list[m.Channel] | None) -> str:
    from .vcard import to_vcard

    return to_vcard(d.channels if subset is None else subset, d)


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
        sys.stdout = _ClosedStdout()
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
        if code == 130:  # Typer's answer to Ctrl-C; exit codes stay 0, 1 and 2
            _interrupted()
            code = 1
    except BrokenPipeError:
        _silence_stdout()
    except KeyboardInterrupt:
        _interrupted()
        code = 1
    except OSError as exc:  # e.g. help text written to a full disk or a closed stdout
        _write_failed(exc)
        code = 1
    try:
        sys.stdout.flush()  # output still buffered when the reader has gone
    except BrokenPipeError:
        _silence_stdout()
    except OSError as exc:
        _write_failed(exc)
        code = 1
    sys.exit(code)


class _ClosedStdout(io.TextIOBase):
    """Stands for a stdout the program was started without: any write is an error to report."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "stdout is closed")

    def isatty(self) -> bool:
        return False


def _interrupted() -> None:
    _silence_stdout()
    sys.stderr.write("interrupted\n")


def _silence_stdout() -> None:
    # Python flushes stdout at exit; pointing it at devnull stops a second BrokenPipeError.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
