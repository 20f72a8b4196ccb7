"""The cache keeps a bounded number of entries for users' own files, the most recently used."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from sse_channels import store
from sse_channels.store import cache

from .conftest import DATA

KEEP = 8  # cache.KEEP_USER_FILES, as the README promises it


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv("SSE_CHANNELS_CACHE_DIR", str(where))
    return where


def _use(run, path: Path) -> None:
    store.load.cache_clear()
    store.searcher.cache_clear()
    code, _, err = run("--data", str(path), "search", "债券")
    assert (code, err) == (0, "")


def _files(tmp_path: Path, n: int) -> list[Path]:
    out = []
    for i in range(n):
        d = tmp_path / f"d{i}"
        d.mkdir()
        (d / "channels.yaml").write_bytes(DATA.read_bytes())
        out.append(d / "channels.yaml")
    return out


def _entries(folder: Path, prefix: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(prefix))


def test_twelve_data_files_leave_eight_entries(run, tmp_path, folder):
    files = _files(tmp_path, 12)
    for i, f in enumerate(files):
        _use(run, f)
        past = time.time() - 1000 + i  # each use a moment after the one before
        slot = "user-" + cache.key_for(os.path.abspath(f))[:8] + ".bin"
        os.utime(folder / slot, (past, past))
    kept = _entries(folder, "user-")
    assert len(kept) == KEEP
    expected = sorted("user-" + cache.key_for(os.path.abspath(f))[:8] + ".bin" for f in files[4:])
    assert kept == expected


def test_an_entry_read_again_is_kept_over_newer_ones(run, tmp_path, folder):
    files = _files(tmp_path, KEEP + 1)
    slots = ["user-" + cache.key_for(os.path.abspath(f))[:8] + ".bin" for f in files]
    for i, f in enumerate(files[:KEEP]):
        _use(run, f)
        past = time.time() - 1000 + i
        os.utime(folder / slots[i], (past, past))
    _use(run, files[0])  # the oldest, used again: now the most recent
    _use(run, files[KEEP])  # one more file: the least recently used goes, not files[0]
    kept = _entries(folder, "user-")
    assert len(kept) == KEEP
    assert slots[0] in kept
    assert slots[1] not in kept
