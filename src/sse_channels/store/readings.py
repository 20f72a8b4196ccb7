"""Pinyin readings computed ahead, so that no search needs pypinyin (importing it costs more
than everything else a first run does).

`readings.json` maps each Chinese text the index asks about to its syllables, as
`pypinyin.lazy_pinyin` gives them (phrase-aware: 银行 yin hang, 行情 hang qing). Texts it does not
hold — a user's own `--data` file — fall back to pypinyin. `char_readings.json` holds every
reading of each of the 6,763 GB2312 characters, which a query's near spellings are tried with
(`search.char_pinyin_table`). Regenerate both after editing the data or upgrading pypinyin:

    python -m sse_channels.store.readings
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sse_channels.model import Directory

FILE = Path(__file__).parent.parent / "data" / "readings.json"
CHAR_FILE = Path(__file__).parent.parent / "data" / "char_readings.json"


def load() -> dict[str, list[str]]:
    """The shipped readings; empty if the file is missing or unreadable."""
    import json  # the texts' readings are read only to build an index, not to search

    try:
        table = json.loads(FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return table if isinstance(table, dict) else {}


def char_table() -> dict[str, tuple[str, ...]]:
    """The shipped readings of every GB2312 character; computed with pypinyin if the file is
    missing or damaged."""
    import msgspec

    try:
        return msgspec.json.decode(CHAR_FILE.read_bytes(), type=dict[str, tuple[str, ...]])
    except (OSError, msgspec.DecodeError):
        from sse_channels.search import char_pinyin_table

        return char_pinyin_table()


def pinyin_function(table: dict[str, list[str]]) -> Callable[[str], list[str]]:
    """lazy_pinyin, answered from the table where it can be, from pypinyin elsewhere."""

    def reading(text: str) -> list[str]:
        found = table.get(text)
        if isinstance(found, list):
            return found
        from pypinyin import lazy_pinyin

        return lazy_pinyin(text)

    return reading


def compute(directory: Directory) -> dict[str, list[str]]:
    """Every text indexing `directory` asks pypinyin about, with its reading."""
    from pypinyin import lazy_pinyin

    from sse_channels.search import build_index

    asked: dict[str, list[str]] = {}

    def record(text: str) -> list[str]:
        asked[text] = lazy_pinyin(text)
        return asked[text]

    build_index(directory, pinyin=record)
    return dict(sorted(asked.items()))


def _dumps(table: object) -> str:
    import json

    return json.dumps(table, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def main() -> None:
    from sse_channels.directory import parse
    from sse_channels.search import char_pinyin_table

    table = compute(parse.load_packaged())
    FILE.write_text(_dumps(table), encoding="utf-8")
    print(f"wrote {FILE} ({len(table)} texts)")
    chars = char_pinyin_table()
    CHAR_FILE.write_text(_dumps(chars), encoding="utf-8")
    print(f"wrote {CHAR_FILE} ({len(chars)} characters)")


if __name__ == "__main__":
    main()
