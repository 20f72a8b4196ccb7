"""The packaged directory, its search index and its topic layer (with the topic layer's lookup
tables), compiled ahead: `data/packaged.pickle`.

The directory that ships with the package never changes after the build, so it is validated
and indexed once, here, not on a user's first run: loading it is one restricted unpickle. The
file is committed beside `channels.yaml` and `tests/test_prebuilt.py` fails when it is stale
(after an edit of the data or of the code that shapes the records or the index). Rebuild it:

    python -m sse_channels.store.prebuilt

The runtime cache (`cache.py`) is then only for a user's own `--data` files.
"""

from __future__ import annotations

import os

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PATH = os.path.join(HERE, "data", "packaged.pickle")
PROTOCOL = 5


def build() -> bytes:
    """Validate the packaged YAML files, build the index and the topic tables, and pickle the
    four (deterministically)."""
    import pickle

    from sse_channels.directory import parse, topics, topics_file
    from sse_channels.files import decode, packaged_bytes
    from sse_channels.search import build_index, topic_keys

    from . import readings

    directory = parse.parse(decode(packaged_bytes(), "channels.yaml"), "channels.yaml")
    index = build_index(directory, readings.pinyin_function(readings.load()))
    found = topics.source_of(None)
    layer = topics_file.parse(decode(found[0], found[1]), found[1], directory) if found else None
    keys = topic_keys(layer, readings.pinyin_function(readings.load()))
    return pickle.dumps((directory, index, layer, keys), protocol=PROTOCOL)


def load() -> object | None:
    """What the compiled file holds, unpickled with the cache's allow-list of record classes
    (the caller checks it is a directory, its index, its topics and their tables); None when
    it is missing or unreadable."""
    from .cache import UnpicklingError, unpickle_records

    try:
        with open(PATH, "rb") as f:
            value: object = unpickle_records(f.read())
            return value
    except (OSError, UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        return None


def main() -> None:
    blob = build()
    with open(PATH, "wb") as f:
        f.write(blob)
    print(f"wrote {os.path.relpath(PATH)} ({len(blob):,} bytes)")


if __name__ == "__main__":
    main()
