"""The packaged directory ships compiled (src/sse_channels/data/packaged.pickle): the file must
be what the data and the code build today, and the tool must be right without it too."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sse_channels import search, store
from sse_channels.store import prebuilt, readings


def test_the_compiled_directory_is_current() -> None:
    """Fails after an edit of channels.yaml or of the code that shapes the records or the index:
    run `python -m sse_channels.store.prebuilt` and commit the file."""
    assert Path(prebuilt.PATH).read_bytes() == prebuilt.build(), (
        "data/packaged.pickle is stale: run python -m sse_channels.store.prebuilt"
    )


def test_the_packaged_directory_loads_from_the_compiled_file() -> None:
    value = prebuilt.load()
    assert isinstance(value, tuple) and len(value) == 4
    assert store._valid(value[:2])
    directory, _, layer, keys = value
    assert keys == search.topic_keys(layer, readings.pinyin_function(readings.load()))
    assert keys.pinyin["laoshucang"][1].id == "non-public-info"
    assert directory.channel("tech.hotline").name_zh == "技术服务热线"
    assert layer is not None and layer.topics[0].id == "insider-trading"


def test_without_the_compiled_file_the_yaml_is_read(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(prebuilt, "PATH", str(tmp_path / "missing.pickle"))
    store.load.cache_clear()
    store._packaged.cache_clear()
    try:
        directory, _ = store.load(None)
        assert directory.channel("tech.hotline").name_zh == "技术服务热线"
        layer = store.load_topics(None)
        assert layer is not None and any(t.id == "insider-trading" for t in layer.topics)
    finally:
        store.load.cache_clear()
        store._packaged.cache_clear()


def test_the_packaged_topics_come_compiled_not_from_topics_yaml(monkeypatch) -> None:
    from sse_channels.directory import topics

    def no_file(path):
        raise AssertionError(f"topics.yaml read for {path!r}")

    monkeypatch.setattr(topics, "source_of", no_file)
    store._packaged.cache_clear()
    try:
        layer = store.load_topics(None)
        assert layer is not None and any(t.id == "insider-trading" for t in layer.topics)
    finally:
        store._packaged.cache_clear()


def test_a_foreign_compiled_file_is_not_unpickled(monkeypatch, tmp_path) -> None:
    evil = tmp_path / "evil.pickle"
    evil.write_bytes(b"cos\nsystem\n(S'touch " + str(tmp_path / "pwned").encode() + b"'\ntR.")
    monkeypatch.setattr(prebuilt, "PATH", str(evil))
    assert prebuilt.load() is None
    assert not (tmp_path / "pwned").exists()


def test_the_packaged_path_writes_no_cache(tmp_path) -> None:
    env = {"SSE_CHANNELS_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "sse_channels", "search", "债券", "--json"],
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("packaged")) == []
