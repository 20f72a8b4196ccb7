"""What changed between two directory files, record by record and field by field.

Channels and areas are matched by id, so an edit shows where it was made: a changed extension
is `contacts[0].routes[1].steps[1]`, not a whole new channel. Lists of records (contacts, IVR
routes) are aligned like lines in diff(1); aliases, audiences and logins are sets, so an alias
that leaves one channel for another is one move. Changes come in annex order.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterator, Sequence
from enum import Enum
from typing import Any

from msgspec import Struct
from msgspec.structs import fields

from sse_channels import model as m
from sse_channels.errors import DataError, Problem


class Kind(Enum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    MOVED = "moved"  # an alias that left one channel (old) for another (new), or a record
    # that changed places among the others (old and new: its 1-based position in each file)


class Record(Enum):
    DIRECTORY = "directory"
    AREA = "area"
    CHANNEL = "channel"


class Change(Struct, frozen=True):
    """One difference. `path` is the field inside the record; "" is the record as a whole."""

    record: Record
    id: str  # the channel or area id; "" for the directory itself
    path: str
    old: str | None  # None: absent in the old file
    new: str | None  # None: absent in the new file
    kind: Kind


# Tuples whose order means nothing: compared as sets, one change per member.
_SETS = {"aliases", "audience", "login"}
# How a whole record reads when it is added or removed: the field that names it.
_MAIN: dict[type, str] = {
    m.Phone: "number",
    m.Fax: "number",
    m.Email: "address",
    m.Web: "url",
    m.System: "url",
    m.Address: "text_zh",
    m.Account: "name",
    m.Newspaper: "name_zh",
    m.Radio: "frequency",
    m.Via: "what_zh",
    m.Route: "steps",
    m.Area: "name_zh",
    m.Channel: "name_zh",
}


def compare(old: m.Directory, new: m.Directory) -> tuple[Change, ...]:
    """Every difference from `old` to `new`: directory fields, then areas, then channels."""
    out: list[Change] = []
    for name in _field_names(old, skip=("areas", "channels")):
        out += _diff(Record.DIRECTORY, "", name, getattr(old, name), getattr(new, name))
    out += _records(Record.AREA, old.areas, new.areas)
    out += _records(Record.CHANNEL, old.channels, new.channels)
    return tuple(_moves(out))


def _records(
    record: Record, old: Sequence[m.Area | m.Channel], new: Sequence[m.Area | m.Channel]
) -> Iterator[Change]:
    """Records matched by id, in the merged order of both files."""
    old_by, new_by = {r.id: r for r in old}, {r.id: r for r in new}
    moved = _reordered([r.id for r in old], [r.id for r in new])
    seen: set[str] = set()
    for rid in _merged([r.id for r in old], [r.id for r in new]):
        if rid in seen:
            continue
        seen.add(rid)
        a, b = old_by.get(rid), new_by.get(rid)
        if a is None and b is not None:
            yield Change(record, rid, "", None, _text(b), Kind.ADDED)
        elif b is None and a is not None:
            yield Change(record, rid, "", _text(a), None, Kind.REMOVED)
        elif a is not None and b is not None and a != b:
            for name in _field_names(a, skip=("id",)):
                yield from _diff(record, rid, name, getattr(a, name), getattr(b, name))
        if rid in moved:  # the order is the order of `list` and the overview
            yield Change(record, rid, "", *moved[rid], Kind.MOVED)


def _reordered(old: list[str], new: list[str]) -> dict[str, tuple[str, str]]:
    """The ids found in both lists whose place among the others changed, with their 1-based
    positions in each file: those outside the longest run that kept its order, as diff(1)
    would see it. Two swapped records are one move."""
    new_ids, old_ids = set(new), set(old)
    a = [rid for rid in old if rid in new_ids]
    b = [rid for rid in new if rid in old_ids]
    kept: set[str] = set()
    for block in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_matching_blocks():
        kept.update(a[block.a : block.a + block.size])
    where_old = {rid: i for i, rid in enumerate(old, 1)}
    where_new = {rid: i for i, rid in enumerate(new, 1)}
    return {rid: (str(where_old[rid]), str(where_new[rid])) for rid in b if rid not in kept}


def _merged(old: list[str], new: list[str]) -> Iterator[str]:
    """Both id lists in one order: the new file's, with removed ids where they stood."""
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for _tag, i1, i2, j1, j2 in matcher.get_opcodes():
        yield from old[i1:i2]
        yield from new[j1:j2]


