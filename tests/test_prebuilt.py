"""The packaged directory ships compiled (src/sse_channels/data/packaged.pickle): the file must
be what the data and the code build today, and the tool must be right without it too."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sse_channels import prebuilt, store


def test_the_compiled_directory_is_current() -> None:
    """Fails after an edit of channels.yaml or of the code that shapes the records or the index:
    run `python -m sse_channels.prebuilt` and commit the file."""
    assert Path(prebuilt.PATH).read_bytes() == prebuilt.build(), (
        "data/packaged.pickle is stale: run python -m sse_channels.prebuilt"
    )


def test_the_packaged_directory_loads_from_the_compiled_file() -> None:
    value = prebuilt.load()
    assert store._valid(value)
    directory, _ = value  # type: ignore[misc]
    assert directory.channel("tech.hotline").name_zh == "技术服务热线"


def test_without_the_compiled_file_the_yaml_is_read(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(prebuilt, "PATH", str(tmp_path / "missing.pickle"))
    store.load.cache_clear()
    try:
        directory, _ = store.load(None)
        assert directory.channel("tech.hotline").name_zh == "技术服务热线"
    finally:
        store.load.cache_clear()


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
