"""The command line: parses arguments, calls the core, chooses the output, maps errors to exits.

Only this module imports Typer. Rich is imported only by `render.py`, and only when something is
drawn on a terminal: JSON, piped output and `dial` never pay for it.
"""

from __future__ import annotations

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
from .describe import hours_text, reach_lines
from .errors import DataError, NotFoundError, SseChannelsError, UsageError
from .export import channel_dict, channel_line, plain_line, to_json
from .textnorm import clean, norm

if TYPE_CHECKING:
    from rich.console import RenderableType

    from .calendar import Calendar
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


@dataclass
class Settings:
    data: str | None = None
    color: Color = Color.auto


app = typer.Typer(
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
    sys.stdout.write(text + "\n")


def _err(text: str) -> None:
    sys.stderr.write(clean(text) + "\n")


def _draw(renderable: RenderableType) -> None:
    from .render import console

    console(color=SETTINGS.color.value).print(renderable)


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


@dataclass
class _Guard:
    """`with _guard():` turns domain errors into messages and exit codes."""

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: Any
    ) -> bool:
        if isinstance(exc, SseChannelsError):
            _fail(exc)
        return False


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
                    chans = directory.in_area(area.id)
                    first = next((x for c in chans for x in reach_lines(c)[:1]), "")
                    out.append(plain_line(area.id, area.name_zh, first))
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
    """查找渠道 · Find channels. Example: sse-channels search 债券 REITs"""
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
    """显示整个业务领域或单个渠道 · Show a whole area or one channel. Example: sse-channels show 廉政监督"""
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
    """列出全部渠道 · One channel per line (id, area, name), fit for pipes. Example: sse-channels list"""
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


def main() -> None:
    """Entry point: run the app; a closed pipe or Ctrl-C ends quietly, never with a traceback."""
    try:
        app(prog_name="sse-channels")
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(0)
    except KeyboardInterrupt:
        _silence_stdout()
        sys.stderr.write("interrupted\n")
        sys.exit(1)


def _silence_stdout() -> None:
    # Python flushes stdout at exit; pointing it at devnull stops a second BrokenPipeError.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