def _diff(record: Record, rid: str, path: str, a: object, b: object) -> Iterator[Change]:
    if a == b:
        return
    if a is None or b is None:
        kind = Kind.ADDED if a is None else Kind.REMOVED
        yield Change(record, rid, path, _text(a), _text(b), kind)
    elif type(a) is type(b) and isinstance(a, Struct) and not isinstance(a, m.Window):
        for name in _field_names(a):
            yield from _diff(record, rid, f"{path}.{name}", getattr(a, name), getattr(b, name))
    elif isinstance(a, tuple) and isinstance(b, tuple):
        yield from _sequence(record, rid, path, a, b)
    else:
        yield Change(record, rid, path, _text(a), _text(b), Kind.CHANGED)


def _sequence(
    record: Record, rid: str, path: str, a: tuple[object, ...], b: tuple[object, ...]
) -> Iterator[Change]:
    name = path.rsplit(".", 1)[-1]
    if name in _SETS:
        for item in a:
            if item not in b:
                yield Change(record, rid, f"{path}[{_text(item)}]", _text(item), None, Kind.REMOVED)
        for item in b:
            if item not in a:
                yield Change(record, rid, f"{path}[{_text(item)}]", None, _text(item), Kind.ADDED)
        return
    if not any(isinstance(x, Struct) and not isinstance(x, m.Window) for x in (*a, *b)):
        pairs: Iterator[tuple[int | None, int | None]] = _positional(len(a), len(b))
    else:
        pairs = _aligned(a, b)
    for i, j in pairs:
        x = a[i] if i is not None else None
        y = b[j] if j is not None else None
        where = f"{path}[{j if j is not None else i}]"
        yield from _diff(record, rid, where, x, y)


def _positional(n: int, k: int) -> Iterator[tuple[int | None, int | None]]:
    for i in range(max(n, k)):
        yield (i if i < n else None), (i if i < k else None)


def _aligned(
    a: tuple[object, ...], b: tuple[object, ...]
) -> Iterator[tuple[int | None, int | None]]:
    """Index pairs as diff(1) would align them: equal runs, replaced runs paired in order."""
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        olds, news = range(i1, i2), range(j1, j2)
        for n in range(max(len(olds), len(news))):
            yield (olds[n] if n < len(olds) else None), (news[n] if n < len(news) else None)


def _moves(changes: list[Change]) -> Iterator[Change]:
    """An alias removed from one channel and added to another is one move, at its new place."""
    removed: dict[str, list[Change]] = {}
    added: dict[str, list[Change]] = {}
    for c in changes:
        if c.record is Record.CHANNEL and c.path.startswith("aliases["):
            if c.kind is Kind.REMOVED:
                removed.setdefault(c.path, []).append(c)
            elif c.kind is Kind.ADDED:
                added.setdefault(c.path, []).append(c)
    pairs = {
        path: (removed[path][0], added[path][0])
        for path in removed.keys() & added.keys()
        if len(removed[path]) == 1 and len(added[path]) == 1
    }
    dropped = {id(r) for r, _a in pairs.values()}
    for c in changes:
        if id(c) in dropped:
            continue
        if c.kind is Kind.ADDED and c.path in pairs and pairs[c.path][1] is c:
            source = pairs[c.path][0]
            yield Change(c.record, c.id, c.path, source.id, c.id, Kind.MOVED)
        else:
            yield c


def _field_names(value: Any, skip: tuple[str, ...] = ()) -> list[str]:
    """The public fields of a record (`Directory._by_id` is an index, not data)."""
    return [f.name for f in fields(value) if not f.name.startswith("_") and f.name not in skip]


def _text(value: object) -> str | None:
    """A value as one line of text: enums by their value, records by the field that names them."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return " ".join(_text(x) or "" for x in value)
    if isinstance(value, m.Hours):
        return f"{value.days.value} {value}"
    if isinstance(value, m.Response):
        return f"{value.amount} {value.unit.value}"
    if isinstance(value, m.Source):
        return f"{value.row} {value.item} p.{value.page}"
    main = _MAIN.get(type(value))
    if main is not None:
        text = _text(getattr(value, main)) or ""
        return (
            text
            if isinstance(value, (m.Area, m.Channel))
            else f"{type(value).__name__.lower()}: {text}"
        )
    return str(value)


# ----------------------------------------------------------------------------- files


def load_pair(
    old_path: str | os.PathLike[str], new_path: str | os.PathLike[str]
) -> tuple[m.Directory, m.Directory]:
    """Both files through the validator; one `DataError` with the problems of both."""
    from .parse import load_file

    problems: list[Problem] = []
    loaded: list[m.Directory] = []
    for path in (old_path, new_path):
        try:
            loaded.append(load_file(path))
        except DataError as exc:
            problems += exc.problems
    if problems:
        raise DataError(problems)
    return loaded[0], loaded[1]


def diff_files(
    old_path: str | os.PathLike[str], new_path: str | os.PathLike[str]
) -> tuple[Change, ...]:
    """What changed from the directory file `old_path` to `new_path`."""
    return compare(*load_pair(old_path, new_path))
