"""The cache never unpickles anything but this package's own record classes."""

from __future__ import annotations

import io
import os
import pickle

import pytest

from sse_channels import cache, store


def forged(module: str, name: str) -> bytes:
    """A protocol-2 pickle that looks up module.name and calls it with no arguments."""
    return b"\x80\x02c" + f"{module}\n{name}\n".encode() + b")R."


@pytest.mark.parametrize(
    ("module", "name"),
    [
        ("sse_channels.calendar", "Path"),  # imported there, defined elsewhere
        ("sse_channels.calendar", "Path.cwd"),  # a dotted name reaches into it
        ("sse_channels.model", "dataclass"),
        ("sse_channels.search", "re.compile"),
        ("os", "system"),
        ("builtins", "eval"),
    ],
)
def test_foreign_globals_are_refused(module, name):
    with pytest.raises(pickle.UnpicklingError):
        cache._Unpickler(io.BytesIO(forged(module, name))).load()


def test_the_real_records_round_trip():
    directory, index = store.load()
    payload = pickle.dumps((directory, index), protocol=pickle.HIGHEST_PROTOCOL)
    assert cache._Unpickler(io.BytesIO(payload)).load() == (directory, index)
    table = store._calendar_table()
    payload = pickle.dumps(table, protocol=pickle.HIGHEST_PROTOCOL)
    assert cache._Unpickler(io.BytesIO(payload)).load() == table


def test_a_valid_file_with_the_right_key_is_read_and_a_forged_one_is_not(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV_CACHE, str(tmp_path))
    cache.write("probe", "k1", ("x", 1))
    assert cache.read("probe", "k1") == ("x", 1)
    assert cache.read("probe", "k2") is None  # another key: stale
    payload = forged("os", "getcwd")
    blob = cache.MAGIC + b"k1\n" + cache._checksum(payload) + payload
    (tmp_path / "probe.bin").write_bytes(blob)  # right key, right checksum, foreign global
    assert cache.read("probe", "k1") is None


def test_cache_folder_is_private(tmp_path, monkeypatch):
    folder = tmp_path / "new"
    monkeypatch.setenv(cache.ENV_CACHE, str(folder))
    cache.write("probe", "k", 1)
    assert oct(folder.stat().st_mode & 0o777) == oct(0o700 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.mark.skipif(os.name != "posix", reason="XDG and HOME are POSIX conventions")
def test_a_missing_home_is_never_created(tmp_path, monkeypatch):
    home = tmp_path / "no-such-home"
    monkeypatch.delenv("SSE_CHANNELS_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(home))
    cache.write("probe", "k", (1, 2))
    assert not home.exists()
    assert cache.read("probe", "k") is None


@pytest.mark.skipif(os.name != "posix", reason="XDG and HOME are POSIX conventions")
def test_a_relative_xdg_cache_home_is_ignored(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.delenv("SSE_CHANNELS_CACHE_DIR")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")
    monkeypatch.chdir(tmp_path)
    assert cache.cache_dir() == home / ".cache" / "sse-channels"
    cache.write("probe", "k", (1, 2))
    assert not (tmp_path / "relative").exists()
    assert cache.read("probe", "k") == (1, 2)  # ~/.cache was made, inside an existing HOME
