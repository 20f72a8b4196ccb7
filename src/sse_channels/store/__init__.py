"""Where the directory comes from: the packaged file or a user's file, through the cache."""

from __future__ import annotations

import functools
import os
from typing import TYPE_CHECKING

from sse_channels import model as m
from sse_channels.search import Index, Searcher, TopicKeys, topic_keys

from . import cache

if TYPE_CHECKING:
    from sse_channels.days.trading import Calendar, CalendarTable
    from sse_channels.directory.topics import Topics
    from sse_channels.search.reader import Reader

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the package's folder
# The files whose content shapes each cache entry (paths in the package; a test checks they
# exist): editing one rebuilds the entries made with it.
SHAPES_DIRECTORY = (
    "directory/parse.py",
    "directory/checker.py",
    "directory/rules.py",
    "model.py",
    "textnorm.py",
    "dial.py",
    "store/readings.py",
    "data/readings.json",
    "search/index.py",
    "search/vocabulary.py",
    "search/weights.py",
)
SHAPES_TOPICS = (
    "directory/topics.py",
    "directory/topics_file.py",
    "search/topic_tables.py",
    "directory/parse.py",
    "directory/checker.py",
    "model.py",
    "textnorm.py",
    "store/readings.py",
    "data/readings.json",
)
SHAPES_CALENDAR = ("days/trading.py",)


def _shaped(value: object) -> bool:
    """A (Directory, Index) pair."""
    return (
        isinstance(value, tuple)
        and len(value) == 2
        and isinstance(value[0], m.Directory)
        and isinstance(value[1], Index)
    )


def _valid(value: object) -> bool:
    """A (Directory, Index) whose browser-, terminal- and export-bound values pass the rules:
    what a cache file, which another process could have written, must be."""
    from sse_channels.directory.rules import recheck

    return _shaped(value) and recheck(value[0])  # type: ignore[index]  # _shaped: a pair


@functools.cache
def _packaged() -> tuple[m.Directory, Index, Topics | None, TopicKeys]:
    """The packaged directory, index and topic layer, compiled ahead (`prebuilt.py`); built
    from the YAML files when the compiled file is missing or not what it should be.

    The compiled file is part of the package like its code, built from the validated YAML
    (and tests/test_prebuilt.py fails when it is not what the YAML builds today), so only its
    shape is checked: the rules are not run again on every start."""
    from sse_channels.directory import topics

    from . import prebuilt

    compiled = prebuilt.load()
    if (
        isinstance(compiled, tuple)
        and len(compiled) == 4
        and _shaped(compiled[:2])
        and isinstance(compiled[2], topics.Topics | None)
        and isinstance(compiled[3], TopicKeys)
    ):
        return compiled
    from sse_channels.files import packaged_bytes

    directory, index = _build(packaged_bytes(), "channels.yaml")
    layer, keys = _topics(None, directory) or (None, topic_keys(None))
    return directory, index, layer, keys


@functools.cache
def load(path: str | None = None) -> tuple[m.Directory, Index]:
    """The validated directory and its search index: the packaged one compiled ahead
    (`prebuilt.py`), a user's file from the cache when it is current."""
    if path is None:
        directory, index, _, _ = _packaged()
        return directory, index
    from sse_channels.files import read_bytes  # the safe reader: only a user's own file needs it

    raw, name = read_bytes(path), path
    slot = "user-" + cache.key_for(os.path.abspath(path))[:8]

    key = cache.key_for(
        raw,
        str(len(raw)),
        _code(*SHAPES_DIRECTORY),
        _installed("pypinyin"),  # the readings of a user's texts that readings.json lacks
    )
    return cache.cached(slot, key, lambda: _build(raw, name), _valid)


def _build(raw: bytes, name: str) -> tuple[m.Directory, Index]:
    from sse_channels.directory import parse
    from sse_channels.files import decode
    from sse_channels.search import build_index

    from . import readings

    directory = parse.parse(decode(raw, name), name)
    return directory, build_index(directory, readings.pinyin_function(readings.load()))


def _code(*names: str, here: str = HERE) -> bytes:
    """The source of the modules that shape a cache entry, for its key: editing one rebuilds
    the entry (their contents are hashed, not their times)."""
    parts = []
    for name in names:
        try:
            with open(os.path.join(here, name), "rb") as f:
                raw = f.read()
        except OSError:
            raw = b""
        parts.append(name.encode() + b"\0" + len(raw).to_bytes(8, "big") + raw)
    return b"".join(parts)


