"""Where the directory comes from: the packaged file or a user's file, through the cache."""

from __future__ import annotations

import functools
import os
from typing import TYPE_CHECKING

from . import cache
from . import model as m
from .files import decode, read_bytes
from .search import Index, Searcher

if TYPE_CHECKING:
    from .calendar import Calendar, CalendarTable

ENV_DATA = "SSE_CHANNELS_DATA"


def _packaged_bytes() -> bytes:
    from importlib import resources

    return resources.files("sse_channels").joinpath("data").joinpath("channels.yaml").read_bytes()


def _valid(value: object) -> bool:
    return (
        isinstance(value, tuple)
        and len(value) == 2
        and isinstance(value[0], m.Directory)
        and isinstance(value[1], Index)
    )


@functools.cache
def load(path: str | None = None) -> tuple[m.Directory, Index]:
    """The validated directory and its search index, from the cache when it is current."""
    if path is None:
        raw, name, slot = _packaged_bytes(), "channels.yaml", "packaged"
    else:
        raw, name = read_bytes(path), path
        slot = "user-" + cache.key_for(os.path.abspath(path))[:8]

    def build() -> tuple[m.Directory, Index]:
        from . import data, readings
        from .search import build_index

        directory = data.parse(decode(raw, name), name)
        return directory, build_index(directory, readings.pinyin_function(readings.load()))

    key = cache.key_for(raw, str(len(raw)), _code_stamp())
    return cache.cached(slot, key, build, _valid)


def _code_stamp() -> str:
    """Size and mtime of the modules that shape a cache entry: editing them rebuilds it."""
    here = os.path.dirname(os.path.abspath(__file__))
    parts = []
    for name in ("data.py", "model.py", "search.py", "textnorm.py", "data/readings.json"):
        try:
            st = os.stat(os.path.join(here, name))
        except OSError:
            continue
        parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
    return ";".join(parts)


def data_path(option: str | None) -> str | None:
    """The user's directory file: the --data option, else $SSE_CHANNELS_DATA, else packaged."""
    return option or os.environ.get(ENV_DATA) or None


def _installed(package: str) -> str:
    """A stamp of an installed package that changes when it is upgraded, found without
    importing it (importlib.metadata alone costs ~14 ms at startup)."""
    from importlib.util import find_spec

    try:
        spec = find_spec(package)
        origin = spec.origin if spec is not None else None
        st = os.stat(origin) if origin else None
    except (ImportError, OSError, ValueError):
        return f"{package}:missing"
    return f"{package}:{origin}:{st.st_size}:{st.st_mtime_ns}" if st else f"{package}:?"


def _char_pinyin() -> dict[str, tuple[str, ...]]:
    from .search import char_pinyin_table

    key = cache.key_for(_installed("pypinyin"))
    return cache.cached("pinyin-chars", key, char_pinyin_table, lambda v: isinstance(v, dict))


@functools.cache
def searcher(path: str | None = None) -> Searcher:
    directory, index = load(path)
    return Searcher(directory, index, _char_pinyin)


ENV_HOLIDAYS = "SSE_CHANNELS_HOLIDAYS"
FIRST_YEAR = 2020  # the calendar table covers FIRST_YEAR .. the libraries' last year + 2


def _calendar_table() -> CalendarTable:
    from .calendar import CalendarTable, build_table

    def build() -> CalendarTable:
        import chinese_calendar  # type: ignore[import-untyped]  # ships no type hints

        last = max(chinese_calendar.holidays).year
        return build_table(FIRST_YEAR, last + 2)

    key = cache.key_for(
        "calendar", str(FIRST_YEAR), _installed("chinese_calendar"), _installed("holidays")
    )
    return cache.cached("calendar", key, build, lambda v: isinstance(v, CalendarTable))


def calendar(notice_path: str | None = None) -> Calendar:
    """The trading calendar from the libraries (cached), overridden by a closure notice file.

    It also becomes the default of the module-level functions of `sse_channels.calendar`.
    """
    from .calendar import set_default_calendar

    cal = _calendar(notice_path)
    set_default_calendar(cal)
    return cal


@functools.cache
def _calendar(notice_path: str | None) -> Calendar:
    from .calendar import Calendar, load_closure_notice

    notice = load_closure_notice(notice_path) if notice_path else None
    return Calendar(_calendar_table(), notice)