def _installed(package: str) -> str:
    """Which release of an installed package this is, found without importing it: the name
    of its `.dist-info` folder beside it (holidays-0.109.dist-info); where there is none (an
    .egg-info or editable install), the version importlib.metadata finds, which is slow to
    import and so comes second; with no metadata at all, the SHA-256 of its module."""
    from importlib.util import find_spec

    try:
        spec = find_spec(package)
    except (ImportError, ValueError):
        spec = None
    origin = spec.origin if spec is not None else None
    if spec is None or not origin:
        return f"{package}:missing"
    # A package's origin is its folder's __init__.py; a single-module one's, the module itself.
    site = os.path.dirname(origin)
    if spec.submodule_search_locations is not None:
        site = os.path.dirname(site)
    prefix = package.lower() + "-"
    try:
        found = sorted(
            e.name
            for e in os.scandir(site)
            if e.name.lower().startswith(prefix) and e.name.endswith(".dist-info")
        )
        if found:
            return ";".join(found)
    except OSError:
        pass
    from importlib import metadata

    try:
        return f"{package}=={metadata.version(package)}"
    except (metadata.PackageNotFoundError, ValueError):
        pass
    try:
        with open(origin, "rb") as f:
            return f"{package}:{cache.key_for(f.read())}"
    except OSError:
        return f"{package}:?"


def _char_pinyin() -> dict[str, tuple[str, ...]]:
    from . import readings

    return readings.char_table()


def _reader() -> Reader | None:
    from . import learned

    return learned.load()


@functools.cache
def searcher(path: str | None = None) -> Searcher:
    directory, index = load(path)
    if path is None:
        layer, keys = _packaged()[2:]
    else:
        layer, keys = _topics(path, directory) or (None, topic_keys(None))
    # The second reader's counts are the packaged directory's: a user's file has other desks.
    return Searcher(directory, index, _char_pinyin, layer, keys, _reader if path is None else None)


def load_topics(path: str | None = None) -> Topics | None:
    """The validated topic layer of a directory file: the packaged one compiled ahead, a
    user's from the cache when it is current (None: a user's directory with no topics.yaml
    next to it)."""
    if path is None:
        return _packaged()[2]
    found = _topics(path, load(path)[0])
    return found[0] if found else None


def _topics(path: str | None, directory: m.Directory) -> tuple[Topics, TopicKeys] | None:
    """A directory file's topic layer and its lookup tables (None: it has no topics.yaml)."""
    from sse_channels.directory import topics

    found = topics.source_of(path)
    if found is None:
        return None
    raw, name = found

    def build() -> tuple[Topics, TopicKeys]:
        from sse_channels.directory.topics_file import parse
        from sse_channels.files import decode

        from . import readings

        layer = parse(decode(raw, name), name, directory)
        return layer, topic_keys(layer, readings.pinyin_function(readings.load()))

    if path is None:  # the packaged files in a source tree without the compiled file
        return build()
    from sse_channels.files import read_bytes

    dir_raw = read_bytes(path)
    slot = "topics-" + cache.key_for(os.path.abspath(name))[:8]

    key = cache.key_for(
        raw,
        dir_raw,
        _code(*SHAPES_TOPICS),
        _installed("pypinyin"),
    )
    return cache.cached(
        slot,
        key,
        build,
        lambda v: (
            isinstance(v, tuple)
            and len(v) == 2
            and isinstance(v[0], topics.Topics)
            and isinstance(v[1], TopicKeys)
        ),
    )


def _calendar_table() -> CalendarTable:
    from sse_channels.days.trading import CalendarTable, build_standard_table

    key = cache.key_for(
        "calendar",
        _code(*SHAPES_CALENDAR),
        _installed("chinese_calendar"),
        _installed("holidays"),
    )
    return cache.cached(
        "calendar", key, build_standard_table, lambda v: isinstance(v, CalendarTable)
    )


@functools.cache
def calendar(notice_path: str | None = None) -> Calendar:
    """The standard trading calendar (cached on disk), overridden by a closure notice file."""
    from sse_channels.days.trading import Calendar, load_closure_notice

    notice = load_closure_notice(notice_path) if notice_path else None
    return Calendar(_calendar_table(), notice)
